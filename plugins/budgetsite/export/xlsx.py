"""XLSX workbooks (SpreadsheetML written directly), byte-for-byte reproducible.

Amounts are numeric cells, so a reader can sum them in Excel or WPS, with a
number format of exactly the record's decimal places (``5.00`` → format
``0.00``), so the cell shows the record's text. A spreadsheet number is a
binary double: a value with more than 15 significant digits cannot be held
exactly, so such a value is written as a text cell instead (never seen in
budgets in 万元, but exactness wins over convenience).

Text cells are inline strings, never formulas (a workbook written here has no
``<f>`` element at all); cells that start with = + - @ also get Excel's
quotePrefix style (the stored form of a typed leading apostrophe), so editing
the cell later cannot turn it into a formula.

The package is the smallest one Excel, WPS and LibreOffice open: content types,
relationships, core/app properties, workbook, styles and one sheet per table.
Every zip entry has a fixed time and attributes and the core properties a fixed
date, so the SHA-256 of a workbook depends on the records only.

The writer works in two steps so that a year's and the archive's workbooks reuse
each document's work: :func:`encode` turns a table's rows into cell XML once
(:class:`Encoded`), :func:`concat` joins the encoded rows of several documents,
and :func:`workbook` numbers the rows and zips the sheets. ``openpyxl`` is only
used by the tests, to read the files back.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO
from xml.sax.saxutils import escape, quoteattr

from ..tables import Cell, Column, Entry, Table, entry_text, spreadsheet_value
from .csv import FORMULA_START, PLAIN_NUMBER

ZIP_TIME = (2000, 1, 1, 0, 0, 0)
FIXED_DATE = "2000-01-01T00:00:00Z"
MAX_EXACT_DIGITS = 15
WIDTH_SAMPLE = 200  # rows looked at to size the columns
COMPRESS_LEVEL = 6

# Cell styles (cellXfs), fixed so that encoded rows can be reused in any workbook:
STYLE_BOLD, STYLE_WRAP, STYLE_QUOTE, STYLE_QUOTE_WRAP = 1, 2, 3, 4
STYLE_NUMBER = 5  # + decimal places: "0", "0.0", "0.00", …
BUILTIN_FORMATS = {0: 1, 2: 2}  # places -> Excel's built-in numFmtId ("0", "0.00")

# XML 1.0 cannot hold these; Excel's own escape for them is _xHHHH_.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ESCAPE_LIKE = re.compile("_(x[0-9A-Fa-f]{4}_)")


def number_format(value: Decimal) -> str:
    """'0.00' for Decimal('5.00'), '0' for Decimal('5'): the cell shows the record's text."""
    places = _places(value)
    return "0." + "0" * places if places else "0"


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def fits_double(value: Decimal) -> bool:
    t = value.as_tuple()
    return isinstance(t.exponent, int) and t.exponent <= 0 and len(t.digits) <= MAX_EXACT_DIGITS


def _text_xml(text: str) -> str:
    if "_x" in text:
        text = _ESCAPE_LIKE.sub(r"_x005F_\1", text)  # a literal "_x0041_" stays literal
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
    # A raw CR would be read back as LF (XML end-of-line handling): a character reference keeps it.
    body = escape(text, {"\r": "&#13;"})
    if text != text.strip() or "\n" in text:
        return f'<is><t xml:space="preserve">{body}</t></is></c>'
    return f"<is><t>{body}</t></is></c>"


def _cell(value: Entry) -> tuple[str, int] | None:
    """Everything of a cell after its reference, and its decimal places (0 for non-numbers); None for blank."""
    if value is None or value == "":
        return None
    if isinstance(value, Decimal) and fits_double(value):
        places = _places(value)
        return f' s="{STYLE_NUMBER + places}"><v>{value:f}</v></c>', places
    if isinstance(value, int):
        return f"><v>{value}</v></c>", 0
    if isinstance(value, Cell):
        return _cell(spreadsheet_value(value))
    text = str(value)
    quote = text.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(text)
    wrap = "\n" in text
    style = (STYLE_QUOTE_WRAP if wrap else STYLE_QUOTE) if quote else (STYLE_WRAP if wrap else 0)
    attrs = f' s="{style}" t="inlineStr">' if style else ' t="inlineStr">'
    return attrs + _text_xml(text), 0


ROW_NUMBER_SLOT = b"\0"  # where an encoded row's number goes (XML text never holds NUL: see _ILLEGAL)


@dataclass(frozen=True)
class Encoded:
    """A table's rows as sheet XML without row numbers, ready to be placed in any workbook."""

    name: str
    columns: tuple[Column, ...]
    rows: tuple[bytes, ...]  # one <row> element each (UTF-8), ROW_NUMBER_SLOT where the row number goes
    sample: bytes  # text length (at most 255) of each cell of the first WIDTH_SAMPLE rows, row by row
    places: int  # most decimal places of any number


def encode(table: Table) -> Encoded:
    letters = [_letter(i) for i in range(len(table.columns))]
    rows = []
    places = 0
    all_rows = table.all_rows()
    for row in all_rows:
        cells = []
        for i, value in enumerate(row):
            cell = _cell(value)
            if cell is not None:
                cells.append(f'<c r="{letters[i]}\0"{cell[0]}')
                places = max(places, cell[1])
        rows.append(('<row r="\0">' + "".join(cells) + "</row>").encode("utf-8"))
    sample = bytes(min(255, _shown_length(v)) for row in all_rows[:WIDTH_SAMPLE] for v in row)
    return Encoded(table.name, table.columns, tuple(rows), sample, places)


