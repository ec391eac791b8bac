"""Across a department's years: a money unit that changes from one published year to the next.

Not a fault (a county may switch from 元 to 万元), and the site converts before it
compares; but a reader of the department's history, and the reviewer, should know,
because a unit typed wrong in one year (元 for 万元) changes that year's figure
ten thousand times over.
"""

from __future__ import annotations

from ..collection import Archive
from ..money import AGGREGATE_UNIT
from .rules import Finding, collector


def unit_changes(archive: Archive, unit: str = AGGREGATE_UNIT) -> dict[tuple[int, str], list[Finding]]:
    """An information finding on each record whose units differ from the department's previous published year."""
    out: dict[tuple[int, str], list[Finding]] = {}
    for records in archive.departments().values():
        ordered = sorted(records, key=lambda r: r.year)
        for prev, r in zip(ordered, ordered[1:]):
            now, before = r.published_units(), prev.published_units()
            if now == before:
                continue
            found = collector(r)
            found.add("unit-change", "money_unit",
                      f"本年度金额单位为 {'、'.join(now)}，{prev.year} 年为 {'、'.join(before)}；"
                      f"部门历年页面和各类合计已折算为{unit}后比较。请核对单位与原表一致（照录原表，不要为统一单位而改动金额）")
            out[r.key] = found.findings
    return out
