"""The records as the flat tables of the open data (CSV files, workbook sheets).

Cells are plain values of the one table model (:mod:`budgetsite.tables`): text
verbatim, amounts as exact Decimals, counts and years as ints, None for blank.
Column headers are the Chinese labels of the schema fields, so a spreadsheet
reads like the official table; the indicator columns are the official table's own.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Record
from ..tables import INDICATOR_COLUMNS, Column, Table, Value

_INDICATOR = {c.key: c for c in INDICATOR_COLUMNS}

OPEN_DOCUMENTS = (
    Column("year", "年度", "year"),
    Column("status", "状态"),
    Column("department", "部门名称"),
    Column("unit.code", "单位编码", "code"),
    Column("unit.name", "单位名称"),
    Column("money_unit", "金额单位"),
    Column("project_count", "项目数", "count"),
    Column("totals.total", "预算数", "amount"),
    Column("totals.fiscal", "财政资金", "amount"),
    Column("totals.other", "其他资金", "amount"),
    Column("meta.index_no", "索引号"),
    Column("meta.publisher", "发布机构"),
    Column("meta.published", "发布日期"),
    Column("meta.doc_no", "文号"),
    Column("revision_count", "修订次数", "count"),
)

OPEN_PROJECTS = (
    Column("year", "年度", "year"),
    Column("unit.code", "单位编码", "code"),
    Column("department", "部门名称"),
    Column("projects[].code", "项目编码", "code"),
    Column("projects[].name", "项目名称"),
    Column("projects[].unit.code", "实施单位编码", "code"),
    Column("projects[].unit.name", "实施单位名称"),
    Column("projects[].money_unit", "金额单位"),
    Column("projects[].budget.total", "预算数", "amount"),
    Column("projects[].budget.fiscal", "财政资金", "amount"),
    Column("projects[].budget.other", "其他资金", "amount"),
    Column("projects[].purpose", "资金用途"),
    Column("projects[].spending_plan", "资金支出计划（%）"),
    Column("projects[].goals", "绩效目标"),
    Column("projects[].indicators", "绩效指标数", "count"),
)

OPEN_SPENDING = (
    Column("year", "年度", "year"),
    Column("unit.code", "单位编码", "code"),
    Column("projects[].code", "项目编码", "code"),
    Column("projects[].name", "项目名称"),
    Column("spending_plan[].period", "支出时点"),
    Column("spending_plan[].value", "累计支出比例（原文）"),
    Column("spending_plan[].percent", "累计支出比例（%）", "percent"),
)

OPEN_INDICATORS = (
    Column("year", "年度", "year"),
    Column("unit.code", "单位编码", "code"),
    Column("projects[].code", "项目编码", "code"),
    Column("projects[].name", "项目名称"),
    Column("indicators[]#", "序号", "count"),
    *(_INDICATOR[k] for k in ("level1", "level2", "name", "description", "value")),
    Column("quantity.comparator", "比较符"),
    Column("quantity.number", "数值", "amount"),
    Column("quantity.unit", "计量单位"),
    _INDICATOR["basis"],
)

OPEN_GOALS = (
    Column("year", "年度", "year"),
    Column("unit.code", "单位编码", "code"),
    Column("section", "部分"),
    Column("number", "序号", "count"),
    Column("title", "标题"),
    Column("text", "内容"),
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
    return Table("文本", OPEN_DOCUMENTS, tuple(rows))


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
    return Table("项目", OPEN_PROJECTS, tuple(rows))


def spending_rows(records: Iterable[Record]) -> Table:
    rows = []
    for r in records:
        for p in r.projects:
            for point in p.spending_plan:
                rows.append((r.year, r.unit.code, p.code, p.name, point.period, point.value, point.percent))
    return Table("资金支出计划", OPEN_SPENDING, tuple(rows))


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
    return Table("绩效指标", OPEN_INDICATORS, tuple(rows))


def goal_rows(records: Iterable[Record]) -> Table:
    rows: list[tuple[Value, ...]] = []
    for r in records:
        for section, goals in (("总体绩效目标", r.overall_goals), ("分项绩效目标", r.sub_goals)):
            rows += [(r.year, r.unit.code, section, i, g.title, g.text) for i, g in enumerate(goals, start=1)]
        rows += [(r.year, r.unit.code, "工作保障措施", i, "", text) for i, text in enumerate(r.safeguards, start=1)]
    return Table("整体绩效目标", OPEN_GOALS, tuple(rows))


def record_tables(records: list[Record]) -> list[Table]:
    """The sheets of a workbook, and the CSV files, for a set of records."""
    return [document_rows(records), project_rows(records), spending_rows(records), indicator_rows(records), goal_rows(records)]
