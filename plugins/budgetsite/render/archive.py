"""Pages over many records: home, a year's archive, departments."""

from __future__ import annotations

from decimal import Decimal

from ..collection import Archive
from ..model import Record
from .document import Link
from .escape import h, md
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
    total = sum((r.totals().total for r in records), ZERO)
    parts = [
        f"# {year_title(year)}",
        f'<p class="bs-summary">{year} 年共公开 <strong>{len(records)}</strong> 个单位的部门预算绩效文本，'
        f"<strong>{projects}</strong> 个预算项目，预算数合计 <strong>{total}</strong> {h(money_units(records))}。</p>",
        data_table(RECORD_COLUMNS, _record_rows(records, link), f"{year} 年各单位预算绩效文本（金额单位：{money_units(records)}）",
                   footer=_totals_footer(records)),
    ]
    return "\n\n".join(parts) + "\n"


def render_home(archive: Archive, link: Link, site_name: str) -> str:
    years = archive.years()
    parts = [f"# {md(site_name)}"]
    parts.append(
        '<div class="bs-search-cta"><label for="__search" class="md-button md-button--primary" role="button" tabindex="0">'
        "搜索项目名称、项目编码或部门</label>"
        '<p class="bs-hint">可输入词语、简称或部分编码，例如：劳动模范、劳模、ZG8SLNX0HFWL。</p></div>'
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
    """A department across years: one row per year, and each project's budget per year."""
    latest = records[-1]
    years = [r.year for r in records]
    year_rows = []
    for r in records:
        t = r.totals()
        year_rows.append([
            Cell(f"{r.year} 年", href=link(f"{r.year}/{r.unit.code}.md", ""), sort=r.year),
            Cell(r.status),
            count_cell(len(r.projects)),
            amount_cell(t.total), amount_cell(t.fiscal), amount_cell(t.other),
        ])
    projects: dict[str, dict[int, tuple[str, Decimal]]] = {}
    for r in records:
        for p in r.projects:
            projects.setdefault(p.code, {})[r.year] = (p.name, p.budget.total)
    project_rows = []
    for code, by_year in projects.items():
        name = by_year[max(by_year)][0]
        newest = max(by_year)
        row = [Cell(name, href=link(f"{newest}/{latest.unit.code}.md", code)), Cell(code)]
        for year in years:
            row.append(amount_cell(by_year[year][1]) if year in by_year else Cell("—"))
        project_rows.append(row)
    unit = money_units(records)
    return "\n\n".join([
        f"# {md(latest.department)}（{md(latest.unit.code)} {md(latest.unit.name)}）",
        f'<p class="bs-summary">已公开 {len(records)} 个年度的部门预算绩效文本：{"、".join(f"{y} 年" for y in years)}。</p>',
        "## 各年度 {#by-year}",
        data_table([Column("年度"), Column("状态"), Column("项目数", True), Column("预算数", True), Column("财政资金", True), Column("其他资金", True)],
                   year_rows, f"{latest.department} 各年度预算（金额单位：{unit}）"),
        "## 各项目历年预算数 {#projects}",
        data_table([Column("项目名称"), Column("项目编码"), *(Column(f"{y} 年", True) for y in years)], project_rows,
                   f"{latest.department} 各项目历年预算数（金额单位：{unit}）"),
    ]) + "\n"

