"""Spreadsheets (.xlsx, .xls), as the 预算管理一体化 systems export the tables: each row a line, cells as the text export has them.

python-calamine reads both formats. A merged cell holds its text in its first
cell and leaves the others blank, which is the text export's layout already.
Numbers are read as the values the cells hold, not as Excel displays them
(5.00 is 5, 90% is 0.9): the import says so, once per sheet that has any.
"""

from __future__ import annotations

import datetime
from io import BytesIO

from .source import ImportFailed, Line


def sheet_lines(data: bytes, file: str) -> tuple[list[Line], list[tuple[Line | None, str]]]:
    """The workbook's rows as lines, and notes on what the reader could not keep as printed."""
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:  # pragma: no cover - a declared dependency
        raise ImportFailed(file, [(None, "读取 Excel 文件需要 python-calamine，请先安装：pip install python-calamine")]) from None
    try:
        book = CalamineWorkbook.from_filelike(BytesIO(data))
        sheets = [(name, book.get_sheet_by_name(name).to_python(skip_empty_area=False)) for name in book.sheet_names]
    except Exception as exc:  # noqa: BLE001 - any damage inside the workbook; never a traceback
        raise ImportFailed(file, [(None, f"Excel 文件已损坏或无法读取（{type(exc).__name__}: {exc}）；请在 Excel/WPS 中打开并另存为 .xlsx 后再导入。")]) from None
    lines: list[Line] = []
    notes: list[tuple[Line | None, str]] = []
    for n, (name, rows) in enumerate(sheets, start=1):
        numbers = 0
        for r, row in enumerate(rows, start=1):
            cells = [_text(v) for v in row]
            numbers += sum(1 for v in row if isinstance(v, float) and not v.is_integer())
            # Blank cells stay, trailing ones too: a row as wide as the sheet is a whole row, not a cut-off one.
            lines.append(Line(len(lines) + 1, "\t".join(cells) if len(cells) != 1 else cells[0], f"第 {n} 个工作表（{name}）第 {r} 行"))
        if numbers:
            notes.append((None, f"工作表“{name}”中有 {numbers} 个带小数的数字单元格，按单元格的数值读取（Excel 显示的小数位和百分号不保留，"
                                "如 0.9 可能显示为 90%）；请与原表核对"))
        lines.append(Line(len(lines) + 1, "", f"第 {n} 个工作表后"))
    return lines, notes


def _text(value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).replace("\t", " ").replace("\r\n", " ").replace("\n", " ").strip()
