"""CSV for spreadsheets used in China: UTF-8 with a byte-order mark, CRLF lines.

Excel on Chinese Windows opens a CSV as GBK unless it starts with a BOM; with
the BOM it reads UTF-8 and every character survives. Amounts are written as
their exact text (``5.00``), never through float.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from ..tables import Cell, Column, Entry, Table, spreadsheet_value

BOM = "\ufeff"

# A cell starting with one of these is run as a formula by Excel, WPS and
# LibreOffice (CSV injection, e.g. "=HYPERLINK(...)"). Tab and CR are included
# because some spreadsheets strip them before looking at the first character.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A plain signed number or percentage is safe and keeps its meaning; so is a lone
# comparator such as the "=" of a parsed 指标值 (no formula follows it).
PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?%?|[=+-]")


def neutralise(text: str) -> str:
    """Text that a spreadsheet will show, never execute: a leading ' before a formula character."""
    if text.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def cell_text(value: Entry) -> str:
    if isinstance(value, Cell):
        value = spreadsheet_value(value)
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return str(value)  # Decimal("5.00") -> "5.00": the record's own digits
    if isinstance(value, int):
        return str(value)
    return neutralise(value)


class _Lines(list[str]):
    write = list.append  # csv.writer writes each row with one write() call


def _writer(lines: _Lines) -> Any:
    return csv.writer(lines, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)


def header_line(columns: Sequence[Column]) -> str:
    lines = _Lines()
    _writer(lines).writerow([neutralise(c.header) for c in columns])
    return lines[0]


def row_lines(table: Table) -> list[str]:
    """One CSV line (with its CRLF) per row, so that files of several documents can share them."""
    lines = _Lines()
    writer = _writer(lines)
    for row in table.all_rows():
        writer.writerow([cell_text(v) for v in row])
    return lines


def csv_file(columns: Sequence[Column], lines: Iterable[str]) -> bytes:
    """BOM, header and the given row lines."""
    return (BOM + header_line(columns) + "".join(lines)).encode("utf-8")


def to_csv(table: Table) -> bytes:
    return csv_file(table.columns, row_lines(table))
