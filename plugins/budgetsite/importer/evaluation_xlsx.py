"""A self-evaluation exported as an Excel workbook (.xlsx), read into the lines the text export gives.

The 预算管理一体化 systems export 项目支出绩效自评表 as .xlsx. Each row becomes one
:class:`~.source.Line` of tab-separated cells, as in the text export; merged cells
are blank after their first cell there too. A number cell is written as the table
shows it, from its stored value and its number format (``0.00`` → ``4.80``,
``0.00%`` → ``96.00%``), computed exactly with Decimal, so 5.00 stays 5.00.
Plain zip and XML: no spreadsheet library is needed at run time.
"""

from __future__ import annotations

import re
import zipfile
from decimal import Decimal, InvalidOperation
from io import BytesIO
from pathlib import Path
from xml.etree import ElementTree

from .source import ImportFailed, Line

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
# Built-in number formats that fix the decimal places (ECMA-376 18.8.30).
BUILTIN_FORMATS = {1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%"}
CELL_REF = re.compile(r"([A-Z]+)(\d+)")


def is_xlsx(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as z:
            return "xl/workbook.xml" in z.namelist()
    except (OSError, zipfile.BadZipFile):
        return False


def xlsx_lines(path: Path, file: str) -> list[Line]:
    """Every row of every sheet, in workbook order, as tab-separated lines."""
    try:
        with zipfile.ZipFile(BytesIO(Path(path).read_bytes())) as z:
            names = set(z.namelist())
            strings = _shared_strings(z) if "xl/sharedStrings.xml" in names else []
            formats = _formats(z) if "xl/styles.xml" in names else []
            lines: list[Line] = []
            for title, sheet in _sheets(z):
                for row_no, cells in _rows(z.read(sheet), strings, formats):
                    lines.append(Line(len(lines) + 1, "\t".join(cells), f"工作表“{title}”第 {row_no} 行"))
                lines.append(Line(len(lines) + 1, "", f"工作表“{title}”之后"))
            return lines
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as exc:
        raise ImportFailed(file, [(None, f"不是有效的 Excel .xlsx 文件（{type(exc).__name__}）；请在 Excel 中“另存为”.xlsx 后再导入。")]) from None


def _shared_strings(z: zipfile.ZipFile) -> list[str]:
    root = ElementTree.fromstring(z.read("xl/sharedStrings.xml"))
    return ["".join(t.text or "" for t in si.iter(f"{NS}t")) for si in root.iter(f"{NS}si")]


def _formats(z: zipfile.ZipFile) -> list[str]:
    """The number format code of each cell style (index = the cell's ``s``)."""
    root = ElementTree.fromstring(z.read("xl/styles.xml"))
    custom = {int(f.get("numFmtId", "0")): f.get("formatCode", "") for f in root.iter(f"{NS}numFmt")}
    xfs = root.find(f"{NS}cellXfs")
    out = []
    for xf in xfs if xfs is not None else []:
        fid = int(xf.get("numFmtId", "0"))
        out.append(custom.get(fid, BUILTIN_FORMATS.get(fid, "General")))
    return out


def _sheets(z: zipfile.ZipFile) -> list[tuple[str, str]]:
    workbook = ElementTree.fromstring(z.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    out = []
    for sheet in workbook.iter(f"{NS}sheet"):
        target = targets.get(sheet.get(f"{REL}id"), "")
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        out.append((sheet.get("name", ""), path))
    return out


def _column(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _rows(xml: bytes, strings: list[str], formats: list[str]) -> list[tuple[int, list[str]]]:
    root = ElementTree.fromstring(xml)
    out = []
    for row in root.iter(f"{NS}row"):
        cells: dict[int, str] = {}
        for c in row.iter(f"{NS}c"):
            m = CELL_REF.match(c.get("r", ""))
            col = _column(m.group(1)) if m else len(cells)
            cells[col] = _value(c, strings, formats)
        width = max(cells, default=-1) + 1
        out.append((int(row.get("r", len(out) + 1)), [cells.get(i, "").strip() for i in range(width)]))
    return out


def _value(c: ElementTree.Element, strings: list[str], formats: list[str]) -> str:
    kind = c.get("t", "n")
    v = c.find(f"{NS}v")
    if kind == "inlineStr":
        return "".join(t.text or "" for t in c.iter(f"{NS}t"))
    if v is None or v.text is None:
        return ""
    if kind == "s":
        return strings[int(v.text)]
    if kind in ("str", "e", "b"):
        return v.text
    style = int(c.get("s", "0"))
    return shown_number(v.text, formats[style] if style < len(formats) else "General")


def shown_number(stored: str, code: str) -> str:
    """A number cell as its format shows it: the places of ``0.00``, ``%`` times 100, thousands separators dropped."""
    try:
        value = Decimal(stored)
    except InvalidOperation:
        return stored
    section = code.split(";")[0]
    percent = "%" in section
    if percent:
        value *= 100
    m = re.search(r"0(?:\.(0+))?", section)
    if m is None or code == "General":
        text = format(value.normalize(), "f") if value == value.to_integral_value() or "E" in stored.upper() else stored
        return text + ("%" if percent else "")
    places = len(m.group(1) or "")
    text = str(value.quantize(Decimal(1).scaleb(-places)))
    return text + ("%" if percent else "")
