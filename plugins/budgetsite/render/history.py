"""A department across its years: totals, year-over-year change, projects added and dropped.

"上年" is always the calendar year before (``year - 1``). When the department
published nothing that year, or its budget was zero, the change cannot be
stated and shows as "—" rather than a figure compared with an older year.
Arithmetic is exact: amounts are Decimal, the percentage is computed as a
fraction and rounded half-up (ties away from zero) to two places.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..model import Budget, Project, Record
from .charts import Bar, bar_chart, chart_with_table
from .document import Link
from .escape import h, md
from .numbers import percent
from .tables import Cell, Column, amount_cell, count_cell, data_table, table_wrap

DASH = "—"


@dataclass(frozen=True)
class Change:
    """Change from the previous year: ``None`` where it cannot be stated."""

    amount: Decimal | None
    percent: Decimal | None


def change(current: Decimal | None, previous: Decimal | None) -> Change:
    """``current`` against ``previous``; the percentage is "—" when there is no previous or it is zero."""
    if current is None or previous is None:
        return Change(None, None)
    amount = current - previous
    return Change(amount, percent(amount, previous))


def format_amount_change(c: Change) -> str:
    if c.amount is None:
        return DASH
    return f"+{c.amount}" if c.amount > 0 else str(c.amount)


def format_percent_change(c: Change) -> str:
    if c.percent is None:
        return DASH
    return f"+{c.percent}%" if c.percent > 0 else f"{c.percent}%"


@dataclass(frozen=True)
class YearEntry:
    record: Record
    totals: Budget
    has_previous: bool
    change: Change
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
    budgets: dict[int, Decimal]
    units: dict[int, str] = field(default_factory=dict)

    def change(self, year: int) -> Change:
        if self.units.get(year) != self.units.get(year - 1):
            return Change(None, None)
        return change(self.budgets.get(year), self.budgets.get(year - 1))


@dataclass(frozen=True)
class DepartmentHistory:
    years: list[YearEntry]  # oldest first
    projects: list[ProjectHistory]  # first appearance order

    def year_totals(self) -> dict[int, Decimal]:
        return {e.year: e.totals.total for e in self.years}


def _money_units(record: Record) -> set[str]:
    return {record.project_money_unit(p) for p in record.projects} or {record.money_unit}


def _same_money_unit(a: Record, b: Record) -> bool:
    units = _money_units(a)
    return len(units) == 1 and units == _money_units(b)


def department_history(records: list[Record]) -> DepartmentHistory:
    """``records``: one department's records, any order, at most one per year."""
    ordered = sorted(records, key=lambda r: r.year)
    by_year = {r.year: r for r in ordered}
    entries = []
    for r in ordered:
        totals = r.totals()
        prev = by_year.get(r.year - 1)
        if prev is None:
            entries.append(YearEntry(r, totals, False, change(totals.total, None), why_not=f"{r.year - 1} 年未公开，无法比较"))
            continue
        if not _same_money_unit(r, prev):  # 万元 against 元 is no comparison: shown as "—"
            entries.append(YearEntry(r, totals, False, change(totals.total, None), why_not=f"与 {r.year - 1} 年金额单位不同，无法比较"))
            continue
        codes = {p.code for p in r.projects}
        prev_codes = {p.code for p in prev.projects}
        entries.append(YearEntry(
            r, totals, True, change(totals.total, prev.totals().total),
            added=[p for p in r.projects if p.code not in prev_codes],
            dropped=[p for p in prev.projects if p.code not in codes],
        ))
    projects: dict[str, ProjectHistory] = {}
    for r in ordered:
        for p in r.projects:
            known = projects.get(p.code)
            budgets = dict(known.budgets) if known else {}
            units = dict(known.units) if known else {}
            budgets[r.year] = p.budget.total
            units[r.year] = r.project_money_unit(p)
            projects[p.code] = ProjectHistory(p.code, p.name, r.year, budgets, units)
    return DepartmentHistory(entries, list(projects.values()))


def _change_cells(c: Change) -> list[Cell]:
    return [Cell(format_amount_change(c), sort=c.amount), Cell(format_percent_change(c), sort=c.percent)]


