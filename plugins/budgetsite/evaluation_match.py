"""Pairing a self-evaluation with the targets it answers: projects, then indicator rows.

A project is matched to the same year's target project by 项目编码, else by
项目名称; an indicator row by its 三级指标 name within the same 一级/二级. Nothing
is dropped: a row on either side without a partner stays in the result, unpaired,
so that pages show it and ``budgetsite check`` reports it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

from .evaluation_model import Evaluation, ProjectResult, ResultIndicator
from .model import Indicator, Project, Record

MatchedBy = Literal["项目编码", "项目名称"]


@dataclass(frozen=True)
class IndicatorPair:
    target: int | None  # index in the target project's indicators, None: only in the self-evaluation
    result: int | None  # index in the self-evaluation's indicators, None: the self-evaluation has no such row


@dataclass(frozen=True)
class ProjectPair:
    target: int | None  # index in the record's projects
    result: int | None  # index in the evaluation's projects
    by: MatchedBy | None
    indicators: tuple[IndicatorPair, ...]

    @property
    def matched(self) -> bool:
        return self.target is not None and self.result is not None


@dataclass(frozen=True)
class EvaluationMatch:
    """The pairs of one department-year, in the targets' order, then the self-evaluation's unpaired projects."""

    record: Record | None
    evaluation: Evaluation
    projects: tuple[ProjectPair, ...]

    def for_target(self, index: int) -> ProjectPair | None:
        return next((p for p in self.projects if p.target == index), None)

    def for_result(self, index: int) -> ProjectPair | None:
        return next((p for p in self.projects if p.result == index), None)

    def target_project(self, pair: ProjectPair) -> Project | None:
        return self.record.projects[pair.target] if self.record is not None and pair.target is not None else None

    def result_project(self, pair: ProjectPair) -> ProjectResult | None:
        return self.evaluation.projects[pair.result] if pair.result is not None else None

    def counts(self) -> MatchCounts:
        projects = [p for p in self.projects if p.matched]
        rows = [i for p in projects for i in p.indicators]
        return MatchCounts(
            projects_matched=len(projects),
            projects_target_only=sum(1 for p in self.projects if p.result is None),
            projects_result_only=sum(1 for p in self.projects if p.target is None),
            indicators_matched=sum(1 for i in rows if i.target is not None and i.result is not None),
            indicators_target_only=sum(1 for i in rows if i.result is None),
            indicators_result_only=sum(1 for i in rows if i.target is None),
        )


@dataclass(frozen=True)
class MatchCounts:
    projects_matched: int
    projects_target_only: int
    projects_result_only: int
    indicators_matched: int
    indicators_target_only: int
    indicators_result_only: int

    def __add__(self, other: MatchCounts) -> MatchCounts:
        return MatchCounts(*(a + b for a, b in zip(self.as_tuple(), other.as_tuple())))

    def as_tuple(self) -> tuple[int, ...]:
        return (self.projects_matched, self.projects_target_only, self.projects_result_only,
                self.indicators_matched, self.indicators_target_only, self.indicators_result_only)

    def describe(self) -> str:
        return (f"项目匹配 {self.projects_matched} 个，仅有目标 {self.projects_target_only} 个，仅有自评 {self.projects_result_only} 个；"
                f"指标匹配 {self.indicators_matched} 行，仅有目标 {self.indicators_target_only} 行，仅有自评 {self.indicators_result_only} 行")


NO_MATCHES = MatchCounts(0, 0, 0, 0, 0, 0)


def key_text(text: str) -> str:
    """A name as compared: NFKC (full-width letters and digits), no spaces, no trailing 指标."""
    k = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    return k[:-2] if k.endswith("指标") and len(k) > 2 else k


def level_key(level1: str, level2: str) -> tuple[str, str]:
    """(产出指标, 产出数量指标) and (产出, 数量) compare equal."""
    k1, k2 = key_text(level1), key_text(level2)
    if k2.startswith(k1) and len(k2) > len(k1):
        k2 = k2[len(k1):]
    return k1, k2


def match_evaluation(record: Record | None, evaluation: Evaluation) -> EvaluationMatch:
    """Pair every project and indicator row of ``evaluation`` with ``record`` (None: no targets for that year)."""
    targets = record.projects if record is not None else []
    by_code = {p.code: i for i, p in enumerate(targets)}
    by_name: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(targets):
        by_name[key_text(p.name)].append(i)
    taken: set[int] = set()
    paired: dict[int, tuple[int, MatchedBy]] = {}  # target index -> (result index, how)
    unpaired: list[int] = []
    # Codes first, for every project, so a name never claims a target that another project names by code.
    for j, result in enumerate(evaluation.projects):
        i = by_code.get(result.code) if result.code else None
        if i is not None and i not in taken:
            taken.add(i)
            paired[i] = (j, "项目编码")
    claimed = {j for j, _ in paired.values()}
    for j, result in enumerate(evaluation.projects):
        if j in claimed:
            continue
        i = next((i for i in by_name.get(key_text(result.name), []) if i not in taken), None)
        if i is None:
            unpaired.append(j)
            continue
        taken.add(i)
        paired[i] = (j, "项目名称")
    pairs: list[ProjectPair] = []
    for i, project in enumerate(targets):
        if i in paired:
            j, how = paired[i]
            pairs.append(ProjectPair(i, j, how, match_indicators(project.indicators, evaluation.projects[j].indicators)))
        else:
            pairs.append(ProjectPair(i, None, None, tuple(IndicatorPair(k, None) for k in range(len(project.indicators)))))
    for j in unpaired:
        rows = tuple(IndicatorPair(None, k) for k in range(len(evaluation.projects[j].indicators)))
        pairs.append(ProjectPair(None, j, None, rows))
    return EvaluationMatch(record, evaluation, tuple(pairs))


def match_indicators(targets: list[Indicator], results: list[ResultIndicator]) -> tuple[IndicatorPair, ...]:
    """Target rows in their order, each with its result; then result rows with no target, in theirs.

    Equal names within one 一级/二级 pair in order, so a repeated 三级指标 is not matched twice.
    """
    free: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for k, r in enumerate(results):
        free[(*level_key(r.level1, r.level2), key_text(r.name))].append(k)
    pairs: list[IndicatorPair] = []
    used: set[int] = set()
    for i, t in enumerate(targets):
        waiting = free.get((*level_key(t.level1, t.level2), key_text(t.name)))
        k = waiting.pop(0) if waiting else None
        if k is not None:
            used.add(k)
        pairs.append(IndicatorPair(i, k))
    pairs += [IndicatorPair(None, k) for k in range(len(results)) if k not in used]
    return tuple(pairs)
