"""CSV for spreadsheets used in China: UTF-8 with a byte-order mark, CRLF lines.

Excel on Chinese Windows opens a CSV as GBK unless it starts with a BOM; with
the BOM it reads UTF-8 and every character survives. Amounts are written as
their exact text (``5.00``), never through float.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

from .tables import Table, Value

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


def cell_text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return str(value)  # Decimal("5.00") -> "5.00": the record's own digits
    if isinstance(value, int):
        return str(value)
    return neutralise(value)


def to_csv(table: Table) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralise(c.title) for c in table.columns])
    for row in table.rows:
        writer.writerow([cell_text(v) for v in row])
    return (BOM + buffer.getvalue()).encode("utf-8")
