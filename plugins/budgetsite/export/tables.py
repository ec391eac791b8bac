"""The records as the flat tables of the open data (CSV files, workbook sheets).

Cells are plain values of the one table model (:mod:`budgetsite.tables`): text
verbatim, amounts as exact Decimals, counts and years as ints, None for blank.
Column headers are the Chinese labels of the schema fields, so a spreadsheet
reads like the official table; the indicator columns are the official table's own.
"""

from __future__ import annotations

from collections.abc import Iterable

from .. import money
from ..model import Budget, Record
from ..tables import (
    BUDGET_COLUMNS,
    INDICATOR_COLUMNS,
    PROJECT_CODE,
    PROJECT_NAME,
    STATUS,
    UNIT_CODE,
    UNIT_NAME,
    YEAR,
    Column,
    Table,
    Value,
)

_INDICATOR = {c.key: c for c in INDICATOR_COLUMNS}
# Beside the amounts as published (in the row's 金额单位), the same amounts exactly converted into
# the one unit of every aggregate, so that a column can be summed across departments.
CONVERTED_COLUMNS: tuple[Column, ...] = tuple(
    Column(f"aggregate.{c.key.split('.')[-1]}", f"{c.header}（折合{money.AGGREGATE_UNIT}）", "amount") for c in BUDGET_COLUMNS
)


def _converted(budget: Budget | None) -> tuple[Value, ...]:
    if budget is None:  # a table that gives no complete budget: blank, not zero
        return (None, None, None)
    return (money.exact(budget.total), money.exact(budget.fiscal), money.exact(budget.other))


OPEN_DOCUMENTS = (
    YEAR, STATUS, Column("department", "部门名称"), UNIT_CODE, UNIT_NAME, Column("money_unit", "金额单位"),
    Column("project_count", "项目数", "count"), *BUDGET_COLUMNS, *CONVERTED_COLUMNS,
    Column("meta.index_no", "索引号"), Column("meta.publisher", "发布机构"), Column("meta.published", "发布日期"), Column("meta.doc_no", "文号"),
    Column("revision_count", "修订次数", "count"),
)
# Each project row names its document and its project first.
_PROJECT_OWNER = (YEAR, UNIT_CODE, PROJECT_CODE, PROJECT_NAME)
OPEN_PROJECTS = (
    YEAR, UNIT_CODE, Column("department", "部门名称"), PROJECT_CODE, PROJECT_NAME,
    Column("project.unit.code", "实施单位编码", "code"), Column("project.unit.name", "实施单位名称"), Column("project.money_unit", "金额单位"),
    *BUDGET_COLUMNS, *CONVERTED_COLUMNS, Column("project.purpose", "资金用途"), Column("project.spending_plan", "资金支出计划（%）"),
    Column("project.goals", "绩效目标"), Column("project.indicators", "绩效指标数", "count"),
)
OPEN_SPENDING = (
    *_PROJECT_OWNER, Column("period", "支出时点"), Column("value", "累计支出比例（原文）"), Column("percent", "累计支出比例（%）", "percent"),
)
OPEN_INDICATORS = (
    *_PROJECT_OWNER, Column("number", "序号", "count"),
    *(_INDICATOR[k] for k in ("level1", "level2", "name", "description", "value")),
    Column("quantity.comparator", "比较符"), Column("quantity.number", "数值", "amount"), Column("quantity.unit", "计量单位"),
    _INDICATOR["basis"],
)
OPEN_GOALS = (YEAR, UNIT_CODE, Column("section", "部分"), Column("number", "序号", "count"), Column("title", "标题"), Column("text", "内容"))


def _numbered(items: Iterable[str]) -> str:
    return "\n".join(f"{i}. {text}" for i, text in enumerate(items, start=1))


def document_rows(records: Iterable[Record]) -> Table:
    rows = []
    for r in records:
        t = r.totals()
        m = r.meta
        rows.append((
            r.year, r.status, r.department, r.unit.code, r.unit.name, r.money_unit, len(r.projects),
            t.total, t.fiscal, t.other, *_converted(r.totals(money.AGGREGATE_UNIT)),
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
            amounts = (b.total, b.fiscal, b.other) if b is not None else (None, None, None)
            rows.append((
                r.year, r.unit.code, r.department, p.code, p.name, unit.code, unit.name, r.project_money_unit(p),
                *amounts, *_converted(r.project_budget(p, money.AGGREGATE_UNIT)), p.purpose, "；".join(f"{s.period}：{s.value}" for s in p.spending_plan),
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
