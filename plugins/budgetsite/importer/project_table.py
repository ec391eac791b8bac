"""One project's table (项目支出绩效目标表): its lines as rows, and each row handed to the part of the table it starts.

The table reads top to bottom: 项目编码 and 项目名称, 预算规模 (with 资金用途),
资金支出计划, 绩效目标, then the 绩效指标 table to the end. A row that belongs
to none of them is kept as unplaced text.
"""

from __future__ import annotations

from ..model import Indicator, IndicatorGrid, Project, SpendingPoint
from .budget import BudgetReader, is_budget_label
from .cells import Row, amount, joined, label_key
from .grid import grid_from_rows
from .indicators import has_site_columns, read_indicators
from .project_goals import ProjectGoals, is_goals_label, read_goals
from .report import Report, Unplaced
from .source import Line, join_wrapped
from .spending_plan import is_plan_label, read_spending_plan

IDENTITY_LABELS = ("项目编码", "项目名称")


def table_rows(lines: list[Line], unplaced: Unplaced, report: Report) -> list[Row]:
    """Table lines as rows, a cell wrapped over several lines joined back (and said so, with the lines)."""
    lines = [ln for ln in lines if ln.text.strip()]
    counts = [len(ln.cells) for ln in lines if "\t" in ln.text]
    width = max(set(counts), key=counts.count)  # the table's usual number of cells
    rows: list[Row] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        merged, extra = _wrapped(lines, i, width)
        if len(merged) == width and extra:
            row = Row(ln, merged, extra)
            report.note(ln, f"已把折行的单元格接回同一行（{row.where}）")
            rows.append(row)
            i += 1 + len(extra)
            continue
        if "\t" not in ln.text:
            unplaced.add(ln, ln.text.strip())
        else:
            rows.append(Row(ln, list(ln.cells)))
        i += 1
    return rows


def _wrapped(lines: list[Line], i: int, width: int) -> tuple[list[str], list[Line]]:
    """The cells of ``lines[i]`` with the short lines after it joined on, while the row is short of ``width``."""
    merged = list(lines[i].cells)
    extra: list[Line] = []
    j = i + 1
    while len(merged) < width and j < len(lines) and len(lines[j].cells) < width:
        nxt = lines[j].cells
        merged = merged[:-1] + [join_wrapped([merged[-1], nxt[0]])] + nxt[1:]
        extra.append(lines[j])
        j += 1
    return merged, extra


def read_project_table(title: Line, rows: list[Row], report: Report, unplaced: Unplaced) -> Project | None:
    """The project the rows describe, or None (with problems on the title) when a required field is missing."""
    return ProjectTable(report, unplaced).read(title, rows)


class ProjectTable:
    """The fields of one project, filled in as its rows are read."""

    def __init__(self, report: Report, unplaced: Unplaced) -> None:
        self.report = report
        self.unplaced = unplaced
        self.identity: dict[str, str] = {}
        self.budget = BudgetReader(report)
        self.purpose: str | None = None
        self.plan: list[SpendingPoint] = []
        self.goals = ProjectGoals()
        self.indicators: list[Indicator] = []
        self.grid: IndicatorGrid | None = None

    def read(self, title: Line, rows: list[Row]) -> Project | None:
        problems_before = len(self.report.problems)
        i = 0
        while i < len(rows):
            i = self._row(rows, i)
        for label in IDENTITY_LABELS:
            if not self.identity.get(label):
                self.report.problem(title, f"项目表中没有找到“{label}”")
        self.budget.check(title)
        if len(self.report.problems) > problems_before:
            return None
        return Project(code=self.identity["项目编码"], name=self.identity["项目名称"], budget=self.budget.budget(),
                       purpose=self.purpose or "", spending_plan=self.plan, goals=self.goals.annual, mid_goals=self.goals.mid,
                       indicators=self.indicators, indicator_grid=self.grid)

    def _row(self, rows: list[Row], i: int) -> int:
        """Reads ``rows[i]`` and the rows it owns; returns the index of the next row to read."""
        row = rows[i]
        cells = row.stripped
        first = label_key(cells[0])
        labels = [label_key(c) for c in cells]
        if any(label in labels for label in IDENTITY_LABELS):
            self._identity(row, labels)
        elif is_budget_label(first):
            return self._budget(rows, i, first)
        elif first.startswith("资金用途"):
            self.purpose = joined(cells[1:])
        elif is_plan_label(first):
            plan, after = read_spending_plan(rows, i, self.report)
            if self.plan:
                self.report.problem(row.line, "项目表中有第二个“资金支出计划”行；一个项目只有一个资金支出计划，请核对是否两个项目表连在了一起")
            else:
                self.plan = plan
            return after
        elif is_goals_label(first):
            return read_goals(rows, i, self.goals, self.unplaced)
        elif first == "一级指标":
            # The indicator table runs to the end of the project's table.
            if has_site_columns(row):
                self.indicators = read_indicators(row, rows[i + 1 :], self.report, self.unplaced)
            else:
                # Columns the site's six do not hold (权重, 指标性质, 长期/年度 side by side): kept as the original printed them.
                self.grid = grid_from_rows(row.stripped, [r.stripped for r in rows[i + 1 :]], [r.line for r in rows[i + 1 :]], self.unplaced)
            return len(rows)
        elif any(cells):
            self.unplaced.add(row.line, row.text())
        return i + 1

    def _identity(self, row: Row, labels: list[str]) -> None:
        """项目编码 and 项目名称, each the first filled cell after its label; the rest of the row is kept."""
        cells = row.stripped
        used: set[int] = set()
        for c, k in enumerate(labels):
            if k not in IDENTITY_LABELS:
                continue
            at = next((v for v in range(c + 1, len(cells)) if cells[v]), None)
            used.update({c} if at is None else {c, at})
            value = cells[at] if at is not None and labels[at] not in IDENTITY_LABELS else ""
            if k in self.identity:
                self.report.problem(row.line, f"项目表中“{k}”出现了两次（“{self.identity[k]}”和“{value}”）；请核对是否两个项目表连在了一起")
                continue
            self.identity[k] = value
        rest = [c for n, c in enumerate(cells) if c and n not in used]
        if rest:
            self.unplaced.add(row.line, " ".join(rest))

    def _budget(self, rows: list[Row], i: int, first: str) -> int:
        """The 预算规模 row and the rows below it with a blank first cell: more amounts, or the 资金用途."""
        row = rows[i]
        self.budget.read_pairs(row, row.stripped[1:] if first.startswith("预算规模") else row.stripped)
        i += 1
        while i < len(rows) and not rows[i].stripped[0]:
            nxt = rows[i]
            texts = [c for c in nxt.stripped if c]
            if any(amount(t) is not None for t in texts):
                self.budget.read_pairs(nxt, nxt.stripped[1:])
            elif len(texts) == 1 and self.purpose is None:
                # 预算规模及资金用途: the purpose stands in the merged cell beside the amounts.
                self.purpose = texts[0]
            elif texts:
                self.unplaced.add(nxt.line, nxt.text())
            i += 1
        return i
