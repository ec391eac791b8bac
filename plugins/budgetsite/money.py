"""Money units: the units a record may be published in, and the one unit of every aggregate.

Published tables print amounts in 万元 or in 元, and a site that adds the two as one
number publishes a figure off by ten thousand times. So every figure that covers more
than one table (a year's total, a department's history, the chart, the year's files) is
converted into one unit, :data:`AGGREGATE_UNIT`, before anything is added.

* Conversion is exact. Every known unit is a power of ten of 元, so converting is
  moving the decimal point (``Decimal.scaleb``): 42753400.00 元 is 4275.340000 万元,
  with no division and no float.
* Sums stay exact. A converted amount may have more than two decimals
  (12345.67 元 = 1.234567 万元); it is added as it is.
* Rounding happens once, where an aggregate figure is shown: :func:`shown` rounds
  half-up (ties away from zero) to :data:`DISPLAY_PLACES` decimals. Open-data files
  carry the exact converted amount (:func:`exact_text`), so a reader can redo the sums.

A unit not in :data:`UNITS` (千元, 亿元, a blank, a typo such as 万圆) is refused when the
record is loaded: a unit the program does not know cannot be converted, and guessing
would publish a wrong total. Adding a unit is one line in :data:`UNITS`.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType

# The power of ten of 元 in each unit a record may be published in.
UNITS = MappingProxyType({"元": 0, "万元": 4})

AGGREGATE_UNIT = "万元"
"""The unit of every aggregate (totals, histories, charts, year and archive files)."""

DISPLAY_PLACES = 2
"""Decimals of an aggregate figure as shown: 0.01 万元 (100 元), or 0.01 元 (1 分)."""

_QUANTUM = Decimal(1).scaleb(-DISPLAY_PLACES)

ROUNDING_RULE = f"先按精确值折算、求和，显示时四舍五入保留 {DISPLAY_PLACES} 位小数"
"""The rounding rule in words, as pages and docs state it."""


def accepted() -> str:
    """The units a record may use, as a staff message lists them: 元、万元."""
    return "、".join(UNITS)


def unit_problem(unit: str | None) -> str | None:
    """What is wrong with ``unit`` as a money unit, as the end of a staff message; None when nothing is."""
    if unit is None or not unit.strip():
        return f"不能为空，请填写 {accepted()} 之一。"
    if unit in UNITS:
        return None
    return (f"为“{unit}”，无法识别：只能是 {accepted()}。"
            f"原表用其他单位（如 千元、亿元）时，请把金额换算成{'或'.join(UNITS)}后填写。")


def convert(amount: Decimal, unit: str, to: str = AGGREGATE_UNIT) -> Decimal:
    """``amount`` in ``unit`` expressed exactly in ``to``; raises KeyError for an unknown unit."""
    shift = UNITS[unit] - UNITS[to]
    return amount if shift == 0 else amount.scaleb(shift)


def shown(amount: Decimal) -> Decimal:
    """The one rounding of an aggregate figure: half-up to :data:`DISPLAY_PLACES` decimals."""
    rounded = amount.quantize(_QUANTUM, rounding=ROUND_HALF_UP)
    return rounded.copy_abs() if rounded == 0 else rounded  # -0.001 is shown 0.00, never "-0.00"


def exact_text(amount: Decimal) -> str:
    """An exact amount as plain text with at least two decimals and no exponent: 4275.34, 1.234567, 50000.00."""
    text = f"{amount:f}"
    whole, _, decimals = text.partition(".")
    decimals = decimals.rstrip("0").ljust(DISPLAY_PLACES, "0")
    return f"{whole}.{decimals}"


def exact(amount: Decimal) -> Decimal:
    """:func:`exact_text` as a Decimal: the value a data file holds for a converted amount."""
    return Decimal(exact_text(amount))


def caption(unit: str = AGGREGATE_UNIT) -> str:
    """The unit label of an aggregate table's caption."""
    return f"金额单位：{unit}"


def converted_note(amount: Decimal, unit: str, to: str = AGGREGATE_UNIT) -> str:
    """'折合 4275.34 万元': a converted figure shown beside one published in another unit."""
    return f"折合 {shown(convert(amount, unit, to))} {to}"
