"""A project's 绩效指标 table: the header that says which column is which, then one indicator per row.

The columns are the site's one table model (:data:`budgetsite.tables.INDICATOR_COLUMNS`):
a header is recognised by a column's printed header or one of its aliases. A
blank 一级指标 or 二级指标 is a merged cell and takes the value above.
"""

from __future__ import annotations

from types import MappingProxyType

from ..model import Indicator
from ..tables import INDICATOR_COLUMNS, REQUIRED_INDICATOR_COLUMNS
from .cells import SIGN_OFF_LABELS, Row, label_key
from .report import Report, Unplaced

# Every header a table may print, column by column: the list the problem shows.
HEADERS = tuple(header for column in INDICATOR_COLUMNS for header in (column.header, *column.aliases))
COLUMN_BY_HEADER = MappingProxyType({label_key(header): column.key
                                     for column in INDICATOR_COLUMNS for header in (column.header, *column.aliases)})
HEADER_BY_COLUMN = MappingProxyType({column.key: column.header for column in INDICATOR_COLUMNS})


def has_site_columns(header: Row) -> bool:
    """Whether the header is the site's own columns (each once, the required ones present), read into ``indicators``."""
    names = [COLUMN_BY_HEADER.get(label_key(c)) for c in header.stripped if c]
    known = [n for n in names if n is not None]
    return len(known) == len(names) == len(set(known)) and all(n in known for n in REQUIRED_INDICATOR_COLUMNS)


def read_indicators(header: Row, rows: list[Row], report: Report, unplaced: Unplaced) -> list[Indicator]:
    """The indicators below ``header``; none when the header cannot be read."""
    columns = _columns(header, report)
    if columns is None:
        return []
    out: list[Indicator] = []
    for row in rows:
        cells = row.stripped + [""] * (len(header.cells) - len(row.cells))
        if not any(cells):
            continue
        if label_key(cells[0]) in SIGN_OFF_LABELS:
            unplaced.add(row.line, row.text())
            continue
        indicator = _indicator(row, cells, columns, out[-1] if out else None, report, unplaced)
        if indicator is not None:
            out.append(indicator)
    return out


def _columns(header: Row, report: Report) -> dict[str, int] | None:
    """Column key → index, or None (with problems) for an unknown, repeated or missing column."""
    columns: dict[str, int] = {}
    readable = True
    for col, c in enumerate(header.stripped):
        if not c:
            continue
        name = COLUMN_BY_HEADER.get(label_key(c))
        if name is None:
            report.problem(header.line, f"绩效指标表中有无法识别的列“{c}”（可识别的列：{'、'.join(HEADERS)}）")
            readable = False
        elif name in columns:
            report.problem(header.line, f"绩效指标表中“{c}”列重复")
            readable = False
        else:
            columns[name] = col
    missing = [HEADER_BY_COLUMN[name] for name in REQUIRED_INDICATOR_COLUMNS if name not in columns]
    if missing:
        report.problem(header.line, f"绩效指标表缺少列：{'、'.join(missing)}")
    return columns if readable and not missing else None


def _indicator(row: Row, cells: list[str], columns: dict[str, int], above: Indicator | None,
               report: Report, unplaced: Unplaced) -> Indicator | None:
    """The row's indicator, or None when the row is a placeholder (kept as unplaced) or a problem."""
    got = {name: cells[col] if col < len(cells) else "" for name, col in columns.items()}
    got.setdefault("description", "")
    got.setdefault("basis", "")
    level1 = got["level1"] or (above.level1 if above else "")
    if not level1:
        report.problem(row.line, "第一行指标的一级指标为空，无法沿用上一行")
        return None
    level2 = got["level2"] or (above.level2 if above and above.level1 == level1 else "")
    if not level2:
        report.problem(row.line, f"一级指标“{level1}”下的二级指标为空，无法沿用上一行")
        return None
    if not got["name"]:
        if not (got["description"] or got["value"] or got["basis"]):
            unplaced.add(row.line, row.text())  # a placeholder row: 一级/二级 with nothing below
            return None
        report.problem(row.line, "三级指标为空")
        return None
    extra = [c for col, c in enumerate(cells) if c and col not in columns.values()]
    if extra:
        unplaced.add(row.line, " ".join(extra))
    return Indicator(level1=level1, level2=level2, name=got["name"], description=got["description"],
                     value=got["value"], basis=got["basis"])
