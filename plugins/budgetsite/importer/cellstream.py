"""A document's table cells as one stream, whatever the source did with its rows.

A Word or spreadsheet row, a tab-separated line, a page copied one cell per
line (blank cells as a line holding a space, lines between cells empty), or
cells run together on one line (``项目名称农村义务教育薄弱学校改造补助资金``):
each becomes the same :class:`Token` sequence, so that a standalone table is
read one way. Text is split only at known labels (:mod:`.labels`); a cell is
never cut anywhere else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cells import key, label_key
from .labels import ALL_LABELS, NOT_RUN_TOGETHER, TABLE_TITLE
from .source import Line


@dataclass(frozen=True)
class Token:
    text: str  # the cell as printed, stripped ("" for a blank cell)
    line: Line
    label: str | None = None  # the label's key when the cell is a known label
    row: int = -1  # the index of the source row for tabular sources; -1 for text one cell per line


# Labels as they may be printed: characters spaced out, with 其中： before and a colon after.
_SP = r"[ \u3000]*"
_LABELS = sorted(ALL_LABELS, key=len, reverse=True)
_LABEL = re.compile(
    rf"(?:其{_SP}中{_SP}[:：]?{_SP})?(?P<label>{'|'.join(_SP.join(map(re.escape, lab)) for lab in _LABELS)}){_SP}[:：]?{_SP}"
)


_AMOUNT = re.compile(r"^[\d,，.]+\s*(万元|元)?$")
_PAREN = re.compile(r"^[(（][^()（）]*[)）]$")


def tokens(lines: list[Line]) -> list[Token]:
    """The cells of ``lines`` in reading order, a label and the value written after it in one cell split in two."""
    out: list[Token] = []
    for n, ln in enumerate(lines):
        if "\t" in ln.text:
            for cell in ln.cells:
                out.extend(split_cell(cell, ln, n))
        elif ln.text == "":
            continue  # between cells of a page copied one cell per line
        else:
            out.extend(split_cell(ln.text, ln, -1, inner=True))
    return _joined_labels(out)


def _joined_labels(found: list[Token]) -> list[Token]:
    """A label broken over two cells (主管部门 / 及编码, as a narrow column wraps it) joined back."""
    out: list[Token] = []
    for t in found:
        if out and out[-1].label and t.label is None and t.text:
            joined = label_key(out[-1].text + t.text)
            if joined in ALL_LABELS and joined != out[-1].label:
                prev = out.pop()
                out.append(Token(prev.text + t.text, prev.line, joined, prev.row))
                continue
        out.append(t)
    return out


def split_cell(text: str, line: Line, row: int, *, inner: bool = False) -> list[Token]:
    """One cell, or a label and what follows it; with ``inner`` (text run together), also at labels later in the cell."""
    text = text.strip()
    if TABLE_TITLE.match(key(text)):
        return [Token(text, line, None, row)]  # 绩效目标表 is a title, not the label 绩效目标 and a 表
    m = _LABEL.match(text)
    if not m:
        return [Token(text, line, None, row)]
    label = label_key(m.group("label"))
    rest = text[m.end() :].strip()
    head = Token(text[: m.end()].strip(), line, label, row)
    if not rest:
        return [head]
    # A value may begin with a label's word (本级财政…): split only where the cell plainly is "label: value".
    colon = text[: m.end()].rstrip()[-1:] in ":："
    if _PAREN.match(rest):
        return [Token(text, line, label, row)]  # 项目资金(万元), 中期滚动目标(2019年--2021年): one label, as printed
    if not (colon or _AMOUNT.match(rest) or (inner and len(label) >= 4 and label not in NOT_RUN_TOGETHER)):
        return [Token(text, line, None, row)]
    if inner:
        later = [x for x in _LABEL.finditer(rest) if len(label_key(x.group("label"))) >= 4]
        if later:
            cut = later[0].start()
            return [head, *([Token(rest[:cut].strip(), line, None, row)] if rest[:cut].strip() else []),
                    *split_cell(rest[cut:], line, row, inner=True)]
    return [head, Token(rest, line, None, row)]
