"""In a real browser, the pages request nothing from any other host and log no errors."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


SITE = "承德县部门预算绩效公开"


@pytest.mark.parametrize(("path", "title"), [
    ("/", f"{SITE} - {SITE}"),
    ("/2021/", f"2021 年部门预算绩效文本 - {SITE}"),
    ("/2021/711001/", f"承德县总工会 2021 年部门预算绩效文本 - {SITE}"),
    ("/departments/711001/", f"承德县总工会 - {SITE}"),
    ("/data-format/", f"数据格式说明 - {SITE}"),
])
def test_pages_stay_on_the_site(page, site_url: str, path: str, title: str) -> None:
    page.goto(site_url + path, wait_until="networkidle")
    assert page.title() == title
    foreign = [u for u in page.requests if not u.startswith(site_url) and not u.startswith("data:")]
    assert foreign == []
    assert page.console_errors == []


def test_document_page_shows_the_seed(page, site_url: str) -> None:
    page.goto(site_url + "/2021/711001/", wait_until="networkidle")
    assert page.locator("h1").first.inner_text().startswith("承德县总工会 2021 年部门预算绩效文本")
    assert page.locator('[id="130821215ZG8SLNX0HFWL"]').count() == 1
    assert page.locator(".bs-status--draft").is_visible()
    assert page.locator("table.bs-indicators").count() == 2


def test_tables_scroll_inside_their_box_on_a_phone(browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740})
    pg = context.new_page()
    pg.goto(site_url + "/2021/711001/", wait_until="networkidle")
    page_width = pg.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 375  # the page itself never scrolls sideways
    wrap = pg.locator(".bs-table-wrap").nth(1)
    assert wrap.evaluate("el => el.scrollWidth > el.clientWidth")  # the indicator table scrolls in its box
    context.close()
