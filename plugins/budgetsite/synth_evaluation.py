"""Synthetic self-evaluations for synthetic records, for tests, benchmarks and demos.

``write_evaluations(data_dir, share, seed)`` writes ``<code>-evaluation.yaml``
beside a deterministic ``share`` of the records of ``data_dir`` (made by
:mod:`budgetsite.synth`). Each one answers its record: the same projects and
targets, results around the targets, points split over 产出 50 / 效益 30 /
满意度 10 after 预算执行 10, and scores by the common rule, so a synthetic archive
reviews clean apart from what the rule leaves to judgement. Every file passes the loader.
"""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from .kinds import EVALUATION, file_stem, kind_of
from .load import parse_record
from .model import Indicator, Project, Record
from .synth import yaml_scalar

GROUP_POINTS = {"产出指标": Decimal(50), "效益指标": Decimal(30), "满意度指标": Decimal(10)}
CENT = Decimal("0.01")
QUALITATIVE_RESULTS = ["达成预期指标", "基本达成", "效果明显", "按计划完成"]
REASONS = ["受项目实施进度影响，部分任务延至次年完成；下一年度提前安排。", "资金拨付时间晚于计划，已建立按月调度制度。",
           "部分指标值设定偏高，下一年度按历史标准重新测算。"]


def _split(total: Decimal, n: int) -> list[Decimal]:
    """``total`` in ``n`` parts of two decimals that add up exactly (the first takes the remainder)."""
    base = (total / n).quantize(CENT, rounding="ROUND_DOWN")
    return [total - base * (n - 1)] + [base] * (n - 1)


def _points(indicators: list[Indicator]) -> list[Decimal]:
    groups: dict[str, list[int]] = {}
    for i, ind in enumerate(indicators):
        if ind.level1 in GROUP_POINTS:
            groups.setdefault(ind.level1, []).append(i)
    out = [Decimal(0)] * len(indicators)
    for level1, rows in groups.items():
        for i, share in zip(rows, _split(GROUP_POINTS[level1], len(rows))):
            out[i] = share
    return out


def _result(ind: Indicator, points: Decimal, rng: random.Random) -> tuple[str, Decimal, str]:
    """实际完成值, 得分 and 偏差原因 of one indicator."""
    q = ind.quantity
    if q is None or q.number == 0:
        met = rng.random() < 0.8
        score = points if met else (points * Decimal("0.8")).quantize(CENT)
        return (QUALITATIVE_RESULTS[0] if met else rng.choice(QUALITATIVE_RESULTS[1:]), score, "" if met else rng.choice(REASONS))
    factor = Decimal(rng.randint(85, 110)) / 100
    actual = (q.number * factor).quantize(CENT, rounding=ROUND_HALF_UP)
    if q.comparator in ("≤", "<"):
        ratio = q.number / actual if actual else Decimal(1)
    else:
        ratio = actual / q.number
    score = min(points, (ratio * points).quantize(CENT, rounding=ROUND_HALF_UP))
    return f"{actual}{q.unit}", score, "" if score >= points else rng.choice(REASONS)


def evaluation_text(record: Record, rng: random.Random) -> str:
    """The YAML of a self-evaluation answering ``record``."""
    out = [f"# 合成数据（虚构）：{record.department} {record.year} 年项目支出绩效自评", f"year: {record.year}", "status: 正式",
           f"department: {yaml_scalar(record.department)}", "unit:", f"  code: \"{record.unit.code}\"",
           f"  name: {yaml_scalar(record.unit.name)}", f"money_unit: {yaml_scalar(record.money_unit)}", "projects:"]
    for project in record.projects:
        out += _project(record, project, rng)
    return "\n".join(out) + "\n"


def _project(record: Record, project: Project, rng: random.Random) -> list[str]:
    budget = project.budget.total
    places = Decimal(1).scaleb(min(-2, budget.as_tuple().exponent if isinstance(budget.as_tuple().exponent, int) else -2))
    rate = Decimal(rng.randint(80, 100))
    spent = (budget * rate / 100).quantize(places, rounding=ROUND_HALF_UP)
    shown_rate = (spent / budget * 100).quantize(CENT, rounding=ROUND_HALF_UP) if budget else Decimal("0.00")
    budget_score = min(Decimal(10), (shown_rate / 10).quantize(CENT, rounding=ROUND_HALF_UP))
    lines = [f"  - code: \"{project.code}\"", f"    name: {yaml_scalar(project.name)}", "    funds:",
             f"      - {{name: 年度资金总额, initial: {budget}, adjusted: {budget}, spent: {spent}, points: 10, rate: \"{shown_rate}%\", score: {budget_score}}}"]
    if project.goals:
        lines.append(f"    goal_expected: {yaml_scalar('；'.join(project.goals))}")
        lines.append("    goal_actual: 年度目标基本完成。")
    total = budget_score
    if project.indicators:
        lines.append("    indicators:")
    for ind, points in zip(project.indicators, _points(project.indicators)):
        actual, score, reason = _result(ind, points, rng)
        total += score
        cells = [f"level1: {yaml_scalar(ind.level1)}", f"level2: {yaml_scalar(ind.level2)}", f"name: {yaml_scalar(ind.name)}",
                 f"target: {yaml_scalar(ind.value) if ind.value else chr(34) * 2}", f"actual: {yaml_scalar(actual)}",
                 f"points: {points}", f"score: {score}"]
        if reason:
            cells.append(f"reason: {yaml_scalar(reason)}")
        lines.append("      - {" + ", ".join(cells) + "}")
    lines += ["    total_points: 100", f"    total_score: {total}", f"    conclusion: {'优' if total >= 90 else '良' if total >= 80 else '中'}"]
    return lines


def write_evaluations(data_dir: Path, share: float, seed: int = 0) -> list[Path]:
    """A self-evaluation beside ``share`` (0–1) of the records under ``data_dir``; returns the paths written."""
    if not 0 <= share <= 1:
        raise ValueError("share must be between 0 and 1")
    rng = random.Random(seed + 1)
    written = []
    for path in sorted(Path(data_dir).glob("*/*.yaml")):
        kind, code = kind_of(path.stem)
        if kind is EVALUATION or rng.random() >= share:
            continue
        record, errors = parse_record(path.read_bytes(), path.as_posix())
        if record is None:
            raise ValueError(f"{path}: {errors[0].format()}")
        target = path.with_name(f"{file_stem(EVALUATION, code)}.yaml")
        target.write_text(evaluation_text(record, rng), encoding="utf-8")
        written.append(target)
    return written
