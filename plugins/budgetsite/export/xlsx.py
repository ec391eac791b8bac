"""XLSX workbooks (openpyxl), byte-for-byte reproducible.

Amounts are numeric cells, so a reader can sum them in Excel or WPS, with a
number format of exactly the record's decimal places (``5.00`` → format
``0.00``), so the cell shows the record's text. A spreadsheet number is a
binary double: a value with more than 15 significant digits cannot be held
exactly, so such a value is written as a text cell instead (never seen in
budgets in 万元, but exactness wins over convenience).

Text cells are always strings, never formulas: openpyxl would store a string
starting with ``=`` as a formula, so the type is forced to text, and cells that
start with = + - @ also get Excel's quotePrefix flag (the stored form of a
typed leading apostrophe), so editing the cell later cannot turn it into one.

openpyxl stamps the save time into docProps/core.xml and into every zip entry;
both are replaced by a fixed time so that the SHA-256 of a workbook depends on
the records only.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .csv import FORMULA_START, PLAIN_NUMBER
from .tables import Table, Value

BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")

FIXED_TIME = datetime.datetime(2000, 1, 1, 0, 0, 0)
ZIP_TIME = (2000, 1, 1, 0, 0, 0)
MAX_EXACT_DIGITS = 15


def number_format(value: Decimal) -> str:
    """'0.00' for Decimal('5.00'), '0' for Decimal('5'): the cell shows the record's text."""
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return "0." + "0" * places if places else "0"


def fits_double(value: Decimal) -> bool:
    t = value.as_tuple()
    return isinstance(t.exponent, int) and t.exponent <= 0 and len(t.digits) <= MAX_EXACT_DIGITS


def _cell(ws: Any, value: Value) -> Any:
    """One write-only cell: a number with its decimal places, or text that is never a formula."""
    if value is None or value == "":
        return None
    cell = WriteOnlyCell(ws)
    if isinstance(value, Decimal) and fits_double(value):
        cell.value = value
        cell.number_format = number_format(value)
    elif isinstance(value, int):
        cell.value = value
    else:
        text = str(value)
        cell.value = text
        cell.data_type = "s"  # never a formula, even for "=..."
        if text.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(text):
            cell.quotePrefix = True
        if "\n" in text:
            cell.alignment = WRAP
    return cell


def to_xlsx(tables: list[Table]) -> bytes:
    # Write-only mode streams rows: about ten times faster than building cell objects for a large year.
    wb = Workbook(write_only=True)
    for table in tables:
        ws = wb.create_sheet(table.name[:31])
        for c, col in enumerate(table.columns, start=1):
            longest = max([len(col.title)] + [len(str(row[c - 1] or "")) for row in table.rows[:200]])
            ws.column_dimensions[get_column_letter(c)].width = min(60, max(8, longest * 2 + 2))
        ws.freeze_panes = "A2"
        header = []
        for col in table.columns:
            cell = WriteOnlyCell(ws, value=col.title)
            cell.font = BOLD
            header.append(cell)
        ws.append(header)
        for row in table.rows:
            ws.append([_cell(ws, v) for v in row])
    wb.properties.creator = "budgetsite"
    wb.properties.created = FIXED_TIME
    buffer = io.BytesIO()
    # openpyxl's save() stamps the current time as "modified"; ExcelWriter does not.
    from openpyxl.writer.excel import ExcelWriter

    wb.properties.modified = FIXED_TIME
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return _fixed_zip(buffer.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry's timestamp and attributes fixed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.create_system = 0
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename), compresslevel=6)
    return out.getvalue()
