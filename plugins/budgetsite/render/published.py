"""A project table as a portal publishes it: its own header fields, then its indicator grid with the original columns.

Standalone 项目支出绩效目标表 vary from province to province (主管部门及编码,
项目属性, 资金总额 in 元 or 万元, checkboxes, 长期 and 年度 columns side by side);
the page shows each field and column with the original's label, in its order.
"""

from __future__ import annotations

from .. import routes
from ..model import Project, Record
from ..tables import Column, Entry, Table
from .escape import h, h_multiline, md
from .indicator_tables import grid_table, grid_table_of, indicator_table
from .page import PageContext
from .tables import html_table

NO_INDICATORS = "（本项目未填写绩效指标）"
INFO_COLUMNS = (Column("label", "栏目"), Column("value", "内容"))


def render_published_project(record: Record, project: Project, number: int, page: PageContext) -> list[str]:
    out = [f"### {md(f'{number}. {project.name}')} {{#{routes.project_anchor(project.code)}}}"]
    if project.title:
        out.append(f'<p class="bs-project__title">{h(project.title)}</p>')
    out.append(html_table(info_table(project), page, css="bs-project", interactive=False, row_headers=True))
    out += [html_table(grid_table(project, g), page, css="bs-indicators", row_headers=True) for g in project.other_grids]
    grid = project.indicator_grid
    table = grid_table(project, grid) if grid is not None else indicator_table(project)
    out.append(html_table(table, page, css="bs-indicators", row_headers=True, empty=NO_INDICATORS))
    if project.unplaced:
        items = "".join(f"<li>{h_multiline(t)}</li>" for t in project.unplaced)
        out.append(f'<div class="bs-unplaced"><p>导入时未能归类的原文：</p><ul>{items}</ul></div>')
    return out


def info_table(project: Project) -> Table:
    """项目名称, the code where the original printed one, each header field, the amounts and goals, in the original's order."""
    rows: list[tuple[Entry, ...]] = [("项目名称", project.name)]
    if project.code_origin == "原表":
        rows.append(("项目编码", project.code))
    rows += [(d.label, d.value) for d in project.details]
    if project.purpose:
        rows.append(("资金用途", project.purpose))
    rows += [(f"资金支出计划：{p.period}", p.value) for p in project.spending_plan]
    if project.mid_goals:
        rows.append(("中期目标", _goals(project.mid_goals)))
        rows.append(("年度目标", _goals(project.goals)))
    elif project.goals:
        rows.append(("年度目标", _goals(project.goals)))
    return Table(f"{project.name} 项目基本信息", INFO_COLUMNS, tuple(rows))


def _goals(goals: list[str]) -> str:
    """One goal as written; several were numbered in the original, and are numbered again."""
    if len(goals) == 1:
        return goals[0]
    return " ".join(f"{i}. {g}" for i, g in enumerate(goals, start=1))


def render_department_tables(record: Record, page: PageContext) -> list[str]:
    """The department-wide target forms of a record of standalone tables, before its project tables."""
    out: list[str] = []
    for n, table in enumerate(record.department_tables, start=1):
        out.append(f"### {md(table.title or '部门整体支出绩效目标表')} {{#department-table-{n}}}")
        rows: list[tuple[Entry, ...]] = [(d.label, d.value) for d in table.details]
        if table.mid_goals:
            rows.append(("中期目标", _goals(table.mid_goals)))
        if table.goals:
            rows.append(("年度目标", _goals(table.goals)))
        info = Table(f"{table.title or '部门整体支出绩效目标表'} 基本信息", INFO_COLUMNS, tuple(rows))
        out.append(html_table(info, page, css="bs-project", interactive=False, row_headers=True))
        if table.indicator_grid is not None:
            grid = grid_table_of(table.indicator_grid, table.title or "部门整体支出绩效目标表")
            out.append(html_table(grid, page, css="bs-indicators", row_headers=True))
        if table.unplaced:
            items = "".join(f"<li>{h_multiline(t)}</li>" for t in table.unplaced)
            out.append(f'<div class="bs-unplaced"><p>导入时未能归类的原文：</p><ul>{items}</ul></div>')
    return out
