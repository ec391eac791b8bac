"""A project's 绩效目标: the annual goals, and the 中期目标 that some tables print beside or above them.

The goals row holds its text after the label, or in the row below when the
label row is otherwise empty; a table with both kinds labels each, in one row
(``中期目标 … 年度目标 …``) or in two rows one after the other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .cells import Row, joined, label_key, split_numbered
from .report import Unplaced

GOALS_LABELS = ("绩效目标", "项目绩效目标", "年度绩效目标", "年度目标")
MID_LABEL = re.compile(r"^(中期|长期|中长期)(（长期）|\(长期\))?(绩效)?目标")
ANNUAL_LABEL = re.compile(r"^年度(绩效)?目标")
# Labels that say nothing but the kind; any other (中期目标（2021-2023年）) is kept as unplaced text.
PLAIN_KIND_LABELS = frozenset({"中期目标", "中期绩效目标", "长期目标", "中长期目标", "中期(长期)目标", "中期（长期）目标",
                               "年度目标", "年度绩效目标"})


@dataclass
class ProjectGoals:
    """A project's goals as read: the annual ones (the record's ``goals``) and the 中期目标."""

    annual: list[str] = field(default_factory=list)
    mid: list[str] = field(default_factory=list)

    def add(self, kind: str, text: str) -> None:
        """The numbered items of ``text`` as goals of ``kind`` ("mid" or "annual")."""
        (self.mid if kind == "mid" else self.annual).extend(split_numbered(text))


def is_goals_label(label: str) -> bool:
    """Whether a row's first cell starts the goals."""
    return label in GOALS_LABELS or bool(MID_LABEL.match(label))


def goal_kind(label: str) -> str | None:
    """"mid" or "annual" for a label naming the kind of goals, else None."""
    return "mid" if MID_LABEL.match(label) else "annual" if ANNUAL_LABEL.match(label) else None


def read_goals(rows: list[Row], i: int, goals: ProjectGoals, unplaced: Unplaced) -> int:
    """Reads the goals row(s) starting at ``rows[i]``; returns the index of the first row after them."""
    row = rows[i]
    cells = row.stripped
    marks = [(col, kind) for col, c in enumerate(cells) if c and (kind := goal_kind(label_key(c)))]
    if not marks:
        goals.add("annual", joined(cells[1:]))
        return i + 1
    _keep_labels(row, marks, unplaced)
    spans = [(col, kind, marks[n + 1][0] if n + 1 < len(marks) else len(cells)) for n, (col, kind) in enumerate(marks)]
    texts = {kind: joined(cells[col + 1 : end]) for col, kind, end in spans}
    after = i + 1
    if not any(texts.values()) and after < len(rows) and not rows[after].stripped[0]:
        below = rows[after].stripped
        texts = {kind: joined(below[col:end]) for col, kind, end in spans}
        after += 1
    for kind, text in texts.items():
        goals.add(kind, text)
    # Separate rows: 中期目标 … then 年度目标 … on the next row.
    if after < len(rows):
        nxt = rows[after].stripped
        other = goal_kind(label_key(nxt[0]))
        if other and other not in texts:
            goals.add(other, joined(nxt[1:]))
            after += 1
    return after


def _keep_labels(row: Row, marks: list[tuple[int, str]], unplaced: Unplaced) -> None:
    """Keeps what the label cells say beyond the kind (a period), and any text before the first of them."""
    cells = row.stripped
    for col, _ in marks:
        if label_key(cells[col]) not in PLAIN_KIND_LABELS:
            unplaced.add(row.line, cells[col])
    for text in cells[1 : marks[0][0]]:
        if text:
            unplaced.add(row.line, text)
