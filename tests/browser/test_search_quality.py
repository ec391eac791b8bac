"""Search quality at every scale: the same expectations on a 1-document and a 10,000-document index.

Queries run through the site's own client (``assets/search.js``) in Chromium, against an index
built by ``budgetsite.search`` and served from a temporary folder with a bare harness page (no
MkDocs build: the index is what changes with scale, the page around it does not).

The documents with the expected texts are fictional (虚构县…), made from the seed record:

* A (虚构县某某局): the seed's project 破产、改制企业退休劳动模范荣誉津贴 (a name holding the
  words across a 、), a project named 示范引领奖励经费, and 朱鹮 in a project's text only;
* B (虚构县另一局): 破产改制企业 once, in its goals' text (a phrase match, in no name);
* C (虚构县第三局): 破产 and 改制企业, apart, seven times each: by counts alone it would rank
  before B for 破产 改制企业.

The 1-document index holds A alone; the 10,000-document one holds A, B and C among synthetic
documents (``budgetsite.synth``: 100 generated records loaded with the real loader, cut to their
header, part one and two projects, repeated over ten years under other department names and
project codes). Every expectation lists the fictional
documents in the order they must come; those not in the index are left out of it.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from budgetsite import synth
from budgetsite.collection import load_archive
from budgetsite.model import Record
from budgetsite.routes import document_page, page_url
from budgetsite.search import SearchDocument, Section, build_index, record_document, write_index
from budgetsite.search.tokens import compact
from conftest import _serve

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
SEARCH_JS = REPO / "plugins" / "budgetsite" / "assets" / "search.js"
HARNESS = '<!doctype html><meta charset="utf-8"><title>search</title><script src="assets/budgetsite/search.js"></script>'

A, B, C = "2021/990001/", "2021/990002/", "2021/990003/"
A_P1 = "130821990A01XXXXXXXXX"  # 破产、改制企业退休劳动模范荣誉津贴
A_P2 = "130821990A02XXXXXXXXX"  # 示范引领奖励经费
FILLER_BASE = 100
FILLER_YEARS = range(2024, 2014, -1)


def _fictional(seed: Record, code: str, department: str) -> Record:
    r = copy.deepcopy(seed)
    r.department, r.unit.code, r.unit.name = department, code, department + "本级"
    r.cover.name_line, r.cover.prepared_by, r.cover.reviewed_by = department + "部门", department + "部门编制", "虚构县财政局审核"
    return r


def fictional_records(seed: Record) -> dict[str, Record]:
    a = _fictional(seed, "990001", "虚构县某某局")
    a.projects[0].code, a.projects[1].code = A_P1, A_P2
    a.projects[1].name = "示范引领奖励经费"
    a.projects[1].purpose += "开展朱鹮保护宣传。"
    others = {}
    for code, department, sentence in (("990002", "虚构县另一局", "对破产改制企业困难职工开展帮扶。"),
                                       ("990003", "虚构县第三局", "依法受理破产申请，做好改制企业职工安置。" * 7)):
        r = _fictional(seed, code, department)
        for n, p in enumerate(r.projects):
            p.code = f"130821{code}{n}XXXXXXXXX"
            p.name = p.name.replace("破产、改制企业", "")
            p.purpose = p.purpose.replace("破产", "关停")
            p.goals = [g.replace("破产", "关停") for g in p.goals]
        r.overall_goals[0].text += sentence
        others[page_url(document_page(r.year, code))] = r
    return {A: a, **others}


def _renamed(doc: SearchDocument, year: int, n: int) -> SearchDocument:
    """``doc`` as another department's document of ``year``: every name and code replaced in its text."""
    department = f"{doc.department}第{n}分局"
    unit_code = f"{800000 + n:06d}"
    swaps = [(doc.department, department), (doc.unit_code, unit_code)]
    swaps += [(s.anchor, f"{s.anchor[:6]}{year % 10}{n:05d}{s.anchor[12:]}") for s in doc.sections if s.anchor.startswith("130")]

    def swap(text: str) -> str:
        for old, new in swaps:
            text = text.replace(old, new)
        return text

    return dataclasses.replace(
        doc, year=year, department=department, unit_code=unit_code, unit_name=swap(doc.unit_name),
        url=page_url(document_page(year, unit_code)), title=swap(doc.title).replace(str(doc.year), str(year)),
        sections=[Section(swap(s.anchor), swap(s.title), swap(s.text)) for s in doc.sections], names=[swap(x) for x in doc.names])