def _project_list(projects: list[Project], year: int, code: str, link: Link) -> str:
    if not projects:
        return "无"
    items = (f'<a href="{h(link(f"{year}/{code}.md", p.code))}">{h(p.name)}</a>（{h(p.code)}）' for p in projects)
    return "；".join(items)


def render_department_history(records: list[Record], link: Link, unit: str) -> list[str]:
    """The department page's body after its title: chart, per-year table, per-project table, changes."""
    history = department_history(records)
    latest = history.years[-1].record
    code = latest.unit.code
    name = latest.department
    years = [e.year for e in history.years]

    year_rows = []
    for e in history.years:
        t = e.totals
        year_rows.append([
            Cell(f"{e.year} 年", href=link(f"{e.year}/{code}.md", ""), sort=e.year),
            Cell(e.record.status),
            count_cell(len(e.record.projects)),
            amount_cell(t.total), amount_cell(t.fiscal), amount_cell(t.other),
            *_change_cells(e.change),
        ])
    year_columns = [Column("年度"), Column("状态"), Column("项目数", True), Column("预算数", True), Column("财政资金", True),
                    Column("其他资金", True), Column("较上年增减", True), Column("增减率", True)]

    bars = [Bar(f"{e.year} 年", e.totals.total) for e in history.years]
    chart = bar_chart(
        bars, chart_id=f"bs-chart-dept-{code}", title=f"{name}各年度预算数",
        desc=f"{name} {years[0]}—{years[-1]} 年各年度预算数合计，单位：{unit}。"
        + "；".join(f"{b.label} {b.value}" for b in bars) + "。",
        unit=unit,
    )

    project_columns = [Column("项目名称"), Column("项目编码"), *(Column(f"{y} 年", True) for y in years)]
    show_change = len(years) > 1
    if show_change:
        project_columns += [Column(f"{years[-1]} 年较上年增减", True), Column("增减率", True)]
    project_rows = []
    for p in history.projects:
        row = [Cell(p.name, href=link(f"{p.newest_year}/{code}.md", p.code)), Cell(p.code)]
        row += [amount_cell(p.budgets[y]) if y in p.budgets else Cell(DASH) for y in years]
        if show_change:
            row += _change_cells(p.change(years[-1]))
        project_rows.append(row)
    footer = [Cell("合计"), Cell(f"{len(history.projects)} 个项目")]
    footer += [amount_cell(e.totals.total) for e in history.years]
    if show_change:
        footer += _change_cells(history.years[-1].change)

    change_rows = []
    for e in history.years:
        if e.has_previous:
            added = _project_list(e.added, e.year, code, link)
            dropped = _project_list(e.dropped, e.year - 1, code, link)
        else:
            added = dropped = h(e.why_not)
        change_rows.append(f'<tr><th scope="row">{e.year} 年</th><td>{added}</td><td>{dropped}</td></tr>')
    changes = table_wrap(
        '<table class="bs-list bs-changes">'
        '<thead><tr><th scope="col">年度</th><th scope="col">新增项目</th><th scope="col">取消项目</th></tr></thead>'
        f'<tbody>{"".join(change_rows)}</tbody></table>',
        f"{name} 各年度新增和取消的项目（与上一年度相比）", interactive=False,
    )

    return [
        f'<p class="bs-summary">已公开 {len(years)} 个年度的部门预算绩效文本：{"、".join(f"{y} 年" for y in years)}。'
        "增减均与上一年度相比；上一年度未公开或预算数为零时显示“—”。</p>",
        "## 各年度 {#by-year}",
        chart_with_table(chart, data_table(year_columns, year_rows, f"{name} 各年度预算（金额单位：{unit}）")),
        "## 各项目历年预算数 {#projects}",
        data_table(project_columns, project_rows, f"{name} 各项目历年预算数（金额单位：{unit}）", footer=footer),
        "## 新增和取消的项目 {#changes}",
        changes,
    ]


def department_heading(record: Record) -> str:
    return f"# {md(record.department)}（{md(record.unit.code)} {md(record.unit.name)}）"
