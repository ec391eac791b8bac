"""The page being generated: where it sits (for relative links) and the files it brings along.

Every renderer that links or attaches a download takes the :class:`PageContext`
of its page; nothing about the current page is kept anywhere else.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from .. import routes
from ..export.csv import to_csv
from ..tables import Table
from .escape import h


@dataclass
class PageContext:
    src_uri: str
    directory_urls: bool = True
    files: dict[str, bytes] = field(default_factory=dict)  # path from the site root -> bytes (each table's CSV)
    # HTML for the page's <head> (structured data). Not in the Markdown: Material's instant
    # navigation re-runs every <script> of the content as JavaScript, whatever its type.
    head: list[str] = field(default_factory=list)

    def link(self, target: str, anchor: str = "") -> str:
        """The href of another page (its source URI, see :mod:`budgetsite.routes`)."""
        return routes.relative_url(self.src_uri, target, self.directory_urls, anchor)

    def href(self, path: str) -> str:
        """The href of a file of the site, such as a download."""
        return routes.asset_url(self.src_uri, path, self.directory_urls)

    def file_link(self, path: str, label: str, *, title: str = "") -> str:
        ext = posixpath.splitext(path)[1].lstrip(".").upper()
        hint = f' title="{h(title)}"' if title else ""
        return f'<a class="bs-download__link" href="{h(self.href(path))}" download data-format="{h(ext)}"{hint}>{h(label)}</a>'

    def attach_csv(self, table: Table, label: str) -> str:
        """Make the CSV of ``table`` a file beside this page; the paragraph linking to it."""
        path = routes.page_table_csv(self.src_uri, table.name, self.files)
        self.files[path] = to_csv(table)
        return f'<p class="bs-table-download">{self.file_link(path, label, title=f"{table.name}（CSV，UTF-8）")}</p>'
