"""Reading one self-evaluation file (``<unit code>-evaluation.yaml``) into an :class:`~budgetsite.evaluation_model.Evaluation`.

The same reader as the targets (:mod:`budgetsite.load`): YAML nodes, every value's
text and position kept, every error of the file collected, in Chinese.
"""

from __future__ import annotations

import hashlib

from .errors import RecordError
from .evaluation_model import Evaluation
from .kinds import EVALUATION, file_stem
from .load import _INVALID, _Reader, read_yaml
from .model import Source


def parse_evaluation(data: bytes, file: str, *, expect_year: int | None = None,
                     expect_code: str | None = None) -> tuple[Evaluation | None, list[RecordError]]:
    """Load and validate one self-evaluation; returns it or every error found in it."""
    text, root, errors = read_yaml(data, file, "自评记录")
    if errors or root is None:
        return None, errors
    reader = _Reader(file)
    evaluation = reader.mapping(root, Evaluation, "", "自评记录")
    if evaluation is not _INVALID:
        _check_identity(evaluation, reader, expect_year, expect_code)
        _check_unique_projects(evaluation, reader)
    if reader.errors:
        return None, sorted(reader.errors)
    evaluation.source = Source.build(file, text, hashlib.sha256(data).hexdigest(), reader.positions)
    return evaluation, []


def _check_identity(evaluation: Evaluation, reader: _Reader, year: int | None, code: str | None) -> None:
    if year is not None and evaluation.year != year:
        reader.error(None, "year", f"年度（year）为 {evaluation.year}，但文件放在 {year} 年的文件夹里；自评表放在它所评价的预算年度的文件夹，"
                                   f"请改正年度或把文件移到 {evaluation.year} 文件夹。", at=reader.positions["year"])
    if code is not None and evaluation.unit.code != code:
        reader.error(None, "unit.code", f"单位编码（unit.code）为“{evaluation.unit.code}”，但文件名是 "
                                        f"{file_stem(EVALUATION, code)}.yaml；文件名必须是 单位编码-evaluation.yaml。",
                     at=reader.positions["unit.code"])


def _check_unique_projects(evaluation: Evaluation, reader: _Reader) -> None:
    first: dict[str, str] = {}
    for i, project in enumerate(evaluation.projects):
        key = project.code or f"名称:{project.name}"
        path = f"projects[{i}].code" if project.code else f"projects[{i}].name"
        if key in first:
            what = f"项目编码“{project.code}”" if project.code else f"项目名称“{project.name}”（无项目编码）"
            reader.error(None, path, f"{what}与第 {reader.positions[first[key]][0]} 行的项目重复；同一自评表中每个项目只能出现一次。",
                         at=reader.positions[path])
        else:
            first[key] = path
