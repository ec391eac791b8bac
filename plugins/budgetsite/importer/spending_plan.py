"""A project's 资金支出计划: the share of the budget spent by each date.

Tables print it two ways: dates and percentages side by side on the
资金支出计划 row (``3月底 25% 6月底 50% …``), or the dates on that row and the
percentages in the row below, each under its date.
"""

from __future__ import annotations

import re

from ..model import SpendingPoint
from .cells import Row, key, label_key
from .report import Report

PERCENT_TEXT = re.compile(r"^\d+(\.\d+)?%$")
# Labels that start the next part of the table, so the row holding them is not the plan's values.
NEXT_PART_LABELS = ("绩效目标", "一级指标")


def is_plan_label(label: str) -> bool:
    """Whether a row's first cell starts the 资金支出计划."""
    return label.startswith("资金支出计划")


def read_spending_plan(rows: list[Row], i: int, report: Report) -> tuple[list[SpendingPoint], int]:
    """The plan whose header is ``rows[i]``, and the index of the first row after it."""
    header = rows[i]
    if any(PERCENT_TEXT.match(key(c)) for c in header.stripped[1:] if c):
        # Dates and percentages side by side: the plan is this one row; the row below belongs to what follows.
        return _side_by_side(header, report), i + 1
    values = _values_row(rows, i)
    return _by_column(header, values, report), i + 1 if values is None else i + 2


def _values_row(rows: list[Row], i: int) -> Row | None:
    """The row below the header when it continues the plan (a blank first cell, no label of the next part)."""
    if i + 1 >= len(rows):
        return None
    below = rows[i + 1]
    if below.stripped[0] or any(label_key(c) in NEXT_PART_LABELS for c in below.stripped):
        return None
    return below


def _side_by_side(header: Row, report: Report) -> list[SpendingPoint]:
    out = []
    pending: str | None = None
    for c in (c for c in header.stripped[1:] if c):
        if not PERCENT_TEXT.match(key(c)):
            if pending is not None:
                out.append(SpendingPoint(period=pending, value=""))
            pending = c
        elif pending is None:
            report.problem(header.line, f"资金支出计划中的比例“{c}”前面没有时点")
        else:
            out.append(SpendingPoint(period=pending, value=c))
            pending = None
    if pending is not None:
        out.append(SpendingPoint(period=pending, value=""))
    return out


def _by_column(header: Row, values: Row | None, report: Report) -> list[SpendingPoint]:
    periods = [(col, c) for col, c in enumerate(header.stripped) if col > 0 and c]
    found = _under_periods(periods, values, report) if values is not None else {}
    return [SpendingPoint(period=p, value=found.get(n, "")) for n, (_, p) in enumerate(periods)]


def _under_periods(periods: list[tuple[int, str]], values: Row, report: Report) -> dict[int, str]:
    """The values row's cells by the index of the date above them."""
    found: dict[int, str] = {}
    for col, c in enumerate(values.stripped):
        if col == 0 or not c:
            continue
        # A value belongs to the nearest date at or left of its column (a date may span merged cells).
        owner = max((n for n, (pcol, _) in enumerate(periods) if pcol <= col), default=None)
        if owner is None:
            report.problem(values.line, f"资金支出计划中的“{c}”不在任何时点下面")
        elif owner in found:
            report.problem(values.line, f"资金支出计划“{periods[owner][1]}”下有两个值（“{found[owner]}”和“{c}”）")
        else:
            found[owner] = c
    return found
