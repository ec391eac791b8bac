"""A project's 预算规模: 预算数, 财政资金 and 其他资金, and the fund sources the table splits them into.

The amounts stand in label/amount pairs, on the 预算规模 row and the rows
below it; a label that is none of the three parts is a fund source.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..model import Budget, FundSource
from .cells import Row, amount, label_key
from .report import Report
from .source import Line

TOTAL_LABELS = frozenset({"预算数", "资金总额", "预算总额", "年度资金总额", "项目资金总额", "年度预算数", "合计"})
FISCAL_LABELS = frozenset({"财政资金", "财政拨款", "财政拨款资金"})
OTHER_LABELS = frozenset({"其他资金"})
# Sources that belong to 其他资金 rather than 财政资金.
OTHER_SOURCES = frozenset({"自有资金", "单位自有资金", "单位资金", "事业收入", "经营收入", "其他收入", "社会资金", "自筹资金", "银行贷款"})
# The parts every budget must have, with the label a problem names.
PARTS = (("total", "预算数"), ("fiscal", "财政资金"), ("other", "其他资金"))


def is_budget_label(label: str) -> bool:
    """Whether a row's first cell starts the 预算规模."""
    return label.startswith("预算规模") or label in TOTAL_LABELS


class BudgetReader:
    """The amounts of one project's 预算规模, collected row by row."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.parts: dict[str, Decimal] = {}
        self.sources: list[FundSource] = []

    def read_pairs(self, row: Row, cells: list[str]) -> None:
        """Reads ``label amount label amount …`` from the row's cells."""
        label: str | None = None
        for c in cells:
            if not c:
                continue
            value = amount(c)
            if value is None:
                if label is not None:
                    self.report.problem(row.line, f"预算规模中“{label}”后面应是金额，实际为“{c}”")
                label = c
            elif label is None:
                self.report.problem(row.line, f"预算规模中金额“{c}”前面没有名称（如 预算数、财政资金）")
            else:
                self._pair(row, label, value)
                label = None
        if label is not None:
            self.report.problem(row.line, f"预算规模中“{label}”后面没有金额")

    def _pair(self, row: Row, label: str, value: Decimal) -> None:
        k = label_key(label)
        part = "total" if k in TOTAL_LABELS else "fiscal" if k in FISCAL_LABELS else "other" if k in OTHER_LABELS else None
        if part is None:
            self.sources.append(FundSource(name=re.sub(r"^其中[:：]\s*", "", label.strip()), amount=value,
                                           part="其他资金" if k in OTHER_SOURCES else "财政资金"))
        elif part in self.parts:
            self.report.problem(row.line, f"预算规模中“{label}”出现了两次")
        else:
            self.parts[part] = value

    def check(self, title: Line) -> None:
        """A problem on the project's title for each part the table never gave."""
        for part, label in PARTS:
            if part not in self.parts:
                self.report.problem(title, f"项目表的预算规模中没有找到“{label}”及其金额")

    def budget(self) -> Budget:
        """The budget; only after :meth:`check` found every part."""
        return Budget(total=self.parts["total"], fiscal=self.parts["fiscal"], other=self.parts["other"], sources=self.sources)
