"""Full-text search in a real browser: every kind of query a reader types finds the seed's project.

Queries are typed into Material's header search box with real key events.
"""

from __future__ import annotations

import json

import pytest

from budgetsite.search import fnv1a, tokens

pytestmark = pytest.mark.browser

SEED = "/2021/711001/"
P1 = "130821212EHVWVXYA137X"  # 破产、改制企业退休劳动模范荣誉津贴
P2 = "130821215ZG8SLNX0HFWL"  # 市级劳动模范春节慰问资金


def search(page, site_url: str, query: str, path: str = "/2021/") -> list[str]:
    """Type ``query`` key by key; the hrefs of the results (main links first, then section links)."""
    if not page.url.startswith(site_url):
        page.goto(site_url + path, wait_until="networkidle")
    box = page.locator("input.md-search__input")
    opener = page.locator("label.md-header__button[for=__search]")
    if opener.is_visible() and not page.locator("#__search").is_checked():  # phone: opens from the header button
        opener.click()
        page.wait_for_function("() => document.getElementById('__search').checked")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=20)
    page.wait_for_function(
        """(q) => { const r = document.querySelector('.bs-search');
                    return r && !r.hasAttribute('aria-busy') && document.querySelector('.md-search__input').value === q
                      && /找到|没有/.test(r.querySelector('.bs-search__meta').textContent); }""", arg=query)
    main = page.eval_on_selector_all(".bs-search__link", "as => as.map(a => a.href)")
    sections = page.eval_on_selector_all(".bs-search__section", "as => as.map(a => a.href)")
    return [*main, *sections]


def paths(site_url: str, hrefs: list[str]) -> list[str]:
    return [h.removeprefix(site_url) for h in hrefs]


def assert_stayed_home(page, site_url: str) -> None:
    assert [u for u in page.requests if not u.startswith(site_url)] == []
    assert page.console_errors == []


@pytest.mark.parametrize(("query", "anchor"), [
    ("劳动模范", P1),                 # a whole word
    ("厂务公开", "part-1"),           # a word of part one (goals), not of a project
    ("劳模", P1),                     # an abbreviation that occurs in the text
    ("模范", P1),                     # a word inside a longer word (劳动模范)
    ("示范", P2),                     # inside 示范引领
    (P2, P2),                         # a whole project code
    ("ZG8SLNX0HFWL", P2),             # part of a project code
    ("zg8slnx0hfwl", P2),             # in lower case
    ("ＺＧ８ＳＬＮＸ０ＨＦＷＬ", P2),  # typed in full-width
    ("破产改制企业", P1),             # the text has 破产、改制企业
    ("破产 改制企业", P1),            # typed as two terms
    ("改制破产企业", P1),             # the text has 改制、破产企业
])
def test_query_finds_the_seed_project(page, site_url: str, query: str, anchor: str) -> None:
    found = paths(site_url, search(page, site_url, query))
    assert f"{SEED}#{anchor}" in found
    assert_stayed_home(page, site_url)


def test_several_terms_lead_to_the_project_holding_all_of_them(page, site_url: str) -> None:
    found = paths(site_url, search(page, site_url, "劳动模范 春节"))
    assert found[0] == f"{SEED}#{P2}"
    assert not any(f.startswith("/2022/") for f in found)  # the 2022 fixture has no 春节
    assert_stayed_home(page, site_url)


def test_partial_code_leads_straight_to_its_project(page, site_url: str) -> None:
    found = paths(site_url, search(page, site_url, "ZG8SLNX0HFWL"))
    assert found == [f"{SEED}#{P2}"]


def test_result_names_year_and_department(page, site_url: str) -> None:
    search(page, site_url, "承德县总工会")
    wheres = page.locator(".bs-search__where").all_inner_texts()
    assert any(w.startswith("2021 年 · 承德县总工会（711001") for w in wheres)
    assert any(w.startswith("2022 年 · 承德县总工会（711001") for w in wheres)
    titles = page.locator(".bs-search__title").all_inner_texts()
    assert "承德县总工会 2021 年部门预算绩效文本" in titles
    search(page, site_url, "示例文化馆")
    assert paths(site_url, page.eval_on_selector_all(".bs-search__link", "as => as.map(a => a.href)")) == ["/2021/712001/"]


def test_quote_marks_the_terms(page, site_url: str) -> None:
    search(page, site_url, "劳动模范 春节")
    first = page.locator(".bs-search__item").first
    assert first.locator(".bs-search__title").inner_text() == "市级劳动模范春节慰问资金"
    marks = first.locator(".bs-search__snippet mark").all_inner_texts()
    assert "劳动模范" in marks


