"""Self-evaluations as open data: JSON (with the published JSON Schema), CSV and XLSX of the results beside
their targets, the record file itself, and an index.

These files are archive-wide (``Download.year`` is None): a self-evaluation is
published a year after the targets it answers, often after that year was frozen,
so its files must not change a frozen year's manifest.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from .. import routes
from ..collection import Archive
from ..evaluation_match import EvaluationMatch
from ..evaluation_model import Evaluation
from ..tables import PROJECT_CODE, PROJECT_NAME, UNIT_CODE, YEAR, Column, Entry, Table
from . import xlsx
from .csv import csv_file, row_lines, to_csv
from .files import Download, YearPart
from .jsonapi import dumps, dumps_data, to_plain
from .schema import BASE, DECIMAL, DRAFT, QUANTITY, _class_schema

EVALUATION_FORMAT = "budgetsite-evaluation/1"
MATCHED, TARGET_ONLY, RESULT_ONLY = "已对应", "仅绩效目标有", "仅自评表有"
RESULT_COLUMNS = (
    YEAR, UNIT_CODE, PROJECT_CODE, PROJECT_NAME,
    Column("target_project", "对应绩效目标项目编码", "code"),
    Column("level1", "一级指标"), Column("level2", "二级指标"), Column("name", "三级指标"),
    Column("published_target", "绩效目标指标值"), Column("target", "年度指标值（自评表）"), Column("actual", "实际完成值"),
    Column("points", "分值", "amount"), Column("score", "得分", "amount"), Column("reason", "偏差原因分析及改进措施"),
    Column("total_score", "项目总分", "amount"), Column("match", "对应情况"),
)


def result_rows(match: EvaluationMatch) -> Table:
    """Every indicator row of both documents: each result with its published target, and the rows only one side has."""
    e = match.evaluation
    rows: list[tuple[Entry, ...]] = []
    for pair in match.projects:
        target, result = match.target_project(pair), match.result_project(pair)
        code = result.code if result is not None and result.code else target.code if target is not None else ""
        name = result.name if result is not None else target.name if target is not None else ""
        target_code = target.code if target is not None else ""
        total = result.total_score if result is not None else None
        for ip in pair.indicators:
            t = target.indicators[ip.target] if target is not None and ip.target is not None else None
            r = result.indicators[ip.result] if result is not None and ip.result is not None else None
            row = r or t
            assert row is not None
            state = MATCHED if t is not None and r is not None else TARGET_ONLY if r is None else RESULT_ONLY
            rows.append((e.year, e.unit.code, code, name, target_code, row.level1, row.level2, row.name,
                         t.value if t is not None else None, r.target if r else None, r.actual if r else None,
                         r.points if r else None, r.score if r else None, r.reason if r else None, total, state))
    return Table(f"{e.department} {e.year} 年绩效自评结果", RESULT_COLUMNS, tuple(rows))


def evaluation_json(match: EvaluationMatch) -> dict[str, Any]:
    e = match.evaluation
    out = to_plain(e)
    out["matches"] = [{"target_project": match.target_project(p).code if match.target_project(p) else None,  # type: ignore[union-attr]
                       "result_project": p.result, "by": p.by,
                       "indicators": [[i.target, i.result] for i in p.indicators]} for p in match.projects]
    out["counts"] = dataclasses.asdict(match.counts())
    out["source"] = {"file": routes.record_name(e.year, f"{e.unit.code}-evaluation.yaml"), "sha256": e.source.sha256 if e.source else ""}
    return {"format": EVALUATION_FORMAT, **out}


def evaluation_schema() -> dict[str, Any]:
    defs: dict[str, Any] = {"Quantity": QUANTITY}
    _class_schema(Evaluation, defs)
    root = defs.pop("Evaluation")
    count = {"type": "integer", "minimum": 0}
    root["properties"] = {
        "format": {"const": EVALUATION_FORMAT, "title": "格式版本"},
        **root["properties"],
        "matches": {"type": "array", "title": "与绩效目标的对应", "description": "每个项目对：绩效目标中的项目编码（没有则为 null）、自评表中的项目序号（从 0 起，没有则为 null）、"
                    "按什么对应，以及各指标行的 [绩效目标行序号, 自评表行序号]。",
                    "items": {"type": "object", "properties": {
                        "target_project": {"type": ["string", "null"]}, "result_project": {"type": ["integer", "null"]},
                        "by": {"enum": ["项目编码", "项目名称", None]},
                        "indicators": {"type": "array", "items": {"type": "array", "items": {"type": ["integer", "null"]}, "minItems": 2, "maxItems": 2}}},
                        "required": ["target_project", "result_project", "by", "indicators"], "additionalProperties": False}},
        "counts": {"type": "object", "title": "对应数量", "properties": {k: count for k in (
            "projects_matched", "projects_target_only", "projects_result_only", "indicators_matched", "indicators_target_only", "indicators_result_only")},
            "additionalProperties": False},
        "source": {"type": "object", "title": "数据来源", "properties": {
            "file": {"type": "string", "pattern": r"^\d{4}/[^/]+-evaluation\.ya?ml$"}, "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"}},
            "required": ["file", "sha256"], "additionalProperties": False},
    }
    root["required"] = list(root["properties"])
    return {"$schema": DRAFT, "$id": BASE + "evaluation.schema.json", "title": "项目支出绩效自评表（一个单位一个年度）",
            "description": "budgetsite 公开数据中一个自评表的 JSON 格式。金额、分值、得分均为字符串形式的精确小数。",
            **root, "$defs": {**defs, "Decimal": DECIMAL}}


def _year_matches(archive: Archive, year: int) -> list[EvaluationMatch]:
    """A year's self-evaluations paired with their targets, by unit code."""
    out = [archive.match(e.year, e.unit.code) for e in sorted(archive.evaluations, key=lambda e: e.unit.code) if e.year == year]
    return [m for m in out if m is not None]


