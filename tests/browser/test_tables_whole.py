"""Public pages show everything (issue 12): every row of every table is on the page, with no inner
vertical scrolling, at 1280 and 375 px; at 1280 px the department page's year table is not clipped
beside its chart; only a table wider than the screen scrolls, and only sideways."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PAGES = ["/2021/711001/", "/departments/711001/", "/2021/", "/projects/2021/"]

# For each table: its wrapper's scroll box, and every row's place against the wrapper's visible box.
MEASURE = """() => Array.from(document.querySelectorAll('.md-content table')).map(t => {
  const wrap = t.closest('.bs-table-wrap') || t.parentElement;
  const box = wrap.getBoundingClientRect();
  const style = getComputedStyle(wrap);
  const rows = Array.from(t.rows).filter(r => !r.hidden);
  return {
    caption: t.caption ? t.caption.textContent.trim() : '',
    innerVerticalScroll: wrap.scrollHeight > wrap.clientHeight + 1 && style.overflowY !== 'visible',
    maxHeight: style.maxHeight,
    rowsOutside: rows.filter(r => { const b = r.getBoundingClientRect(); return b.top < box.top - 1 || b.bottom > box.bottom + 1; }).length,
    rows: rows.length,
    tableWidth: t.scrollWidth,
    visibleWidth: wrap.clientWidth,
  };
})"""


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("path", PAGES)
def test_every_row_is_visible_without_inner_scrolling(page, site_url: str, path: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site_url + path)
    page.wait_for_selector(".md-content table")
    tables = page.evaluate(MEASURE)
    assert tables
    for t in tables:
        assert t["maxHeight"] == "none", t
        assert not t["innerVerticalScroll"], t
        assert t["rowsOutside"] == 0, t


def test_the_seeds_satisfaction_rows_are_on_the_page(page, site_url: str) -> None:
    """The last rows of an indicator table (满意度指标) used to sit below a fixed-height scroll box."""
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site_url + "/2021/711001/")
    row = page.locator("tr", has_text="市级劳动模范满意度").first
    row.scroll_into_view_if_needed()
    assert row.is_visible()
    wrap = row.locator("xpath=ancestor::div[contains(@class,'bs-table-wrap')]").first
    assert wrap.evaluate("w => w.scrollHeight <= w.clientHeight + 1")


def test_department_year_table_is_not_clipped_at_1280(page, site_url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site_url + "/departments/711001/")
    page.wait_for_selector(".bs-chart-pair table")
    tables = page.evaluate(MEASURE.replace(".md-content table", ".bs-chart-pair table"))
    assert tables
    for t in tables:
        assert t["tableWidth"] <= t["visibleWidth"] + 1, t  # the whole table is in view, no sideways scroll
