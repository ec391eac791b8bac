"""Download links on pages, and the CSV behind every table.

While a page is generated (:func:`page_files`), :func:`table_download` turns
the rows a table shows into a CSV file beside the page and returns the link to
it: every table built with :func:`.tables.data_table` gets one, so the download
always holds exactly the rows on the screen. Outside :func:`page_files` (a unit
test rendering a fragment) no file is made and no link is printed.
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from ..export import archive_files, document_files, project_files, year_files
from ..export.csv import to_csv
from ..export.tables import Col, Table, table_from_cells
from ..urls import asset_url, relative_url
from .escape import h


@dataclass
class PageFiles:
    """The files one page brings along (path relative to the site root -> bytes)."""

    src_uri: str
    directory_urls: bool
    files: dict[str, bytes] = field(default_factory=dict)

    def href(self, path: str) -> str:
        return asset_url(self.src_uri, path, self.directory_urls)

    def page_href(self, src_uri: str) -> str:
        return relative_url(self.src_uri, src_uri, self.directory_urls)

    def table_path(self, caption: str) -> str:
        """Named after the table's caption, so a table keeps its address when others are added."""
        stem = posixpath.splitext(self.src_uri)[0]
        name = hashlib.sha256(caption.encode("utf-8")).hexdigest()[:12]
        path, n = f"downloads/tables/{stem}/{name}.csv", 1
        while path in self.files:
            n += 1
            path = f"downloads/tables/{stem}/{name}-{n}.csv"
        return path


_CURRENT: ContextVar[PageFiles | None] = ContextVar("budgetsite_page_files", default=None)


@contextmanager
def page_files(src_uri: str, directory_urls: bool) -> Iterator[PageFiles]:
    current = PageFiles(src_uri, directory_urls)
    token = _CURRENT.set(current)
    try:
        yield current
    finally:
        _CURRENT.reset(token)


def href(path: str) -> str | None:
    """A link from the page being generated to a file of the site; None outside a page."""
    current = _CURRENT.get()
    return current.href(path) if current else None


def _link(path: str, label: str, *, title: str = "") -> str:
    target = href(path)
    if target is None:
        return ""
    ext = posixpath.splitext(path)[1].lstrip(".").upper()
    hint = f' title="{h(title)}"' if title else ""
    return f'<a class="bs-download__link" href="{h(target)}" download data-format="{h(ext)}"{hint}>{h(label)}</a>'


def table_download(columns: Sequence[Any], rows: Sequence[Sequence[Any]], caption: str, footer: Sequence[Any] | None = None) -> str:
    """Write the CSV of a page table (its header, rows and footer) and return the link paragraph."""
    current = _CURRENT.get()
    if current is None:
        return ""
    all_rows = [*rows, *([footer] if footer else [])]
    table = table_from_cells(caption, [c.title for c in columns], [c.numeric for c in columns],
                             [[(cell.text, cell.sort) for cell in row] for row in all_rows])
    return csv_link(table, f"下载本表（CSV，{len(all_rows)} 行）", caption)


