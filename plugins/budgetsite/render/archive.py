"""Pages over many records: home, a year's archive, departments."""

from __future__ import annotations

from .. import money, routes
from ..collection import Archive
from ..evaluation_model import Evaluation
from ..model import Record, records_total
from ..tables import BUDGET_COLUMNS, STATUS, UNIT_CODE, UNIT_NAME, YEAR, Cell, Column, Entry, Table
from ..titles import YEARS_TITLE, year_title
from .charts import render_year_chart
from .downloads import archive_downloads, year_downloads
from .escape import h, md
from .history import department_heading, render_department_history
from .page import PageContext
from .results import render_department_results, render_year_kinds
from .tables import html_table

DEPARTMENT = Column("department", "部门")
PROJECT_COUNT = Column("projects", "项目数", "count")
RECORD_COLUMNS = (DEPARTMENT, UNIT_CODE, UNIT_NAME, STATUS, PROJECT_COUNT, *BUDGET_COLUMNS)
YEAR_SUMMARY_COLUMNS = (YEAR, Column("units", "单位数", "count"), PROJECT_COUNT, BUDGET_COLUMNS[0])
DEPARTMENT_COLUMNS = (DEPARTMENT, UNIT_CODE, UNIT_NAME, Column("years", "已公开年度"))


def _record_rows(records: list[Record], page: PageContext, unit: str) -> tuple[tuple[Entry, ...], ...]:
    rows = []
    for r in records:
        t = r.totals(unit)
        rows.append((
            Cell.of(r.department, href=page.link(routes.document_page(r.year, r.unit.code))),
            r.unit.code, r.unit.name, r.status, len(r.projects), money.shown(t.total), money.shown(t.fiscal), money.shown(t.other),
        ))
    return tuple(rows)


def _totals_footer(records: list[Record], unit: str) -> tuple[Entry, ...]:
    t = records_total(records, unit)
    return (
        "合计", f"{len(records)} 个单位", "", "",
        sum(len(r.projects) for r in records),
        money.shown(t.total), money.shown(t.fiscal), money.shown(t.other),
    )


def _records_table(records: list[Record], year: int, page: PageContext, unit: str) -> str:
    caption = f"{year} 年各单位预算绩效文本（{money.caption(unit)}）"
    return html_table(Table(caption, RECORD_COLUMNS, _record_rows(records, page, unit), _totals_footer(records, unit)), page)


def unit_note(records: list[Record], unit: str) -> str:
    """Says so when some of the figures were published in another unit and converted; empty otherwise."""
    others = sorted({r.project_money_unit(p) for r in records for p in r.projects} - {unit})
    if not others:
        return ""
    return (f'<p class="bs-unit-note">本页金额统一为{h(unit)}：原表以{h("、".join(others))}公开的金额已按 1 万元 = 10000 元精确折算为{h(unit)}，'
            f"{money.ROUNDING_RULE}，因此合计可能与各行显示数之和略有出入。各单位原表金额见其文本页面。</p>")


def render_year(archive: Archive, year: int, page: PageContext, frozen: tuple[str, str, str] | None,
                unit: str = money.AGGREGATE_UNIT) -> str:
    records = archive.by_year(year)
    projects = sum(len(r.projects) for r in records)
    t = records_total(records, unit)
    parts = [
        f"# {year_title(year)}",
        f'<p class="bs-summary">{year} 年共公开 <strong>{len(records)}</strong> 个单位的部门预算绩效文本，'
        f"<strong>{projects}</strong> 个预算项目，预算数合计 <strong>{money.shown(t.total)}</strong> {h(unit)}，"
        f"其中财政资金 <strong>{money.shown(t.fiscal)}</strong>、其他资金 <strong>{money.shown(t.other)}</strong>。</p>",
        *filter(None, [unit_note(records, unit)]),
        render_year_chart(records, year, unit, page),
        f'<p class="bs-more"><a href="{h(page.link(routes.projects_page(year)))}">查看 {year} 年全部预算项目（可筛选、排序）→</a></p>',
        _records_table(records, year, page, unit),
        _year_kinds(archive, year, page),
    ]
    return "\n\n".join(parts) + "\n" + f"\n{year_downloads(page, year, frozen)}\n"


