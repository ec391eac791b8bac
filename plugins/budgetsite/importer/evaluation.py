"""Reading a 项目支出绩效自评表 (text export, Word .docx) into a self-evaluation record.

The document arrives as lines of tab-separated cells (:mod:`.source`, the same
reader as the targets). The layout is the one the Anhui, Sichuan and Hubei
templates share: a header (项目名称, 项目编码, 主管部门, 实施单位), the 项目资金
block, 年度总体目标, the 绩效指标 grid, 总分, then 评价结论, 存在问题, 改进措施.
Columns are found by their header text (with the variants real tables use), so
an extra column such as 指标性质 or a missing 项目编码 row does not matter.
Several projects may follow each other; each starts at its 项目名称 row.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from ..values import parse_amount
from .source import Line

# Header cells of each block, with the variants published tables use.
FUND_COLUMNS: dict[str, tuple[str, ...]] = {
    "initial": ("年初预算数",),
    "adjusted": ("全年预算数", "调整后预算数", "全年预算数（A）"),
    "spent": ("全年执行数", "预算执行数", "执行数", "实际支出数"),
    "points": ("分值",),
    "rate": ("执行率",),
    "score": ("得分",),
}
INDICATOR_COLUMNS: dict[str, tuple[str, ...]] = {
    "level1": ("一级指标",),
    "level2": ("二级指标",),
    "name": ("三级指标", "指标内容"),
    "nature": ("指标性质",),
    "measure": ("度量单位", "计量单位"),
    "target": ("年度指标值", "指标值", "年度目标值", "预期指标值"),
    "actual": ("实际完成值", "全年实际值", "实际值", "全年完成值"),
    "points": ("分值", "权重"),
    "score": ("得分",),
    "reason": ("偏差原因分析及改进措施", "未完成原因分析", "偏差原因分析", "偏差原因"),
}
REQUIRED_INDICATOR_COLUMNS = ("level1", "level2", "name", "target", "actual")
HEADER_LABELS: dict[str, tuple[str, ...]] = {
    "name": ("项目名称",),
    "code": ("项目编码", "一体化项目编码", "项目代码"),
    "department": ("主管部门", "主管部门及代码"),
    "implementer": ("实施单位", "执行单位", "项目实施单位"),
}
CLOSING_LABELS: dict[str, tuple[str, ...]] = {
    "conclusion": ("评价结论", "自评结论", "总体评价结论"),
    "problems": ("存在问题", "存在的问题", "主要问题"),
    "measures": ("改进措施", "改进意见", "下一步改进措施", "整改措施"),
}
SECTION_FUNDS = ("项目资金", "项目资金（万元）", "项目资金(万元)", "资金情况")
SECTION_GOALS = ("年度总体目标", "总体目标")
SECTION_INDICATORS = ("绩效指标", "年度绩效指标")
TOTAL_LABELS = ("总分", "合计")
BLANKS = {"", "—", "-", "－", "/", "／", "——", "无"}
CODE_NAME = re.compile(r"^(?:[\[【(（](?P<code>[0-9A-Za-z]*\d[0-9A-Za-z]*)[\]】)）]\s*[-－—:：]?"
                       r"|(?P<bare>[0-9A-Za-z]*\d[0-9A-Za-z]*)\s*[-－—:：\s])\s*(?P<name>\S.*)$")
MONEY_UNIT = re.compile(r"[（(]\s*(万元|元|千元|亿元)\s*[)）]")
YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})\s*年")


def key(text: str) -> str:
    """A header or label as compared: NFKC, no spaces, no trailing colon."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).rstrip(":")


def _is(cell: str, labels: tuple[str, ...]) -> bool:
    k = key(cell)
    return any(k == key(label) for label in labels)


@dataclass
class ParsedRow:
    values: dict[str, str]
    line: Line


@dataclass
class ParsedProject:
    header: dict[str, str] = field(default_factory=dict)
    funds: list[ParsedRow] = field(default_factory=list)
    goal_expected: str = ""
    goal_actual: str = ""
    indicators: list[ParsedRow] = field(default_factory=list)
    total: tuple[str, str] = ("", "")  # 分值, 得分 of the 总分 row, as written
    closing: dict[str, str] = field(default_factory=dict)
    unplaced: list[str] = field(default_factory=list)
    money_unit: str = ""  # from the block's label, 项目资金（万元）
    start: Line | None = None


