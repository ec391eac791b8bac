"""The records as flat tables: one model shared by the CSV and XLSX writers.

A cell is ``str`` (text, verbatim), ``Decimal`` (an amount or parsed number,
exact, written with its own decimal places), ``int`` (a count or year) or
``None`` (blank). Column titles are the Chinese labels of the schema fields,
so a spreadsheet reads like the official table.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from ..model import Record

Kind = Literal["text", "decimal", "int"]
Value = str | Decimal | int | None


@dataclass(frozen=True)
class Col:
    key: str  # the JSON field it corresponds to, documented on the API page
    title: str  # the header cell
    kind: Kind = "text"


@dataclass(frozen=True)
class Table:
    name: str  # a sheet name in XLSX (at most 31 characters, no []:*?/\)
    columns: tuple[Col, ...]
    rows: tuple[tuple[Value, ...], ...]


DOCUMENT_COLUMNS = (
    Col("year", "年度", "int"),
    Col("status", "状态"),
    Col("department", "部门名称"),
    Col("unit.code", "单位编码"),
    Col("unit.name", "单位名称"),
    Col("money_unit", "金额单位"),
    Col("project_count", "项目数", "int"),
    Col("totals.total", "预算数", "decimal"),
    Col("totals.fiscal", "财政资金", "decimal"),
    Col("totals.other", "其他资金", "decimal"),
    Col("meta.index_no", "索引号"),
    Col("meta.publisher", "发布机构"),
    Col("meta.published", "发布日期"),
    Col("meta.doc_no", "文号"),
    Col("revision_count", "修订次数", "int"),
)

PROJECT_COLUMNS = (
    Col("year", "年度", "int"),
    Col("unit.code", "单位编码"),
    Col("department", "部门名称"),
    Col("projects[].code", "项目编码"),
    Col("projects[].name", "项目名称"),
    Col("projects[].unit.code", "实施单位编码"),
    Col("projects[].unit.name", "实施单位名称"),
    Col("projects[].money_unit", "金额单位"),
    Col("projects[].budget.total", "预算数", "decimal"),
    Col("projects[].budget.fiscal", "财政资金", "decimal"),
    Col("projects[].budget.other", "其他资金", "decimal"),
    Col("projects[].purpose", "资金用途"),
    Col("projects[].spending_plan", "资金支出计划（%）"),
    Col("projects[].goals", "绩效目标"),
    Col("projects[].indicators", "绩效指标数", "int"),
)

SPENDING_COLUMNS = (
    Col("year", "年度", "int"),
    Col("unit.code", "单位编码"),
    Col("projects[].code", "项目编码"),
    Col("projects[].name", "项目名称"),
    Col("spending_plan[].period", "支出时点"),
    Col("spending_plan[].value", "累计支出比例（原文）"),
    Col("spending_plan[].percent", "累计支出比例（%）", "decimal"),
)

INDICATOR_COLUMNS = (
    Col("year", "年度", "int"),
    Col("unit.code", "单位编码"),
    Col("projects[].code", "项目编码"),
    Col("projects[].name", "项目名称"),
    Col("indicators[]#", "序号", "int"),
    Col("indicators[].level1", "一级指标"),
    Col("indicators[].level2", "二级指标"),
    Col("indicators[].name", "三级指标"),
    Col("indicators[].description", "绩效指标描述"),
    Col("indicators[].value", "指标值"),
    Col("indicators[].quantity.comparator", "比较符"),
    Col("indicators[].quantity.number", "数值", "decimal"),
    Col("indicators[].quantity.unit", "计量单位"),
    Col("indicators[].basis", "指标值确定依据"),
)

GOAL_COLUMNS = (
    Col("year", "年度", "int"),
    Col("unit.code", "单位编码"),
    Col("section", "部分"),
    Col("number", "序号", "int"),
    Col("title", "标题"),
    Col("text", "内容"),
)


def _numbered(items: Iterable[str]) -> str:
    return "\n".join(f"{i}. {text}" for i, text in enumerate(items, start=1))


def document_rows(records: Iterable[Record]) -> Table:
    rows = []
    for r in records:
        t = r.totals()
        m = r.meta
        rows.append((
            r.year, r.status, r.department, r.unit.code, r.unit.name, r.money_unit, len(r.projects),
            t.total, t.fiscal, t.other,
            m.index_no if m else "", m.publisher if m else "", m.published if m else "", m.doc_no if m else "",
            len(r.revisions),
        ))
    return Table("文本", DOCUMENT_COLUMNS, tuple(rows))


def project_rows(records: Iterable[Record], only: str | None = None) -> Table:
    rows = []
    for r in records:
        for p in r.projects:
            if only is not None and p.code != only:
                continue
            unit = r.project_unit(p)
            b = p.budget
            rows.append((
                r.year, r.unit.code, r.department, p.code, p.name, unit.code, unit.name, r.project_money_unit(p),
                b.total, b.fiscal, b.other, p.purpose, "；".join(f"{s.period}：{s.value}" for s in p.spending_plan),
                _numbered(p.goals), len(p.indicators),
            ))
    return Table("项目", PROJECT_COLUMNS, tuple(rows))


def spending_rows(records: Iterable[Record]) -> Table:
    rows = []
    for r in records:
        for p in r.projects:
            for point in p.spending_plan:
                rows.append((r.year, r.unit.code, p.code, p.name, point.period, point.value, point.percent))
    return Table("资金支出计划", SPENDING_COLUMNS, tuple(rows))


def indicator_rows(records: Iterable[Record], only: str | None = None) -> Table:
    rows = []
    for r in records:
        for p in r.projects:
            if only is not None and p.code != only:
                continue
            for i, ind in enumerate(p.indicators, start=1):
                q = ind.quantity
                rows.append((
                    r.year, r.unit.code, p.code, p.name, i, ind.level1, ind.level2, ind.name, ind.description, ind.value,
                    q.comparator if q else "", q.number if q else None, q.unit if q else "", ind.basis,
                ))
    return Table("绩效指标", INDICATOR_COLUMNS, tuple(rows))


def goal_rows(records: Iterable[Record]) -> Table:
    rows: list[tuple[Value, ...]] = []
    for r in records:
        for section, goals in (("总体绩效目标", r.overall_goals), ("分项绩效目标", r.sub_goals)):
            rows += [(r.year, r.unit.code, section, i, g.title, g.text) for i, g in enumerate(goals, start=1)]
        rows += [(r.year, r.unit.code, "工作保障措施", i, "", text) for i, text in enumerate(r.safeguards, start=1)]
    return Table("整体绩效目标", GOAL_COLUMNS, tuple(rows))


def record_tables(records: list[Record]) -> list[Table]:
    """The sheets of a workbook, and the CSV files, for a set of records."""
    return [document_rows(records), project_rows(records), spending_rows(records), indicator_rows(records), goal_rows(records)]


def table_from_cells(name: str, titles: list[str], numeric: list[bool], rows: list[list[tuple[str, object]]]) -> Table:
    """A page table (its visible text, and the value it sorts by) as a download table.

    A numeric cell whose sort value is a Decimal is written as that exact Decimal;
    every other cell is its visible text, so the download has exactly the rows
    and the words the reader sees.
    """
    cols = tuple(Col(f"col{i + 1}", t, "decimal" if n else "text") for i, (t, n) in enumerate(zip(titles, numeric)))
    out = []
    for row in rows:
        cells: list[Value] = []
        for (text, sort), col in zip(row, cols):
            if col.kind == "decimal" and isinstance(sort, Decimal) and str(sort) == text:
                cells.append(sort)
            else:
                cells.append(text)
        out.append(tuple(cells))
    # Columns marked numeric that hold counts or "—" stay text cells where they are not Decimals.
    return Table(name, cols, tuple(out))
