"""How the parser compares text and reads table cells, shared by every part of the document.

Labels are recognised on a normalised key (NFKC, whitespace removed), so that
full-width digits, ``％`` and stray spaces do not matter; the text that goes
into the record is always the original.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from ..values import parse_amount
from .source import NUMBERED, Line

# Rows under a project table (who filled it in, who checked it): never a field, kept as unplaced text.
SIGN_OFF_LABELS = frozenset({"填报人", "联系电话", "项目负责人", "审核人", "单位负责人", "财务负责人", "填报日期", "审核意见", "联系人"})

# A later number in a numbered paragraph: "2." after the start, a space or punctuation, not "2.5".
_LATER_NUMBER = re.compile(r"(?:(?<=^)|(?<=[\s。；;，,]))(\d{1,2})\s*[.．、](?!\d)")


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
    for m in _LATER_NUMBER.finditer(text):
        if m.start() <= pos - 1 or int(m.group(1)) != expected:
            continue
        items.append(text[start : m.start()].strip())
        start = m.end()
        expected += 1
    items.append(text[start:].strip())
    return [i for i in items if i]


def joined(cells: list[str]) -> str:
    """The non-empty cells as one text, as a row's value spread over several cells is read."""
    return " ".join(c for c in cells if c)


@dataclass
class Row:
    """One row of a table: a cell wrapped over several lines is already joined back."""

    line: Line  # the first line of the row
    cells: list[str]
    extra_lines: list[Line] = field(default_factory=list)

    @property
    def where(self) -> str:
        """The lines the row was read from: 第 12 行, or 第 12–14 行 for a row whose cells wrapped."""
        if not self.extra_lines:
            return self.line.where
        if self.line.is_text_line:
            return f"第 {self.line.no}–{self.extra_lines[-1].no} 行"
        return f"{self.line.where}至{self.extra_lines[-1].where}"

    @property
    def stripped(self) -> list[str]:
        return [c.strip() for c in self.cells]

    def text(self) -> str:
        return joined(self.stripped)