@dataclass
class ParsedEvaluation:
    year: int | None
    projects: list[ParsedProject]
    notes: list[tuple[Line | None, str]]
    problems: list[tuple[Line | None, str]]


def looks_like_evaluation(lines: list[Line]) -> bool:
    """An indicator grid with a 实际完成值 column (targets documents have none), or a table that names itself 自评."""
    for line in lines:
        cells = _cells(line)
        if any(_is(c, INDICATOR_COLUMNS["name"]) for c in cells) and any(_is(c, INDICATOR_COLUMNS["actual"]) for c in cells):
            return True
    head = "".join(line.text for line in lines[:40])
    text = "".join(line.text for line in lines)
    return "自评" in head and any(word in text for word in INDICATOR_COLUMNS["actual"])


def _cells(line: Line) -> list[str]:
    return [c.strip() for c in line.cells]


def _filled(cells: list[str]) -> list[str]:
    return [c for c in cells if c]


def _columns(cells: list[str], spec: dict[str, tuple[str, ...]]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, cell in enumerate(cells):
        for name, labels in spec.items():
            if name not in found and _is(cell, labels):
                found[name] = i
                break
    return found


def _section(cells: list[str]) -> str | None:
    """Which block a row opens (its first filled cell is the block's label), if any."""
    filled = _filled(cells)
    if not filled:
        return None
    first = filled[0]
    for name, labels in (("project", HEADER_LABELS["name"]), ("funds", SECTION_FUNDS), ("goals", SECTION_GOALS),
                         ("indicators", SECTION_INDICATORS), ("total", TOTAL_LABELS)):
        if _is(first, labels):
            return name
    for name, labels in CLOSING_LABELS.items():
        if _is(first, labels):
            return name
    if _is(first, HEADER_LABELS["code"] + HEADER_LABELS["department"] + HEADER_LABELS["implementer"]):
        return "header"
    if "年初预算数" in "".join(cells) or any(_is(c, FUND_COLUMNS["adjusted"]) for c in cells):
        return "funds"
    if any(_is(c, INDICATOR_COLUMNS["name"]) for c in cells) and any(_is(c, INDICATOR_COLUMNS["actual"]) for c in cells):
        return "indicators"
    return None


def parse_lines(lines: list[Line], year: int | None = None) -> ParsedEvaluation:
    """The projects of a self-evaluation document, with every problem found."""
    result = ParsedEvaluation(year=year, projects=[], notes=[], problems=[])
    project: ParsedProject | None = None
    block: str | None = None
    columns: dict[str, int] = {}
    last_levels = ("", "")
    for line in lines:
        cells = _cells(line)
        filled = _filled(cells)
        if not filled:
            continue
        section = _section(cells)
        if section == "project":
            project = ParsedProject(start=line)
            result.projects.append(project)
            _header(project, cells)
            block = None
            continue
        if project is None:
            if result.year is None and (m := YEAR_IN_TITLE.search(line.text)):
                result.year = int(m.group(1))
            result.notes.append((line, "表头标题行，未作为字段导入"))
            continue
        if section == "header":
            _header(project, cells)
            block = None
            continue
        if section in CLOSING_LABELS:
            project.closing[section] = "".join(filled[1:])
            block = None
            continue
        if section == "total":
            project.total = _total(cells, columns if block == "indicators" else {})
            block = None
            continue
        if section == "funds" and any(_is(c, FUND_COLUMNS["initial"] + FUND_COLUMNS["adjusted"] + FUND_COLUMNS["spent"]) for c in cells):
            columns, block = _columns(cells, FUND_COLUMNS), "funds"
            if m := MONEY_UNIT.search(filled[0]):
                project.money_unit = m.group(1)
            continue
        if section == "goals":
            columns, block = {"expected": _index(cells, "预期目标"), "actual": _index(cells, "实际完成情况")}, "goals"
            rest = [c for c in filled[1:] if c not in ("预期目标", "实际完成情况")]
            if rest:  # the targets written on the label's own row
                _goal_row(project, cells, columns, filled)
            continue
        if section == "indicators" and any(_is(c, INDICATOR_COLUMNS["actual"]) for c in cells):
            columns, block = _columns(cells, INDICATOR_COLUMNS), "indicators"
            missing = [INDICATOR_COLUMNS[c][0] for c in REQUIRED_INDICATOR_COLUMNS if c not in columns]
            if missing:
                result.problems.append((line, f"绩效指标表缺少列：{'、'.join(missing)}"))
                block = None
            last_levels = ("", "")
            continue
        if block == "funds":
            project.funds.append(ParsedRow(_fund_row(cells, columns), line))
        elif block == "goals":
            _goal_row(project, cells, columns, filled)
        elif block == "indicators":
            row = {name: (cells[i] if i < len(cells) else "") for name, i in columns.items()}
            row["level1"] = row["level1"] or last_levels[0]
            row["level2"] = row["level2"] or (last_levels[1] if row["level1"] == last_levels[0] else "")
            if not row["name"]:
                result.problems.append((line, "绩效指标行没有三级指标名称"))
                continue
            last_levels = (row["level1"], row["level2"])
            project.indicators.append(ParsedRow(row, line))
        else:
            project.unplaced.append(" ".join(filled))
            result.notes.append((line, "无法归入任何字段，已写入 unplaced，页面照样公开"))
    if not result.projects:
        result.problems.append((None, "没有找到“项目名称”一行，无法识别为项目支出绩效自评表"))
    return result


def _index(cells: list[str], label: str) -> int:
    return next((i for i, c in enumerate(cells) if key(c) == label), -1)


def _header(project: ParsedProject, cells: list[str]) -> None:
    i = 0
    while i < len(cells):
        name = next((n for n, labels in HEADER_LABELS.items() if cells[i] and _is(cells[i], labels)), None)
        if name is None:
            i += 1
            continue
        j = i + 1
        while j < len(cells) and not cells[j]:
            j += 1
        value = cells[j] if j < len(cells) and not any(_is(cells[j], labels) for labels in HEADER_LABELS.values()) else ""
        project.header[name] = value
        i = j + 1 if value else j


def _fund_row(cells: list[str], columns: dict[str, int]) -> dict[str, str]:
    first_value = min(columns.values(), default=len(cells))
    label = "".join(c for c in cells[:first_value] if c and not _is(c, SECTION_FUNDS))
    row = {"name": label}
    for name, i in columns.items():
        row[name] = cells[i] if i < len(cells) else ""
    return row


def _goal_row(project: ParsedProject, cells: list[str], columns: dict[str, int], filled: list[str]) -> None:
    e, a = columns.get("expected", -1), columns.get("actual", -1)
    if 0 <= e < a < len(cells) and any(cells[e:a]) and any(cells[a:]):
        expected, actual = "".join(cells[e:a]), "".join(cells[a:])
    else:
        texts = [c for c in filled if not _is(c, SECTION_GOALS) and c not in ("预期目标", "实际完成情况")]
        expected, actual = (texts[0] if texts else ""), "".join(texts[1:])
    project.goal_expected += expected
    project.goal_actual += actual


def _total(cells: list[str], columns: dict[str, int]) -> tuple[str, str]:
    at = [cells[i] if i < len(cells) else "" for i in (columns.get("points", -1), columns.get("score", -1))]
    if all(parse_amount(x) is not None for x in at):
        return at[0], at[1]
    numbers = [c for c in cells if parse_amount(c) is not None]
    if len(numbers) >= 2:
        return numbers[0], numbers[1]
    return ("", numbers[0]) if numbers else ("", "")


def amount(text: str) -> Decimal | None | str:
    """An exact decimal; None for a blank or dash; the text itself when it is neither (a problem to report)."""
    t = unicodedata.normalize("NFKC", text).strip()
    if t in BLANKS:
        return None
    value = parse_amount(t)
    return value if value is not None else text


def split_code_name(text: str) -> tuple[str, str]:
    """'711001-承德县总工会本级' or '[711001]承德县总工会本级' -> ('711001', '承德县总工会本级'); no code -> ('', text)."""
    m = CODE_NAME.match(unicodedata.normalize("NFKC", text).strip())
    code = m and (m.group("code") or m.group("bare"))
    if m and code and len(code) >= 3:
        return code, m.group("name").strip()
    return "", text.strip()