def _index_entry(match: EvaluationMatch) -> dict[str, Any]:
    e = match.evaluation
    files = routes.evaluation_files(e.year, e.unit.code)
    return {"year": e.year, "department": e.department, "unit": {"code": e.unit.code, "name": e.unit.name},
            "project_count": len(e.projects), "counts": dataclasses.asdict(match.counts()),
            "urls": {"json": files.json, "csv": files.csv, "xlsx": files.xlsx, "yaml": files.yaml,
                     "page": routes.page_url(routes.evaluation_page(e.year, e.unit.code))}}


def year_evaluations(archive: Archive, year: int) -> tuple[list[dict[str, Any]], str]:
    """A year's lines of api/evaluations.json and its result rows (the year's CSV file without its header)."""
    matches = _year_matches(archive, year)
    return [_index_entry(m) for m in matches], "".join(line for m in matches for line in row_lines(result_rows(m)))


def year_evaluation_downloads(archive: Archive, year: int) -> list[Download]:
    """A year's self-evaluation files and the CSV of all its results. Archive-wide in the manifest's sense
    (``Download.year`` is None: published after the year may have been frozen), but made with the year's files."""
    matches = _year_matches(archive, year)
    if not matches:
        return []
    out = []
    lines: list[str] = []
    for match in matches:
        e = match.evaluation
        src = frozenset({e.unit.code})
        files = routes.evaluation_files(e.year, e.unit.code)
        table = result_rows(match)
        lines += row_lines(table)
        out += [Download(files.json, dumps_data(evaluation_json(match)), None, src),
                Download(files.csv, to_csv(table), None, src),
                Download(files.xlsx, xlsx.to_xlsx([table]), None, src)]
        if e.source is not None:
            out.append(Download(files.yaml, e.source.text.encode("utf-8"), None, src))
    out.append(Download(routes.evaluations_csv(year), csv_file(RESULT_COLUMNS, lines), None, frozenset()))
    return out


def archive_evaluation_downloads(parts: list[YearPart]) -> list[Download]:
    """The schema, every year's results in one CSV and the index, from each year's part (oldest year first)."""
    ordered = sorted((p for p in parts if p.evaluations), key=lambda p: p.year)
    if not ordered:
        return []
    every = csv_file(RESULT_COLUMNS, [p.evaluation_rows for p in ordered])
    index = [entry for p in ordered for entry in p.evaluations]
    return [Download(routes.EVALUATION_SCHEMA, dumps(evaluation_schema()), None, frozenset()),
            Download(routes.evaluations_csv(None), every, None, frozenset()),
            Download(routes.EVALUATION_INDEX, dumps({"format": "budgetsite-evaluations/1", "evaluations": index,
                                                     "urls": {"schema": routes.EVALUATION_SCHEMA}}), None, frozenset())]