def test_quote_marks_the_words_across_the_punctuation(page, site_url: str) -> None:
    search(page, site_url, "破产改制企业")
    first = page.locator(".bs-search__item").first
    assert first.locator(".bs-search__title").inner_text() == "破产、改制企业退休劳动模范荣誉津贴"
    assert "破产、改制企业" in first.locator(".bs-search__snippet mark").all_inner_texts()


def test_one_character_finds_the_documents_holding_it(page, site_url: str) -> None:
    found = paths(site_url, search(page, site_url, "县"))
    assert {f.split("#")[0] for f in found} >= {SEED, "/2022/711001/"}
    wheres = page.locator(".bs-search__where").all_inner_texts()
    assert wheres and all("县" in w for w in wheres[:2])  # 承德县总工会: a name holding it comes first
    assert_stayed_home(page, site_url)


def test_bigrams_that_are_not_adjacent_do_not_match(page, site_url: str) -> None:
    # 劳模 and 模范 both occur in the seed, 劳模范 does not.
    assert search(page, site_url, "劳模范") == []
    assert "没有找到" in page.locator(".bs-search__meta").inner_text()
    assert search(page, site_url, "不存在的词语") == []


def test_results_narrow_to_one_year(page, site_url: str) -> None:
    both = paths(site_url, search(page, site_url, "劳动模范"))
    assert {f[:6] for f in both} == {"/2021/", "/2022/"}
    page.select_option(".bs-search__year", "2022")
    page.wait_for_function("() => /2022 年/.test(document.querySelector('.bs-search__meta').textContent)")
    only = paths(site_url, page.eval_on_selector_all(".bs-search__link", "as => as.map(a => a.href)"))
    assert only and all(f.startswith("/2022/711001/") for f in only)
    # The choice is kept for the next query.
    assert all(f.startswith("/2022/") for f in paths(site_url, search(page, site_url, "模范")))
    page.select_option(".bs-search__year", "")


def test_clicking_a_result_opens_the_project(page, site_url: str) -> None:
    search(page, site_url, "ZG8SLNX0HFWL")
    page.locator(".bs-search__link").first.click()
    page.wait_for_url(f"**{SEED}#{P2}")
    # Instant navigation changes the address before it swaps the content in.
    page.wait_for_selector(f"[id='{P2}']", timeout=15000)
    assert page.locator(f"[id='{P2}']").count() == 1
    assert_stayed_home(page, site_url)


def test_search_on_a_phone(browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740})
    pg = context.new_page()
    pg.requests, pg.console_errors = [], []
    pg.on("request", lambda r: pg.requests.append(r.url))
    pg.on("pageerror", lambda e: pg.console_errors.append(str(e)))
    found = paths(site_url, search(pg, site_url, "模范"))
    assert f"{SEED}#{P1}" in found
    assert pg.locator(".bs-search__link").first.is_visible()
    assert_stayed_home(pg, site_url)
    context.close()


def test_record_text_in_results_stays_text(page, site_url: str) -> None:
    """Results are built with textContent: markup in a record shows as characters."""
    payload = '<img src=x onerror="window.__xss=1">'

    def tamper(route):
        body = json.loads(route.fetch().text())
        body["dep"] = payload
        body["s"][1][1] = payload
        route.fulfill(body=json.dumps(body, ensure_ascii=False), content_type="application/json")

    page.route("**/search/budgetsite/d/*/*.json", tamper)
    search(page, site_url, "厂务公开")
    assert page.locator(".bs-search img").count() == 0
    assert payload in page.locator(".bs-search__where").first.inner_text()
    assert page.evaluate("window.__xss") is None


def test_the_browser_tokenizes_like_the_index(page, site_url: str) -> None:
    page.goto(site_url + "/", wait_until="networkidle")
    samples = ["劳动模范 春节", "130821215ZG8SLNX0HFWL", "ＺＧ８ｓｌ", "预算数 5.00 万元", "≥90 百分比", "A-12_b", "𠀀𠀁𠀂 县", "Ⅻ ﬁ ㈠"]
    for text in samples:
        js = page.evaluate("t => window.budgetsiteSearch.tokens(t)", text)
        assert js == list(tokens(text)), text
        assert page.evaluate("t => window.budgetsiteSearch.fnv1a(t)", text) == fnv1a(text)


def test_material_index_leaves_out_the_archive(built_site) -> None:
    """Record pages are not in Material's search_index.json, which every page view downloads."""
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages = {d["location"].split("#")[0] for d in index["docs"]}
    assert not [p for p in pages if p.startswith(("2021/", "2022/", "departments/", "projects/"))]
    assert (built_site / "search" / "budgetsite" / "manifest.json").exists()
