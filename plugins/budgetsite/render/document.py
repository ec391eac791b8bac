"""One department-year document as a Markdown page, in the original order.

Prose goes into Markdown (so headings feed the table of contents and search);
tables are HTML, because the originals merge cells over rows and columns.
Every piece of record text passes through :mod:`.escape` first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..model import GoalItem, Indicator, Project, Record
from .downloads import document_downloads, project_downloads
from .escape import h, h_multiline, md
from .metadata import render_metadata
from .revisions import render_revisions, revision_notice
from .tables import table_wrap

CHINESE_NUMERALS = "一二三四五六七八九十"

INDICATOR_HEADERS = ("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据")

Link = Callable[[str, str], str]  # (target src_uri, anchor) -> href relative to this page


def document_title(record: Record) -> str:
    return f"{record.department} {record.year} 年部门预算绩效文本"


def render_document(record: Record, link: Link) -> str:
    """The whole page for one record."""
    parts = [
        f"# {md(document_title(record))}",
        _breadcrumb(record, link),
        render_metadata(record),
        _status_banner(record),
        revision_notice(record),
        document_downloads(record.year, record.unit.code),
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
    if not record.projects:
        parts.append("本文本没有预算项目绩效目标表。")
    for number, project in enumerate(record.projects, start=1):
        parts.extend(render_project(record, project, number))
    parts.append(render_revisions(record))
    return "\n\n".join(p for p in parts if p) + "\n"


def _breadcrumb(record: Record, link: Link) -> str:
    year_href = link(f"{record.year}/index.md", "")
    dept_href = link(f"departments/{record.unit.code}.md", "")
    home_href = link("index.md", "")
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


def _cover(record: Record) -> str:
    c = record.cover
    lines = [
        f'<p class="bs-cover__name">{h(c.name_line)}</p>',
        f'<p class="bs-cover__title">{h(c.title)}</p>',
        f'<p class="bs-cover__status">({h(record.status)})</p>',
        f'<p class="bs-cover__by">{h(c.prepared_by)}</p>',
        f'<p class="bs-cover__by">{h(c.reviewed_by)}</p>',
    ]
    return '<div class="bs-cover" aria-label="封面">' + "".join(lines) + "</div>"


def _goal_paragraphs(goals: list[GoalItem]) -> Iterator[str]:
    for number, goal in enumerate(goals, start=1):
        yield md(f"{number}、{goal.title}：{goal.text}")


def render_project(record: Record, project: Project, number: int) -> list[str]:
    unit = record.project_unit(project)
    out = [
        f"### {md(f'{number}. {project.name}绩效目标表')} {{#{project.code}}}",
        f'<p class="bs-project__unit">{h(unit.code)} {h(unit.name)}</p>',
        f'<p class="bs-project__money-unit">单位：{h(record.project_money_unit(project))}</p>',
        table_wrap(_project_header(project), label=f"{project.name} 项目基本信息", interactive=False, download=False)
        + project_downloads(record.year, record.unit.code, project.code, "project", f"{project.name} 项目基本信息"),
        table_wrap(render_indicators(project.indicators), label=f"{project.name} 绩效指标", download=False)
        + project_downloads(record.year, record.unit.code, project.code, "indicators", f"{project.name} 绩效指标"),
    ]
    if project.unplaced:
        items = "".join(f"<li>{h_multiline(t)}</li>" for t in project.unplaced)
        out.append(f'<div class="bs-unplaced"><p>导入时未能归类的原文：</p><ul>{items}</ul></div>')
    return out


def _project_header(project: Project) -> str:
    plan = project.spending_plan
    b = project.budget
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


def _runs(values: list[str]) -> list[int]:
    """For each row, how many rows its merged cell spans (0 when the row above covers it)."""
    spans = [0] * len(values)
    start = 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start]:
            spans[start] = i - start
            start = i
    return spans


def render_indicators(indicators: list[Indicator]) -> str:
    """The indicator grid, 一级/二级 cells merged over equal neighbours as in the original."""
    head = "".join(f'<th scope="col">{name}</th>' for name in INDICATOR_HEADERS)
    level1_spans = _runs([i.level1 for i in indicators])
    # A 二级 cell never spans across a change of 一级.
    level2_spans = _runs([f"{i.level1}\x00{i.level2}" for i in indicators])
    rows = []
    for ind, span1, span2 in zip(indicators, level1_spans, level2_spans):
        cells = []
        if span1:
            cells.append(f'<th scope="rowgroup" rowspan="{span1}">{h(ind.level1)}</th>')
        if span2:
            cells.append(f'<td rowspan="{span2}">{h(ind.level2)}</td>')
        quantity = ind.quantity
        value_attrs = f' data-value="{quantity.number}"' if quantity else ""
        cells += [
            f"<td>{h(ind.name)}</td>",
            f"<td>{h(ind.description)}</td>",
            f'<td class="bs-value"{value_attrs}>{h(ind.value)}</td>',
            f"<td>{h(ind.basis)}</td>",
        ]
        rows.append(f'<tr data-level1="{h(ind.level1)}" data-level2="{h(ind.level2)}">{"".join(cells)}</tr>')
    if not rows:
        rows.append(f'<tr><td colspan="{len(INDICATOR_HEADERS)}">（本项目未填写绩效指标）</td></tr>')
    return f'<table class="bs-indicators"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
