"""Parsing of the value notations found in budget tables.

Everything is parsed once, on load; the original text is always kept beside
the parsed form, because the site reproduces the official document verbatim.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

AMOUNT_RE = re.compile(r"-?\d+(\.\d+)?")

# Comparators as they appear in real tables, full-width and ASCII spellings included.
COMPARATORS: dict[str, str] = {
    "≥": "≥", ">=": "≥", "≧": "≥", "＞＝": "≥", "＞=": "≥",
    "≤": "≤", "<=": "≤", "≦": "≤", "＜＝": "≤", "＜=": "≤",
    ">": ">", "＞": ">",
    "<": "<", "＜": "<",
    "=": "=", "＝": "=",
}
_COMPARATOR_RE = "|".join(re.escape(c) for c in sorted(COMPARATORS, key=len, reverse=True))
QUANTITY_RE = re.compile(
    rf"^\s*(?P<op>{_COMPARATOR_RE})?\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>[^\d\s]\S{{0,5}})?\s*$"
)
# Units are short (%, 百分比, 万元, 个工作日); a longer tail means a phrase such as
# "2021 年完成验收", which is qualitative even though it starts with a number.

# Units that mean "percent", normalised to one spelling for comparisons.
PERCENT_UNITS = {"%", "％", "百分比", "百分率", "百分之"}


def parse_amount(text: str) -> Decimal | None:
    """An exact decimal from a table cell such as ``5.00``; None if it is not one."""
    text = text.strip()
    if not AMOUNT_RE.fullmatch(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
        return None


@dataclass(frozen=True)
class Quantity:
    """The parsed form of a quantitative 指标值 such as ``≥90 百分比``."""

    comparator: str  # one of ≥ ≤ > < =; "=" when the cell has none
    number: Decimal
    unit: str  # as written, e.g. "百分比", "万元", "%"; "" when absent
    explicit_comparator: bool

    @property
    def is_percent(self) -> bool:
        return self.unit in PERCENT_UNITS

    def as_dict(self) -> dict[str, str | bool]:
        return {
            "comparator": self.comparator,
            "number": str(self.number),
            "unit": self.unit,
            "explicit_comparator": self.explicit_comparator,
        }


def parse_quantity(text: str) -> Quantity | None:
    """Parse ``≥90 百分比``, ``≤5 万元``, ``100%``; None for qualitative values."""
    normalised = unicodedata.normalize("NFKC", text)
    # NFKC maps ％ to % and full-width digits to ASCII, but leaves ≥ ≤ alone.
    match = QUANTITY_RE.match(normalised)
    if not match:
        return None
    op = match.group("op")
    unit = (match.group("unit") or "").strip()
    return Quantity(
        comparator=COMPARATORS.get(op, "=") if op else "=",
        number=Decimal(match.group("num")),
        unit=unit,
        explicit_comparator=op is not None,
    )


def parse_percent(text: str) -> Decimal | None:
    """``100.00%`` → Decimal('100.00'); None for blanks and anything else."""
    normalised = unicodedata.normalize("NFKC", text).strip()
    if not normalised.endswith("%"):
        return None
    return parse_amount(normalised[:-1])
