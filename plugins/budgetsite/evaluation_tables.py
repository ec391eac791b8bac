"""The tables of a 项目支出绩效自评表 in the one table model, for its page, the target page and the downloads.

``funds_table``, ``goals_table`` and ``result_table`` reproduce the published
table (its columns in its order, 指标性质 and 度量单位 only where the table has
them); ``beside_table`` puts each target row of the targets document next to its
result, keeping every row of both sides.
"""

from __future__ import annotations

from decimal import Decimal

from .evaluation_match import IndicatorPair
from .evaluation_model import Evaluation, ProjectResult, ResultIndicator
from .model import Indicator, Project
from .tables import Cell, Column, Entry, Table

FUND_COLUMNS = (
    Column("name", "项目资金"),
    Column("initial", "年初预算数", "amount"),
    Column("adjusted", "全年预算数", "amount"),
    Column("spent", "全年执行数", "amount"),
    Column("points", "分值", "amount"),
    Column("rate", "执行率", "percent"),
    Column("score", "得分", "amount"),
)
GOAL_COLUMNS = (Column("goal_expected", "预期目标"), Column("goal_actual", "实际完成情况"))
NATURE = Column("nature", "指标性质")
MEASURE = Column("measure", "度量单位")
RESULT_HEAD = (Column("level1", "一级指标", merge=True), Column("level2", "二级指标", merge=True), Column("name", "三级指标"))
RESULT_TAIL = (
    Column("target", "年度指标值", "quantity"),
    Column("actual", "实际完成值", "quantity"),
    Column("points", "分值", "amount"),
    Column("score", "得分", "amount"),
    Column("reason", "偏差原因分析及改进措施"),
)
RESULT_COLUMNS = (*RESULT_HEAD, *RESULT_TAIL)
"""The 绩效指标 grid of a self-evaluation without the optional 指标性质 and 度量单位 columns."""
BESIDE_COLUMNS = (
    *RESULT_HEAD,
    Column("value", "指标值", "quantity"),
    Column("actual", "实际完成值", "quantity"),
    Column("points", "分值", "amount"),
    Column("score", "得分", "amount"),
    Column("reason", "偏差原因分析及改进措施"),
)
"""Each target of the published indicator grid (shown above it, unchanged) with the self-evaluation's result beside it."""

NO_RESULT = "（自评表中没有此指标）"
NO_TARGET = "（绩效目标中没有此指标，仅见于自评表）"


def _quantity(text: str, number: Decimal | None) -> Entry:
    return Cell.of(text, number) if number is not None else text


def funds_table(project: ProjectResult, money_unit: str) -> Table:
    rows = tuple(
        (r.name, r.initial, r.adjusted, r.spent, r.points, Cell.of(r.rate, r.rate_percent) if r.rate else None, r.score)
        for r in project.funds
    )
    return Table(f"{project.name} 项目资金（{money_unit}）", FUND_COLUMNS, rows)


def goals_table(project: ProjectResult) -> Table:
    return Table(f"{project.name} 年度总体目标", GOAL_COLUMNS, ((project.goal_expected, project.goal_actual),))


def result_columns(project: ProjectResult) -> tuple[Column, ...]:
    extra = tuple(c for c, used in ((NATURE, any(i.nature for i in project.indicators)),
                                    (MEASURE, any(i.measure for i in project.indicators))) if used)
    return (*RESULT_HEAD, *extra, *RESULT_TAIL)


def _result_cells(i: ResultIndicator) -> tuple[Entry, ...]:
    return (_quantity(i.actual, i.actual_quantity.number if i.actual_quantity else None), i.points, i.score, i.reason)


def result_table(project: ProjectResult) -> Table:
    """The 绩效指标 grid as the self-evaluation prints it, with its 总分 row."""
    columns = result_columns(project)
    extra = len(columns) - len(RESULT_COLUMNS)
    rows = []
    for i in project.indicators:
        optional = tuple(v for v, used in ((i.nature, NATURE in columns), (i.measure, MEASURE in columns)) if used)
        target = _quantity(i.target, i.target_quantity.number if i.target_quantity else None)
        rows.append((i.level1, i.level2, i.name, *optional, target, *_result_cells(i)))
    footer: tuple[Entry, ...] = ("总分", "", "", *([""] * extra), "", "", project.total_points, project.total_score, "")
    return Table(f"{project.name} 绩效指标自评", columns, tuple(rows), footer)


def beside_table(target: Project, result: ProjectResult, pairs: tuple[IndicatorPair, ...]) -> Table:
    """Every target row with its result (or a note that there is none), then the result rows no target has."""
    rows: list[tuple[Entry, ...]] = []
    for pair in pairs:
        t: Indicator | None = target.indicators[pair.target] if pair.target is not None else None
        r: ResultIndicator | None = result.indicators[pair.result] if pair.result is not None else None
        if t is not None:
            head: tuple[Entry, ...] = (t.level1, t.level2, t.name, _quantity(t.value, t.quantity.number if t.quantity else None))
        else:
            assert r is not None
            head = (r.level1, r.level2, f"{r.name}{NO_TARGET}", _quantity(r.target, r.target_quantity.number if r.target_quantity else None))
        tail = _result_cells(r) if r is not None else (NO_RESULT, None, None, "")
        rows.append(head + tail)
    footer: tuple[Entry, ...] = ("总分", "", "", "", "", result.total_points, result.total_score, "")
    return Table(f"{target.name} 绩效指标与自评结果", BESIDE_COLUMNS, tuple(rows), footer)


# -- one figure per self-evaluation, for year and department pages --------------------------

def execution(evaluation: Evaluation) -> tuple[Decimal, Decimal]:
    """全年预算数 and 全年执行数 summed over the projects' 年度资金总额 rows (年初预算数 where 全年预算数 is blank)."""
    budget = spent = Decimal("0.00")
    for project in evaluation.projects:
        row = project.budget_row()
        if row is None or row.spent is None:
            continue
        base = row.adjusted if row.adjusted is not None else row.initial
        if base is None:
            continue
        budget, spent = budget + base, spent + row.spent
    return budget, spent


def scores(evaluation: Evaluation) -> list[Decimal]:
    """The projects' stated 总分, where stated."""
    return [p.total_score for p in evaluation.projects if p.total_score is not None]
