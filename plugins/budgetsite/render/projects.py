"""A year's projects, all departments in one table: the page readers filter and sort to find one project."""

from __future__ import annotations

from decimal import Decimal

from ..collection import Archive
from .archive import money_units
from .document import Link
from .escape import h
from .tables import Cell, Column, amount_cell, count_cell, data_table

ZERO = Decimal("0.00")

PROJECT_COLUMNS = [
    Column("部门"),
    Column("单位编码"),
    Column("项目编码"),
    Column("项目名称"),
    Column("预算数", numeric=True),
    Column("财政资金", numeric=True),
    Column("其他资金", numeric=True),
    Column("指标数", numeric=True),
]


def projects_uri(year: int) -> str:
    """Beside departments/, not inside the year's folder, so it can never collide with a unit code."""
    return f"projects/{year}.md"


def projects_title(year: int) -> str:
    return f"{year} 年全部预算项目"


def render_projects(archive: Archive, year: int, link: Link) -> str:
    records = archive.by_year(year)
    rows: list[list[Cell]] = []
    total = fiscal = other = ZERO
    indicators = 0
    for r in records:
        page = f"{r.year}/{r.unit.code}.md"
        for p in r.projects:
            b = p.budget
            rows.append([
                Cell(r.department, href=link(page, "")),
                Cell(r.unit.code),
                Cell(p.code),
                Cell(p.name, href=link(page, p.code)),
                amount_cell(b.total),
                amount_cell(b.fiscal),
                amount_cell(b.other),
                count_cell(len(p.indicators)),
            ])
            total, fiscal, other = total + b.total, fiscal + b.fiscal, other + b.other
            indicators += len(p.indicators)
    unit = money_units(records)
    footer = [Cell("合计"), Cell(f"{len(records)} 个单位"), Cell(f"{len(rows)} 个项目"), Cell(""),
              amount_cell(total), amount_cell(fiscal), amount_cell(other), count_cell(indicators)]
    return "\n\n".join([
        f"# {projects_title(year)}",
        f'<p class="bs-summary">{year} 年各部门公开的全部 <strong>{len(rows)}</strong> 个预算项目。'
        f'可在下表的筛选框中输入部门、项目名称或编码（可输入部分编码），点击列标题按该列排序；'
        f'<a href="{h(link(f"{year}/index.md", ""))}">按单位查看 {year} 年文本 →</a></p>',
        data_table(PROJECT_COLUMNS, rows, f"{year} 年全部预算项目（金额单位：{unit}）", footer=footer if rows else None),
    ]) + "\n"
