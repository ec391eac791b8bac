"""The result columns beside each target, in a real browser: at 1280 px they fit beside the targets without
scrolling, at 375 px the table scrolls inside its own box (the page never does), and in 长辈版 they stay readable."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import _serve

pytestmark = pytest.mark.browser

CAPTION = "公共文化场馆免费开放补助 绩效指标与自评结果"
TOGGLE = ".md-header .bs-reading-toggle"


@pytest.fixture(scope="module")
def evaluation_url(evaluation_site: Path) -> str:
    return _serve(str(evaluation_site / "site"))


def geometry(page) -> dict:
    return page.evaluate("""(caption) => {
        const table = [...document.querySelectorAll('table')].find(t => t.caption && t.caption.textContent === caption);
        const wrap = table.closest('.bs-table-wrap');
        const heads = [...table.tHead.rows[0].cells].map(c => c.textContent.replace(/[⇅▲▼]/g, '').trim());
        const col = (name) => heads.indexOf(name);
        const row = [...table.tBodies[0].rows].find(r => r.textContent.includes('群众文化活动场次'));
        const cells = [...row.cells];
        const last = cells[cells.length - 1].getBoundingClientRect();
        return {
            heads, wrapScroll: wrap.scrollWidth, wrapClient: wrap.clientWidth,
            pageScroll: document.scrollingElement.scrollWidth, viewport: window.innerWidth,
            wrapRight: wrap.getBoundingClientRect().right, lastRight: last.right,
            actual: cells[cells.length - 4].textContent, score: cells[cells.length - 2].textContent,
            reason: cells[cells.length - 1].textContent,
            font: parseFloat(getComputedStyle(cells[cells.length - 1]).fontSize),
            focusable: wrap.getAttribute('tabindex'),
            actualCol: col('实际完成值'), reasonCol: col('偏差原因分析及改进措施'),
        };
    }""", CAPTION)


def open_targets(page, url: str, width: int) -> dict:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(url + "/2021/712001/")
    page.locator("caption", has_text=CAPTION).scroll_into_view_if_needed()
    return geometry(page)


def test_desktop_shows_result_beside_target_without_scrolling(page, evaluation_url: str) -> None:
    g = open_targets(page, evaluation_url, 1280)
    assert g["heads"][:4] == ["一级指标", "二级指标", "三级指标", "指标值"]
    assert g["heads"][4:] == ["实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    assert (g["actual"], g["score"]) == ("36 场", "18.00")
    assert g["reason"].startswith("受天气影响 4 场户外活动延至次年举办")
    assert g["wrapScroll"] <= g["wrapClient"] + 1, g
    assert g["lastRight"] <= g["wrapRight"] + 1 and g["pageScroll"] <= g["viewport"]
    status = page.locator(".bs-eval-status--published")
    assert status.is_visible() and "已公开" in status.inner_text()
    assert page.console_errors == []


def test_phone_scrolls_the_table_not_the_page(page, evaluation_url: str) -> None:
    g = open_targets(page, evaluation_url, 375)
    assert g["pageScroll"] <= g["viewport"], g
    assert g["wrapScroll"] > g["wrapClient"] and g["focusable"] == "0"
    wrap = page.locator(".bs-table-wrap", has=page.locator("caption", has_text=CAPTION))
    wrap.focus()
    for _ in range(40):
        page.keyboard.press("ArrowRight")
    reason = page.locator("td", has_text="受天气影响 4 场户外活动延至次年举办").first
    box, area = reason.bounding_box(), wrap.bounding_box()
    assert box is not None and area is not None and box["x"] < area["x"] + area["width"]  # scrolled into the box
    assert page.console_errors == []


def test_reading_mode_keeps_the_results_readable(page, evaluation_url: str) -> None:
    before = open_targets(page, evaluation_url, 1280)
    page.locator(TOGGLE).click()
    page.wait_for_function("document.documentElement.classList.contains('bs-reading')")
    page.locator("caption", has_text=CAPTION).scroll_into_view_if_needed()
    after = geometry(page)
    assert after["font"] > before["font"]
    assert after["pageScroll"] <= after["viewport"]
    assert (after["actual"], after["score"]) == ("36 场", "18.00")
    page.set_viewport_size({"width": 375, "height": 900})
    phone = geometry(page)
    assert phone["pageScroll"] <= phone["viewport"] and phone["wrapScroll"] > phone["wrapClient"]
    page.locator(TOGGLE).click()
    assert page.console_errors == []


def test_the_evaluation_page_and_its_link_back(page, evaluation_url: str) -> None:
    page.set_viewport_size({"width": 375, "height": 900})
    page.goto(evaluation_url + "/2021/712001/")
    page.locator(".bs-eval-status--published a").click()
    page.wait_for_url("**/2021/712001/evaluation/")
    assert page.locator("h1").inner_text().strip().rstrip("¶") == "承德县示例文化馆 2021 年项目支出绩效自评表"
    assert page.locator("table caption", has_text="公共文化场馆免费开放补助 项目资金（万元）").count() == 1
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 375
    page.locator("a", has_text="公共文化场馆免费开放补助（130821300WHG0000000A1）").click()
    page.wait_for_url("**/2021/712001/#result-130821300WHG0000000A1")
    assert page.console_errors == []


def test_search_finds_a_result_and_links_to_its_anchor(page, evaluation_url: str) -> None:
    page.goto(evaluation_url + "/2021/", wait_until="networkidle")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("劳模事迹宣讲", delay=20)
    page.wait_for_function(
        """() => { const r = document.querySelector('.bs-search');
                   return r && !r.hasAttribute('aria-busy') && /找到|没有/.test(r.querySelector('.bs-search__meta').textContent); }""")
    hrefs = page.eval_on_selector_all(".bs-search__link, .bs-search__section", "as => as.map(a => a.href)")
    assert f"{evaluation_url}/2021/711001/evaluation/#result-130821212EHVWVXYA137X" in hrefs, hrefs
    assert page.console_errors == []


@pytest.mark.parametrize("reading", [False, True], ids=["normal", "reading-mode"])
@pytest.mark.parametrize("path", ["/2021/711001/", "/2021/711001/evaluation/", "/2021/712001/evaluation/", "/departments/712001/"])
def test_no_serious_or_critical_axe_violations(page, evaluation_url: str, path: str, reading: bool) -> None:
    from axe_playwright_python.sync_playwright import Axe

    if reading:
        page.add_init_script("localStorage.setItem('budgetsite.reading', '1')")
    page.goto(evaluation_url + path)
    page.wait_for_selector(".bs-reading-toggle")
    violations = Axe().run(page, options={"resultTypes": ["violations"]}).response["violations"]
    blocking = [f"{v['id']} ({v['impact']}): {v['help']}" for v in violations if v["impact"] in ("serious", "critical")]
    assert blocking == [], path
    assert page.console_errors == []
