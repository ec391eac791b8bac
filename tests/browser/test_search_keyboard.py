"""The archive search with the keyboard alone, in a real browser (GB/T 37668, WCAG 2.1.1).

Every key here is a real key press (``page.keyboard``): Material opens its search on "/",
reads the box on keyup and runs ArrowUp/ArrowDown, Enter, Escape and Tab on window keydown,
so only real key events show whether the archive results (``.bs-search__link``) take part.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

SEED = "/2021/711001/"
P1 = "130821212EHVWVXYA137X"  # 破产、改制企业退休劳动模范荣誉津贴 (in 2021 and 2022)
P2 = "130821215ZG8SLNX0HFWL"  # 市级劳动模范春节慰问资金

ACTIVE = """() => { const a = document.activeElement;
  if (!a || a === document.body) return 'body';
  if (a.matches('[data-md-component=search-query]')) return 'box';
  return a.getAttribute('href') ? a.className.split(' ')[0] + ' ' + a.href : a.tagName.toLowerCase() + '.' + a.className.split(' ')[0]; }"""


def search_open(page) -> bool:
    return page.evaluate("() => document.getElementById('__search').checked")


def active(page) -> str:
    return page.evaluate(ACTIVE)


def wait_results(page, query: str) -> None:
    page.wait_for_function(
        """(q) => { const r = document.querySelector('.bs-search');
                    return r && !r.hasAttribute('aria-busy') && document.querySelector('.md-search__input').value === q
                      && /找到|没有/.test(r.querySelector('.bs-search__meta').textContent); }""", arg=query)


def type_query(page, site_url: str, query: str, path: str = "/2021/") -> None:
    """Open the search with "/" (Material's shortcut) and type ``query`` key by key."""
    page.goto(site_url + path, wait_until="networkidle")
    page.keyboard.press("/")
    page.wait_for_function("() => document.getElementById('__search').checked")
    assert active(page) == "box"
    page.keyboard.type(query, delay=20)
    wait_results(page, query)


def archive_links(page) -> list[str]:
    return page.eval_on_selector_all(".bs-search__link, .bs-search__section", "as => as.map(a => a.href)")


def test_arrow_down_from_the_box_reaches_the_first_archive_result(page, site_url: str) -> None:
    type_query(page, site_url, "劳动模范")
    links = archive_links(page)
    assert len(links) >= 3  # 2022 and 2021 (P1), and the 2021 section link to P2
    page.keyboard.press("ArrowDown")
    assert active(page) == f"bs-search__link {links[0]}"
    page.keyboard.press("ArrowDown")
    assert active(page) == f"bs-search__link {links[1]}"
    page.keyboard.press("ArrowUp")
    assert active(page) == f"bs-search__link {links[0]}"
    page.keyboard.press("ArrowUp")
    assert active(page) == "box"
    assert search_open(page)


def test_arrows_go_round_every_result_and_back_to_the_box(page, site_url: str) -> None:
    """Archive results first, then Material's own (the help pages), then the box again: no trap."""
    type_query(page, site_url, "ZG8SLNX0HFWL")  # P2 in the archive; docs/search.md quotes it
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__list [href]').length > 0")
    ours = archive_links(page)
    material = page.eval_on_selector_all(
        ".md-search-result__list :not(details) > [href], .md-search-result__list details[open] [href]",
        "as => as.filter(a => a.getClientRects().length).map(a => a.href)")
    assert ours and material
    seen = []
    for _ in range(len(ours) + len(material) + 1):
        page.keyboard.press("ArrowDown")
        seen.append(active(page))
    assert seen[0] == f"bs-search__link {ours[0]}"
    assert [s.split(" ", 1)[1] for s in seen[:-1]] == ours + material
    assert seen[-1] == "box"
    page.keyboard.press("ArrowUp")  # from the box up: the last result, as in Material
    assert active(page).endswith(material[-1])
    assert search_open(page)


def test_enter_opens_the_focused_result(page, site_url: str) -> None:
    type_query(page, site_url, "劳动模范")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.href")
    assert focused.endswith(f"{SEED}#{P1}")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{SEED}#{P1}")
    page.wait_for_selector(f"[id='{P1}']", timeout=15000)
    assert not search_open(page)
    assert page.console_errors == []


def test_enter_in_the_box_opens_the_first_archive_result(page, site_url: str) -> None:
    type_query(page, site_url, "ZG8SLNX0HFWL")
    assert archive_links(page)[0].endswith(f"{SEED}#{P2}")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{SEED}#{P2}")
    page.wait_for_selector(f"[id='{P2}']", timeout=15000)
    assert not search_open(page)


def test_escape_closes_the_panel_from_a_result(page, site_url: str) -> None:
    type_query(page, site_url, "劳动模范")
    page.keyboard.press("ArrowDown")
    assert active(page).startswith("bs-search__link")
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.getElementById('__search').checked")
    assert not active(page).startswith("bs-search")  # no focus left on a closed panel, as Material blurs its box


def test_focused_result_is_visibly_marked(page, site_url: str) -> None:
    type_query(page, site_url, "劳动模范")
    link = page.locator(".bs-search__link").first
    style = "a => { const s = getComputedStyle(a); return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.outlineOffset, s.backgroundColor]; }"
    before = link.evaluate(style)
    assert before[0] == "none" and before[4] == "rgba(0, 0, 0, 0)"
    page.keyboard.press("ArrowDown")
    assert link.evaluate("a => document.activeElement === a")
    # budgetsite.css: a 2px outline and a shaded background in the accent colour (indigo: #526cfe, and #526cfe1a).
    assert link.evaluate(style) == ["solid", "2px", "rgb(82, 108, 254)", "2px", "rgba(82, 108, 254, 0.1)"]


def test_result_count_is_announced_in_chinese(page, site_url: str) -> None:
    type_query(page, site_url, "劳动模范")
    live = page.locator(".bs-search [aria-live]")
    assert live.count() == 1
    assert live.get_attribute("aria-live") == "polite"
    assert live.inner_text() == "找到 2 份文本"
    page.keyboard.type("不存在", delay=20)
    wait_results(page, "劳动模范不存在")
    assert live.inner_text() == "没有找到符合条件的文本"


def test_tab_reaches_the_year_selector_which_changes_the_results(page, site_url: str) -> None:
    type_query(page, site_url, "劳动模范")
    assert {h.removeprefix(site_url)[:6] for h in archive_links(page)} == {"/2021/", "/2022/"}
    for _ in range(4):
        page.keyboard.press("Tab")
        assert search_open(page), "Tab closed the search before reaching the year selector"
        if active(page) == "select.bs-search__year":
            break
    assert active(page) == "select.bs-search__year"
    page.keyboard.press("ArrowDown")  # 全部年度 → 2022 年, the select's own key
    page.wait_for_function("() => /2022 年/.test(document.querySelector('.bs-search__meta').textContent)")
    assert active(page) == "select.bs-search__year"
    assert search_open(page)
    links = archive_links(page)
    assert links and all(h.removeprefix(site_url).startswith("/2022/") for h in links)
    page.keyboard.press("Tab")  # on to the first result
    assert active(page) == f"bs-search__link {links[0]}"
    page.keyboard.press("Shift+Tab")
    assert active(page) == "select.bs-search__year"
    page.keyboard.press("ArrowUp")  # back to 全部年度
    page.wait_for_function("() => !/年）/.test(document.querySelector('.bs-search__meta').textContent)")
    assert page.evaluate("sessionStorage.getItem('bs-search-year')") == ""


def test_tab_leaves_the_panel_at_its_end(page, site_url: str) -> None:
    """Focus is never trapped: Tab past the last result closes the search, as Material does."""
    type_query(page, site_url, "ZG8SLNX0HFWL")
    for _ in range(12):
        page.keyboard.press("Tab")
        if not search_open(page):
            break
    assert not search_open(page)


# ---- the home page's call to action ----

def cta(page):
    return page.locator(".bs-search-cta button")


@pytest.mark.parametrize("key", ["Enter", " "])
def test_home_button_opens_the_search_with_the_keyboard(page, site_url: str, key: str) -> None:
    page.goto(site_url + "/", wait_until="networkidle")
    button = cta(page)
    assert button.is_visible()
    assert button.evaluate("b => b.type") == "button"
    for _ in range(30):  # Tab to it, as a reader would
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.bs-search-cta button')"):
            break
    assert page.evaluate("document.activeElement.matches('.bs-search-cta button')")
    page.keyboard.press(key)
    page.wait_for_function("() => document.getElementById('__search').checked")
    assert active(page) == "box"
    page.keyboard.type("ZG8SLNX0HFWL", delay=20)
    wait_results(page, "ZG8SLNX0HFWL")
    assert archive_links(page)[0].endswith(f"{SEED}#{P2}")
    assert page.console_errors == []


def test_home_button_on_a_phone(browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, has_touch=True)
    pg = context.new_page()
    pg.goto(site_url + "/", wait_until="networkidle")
    pg.locator(".bs-search-cta button").tap()
    pg.wait_for_function("() => document.getElementById('__search').checked")
    assert pg.evaluate(ACTIVE) == "box"
    assert pg.locator("input.md-search__input").is_visible()
    context.close()


def test_home_without_javascript_shows_no_dead_button(browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(site_url + "/")
    assert pg.locator(".bs-search-cta button").count() == 1
    assert not pg.locator(".bs-search-cta button").is_visible()
    help_link = pg.locator(".bs-search-cta a[href]")
    assert help_link.is_visible()
    assert help_link.get_attribute("href") == "search/"
    context.close()
