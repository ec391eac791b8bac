"""The layout of a 部门预算绩效文本, read line by line into a :class:`~budgetsite.model.Record`.

Labels are recognised on a normalised key (NFKC, whitespace removed), so that
full-width digits, ``％`` and stray spaces do not matter; the text that goes
into the record is the original. Every line is either placed in a field,
reported as an ignored artefact (page numbers, running headers, the 目录), kept
in the project's ``unplaced`` list, or reported as a problem with its line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from ..model import Budget, Cover, FundSource, GoalItem, Indicator, Project, Record, SpendingPoint, Unit
from ..values import parse_amount
from .source import NUMBERED, Line, join_wrapped

CHINESE_NUMBER = "一二三四五六七八九十"
TERMINAL = "。！？；!?;…"

TOTAL_LABELS = {"预算数", "资金总额", "预算总额", "年度资金总额", "项目资金总额", "年度预算数", "合计"}
FISCAL_LABELS = {"财政资金", "财政拨款", "财政拨款资金"}
OTHER_LABELS = {"其他资金"}
# Sources that belong to 其他资金 rather than 财政资金.
OTHER_SOURCES = {"自有资金", "单位自有资金", "单位资金", "事业收入", "经营收入", "其他收入", "社会资金", "自筹资金", "银行贷款"}
SIGN_OFF_LABELS = {"填报人", "联系电话", "项目负责人", "审核人", "单位负责人", "财务负责人", "填报日期", "审核意见", "联系人"}

INDICATOR_COLUMNS = {
    "一级指标": "level1",
    "二级指标": "level2",
    "三级指标": "name",
    "绩效指标描述": "description",
    "指标描述": "description",
    "指标解释": "description",
    "指标内容": "description",
    "指标值": "value",
    "年度指标值": "value",
    "目标值": "value",
    "指标值确定依据": "basis",
    "确定依据": "basis",
    "指标值设定依据": "basis",
}
REQUIRED_COLUMNS = {"level1": "一级指标", "level2": "二级指标", "name": "三级指标", "value": "指标值"}

PAGE_NUMBER = re.compile(r"^[-—–－\s]*\d{1,3}[-—–－\s]*$|^第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?$|^\d+\s*/\s*\d+$")
TOC_ENTRY = re.compile(r"(\t|\.{3,}|…+|·{3,})\s*\d+\s*$")
PROJECT_TITLE = re.compile(r"^(\d+)\s*[.．、]\s*(?P<name>.+?)(?P<suffix>(项目支出|预算项目)?绩效目标表)$")
UNIT_LINE = re.compile(r"^(?P<code>[0-9A-Za-z][0-9A-Za-z_-]*)\s+(?P<name>\S.*)$")
GOAL_ITEM = re.compile(r"^(?P<num>\d{1,2})\s*[、.．]\s*(?P<title>[^：:。；]{1,60}?)\s*[：:]\s*(?P<text>.*)$", re.S)
MID_LABEL = re.compile(r"^(中期|长期|中长期)(（长期）|\(长期\))?(绩效)?目标")
ANNUAL_LABEL = re.compile(r"^年度(绩效)?目标")
PERCENT_TEXT = re.compile(r"^\d+(\.\d+)?%$")


def key(text: str) -> str:
    """The text as compared, never as stored: NFKC, no whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def label_key(text: str) -> str:
    """A table label without 其中： and trailing colon or （%）."""
    k = key(text)
    k = re.sub(r"^其中[:：]?", "", k)
    return k.rstrip(":：")


def amount(text: str) -> Decimal | None:
    """An amount as written in a table: full-width digits and thousands separators allowed."""
    k = key(text).replace(",", "")
    return parse_amount(k) if k else None


def split_numbered(text: str) -> list[str]:
    """``1. 甲 2. 乙`` → [甲, 乙]; text without leading 1. stays one item."""
    text = text.strip()
    first = NUMBERED.match(text)
    if not first or int(re.match(r"\d+", text).group()) != 1:  # type: ignore[union-attr]
        return [text] if text else []
    items: list[str] = []
    expected = 2
    start = first.end()
    pos = start
    for m in re.finditer(r"(?:(?<=^)|(?<=[\s。；;，,]))(\d{1,2})\s*[.．、](?!\d)", text):
        if m.start() <= pos - 1 or int(m.group(1)) != expected:
            continue
        items.append(text[start : m.start()].strip())
        start = m.end()
        expected += 1
    items.append(text[start:].strip())
    return [i for i in items if i]


