"""A year's projects, all departments in one table: the page readers filter and sort to find one project."""

from __future__ import annotations

from .. import money, routes
from ..collection import Archive
from ..model import ZERO
from ..tables import BUDGET_COLUMNS, PROJECT_CODE, PROJECT_NAME, UNIT_CODE, Cell, Column, Entry, Table
from ..titles import projects_title
from .archive import DEPARTMENT, unit_note
from .escape import h
from .page import PageContext
from .tables import html_table

YEAR_PROJECT_COLUMNS = (DEPARTMENT, UNIT_CODE, PROJECT_CODE, PROJECT_NAME, *BUDGET_COLUMNS, Column("indicators", "指标数", "count"))


def render_projects(archive: Archive, year: int, page: PageContext, unit: str = money.AGGREGATE_UNIT) -> str:
    records = archive.by_year(year)
    rows: list[tuple[Entry, ...]] = []
    total = fiscal = other = ZERO
    indicators = 0
    for r in records:
        document = routes.document_page(r.year, r.unit.code)
        for p in r.projects:
            b = r.project_budget(p, unit)  # exact, in the one unit of the table; rounded where shown
            rows.append((
                Cell.of(r.department, href=page.link(document)),
                r.unit.code,
                p.code,
                Cell.of(p.name, href=page.link(document, routes.project_anchor(p.code))),
                *((money.shown(b.total), money.shown(b.fiscal), money.shown(b.other)) if b is not None else (None, None, None)),
                len(p.indicators),
            ))
            if b is not None:
                total, fiscal, other = total + b.total, fiscal + b.fiscal, other + b.other
            indicators += len(p.indicators)
    footer = ("合计", f"{len(records)} 个单位", f"{len(rows)} 个项目", "", money.shown(total), money.shown(fiscal), money.shown(other), indicators)
    table = Table(f"{year} 年全部预算项目（{money.caption(unit)}）", YEAR_PROJECT_COLUMNS, tuple(rows), footer if rows else None)
    return "\n\n".join([
        f"# {projects_title(year)}",
        f'<p class="bs-summary">{year} 年各部门公开的全部 <strong>{len(rows)}</strong> 个预算项目。'
        f'可在下表的筛选框中输入部门、项目名称或编码（可输入部分编码），点击列标题按该列排序；'
        f'<a href="{h(page.link(routes.year_page(year)))}">按单位查看 {year} 年文本 →</a></p>',
        *filter(None, [unit_note(records, unit)]),
        html_table(table, page),
    ]) + "\n"
