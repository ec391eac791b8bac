"""Reading one self-evaluation file (``<unit code>-evaluation.yaml``) into an :class:`~budgetsite.evaluation_model.Evaluation`.

The same reader as the targets (:mod:`budgetsite.load`): YAML nodes, every value's
text and position kept, every error of the file collected, in Chinese.
"""

from __future__ import annotations

import hashlib

from ruamel.yaml.error import MarkedYAMLError, YAMLError

from .errors import RecordError
from .evaluation_model import Evaluation
from .kinds import EVALUATION, file_stem
from .load import _INVALID, _Reader, _yaml_problem, compose, decode_bytes, refused_input
from .model import Source


def parse_evaluation(data: bytes, file: str, *, expect_year: int | None = None,
                     expect_code: str | None = None) -> tuple[Evaluation | None, list[RecordError]]:
    """Load and validate one self-evaluation; returns it or every error found in it."""
    text, reason, line = decode_bytes(data)
    if text is None:
        return None, [RecordError(file, line, 1, "", reason or "")]
    if not text.strip():
        return None, [RecordError(file, 1, 1, "", "文件为空，请填写自评记录内容（可参照数据格式说明页面中的示例）。")]
    refused = refused_input(data, text, file)
    if refused:
        return None, refused
    try:
        root = compose(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line_no, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return None, [RecordError(file, line_no, col, "", f"YAML 语法错误：{_yaml_problem(exc)}。请检查这一行及上一行的缩进、冒号和引号。")]
    except YAMLError as exc:
        return None, [RecordError(file, 1, 1, "", f"YAML 语法错误：{exc}")]
    if root is None:
        return None, [RecordError(file, 1, 1, "", "文件中没有内容（只有注释），请填写自评记录内容。")]
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
