"""Pages over many records: home, a year's archive, departments."""

from __future__ import annotations

from decimal import Decimal

from ..collection import Archive
from ..model import Record
from .charts import render_year_chart
from .document import Link
from .escape import h, md
from .history import department_heading, render_department_history
from .tables import Cell, Column, amount_cell, count_cell, data_table

ZERO = Decimal("0.00")

RECORD_COLUMNS = [
    Column("部门"),
    Column("单位编码"),
    Column("单位名称"),
    Column("状态"),
    Column("项目数", numeric=True),
    Column("预算数", numeric=True),
    Column("财政资金", numeric=True),
    Column("其他资金", numeric=True),
]


def year_title(year: int) -> str:
    return f"{year} 年部门预算绩效文本"


def _record_rows(records: list[Record], link: Link) -> list[list[Cell]]:
    rows = []
    for r in records:
        t = r.totals()
        rows.append([
            Cell(r.department, href=link(f"{r.year}/{r.unit.code}.md", "")),
            Cell(r.unit.code),
            Cell(r.unit.name),
            Cell(r.status),
            count_cell(len(r.projects)),
            amount_cell(t.total),
            amount_cell(t.fiscal),
            amount_cell(t.other),
        ])
    return rows


def _totals_footer(records: list[Record]) -> list[Cell]:
    totals = [r.totals() for r in records]
    return [
        Cell("合计"),
        Cell(f"{len(records)} 个单位"),
        Cell(""),
        Cell(""),
        count_cell(sum(len(r.projects) for r in records)),
        amount_cell(sum((t.total for t in totals), ZERO)),
        amount_cell(sum((t.fiscal for t in totals), ZERO)),
        amount_cell(sum((t.other for t in totals), ZERO)),
    ]


def money_units(records: list[Record]) -> str:
    units = sorted({r.project_money_unit(p) for r in records for p in r.projects} or {r.money_unit for r in records})
    return "、".join(units) or "万元"


def render_year(archive: Archive, year: int, link: Link) -> str:
    records = archive.by_year(year)
    projects = sum(len(r.projects) for r in records)
    totals = [r.totals() for r in records]
    total = sum((t.total for t in totals), ZERO)
    fiscal = sum((t.fiscal for t in totals), ZERO)
    other = sum((t.other for t in totals), ZERO)
    parts = [
        f"# {year_title(year)}",
        f'<p class="bs-summary">{year} 年共公开 <strong>{len(records)}</strong> 个单位的部门预算绩效文本，'
        f"<strong>{projects}</strong> 个预算项目，预算数合计 <strong>{total}</strong> {h(money_units(records))}，"
        f"其中财政资金 <strong>{fiscal}</strong>、其他资金 <strong>{other}</strong>。</p>",
        render_year_chart(records, year, money_units(records)),
        f'<p class="bs-more"><a href="{h(link(f"projects/{year}.md", ""))}">查看 {year} 年全部预算项目（可筛选、排序）→</a></p>',
        data_table(RECORD_COLUMNS, _record_rows(records, link), f"{year} 年各单位预算绩效文本（金额单位：{money_units(records)}）",
                   footer=_totals_footer(records)),
    ]
    return "\n\n".join(parts) + "\n"


def render_home(archive: Archive, link: Link, site_name: str) -> str:
    years = archive.years()
    parts = [f"# {md(site_name)}"]
    parts.append(
        # search.js shows the button and opens Material's search from it; without JavaScript
        # there is no search, so the button stays hidden and the hint links to the search help.
        '<div class="bs-search-cta"><button type="button" class="md-button md-button--primary" data-bs-search-open hidden>'
        "搜索项目名称、项目编码或部门</button>"
        '<p class="bs-hint">可输入词语、简称或部分编码，例如：劳动模范、劳模、ZG8SLNX0HFWL。'
        f'详见<a href="{h(link("search.md", ""))}">搜索说明</a>。</p></div>'
    )
    if not years:
        parts.append("暂无已公开的文本。")
        return "\n\n".join(parts) + "\n"
    newest = years[0]
    year_rows = []
    for year in years:
        records = archive.by_year(year)
        year_rows.append([
            Cell(f"{year} 年", href=link(f"{year}/index.md", ""), sort=year),
            count_cell(len(records)),
            count_cell(sum(len(r.projects) for r in records)),
            amount_cell(sum((r.totals().total for r in records), ZERO)),
        ])
    parts += [
        "## 各年度 {#years}",
        data_table([Column("年度"), Column("单位数", True), Column("项目数", True), Column("预算数", True)], year_rows,
                   f"各年度公开情况（金额单位：{money_units(archive.records)}）"),
        f"## 最新年度：{newest} 年 {{#newest}}",
        data_table(RECORD_COLUMNS, _record_rows(archive.by_year(newest), link),
                   f"{newest} 年各单位预算绩效文本（金额单位：{money_units(archive.by_year(newest))}）",
                   footer=_totals_footer(archive.by_year(newest))),
        f'<p><a href="{h(link("departments/index.md", ""))}">按部门查看历年文本 →</a></p>',
    ]
    return "\n\n".join(parts) + "\n"


def render_departments_index(archive: Archive, link: Link) -> str:
    rows = []
    for code, records in archive.departments().items():
        latest = records[-1]
        rows.append([
            Cell(latest.department, href=link(f"departments/{code}.md", "")),
            Cell(code),
            Cell(latest.unit.name),
            Cell("、".join(str(r.year) for r in records)),
        ])
    return "\n\n".join([
        "# 部门",
        data_table([Column("部门"), Column("单位编码"), Column("单位名称"), Column("已公开年度")], rows, "各部门已公开的年度"),
    ]) + "\n"


def render_department(records: list[Record], link: Link) -> str:
    """A department across years: chart and table per year, each project's budget per year, changes."""
    return "\n\n".join([department_heading(records[-1]), *render_department_history(records, link, money_units(records))]) + "\n"

