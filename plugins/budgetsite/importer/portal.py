"""Text copied from a government portal's page: the CMS metadata block above the document, the page tools around it.

Portals print 索引号, 发布机构, 发布日期, 文号, 有效性 (two to a line, labels
spaced out as ``索 引 号``) above the document: they become the record's
``meta`` (公开信息). The page's own tools (字号, [下载] [打印] [关闭], 扫一扫在手机打开当前页)
are not part of the document: each is left out with a note naming its line.
Cells the page separated with `` | `` become table cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Meta
from .cells import key
from .report import Report
from .source import Line, join_wrapped

# Meta field → the label the portal prints, letters possibly spaced out.
META_LABELS = (
    ("index_no", "索引号"), ("publisher", "发布机构"), ("published", "发布日期"), ("written", "成文日期"),
    ("validity", "有效性"), ("validity", "时效性"), ("title", "标题"), ("doc_no", "发文字号"), ("doc_no", "文号"),
    ("topic", "主题分类"), ("", "体裁分类"),  # "": a field 公开信息 does not hold (noted, not recorded)
)
# Brackets, bars and list bullets around the pairs: [ 索引号 ] | … |, 【发布机构】, - 索引号: ….
_META_FURNITURE = re.compile(r"[\[\]【】|]|^\s*[-•·]\s+")
_SPACE = "[ \u3000]*"
_META = re.compile("|".join(f"(?P<m{n}>{_SPACE.join(label)}){_SPACE}[:：]?" for n, (_, label) in enumerate(META_LABELS)))
# Page tools and page furniture that a copy of the page picks up, by their key (NFKC, no spaces).
CHROME = (
    re.compile(r"^字号[:：]?(大|中|小|\|)*$"),
    re.compile(r"^(\[(下载|打印|关闭|收藏|分享)\])+$"),
    re.compile(r"^【?(打印本页|关闭窗口|打印|关闭)】?(【?(打印本页|关闭窗口|打印|关闭)】?)*$"),
    re.compile(r"^扫一扫在手机(上)?打开当前页$"),
    re.compile(r"^附件[:：]?$"),
    re.compile(r"^(发布时间|发布日期)[:：][\d\-年月日./]+(\|?(发布单位|发布机构|来源|浏览次数)[:：].*)*$"),
    re.compile(r"^分享到[:：]?.*$"),
    re.compile(r"^(您当前的位置|当前位置|您现在的位置)[:：].*$"),
)


@dataclass
class PortalPage:
    """The document's lines without the portal's furniture, and the metadata block read from above it."""

    lines: list[Line]
    meta: Meta | None = None
    meta_lines: list[Line] = field(default_factory=list)


def read_portal(lines: list[Line], report: Report) -> PortalPage:
    lines = _bar_cells(lines)
    meta_values: dict[str, str] = {}
    meta_lines: list[Line] = []
    out: list[Line] = []
    repeated = False
    for ln in lines:
        k = key(ln.text)
        if not out and not meta_lines and not k:
            continue
        found = _meta_pairs(ln.text) if len(out) < 3 else None
        if found:
            meta_lines.append(ln)
            for name, value in found:
                if name:
                    meta_values.setdefault(name, value)
                elif value:
                    report.note(ln, f"公开信息中的“{value}”一项没有对应的字段，未记入记录")
            continue
        if k and any(p.match(k) for p in CHROME):
            report.note(ln, "已忽略网页上的工具栏和页脚（不是文本内容）")
            continue
        if k and meta_values.get("title") and k == key(meta_values["title"]) and "\t" not in ln.text and not repeated:
            # The page repeats its title once as a heading; the document's own title comes after it.
            repeated = True
            report.note(ln, "已忽略网页上重复的标题（已记入公开信息）")
            continue
        out.append(_cells(ln))
    meta = Meta(**{name: value for name, value in meta_values.items() if value}) if meta_values else None
    return PortalPage(out, meta, meta_lines)


def _meta_pairs(text: str) -> list[tuple[str, str]] | None:
    """The metadata pairs on a line such as ``索 引 号 733569413/2020-806617 发布日期 2020-01-20``; None unless the line starts with a label."""
    text = _META_FURNITURE.sub(" ", text)
    matches = list(_META.finditer(text))
    if not matches or text[: matches[0].start()].strip():
        return None
    out = []
    for n, m in enumerate(matches):
        end = matches[n + 1].start() if n + 1 < len(matches) else len(text)
        name, label = META_LABELS[int(next(g for g, v in m.groupdict().items() if v)[1:])]
        value = text[m.end() : end].strip()
        out.append((name, value) if name else ("", f"{label} {value}".strip()))
    return out


def _bar_cells(lines: list[Line]) -> list[Line]:
    """A page copied with each cell ended by `` |`` (a cell wrapped over lines has the bar on its last line): one line per cell."""
    ended = sum(1 for ln in lines if ln.text.rstrip().endswith("|"))
    if ended < max(10, len([ln for ln in lines if ln.text.strip()]) // 2):
        return lines
    out: list[Line] = []
    parts: list[Line] = []
    for ln in lines:
        text = ln.text.rstrip()
        if not text.endswith("|"):
            if text.strip():
                parts.append(ln)
            continue
        first = parts[0] if parts else ln
        cells = [c.strip() for c in text[:-1].split(" | ")]
        cells[0] = join_wrapped([p.text for p in parts] + [cells[0]])
        out.append(Line(first.no, "\t".join(cells) if len(cells) > 1 else cells[0] or " ", first.where))
        parts = []
    out += parts
    return out


def _cells(line: Line) -> Line:
    """`` | `` between cells, as some pages copy their tables, read as the tab of a text export."""
    if " | " not in line.text or "\t" in line.text:
        return line
    cells = [c.strip() for c in line.text.split(" | ")]
    return Line(line.no, "\t".join(cells), line.where)
