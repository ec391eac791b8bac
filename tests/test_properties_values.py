"""Value notations on generated input: exact decimals keep their digits, every spelling parses alike."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budgetsite.values import parse_amount, parse_percent, parse_quantity

DIGITS = st.text("0123456789", min_size=1, max_size=9)
# A whole part as amounts are written: no leading zero ("05.00" would be shown as 5.00).
WHOLE = st.just("0") | st.from_regex(r"[1-9][0-9]{0,8}", fullmatch=True)
# Each spelling of a comparator in published tables, and the one it means.
SPELLINGS = [("≥", "≥"), (">=", "≥"), ("≧", "≥"), ("＞＝", "≥"), ("≤", "≤"), ("<=", "≤"), ("≦", "≤"), ("＜＝", "≤"),
             (">", ">"), ("＞", ">"), ("<", "<"), ("＜", "<"), ("=", "="), ("＝", "=")]
UNITS = ["%", "百分比", "万元", "个", "人", "天", "次", "个工作日"]


@given(st.booleans(), WHOLE, st.none() | DIGITS)
def test_an_amount_keeps_its_exact_text(negative: bool, whole: str, places: str | None) -> None:
    text = ("-" if negative else "") + whole + (f".{places}" if places is not None else "")
    value = parse_amount(f" {text} ")
    assert str(value) == text and value == Decimal(text)
    assert parse_percent(text + "%") == value and str(parse_percent(text + "％")) == text


@given(st.sampled_from(SPELLINGS), WHOLE, st.sampled_from(UNITS), st.sampled_from(["", " "]))
def test_every_comparator_spelling_parses_to_its_meaning(spelling: tuple[str, str], number: str, unit: str, gap: str) -> None:
    written, meaning = spelling
    q = parse_quantity(f"{written}{number}{gap}{unit}")
    assert q is not None
    assert (q.comparator, q.number, q.unit, q.explicit_comparator) == (meaning, Decimal(number), unit, True)
    bare = parse_quantity(f"{number}{gap}{unit}")
    assert (bare.comparator, bare.explicit_comparator) == ("=", False)


@pytest.mark.parametrize(("unit", "percent"), [
    ("%", True), ("％", True), ("百分比", True), ("百分率", True), ("百分之", True),
    ("万元", False), ("个", False), ("", False),
])
def test_which_units_mean_percent(unit: str, percent: bool) -> None:
    q = parse_quantity(f"≥90 {unit}".strip())
    assert q is not None and q.is_percent is percent
