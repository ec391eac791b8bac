"""Property test end to end: generated text in a record's fields comes back, as the same literal
text, in the rendered page, in the search index and in every download made from the record.

The record is the fictional 承德县示例文化馆 (tests/fixtures/extra) with four fields replaced:
a 保障措施 paragraph and a 总体目标 (Markdown prose), the project's 资金用途 (an HTML cell with line
breaks) and an indicator's 绩效指标描述 (a table cell, merged-table HTML).
"""

from __future__ import annotations

import csv
import io
import json
import re

import openpyxl
from hypothesis import assume, example, given

from budgetsite import hygiene
from budgetsite.collection import Archive
from budgetsite.export import build_downloads
from budgetsite.load import parse_record
from budgetsite.search.index import build_index, decode_postings, record_document
from budgetsite.search.tokens import fnv1a, tokens
from budgetsite.site import SiteOptions, generate_pages
from conftest import FIXTURES, search_document
from hostile_text import hostile_text, render_markdown, visible, yaml_quoted
from htmltext import tables
from test_properties_escape import blocks, formula_like, ooxml_text

SOURCE = (FIXTURES / "extra" / "2021" / "712001.yaml").read_text(encoding="utf-8")
FIELDS = {
    "safeguard": "  - 完善免费开放管理制度，落实安全生产责任。\n",
    "goal": "    text: 全年免费开放场馆不少于 300 天，组织群众文化活动 40 场以上。\n",
    "purpose": "    purpose: 用于场馆免费开放运行及群众文化活动\n",
    "description": "description: 全年免费开放天数,",
}


def record_with(text: str) -> bytes:
    source = SOURCE
    quoted = yaml_quoted(text)
    for name, line in FIELDS.items():
        assert source.count(line) == 1, name
        key = line.split(":")[0] + ":" if name != "safeguard" else "  -"
        source = source.replace(line, f"{key} {quoted}" + ("," if name == "description" else "\n"))
    return source.encode("utf-8")


def csv_cells(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def json_strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (k, *json_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in json_strings(v)]
    return []


def after_heading(found: list, anchor: str) -> tuple:
    index = next(i for i, b in enumerate(found) if b[0] == "h3" and b[1].get("id") == anchor)
    return found[index + 1]


@given(hostile_text(max_size=8))
@example("安全生产\n\n1. 加强监督")
@example("=HYPERLINK(\"http://x\")\r\n<script>")
@example("𠀀𠀁 {{ x }} | *y*")
def test_record_text_survives_into_page_index_and_downloads(text: str) -> None:
    expected = text.strip()  # the loader strips every value
    assume(visible(expected))
    record, errors = parse_record(record_with(text), "2021/712001.yaml", expect_year=2021, expect_code="712001")
    if hygiene.value_error(text) is not None:
        # Characters the loader refuses (lone CR, controls, bidi, zero-width): refused at their place, never published.
        assert record is None and errors and all(e.line > 1 and e.column >= 1 for e in errors), errors
        return
    assert errors == [], errors
    project = record.projects[0]
    assert (record.safeguards[0], record.overall_goals[0].text, project.purpose, project.indicators[0].description) == (expected,) * 4
    archive = Archive([record])

    # The page, rendered by Markdown with the shipped extensions.
    (page,) = [p for p in generate_pages(archive, SiteOptions()) if p.src_uri == "2021/712001.md"]
    html = render_markdown(page.markdown)
    found = blocks(html)
    safeguard = after_heading(found, "safeguards")
    assert safeguard[0] == "p" and set(safeguard[2]) <= {"br"} and visible(safeguard[3]) == visible(expected)
    goal = after_heading(found, "overall-goals")
    assert goal[0] == "p" and visible(goal[3]) == visible(f"1、公共文化服务：{expected}")
    grids = [t["grid"] for t in tables(html)]
    header = next(g for g in grids if g[0][0] == "项目编码")
    assert header[2][0] == "预算规模及资金用途" and visible(header[2][1]) == visible(expected)  # the 资金用途 row
    indicators = next(g for g in grids if g[0][:4] == ["一级指标", "二级指标", "三级指标", "绩效指标描述"])
    assert visible(indicators[1][3]) == visible(expected) and indicators[1][2] == "免费开放天数"

    # The search index: the text in the document's sections, each of its tokens posted for it.
    files = build_index([record_document(record, "2021/712001/")])
    sections = search_document(files, 0)["s"]
    assert expected in sections[1][2] and expected in sections[2][2]
    shards = json.loads(files["manifest.json"])["shards"]
    for token in set(tokens(expected)):
        postings = json.loads(files[f"s/{fnv1a(token) % shards}.json"])[token]
        assert [doc for doc, _ in decode_postings(postings)] == [0]

    # Every download: CSV cells (formulas neutralised), XLSX cells, JSON strings.
    in_csv = "'" + expected if formula_like(expected) else expected
    seen = set()
    for download in build_downloads(archive):
        path = download.path
        if path.endswith(".csv"):
            rows = csv_cells(download.content)
            for column in ("绩效指标描述", "资金用途"):
                if column in rows[0]:
                    at = rows[0].index(column)
                    assert in_csv in [r[at] for r in rows[1:]], (path, column)
                    seen.add(column)
        elif path.endswith(".xlsx"):
            book = openpyxl.load_workbook(io.BytesIO(download.content))
            cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
            matching = [c for c in cells if ooxml_text(c.value) == expected]
            assert len(matching) >= 2 and all(c.quotePrefix == formula_like(expected) for c in matching), path
            seen.add("xlsx")
        elif path.endswith(".json"):
            strings = json_strings(json.loads(download.content))
            if "免费开放天数" in strings:
                assert strings.count(expected) >= 4 if re.search(r"api/2021/712001", path) else expected in strings, path
                seen.add("json")
        elif path.endswith(".yaml"):
            assert download.content == record_with(text)
            seen.add("yaml")
    assert seen == {"绩效指标描述", "资金用途", "xlsx", "json", "yaml"}
