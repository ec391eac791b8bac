"""Exact percentages from Decimal amounts, rounded half-up to two places."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

HUNDRED = Fraction(100)


def round_half_up(value: Fraction, places: int = 2) -> Decimal:
    """Exact rounding of a fraction, ties away from zero (as Decimal's ROUND_HALF_UP)."""
    scale = 10**places
    magnitude = abs(value) * scale
    whole, rest = divmod(magnitude.numerator, magnitude.denominator)
    if 2 * rest >= magnitude.denominator:
        whole += 1
    sign = -1 if value < 0 else 1
    return Decimal(sign * whole).scaleb(-places)


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part`` as a percentage of ``whole``; ``None`` when ``whole`` is zero."""
    if whole == 0:
        return None
    return round_half_up(Fraction(part) / Fraction(whole) * HUNDRED)
