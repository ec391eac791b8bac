"""Standalone project tables (项目支出绩效目标表, 绩效目标表, 预算项目绩效目标公开表), one or many to a file, no cover, no 第一部分.

The cells are read as one stream (:mod:`.cellstream`): a known label and the
cells after it up to the next label are a field, kept with the label as printed
(``Project.details``); 项目名称 and 项目编码 identify the project; the goals are
matched to the 中期/年度 labels in the order printed; the indicator grid keeps
its own columns (:mod:`.grid`). A cell that is none of these goes to the
project's (or, outside any project, the record's) 未能识别的内容 with a note
naming its line: nothing is guessed silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..model import Budget, DepartmentTable, Detail, IndicatorGrid, Meta, Project, Record, Unit
from .cells import amount, key, label_key
from .cellstream import Token, tokens
from .grid import is_grid_start, read_grid
from .labels import (
    ANNUAL_GOALS,
    CODE_LABELS,
    DEPARTMENT_LABELS,
    DEPARTMENT_TITLE,
    FISCAL_LABELS,
    GOALS_GROUP,
    MID_GOALS,
    NAME_LABELS,
    OTHER_LABELS,
    TABLE_TITLE,
    TITLE_YEAR,
    TOTAL_LABELS,
)
from .portal import read_portal
from .project_goals import ProjectGoals
from .report import Report, Unplaced
from .source import Line

# [015001]武汉市青山区教育局, (433)乌海市供销合作社联合社(部门), 219-池州市贵池区棠溪镇人民政府
DEPARTMENT_CODE = re.compile(r"^\s*(?:[\[［【(（]\s*(?P<code>[0-9A-Za-z][0-9A-Za-z_-]*)\s*[\]］】)）]|(?P<bare>\d+)\s*-)\s*(?P<name>.+)$")
MONEY_IN_TEXT = re.compile(r"^(?P<number>[\d,，]+(\.\d+)?)\s*(?P<unit>万元|元)?$")
DEFAULT_MONEY_UNIT = "万元"


@dataclass
class Draft:
    """One project table as read so far."""

    first: Line
    titles: list[Token]
    last: Line | None = None  # the last line read into this table: where a cut-off table stops

    @property
    def department_wide(self) -> bool:
        """A 部门整体支出绩效目标申报表 (by its title): a table of the department, not of a project."""
        return any(DEPARTMENT_TITLE.search(key(t.text)) for t in self.titles)
    name: str | None = None
    code: str | None = None
    details: list[Detail] = field(default_factory=list)
    goals: ProjectGoals = field(default_factory=ProjectGoals)
    grids: list[IndicatorGrid] = field(default_factory=list)
    grid_refused: bool = False  # the grid was there but could not be read (its problem names the line)
    unplaced: Unplaced = field(default_factory=Unplaced)


@dataclass
class Standalone:
    """What the reader found: the projects, text outside them, the portal's metadata, and the year printed in a title."""

    drafts: list[Draft]
    unplaced: Unplaced
    meta: Meta | None
    titles: list[Token]


def looks_standalone(lines: list[Line]) -> bool:
    """Whether the file holds project tables: a 项目名称 label, and an indicator header or a table's title."""
    text = key("".join(ln.text for ln in lines))  # a label may be wrapped over two lines
    titled = any(TABLE_TITLE.match(key(c)) for ln in lines for c in ln.text.split("\t"))
    named = "项目名称" in text or bool(DEPARTMENT_TITLE.search(text))
    return named and ("一级指标" in text or "绩效指标" in text or titled)


def read_tables(lines: list[Line], report: Report) -> Standalone:
    page = read_portal(lines, report)
    toks = paired_columns(tokens(page.lines))
    drafts: list[Draft] = []
    outside = Unplaced()
    all_titles: list[Token] = []
    cur: Draft | None = None
    i = 0
    while i < len(toks):
        t = toks[i]
        if not t.text:
            i += 1
            continue
        started = cur is not None and (cur.name is not None or bool(cur.grids) or bool(cur.details))
        if _is_title(t, cur.titles if cur is not None and not started else []):
            # A title opens the next table; its year line (（2020年度）) stays with it.
            if cur is None or started:
                if cur is not None:
                    drafts.append(cur)
                cur = Draft(first=t.line, titles=[])
            cur.titles.append(t)
            all_titles.append(t)
            i += 1
            continue
        if t.label in NAME_LABELS:
            if cur is not None and (cur.name is not None or cur.department_wide):
                drafts.append(cur)
                cur = None
            if cur is None:
                cur = Draft(first=t.line, titles=[])
            cur.name, i = _value(toks, i + 1)
            cur.last = toks[i - 1].line
            continue
        if cur is None:
            outside.add(t.line, t.text)
            report.note(t.line, "未能识别的内容（不在任何项目表中），已写入 unplaced 并在页面上公开")
            i += 1
            continue
        after = _field(toks, i, cur, report)
        cur.last = next((toks[k].line for k in range(after - 1, i - 1, -1) if toks[k].text), cur.last)
        i = after
    if cur is not None:
        drafts.append(cur)
    return Standalone(drafts, outside, page.meta, all_titles)


