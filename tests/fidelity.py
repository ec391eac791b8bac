"""Fidelity in place: a document's tables and paragraphs found on its page where they belong.

Not "every cell occurs somewhere on the page" (short cells such as ``0`` or ``5.00`` always do)
but: some table of the page has exactly these rows, in this order, cell by cell; these
paragraphs are blocks of the page, whole, in this order. Whitespace is normalised (any run of
white space is one space, none at either end); merged cells are expanded into every row and
column they cover, as a reader of the printed table sees them.

Used for the seed and for every imported fixture of the other document shapes; keep the API:
``page_tables``, ``assert_table_in_page``, ``assert_rows_in_table``, ``assert_paragraphs_in_order``.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from html.parser import HTMLParser

from htmltext import squash, tables

Grid = list[list[str]]

# Blocks of prose; a table's cells are compared by assert_table_in_page instead.
_PROSE = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "blockquote"}
_SKIP = {"script", "style", "template", "noscript", "table"}


def page_tables(html: str) -> list[Grid]:
    """Each table of the page as its grid of cell texts (merged cells expanded), in page order."""
    return [[[squash(cell) for cell in row] for row in t["grid"]] for t in tables(html)]


def _normal(rows: Sequence[Sequence[object]]) -> Grid:
    return [[squash(str(cell)) for cell in row] for row in rows]


def assert_table_in_page(html: str, rows: Sequence[Sequence[object]]) -> None:
    """Some table of the page has exactly ``rows``: the same rows, in order, the same cells in each."""
    expected = _normal(rows)
    grids = page_tables(html)
    if expected in grids:
        return
    if not grids:
        raise AssertionError("the page has no table")

    def overlap(grid: Grid) -> int:
        return sum(a == b for a, b in zip(grid, expected))

    closest = max(grids, key=overlap)
    diff = "\n".join(difflib.unified_diff([" | ".join(r) for r in expected], [" | ".join(r) for r in closest],
                                          "expected", f"closest table (table {grids.index(closest) + 1} of {len(grids)})", lineterm=""))
    raise AssertionError(f"no table of the page has exactly these {len(expected)} rows:\n{diff}")


def assert_rows_in_table(html: str, rows: Sequence[Sequence[object]]) -> None:
    """One table of the page holds ``rows`` in this order, each row whole (a table as published may add
    its own header rows between them, as the importer's fixtures of other provinces' shapes do)."""
    want = _normal(rows)
    grids = page_tables(html)
    for grid in grids:
        at = 0
        for row in grid:
            if at < len(want) and row == want[at]:
                at += 1
        if at == len(want):
            return
    if not grids:
        raise AssertionError("the page has no table")
    best = max(grids, key=lambda g: sum(1 for r in want if r in g))
    missing = [r for r in want if r not in best]
    raise AssertionError(f"rows not found in order in one table of the page: missing {missing}, or out of order {want}")


_VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "source", "col", "area", "base", "embed", "param", "track"}


class _Prose(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.stack: list[tuple[str, bool, int | None]] = []  # open elements: tag, skipped, index of its prose block

    def _skipping(self) -> bool:
        return any(skipped for _, skipped, _ in self.stack)

    def _block(self) -> int | None:
        return next((b for _, _, b in reversed(self.stack) if b is not None), None)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            if (b := self._block()) is not None and not self._skipping():
                self.blocks[b] += "\n"
            return
        if tag in _VOID:
            return
        skipped = tag in _SKIP or (tag == "a" and "headerlink" in (dict(attrs).get("class") or ""))
        block = None
        if tag in _PROSE and not skipped and not self._skipping():
            self.blocks.append("")
            block = len(self.blocks) - 1
        self.stack.append((tag, skipped, block))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if (b := self._block()) is not None and not self._skipping():
            self.blocks[b] += data


def page_paragraphs(html: str) -> list[str]:
    """The prose blocks of the page (paragraphs, headings without their permalink, list items), in order."""
    parser = _Prose()
    parser.feed(html)
    parser.close()
    return [b for b in (squash(b) for b in parser.blocks) if b]


def assert_paragraphs_in_order(html: str, paragraphs: Sequence[str]) -> None:
    """Each of ``paragraphs`` is a whole prose block of the page, and they come in this order (others may lie between)."""
    blocks = page_paragraphs(html)
    at = 0
    for n, paragraph in enumerate(paragraphs):
        want = squash(paragraph)
        try:
            at = blocks.index(want, at) + 1
        except ValueError:
            where = "is not a paragraph of the page" if want not in blocks else "comes before the paragraph preceding it"
            close = difflib.get_close_matches(want, blocks, n=1, cutoff=0.5)
            hint = f"\n  closest paragraph: {close[0]!r}" if close else ""
            raise AssertionError(f"paragraph {n + 1} {where}: {want!r}{hint}") from None
