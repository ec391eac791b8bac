"""Self-evaluations on pages: the 项目支出绩效自评表 page, and the results beside each target on the targets' page.

Every piece of record text passes through :mod:`.escape`; every table is a
:class:`~budgetsite.tables.Table` from :mod:`budgetsite.evaluation_tables`.
"""

from __future__ import annotations

from .. import routes
from ..evaluation_match import EvaluationMatch, ProjectPair
from ..evaluation_model import Evaluation, ProjectResult
from ..evaluation_tables import beside_table, funds_table, goals_table, result_table
from ..model import Project, Record
from ..titles import evaluation_title
from .escape import h, h_multiline, md
from .page import PageContext
from .tables import html_table, table_wrap

NOT_YET = ('<p class="bs-eval-status" role="note">本年度的项目支出绩效自评尚未公开。'
           "公开后，各项目每个绩效指标的实际完成值、得分和偏差原因将列在指标旁。</p>")


def result_anchor(evaluation: Evaluation, index: int) -> str:
    return routes.result_anchor(evaluation.projects[index].code, index + 1)


# -- on the targets' page ----------------------------------------------------------------

def evaluation_status(match: EvaluationMatch | None, page: PageContext, year: int, code: str) -> str:
    """The plain line under 第二部分: the self-evaluation is not published yet, or where it is."""
    if match is None:
        return NOT_YET
    e = match.evaluation
    when = f"（发布日期 {h(e.published)}）" if e.published else ""
    href = page.link(routes.evaluation_page(year, code))
    c = match.counts()
    return (f'<p class="bs-eval-status bs-eval-status--published" role="note">本年度的项目支出绩效自评已公开{when}：'
            f'<a href="{h(href)}">查看{h(evaluation_title(e.department, e.year))}</a>。'
            f"下列各项目的绩效指标表旁列出实际完成值、分值、得分和偏差原因"
            f"（{c.projects_matched} 个项目、{c.indicators_matched} 行指标与自评表对应）。</p>")


def project_results(match: EvaluationMatch, target_index: int, project: Project, page: PageContext, year: int, code: str) -> list[str] | None:
    """The result summary and the target-beside-result grid for one target project; None when the self-evaluation lacks it."""
    pair = match.for_target(target_index)
    result = match.result_project(pair) if pair is not None else None
    if pair is None or result is None or pair.result is None:
        return None
    e = match.evaluation
    anchor = result_anchor(e, pair.result)
    link = page.link(routes.evaluation_page(year, code), anchor)
    budget = result.budget_row()
    facts = []
    if budget is not None:
        base = budget.adjusted if budget.adjusted is not None else budget.initial
        facts += [f"全年预算数 {h(base if base is not None else '—')}",
                  f"全年执行数 <strong>{h(budget.spent if budget.spent is not None else '—')}</strong>",
                  f"执行率 <strong>{h(budget.rate or '—')}</strong>"]
    if result.total_score is not None:
        full = f"（满分 {h(result.total_points)}）" if result.total_points is not None else ""
        facts.append(f"总分 <strong>{h(result.total_score)}</strong>{full}")
    if result.conclusion:
        facts.append(f"评价结论 {h(result.conclusion)}")
    summary = (f'<p class="bs-result" id="{h(anchor)}">自评结果（{h(e.project_money_unit(result))}）：{"，".join(facts)}。'
               f'<a href="{h(link)}">查看本项目自评表 →</a></p>')
    table = html_table(beside_table(project, result, pair.indicators), page, css="bs-indicators bs-results", row_headers=True)
    return [summary, table]


def no_result(project: Project) -> str:
    return f'<p class="bs-result bs-result--missing" role="note">自评表中没有本项目（按项目编码 {h(project.code)} 和项目名称均未找到）。</p>'


def unmatched_results(match: EvaluationMatch, page: PageContext, year: int, code: str) -> str:
    """The self-evaluation's projects that no target project answers, linked, so that nothing is hidden."""
    rows = [p for p in match.projects if p.target is None and p.result is not None]
    if not rows:
        return ""
    items = "".join(
        f'<li><a href="{h(page.link(routes.evaluation_page(year, code), result_anchor(match.evaluation, p.result)))}">'
        f"{h(match.evaluation.projects[p.result].name)}</a></li>" for p in rows if p.result is not None)
    return f'<div class="bs-result bs-result--extra" role="note"><p>自评表中另有下列项目，本文本的绩效目标中没有：</p><ul>{items}</ul></div>'


# -- the self-evaluation's own page --------------------------------------------------------

def render_evaluation(match: EvaluationMatch, page: PageContext, notice: str = "") -> str:
    e = match.evaluation
    record = match.record
    parts = [f"# {md(evaluation_title(e.department, e.year))}", notice, _breadcrumb(e, record, page), _intro(match, page),
             _downloads(e, page)]
    for n, project in enumerate(e.projects):
        pair = match.for_result(n)
        parts += _project(e, n, project, pair, record, page)
    return "\n\n".join(p for p in parts if p) + "\n"