def paired_columns(toks: list[Token]) -> list[Token]:
    """Rows of labels over a row of values (资金来源 by budget book: 一般公共预算拨款 over 小计/市本级/…, then the amounts): label, value, label, value.

    A label row's blank cell under which a lower label row has a label belongs to the
    label on its left (a merged cell), so 小计 reads 一般公共预算拨款 小计. Only a row of
    values with no label in it is paired this way; anything else is read as it stands.
    """
    rows: list[list[Token]] = []
    for t in toks:
        if rows and t.row >= 0 and rows[-1][0].row == t.row:
            rows[-1].append(t)
        else:
            rows.append([t])
    out: list[Token] = []
    n = 0
    while n < len(rows):
        end = n
        while end < len(rows) and _label_row(rows[end]):
            end += 1
        stop = end
        while stop < len(rows) and end > n and _value_row(rows[stop]):
            stop += 1
        if stop == end:
            out.extend(rows[n])
            n += 1
            continue
        out.extend(_pairs(rows[n:end], rows[end:stop]))
        n = stop
    return out


def _value_row(row: list[Token]) -> bool:
    """A row of values under rows of labels: no label, no title, no indicator header in it."""
    return (row[0].row >= 0 and sum(1 for t in row if t.text) >= 2
            and not any(t.label or is_grid_start(t) or TABLE_TITLE.match(key(t.text)) for t in row if t.text))


def _label_row(row: list[Token]) -> bool:
    filled = [t for t in row if t.text]
    return row[0].row >= 0 and len(filled) >= 2 and all(t.label for t in filled)


def _pairs(headers: list[list[Token]], value_rows: list[list[Token]]) -> list[Token]:
    """Label, value pairs; with several rows of values (金额, 占比), each value's label adds its row's name (财政拨款 占比)."""
    width = max(len(r) for r in [*headers, *value_rows])
    grid = [[r[c] if c < len(r) else None for c in range(width)] for r in headers]
    for depth, row in enumerate(grid[:-1]):
        for c in range(1, width):
            below = any(lower[c] is not None and lower[c].text for lower in grid[depth + 1 :])
            if (row[c] is None or not row[c].text) and below:
                row[c] = row[c - 1]
    out: list[Token] = []
    named = len(value_rows) > 1 and all(r[0].text for r in value_rows)
    if named and grid[0][0] is not None and grid[0][0].text:
        out += [Token(grid[0][0].text, grid[0][0].line, grid[0][0].label, -1), Token("", grid[0][0].line, None, -1)]
    for values in value_rows:
        for c, value in enumerate(values):
            if named and c == 0:
                continue  # the row's name: part of each label of the row
            parts = [r[c] for r in grid if r[c] is not None and r[c].text]
            if not parts:
                if value.text:
                    out.append(value)
                continue
            text = " ".join(dict.fromkeys(p.text for p in parts)) + (f" {values[0].text}" if named else "")
            out += [Token(text, parts[-1].line, parts[-1].label, -1), Token(value.text, value.line, None, -1)]
    return out


def _is_title(t: Token, titles: list[Token]) -> bool:
    k = key(t.text)
    return t.label is None and (bool(TABLE_TITLE.match(k)) or bool(titles and TITLE_YEAR.match(k)))


