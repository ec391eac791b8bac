"""HTML tables shared by the archive, department and home pages.

Tables are emitted whole, with a caption and header cells, so that they are
complete and accessible without JavaScript; the site's script only adds the
filter box and column sorting on top (``data-bs-table``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .downloads import html_table_download, table_download
from .escape import h


@dataclass(frozen=True)
class Column:
    title: str
    numeric: bool = False


@dataclass(frozen=True)
class Cell:
    """One cell: its text, an optional link, and the value it sorts by."""

    text: str
    href: str | None = None
    sort: Decimal | int | None = None


def table_wrap(table_html: str, label: str, *, interactive: bool = True, download: bool = True) -> str:
    """Add a caption and wrap a table so it scrolls sideways on narrow screens.

    With ``download`` (while a page is generated) the table's cells, as the reader
    sees them, also become a CSV file linked below it; callers that link a more
    precise file of their own pass ``download=False``.
    """
    marker = "<table"
    end = table_html.index(">", table_html.index(marker)) + 1
    open_tag = table_html[:end]
    if interactive:
        open_tag = open_tag[:-1] + " data-bs-table>"
    body = f'{open_tag}<caption class="bs-caption">{h(label)}</caption>{table_html[end:]}'
    # The wrapper scrolls, so keyboard users must be able to focus it to scroll (WCAG 2.1.1);
    # a focusable region needs a role and a name.
    wrapped = f'<div class="bs-table-wrap" tabindex="0" role="region" aria-label="{h(label)}">{body}</div>'
    return wrapped + (html_table_download(table_html, label) if download else "")


def data_table(columns: list[Column], rows: list[list[Cell]], caption: str, *, footer: list[Cell] | None = None, css: str = "bs-list") -> str:
    num = ' class="bs-num"'
    head = "".join(f'<th scope="col"{num if c.numeric else ""}>{h(c.title)}</th>' for c in columns)
    body = "".join("<tr>" + "".join(_cell(c, col) for c, col in zip(row, columns)) + "</tr>" for row in rows)
    if not rows:
        body = f'<tr><td colspan="{len(columns)}">（暂无数据）</td></tr>'
    foot = ""
    if footer:
        foot = "<tfoot><tr>" + "".join(_cell(c, col, tag="th" if i == 0 else "td") for i, (c, col) in enumerate(zip(footer, columns))) + "</tr></tfoot>"
    table = f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody>{foot}</table>'
    # The CSV of exactly these rows, beside the page, and its link (only while a page is generated).
    download = table_download(columns, rows, caption, footer)
    return table_wrap(table, caption, download=False) + download


def _cell(cell: Cell, column: Column, tag: str = "td") -> str:
    attrs = ""
    if column.numeric:
        attrs += ' class="bs-num"'
    if cell.sort is not None:
        attrs += f' data-value="{h(cell.sort)}"'
    text = h(cell.text)
    if cell.href:
        text = f'<a href="{h(cell.href)}">{text}</a>'
    return f"<{tag}{attrs}>{text}</{tag}>"


def amount_cell(value: Decimal) -> Cell:
    return Cell(str(value), sort=value)


def count_cell(value: int) -> Cell:
    return Cell(str(value), sort=value)
