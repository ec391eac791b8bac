"""The cover: department line, title, (草案), 编制 and 审核 lines; and the year, from the title or ``--year``."""

from __future__ import annotations

import re
import unicodedata

from ..model import Cover
from .cells import key
from .report import Report
from .source import Line

STATUS_LINE = re.compile(r"[(（](草案|正式|送审稿|征求意见稿)[)）]")
TITLE_LINE = re.compile(r"\d{4}年.*(绩效|预算)")
TITLE_YEAR = re.compile(r"(\d{4})\s*年")
# The lines a cover must have, in the order the message names them.
COVER_LINES = (
    ("name_line", "部门行"),
    ("title", "标题行（如 2021 年部门预算绩效文本）"),
    ("prepared_by", "编制行（…编制）"),
    ("reviewed_by", "审核行（…审核）"),
)


def read_cover(lines: list[Line], report: Report) -> tuple[Cover, str] | None:
    """The cover and the document's status (草案 or 正式), or None when a cover line is missing."""
    found, rest, status = _sort_lines(lines, report)
    for ln in rest:
        report.problem(ln, "封面上有无法归类的文字（封面应为：部门行、标题、（草案）、编制行、审核行）")
    missing = [label for name, label in COVER_LINES if name not in found]
    if missing:
        report.problem(lines[0] if lines else None, f"封面缺少{'、'.join(missing)}")
        return None
    if "status" not in found:
        report.note(found["title"], "封面没有“（草案）”字样，状态记为 正式")
    marker = found.get("status")
    word = STATUS_LINE.fullmatch(key(marker.text)).group(1) if marker is not None else "正式"  # type: ignore[union-attr]
    cover = Cover(name_line=found["name_line"].text.strip(), title=found["title"].text.strip(),
                  prepared_by=found["prepared_by"].text.strip(), reviewed_by=found["reviewed_by"].text.strip(),
                  # 送审稿 and 征求意见稿 publish as 草案, and the cover keeps the word it printed.
                  status_line=marker.text.strip() if marker is not None and word not in ("草案", "正式") else "")
    return cover, status


def _sort_lines(lines: list[Line], report: Report) -> tuple[dict[str, Line], list[Line], str]:
    """The cover lines by what they are, the lines that are none of them, and the status."""
    found: dict[str, Line] = {}
    rest: list[Line] = []
    status = "正式"
    for ln in lines:
        k = key(ln.text)
        m = STATUS_LINE.fullmatch(k)
        if m and "status" in found:
            # The first status line is the document's; a second one that differs cannot both be true.
            if key(found["status"].text) != k:
                report.problem(ln, f"封面上有两个状态行（“{found['status'].text.strip()}”和“{ln.text.strip()}”），请只保留正确的一个")
        elif m:
            found["status"] = ln
            # 送审稿 and 征求意见稿 are not yet final: they publish as 草案.
            status = "草案" if m.group(1) != "正式" else "正式"
        elif k.endswith("编制") and "prepared_by" not in found:
            found["prepared_by"] = ln
        elif k.endswith("审核") and "reviewed_by" not in found:
            found["reviewed_by"] = ln
        elif "title" not in found and TITLE_LINE.search(k):
            found["title"] = ln
        else:
            rest.append(ln)
    if "title" in found:
        # The department line has no mark of its own: it is the last unsorted line above the title.
        before = [ln for ln in rest if ln.no < found["title"].no]
        if before:
            found["name_line"] = before[-1]
            rest.remove(before[-1])
    return found, rest, status


def department(cover: Cover) -> str:
    """The department's name: the cover's first line without its closing 部门."""
    name = cover.name_line
    return name[:-2] if name.endswith("部门") and len(name) > 2 else name


def read_year(cover: Cover, year_option: int | None, report: Report) -> int | None:
    """The year from ``--year`` or the cover title; None (with a problem) when they disagree or neither says."""
    m = TITLE_YEAR.search(unicodedata.normalize("NFKC", cover.title))
    title_year = int(m.group(1)) if m else None
    if year_option is not None:
        if title_year is not None and title_year != year_option:
            report.problem(None, f"--year 指定为 {year_option}，但封面标题是“{cover.title}”（{title_year} 年）；请核对年度")
            return None
        return year_option
    if title_year is None:
        report.problem(None, f"封面标题“{cover.title}”中没有年度，请用 --year 指定")
    return title_year
