"""A record written back as YAML in the house style of ``data/2021/711001.yaml``."""

from __future__ import annotations

import json
import re
from decimal import Decimal

from ..model import DepartmentTable, GoalItem, Indicator, IndicatorGrid, Meta, Project, Record, schema_fields

_RESERVED = re.compile(r"^(true|false|yes|no|on|off|y|n|null|~|[-+]?(\.inf|\.nan))$", re.I)
_FLOW_UNSAFE = set(",[]{}")


def scalar(text: str, *, flow: bool = False) -> str:
    """A string as a YAML scalar: plain when that reads back as the same string, else double-quoted."""
    plain = (
        text != ""
        and text == text.strip()
        and "\n" not in text
        and "\t" not in text
        and text[0] not in "-?:,[]{}#&*!|>'\"%@`"
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and not _RESERVED.match(text)
        and not (text[0] in "0123456789+-." and text.isascii())
        and not (flow and _FLOW_UNSAFE & set(text))
        and not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 or c in "\ufeff\u2028\u2029" for c in text)
    )
    # JSON strings are valid YAML double-quoted scalars.
    return text if plain else json.dumps(text, ensure_ascii=False)


def amount_text(value: Decimal) -> str:
    return str(value)


def dump_record(record: Record, origin: str, sources: list[str] | None = None) -> str:
    """The record as YAML; ``sources`` are comment lines naming where the document was published."""
    kind = "部门预算绩效文本" if record.cover is not None else "项目支出绩效目标表"
    out = [
        f"# {record.department} {record.year} 年{kind}（{record.status}）",
        f"# 由 budgetsite import 从 {origin} 生成。字段说明见网站“数据格式说明”页面。金额按原文小数位填写。",
        *(f"# {line}" for line in sources or []),
        f"year: {record.year}",
        f"status: {record.status}",
        f"department: {scalar(record.department)}",
        "unit:",
        f"  code: {json.dumps(record.unit.code)}",
        f"  name: {scalar(record.unit.name)}",
        f"money_unit: {scalar(record.money_unit)}",
        "",
    ]
    if record.meta is not None:
        out += ["meta:  # 公开信息", *(f"  {f.name}: {scalar(getattr(record.meta, f.name))}"
                                    for f in schema_fields(Meta) if getattr(record.meta, f.name)), ""]
    if record.cover is not None:
        out += [
            "cover:",
            f"  name_line: {scalar(record.cover.name_line)}",
            f"  title: {scalar(record.cover.title)}",
            f"  prepared_by: {scalar(record.cover.prepared_by)}",
            f"  reviewed_by: {scalar(record.cover.reviewed_by)}",
            *([f"  status_line: {scalar(record.cover.status_line)}"] if record.cover.status_line else []),
            "",
            "# 第一部分 部门整体绩效目标",
            *_goal_items("overall_goals", "一、总体绩效目标", record.overall_goals),
            "",
            *_goal_items("sub_goals", "二、分项绩效目标", record.sub_goals),
            "",
            *_strings("safeguards", record.safeguards, comment="三、工作保障措施"),
            "",
            "# 第二部分 预算项目绩效目标",
        ]
    if record.department_tables:
        out.append("department_tables:  # 部门整体支出绩效目标表")
        for table in record.department_tables:
            out += _department_table(table)
        out.append("")
    if not record.projects:
        out.append("projects: []")
    else:
        out.append("projects:")
        for n, project in enumerate(record.projects):
            if n:
                out.append("")
            out.extend(_project(project))
    if record.unplaced:
        out += ["", *_strings("unplaced", record.unplaced, comment="未能识别的内容：导入时无法归入任何项目或字段的原文，页面照样公开；请核对")]
    return "\n".join(out) + "\n"


def _goal_items(name: str, comment: str, items: list[GoalItem]) -> list[str]:
    if not items:
        return [f"{name}: []  # {comment}"]
    out = [f"{name}:  # {comment}"]
    for item in items:
        out.append(f"  - title: {scalar(item.title)}")
        out.append(f"    text: {scalar(item.text)}")
    return out


def _strings(name: str, items: list[str], *, indent: str = "", comment: str = "") -> list[str]:
    note = f"  # {comment}" if comment else ""
    if not items:
        return [f"{indent}{name}: []{note}"]
    return [f"{indent}{name}:{note}", *(f"{indent}  - {scalar(s)}" for s in items)]