def _field(toks: list[Token], i: int, cur: Draft, report: Report) -> int:
    """Reads the field starting at ``toks[i]`` into ``cur``; returns the index after it."""
    t = toks[i]
    if is_grid_start(t):
        read = read_grid(toks, i, report, cur.unplaced)
        if read.grid is not None and cur.grids and not _long_and_annual([*cur.grids, read.grid]):
            report.problem(t.line, "一个项目表中出现了第二个绩效指标表，而两个表不是“长期（中期）”和“年度”两种；"
                                   "请确认两个表之间的“项目名称”没有遗漏")
        if read.grid is not None:
            cur.grids.append(read.grid)
        cur.grid_refused = cur.grid_refused or read.grid is None
        return max(read.after, i + 1)
    if t.label in CODE_LABELS:
        code, after = _value(toks, i + 1)
        if cur.code is not None:
            report.problem(t.line, f"一个项目表中有两个“项目编码”（“{cur.code}”和“{code}”）")
        cur.code = cur.code or code
        return after
    if t.label in GOALS_GROUP | MID_GOALS | ANNUAL_GOALS:
        return _goals(toks, i, cur, report)
    if t.label is not None:
        value, after = _value(toks, i + 1)
        cur.details.append(Detail(label=t.text, value=value))
        return after
    cur.unplaced.add(t.line, t.text)
    report.note(t.line, "未能识别的内容，已写入该项目的 unplaced 并在页面上公开")
    return i + 1


def _is_long_term(grid: IndicatorGrid) -> bool:
    return bool(re.search("长期|中期", grid.caption))


def _long_and_annual(grids: list[IndicatorGrid]) -> bool:
    """长期绩效指标 and 年度绩效指标 as two tables of one project (the annual one, or the one without 长期, is the project's grid)."""
    return len(grids) == 2 and sum(1 for g in grids if _is_long_term(g)) == 1


def _ends_value(t: Token) -> bool:
    return t.label is not None or is_grid_start(t) or bool(TABLE_TITLE.match(key(t.text)))


def _value(toks: list[Token], i: int) -> tuple[str, int]:
    """The cells after a label up to the next label, as one text (blank cells add nothing)."""
    parts = []
    while i < len(toks) and not _ends_value(toks[i]):
        if toks[i].text:
            parts.append(toks[i].text)
        i += 1
    return " ".join(parts), i


def _goals(toks: list[Token], i: int, cur: Draft, report: Report) -> int:
    """总体目标 / 中期目标 / 年度目标 labels, then their texts in the same order."""
    kinds: list[str] = []
    while i < len(toks) and (toks[i].label in GOALS_GROUP | MID_GOALS | ANNUAL_GOALS or not toks[i].text):
        label = toks[i].label
        if label is not None and label_key(toks[i].text) != label:
            # 中期滚动目标(2019年--2021年): the words beyond the kind (a period) are kept, visibly.
            cur.unplaced.add(toks[i].line, toks[i].text)
            report.note(toks[i].line, "目标栏的名称除中期/年度外还有其他文字，已写入该项目的 unplaced 并在页面上公开")
        if label in MID_GOALS:
            kinds.append("mid")
        elif label in ANNUAL_GOALS:
            kinds.append("annual")
        i += 1
    kinds = kinds or ["annual"]
    texts: list[str] = []
    while i < len(toks) and not _ends_value(toks[i]):
        if toks[i].text:
            texts.append(toks[i].text)
        i += 1
    # One text per label, in order; more texts than labels continue the last one.
    for n, kind in enumerate(kinds):
        text = " ".join(texts[n:]) if n == len(kinds) - 1 else (texts[n] if n < len(texts) else "")
        if text:
            cur.goals.add(kind, text)
    return i


# -- the record ------------------------------------------------------------------------------


def standalone_record(found: Standalone, report: Report, *, year: int | None, unit_code: str | None) -> Record | None:
    if not found.drafts:
        report.problem(None, "找不到项目表（“项目名称”栏）；请确认导入的是项目支出绩效目标表或部门预算绩效文本")
        return None
    year = _year(found, year, report)
    department, code = _department(found, report)
    unit_code = unit_code or code
    if unit_code is None:
        report.problem(None, "文档中没有单位编码（如“[015001]某某局”），请用 --unit 指定，如 --unit 015001")
    projects = []
    for n, d in enumerate([d for d in found.drafts if not d.department_wide], start=1):
        project = _project(d, n, unit_code or "", report)
        if project is not None:
            projects.append(project)
    department_tables = [_department_table(d) for d in found.drafts if d.department_wide]
    if report.problems or year is None or unit_code is None or department is None:
        return None
    units = [p.money_unit for p in projects if p.money_unit]
    money_unit = units[0] if units else DEFAULT_MONEY_UNIT
    if not units:
        report.note(None, f"项目表中没有金额单位，金额单位按 {DEFAULT_MONEY_UNIT} 记录")
    for p in projects:
        if p.money_unit == money_unit:
            p.money_unit = None
    report.note(None, "单独公开的项目表没有“（草案）”字样，状态记为 正式")
    return Record(year=year, status="正式", department=department, unit=Unit(code=unit_code, name=department),
                  cover=None, money_unit=money_unit, projects=projects, meta=found.meta, unplaced=found.unplaced.texts(),
                  department_tables=department_tables)


