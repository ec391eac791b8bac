"""From a parsed 项目支出绩效自评表 to the YAML of ``data/<year>/<unit code>-evaluation.yaml``.

The YAML is loaded back with the site's own loader before anything is written,
so an imported self-evaluation is exactly what ``budgetsite check`` will read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..errors import display_path
from ..evaluation_load import parse_evaluation
from ..evaluation_model import Evaluation
from ..kinds import EVALUATION, file_stem, kind_of
from ..load import parse_record
from .emit import scalar
from .evaluation import ParsedEvaluation, ParsedProject, amount, looks_like_evaluation, parse_lines, split_code_name
from .evaluation_xlsx import is_xlsx, xlsx_lines
from .source import ImportFailed, Line, read_lines

FUND_AMOUNTS = {"initial": "年初预算数", "adjusted": "全年预算数", "spent": "全年执行数", "points": "分值", "score": "得分"}
INDICATOR_TEXTS = ("level1", "level2", "name", "nature", "measure", "target", "actual")


@dataclass
class EvaluationImport:
    evaluation: Evaluation  # as loaded back from ``yaml``
    yaml: str
    kind: str  # "文本", "Word" or "Excel"
    notes: list[str]

    @property
    def default_path(self) -> Path:
        return Path("data") / str(self.evaluation.year) / f"{file_stem(EVALUATION, self.evaluation.unit.code)}.yaml"


def is_evaluation(path: Path) -> bool:
    """Whether ``path`` holds a self-evaluation table (False for anything unreadable: the targets' importer explains)."""
    try:
        lines, _ = _lines(Path(path), str(path))
    except ImportFailed:
        return False
    return looks_like_evaluation(lines)


def _lines(path: Path, shown: str) -> tuple[list[Line], str]:
    """The document's lines: an Excel workbook through :mod:`.evaluation_xlsx`, anything else as the targets' importer reads it."""
    if is_xlsx(path):
        return xlsx_lines(path, shown), "Excel"
    return read_lines(path, shown)


def import_evaluation(path: Path, *, year: int | None = None, unit: str | None = None,
                      data_dir: Path | None = Path("data"), file: str | None = None) -> EvaluationImport:
    """Read a self-evaluation; the unit code comes from ``unit``, the 实施单位 cell ('711001-…'), or the targets in ``data_dir``."""
    path = Path(path)
    shown = file or display_path(path)
    lines, kind = _lines(path, shown)
    parsed = parse_lines(lines, year)
    problems = list(parsed.problems)
    if parsed.year is None:
        problems.append((None, "没有找到年度；请用 --year 指定被评价的预算年度，如 --year 2021"))
    code, name = _unit(parsed, unit, data_dir, problems)
    text = ""
    if not problems:
        text = dump_evaluation(parsed, code, name, path.name, problems)
    if problems:
        raise ImportFailed(shown, problems)
    assert parsed.year is not None
    loaded, errors = parse_evaluation(text.encode("utf-8"), f"{shown} → YAML", expect_year=parsed.year, expect_code=code)
    if loaded is None:
        raise ImportFailed(shown, [(None, f"生成的自评记录不符合数据格式：{e.field}：{e.message}") for e in errors])
    notes = [_note(shown, line, message) for line, message in parsed.notes]
    return EvaluationImport(evaluation=loaded, yaml=text, kind=kind, notes=notes)


def _note(shown: str, line: Line | None, message: str) -> str:
    if line is None:
        return f"{shown}: {message}"
    if line.where == f"第 {line.no} 行":  # a text export: its own line number
        return f"{shown}:{line.no}: {message}：“{line.text.strip()}”"
    return f"{shown}（{line.where}）: {message}：“{line.text.strip()}”"


def _unit(parsed: ParsedEvaluation, unit: str | None, data_dir: Path | None, problems: list[tuple[Line | None, str]]) -> tuple[str, str]:
    first = parsed.projects[0] if parsed.projects else ParsedProject()
    code, name = split_code_name(first.header.get("implementer", ""))
    if unit:
        return unit, name
    if code:
        return code, name
    found = _code_from_targets(parsed, data_dir)
    if found:
        return found, name
    problems.append((first.start, "实施单位一栏没有单位编码（如 711001-承德县总工会本级），在数据文件夹的绩效目标中也找不到这些项目；"
                                  "请用 --unit 单位编码 指定"))
    return "", name


def _code_from_targets(parsed: ParsedEvaluation, data_dir: Path | None) -> str | None:
    """The unit whose targets of the same year hold one of these projects (by code, else by name)."""
    if data_dir is None or parsed.year is None or not (Path(data_dir) / str(parsed.year)).is_dir():
        return None
    wanted_codes = {p.header.get("code", "") for p in parsed.projects} - {""}
    wanted_names = {p.header.get("name", "") for p in parsed.projects} - {""}
    for path in sorted((Path(data_dir) / str(parsed.year)).glob("*.yaml")):
        kind, code = kind_of(path.stem)
        if kind is EVALUATION:
            continue
        record, _ = parse_record(path.read_bytes(), path.as_posix())
        if record is not None and any(p.code in wanted_codes or p.name in wanted_names for p in record.projects):
            return code
    return None


def _number(text: str, line: Line | None, what: str, problems: list[tuple[Line | None, str]]) -> str | None:
    value = amount(text)
    if isinstance(value, str):
        problems.append((line, f"{what}“{text}”不是数字（金额、分值、得分只写数字，不带单位和千位分隔符）"))
        return None
    return None if value is None else str(value)


def dump_evaluation(parsed: ParsedEvaluation, code: str, name: str, origin: str, problems: list[tuple[Line | None, str]]) -> str:
    first = parsed.projects[0]
    department = split_code_name(first.header.get("department", ""))[1] or name
    money = first.money_unit or "万元"
    out = [
        f"# {department} {parsed.year} 年项目支出绩效自评表",
        f"# 由 budgetsite import 从 {origin} 生成。字段说明见网站“数据格式说明”页面。金额、分值、得分按原文小数位填写。",
        f"year: {parsed.year}",
        "status: 正式",
        f"department: {scalar(department)}",
        "unit:",
        f"  code: {json.dumps(code)}",
        f"  name: {scalar(name or department)}",
        f"money_unit: {scalar(money)}",
        "projects:",
    ]
    for project in parsed.projects:
        out += _project(project, problems)
    return "\n".join(out) + "\n"


def _project(p: ParsedProject, problems: list[tuple[Line | None, str]]) -> list[str]:
    out = [f"  - name: {scalar(p.header.get('name', ''))}"]
    if p.header.get("code"):
        out.append(f"    code: {json.dumps(p.header['code'], ensure_ascii=False)}")
    for field_name in ("department", "implementer"):
        if p.header.get(field_name):
            out.append(f"    {field_name}: {scalar(p.header[field_name])}")
    if p.funds:
        out.append("    funds:")
    for row in p.funds:
        parts = [f"name: {scalar(row.values['name'], flow=True)}"]
        for k, label in FUND_AMOUNTS.items():
            if k in row.values and (n := _number(row.values[k], row.line, f"项目资金“{row.values['name']}”的{label}", problems)) is not None:
                parts.append(f"{k}: {n}")
        if row.values.get("rate"):
            parts.append(f"rate: {scalar(row.values['rate'], flow=True)}")
        out.append("      - {" + ", ".join(parts) + "}")
    for field_name, text in (("goal_expected", p.goal_expected), ("goal_actual", p.goal_actual)):
        if text:
            out.append(f"    {field_name}: {scalar(text)}")
    if p.indicators:
        out.append("    indicators:")
    for row in p.indicators:
        v = row.values
        parts = [f"{k}: {scalar(v.get(k, ''), flow=True)}" for k in INDICATOR_TEXTS if k in ("target", "actual") or v.get(k)]
        for k in ("points", "score"):
            if k in v and (n := _number(v[k], row.line, f"三级指标“{v['name']}”的{'分值' if k == 'points' else '得分'}", problems)) is not None:
                parts.append(f"{k}: {n}")
        if v.get("reason"):
            parts.append(f"reason: {scalar(v['reason'], flow=True)}")
        out.append("      - {" + ", ".join(parts) + "}")
    points, score = p.total
    line = p.start
    if points and (n := _number(points, line, "总分的分值", problems)) is not None:
        out.append(f"    total_points: {n}")
    if score and (n := _number(score, line, "总分", problems)) is not None:
        out.append(f"    total_score: {n}")
    for field_name in ("conclusion", "problems", "measures"):
        if p.closing.get(field_name):
            out.append(f"    {field_name}: {scalar(p.closing[field_name])}")
    if p.unplaced:
        out.append("    unplaced:  # 导入时无法归类的原文，页面照样公开")
        out += [f"      - {scalar(t)}" for t in p.unplaced]
    return out


__all__ = ["EvaluationImport", "import_evaluation", "is_evaluation"]