def filler_documents(tmp: Path, n: int) -> list[tuple[int, SearchDocument]]:
    synth.write(tmp / "synth", FILLER_BASE, seed=0)
    base = [record_document(r, page_url(document_page(r.year, r.unit.code))) for r in load_archive(tmp / "synth").records]
    # The header, part one and two projects of each: the words every document shares, in half the
    # text, so that the index builds in well under a minute even under coverage.
    base = [dataclasses.replace(d, sections=[s for s in d.sections if s.anchor != "department-tables"][:4]) for d in base]
    years = [FILLER_YEARS[i * len(FILLER_YEARS) // n] for i in range(n)]
    return [(year, _renamed(base[i % len(base)], year, i + 1)) for i, year in enumerate(years)]


def index_documents(tmp: Path, size: int) -> list[SearchDocument]:
    seed = load_archive(REPO / "data").get(2021, "711001")
    assert seed is not None
    fictional = [record_document(r, url) for url, r in fictional_records(seed).items()]
    if size == 1:
        return fictional[:1]
    filler = filler_documents(tmp, size - len(fictional))
    # Archive order: newest year first, the fictional documents after the synthetic ones of 2021.
    by_year = sorted([(year, 0, i, d) for i, (year, d) in enumerate(filler)] + [(2021, 1, i, d) for i, d in enumerate(fictional)],
                     key=lambda t: (-t[0], t[1], t[2]))
    return [d for *_, d in by_year]


@pytest.fixture(scope="module", params=[1, 10_000], ids=["1-document", "10000-documents"])
def index_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp(f"search-{request.param}")
    documents = index_documents(root, request.param)
    assert len(documents) == request.param
    write_index(build_index(documents), root / "site")
    (root / "site" / "assets" / "budgetsite").mkdir(parents=True)
    (root / "site" / "assets" / "budgetsite" / "search.js").write_bytes(SEARCH_JS.read_bytes())
    (root / "site" / "index.html").write_text(HARNESS, encoding="utf-8")
    yield _serve(str(root / "site")) + "/"


@pytest.fixture(scope="module")
def harness(browser: object, index_url: str) -> Iterator[object]:
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(index_url)
    page.errors = errors
    yield page
    context.close()


def run(page: object, query: str) -> list[dict]:
    """The first page of results: each one's address, best section, tier and whole compacted text."""
    results = page.evaluate("""async (q) => (await window.budgetsiteSearch.search(q, "", 0, 10)).results.map(r => ({
        url: r.doc.url, anchor: r.sections[0].anchor, tier: r.tier,
        text: r.doc.s.map(s => window.budgetsiteSearch.compact(s[1] + "\\n" + s[2])).join("\\n") }))""", query)  # type: ignore[attr-defined]
    assert page.errors == []  # type: ignore[attr-defined]
    return results


def fictional_in_order(results: list[dict]) -> list[str]:
    return [r["url"] for r in results if r["url"] in (A, B, C)]


def present(page: object, expected: list[str]) -> list[str]:
    docs = page.evaluate("async () => (await fetch('search/budgetsite/manifest.json').then(r => r.json())).docs")  # type: ignore[attr-defined]
    return expected if docs > 1 else [u for u in expected if u == A]


@pytest.mark.parametrize(("query", "expected", "anchor"), [
    ("破产改制企业", [A, B], A_P1),          # A: in a project name, across 、; B: the phrase in its text
    ("破产、改制企业", [A, B], A_P1),         # typed with the punctuation
    ("破产，改制", [A, B], A_P1),             # other punctuation than the text's
    ("破产 改制企业", [A, B, C], A_P1),       # two terms: the phrase first (A, B), C holds them apart
    ("示范引领", [A], A_P2),                 # a name match before thousands of texts holding the words
    ("虚构县某某局", [A], ""),                # a department's name: its document, at the top
    ("990001", [A], ""),                     # a unit code
    ("A02XXX", [A], A_P2),                   # part of a project code
    ("鹮", [A], A_P2),                       # one character, in text only (no name holds it)
])
def test_expected_documents_come_first_in_order(harness: object, query: str, expected: list[str], anchor: str) -> None:
    results = run(harness, query)
    want = present(harness, expected)
    assert results and results[0]["url"] == want[0] and results[0]["anchor"] == anchor
    assert fictional_in_order(results)[:len(want)] == want
    assert_ranked_and_confirmed(results, query)


@pytest.mark.parametrize("query", ["县", "局", "费"])
def test_one_character_finds_documents(harness: object, query: str) -> None:
    results = run(harness, query)
    assert results
    assert results[0]["tier"] == 0  # a name holding the character comes first
    assert_ranked_and_confirmed(results, query)


def test_tiers_never_go_down(harness: object) -> None:
    """A result never comes before one of a better tier (name match, phrase, terms apart)."""
    results = run(harness, "劳动模范 慰问")
    assert results
    assert_ranked_and_confirmed(results, "劳动模范 慰问")


def assert_ranked_and_confirmed(results: list[dict], query: str) -> None:
    terms = [compact(t) for t in query.split()]
    for r in results:
        assert all(t in r["text"] for t in terms), (r["url"], query)
    tiers = [r["tier"] for r in results]
    assert tiers == sorted(tiers), (query, [(r["url"], r["tier"]) for r in results])
