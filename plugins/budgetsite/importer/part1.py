"""第一部分, the department's overall goals: 总体绩效目标, 分项绩效目标 and 工作保障措施.

The part is read as paragraphs under the three ``一、`` headings; a goal is a
numbered item ``1、标题：内容`` and an unnumbered paragraph continues the goal above.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import GoalItem
from .cells import key
from .report import Report
from .source import NUMBERED, Line, join_wrapped

HEADING = re.compile(r"^[一二三四五六七八九十]+\s*、")
GOAL_ITEM = re.compile(r"^(?P<num>\d{1,2})\s*[、.．]\s*(?P<title>[^：:。；]{1,60}?)\s*[：:]\s*(?P<text>.*)$", re.S)
TERMINAL = "。！？；!?;…"


@dataclass
class Part1:
    """第一部分 as read: the goals under 一、 and 二、, the safeguards under 三、."""

    overall: list[GoalItem] = field(default_factory=list)
    sub: list[GoalItem] = field(default_factory=list)
    safeguards: list[str] = field(default_factory=list)


def read_part1(lines: list[Line], report: Report) -> Part1:
    """The goals and safeguards; a paragraph under no known heading, or a goal without its title, is a problem."""
    part = Part1()
    section: str | None = None
    found = _paragraphs(lines)
    if found and key(found[0][1]) == "部门整体绩效目标":
        found = found[1:]
    for ln, text in found:
        if HEADING.match(text):
            section = _section(ln, text, report)
        elif section is None:
            report.problem(ln, "第一部分中这段文字不在任何标题之下，无法归类")
        elif section == "safeguards":
            part.safeguards.append(text)
        else:
            _goal(ln, text, part.overall if section == "overall" else part.sub, report)
    return part


def _paragraphs(lines: list[Line]) -> list[tuple[Line, str]]:
    """Non-blank lines, a sentence broken by a page break joined back."""
    paras: list[tuple[Line, str]] = []
    for ln in lines:
        text = ln.text.strip()
        if not text:
            continue
        if paras and _continues(paras[-1][1], text):
            paras[-1] = (paras[-1][0], join_wrapped([paras[-1][1], text]))
        else:
            paras.append((ln, text))
    return paras


def _continues(previous: str, text: str) -> bool:
    if HEADING.match(previous) or HEADING.match(text) or NUMBERED.match(text):
        return False
    return previous[-1] not in TERMINAL


def _section(ln: Line, text: str, report: Report) -> str | None:
    k = key(text)
    section = "overall" if "总体" in k else "sub" if "分项" in k else "safeguards" if "保障" in k else None
    if section is None:
        report.problem(ln, "第一部分中无法识别的标题（应为 一、总体绩效目标 / 二、分项绩效目标 / 三、工作保障措施）")
    return section


def _goal(ln: Line, text: str, target: list[GoalItem], report: Report) -> None:
    m = GOAL_ITEM.match(text)
    if m and m.group("text").strip():
        target.append(GoalItem(title=m.group("title").strip(), text=m.group("text").strip()))
    elif NUMBERED.match(text):
        report.problem(ln, "编号目标应写成“序号、标题：内容”，这一条缺少标题后的冒号或内容")
    elif target:
        target[-1].text += "\n" + text
    else:
        report.problem(ln, "目标段落前没有编号条目（如“1、标题：内容”），无法归类")
