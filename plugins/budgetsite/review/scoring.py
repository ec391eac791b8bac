"""How a 项目支出绩效自评表 is scored, as data: points per group and how an indicator earns them.

Most provinces apply 财预〔2020〕10号 the same way: 预算执行 10, 产出 50, 效益 30,
满意度 10 (100 in all); a "≥" indicator scores 实际 ÷ 目标 × 分值, a "≤" one
目标 ÷ 实际 × 分值, both capped at the 分值; a qualitative one keeps the score the
department recorded. A province with other weights writes a ``scoring`` table into
its indicator-framework YAML file (chosen per year with ``--framework-year`` or
the plugin's ``framework_by_year``, see docs/review.md), or a scheme is added
below (or per year in ``BY_YEAR``) and named in the record's ``scoring`` field;
the code that applies the scheme does not change.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..evaluation_model import Evaluation, ResultIndicator
from ..values import Quantity

HUNDRED = Decimal(100)

# The common scheme (财预〔2020〕10号 as applied locally): group -> points.
COMMON: dict[str, Any] = {
    "name": "通用办法（预算执行 10、产出 50、效益 30、满意度 10）",
    "budget": "10",  # 预算执行: the 年度资金总额 row's 分值
    "groups": {"产出指标": "50", "效益指标": "30", "满意度指标": "10"},
    "total": "100",
    "cap": True,  # a score never exceeds its points
}

SCHEMES: dict[str, dict[str, Any]] = {"通用": COMMON}
BY_YEAR: dict[int, str] = {}  # budget year -> scheme name, where a year departs from 通用
DEFAULT = "通用"


@dataclass(frozen=True)
class Scheme:
    name: str
    budget: Decimal
    groups: dict[str, Decimal]  # 一级指标 as written -> points
    total: Decimal
    cap: bool

    @classmethod
    def from_table(cls, table: dict[str, Any]) -> Scheme:
        return cls(name=str(table["name"]), budget=Decimal(str(table["budget"])),
                   groups={str(k): Decimal(str(v)) for k, v in table["groups"].items()},
                   total=Decimal(str(table["total"])), cap=bool(table.get("cap", True)))


def scheme_for(evaluation: Evaluation, in_force: Scheme | None = None) -> Scheme:
    """The scheme a self-evaluation names; else ``in_force`` (its year's framework file's ``scoring``); else its year's default."""
    name = evaluation.scoring.strip()
    if in_force is not None and (not name or name == in_force.name):
        return in_force
    return Scheme.from_table(SCHEMES.get(name or BY_YEAR.get(evaluation.year, DEFAULT), SCHEMES[DEFAULT]))


def known_scheme(name: str, in_force: Scheme | None = None) -> bool:
    return not name.strip() or name.strip() in SCHEMES or (in_force is not None and name.strip() == in_force.name)


def ratio_score(target: Quantity, actual: Quantity, points: Decimal, cap: bool = True) -> Decimal | None:
    """实际 ÷ 目标 × 分值 for "≥" (and "＝", "＞"), 目标 ÷ 实际 × 分值 for "≤" (and "＜"); None when it cannot be computed."""
    if target.comparator in ("≤", "<"):
        if actual.number == 0:
            return points  # nothing spent against a ceiling: the target is met
        score = target.number / actual.number * points
    else:
        if target.number == 0:
            return None
        score = actual.number / target.number * points
    return min(score, points) if cap else score


def expected_score(row: ResultIndicator, cap: bool = True) -> Decimal | None:
    """The score the rule gives this row, or None for a qualitative row (its recorded score stands)."""
    t, a = row.target_quantity, row.actual_quantity
    if t is None or a is None or row.points is None:
        return None
    if t.is_percent != a.is_percent and a.unit and t.unit:
        return None  # different measures (a count against a rate): no ratio to take
    return ratio_score(t, a, row.points, cap)


def execution_rate(spent: Decimal, budget: Decimal) -> Decimal | None:
    """执行率 in percent: 全年执行数 ÷ 全年预算数 × 100."""
    if budget == 0:
        return None
    return spent / budget * HUNDRED


def same_at(stated: Decimal, computed: Decimal) -> bool:
    """Does ``computed`` round to ``stated`` at the decimal places the table printed?"""
    exponent = stated.as_tuple().exponent
    places = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
    return computed.quantize(places, rounding=ROUND_HALF_UP) == stated


def shown(value: Decimal, like: Decimal | None = None) -> str:
    """A computed value at the places of the stated one it is compared with (at least 2)."""
    exponent = like.as_tuple().exponent if like is not None else -2
    places = min(exponent if isinstance(exponent, int) else -2, -2)
    return str(value.quantize(Decimal(1).scaleb(places), rounding=ROUND_HALF_UP))
