"""第二部分, the projects: each a title ``N. 名称绩效目标表``, the unit and money-unit lines above its table, and the table.

Text around a table that is none of these is kept in the project's
``unplaced`` list; text before the first title is a problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Project, Unit
from .cells import key
from .project_table import read_project_table, table_rows
from .report import Report, Unplaced
from .source import Line

PROJECT_TITLE = re.compile(r"^(\d+)\s*[.．、]\s*(?P<name>.+?)(?P<suffix>(项目支出|预算项目)?绩效目标表)$")
UNIT_LINE = re.compile(r"^(?P<code>[0-9A-Za-z][0-9A-Za-z_-]*)\s+(?P<name>\S.*)$")
MONEY_UNIT_LINE = re.compile(r"^(金额)?单位[:：](.+)$")
PART2_HEADINGS = ("预算项目绩效目标", "预算项目绩效目标表", "项目支出绩效目标表")


@dataclass
class FoundProject:
    """A project as read, with the unit and money unit printed above its table (None where there was no such line)."""

    project: Project
    unit: Unit | None
    money_unit: str | None


def read_part2(lines: list[Line], report: Report) -> list[FoundProject]:
    """The projects in the order printed; a project whose table has problems is left out (its problems say why)."""
    starts = [i for i, ln in enumerate(lines) if "\t" not in ln.text and PROJECT_TITLE.match(ln.text.strip())]
    lead = [ln for ln in lines[: starts[0] if starts else len(lines)] if ln.text.strip()]
    if lead and key(lead[0].text) in PART2_HEADINGS:
        lead = lead[1:]
    for ln in lead:
        report.problem(ln, "第二部分中这段文字不属于任何项目表（项目表以“1. 项目名称绩效目标表”开头）")
    out = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        found = _project(lines[start], lines[start + 1 : end], report)
        if found is not None:
            out.append(found)
    return out


def _project(title: Line, lines: list[Line], report: Report) -> FoundProject | None:
    """The project under ``title``: the lines above its table, the table, and any text after it (unplaced)."""
    tables = [i for i, ln in enumerate(lines) if "\t" in ln.text]
    if not tables:
        report.problem(title, "项目标题下没有找到绩效目标表（制表符分隔的表格或 Word 表格）")
        return None
    unplaced = Unplaced()
    unit, money_unit = _lines_above(lines[: tables[0]], unplaced)
    rows = table_rows(lines[tables[0] : tables[-1] + 1], unplaced, report)
    for ln in lines[tables[-1] + 1 :]:
        if ln.text.strip():
            unplaced.add(ln, ln.text.strip())
    project = read_project_table(title, rows, report, unplaced)
    if project is None:
        return None
    title_match = PROJECT_TITLE.match(title.text.strip())
    assert title_match is not None
    if key(title_match.group("name")) != key(project.name) or title_match.group("suffix") != "绩效目标表":
        # The page titles a project "N. <name>绩效目标表"; any other title is kept word for word.
        unplaced.add(title, title.text.strip())
    project.unplaced = unplaced.texts()
    return FoundProject(project, unit, money_unit)


def _lines_above(lines: list[Line], unplaced: Unplaced) -> tuple[Unit | None, str | None]:
    """The unit (``711001 承德县总工会本级``) and money unit (``单位：万元``) above the table; the first of each counts."""
    unit: Unit | None = None
    money_unit: str | None = None
    for ln in lines:
        text = ln.text.strip()
        if not text:
            continue
        m_money = MONEY_UNIT_LINE.match(key(text))
        m_unit = UNIT_LINE.match(text)
        if m_money and money_unit is None:
            # key() folds ：into :, so the match always has a colon; the unit is read from the text as printed.
            money_unit = re.split(r"[:：]", text, maxsplit=1)[1].strip()
        elif m_unit and unit is None and re.search(r"\d", m_unit.group("code")):
            unit = Unit(code=m_unit.group("code"), name=m_unit.group("name").strip())
        else:
            unplaced.add(ln, text)
    return unit, money_unit
