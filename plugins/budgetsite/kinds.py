"""Which kind of document a data file holds, from its name: the naming rule of ``data/<year>/``.

One table, so that the rule is written once (the loader, ``budgetsite import``,
the docs and the tests read it from here):

====================================  ====================================================
``data/<year>/<unit code>.yaml``      项目支出绩效目标 (the budget-year targets document)
``data/<year>/<unit code>-evaluation.yaml``  项目支出绩效自评 of the same budget year's targets
====================================  ====================================================

The year is always the budget year: a 2021 self-evaluation, published in 2022,
answers the 2021 targets and sits beside them in ``data/2021/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["targets", "evaluation"]


@dataclass(frozen=True)
class RecordKind:
    kind: Kind
    suffix: str  # what follows the unit code in the file stem
    label: str  # the document's name as clerks and readers know it


KINDS: tuple[RecordKind, ...] = (
    RecordKind("evaluation", "-evaluation", "项目支出绩效自评表"),
    RecordKind("targets", "", "部门预算绩效文本"),
)
"""Longest suffix first: the first kind whose suffix ends the stem wins."""

TARGETS, EVALUATION = KINDS[1], KINDS[0]


def kind_of(stem: str) -> tuple[RecordKind, str]:
    """The kind of a record file and its unit code, from the file stem: '711001-evaluation' -> (自评, '711001')."""
    for kind in KINDS:
        if kind.suffix and stem.endswith(kind.suffix) and len(stem) > len(kind.suffix):
            return kind, stem[: -len(kind.suffix)]
    return TARGETS, stem


def file_stem(kind: RecordKind, unit_code: str) -> str:
    """The file stem of a unit's document of ``kind``: the inverse of :func:`kind_of`."""
    return f"{unit_code}{kind.suffix}"
