"""The 长辈版 (适老化) reading mode: a header button on every page, keyboard operable,
large high-contrast text with wide line spacing, kept across pages, instant navigation and tabs."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PAGES = ["/", "/2021/", "/2021/711001/", "/departments/711001/"]
TOGGLE = ".md-header .bs-reading-toggle"


@pytest.fixture(scope="module")
def instant_site_url(site_url: str) -> str:
    """The fixture site is built for the port it is served on (conftest.SITE_PORT), so
    Material's instant navigation, which follows only sitemap links, takes over."""
    return site_url


def state(page) -> dict:
    return page.evaluate("""() => {
        const p = document.querySelector('article.md-typeset p');
        const s = getComputedStyle(p);
        return {
            on: document.documentElement.classList.contains('bs-reading'),
            pressed: document.querySelector('.bs-reading-toggle').getAttribute('aria-pressed'),
            stored: localStorage.getItem('budgetsite.reading'),
            font: parseFloat(s.fontSize),
            line: parseFloat(s.lineHeight),
            color: s.color,
            background: getComputedStyle(document.body).backgroundColor,
            cursor: getComputedStyle(document.body).cursor,
            buttons: document.querySelectorAll('.bs-reading-toggle').length,
        };
    }""")


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_the_switch_in_its_header(page, site_url: str, path: str) -> None:
    page.goto(site_url + path)
    button = page.locator(TOGGLE)
    assert button.count() == 1
    assert button.inner_text().strip() == "长辈版"
    assert button.get_attribute("aria-pressed") == "false"
    assert button.is_visible()
    assert page.console_errors == []


def test_keyboard_switches_it_on_and_it_enlarges_and_darkens_the_text(page, site_url: str) -> None:
    page.goto(site_url + "/2021/711001/")
    page.wait_for_selector(TOGGLE)
    before = state(page)
    assert not before["on"] and before["stored"] is None
    page.locator(TOGGLE).focus()
    page.keyboard.press("Enter")
    after = state(page)
    assert after["on"] and after["pressed"] == "true" and after["stored"] == "1"
    assert after["font"] >= before["font"] * 1.25
    assert after["line"] >= after["font"] * 1.3
    assert after["color"] == "rgb(0, 0, 0)" and after["background"] == "rgb(255, 255, 255)"
    assert after["cursor"].startswith("url(")
    assert before["line"] >= before["font"] * 1.3
    page.keyboard.press("Space")
    off = state(page)
    assert not off["on"] and off["pressed"] == "false" and off["stored"] is None
    assert off["font"] == before["font"]
    assert page.console_errors == []


def test_the_choice_holds_across_page_loads(page, site_url: str) -> None:
    page.goto(site_url + "/")
    page.locator(TOGGLE).click()
    for path in PAGES[1:]:
        page.goto(site_url + path)
        page.wait_for_selector(TOGGLE)
        s = state(page)
        assert s["on"] and s["pressed"] == "true", path
    page.locator(TOGGLE).click()
    page.goto(site_url + "/")
    page.wait_for_selector(TOGGLE)
    assert not state(page)["on"]


def test_the_choice_holds_across_instant_navigation(page, instant_site_url: str) -> None:
    site_url = instant_site_url
    page.goto(site_url + "/")
    page.wait_for_selector(TOGGLE)
    page.locator(TOGGLE).click()
    page.evaluate("window.__sameDocument = true")
    page.locator("article a[href$='2021/']").first.click()
    page.wait_for_url("**/2021/")
    page.wait_for_selector("article h1:has-text('2021 年部门预算绩效文本')")
    assert page.evaluate("window.__sameDocument === true"), "Material's instant navigation should have kept the document"
    s = state(page)
    assert s["on"] and s["pressed"] == "true" and s["buttons"] == 1
    # Off again after another instant navigation, and the button still works there.
    page.locator("article a[href$='711001/']").first.click()
    page.wait_for_url("**/2021/711001/")
    page.locator(TOGGLE).click()
    assert not state(page)["on"]
    assert page.evaluate("window.__sameDocument === true")
    assert page.console_errors == []


def test_other_tabs_follow(page, site_url: str) -> None:
    page.goto(site_url + "/2021/")
    other = page.context.new_page()
    other.goto(site_url + "/departments/711001/")
    other.wait_for_selector(TOGGLE)
    page.locator(TOGGLE).click()
    other.wait_for_function("document.documentElement.classList.contains('bs-reading')")
    assert other.locator(TOGGLE).get_attribute("aria-pressed") == "true"
