"""One department-year document as a Markdown page, in the original order.

Prose goes into Markdown (so headings feed the table of contents and search);
tables are HTML, because the originals merge cells over rows and columns.
Every piece of record text passes through :mod:`.escape` first.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import money, routes
from ..evaluation_match import EvaluationMatch
from ..model import GoalItem, Project, Record
from ..titles import document_title
from .downloads import document_downloads
from .escape import h, h_multiline, md
from .evaluation import evaluation_status, no_result, project_results, unmatched_results
from .indicator_tables import grid_table, indicator_table
from .metadata import render_metadata
from .page import PageContext
from .published import render_department_tables, render_published_project
from .revisions import render_revisions, revision_notice
from .tables import html_table, table_wrap

NO_INDICATORS = "（本项目未填写绩效指标）"


def render_document(record: Record, page: PageContext, notice: str = "", unit: str = money.AGGREGATE_UNIT,
                    results: EvaluationMatch | None = None) -> str:
    """The whole page for one record; ``notice`` (the review findings' box) goes right below the title.

    ``results``: the year's self-evaluation paired with this record, shown beside each target;
    without one, a single line says that it is not published yet.
    """
    parts = [
        f"# {md(document_title(record))}",
        notice,
        _breadcrumb(record, page),
        render_metadata(record, page),
        _status_banner(record),
        revision_notice(record),
        document_downloads(page, record.year, record.unit.code),
        *_part1(record, page),
        evaluation_status(results, page, record.year, record.unit.code),
    ]
    if not record.projects:
        parts.append("本文本没有预算项目绩效目标表。")
    for number, project in enumerate(record.projects, start=1):
        parts.extend(render_project(record, project, number, page, unit, results))
    if results is not None:
        parts.append(unmatched_results(results, page, record.year, record.unit.code))
    parts.append(_unplaced(record))
    parts.append(render_revisions(record, page))
    return "\n\n".join(p for p in parts if p) + "\n"


def _breadcrumb(record: Record, page: PageContext) -> str:
    year_href = page.link(routes.year_page(record.year))
    dept_href = page.link(routes.department_page(record.unit.code))
    home_href = page.link(routes.HOME)
    return (
        '<nav class="bs-breadcrumb" aria-label="位置">'
        f'<a href="{h(home_href)}">首页</a> › <a href="{h(year_href)}">{record.year} 年</a> › '
        f'<a href="{h(dept_href)}">{h(record.department)}（{h(record.unit.code)}）历年文本</a>'
        "</nav>"
    )


def _status_banner(record: Record) -> str:
    if record.status != "草案":
        return ""
    return (
        '<div class="bs-status bs-status--draft" role="note">'
        "<strong>草案</strong>：本文本为草案，尚未正式批复，内容以正式公开版本为准。</div>"
    )


def _part1(record: Record, page: PageContext) -> list[str]:
    """The cover and 第一部分; a record of standalone project tables (no cover, no 第一部分) has neither."""
    if record.cover is None and not (record.overall_goals or record.sub_goals or record.safeguards):
        department = ["## 部门整体支出绩效目标表 {#department-tables}", *render_department_tables(record, page)] if record.department_tables else []
        return [*department, "## 项目绩效目标表 {#part-2}"]
    return [
        _cover(record),
        "## 第一部分 部门整体绩效目标 {#part-1}",
        "### 一、总体绩效目标 {#overall-goals}",
        *_goal_paragraphs(record.overall_goals),
        "### 二、分项绩效目标 {#sub-goals}",
        *_goal_paragraphs(record.sub_goals),
        "### 三、工作保障措施 {#safeguards}",
        *(md(p) for p in record.safeguards),
        "## 第二部分 预算项目绩效目标 {#part-2}",
    ]


def _unplaced(record: Record) -> str:
    """Text of the document that no field holds: published as it is, never dropped."""
    if not record.unplaced:
        return ""
    items = "".join(f"<li>{h_multiline(t)}</li>" for t in record.unplaced)
    return ('<div class="bs-unplaced" id="unplaced"><p>未能识别的内容（导入时未能归入任何项目或字段的原文，照录如下）：</p>'
            f"<ul>{items}</ul></div>")


def _cover(record: Record) -> str:
    c = record.cover
    if c is None:
        return ""
    lines = [
        f'<p class="bs-cover__name">{h(c.name_line)}</p>',
        f'<p class="bs-cover__title">{h(c.title)}</p>',
        f'<p class="bs-cover__status">{h(c.status_line) if c.status_line else f"({h(record.status)})"}</p>',
        f'<p class="bs-cover__by">{h(c.prepared_by)}</p>',
        f'<p class="bs-cover__by">{h(c.reviewed_by)}</p>',
    ]
    return '<div class="bs-cover" aria-label="封面">' + "".join(lines) + "</div>"


def _goal_paragraphs(goals: list[GoalItem]) -> Iterator[str]:
    for number, goal in enumerate(goals, start=1):
        yield md(f"{number}、{goal.title}：{goal.text}")


def render_project(record: Record, project: Project, number: int, page: PageContext,
                   aggregate_unit: str = money.AGGREGATE_UNIT,
                   results: EvaluationMatch | None = None) -> list[str]:
    if project.as_published:
        out = render_published_project(record, project, number, page)
        if results is not None:
            out += project_results(results, number - 1, project, page, record.year, record.unit.code) or [no_result(project)]
        return out
    unit = record.project_unit(project)
    files = routes.project_files(record.year, record.unit.code, project.code)
    header_label = f"{project.name} 项目基本信息"
    out = [
        f"### {md(f'{number}. {project.name}绩效目标表')} {{#{routes.project_anchor(project.code)}}}",
        f'<p class="bs-project__unit">{h(unit.code)} {h(unit.name)}</p>',
        f'<p class="bs-project__money-unit">单位：{h(record.project_money_unit(project))}{_converted(record, project, aggregate_unit)}</p>',
        table_wrap(_project_header(project), label=header_label, interactive=False)
        + f'<p class="bs-table-download">{page.file_link(files.project, "下载本表（CSV）", title=header_label)}</p>',
    ]
    out.append(_indicators(project, page, files.indicators))
    if results is not None:
        out += project_results(results, number - 1, project, page, record.year, record.unit.code) or [no_result(project)]
    if project.unplaced:
        items = "".join(f"<li>{h_multiline(t)}</li>" for t in project.unplaced)
        out.append(f'<div class="bs-unplaced"><p>导入时未能归类的原文：</p><ul>{items}</ul></div>')
    return out


def _converted(record: Record, project: Project, unit: str) -> str:
    """'（预算数折合 4275.34 万元）' beside a table published in another unit than the aggregates'; empty otherwise.

    The table itself stays as published; this is the figure the year's totals count.
    """
    own = record.project_money_unit(project)
    if own == unit or project.budget is None:
        return ""
    return f"（预算数{h(money.converted_note(project.budget.total, own, unit))}，各类合计按此计算）"


def _indicators(project: Project, page: PageContext, download: str) -> str:
    """The site's six columns with the open-data file as download; a grid as published with the CSV of its own rows."""
    if project.indicator_grid is not None:
        return "\n\n".join(html_table(grid_table(project, g), page, css="bs-indicators", row_headers=True, empty=NO_INDICATORS)
                           for g in [*project.other_grids, project.indicator_grid])
    return html_table(indicator_table(project), page, css="bs-indicators", row_headers=True, empty=NO_INDICATORS, file=download)


def _project_header(project: Project) -> str:
    plan = project.spending_plan
    b = project.budget
    assert b is not None  # a project without a complete budget is rendered as published
    # data columns beside the row heading, as in the original 7-column grid
    width = max(6, len(plan), 2 * len(b.sources))
    rows = [
        f'<tr><th scope="row">项目编码</th><td colspan="{width // 2 - 1}" class="bs-code">{h(project.code)}</td>'
        f'<th scope="row">项目名称</th><td colspan="{width - width // 2}">{h(project.name)}</td></tr>',
        f'<tr><th scope="rowgroup" rowspan="{3 if b.sources else 2}">预算规模及资金用途</th>'
        f'<th scope="row">预算数</th><td class="bs-num" data-value="{b.total}">{b.total}</td>'
        f'<th scope="row">其中：财政资金</th><td class="bs-num" data-value="{b.fiscal}">{b.fiscal}</td>'
        f'<th scope="row">其他资金</th><td class="bs-num" data-value="{b.other}" colspan="{width - 5}">{b.other}</td></tr>',
    ]
    if b.sources:
        pairs = [
            f'<th scope="row">{h(s.name)}</th><td class="bs-num" data-value="{s.amount}"'
            + (f' colspan="{width - 2 * len(b.sources) + 1}"' if i == len(b.sources) - 1 else "")
            + f">{s.amount}</td>"
            for i, s in enumerate(b.sources)
        ]
        rows.append(f'<tr class="bs-sources">{"".join(pairs)}</tr>')
    rows.append(f'<tr><td colspan="{width}">{h_multiline(project.purpose)}</td></tr>')
    if plan:
        spans = [1] * (len(plan) - 1) + [width - len(plan) + 1]
        heads = "".join(f'<th scope="col" colspan="{s}">{h(p.period)}</th>' for p, s in zip(plan, spans))
        cells = "".join(f'<td colspan="{s}">{h(p.value)}</td>' for p, s in zip(plan, spans))
        rows.append(f'<tr><th scope="rowgroup" rowspan="2">资金支出计划（%）</th>{heads}</tr>')
        rows.append(f"<tr>{cells}</tr>")
    goals = " ".join(f"{i}. {g}" for i, g in enumerate(project.goals, start=1))
    if project.mid_goals:
        mid = " ".join(f"{i}. {g}" for i, g in enumerate(project.mid_goals, start=1))
        rows.append(f'<tr><th scope="rowgroup" rowspan="2">绩效目标</th><th scope="row">中期目标</th><td colspan="{width - 1}">{h(mid)}</td></tr>')
        rows.append(f'<tr><th scope="row">年度目标</th><td colspan="{width - 1}">{h(goals)}</td></tr>')
    else:
        rows.append(f'<tr><th scope="row">绩效目标</th><td colspan="{width}">{h(goals)}</td></tr>')
    return '<table class="bs-project">' + "".join(rows) + "</table>"

