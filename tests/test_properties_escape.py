"""Property tests: any record text comes back as the same literal text, never as markup or a formula.

Every escaping function is fed generated text (tests/hostile_text.py) and its output is read
back the way a reader or a spreadsheet reads it: Markdown rendered with the shipped
mkdocs.yml's extensions and parsed as HTML, CSV parsed by the csv module, XLSX opened with
openpyxl, JSON parsed. The expected text is the input itself, never the function's output.
"""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser

import openpyxl
from hypothesis import assume, example, given
from hypothesis import strategies as st

from budgetsite.export.csv import to_csv
from budgetsite.export.jsonapi import dumps
from budgetsite.export.xlsx import to_xlsx
from budgetsite.render.escape import h, h_multiline, md
from budgetsite.search.index import SearchDocument, Section, build_index
from budgetsite.tables import Column, Table
from conftest import search_document
from hostile_text import hostile_text, render_markdown, visible


def ooxml_text(stored: str) -> str:
    """A cell's text as Excel shows it: OOXML writes characters XML cannot hold as _xHHHH_ (ST_Xstring)."""
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), stored)


class Blocks(HTMLParser):
    """Top-level elements of an HTML fragment: (tag, attributes, tags inside, text with <br> as a newline)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, dict, list[str], str]] = []
        self.depth = 0
        self.skip = 0  # inside the permalink <a class="headerlink"> that toc adds to headings

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "br":
            if self.blocks and not self.skip:
                self.blocks[-1][2].append("br")
                self._text("\n")
            return
        if self.depth == 0:
            self.blocks.append((tag, a, [], ""))
        elif self.skip or a.get("class") == "headerlink":
            self.skip += 1
        else:
            self.blocks[-1][2].append(tag)
        self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "br":
            return
        self.depth -= 1
        if self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self._text(data)
        elif not self.depth and data.strip():
            self.blocks.append(("#text", {}, [], data))

    def _text(self, data: str) -> None:
        tag, attrs, inner, text = self.blocks[-1]
        self.blocks[-1] = (tag, attrs, inner, text + data)


def blocks(html: str) -> list[tuple[str, dict, list[str], str]]:
    parser = Blocks()
    parser.feed(html)
    parser.close()
    return parser.blocks


def shown(text: str) -> str:
    """The text of ``text`` as a reader sees it, line breaks included (CR LF, CR and LF are each one break)."""
    return visible(re.sub(r"\r\n?|\n", "\u2424", text)).replace("\u2424", "\n")


# -- Markdown: md() ---------------------------------------------------------------------------

@given(hostile_text())
@example("安全生产\n\n1. 加强监督")  # the case: a newline must not end the paragraph
@example("a\r\r# b")
@example("    缩进四格")
@example("{{ config.site_name }} {% include 'x' %}")
@example("说明 {: .cls #id }")
@example("**加粗** *斜体* `代码` [链接](https://x.cn)")
def test_md_paragraph_is_one_paragraph_of_the_same_text(text: str) -> None:
    assume(visible(text))
    found = blocks(render_markdown(f"前文。\n\n{md(text)}\n\n后文。"))
    assert [b[0] for b in found] == ["p", "p", "p"], found
    tag, attrs, inner, body = found[1]
    assert attrs == {} and set(inner) <= {"br"}, found[1]
    assert visible(body) == visible(text)
    # Every line break of the record is a <br>, and nothing else is.
    assert inner.count("br") == len(re.findall(r"\r\n?|\n", text.strip(" \t\f\v\x1c\x1d\x1e\x1f\x85\u3000")))


@given(hostile_text())
@example("1. 第一项")
@example("标题 {#x .y}")
def test_md_heading_is_one_heading_of_the_same_text(text: str) -> None:
    assume(visible(text))
    found = blocks(render_markdown(f"## {md(text)}"))
    assert [b[0] for b in found] == ["h2"], found
    tag, attrs, inner, body = found[0]
    assert set(attrs) == {"id"} and set(inner) <= {"br"}, found[0]
    assert visible(body) == visible(text)


def test_md_turns_each_newline_into_a_line_break() -> None:
    assert md("安全生产\n\n1. 加强监督") == "安全生产<br><br>1. 加强监督"  # "1." inside a line starts no list
    assert md("a\r\nb") == "a<br>b"


# -- HTML: h() and h_multiline(), as they reach the page inside the HTML blocks of the Markdown ----

@given(hostile_text())
@example('"><script>alert(1)</script>')
@example("a\n\n# b\n\n<p>c")
def test_h_round_trips_in_text_and_attributes(text: str) -> None:
    html = f'<p title="{h(text)}">{h(text)}</p>'
    ((tag, attrs, inner, body),) = blocks(html)
    assert inner == [] and attrs == {"title": text} and body == text


@given(hostile_text())
@example("a\n\n# b\n\n* c")
@example("x</td></tr></table># y")
def test_h_inside_a_table_in_markdown_stays_one_cell(text: str) -> None:
    assume(visible(text))
    page = f'前文。\n\n<table class="t"><tr><td title="{h(text)}">{h(text)}</td></tr></table>\n\n后文。'
    found = blocks(render_markdown(page))
    assert [b[0] for b in found] == ["p", "table", "p"], found
    tag, attrs, inner, body = found[1]
    assert inner == ["tr", "td"], found[1]
    assert visible(body) == visible(text)


@given(hostile_text())
@example("第一行\n第二行\r\n第三行\r第四行")
def test_h_multiline_keeps_every_line_break(text: str) -> None:
    assume(visible(text))
    found = blocks(render_markdown(f"<table><tr><td>{h_multiline(text)}</td></tr></table>"))
    assert [b[0] for b in found] == ["table"], found
    tag, attrs, inner, body = found[0]
    assert [t for t in inner if t != "br"] == ["tr", "td"]
    assert inner.count("br") == len(re.findall(r"\r\n?|\n", text))  # each line break of the record is a <br>
    assert shown(body) == shown(text)


# -- downloads: CSV, XLSX, JSON --------------------------------------------------------------

TEXT_TABLE = (Column("a", "甲"), Column("b", "乙"))


def formula_like(text: str) -> bool:
    """Would a spreadsheet run this cell? (written here independently of export/csv.py)"""
    return bool(text) and text[0] in "=+-@\t\r" and not re.fullmatch(r"[+-]?[0-9]+(\.[0-9]+)?%?|[=+-]", text)


@given(hostile_text(), hostile_text(max_size=3))
@example("=HYPERLINK(\"http://x\",\"y\")", "@SUM(A1)")
@example("-5.00", "\t=1+1")
@example("第一行\r\n第二行", '"引号",逗号')
def test_csv_cells_read_back_as_the_text_with_formulas_neutralised(first: str, second: str) -> None:
    data = to_csv(Table("表", TEXT_TABLE, ((first, second),)))
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8")[1:], newline="")))
    assert rows == [["甲", "乙"], [("'" + first) if formula_like(first) else first, ("'" + second) if formula_like(second) else second]]
    assert not any(formula_like(cell) for row in rows for cell in row)


@given(hostile_text(), hostile_text(max_size=3))
@example("=1+1", "+86 313")
@example("_x0041_", "a\x01b")
@example("第一行\r\n第二行", "a\rb")
def test_xlsx_cells_read_back_as_the_text_never_as_formulas(first: str, second: str) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(to_xlsx([Table("表", TEXT_TABLE, ((first, second),))])))
    sheet = workbook.active
    cells = [sheet.cell(2, 1), sheet.cell(2, 2)]
    for cell, text in zip(cells, (first, second)):
        if text == "":
            assert cell.value is None
            continue
        assert cell.data_type == "s"  # a string, never a formula ("f")
        assert ooxml_text(cell.value) == text
        assert cell.quotePrefix == formula_like(text)


@given(st.dictionaries(hostile_text(max_size=3), hostile_text(), max_size=4))
def test_json_round_trips(data: dict[str, str]) -> None:
    assert json.loads(dumps(data)) == data


@given(hostile_text(), hostile_text())
@example("</script><img src=x onerror=alert(1)>", "&amp; \u2028 𠀀")
def test_search_index_files_are_inert_and_round_trip(name: str, text: str) -> None:
    doc = SearchDocument(year=2021, department=name, unit_code="1", unit_name=name, url="2021/1/", title=name,
                         sections=[Section("", name, name), Section("P1", "项目", text)], names=[name])
    files = build_index([doc])
    for content in files.values():  # safe even if a file were ever inlined into a page's <script>
        assert b"<" not in content and b">" not in content and b"&" not in content
    stored = search_document(files, 0)
    assert (stored["dep"], stored["t"], stored["s"]) == (name, name, [["", name, name], ["P1", "项目", text]])
