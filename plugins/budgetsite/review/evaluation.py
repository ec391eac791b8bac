"""Review of a self-evaluation (项目支出绩效自评表) against its own arithmetic, the scoring scheme and its targets.

Like the targets' review (:mod:`.rules`), a finding never changes the record. Each
names the file and line, and both numbers: the one the table states and the one
it should be.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from ..evaluation_match import EvaluationMatch, key_text
from ..evaluation_model import Evaluation, FundRow, ProjectResult
from ..model import Record, Source
from .rules import Finding
from .scoring import Scheme, execution_rate, expected_score, known_scheme, same_at, scheme_for, shown

ZERO = Decimal(0)


class _Collector:
    def __init__(self) -> None:
        self.findings: list[Finding] = []

    def add(self, source: Source | None, fallback: str, rule: str, path: str, message: str) -> None:
        line, col = source.position(path) if source else (1, 1)
        self.findings.append(Finding(source.file if source else fallback, line, col, rule, path, message))


def review_evaluation(match: EvaluationMatch, in_force: Scheme | None = None) -> list[Finding]:
    """Every finding for one self-evaluation (and the unmatched rows of its targets), in file order.

    ``in_force``: the scoring scheme of the year's indicator framework file, if it has one.
    """
    evaluation = match.evaluation
    out = _Collector()
    src = evaluation.source
    fallback = f"{evaluation.year}/{evaluation.unit.code}-evaluation"
    if not known_scheme(evaluation.scoring, in_force):
        out.add(src, fallback, "eval-scheme", "scoring", f"评分办法“{evaluation.scoring}”没有定义；省略此项则用默认办法")
    scheme = scheme_for(evaluation, in_force)
    for i, project in enumerate(evaluation.projects):
        p = f"projects[{i}]"
        _funds(out, src, fallback, project, p)
        _scores(out, src, fallback, project, p, scheme)
        _weights_and_total(out, src, fallback, project, p, scheme)
    _pairs(out, match, fallback)
    return sorted(out.findings)


def _funds(out: _Collector, src: Source | None, fb: str, project: ProjectResult, p: str) -> None:
    for n, row in enumerate(project.funds):
        path = f"{p}.funds[{n}]"
        budget = row.adjusted if row.adjusted is not None else row.initial
        if row.rate_percent is not None and row.spent is not None and budget is not None:
            rate = execution_rate(row.spent, budget)
            if rate is not None and not same_at(row.rate_percent, rate):
                out.add(src, fb, "eval-rate", f"{path}.rate",
                        f"“{row.name}”执行率为 {row.rate}，但 全年执行数 {row.spent} ÷ 全年预算数 {budget} = {shown(rate, row.rate_percent)}%")
    row0 = project.budget_row()
    if row0 is not None and row0.points is not None and row0.score is not None and row0.rate_percent is not None:
        expected = min(row0.rate_percent / 100 * row0.points, row0.points)
        if not same_at(row0.score, expected):
            out.add(src, fb, "eval-budget-score", f"{p}.funds[0].score",
                    f"预算执行得分为 {row0.score}，按执行率 {row0.rate} × 分值 {row0.points} 应为 {shown(expected, row0.score)}")


def _scores(out: _Collector, src: Source | None, fb: str, project: ProjectResult, p: str, scheme: Scheme) -> None:
    row0 = project.budget_row()
    if row0 is not None and row0.points is not None and row0.score is not None and row0.score > row0.points:
        out.add(src, fb, "eval-score-over", f"{p}.funds[0].score", f"预算执行得分 {row0.score} 超过分值 {row0.points}")
    for k, ind in enumerate(project.indicators):
        path = f"{p}.indicators[{k}]"
        if ind.points is None or ind.score is None:
            continue
        if ind.score > ind.points:
            out.add(src, fb, "eval-score-over", f"{path}.score", f"三级指标“{ind.name}”得分 {ind.score} 超过分值 {ind.points}")
            continue
        expected = expected_score(ind, scheme.cap)
        if expected is not None and not same_at(ind.score, expected):
            how = "目标 ÷ 实际" if ind.target_quantity and ind.target_quantity.comparator in ("≤", "<") else "实际 ÷ 目标"
            out.add(src, fb, "eval-score", f"{path}.score",
                    f"三级指标“{ind.name}”得分为 {ind.score}，按 {how} × 分值（{ind.actual} 对 {ind.target}，分值 {ind.points}）应为 {shown(expected, ind.score)}")
        if ind.score < ind.points and not ind.reason.strip():
            out.add(src, fb, "eval-reason-missing", f"{path}.reason" if src and f"{path}.reason" in src.packed else f"{path}.score",
                    f"三级指标“{ind.name}”得分 {ind.score}，低于分值 {ind.points}，但没有写偏差原因分析及改进措施")


def _group(level1: str, groups: dict[str, Decimal]) -> str | None:
    k = key_text(level1)
    return next((g for g in groups if key_text(g) == k), None)


def _weights_and_total(out: _Collector, src: Source | None, fb: str, project: ProjectResult, p: str, scheme: Scheme) -> None:
    row0: FundRow | None = project.budget_row()
    if row0 is not None and row0.points is not None and row0.points != scheme.budget:
        out.add(src, fb, "eval-weights", f"{p}.funds[0].points",
                f"预算执行的分值为 {row0.points}，{scheme.name}为 {scheme.budget}")
    sums: dict[str, Decimal] = {}
    first: dict[str, int] = {}
    for k, ind in enumerate(project.indicators):
        group = _group(ind.level1, scheme.groups)
        if group is not None and ind.points is not None:
            sums[group] = sums.get(group, ZERO) + ind.points
            first.setdefault(group, k)
    for group, points in sums.items():
        if points != scheme.groups[group]:
            out.add(src, fb, "eval-weights", f"{p}.indicators[{first[group]}].points",
                    f"{group}各行分值合计 {points}，{scheme.name}为 {scheme.groups[group]}")
    all_points = [x for x in [row0.points if row0 else None, *(i.points for i in project.indicators)] if x is not None]
    if project.total_points is not None and all_points and sum(all_points, ZERO) != project.total_points:
        out.add(src, fb, "eval-weights", f"{p}.total_points",
                f"各行分值合计 {sum(all_points, ZERO)}，与总分的分值 {project.total_points} 不符")
    scores = [x for x in [row0.score if row0 else None, *(i.score for i in project.indicators)] if x is not None]
    if project.total_score is not None and scores:
        total = sum(scores, ZERO)
        if total != project.total_score:
            out.add(src, fb, "eval-total", f"{p}.total_score",
                    f"总分为 {project.total_score}，但各行得分之和为 {total}（预算执行 {row0.score if row0 and row0.score is not None else '—'}"
                    f" + {len(project.indicators)} 个指标）；相差 {project.total_score - total}")


def _same_value(a: str, b: str) -> bool:
    def canon(text: str) -> str:
        return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).replace("百分比", "%")
    return canon(a) == canon(b)


def _pairs(out: _Collector, match: EvaluationMatch, fb: str) -> None:
    evaluation: Evaluation = match.evaluation
    record: Record | None = match.record
    esrc = evaluation.source
    rsrc = record.source if record is not None else None
    shown_file = esrc.file if esrc else fb
    for pair in match.projects:
        result = match.result_project(pair)
        target = match.target_project(pair)
        if result is None and target is not None:
            out.add(rsrc, fb, "eval-unmatched-project", f"projects[{pair.target}].name",
                    f"项目“{target.name}”（{target.code}）在自评表 {shown_file} 中没有对应的项目")
            continue
        if target is None and result is not None:
            where = f"{evaluation.year} 年绩效目标文本中" if record is not None else f"{evaluation.year} 年没有单位 {evaluation.unit.code} 的绩效目标文本，"
            out.add(esrc, fb, "eval-unmatched-project", f"projects[{pair.result}].name",
                    f"自评项目“{result.name}”{where}没有项目编码或项目名称相同的项目")
            continue
        assert result is not None and target is not None
        for ip in pair.indicators:
            if ip.result is None and ip.target is not None:
                t = target.indicators[ip.target]
                out.add(rsrc, fb, "eval-unmatched-indicator", f"projects[{pair.target}].indicators[{ip.target}].name",
                        f"三级指标“{t.name}”（{t.level1}/{t.level2}）在自评表 {shown_file} 的项目“{result.name}”中没有对应的行")
            elif ip.target is None and ip.result is not None:
                r = result.indicators[ip.result]
                out.add(esrc, fb, "eval-unmatched-indicator", f"projects[{pair.result}].indicators[{ip.result}].name",
                        f"三级指标“{r.name}”（{r.level1}/{r.level2}）在绩效目标表的项目“{target.name}”中没有")
            elif ip.target is not None and ip.result is not None:
                t, r = target.indicators[ip.target], result.indicators[ip.result]
                if not _same_value(t.value, r.target):
                    out.add(esrc, fb, "eval-target-changed", f"projects[{pair.result}].indicators[{ip.result}].target",
                            f"三级指标“{r.name}”的年度指标值为“{r.target}”，公开的绩效目标为“{t.value}”"
                            + (f"（{rsrc.file} 第 {rsrc.position(f'projects[{pair.target}].indicators[{ip.target}].value')[0]} 行）" if rsrc else ""))
