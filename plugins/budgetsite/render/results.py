"""Self-evaluations across pages of many records: the year page's status of both kinds, the department's 执行率 and 总分 by year."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from .. import routes
from ..evaluation_model import Evaluation
from ..evaluation_tables import execution, scores
from ..model import Record
from ..tables import UNIT_CODE, YEAR, Cell, Column, Entry, Table
from ..titles import evaluation_title
from .charts import Bar, bar_chart, chart_with_table
from .escape import h
from .numbers import percent, round_half_up
from .page import PageContext
from .tables import html_table

DEPARTMENT = Column("department", "部门")
KINDS_COLUMNS = (DEPARTMENT, UNIT_CODE, Column("targets", "绩效目标"), Column("evaluation", "绩效自评"),
                 Column("matched", "与目标对应的自评项目", "count"), Column("rate", "执行率", "percent"), Column("score", "平均总分", "amount"))
HISTORY_COLUMNS = (YEAR, Column("projects", "自评项目数", "count"), Column("budget", "全年预算数", "amount"),
                   Column("spent", "全年执行数", "amount"), Column("rate", "执行率", "percent"), Column("score", "平均总分", "amount"),
                   Column("scores", "各项目总分"))
NOT_YET = "尚未公开"


def rate_and_score(evaluation: Evaluation) -> tuple[Decimal | None, Decimal | None]:
    budget, spent = execution(evaluation)
    stated = scores(evaluation)
    mean = round_half_up(sum((Fraction(s) for s in stated), Fraction(0)) / len(stated)) if stated else None
    return percent(spent, budget), mean


def render_year_kinds(records: list[Record], evaluations: list[Evaluation], matched: dict[tuple[int, str], int],
                      year: int, page: PageContext) -> str:
    """Each department of the year with both documents: the targets and the self-evaluation, or that it is not published yet."""
    by_code = {e.unit.code: e for e in evaluations}
    codes = sorted({r.unit.code for r in records} | set(by_code))
    targets = {r.unit.code: r for r in records}
    rows: list[tuple[Entry, ...]] = []
    for code in codes:
        record, evaluation = targets.get(code), by_code.get(code)
        name = record.department if record else evaluation.department if evaluation else code
        target_cell: Entry = (Cell.of(f"已公开（{record.status}）", href=page.link(routes.document_page(year, code)))
                              if record else NOT_YET)
        if evaluation is None:
            rows.append((name, code, target_cell, NOT_YET, None, None, None))
            continue
        rate, score = rate_and_score(evaluation)
        rows.append((name, code, target_cell, Cell.of(f"已公开（{len(evaluation.projects)} 个项目）", href=page.link(routes.evaluation_page(year, code))),
                     matched.get((year, code), 0), Cell.of("—" if rate is None else f"{rate}%", rate), score))
    done = len(evaluations)
    download = (f'<p class="bs-table-download">{page.file_link(routes.evaluations_csv(year), f"下载 {year} 年全部绩效自评结果（CSV）")}</p>'
                if evaluations else "")
    return "\n\n".join(p for p in [
        "## 绩效目标与绩效自评 {#evaluations}",
        f'<p class="bs-summary">{year} 年的项目支出绩效自评在次年公开；已公开 <strong>{done}</strong> 个单位的自评表。'
        "自评表公开后，文本页面在每个绩效指标旁列出实际完成值、得分和偏差原因。</p>",
        html_table(Table(f"{year} 年各单位绩效目标与绩效自评", KINDS_COLUMNS, tuple(rows)), page),
        download,
    ] if p)


def render_department_results(evaluations: list[Evaluation], page: PageContext) -> list[str]:
    """执行率 and 总分 of a department's self-evaluations by year: charts and their table. Nothing when there are none."""
    if not evaluations:
        return []
    evaluations = sorted(evaluations, key=lambda e: e.year)
    name, code = evaluations[-1].department, evaluations[-1].unit.code
    rows: list[tuple[Entry, ...]] = []
    rate_bars, score_bars = [], []
    for e in evaluations:
        budget, spent = execution(e)
        rate, score = rate_and_score(e)
        listed = "；".join(f"{p.name} {p.total_score}" for p in e.projects if p.total_score is not None) or "—"
        rows.append((Cell.of(f"{e.year} 年", e.year, page.link(routes.evaluation_page(e.year, code))), len(e.projects),
                     budget, spent, Cell.of("—" if rate is None else f"{rate}%", rate), score, listed))
        if rate is not None:
            rate_bars.append(Bar(f"{e.year} 年", rate))
        if score is not None:
            score_bars.append(Bar(f"{e.year} 年", score))
    rate_chart = bar_chart(rate_bars, chart_id=f"bs-chart-rate-{code}", title=f"{name}各年度预算执行率",
                           desc=f"{name}各年度项目支出绩效自评的执行率（全年执行数 ÷ 全年预算数）。"
                           + "；".join(f"{b.label} {b.value}%" for b in rate_bars) + "。", unit="%")
    score_chart = bar_chart(score_bars, chart_id=f"bs-chart-score-{code}", title=f"{name}各年度自评平均总分",
                            desc=f"{name}各年度项目支出绩效自评各项目总分的平均数（满分通常为 100）。"
                            + "；".join(f"{b.label} {b.value} 分" for b in score_bars) + "。", unit="分")
    table = html_table(Table(f"{name} 各年度绩效自评：执行率与总分（金额单位：{evaluations[-1].money_unit}）", HISTORY_COLUMNS, tuple(rows)), page)
    latest = evaluations[-1]
    return [
        "## 绩效自评：执行率与总分 {#evaluations}",
        f'<p class="bs-summary">已公开 {len(evaluations)} 个年度的项目支出绩效自评；最新为'
        f'<a href="{h(page.link(routes.evaluation_page(latest.year, code)))}">{h(evaluation_title(latest.department, latest.year))}</a>。</p>',
        chart_with_table(rate_chart + score_chart, table),
    ]
