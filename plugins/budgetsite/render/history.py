"""A department across its years: totals, year-over-year change, projects added and dropped.

"上年" is always the calendar year before (``year - 1``). When the department
published nothing that year, or its budget was zero, the change cannot be
stated and shows as "—" rather than a figure compared with an older year.
Arithmetic is exact: every amount is first converted into the one aggregate
unit (:mod:`budgetsite.money`), so a year published in 元 compares with one in
万元; differences and percentages are computed from the exact amounts, and each
figure is rounded half-up (ties away from zero) to two places once, where it is shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .. import money, routes
from ..model import Budget, Project, Record
from ..tables import BUDGET_COLUMNS, PROJECT_CODE, PROJECT_NAME, STATUS, YEAR, Cell, Column, Entry, Link, Table
from .charts import Bar, bar_chart, chart_with_table
from .escape import h, md
from .numbers import percent
from .page import PageContext
from .tables import html_table

DASH = "—"


@dataclass(frozen=True)
class YearChange:
    """YearChange from the previous year: ``None`` where it cannot be stated."""

    amount: Decimal | None
    percent: Decimal | None


def change(current: Decimal | None, previous: Decimal | None) -> YearChange:
    """``current`` against ``previous``; the percentage is "—" when there is no previous or it is zero."""
    if current is None or previous is None:
        return YearChange(None, None)
    amount = current - previous
    return YearChange(amount, percent(amount, previous))


def format_amount_change(c: YearChange) -> str:
    if c.amount is None:
        return DASH
    amount = money.shown(c.amount)
    return f"+{amount}" if amount > 0 else str(amount)


def format_percent_change(c: YearChange) -> str:
    if c.percent is None:
        return DASH
    return f"+{c.percent}%" if c.percent > 0 else f"{c.percent}%"


@dataclass(frozen=True)
class YearEntry:
    record: Record
    totals: Budget
    has_previous: bool
    change: YearChange
    added: list[Project] = field(default_factory=list)
    dropped: list[Project] = field(default_factory=list)
    why_not: str = ""  # why the year is not compared with the one before

    @property
    def year(self) -> int:
        return self.record.year


@dataclass(frozen=True)
class ProjectHistory:
    code: str
    name: str  # as in the newest year the project appears
    newest_year: int
    budgets: dict[int, Decimal]  # exact, in the history's unit

    def change(self, year: int) -> YearChange:
        return change(self.budgets.get(year), self.budgets.get(year - 1))


@dataclass(frozen=True)
class DepartmentHistory:
    years: list[YearEntry]  # oldest first
    projects: list[ProjectHistory]  # first appearance order

    def year_totals(self) -> dict[int, Decimal]:
        return {e.year: e.totals.total for e in self.years}


def department_history(records: list[Record], unit: str = money.AGGREGATE_UNIT) -> DepartmentHistory:
    """``records``: one department's records, any order, at most one per year; amounts exact in ``unit``."""
    ordered = sorted(records, key=lambda r: r.year)
    by_year = {r.year: r for r in ordered}
    entries = []
    for r in ordered:
        totals = r.totals(unit)
        prev = by_year.get(r.year - 1)
        if prev is None:
            entries.append(YearEntry(r, totals, False, change(totals.total, None), why_not=f"{r.year - 1} 年未公开，无法比较"))
            continue
        codes = {p.code for p in r.projects}
        prev_codes = {p.code for p in prev.projects}
        entries.append(YearEntry(
            r, totals, True, change(totals.total, prev.totals(unit).total),
            added=[p for p in r.projects if p.code not in prev_codes],
            dropped=[p for p in prev.projects if p.code not in codes],
        ))
    projects: dict[str, ProjectHistory] = {}
    for r in ordered:
        for p in r.projects:
            known = projects.get(p.code)
            budgets = dict(known.budgets) if known else {}
            budget = r.project_budget(p, unit)
            if budget is not None:
                budgets[r.year] = budget.total
            projects[p.code] = ProjectHistory(p.code, p.name, r.year, budgets)
    return DepartmentHistory(entries, list(projects.values()))


def unit_history_note(records: list[Record], unit: str) -> str:
    """A sentence for the reader when some years were published in another unit than ``unit``; empty otherwise."""
    by_year = {r.year: r.published_units() for r in sorted(records, key=lambda r: r.year)}
    if all(units == (unit,) for units in by_year.values()):
        return ""
    years = "；".join(f"{y} 年 {'、'.join(units)}" for y, units in by_year.items())
    return (f'<p class="bs-unit-note">各年度原表的金额单位：{h(years)}。本页金额均已精确折算为{h(unit)}后再比较，'
            f"{money.ROUNDING_RULE}；各年度原表金额见其文本页面。</p>")


