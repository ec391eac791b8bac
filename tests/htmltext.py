"""Reading built pages back: visible text, and tables as grids with merged cells resolved."""

from __future__ import annotations

import re
from html.parser import HTMLParser

SKIP = {"script", "style", "template", "noscript"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIP:
            self.skip += 1
        elif tag in {"p", "div", "tr", "td", "th", "li", "h1", "h2", "h3", "h4", "br", "caption"}:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP and self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def visible_text(html: str) -> str:
    """The text a reader sees, whitespace collapsed."""
    parser = _Text()
    parser.feed(html)
    return squash("".join(parser.parts))


def main_content(html: str) -> str:
    """The article of a Material page (without navigation, header and footer)."""
    start = html.index('<article class="md-content__inner')
    end = html.index("</article>", start)
    return html[start:end]


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[dict] = []
        self.stack: list[dict] = []
        self.cell: dict | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            t = {"attrs": a, "rows": [], "caption": ""}
            self.stack.append(t)
            self.tables.append(t)
        elif not self.stack:
            return
        elif tag == "tr":
            self.stack[-1]["rows"].append([])
        elif tag in ("td", "th"):
            self.cell = {"text": "", "rowspan": int(a.get("rowspan") or 1), "colspan": int(a.get("colspan") or 1), "tag": tag, "attrs": a}
            self.stack[-1]["rows"][-1].append(self.cell)
        elif tag == "caption":
            self.cell = {"caption": True, "text": ""}
        elif tag == "br" and self.cell is not None:
            self.cell["text"] += "\n"  # a line break inside a cell separates its words

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self.stack:
            self.stack.pop()
        elif tag in ("td", "th"):
            self.cell = None
        elif tag == "caption" and self.cell is not None and self.stack:
            self.stack[-1]["caption"] = squash(self.cell["text"])
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell["text"] += data


def tables(html: str) -> list[dict]:
    """Every table: its attributes, caption and rows as grids of texts (merged cells repeated)."""
    parser = _Tables()
    parser.feed(html)
    out = []
    for t in parser.tables:
        grid: list[list[str]] = []
        pending: dict[int, tuple[str, int]] = {}
        for row in t["rows"]:
            line: list[str] = []
            cells = list(row)
            col = 0
            while cells or any(c >= col and left > 0 for c, (_, left) in pending.items()):
                if col in pending and pending[col][1] > 0:
                    text, left = pending[col]
                    line.append(text)
                    pending[col] = (text, left - 1)
                    col += 1
                    continue
                if not cells:
                    col += 1
                    continue
                cell = cells.pop(0)
                text = squash(cell["text"])
                for k in range(cell["colspan"]):
                    line.append(text)
                    if cell["rowspan"] > 1:
                        pending[col + k] = (text, cell["rowspan"] - 1)
                col += cell["colspan"]
            grid.append(line)
        out.append({"attrs": t["attrs"], "caption": t["caption"], "grid": grid})
    return out
