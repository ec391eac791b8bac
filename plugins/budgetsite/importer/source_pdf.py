"""PDFs with a text layer, as portals attach the tables: the text lines and the ruled tables of each page, top to bottom.

pdfplumber finds the ruled tables; a merged cell is blank after its first cell,
the text export's layout. Text outside the tables is read line by line. A PDF
whose pages carry no text at all is a scan: it is refused, with that reason.
"""

from __future__ import annotations

from io import BytesIO

from .source import ImportFailed, Line, join_wrapped


def pdf_lines(data: bytes, file: str) -> list[Line]:
    try:
        import pdfplumber
    except ImportError:  # pragma: no cover - a declared dependency
        raise ImportFailed(file, [(None, "读取 PDF 需要 pdfplumber，请先安装：pip install pdfplumber")]) from None
    try:
        with pdfplumber.open(BytesIO(data)) as pdf:
            pages = [_page_items(page) for page in pdf.pages]
    except Exception as exc:  # noqa: BLE001 - a damaged or encrypted PDF; never a traceback
        raise ImportFailed(file, [(None, f"PDF 文件已损坏、加密或无法读取（{type(exc).__name__}）；请导入原始的 Word/Excel 文件，或其文本导出。")]) from None
    if not any(items for items in pages):
        raise ImportFailed(file, [(None, "PDF 中没有文字（可能是扫描件或图片），无法读取；请导入原始的 Word/Excel 文件，"
                                         "或带文字层的 PDF（能在阅读器中选中文字的 PDF）。")])
    lines: list[Line] = []
    for n, items in enumerate(pages, start=1):
        tables = 0
        for _, kind, content in items:
            if kind == "text":
                lines.append(Line(len(lines) + 1, content[0], f"第 {n} 页第 {len(lines) + 1} 行"))
                continue
            tables += 1
            for r, cells in enumerate(content, start=1):
                lines.append(Line(len(lines) + 1, "\t".join(cells), f"第 {n} 页第 {tables} 个表格第 {r} 行"))
            lines.append(Line(len(lines) + 1, "", f"第 {n} 页第 {tables} 个表格后"))
    return lines


def _page_items(page) -> list[tuple[float, str, list]]:  # noqa: ANN001 - a pdfplumber page
    """The page's text lines outside its tables and its tables, each with its top, in reading order."""
    found = page.find_tables()
    boxes = [t.bbox for t in found]
    items: list[tuple[float, str, list]] = []
    for t in found:
        rows = [[join_wrapped((cell or "").split("\n")) for cell in row] for row in t.extract()]
        items.append((t.bbox[1], "table", rows))
    for line in page.extract_text_lines():
        middle = (line["top"] + line["bottom"]) / 2
        if any(x0 <= line["x0"] <= x1 and top <= middle <= bottom for x0, top, x1, bottom in boxes):
            continue
        items.append((line["top"], "text", [line["text"]]))
    return sorted(items, key=lambda item: item[0])