def _change_cells(c: YearChange) -> list[Entry]:
    return [Cell.of(format_amount_change(c), c.amount), Cell.of(format_percent_change(c), c.percent)]


def _project_list(projects: list[Project], year: int, code: str, page: PageContext) -> Cell:
    """'名称（编码）；名称（编码）', each name linking to the project in that year's document."""
    if not projects:
        return Cell(("无",))
    parts: list[str | Link] = []
    for p in projects:
        if parts:
            parts.append("；")
        parts += [Link(p.name, page.link(routes.document_page(year, code), routes.project_anchor(p.code))), f"（{p.code}）"]
    return Cell(tuple(parts))


YEAR_COLUMNS = (YEAR, STATUS, Column("projects", "项目数", "count"), *BUDGET_COLUMNS,
                Column("change", "较上年增减", "amount"), Column("change_percent", "增减率", "percent"))
CHANGE_COLUMNS = (YEAR, Column("added", "新增项目"), Column("dropped", "取消项目"))


def render_department_history(records: list[Record], page: PageContext, unit: str) -> list[str]:
    """The department page's body after its title: chart, per-year table, per-project table, changes."""
    history = department_history(records, unit)
    latest = history.years[-1].record
    code = latest.unit.code
    name = latest.department
    years = [e.year for e in history.years]

    year_rows = []
    for e in history.years:
        t = e.totals
        year_rows.append((
            Cell.of(f"{e.year} 年", e.year, page.link(routes.document_page(e.year, code))),
            e.record.status, len(e.record.projects), money.shown(t.total), money.shown(t.fiscal), money.shown(t.other),
            *_change_cells(e.change),
        ))

    bars = [Bar(f"{e.year} 年", money.shown(e.totals.total)) for e in history.years]
    chart = bar_chart(
        bars, chart_id=f"bs-chart-dept-{code}", title=f"{name}各年度预算数",
        desc=f"{name} {years[0]}—{years[-1]} 年各年度预算数合计，单位：{unit}。"
        + "；".join(f"{b.label} {b.value}" for b in bars) + "。",
        unit=unit,
    )

    project_columns = [PROJECT_NAME, PROJECT_CODE,
                       *(Column(str(y), f"{y} 年", "amount") for y in years)]
    show_change = len(years) > 1
    if show_change:
        project_columns += [Column("change", f"{years[-1]} 年较上年增减", "amount"), Column("change_percent", "增减率", "percent")]
    project_rows = []
    for p in history.projects:
        row: list[Entry] = [Cell.of(p.name, href=page.link(routes.document_page(p.newest_year, code), routes.project_anchor(p.code))), p.code]
        row += [money.shown(p.budgets[y]) if y in p.budgets else DASH for y in years]
        if show_change:
            row += _change_cells(p.change(years[-1]))
        project_rows.append(tuple(row))
    footer: list[Entry] = ["合计", f"{len(history.projects)} 个项目"]
    footer += [money.shown(e.totals.total) for e in history.years]
    if show_change:
        footer += _change_cells(history.years[-1].change)

    change_rows = []
    for e in history.years:
        if e.has_previous:
            added = _project_list(e.added, e.year, code, page)
            dropped = _project_list(e.dropped, e.year - 1, code, page)
        else:
            added = dropped = Cell((e.why_not,))
        change_rows.append((f"{e.year} 年", added, dropped))
    changes = Table(f"{name} 各年度新增和取消的项目（与上一年度相比）", CHANGE_COLUMNS, tuple(change_rows))

    return [
        f'<p class="bs-summary">已公开 {len(years)} 个年度的部门预算绩效文本：{"、".join(f"{y} 年" for y in years)}。'
        "增减均与上一年度相比；上一年度未公开或预算数为零时显示“—”。</p>",
        *filter(None, [unit_history_note(records, unit)]),
        "## 各年度 {#by-year}",
        chart_with_table(chart, html_table(Table(f"{name} 各年度预算（金额单位：{unit}）", YEAR_COLUMNS, tuple(year_rows)), page)),
        "## 各项目历年预算数 {#projects}",
        html_table(Table(f"{name} 各项目历年预算数（金额单位：{unit}）", tuple(project_columns), tuple(project_rows), tuple(footer)), page),
        "## 新增和取消的项目 {#changes}",
        html_table(changes, page, css="bs-list bs-changes", interactive=False, row_headers=True),
    ]


def department_heading(record: Record) -> str:
    return f"# {md(record.department)}（{md(record.unit.code)} {md(record.unit.name)}）"