@dataclass
class Row:
    line: Line  # the first line of the row
    cells: list[str]
    extra_lines: list[Line] = field(default_factory=list)

    @property
    def stripped(self) -> list[str]:
        return [c.strip() for c in self.cells]

    def text(self) -> str:
        return " ".join(c for c in self.stripped if c)


class Unplaced:
    """Text no field can hold, kept in document order for the project's ``unplaced`` list."""

    def __init__(self) -> None:
        self.items: list[tuple[int, int, str]] = []

    def add(self, line: Line, text: str) -> None:
        self.items.append((line.no, len(self.items), text))

    def texts(self) -> list[str]:
        return [text for _, _, text in sorted(self.items)]


class Parser:
    def __init__(self, lines: list[Line], *, year: int | None = None):
        self.lines = lines
        self.year_option = year
        self.problems: list[tuple[Line | None, str]] = []
        self.notes: list[tuple[Line | None, str]] = []

    def problem(self, line: Line | None, message: str) -> None:
        self.problems.append((line, message))

    # -- the whole document -------------------------------------------------------------------
    def parse(self) -> Record | None:
        lines = self.lines
        toc = next((i for i, ln in enumerate(lines) if key(ln.text) == "目录"), None)
        body = self._body_start(toc or 0)
        if body is None:
            self.problem(None, "找不到正文“第一部分”标题（部门整体绩效目标），无法确定文本结构；请确认导入的是部门预算绩效文本")
            return None
        cover_end = toc if toc is not None else body
        if toc is not None:
            skipped = [ln for ln in lines[toc:body] if ln.text.strip()]
            self.notes.append((lines[toc], f"已跳过目录（{len(skipped)} 行）"))
        cover = self._cover([ln for ln in lines[:cover_end] if ln.text.strip()])
        part2 = next((i for i in range(body + 1, len(lines)) if key(lines[i].text).startswith("第二部分") and "\t" not in lines[i].text), None)
        header_key = key(cover.title) if cover else ""
        part1_lines = self._clean(lines[body + 1 : part2 if part2 is not None else len(lines)], header_key)
        part2_lines = self._clean(lines[part2 + 1 :], header_key) if part2 is not None else []
        overall, sub, safeguards = self._part1(part1_lines)
        projects_found = self._part2(part2_lines)
        if cover is None:
            return None
        year = self._year(cover)
        units = [u for _, u, _ in projects_found if u is not None]
        money_units = [m for _, _, m in projects_found if m is not None]
        if not units:
            self.problem(None, "找不到单位行（项目表上方的“单位编码 单位名称”，如“711001 承德县总工会本级”），无法确定单位编码")
        if self.problems or year is None or not units:
            return None
        unit = units[0][1]
        money_unit = money_units[0][1] if money_units else "万元"
        if not money_units:
            self.notes.append((None, "文本中没有“单位：万元”一行，金额单位按 万元 记录"))
        projects = []
        for project, project_unit, project_money in projects_found:
            if project_unit is not None and project_unit[1] != unit:
                project.unit = project_unit[1]
            if project_money is not None and project_money[1] != money_unit:
                project.money_unit = project_money[1]
            projects.append(project)
        department = cover.name_line[:-2] if cover.name_line.endswith("部门") and len(cover.name_line) > 2 else cover.name_line
        status = self._status
        return Record(year=year, status=status, department=department, unit=unit, cover=cover, money_unit=money_unit,
                      overall_goals=overall, sub_goals=sub, safeguards=safeguards, projects=projects)

    def _body_start(self, start: int) -> int | None:
        lines = self.lines
        for i in range(start, len(lines)):
            if "\t" in lines[i].text or not key(lines[i].text).startswith("第一部分"):
                continue
            nxt = next((ln for ln in lines[i + 1 :] if ln.text.strip()), None)
            if nxt is None or not TOC_ENTRY.search(nxt.text):
                return i
        return None

    def _clean(self, lines: list[Line], header_key: str) -> list[Line]:
        """Drop page numbers and running headers, saying which."""
        out = []
        for ln in lines:
            k = key(ln.text)
            if k and "\t" not in ln.text and PAGE_NUMBER.match(unicodedata.normalize("NFKC", ln.text).strip()):
                self.notes.append((ln, "已忽略页码"))
                continue
            if k and header_key and "\t" not in ln.text and header_key in k and len(k) <= len(header_key) + 30:
                self.notes.append((ln, "已忽略页眉"))
                continue
            out.append(ln)
        return out

    # -- cover --------------------------------------------------------------------------------
    _status = "正式"

    def _cover(self, lines: list[Line]) -> Cover | None:
        found: dict[str, Line] = {}
        rest: list[Line] = []
        for ln in lines:
            k = key(ln.text)
            m = re.fullmatch(r"[(（](草案|正式|送审稿|征求意见稿)[)）]", k)
            if m:
                found["status"] = ln
                self._status = "草案" if m.group(1) != "正式" else "正式"
            elif k.endswith("编制") and "prepared_by" not in found:
                found["prepared_by"] = ln
            elif k.endswith("审核") and "reviewed_by" not in found:
                found["reviewed_by"] = ln
            elif "title" not in found and re.search(r"\d{4}年.*(绩效|预算)", k):
                found["title"] = ln
            else:
                rest.append(ln)
        if "title" in found:
            before = [ln for ln in rest if ln.no < found["title"].no]
            if before:
                found["name_line"] = before[-1]
                rest.remove(before[-1])
        for ln in rest:
            self.problem(ln, "封面上有无法归类的文字（封面应为：部门行、标题、（草案）、编制行、审核行）")
        missing = [label for name, label in (("name_line", "部门行"), ("title", "标题行（如 2021 年部门预算绩效文本）"),
                                             ("prepared_by", "编制行（…编制）"), ("reviewed_by", "审核行（…审核）")) if name not in found]
        if missing:
            where = lines[0] if lines else None
            self.problem(where, f"封面缺少{'、'.join(missing)}")
            return None
        if "status" not in found:
            self.notes.append((found["title"], "封面没有“（草案）”字样，状态记为 正式"))
        return Cover(name_line=found["name_line"].text.strip(), title=found["title"].text.strip(),
                     prepared_by=found["prepared_by"].text.strip(), reviewed_by=found["reviewed_by"].text.strip())

    def _year(self, cover: Cover) -> int | None:
        m = re.search(r"(\d{4})\s*年", unicodedata.normalize("NFKC", cover.title))
        title_year = int(m.group(1)) if m else None
        if self.year_option is not None:
            if title_year is not None and title_year != self.year_option:
                self.problem(None, f"--year 指定为 {self.year_option}，但封面标题是“{cover.title}”（{title_year} 年）；请核对年度")
                return None
            return self.year_option
        if title_year is None:
            self.problem(None, f"封面标题“{cover.title}”中没有年度，请用 --year 指定")
        return title_year

    # -- 第一部分 -----------------------------------------------------------------------------
    def _paragraphs(self, lines: list[Line]) -> list[tuple[Line, str]]:
        """Non-blank lines, a sentence broken by a page break joined back."""
        paras: list[tuple[Line, str]] = []
        for ln in lines:
            text = ln.text.strip()
            if not text:
                continue
            if paras and self._continues(paras[-1][1], text):
                paras[-1] = (paras[-1][0], join_wrapped([paras[-1][1], text]))
            else:
                paras.append((ln, text))
        return paras

    @staticmethod
    def _is_heading(text: str) -> bool:
        return bool(re.match(rf"^[{CHINESE_NUMBER}]+\s*、", text))

    def _continues(self, previous: str, text: str) -> bool:
        if self._is_heading(previous) or self._is_heading(text) or NUMBERED.match(text):
            return False
        return previous[-1] not in TERMINAL

    def _part1(self, lines: list[Line]) -> tuple[list[GoalItem], list[GoalItem], list[str]]:
        overall: list[GoalItem] = []
        sub: list[GoalItem] = []
        safeguards: list[str] = []
        section: str | None = None
        paragraphs = self._paragraphs(lines)
        if paragraphs and key(paragraphs[0][1]) == "部门整体绩效目标":
            paragraphs = paragraphs[1:]
        for ln, text in paragraphs:
            if self._is_heading(text):
                k = key(text)
                section = "overall" if "总体" in k else "sub" if "分项" in k else "safeguards" if "保障" in k else None
                if section is None:
                    self.problem(ln, "第一部分中无法识别的标题（应为 一、总体绩效目标 / 二、分项绩效目标 / 三、工作保障措施）")
                continue
            if section is None:
                self.problem(ln, "第一部分中这段文字不在任何标题之下，无法归类")
            elif section == "safeguards":
                safeguards.append(text)
            else:
                target = overall if section == "overall" else sub
                m = GOAL_ITEM.match(text)
                if m and m.group("text").strip():
                    target.append(GoalItem(title=m.group("title").strip(), text=m.group("text").strip()))
                elif NUMBERED.match(text):
                    self.problem(ln, "编号目标应写成“序号、标题：内容”，这一条缺少标题后的冒号或内容")
                elif target:
                    target[-1].text += "\n" + text
                else:
                    self.problem(ln, "目标段落前没有编号条目（如“1、标题：内容”），无法归类")
        return overall, sub, safeguards

    # -- 第二部分 -----------------------------------------------------------------------------
    def _part2(self, lines: list[Line]) -> list[tuple[Project, tuple[Line, Unit] | None, tuple[Line, str] | None]]:
        starts = [i for i, ln in enumerate(lines) if "\t" not in ln.text and PROJECT_TITLE.match(ln.text.strip())]
        lead = [ln for ln in lines[: starts[0] if starts else len(lines)] if ln.text.strip()]
        if lead and key(lead[0].text) in ("预算项目绩效目标", "预算项目绩效目标表", "项目支出绩效目标表"):
            lead = lead[1:]
        for ln in lead:
            self.problem(ln, "第二部分中这段文字不属于任何项目表（项目表以“1. 项目名称绩效目标表”开头）")
        out = []
        for n, start in enumerate(starts):
            end = starts[n + 1] if n + 1 < len(starts) else len(lines)
            found = self._project(lines[start], lines[start + 1 : end])
            if found is not None:
                out.append(found)
        return out

    def _project(self, title: Line, lines: list[Line]) -> tuple[Project, tuple[Line, Unit] | None, tuple[Line, str] | None] | None:
        unplaced = Unplaced()
        unit: tuple[Line, Unit] | None = None
        money: tuple[Line, str] | None = None
        first_table = next((i for i, ln in enumerate(lines) if "\t" in ln.text), None)
        if first_table is None:
            self.problem(title, "项目标题下没有找到绩效目标表（制表符分隔的表格或 Word 表格）")
            return None
        last_table = max(i for i, ln in enumerate(lines) if "\t" in ln.text)
        for ln in lines[:first_table]:
            text = ln.text.strip()
            if not text:
                continue
            k = key(text)
            m_money = re.match(r"^(金额)?单位[:：](.+)$", k)
            m_unit = UNIT_LINE.match(text)
            if m_money and money is None:
                money = (ln, unicodedata.normalize("NFKC", text).split(":", 1)[1].strip() if ":" in unicodedata.normalize("NFKC", text) else m_money.group(2))
            elif m_unit and unit is None and re.search(r"\d", m_unit.group("code")):
                unit = (ln, Unit(code=m_unit.group("code"), name=m_unit.group("name").strip()))
            else:
                unplaced.add(ln, text)
        rows = self._rows([ln for ln in lines[first_table : last_table + 1]], unplaced)
        for ln in lines[last_table + 1 :]:
            if ln.text.strip():
                unplaced.add(ln, ln.text.strip())
        project = self._table(title, rows, unplaced)
        if project is None:
            return None
        title_match = PROJECT_TITLE.match(title.text.strip())
        assert title_match is not None
        if key(title_match.group("name")) != key(project.name) or title_match.group("suffix") != "绩效目标表":
            # The page titles a project "N. <name>绩效目标表"; any other title is kept word for word.
            unplaced.add(title, title.text.strip())
        project.unplaced = unplaced.texts()
        return project, unit, money

    def _rows(self, lines: list[Line], unplaced: Unplaced) -> list[Row]:
        """Table lines as rows, a cell wrapped over several lines joined back."""
        lines = [ln for ln in lines if ln.text.strip()]
        counts = [len(ln.cells) for ln in lines if "\t" in ln.text]
        width = max(set(counts), key=counts.count)  # the table's usual number of cells
        rows: list[Row] = []
        i = 0
        while i < len(lines):
            ln = lines[i]
            cells = ln.cells
            j = i + 1
            merged = list(cells)
            extra: list[Line] = []
            while len(merged) < width and j < len(lines) and len(lines[j].cells) < width:
                nxt = lines[j].cells
                merged = merged[:-1] + [join_wrapped([merged[-1], nxt[0]])] + nxt[1:]
                extra.append(lines[j])
                j += 1
            if len(merged) == width and extra:
                rows.append(Row(ln, merged, extra))
                i = j
                continue
            if "\t" not in ln.text:
                unplaced.add(ln, ln.text.strip())
            else:
                rows.append(Row(ln, list(cells)))
            i += 1
        return rows

    def _table(self, title: Line, rows: list[Row], unplaced: Unplaced) -> Project | None:
        code = name = purpose = None
        budget: dict[str, tuple[Row, Decimal]] = {}
        sources: list[FundSource] = []
        plan: list[SpendingPoint] = []
        goals: list[str] = []
        mid_goals: list[str] = []
        indicators: list[Indicator] = []
        problems_before = len(self.problems)
        i = 0
        while i < len(rows):
            row = rows[i]
            cells = row.stripped
            first = label_key(cells[0])
            labels = [label_key(c) for c in cells]
            if "项目编码" in labels or "项目名称" in labels:
                used: set[int] = set()
                for c, k in enumerate(labels):
                    if k not in ("项目编码", "项目名称"):
                        continue
                    at = next((v for v in range(c + 1, len(cells)) if cells[v]), None)
                    used.update({c} if at is None else {c, at})
                    value = cells[at] if at is not None and labels[at] not in ("项目编码", "项目名称") else ""
                    if k == "项目编码":
                        code = value
                    else:
                        name = value
                rest = [c for n, c in enumerate(cells) if c and n not in used]
                if rest:
                    unplaced.add(row.line, " ".join(rest))
            elif first.startswith("预算规模") or first in TOTAL_LABELS:
                self._budget_pairs(row, cells[1:] if first.startswith("预算规模") else cells, budget, sources)
                while i + 1 < len(rows) and not rows[i + 1].stripped[0]:
                    nxt = rows[i + 1]
                    texts = [c for c in nxt.stripped if c]
                    if any(amount(t) is not None for t in texts):
                        self._budget_pairs(nxt, nxt.stripped[1:], budget, sources)
                    elif len(texts) == 1 and purpose is None:
                        purpose = texts[0]
                    elif texts:
                        unplaced.add(nxt.line, nxt.text())
                    i += 1
            elif first.startswith("资金用途"):
                purpose = " ".join(c for c in cells[1:] if c)
            elif first.startswith("资金支出计划"):
                values_row = rows[i + 1] if i + 1 < len(rows) and not rows[i + 1].stripped[0] and not any(
                    label_key(c) in ("绩效目标", "一级指标") for c in rows[i + 1].stripped) else None
                plan = self._plan(row, values_row)
                if values_row is not None:
                    i += 1
            elif first in ("绩效目标", "项目绩效目标", "年度绩效目标", "年度目标") or MID_LABEL.match(first):
                consumed = self._goals(rows, i, goals, mid_goals, unplaced)
                i += consumed
            elif first == "一级指标":
                indicators = self._indicators(rows[i], rows[i + 1 :], unplaced)
                break
            elif first in SIGN_OFF_LABELS or not any(cells):
                if any(cells):
                    unplaced.add(row.line, row.text())
            else:
                unplaced.add(row.line, row.text())
            i += 1
        for label, value in (("项目编码", code), ("项目名称", name)):
            if not value:
                self.problem(title, f"项目表中没有找到“{label}”")
        for part, label in (("total", "预算数"), ("fiscal", "财政资金"), ("other", "其他资金")):
            if part not in budget:
                self.problem(title, f"项目表的预算规模中没有找到“{label}”及其金额")
        if len(self.problems) > problems_before:
            return None
        assert code and name
        return Project(code=code, name=name,
                       budget=Budget(total=budget["total"][1], fiscal=budget["fiscal"][1], other=budget["other"][1], sources=sources),
                       purpose=purpose or "", spending_plan=plan, goals=goals, mid_goals=mid_goals, indicators=indicators)

    def _budget_pairs(self, row: Row, cells: list[str], budget: dict[str, tuple[Row, Decimal]], sources: list[FundSource]) -> None:
        label: str | None = None
        for c in cells:
            if not c:
                continue
            value = amount(c)
            if value is None:
                if label is not None:
                    self.problem(row.line, f"预算规模中“{label}”后面应是金额，实际为“{c}”")
                label = c
                continue
            if label is None:
                self.problem(row.line, f"预算规模中金额“{c}”前面没有名称（如 预算数、财政资金）")
                continue
            k = label_key(label)
            part = "total" if k in TOTAL_LABELS else "fiscal" if k in FISCAL_LABELS else "other" if k in OTHER_LABELS else None
            if part is None:
                sources.append(FundSource(name=re.sub(r"^其中[:：]\s*", "", label.strip()), amount=value,
                                          part="其他资金" if k in OTHER_SOURCES else "财政资金"))
            elif part in budget:
                self.problem(row.line, f"预算规模中“{label}”出现了两次")
            else:
                budget[part] = (row, value)
            label = None
        if label is not None:
            self.problem(row.line, f"预算规模中“{label}”后面没有金额")

    def _plan(self, header: Row, values: Row | None) -> list[SpendingPoint]:
        cells = header.stripped
        inline = [c for c in cells[1:] if c]
        if any(PERCENT_TEXT.match(key(c)) for c in inline):
            # 3月底 25% 6月底 50% … in one row
            out = []
            pending: str | None = None
            for c in inline:
                if PERCENT_TEXT.match(key(c)):
                    if pending is None:
                        self.problem(header.line, f"资金支出计划中的比例“{c}”前面没有时点")
                    else:
                        out.append(SpendingPoint(period=pending, value=c))
                        pending = None
                else:
                    if pending is not None:
                        out.append(SpendingPoint(period=pending, value=""))
                    pending = c
            if pending is not None:
                out.append(SpendingPoint(period=pending, value=""))
            return out
        periods = [(col, c) for col, c in enumerate(cells) if col > 0 and c]
        found: dict[int, str] = {}
        if values is not None:
            for col, c in enumerate(values.stripped):
                if col == 0 or not c:
                    continue
                owner = max((n for n, (pcol, _) in enumerate(periods) if pcol <= col), default=None)
                if owner is None:
                    self.problem(values.line, f"资金支出计划中的“{c}”不在任何时点下面")
                elif owner in found:
                    self.problem(values.line, f"资金支出计划“{periods[owner][1]}”下有两个值（“{found[owner]}”和“{c}”）")
                else:
                    found[owner] = c
        return [SpendingPoint(period=p, value=found.get(n, "")) for n, (_, p) in enumerate(periods)]

    def _goals(self, rows: list[Row], i: int, goals: list[str], mid_goals: list[str], unplaced: Unplaced) -> int:
        """Read the goals row(s) starting at ``rows[i]``; returns how many extra rows were used."""
        row = rows[i]
        cells = row.stripped
        marks = [(col, "mid" if MID_LABEL.match(label_key(c)) else "annual") for col, c in enumerate(cells)
                 if c and (MID_LABEL.match(label_key(c)) or ANNUAL_LABEL.match(label_key(c)))]
        if not marks:
            goals.extend(split_numbered(" ".join(c for c in cells[1:] if c)))
            return 0
        for col, _ in marks:
            if label_key(cells[col]) not in ("中期目标", "中期绩效目标", "长期目标", "中长期目标", "中期(长期)目标", "中期（长期）目标",
                                             "年度目标", "年度绩效目标"):
                unplaced.add(row.line, cells[col])  # e.g. 中期目标（2021-2023年）: the period is kept, not dropped
        spans = [(col, kind, marks[n + 1][0] if n + 1 < len(marks) else len(cells)) for n, (col, kind) in enumerate(marks)]
        lead = [c for c in cells[1 : marks[0][0]] if c] if marks[0][0] > 0 else []
        for text in lead:
            unplaced.add(row.line, text)
        inline = {kind: " ".join(c for c in cells[col + 1 : end] if c) for col, kind, end in spans}
        used = 0
        if not any(inline.values()) and i + 1 < len(rows) and not rows[i + 1].stripped[0]:
            below = rows[i + 1].stripped
            inline = {kind: " ".join(c for c in below[col:end] if c) for col, kind, end in spans}
            used = 1
        for kind, text in inline.items():
            (mid_goals if kind == "mid" else goals).extend(split_numbered(text))
        # Separate rows: 中期目标 … then 年度目标 … on the next row.
        if i + 1 + used < len(rows):
            nxt = rows[i + 1 + used].stripped
            other = "annual" if ANNUAL_LABEL.match(label_key(nxt[0])) else "mid" if MID_LABEL.match(label_key(nxt[0])) else None
            if other and other not in inline:
                (mid_goals if other == "mid" else goals).extend(split_numbered(" ".join(c for c in nxt[1:] if c)))
                used += 1
        return used

    def _indicators(self, header: Row, rows: list[Row], unplaced: Unplaced) -> list[Indicator]:
        columns: dict[str, int] = {}
        for col, c in enumerate(header.stripped):
            if not c:
                continue
            name = INDICATOR_COLUMNS.get(label_key(c))
            if name is None:
                self.problem(header.line, f"绩效指标表中有无法识别的列“{c}”（可识别的列：{'、'.join(INDICATOR_COLUMNS)}）")
            elif name in columns:
                self.problem(header.line, f"绩效指标表中“{c}”列重复")
            else:
                columns[name] = col
        missing = [label for name, label in REQUIRED_COLUMNS.items() if name not in columns]
        if missing:
            self.problem(header.line, f"绩效指标表缺少列：{'、'.join(missing)}")
        if missing or len(self.problems) and self.problems[-1][0] is header.line:
            return []
        out: list[Indicator] = []
        for row in rows:
            cells = row.stripped + [""] * (len(header.cells) - len(row.cells))
            if not any(cells):
                continue
            if label_key(cells[0]) in SIGN_OFF_LABELS:
                unplaced.add(row.line, row.text())
                continue
            got = {name: cells[col] if col < len(cells) else "" for name, col in columns.items()}
            got.setdefault("description", "")
            got.setdefault("basis", "")
            level1 = got["level1"] or (out[-1].level1 if out else "")
            if not level1:
                self.problem(row.line, "第一行指标的一级指标为空，无法沿用上一行")
                continue
            level2 = got["level2"]
            if not level2:
                if out and out[-1].level1 == level1:
                    level2 = out[-1].level2
                else:
                    self.problem(row.line, f"一级指标“{level1}”下的二级指标为空，无法沿用上一行")
                    continue
            if not got["name"]:
                if not (got["description"] or got["value"] or got["basis"]):
                    unplaced.add(row.line, row.text())  # a placeholder row: 一级/二级 with nothing below
                    continue
                self.problem(row.line, "三级指标为空")
                continue
            extra = [c for col, c in enumerate(cells) if c and col not in columns.values()]
            if extra:
                unplaced.add(row.line, " ".join(extra))
            out.append(Indicator(level1=level1, level2=level2, name=got["name"], description=got["description"],
                                 value=got["value"], basis=got["basis"]))
        return out
