"""Reading a department's document into numbered lines, whatever it was saved as.

Both inputs end up in the same shape, the layout of the text export: one
:class:`Line` per paragraph or table row, table cells separated by tabs, a
horizontally merged cell followed by empty cells, a vertically merged cell
left blank below its first row. The parser then reads one layout only.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from ..load import encoding_guess

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc / .xls
PDF_MAGIC = b"%PDF"
SHEET_SUFFIXES = (".xlsx", ".xls", ".xlsm")
NUMBERED = re.compile(r"\d{1,2}\s*[.．、](?!\d)")  # "1." "2、" at the start of a numbered item


@dataclass(frozen=True)
class Line:
    """One line of the document as the importer sees it."""

    no: int  # 1-based line number (text) or paragraph/row number in body order (docx)
    text: str
    where: str  # how to find it in the original: "第 12 行" or "第 2 个表格第 5 行"

    @property
    def is_text_line(self) -> bool:
        """A line of a text file, found by its number; a paragraph, row, sheet row or PDF line is found by ``where``."""
        return bool(re.fullmatch(r"第 \d+ 行", self.where))

    @property
    def cells(self) -> list[str]:
        return self.text.split("\t")


class ImportFailed(Exception):
    """The document cannot be turned into a record; every reason is listed."""

    def __init__(self, file: str, problems: list[tuple[Line | None, str]]):
        self.file = file
        self.problems = problems
        super().__init__(self.report())

    def lines(self) -> list[str]:
        out = []
        for line, message in self.problems:
            if line is None:
                out.append(f"{self.file}: {message}")
            elif line.is_text_line:
                out.append(f"{self.file}:{line.no}: {message}：“{_shown(line.text)}”")
            else:
                out.append(f"{self.file}（{line.where}）: {message}：“{_shown(line.text)}”")
        return out

    def report(self) -> str:
        head = f"无法导入 {self.file}（{len(self.problems)} 处问题）："
        return "\n".join([head, *(f"  {t}" for t in self.lines())])


def _shown(text: str) -> str:
    text = text.replace("\t", " ⇥ ").strip()
    return text if len(text) <= 80 else text[:80] + "…"


def read_lines(path: Path, file: str) -> tuple[list[Line], str]:
    """The document's lines and its kind; :class:`ImportFailed` for unusable files."""
    lines, kind, _ = read_source(path, file)
    return lines, kind