def _department_table(d: Draft) -> DepartmentTable:
    return DepartmentTable(title=" ".join(t.text for t in d.titles), details=d.details, mid_goals=d.goals.mid,
                           goals=d.goals.annual, indicator_grid=d.grids[-1] if d.grids else None, unplaced=d.unplaced.texts())


def _year(found: Standalone, option: int | None, report: Report) -> int | None:
    printed = next((int(m.group(1)) for t in found.titles if (m := re.search(r"(\d{4})\s*年", t.text))), None)
    if option is not None and printed is not None and printed != option:
        report.problem(found.titles[0].line, f"--year 指定为 {option}，但表题写的是 {printed} 年；请核对年度")
        return None
    if option is None and printed is None:
        report.problem(None, "表题中没有年度，请用 --year 指定，如 --year 2021")
    return option if option is not None else printed


def _department(found: Standalone, report: Report) -> tuple[str | None, str | None]:
    """The department (主管部门, without its bracketed code) and that code, from the first table that names one."""
    for d in found.drafts:
        for detail in d.details:
            if label_key(detail.label) in DEPARTMENT_LABELS and detail.value:
                m = DEPARTMENT_CODE.match(detail.value)
                return (m.group("name").strip(), m.group("code") or m.group("bare")) if m else (detail.value, None)
    if found.meta is not None and found.meta.publisher:
        report.note(None, f"项目表中没有主管部门，部门名称取网页的发布机构“{found.meta.publisher}”")
        return found.meta.publisher, None
    report.problem(None, "找不到主管部门（“主管部门及编码”“项目主管部门”等栏），无法确定部门名称")
    return None, None


def _project(d: Draft, n: int, unit_code: str, report: Report) -> Project | None:
    if d.name is None:
        report.problem(d.first, "表中没有“项目名称”栏；请核对原文是否完整")
        return None
    if not d.name:
        report.problem(d.first, "项目名称为空")
        return None
    if not d.grids and d.grid_refused:
        return None
    if not d.grids:
        report.problem(d.last or d.first, f"项目“{d.name}”的表在这里结束，后面应是绩效指标表（“一级指标”开头的表头），没有找到；"
                                          "请核对原文是否完整")
        return None
    code, origin = d.code, "原表"
    if not code:
        code, origin = f"{unit_code}-P{n:02d}", "导入编排"
        report.note(d.first, f"项目“{d.name}”的表中没有项目编码，按顺序编为 {code}（页面不显示为原表内容）")
    budget, money_unit = _budget(d, report)
    return Project(code=code, code_origin=origin, name=d.name, title=" ".join(t.text for t in d.titles), details=d.details,  # type: ignore[arg-type]
                   budget=budget, money_unit=money_unit, goals=d.goals.annual, mid_goals=d.goals.mid,
                   indicator_grid=next(g for g in reversed(d.grids) if not _is_long_term(g) or len(d.grids) == 1),
                   other_grids=[g for g in d.grids if _is_long_term(g) and len(d.grids) > 1], unplaced=d.unplaced.texts())


def _budget(d: Draft, report: Report) -> tuple[Budget | None, str | None]:
    """预算数, 财政资金 and 其他资金 from the fund fields (the first of each), when the table gives all three amounts."""
    unit = next((u for dt in d.details for u in ("万元", "元") if u in dt.label or f"({u})" in dt.value or f"（{u}）" in dt.value), None)
    parts: dict[str, Decimal] = {}
    for part, labels in (("total", TOTAL_LABELS), ("fiscal", FISCAL_LABELS), ("other", OTHER_LABELS)):
        for dt in d.details:
            m = MONEY_IN_TEXT.match(dt.value.strip())
            if label_key(dt.label) in labels and m and part not in parts:
                value = amount(m.group("number"))
                if value is not None:
                    parts[part] = value
                    unit = unit or m.group("unit")
    if len(parts) < 3:
        missing = [label for part, label in (("total", "资金总额"), ("fiscal", "财政拨款"), ("other", "其他资金")) if part not in parts]
        report.note(d.first, f"项目“{d.name}”的表没有给出{'、'.join(missing)}的金额，预算规模不计入合计（原文照录在表头栏目中）")
        return None, unit
    return Budget(total=parts["total"], fiscal=parts["fiscal"], other=parts["other"]), unit