class _Grid(HTMLParser):
    """The cells of one HTML table as text rows, merged cells repeated (rowspan/colspan)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[tuple[str, int, int]]] = []
        self.cell: list[str] | None = None
        self.span = (1, 1)
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self.depth += 1
        elif self.depth == 1 and tag == "tr":
            self.rows.append([])
        elif self.depth == 1 and tag in ("td", "th") and self.rows:
            self.cell = []
            self.span = (int(a.get("rowspan") or 1), int(a.get("colspan") or 1))
        elif tag == "br" and self.cell is not None:
            self.cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.depth -= 1
        elif tag in ("td", "th") and self.cell is not None and self.depth == 1:
            self.rows[-1].append((" ".join("".join(self.cell).split()), *self.span))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)

    def grid(self) -> list[list[str]]:
        out: list[list[str]] = []
        pending: dict[int, tuple[str, int]] = {}  # column -> (text, rows still covered)
        for row in self.rows:
            line: list[str] = []
            cells = list(row)
            col = 0
            while cells or any(c >= col and left > 0 for c, (_, left) in pending.items()):
                if pending.get(col, ("", 0))[1] > 0:
                    text, left = pending[col]
                    line.append(text)
                    pending[col] = (text, left - 1)
                    col += 1
                    continue
                if not cells:
                    col += 1
                    continue
                text, rowspan, colspan = cells.pop(0)
                for k in range(colspan):
                    line.append(text)
                    if rowspan > 1:
                        pending[col + k] = (text, rowspan - 1)
                col += colspan
            out.append(line)
        return out


def html_table_download(table_html: str, caption: str) -> str:
    """The CSV of a hand-built HTML table, cell by cell as shown, and its link."""
    if _CURRENT.get() is None:
        return ""
    parser = _Grid()
    parser.feed(table_html)
    grid = parser.grid()
    if not grid:
        return ""
    width = max(len(r) for r in grid)
    rows = [r + [""] * (width - len(r)) for r in grid]
    table = Table(caption, tuple(Col(f"col{i + 1}", t) for i, t in enumerate(rows[0])), tuple(tuple(r) for r in rows[1:]))
    return csv_link(table, f"下载本表（CSV，{len(rows) - 1} 行）", caption)


def csv_link(table: Table, label: str, caption: str) -> str:
    current = _CURRENT.get()
    if current is None:
        return ""
    path = current.table_path(caption)
    current.files[path] = to_csv(table)
    return f'<p class="bs-table-download">{_link(path, label, title=f"{caption}（CSV，UTF-8）")}</p>'


def file_link_paragraph(path: str, label: str, caption: str) -> str:
    """A link to a file that the export module already makes (e.g. a project's indicator CSV)."""
    link = _link(path, label, title=caption)
    return f'<p class="bs-table-download">{link}</p>' if link else ""


def _block(title: str, files: dict[str, str], note: str = "") -> str:
    links = [_link(path, label) for label, path in files.items()]
    if not any(links):
        return ""
    items = "".join(f"<li>{link}</li>" for link in links)
    extra = f'<p class="bs-hint">{note}</p>' if note else ""
    return f'<div class="bs-downloads" role="group" aria-label="{h(title)}"><p class="bs-downloads__title">{h(title)}</p><ul>{items}</ul>{extra}</div>'


API_PAGE = "api.md"  # docs/api.md
VERIFY_PAGE = "verify.md"  # docs/verify.md
DOWNLOAD_NOTE = (
    "CSV 为 UTF-8（带 BOM）编码，可直接用 Excel / WPS 打开；金额与原文小数位一致。"
    "格式说明见 <a href=\"{api}\">开放数据接口</a>，校验方法见 <a href=\"{verify}\">下载文件校验</a>。"
)


def page_href(src_uri: str) -> str | None:
    """A link from the page being generated to another page (e.g. 'verify.md'); None outside a page."""
    current = _CURRENT.get()
    return current.page_href(src_uri) if current else None


def _note() -> str:
    api, verify = page_href(API_PAGE), page_href(VERIFY_PAGE)
    if api is None or verify is None:
        return ""
    return DOWNLOAD_NOTE.format(api=h(api), verify=h(verify))


def document_downloads(year: int, code: str) -> str:
    return _block("下载本文本数据", document_files(year, code), _note())


def project_downloads(year: int, code: str, project: str, which: str, caption: str) -> str:
    path = project_files(year, code, project)[which]
    return file_link_paragraph(path, "下载本表（CSV）", caption)


def year_downloads(year: int, frozen: tuple[str, str, str] | None) -> str:
    """The year page's data section: files, and the manifest when the year is frozen."""
    parts = ["## 数据下载与校验 {#downloads}", _block(f"下载 {year} 年全部文本数据", year_files(year), _note())]
    if frozen is None:
        parts.append(f'<p class="bs-provenance">{year} 年尚未冻结，数据仍可能更新。</p>')
    else:
        first, updated, digest = frozen
        manifest = href(f"{year}/manifest.json") or ""
        verify = page_href(VERIFY_PAGE) or ""
        again = f"，{h(updated)} 更新" if updated and updated != first else ""
        parts.append(
            f'<p class="bs-provenance">{year} 年已于 {h(first)} 冻结{again}：本年度每个记录文件和下载文件的 SHA-256 '
            f'列在 <a href="{h(manifest)}" download>校验清单 manifest.json</a> 中'
            f'（清单本身的 SHA-256：<code class="bs-hash">{h(digest)}</code>）。'
            f'<a href="{h(verify)}">如何校验下载的文件</a>。</p>'
        )
    return "\n\n".join(p for p in parts if p)


def archive_downloads() -> str:
    block = _block("下载全部年度数据", archive_files(), _note())
    return "## 开放数据 {#open-data}\n\n" + block if block else ""