def read_source(path: Path, file: str) -> tuple[list[Line], str, list[tuple[Line | None, str]]]:
    """The document's lines, its kind ("文本", "Word", "Excel" or "PDF"), and notes on what its reader could not keep."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFailed(file, [(None, "文件不存在，请检查文件名和所在文件夹。")]) from None
    except IsADirectoryError:
        raise ImportFailed(file, [(None, "这是一个文件夹，请指定要导入的文件。")]) from None
    except OSError as exc:
        raise ImportFailed(file, [(None, f"无法读取文件（{exc.strerror or exc}）。")]) from None
    suffix = path.suffix.lower()
    if not data.strip():
        raise ImportFailed(file, [(None, "文件是空的，没有可导入的内容。")])
    if data.startswith(ZIP_MAGIC) and (suffix in SHEET_SUFFIXES or _zip_holds(data, "xl/workbook.xml")):
        from .source_sheet import sheet_lines

        lines, notes = sheet_lines(data, file)
        return lines, "Excel", notes
    if data.startswith(ZIP_MAGIC):
        return docx_lines(data, file), "Word", []
    if suffix == ".docx":
        hint = "它看起来是旧版 .doc 文件，" if data.startswith(OLE_MAGIC) else ""
        raise ImportFailed(file, [(None, f"不是有效的 Word .docx 文件（文件不是 zip 格式，可能已损坏或只是改了扩展名）；{hint}请在 Word 中“另存为”.docx 后再导入。")])
    if data.startswith(OLE_MAGIC) and suffix in SHEET_SUFFIXES:
        from .source_sheet import sheet_lines

        lines, notes = sheet_lines(data, file)
        return lines, "Excel", notes
    if data.startswith(OLE_MAGIC):
        raise ImportFailed(file, [(None, "这是旧版 Word .doc 文件，无法直接读取；请在 Word 中“另存为”.docx 或 UTF-8 文本后再导入"
                                         "（旧版 Excel 文件请使用 .xls 扩展名）。")])
    if data.startswith(PDF_MAGIC):
        from .source_pdf import pdf_lines

        return pdf_lines(data, file), "PDF", []
    return text_lines(data, file), "文本", []


def _zip_holds(data: bytes, name: str) -> bool:
    try:
        with zipfile.ZipFile(BytesIO(data)) as z:
            return name in z.namelist()
    except zipfile.BadZipFile:
        return False


def text_lines(data: bytes, file: str) -> list[Line]:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFailed(file, [(None, "文件是 UTF-16 编码，请另存为 UTF-8 编码的文本后再导入。")])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        if b"\x00" in data or _looks_binary(data):
            raise ImportFailed(file, [(None, f"不是文本文件（第 {line} 行起是二进制内容），也不是 Word .docx；请导入 .docx 或 UTF-8 文本导出。")]) from None
        raise ImportFailed(file, [(None, f"文件不是 UTF-8 编码（{encoding_guess(data)}，第 {line} 行起无法按 UTF-8 读取）；请用记事本等编辑器“另存为”UTF-8 编码后再导入。")]) from None
    if "\x00" in text or _looks_binary(data):
        raise ImportFailed(file, [(None, "不是文本文件（含有二进制内容），也不是 Word .docx；请导入 .docx 或 UTF-8 文本导出。")])
    # \f is a page break in some exports: treat it as a line break.
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")
    return [Line(i, t, f"第 {i} 行") for i, t in enumerate(lines, start=1)]


def _looks_binary(data: bytes) -> bool:
    controls = sum(1 for b in data[:4096] if b < 32 and b not in (9, 10, 12, 13))
    return controls > 8


# -- Word ---------------------------------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_lines(data: bytes, file: str) -> list[Line]:
    try:
        import docx  # python-docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError:  # pragma: no cover - a declared dependency
        raise ImportFailed(file, [(None, "读取 .docx 需要 python-docx，请先安装：pip install python-docx")]) from None
    try:
        document = docx.Document(BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise ImportFailed(file, [(None, f"不是有效的 Word .docx 文件（{type(exc).__name__}）；请在 Word 中“另存为”.docx 后再导入。")]) from None
    except Exception as exc:  # noqa: BLE001 - any damage inside the package; never a traceback
        raise ImportFailed(file, [(None, f"Word 文件已损坏，无法读取（{type(exc).__name__}: {exc}）；请在 Word 中打开并重新保存为 .docx。")]) from None
    lines: list[Line] = []
    paragraphs = tables = 0
    for element in document.element.body.iterchildren():
        if element.tag == f"{W}p":
            paragraphs += 1
            # A paragraph with soft line breaks (Shift+Enter) is several lines of the export.
            for part in _paragraph_text(element).split("\n"):
                lines.append(Line(len(lines) + 1, part, f"第 {paragraphs} 段"))
            lines.append(Line(len(lines) + 1, "", f"第 {paragraphs} 段后"))
        elif element.tag == f"{W}tbl":
            tables += 1
            for r, row in enumerate(element.iterchildren(f"{W}tr"), start=1):
                lines.append(Line(len(lines) + 1, "\t".join(_row_cells(row)), f"第 {tables} 个表格第 {r} 行"))
            lines.append(Line(len(lines) + 1, "", f"第 {tables} 个表格后"))
    return lines


def _paragraph_text(p) -> str:  # noqa: ANN001 - lxml element
    out = []
    for node in p.iter():
        if node.tag == f"{W}t":
            out.append(node.text or "")
        elif node.tag == f"{W}tab":
            out.append("\t")
        elif node.tag in (f"{W}br", f"{W}cr"):
            out.append("\n")
    return "".join(out)


def _row_cells(row) -> list[str]:  # noqa: ANN001 - lxml element
    cells: list[str] = []
    for tc in row.iterchildren(f"{W}tc"):
        props = tc.find(f"{W}tcPr")
        span = 1
        continued = False
        if props is not None:
            grid_span = props.find(f"{W}gridSpan")
            if grid_span is not None:
                span = int(grid_span.get(f"{W}val") or 1)
            v_merge = props.find(f"{W}vMerge")
            # <w:vMerge/> without val continues the merge started above.
            continued = v_merge is not None and (v_merge.get(f"{W}val") or "continue") == "continue"
        parts = [seg for p in tc.iterchildren(f"{W}p") for seg in _paragraph_text(p).replace("\t", " ").split("\n")]
        text = "" if continued else join_wrapped(parts)
        cells.append(text)
        cells.extend([""] * (span - 1))
    return cells


def join_wrapped(parts: list[str]) -> str:
    """Pieces of one cell or sentence split by a line or page break, joined back."""
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if out and (re.search(r"[A-Za-z0-9]$", out) and re.match(r"[A-Za-z0-9]", part) or NUMBERED.match(part)):
            out += " "
        out += part
    return out
