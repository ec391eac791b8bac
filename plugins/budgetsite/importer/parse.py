"""The layout of a 部门预算绩效文本, read line by line into a :class:`~budgetsite.model.Record`.

The document is a cover, an optional 目录, 第一部分 (the department's goals) and
第二部分 (one table per project). This module finds those parts, drops page
numbers and running headers, and puts the record together; each part is read
by its own module (``cover``, ``part1``, ``part2``). Every line is either
placed in a field, noted as ignored, kept in its project's ``unplaced`` list,
or reported as a problem with its line.
"""

from __future__ import annotations

import re
import unicodedata

from ..model import Cover, Project, Record, Unit
from .cells import key
from .cover import department, read_cover, read_year
from .part1 import Part1, read_part1
from .part2 import FoundProject, read_part2
from .report import Report
from .source import Line
from .standalone import looks_standalone, read_tables, standalone_record

PAGE_NUMBER = re.compile(r"^[-—–－\s]*\d{1,3}[-—–－\s]*$|^第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?$|^\d+\s*/\s*\d+$")
TOC_ENTRY = re.compile(r"(\t|\.{3,}|…+|·{3,})\s*\d+\s*$")
DEFAULT_MONEY_UNIT = "万元"


class Parser:
    """Reads one document's lines; :attr:`problems` and :attr:`notes` say what could not be read and what was left out."""

    def __init__(self, lines: list[Line], *, year: int | None = None, unit: str | None = None):
        self.lines = lines
        self.year_option = year
        self.unit_option = unit
        self.report = Report()

    @property
    def problems(self) -> list[tuple[Line | None, str]]:
        return self.report.problems

    @property
    def notes(self) -> list[tuple[Line | None, str]]:
        return self.report.notes

    def parse(self) -> Record | None:
        """The record, or None when there are problems."""
        lines = self.lines
        toc = next((i for i, ln in enumerate(lines) if key(ln.text) == "目录"), None)
        body = self._body_start(toc or 0)
        if body is None:
            if looks_standalone(lines):
                found = read_tables(lines, self.report)
                return standalone_record(found, self.report, year=self.year_option, unit_code=self.unit_option)
            self.report.problem(None, "找不到正文“第一部分”标题（部门整体绩效目标），也找不到单独的项目表（“项目名称”栏和“一级指标”表头），"
                                      "无法确定文本结构；请确认导入的是部门预算绩效文本或项目支出绩效目标表")
            return None
        if toc is not None:
            skipped = [ln for ln in lines[toc:body] if ln.text.strip()]
            self.report.note(lines[toc], f"已跳过目录（{len(skipped)} 行）")
        found_cover = read_cover([ln for ln in lines[: body if toc is None else toc] if ln.text.strip()], self.report)
        part2 = next((i for i in range(body + 1, len(lines)) if _is_heading(lines[i], "第二部分")), None)
        header_key = key(found_cover[0].title) if found_cover else ""
        part1 = read_part1(self._clean(lines[body + 1 : part2 if part2 is not None else len(lines)], header_key), self.report)
        found = read_part2(self._clean(lines[part2 + 1 :], header_key) if part2 is not None else [], self.report)
        if found_cover is None:
            return None
        return self._record(*found_cover, part1, found)

    def _record(self, cover: Cover, status: str, part1: Part1, found: list[FoundProject]) -> Record | None:
        """The record from its parts, or None when the year, the unit or anything before had a problem."""
        year = read_year(cover, self.year_option, self.report)
        units = [f.unit for f in found if f.unit is not None]
        if not units and self.unit_option is not None:
            units = [Unit(code=self.unit_option, name=department(cover))]
        elif units and self.unit_option is not None and units[0].code != self.unit_option:
            self.report.problem(None, f"--unit 指定为 {self.unit_option}，但文本中的单位编码是 {units[0].code}；请核对")
        if not units:
            self.report.problem(None, "找不到单位行（项目表上方的“单位编码 单位名称”，如“711001 承德县总工会本级”），无法确定单位编码")
        if self.report.problems or year is None or not units:
            return None
        money_unit = self._money_unit(found)
        return Record(year=year, status=status, department=department(cover), unit=units[0], cover=cover, money_unit=money_unit,
                      overall_goals=part1.overall, sub_goals=part1.sub, safeguards=part1.safeguards,
                      projects=_projects(found, units[0], money_unit))

    def _body_start(self, start: int) -> int | None:
        """The 第一部分 heading of the body: the first one not followed by a 目录 entry."""
        lines = self.lines
        for i in range(start, len(lines)):
            if not _is_heading(lines[i], "第一部分"):
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
                self.report.note(ln, "已忽略页码")
                continue
            # A running header repeats the cover title, perhaps with a page number or date beside it.
            if k and header_key and "\t" not in ln.text and header_key in k and len(k) <= len(header_key) + 30:
                self.report.note(ln, "已忽略页眉")
                continue
            out.append(ln)
        return out

    def _money_unit(self, found: list[FoundProject]) -> str:
        """The record's money unit: the first one printed above a table."""
        printed = [f.money_unit for f in found if f.money_unit is not None]
        if not printed:
            self.report.note(None, f"文本中没有“单位：万元”一行，金额单位按 {DEFAULT_MONEY_UNIT} 记录")
        return printed[0] if printed else DEFAULT_MONEY_UNIT


def _is_heading(line: Line, part: str) -> bool:
    """Whether the line heads a part (第一部分, 第二部分) rather than sitting in a table."""
    return "\t" not in line.text and key(line.text).startswith(part)


def _projects(found: list[FoundProject], unit: Unit, money_unit: str) -> list[Project]:
    """The projects, each naming its unit and money unit only where they differ from the record's."""
    for f in found:
        if f.unit is not None and f.unit != unit:
            f.project.unit = f.unit
        if f.money_unit is not None and f.money_unit != money_unit:
            f.project.money_unit = f.money_unit
    return [f.project for f in found]
