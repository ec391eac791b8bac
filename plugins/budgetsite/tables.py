"""One table model for every table the site shows or publishes.

A :class:`Table` is columns and rows. The HTML renderer (``render/tables.py``),
CSV (``export/csv.py``), XLSX (``export/xlsx.py``) and JSON serialise this one
model, so a table on a page and its download cannot disagree.

A row holds one entry per column. Most entries are plain values, which is what
the bulk open-data tables (hundreds of thousands of rows) are made of:

* ``str``: text, verbatim;
* ``Decimal``: an exact amount or parsed number, shown with its own decimal places;
* ``int``: a count or a year;
* ``None``: a blank cell.

A :class:`Cell` is an entry whose shown text is more than its value: a value in
words (``2021 年``, ``+5.00%``), or text holding links. Merged cells are never
stored: :func:`merged_spans` derives them from equal neighbours in the columns
marked ``merge``, as the official indicator tables print them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

Kind = Literal["text", "code", "year", "amount", "percent", "count", "quantity"]
NUMERIC_KINDS = frozenset({"amount", "percent", "count"})

Value = str | Decimal | int | None


@dataclass(frozen=True)
class Column:
    key: str  # a stable name (the record field where there is one); never shown
    header: str  # the header cell, as the official table prints it
    kind: Kind = "text"  # text | code | year | amount (exact) | percent | count | quantity (text with a parsed number)
    merge: bool = False  # equal neighbouring cells print as one merged cell (within the merge of the column before)
    aliases: tuple[str, ...] = ()  # other headers that published tables use for this column (read by the importer)

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS


@dataclass(frozen=True)
class Link:
    text: str
    href: str


@dataclass(frozen=True)
class Cell:
    """A cell shown as text (with links in it) and carrying an exact value to sort by."""

    parts: tuple[str | Link, ...]
    value: Decimal | int | None = None

    @classmethod
    def of(cls, text: str, value: Decimal | int | None = None, href: str | None = None) -> Cell:
        return cls((Link(text, href) if href is not None else text,), value)

    @property
    def text(self) -> str:
        return "".join(p.text if isinstance(p, Link) else p for p in self.parts)


Entry = Value | Cell


def entry_text(entry: Entry) -> str:
    """What a reader sees in the cell (and what a CSV holds)."""
    if entry is None:
        return ""
    if isinstance(entry, Cell):
        return entry.text
    return str(entry)  # Decimal("5.00") -> "5.00": the record's own digits


def entry_value(entry: Entry) -> Decimal | int | None:
    """The exact value a cell sorts by, or None for text."""
    if isinstance(entry, Cell):
        return entry.value
    if isinstance(entry, Decimal | int):
        return entry
    return None


def spreadsheet_value(entry: Entry) -> Value:
    """A plain value for CSV and XLSX: a cell that shows its exact number as it is becomes that number."""
    if not isinstance(entry, Cell):
        return entry
    value = entry.value
    text = entry.text
    if isinstance(value, Decimal) and str(value) == text:
        return value
    return text


@dataclass(frozen=True)
class Table:
    name: str  # the caption on a page; the sheet name in a workbook (at most 31 characters, no []:*?/\)
    columns: tuple[Column, ...]
    rows: tuple[tuple[Entry, ...], ...]
    footer: tuple[Entry, ...] | None = None  # a totals row, printed after the rows

    def all_rows(self) -> tuple[tuple[Entry, ...], ...]:
        """The rows and the footer, as a download holds them."""
        return self.rows + ((self.footer,) if self.footer else ())


def merged_spans(columns: Sequence[Column], rows: Sequence[Sequence[Entry]]) -> list[dict[int, int]]:
    """For each row, ``{column index: rows its merged cell spans}`` for the merge columns; 0 where the row above covers it.

    A merged cell never spans across a change in a merge column to its left (a 二级指标
    never spans two 一级指标).
    """
    merge_cols = [i for i, c in enumerate(columns) if c.merge]
    out: list[dict[int, int]] = [{} for _ in rows]
    for depth, col in enumerate(merge_cols):
        keys = [tuple(entry_text(row[c]) for c in merge_cols[: depth + 1]) for row in rows]
        start = 0
        for i in range(1, len(rows) + 1):
            if i == len(rows) or keys[i] != keys[start]:
                out[start][col] = i - start
                for j in range(start + 1, i):
                    out[j][col] = 0
                start = i
    return out


# -- columns that many tables share ------------------------------------------------------

YEAR = Column("year", "年度", "year")
STATUS = Column("status", "状态")
UNIT_CODE = Column("unit.code", "单位编码", "code")
UNIT_NAME = Column("unit.name", "单位名称")
PROJECT_CODE = Column("project.code", "项目编码", "code")
PROJECT_NAME = Column("project.name", "项目名称")
BUDGET_COLUMNS: tuple[Column, ...] = (
    Column("budget.total", "预算数", "amount"),
    Column("budget.fiscal", "财政资金", "amount"),
    Column("budget.other", "其他资金", "amount"),
)
"""预算数 and its split, as every budget table prints them."""

# -- the columns of the official tables --------------------------------------------------

INDICATOR_COLUMNS: tuple[Column, ...] = (
    Column("level1", "一级指标", merge=True),
    Column("level2", "二级指标", merge=True),
    Column("name", "三级指标", aliases=("指标名称",)),
    Column("description", "绩效指标描述", aliases=("指标描述", "指标解释", "指标内容")),
    Column("value", "指标值", "quantity", aliases=("年度指标值", "目标值", "当年预期实现值", "预期指标值", "计划指标值")),
    Column("basis", "指标值确定依据", aliases=("确定依据", "指标值设定依据")),
)
"""The 绩效指标 table of a 项目支出绩效目标表, in the order it is printed."""

REQUIRED_INDICATOR_COLUMNS = ("level1", "level2", "name", "value")

INDICATOR_GRID_COLUMNS: tuple[Column, ...] = (
    Column("comparator", "指标性质", aliases=("运算符号", "符号")),
    Column("measure", "度量单位", aliases=("计量单位",)),
    Column("weight", "权重", aliases=("指标权重", "分值")),
    Column("direction", "指标方向性", aliases=("指标方向",)),
    Column("standard", "绩效标准", aliases=("评价标准",)),
    Column("note", "备注"),
)
"""Columns that published indicator grids print besides :data:`INDICATOR_COLUMNS` (recognised by the importer;
a grid keeps the original's own headers, see ``model.IndicatorGrid``)."""