def _year_kinds(archive: Archive, year: int, page: PageContext) -> str:
    evaluations = [e for e in archive.evaluations if e.year == year]
    matched = {}
    for e in evaluations:
        match = archive.match(e.year, e.unit.code)
        matched[e.key] = match.counts().projects_matched if match is not None else 0
    return render_year_kinds(archive.by_year(year), evaluations, matched, year, page)


def render_home(archive: Archive, page: PageContext, site_name: str, unit: str = money.AGGREGATE_UNIT) -> str:
    years = archive.years()
    parts = [f"# {md(site_name)}"]
    parts.append(
        # search.js shows the button and opens Material's search from it; without JavaScript
        # there is no search, so the button stays hidden and the hint links to the search help.
        '<div class="bs-search-cta"><button type="button" class="md-button md-button--primary" data-bs-search-open hidden>'
        "搜索项目名称、项目编码或部门</button>"
        '<p class="bs-hint">可输入词语、简称或部分编码，例如：劳动模范、劳模、ZG8SLNX0HFWL。'
        f'详见<a href="{h(page.link(routes.SEARCH_HELP))}">搜索说明</a>。</p></div>'
    )
    if not years:
        parts.append("暂无已公开的文本。")
        return "\n\n".join(parts) + "\n" + f"\n{archive_downloads(page)}\n"
    newest = years[0]
    parts += [
        "## 各年度 {#years}",
        *_years_table(archive, page, unit),
        f"## 最新年度：{newest} 年 {{#newest}}",
        _records_table(archive.by_year(newest), newest, page, unit),
        f'<p><a href="{h(page.link(routes.DEPARTMENTS_PAGE))}">按部门查看历年文本 →</a></p>',
    ]
    return "\n\n".join(parts) + "\n" + f"\n{archive_downloads(page)}\n"


def _years_table(archive: Archive, page: PageContext, unit: str) -> list[str]:
    year_rows = []
    for year in archive.years():
        records = archive.by_year(year)
        year_rows.append((
            Cell.of(f"{year} 年", year, page.link(routes.year_page(year))),
            len(records),
            sum(len(r.projects) for r in records),
            money.shown(records_total(records, unit).total),
        ))
    return [*filter(None, [unit_note(archive.records, unit)]),
            html_table(Table(f"各年度公开情况（{money.caption(unit)}）", YEAR_SUMMARY_COLUMNS, tuple(year_rows)), page)]


def render_years_index(archive: Archive, page: PageContext, unit: str = money.AGGREGATE_UNIT) -> str:
    """Every year with its counts and total, newest first: what the navigation's 历年公开 opens."""
    if not archive.years():
        return f"# {YEARS_TITLE}\n\n暂无已公开的文本。\n"
    return "\n\n".join([f"# {YEARS_TITLE}", *_years_table(archive, page, unit)]) + "\n"


def render_departments_index(archive: Archive, page: PageContext) -> str:
    rows = []
    for code, records in archive.departments().items():
        latest = records[-1]
        rows.append((
            Cell.of(latest.department, href=page.link(routes.department_page(code))),
            code, latest.unit.name, "、".join(str(r.year) for r in records),
        ))
    return "\n\n".join([
        "# 部门",
        html_table(Table("各部门已公开的年度", DEPARTMENT_COLUMNS, tuple(rows)), page),
    ]) + "\n"


def render_department(records: list[Record], page: PageContext, unit: str = money.AGGREGATE_UNIT,
                      evaluations: list[Evaluation] | None = None) -> str:
    """A department across years: chart and table per year, each project's budget per year, changes; 执行率 and 总分 once self-evaluated."""
    return "\n\n".join([department_heading(records[-1]), *render_department_history(records, page, unit),
                        *render_department_results(evaluations or [], page)]) + "\n"