def _breadcrumb(e: Evaluation, record: Record | None, page: PageContext) -> str:
    crumbs = [f'<a href="{h(page.link(routes.HOME))}">首页</a>', f'<a href="{h(page.link(routes.year_page(e.year)))}">{e.year} 年</a>']
    if record is not None:
        crumbs.append(f'<a href="{h(page.link(routes.document_page(e.year, e.unit.code)))}">{h(record.department)} {e.year} 年部门预算绩效文本</a>')
    return f'<nav class="bs-breadcrumb" aria-label="位置">{" › ".join(crumbs)}</nav>'


def _intro(match: EvaluationMatch, page: PageContext) -> str:
    e = match.evaluation
    when = f"发布日期 {h(e.published)}；" if e.published else ""
    if match.record is None:
        targets = f"{e.year} 年没有本单位的部门预算绩效文本，各项目无法与绩效目标对照。"
    else:
        href = page.link(routes.document_page(e.year, e.unit.code))
        targets = f'对应的绩效目标见 <a href="{h(href)}">{h(match.record.department)} {e.year} 年部门预算绩效文本</a>，那里每个指标旁列出本表的结果。'
    status = "（草案）" if e.status == "草案" else ""
    return (f'<p class="bs-summary">{h(e.unit.code)} {h(e.unit.name)}{status}：{e.year} 年项目支出绩效自评，'
            f"共 {len(e.projects)} 个项目；{when}{targets}</p>")


def _downloads(e: Evaluation, page: PageContext) -> str:
    files = routes.evaluation_files(e.year, e.unit.code)
    links = [("JSON", files.json), ("Excel（XLSX）", files.xlsx), ("CSV：自评结果与绩效目标", files.csv), ("原始记录（YAML）", files.yaml)]
    items = "".join(f"<li>{page.file_link(path, label)}</li>" for label, path in links)
    return (f'<div class="bs-downloads" role="group" aria-label="下载本自评表数据"><p class="bs-downloads__title">下载本自评表数据</p>'
            f'<ul>{items}</ul><p class="bs-hint">CSV 中每行是一个绩效指标：自评结果与公开的绩效目标并列，两边对应不上的行也在其中。'
            f'格式说明见 <a href="{h(page.link(routes.API_HELP))}">开放数据接口</a>。</p></div>')


def _project(e: Evaluation, n: int, project: ProjectResult, pair: ProjectPair | None, record: Record | None, page: PageContext) -> list[str]:
    anchor = result_anchor(e, n)
    money = e.project_money_unit(project)
    header = [("项目名称", project.name), ("项目编码", project.code or "（原表未填）"), ("主管部门", project.department), ("实施单位", project.implementer)]
    cells = "".join(f'<tr><th scope="row">{h(k)}</th><td>{h(v)}</td></tr>' for k, v in header)
    out = [
        f"### {md(f'{n + 1}. {project.name}')} {{#{anchor}}}",
        table_wrap(f'<table class="bs-project bs-eval-header">{cells}</table>', label=f"{project.name} 项目基本情况", interactive=False),
        _target_link(pair, record, page, e),
        html_table(funds_table(project, money), page, css="bs-list bs-funds", interactive=False),
        html_table(goals_table(project), page, css="bs-list bs-goals", interactive=False),
        html_table(result_table(project), page, css="bs-indicators bs-results", row_headers=True),
    ]
    closing = [("评价结论", project.conclusion), ("存在问题", project.problems), ("改进措施", project.measures)]
    items = "".join(f"<dt>{h(k)}</dt><dd>{h_multiline(v)}</dd>" for k, v in closing if v)
    if items:
        out.append(f'<dl class="bs-eval-closing">{items}</dl>')
    if project.unplaced:
        texts = "".join(f"<li>{h_multiline(t)}</li>" for t in project.unplaced)
        out.append(f'<div class="bs-unplaced"><p>导入时未能归类的原文：</p><ul>{texts}</ul></div>')
    return out


def _target_link(pair: ProjectPair | None, record: Record | None, page: PageContext, e: Evaluation) -> str:
    if pair is None or pair.target is None or record is None:
        return '<p class="bs-result bs-result--missing" role="note">绩效目标中没有与本项目编码或名称相同的项目，本项目的结果无法与目标对照。</p>'
    target = record.projects[pair.target]
    href = page.link(routes.document_page(e.year, e.unit.code), routes.result_anchor(e.projects[pair.result].code, pair.result + 1) if pair.result is not None else target.code)
    return (f'<p class="bs-result">对应绩效目标：<a href="{h(href)}">{h(target.name)}（{h(target.code)}）</a>'
            f"，按{h(pair.by or '')}对应；目标与结果逐项对照见该页。</p>")