def _shown_length(value: Entry) -> int:
    """Characters of a cell, for the column width; a zero counts as blank (the frozen workbooks were sized so)."""
    return len(entry_text(value) if isinstance(value, Cell) else str(value or ""))


def concat(parts: list[Encoded], name: str, columns: tuple[Column, ...]) -> Encoded:
    """Several documents' rows of the same table, in order: the same as encoding their rows together."""
    rows = tuple(r for p in parts for r in p.rows)
    limit = WIDTH_SAMPLE * len(columns)
    sample = b""
    for p in parts:
        if len(sample) >= limit:
            break
        sample += p.sample[: limit - len(sample)]
    return Encoded(name, columns, rows, sample, max((p.places for p in parts), default=0))


def _letter(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA'."""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def _sheet_xml(sheet: Encoded) -> bytes:
    width = len(sheet.columns)
    letters = [_letter(i) for i in range(width)]
    cols = []
    for c, col in enumerate(sheet.columns):
        longest = max([len(col.header), *sheet.sample[c::width]]) if width else 0
        cols.append(f'<col min="{c + 1}" max="{c + 1}" width="{min(60, max(8, longest * 2 + 2))}" customWidth="1"/>')
    header = "".join(f'<c r="{letters[c]}1" s="{STYLE_BOLD}" t="inlineStr">{_text_xml(col.header)}'
                     for c, col in enumerate(sheet.columns))
    head = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{_MAIN}">'
        f'<dimension ref="A1:{letters[-1] if letters else "A"}{len(sheet.rows) + 1}"/>'
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15"/>'
        + (f"<cols>{''.join(cols)}</cols>" if cols else "")
        + f'<sheetData><row r="1">{header}</row>'
    )
    parts = [head.encode("utf-8")]
    parts += [row.replace(ROW_NUMBER_SLOT, str(n).encode()) for n, row in enumerate(sheet.rows, start=2)]
    parts.append(b"</sheetData></worksheet>")
    return b"".join(parts)


def _styles_xml(places: int) -> str:
    custom = [p for p in range(places + 1) if p not in BUILTIN_FORMATS]
    formats = "".join(f'<numFmt numFmtId="{164 + p}" formatCode="0.{"0" * p}"/>' for p in custom)
    number_xfs = "".join(
        f'<xf numFmtId="{BUILTIN_FORMATS.get(p, 164 + p)}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        for p in range(places + 1))
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + (f'<numFmts count="{len(custom)}">{formats}</numFmts>' if custom else "")
        + '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        f'<cellXfs count="{STYLE_NUMBER + places + 1}">'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1" applyAlignment="1">'
        '<alignment vertical="top" wrapText="1"/></xf>'
        f"{number_xfs}</cellXfs>"
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


def _package(n: int) -> dict[str, str]:
    decl = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    sheets_ct = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(1, n + 1))
    sheet_rels = "".join(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>' for i in range(1, n + 1))
    return {
        "[Content_Types].xml": decl + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        f"{sheets_ct}"
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
        "</Types>",
        "_rels/.rels": decl + f'<Relationships xmlns="{_PKG_REL}">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" '
        'Target="docProps/core.xml"/>'
        f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
        "</Relationships>",
        "docProps/app.xml": decl + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>budgetsite</Application></Properties>",
        "docProps/core.xml": decl + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<dc:creator>budgetsite</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{FIXED_DATE}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{FIXED_DATE}</dcterms:modified>'
        "</cp:coreProperties>",
        "xl/_rels/workbook.xml.rels": decl + f'<Relationships xmlns="{_PKG_REL}">{sheet_rels}'
        f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>',
    }


_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


def workbook(sheets: list[Encoded]) -> bytes:
    """The .xlsx bytes of one workbook with a sheet per encoded table."""
    names = [_SHEET_NAME_BAD.sub("_", s.name)[:31] for s in sheets]
    book = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView/></bookViews><sheets>'
        + "".join(f'<sheet name={quoteattr(name)} sheetId="{i}" r:id="rId{i}"/>' for i, name in enumerate(names, start=1))
        + "</sheets></workbook>"
    )
    parts = {name: text.encode("utf-8") for name, text in _package(len(sheets)).items()}
    parts["xl/workbook.xml"] = book.encode("utf-8")
    parts["xl/styles.xml"] = _styles_xml(max((s.places for s in sheets), default=0)).encode("utf-8")
    for i, sheet in enumerate(sheets, start=1):
        parts[f"xl/worksheets/sheet{i}.xml"] = _sheet_xml(sheet)
    order = ["[Content_Types].xml", "_rels/.rels", "docProps/app.xml", "docProps/core.xml", "xl/workbook.xml",
             "xl/_rels/workbook.xml.rels", "xl/styles.xml", *(f"xl/worksheets/sheet{i}.xml" for i in range(1, len(sheets) + 1))]
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0o600 << 16
            archive.writestr(info, parts[name], compresslevel=COMPRESS_LEVEL)
    return out.getvalue()


def to_xlsx(tables: list[Table]) -> bytes:
    return workbook([encode(t) for t in tables])