def _project(p: Project) -> list[str]:
    out = [f"  - code: {json.dumps(p.code)}"]
    if p.code_origin != "原表":
        out.append(f"    code_origin: {p.code_origin}  # 原表没有项目编码；如有一体化系统中的项目编码，请改为该编码并删除本行")
    out.append(f"    name: {scalar(p.name)}")
    if p.title:
        out.append(f"    title: {scalar(p.title)}")
    if p.details:
        out.append("    details:")
        out += [f"      - {{label: {scalar(d.label, flow=True)}, value: {scalar(d.value, flow=True)}}}" for d in p.details]
    if p.unit is not None:
        out += ["    unit:", f"      code: {json.dumps(p.unit.code)}", f"      name: {scalar(p.unit.name)}"]
    if p.money_unit is not None:
        out.append(f"    money_unit: {scalar(p.money_unit)}")
    out += _budget(p)
    if p.purpose or not p.as_published:
        out.append(f"    purpose: {scalar(p.purpose)}")
    if p.spending_plan:
        out.append("    spending_plan:")
        out += [f"      - {{period: {scalar(s.period, flow=True)}, value: {scalar(s.value, flow=True)}}}" for s in p.spending_plan]
    elif not p.as_published:
        out.append("    spending_plan: []")
    if p.mid_goals:
        out += _strings("mid_goals", p.mid_goals, indent="    ")
    out += _strings("goals", p.goals, indent="    ")
    if p.other_grids:
        out.append("    other_grids:  # 原表的长期（中期）绩效指标表")
        for other in p.other_grids:
            out += _grid(other, item=True)
    if p.indicator_grid is not None:
        out += _grid(p.indicator_grid)
    elif p.indicators:
        out.append("    indicators:")
        out += [_indicator(i) for i in p.indicators]
    else:
        out.append("    indicators: []")
    if p.unplaced:
        out += _strings("unplaced", p.unplaced, indent="    ", comment="导入时无法归类的原文，页面照样公开；请核对后移入相应字段或保留")
    return out


def _indicator(i: Indicator) -> str:
    fields = [("level1", i.level1), ("level2", i.level2), ("name", i.name), ("description", i.description), ("value", i.value), ("basis", i.basis)]
    return "      - {" + ", ".join(f"{k}: {scalar(v, flow=True)}" for k, v in fields) + "}"


def _budget(p: Project) -> list[str]:
    b = p.budget
    if b is None:
        return []
    out = ["    budget:", f"      total: {amount_text(b.total)}", f"      fiscal: {amount_text(b.fiscal)}", f"      other: {amount_text(b.other)}"]
    if b.sources:
        out.append("      sources:")
        out += [f"        - {{name: {scalar(s.name, flow=True)}, amount: {amount_text(s.amount)}, part: {s.part}}}" for s in b.sources]
    return out


def _grid(grid: IndicatorGrid, name: str = "indicator_grid", comment: str = "原样指标表：原表的列和行", *, item: bool = False) -> list[str]:
    """The grid under ``name``; with ``item``, one item of the list ``name`` (written once, before the first item)."""
    pad = "        " if item else "      "
    out = [] if item else [f"    {name}:  # {comment}"]
    lines = [f"caption: {scalar(grid.caption)}"] if grid.caption else []
    lines.append("columns:")
    for c in grid.columns:
        term = f", term: {c.term}" if c.term else ""
        lines.append(f"  - {{header: {scalar(c.header, flow=True)}, key: {scalar(c.key, flow=True)}{term}}}")
    lines.append("rows:")
    lines += ["  - [" + ", ".join(scalar(cell, flow=True) for cell in row) + "]" for row in grid.rows]
    if item:
        return [f"{pad[:-2]}- {lines[0]}", *(f"{pad}{x}" for x in lines[1:])]
    return out + [f"{pad}{x}" for x in lines]


def _department_table(t: DepartmentTable) -> list[str]:
    out = [f"  - title: {scalar(t.title)}"]
    if t.details:
        out.append("    details:")
        out += [f"      - {{label: {scalar(d.label, flow=True)}, value: {scalar(d.value, flow=True)}}}" for d in t.details]
    if t.mid_goals:
        out += _strings("mid_goals", t.mid_goals, indent="    ")
    out += _strings("goals", t.goals, indent="    ")
    if t.indicator_grid is not None:
        out += _grid(t.indicator_grid)
    if t.unplaced:
        out += _strings("unplaced", t.unplaced, indent="    ", comment="导入时无法归类的原文，页面照样公开")
    return out
