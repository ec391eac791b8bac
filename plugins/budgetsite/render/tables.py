"""Tables of the one table model (:mod:`budgetsite.tables`) as HTML, with their downloads.

Tables are emitted whole, with a caption and header cells, so that they are
complete and accessible without JavaScript; the site's script only adds the
filter box and column sorting on top (``data-bs-table``). Merged cells come
from :func:`budgetsite.tables.merged_spans`, never from the records.
"""

from __future__ import annotations

from ..tables import Cell, Column, Entry, Link, Table, entry_value, merged_spans
from .escape import h
from .page import PageContext

NO_ROWS = "（暂无数据）"
NUM = ' class="bs-num"'
# Cell classes by column kind: numbers align right; a quantity (指标值) is text with a parsed number.
KIND_CLASS = {"amount": "bs-num", "percent": "bs-num", "count": "bs-num", "quantity": "bs-value"}


def table_wrap(table_html: str, label: str, *, interactive: bool = True) -> str:
    """Add a caption and wrap a table so it scrolls sideways on narrow screens."""
    marker = "<table"
    end = table_html.index(">", table_html.index(marker)) + 1
    open_tag = table_html[:end]
    if interactive:
        open_tag = open_tag[:-1] + " data-bs-table>"
    body = f'{open_tag}<caption class="bs-caption">{h(label)}</caption>{table_html[end:]}'
    # The wrapper scrolls, so keyboard users must be able to focus it to scroll (WCAG 2.1.1);
    # a focusable region needs a role and a name.
    return f'<div class="bs-table-wrap" tabindex="0" role="region" aria-label="{h(label)}">{body}</div>'


def html_table(table: Table, page: PageContext | None, *, css: str = "bs-list", interactive: bool = True,
               row_headers: bool = False, empty: str = NO_ROWS, file: str | None = None) -> str:
    """The table with its caption, and a link to its download.

    The download is the CSV of exactly these rows, made beside the page; with
    ``file``, a link to that open-data file instead (it holds the same rows, and more
    precise columns). Without a page (a fragment in a test), no link.
    """
    html = table_wrap(table_html(table, css=css, row_headers=row_headers, empty=empty), table.name, interactive=interactive)
    if page is None:
        return html
    if file is not None:
        return html + f'<p class="bs-table-download">{page.file_link(file, "下载本表（CSV）", title=table.name)}</p>'
    return html + page.attach_csv(table, f"下载本表（CSV，{len(table.all_rows())} 行）")


def table_html(table: Table, *, css: str = "bs-list", row_headers: bool = False, empty: str = NO_ROWS) -> str:
    columns = table.columns
    head = "".join(f'<th scope="col"{NUM if c.numeric else ""}>{h(c.header)}</th>' for c in columns)
    merge_keys = [(i, c.key) for i, c in enumerate(columns) if c.merge]
    spans = merged_spans(columns, table.rows)
    rows = []
    for row, span in zip(table.rows, spans):
        attrs = "".join(f' data-{key}="{h(_text(row[i]))}"' for i, key in merge_keys)
        cells = "".join(_cell(entry, col, header=row_headers and i == 0, span=span.get(i))
                        for i, (entry, col) in enumerate(zip(row, columns)) if span.get(i) != 0)
        rows.append(f"<tr{attrs}>{cells}</tr>")
    body = "".join(rows) or f'<tr><td colspan="{len(columns)}">{h(empty)}</td></tr>'
    foot = ""
    if table.footer:
        cells = "".join(_cell(entry, col, tag="th" if i == 0 else "td") for i, (entry, col) in enumerate(zip(table.footer, columns)))
        foot = f"<tfoot><tr>{cells}</tr></tfoot>"
    return f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody>{foot}</table>'


def _class(column: Column) -> str:
    css = KIND_CLASS.get(column.kind)
    return f' class="{css}"' if css else ""


def _text(entry: Entry) -> str:
    return entry.text if isinstance(entry, Cell) else "" if entry is None else str(entry)


def _cell(entry: Entry, column: Column, *, header: bool = False, span: int | None = None, tag: str = "td") -> str:
    attrs = ""
    if header:
        tag = "th"
        attrs += ' scope="rowgroup"' if column.merge else ' scope="row"'
    if span is not None:
        attrs += f' rowspan="{span}"'
    attrs += _class(column)
    value = entry_value(entry)
    if value is not None:
        attrs += f' data-value="{h(value)}"'
    return f"<{tag}{attrs}>{_content(entry)}</{tag}>"


def _content(entry: Entry) -> str:
    if not isinstance(entry, Cell):
        return h(_text(entry))
    return "".join(f'<a href="{h(p.href)}">{h(p.text)}</a>' if isinstance(p, Link) else h(p) for p in entry.parts)

