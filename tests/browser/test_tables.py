"""Filter boxes and sortable columns, in a real browser, at desktop and phone widths.

Each kind of table: a document's indicator tables, a year's list of departments, and the
year's page of all projects.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

P1, P2, P3 = "130821212EHVWVXYA137X", "130821215ZG8SLNX0HFWL", "130821300WHG0000000A1"
PROJECTS_CAPTION = "2021 年全部预算项目（金额单位：万元）"
YEAR_CAPTION = "2021 年各单位预算绩效文本（金额单位：万元）"

P2_INDICATORS = ["确定市级劳动模范慰问金发放人数", "核实市级劳动模范人数", "核实取得市级劳动模范荣誉证书率", "取得发放慰问金的市级劳动模范人",
                 "按时间节点支出资金", "项目预算增加", "使全社会尊重劳模、学习劳模精神", "充分发挥劳模引领作用", "市级劳动模范满意度"]

WIDTHS = [pytest.param(1280, id="desktop"), pytest.param(375, id="phone")]


@pytest.fixture(params=WIDTHS)
def width_page(request, page):
    page.set_viewport_size({"width": request.param, "height": 800})
    return page


@pytest.fixture(scope="module")
def instant_site_url(site_url: str) -> str:
    """The fixture site is built for the port it is served on (conftest.SITE_PORT), so
    Material's instant navigation, which follows only sitemap links, takes over."""
    return site_url


def table(page, caption: str):
    return page.locator("table[data-bs-table]", has=page.locator("caption", has_text=caption)).first


def visible_rows(tbl) -> list[list[str]]:
    return tbl.evaluate("t => Array.from(t.tBodies[0].rows).filter(r => !r.hidden)"
                        ".map(r => Array.from(r.cells).map(c => c.textContent.trim()))")


def filter_box(page, caption: str):
    return page.get_by_label("筛选：" + caption)


def type_filter(page, caption: str, text: str) -> None:
    box = filter_box(page, caption)
    box.click()
    box.fill("")
    box.press_sequentially(text, delay=10)


def sort_by(tbl, column: str) -> None:
    tbl.locator("thead th", has_text=column).locator("button.bs-sort").click()


def clean(page, site_url: str) -> None:
    assert [u for u in page.requests if not u.startswith(site_url)] == []
    assert page.console_errors == []


def test_projects_page_filters_and_sorts(width_page, site_url: str) -> None:
    page = width_page
    page.goto(site_url + "/projects/2021/", wait_until="networkidle")
    tbl = table(page, PROJECTS_CAPTION)
    rows = visible_rows(tbl)
    assert [r[2] for r in rows] == [P1, P2, P3]
    assert rows[0][:2] == ["承德县总工会", "711001"] and rows[2][:2] == ["承德县示例文化馆", "712001"]
    # amounts in 万元, rounded once to the cent where shown (the document page keeps the published "0")
    assert rows[1][3:] == ["市级劳动模范春节慰问资金", "20.00", "20.00", "0.00", "9"]

    type_filter(page, PROJECTS_CAPTION, "劳动模范")
    assert [r[2] for r in visible_rows(tbl)] == [P1, P2]
    tools = page.locator(".bs-tools").filter(has=filter_box(page, PROJECTS_CAPTION))
    assert tools.locator(".bs-count").inner_text() == "显示 2 / 3 行"
    type_filter(page, PROJECTS_CAPTION, "WHG0000")  # part of a code
    assert [r[2] for r in visible_rows(tbl)] == [P3]
    type_filter(page, PROJECTS_CAPTION, "总工会 春节")  # every term must match
    assert [r[2] for r in visible_rows(tbl)] == [P2]
    type_filter(page, PROJECTS_CAPTION, "")
    assert len(visible_rows(tbl)) == 3

    sort_by(tbl, "预算数")  # as numbers: 5.00 < 12.50 < 20.00 (as text 12.50 would come first)
    assert [r[4] for r in visible_rows(tbl)] == ["5.00", "12.50", "20.00"]
    assert tbl.locator("thead th", has_text="预算数").get_attribute("aria-sort") == "ascending"
    sort_by(tbl, "预算数")
    assert [r[4] for r in visible_rows(tbl)] == ["20.00", "12.50", "5.00"]
    sort_by(tbl, "预算数")  # third click: the original order again
    assert [r[2] for r in visible_rows(tbl)] == [P1, P2, P3]
    sort_by(tbl, "其他资金")
    assert [r[6] for r in visible_rows(tbl)] == ["0.00", "0.00", "2.50"]
    # The footer's totals stay at the bottom, outside the sorted rows.
    assert tbl.locator("tfoot td").nth(3).inner_text() == "37.50"
    clean(page, site_url)


def test_year_department_list_filters_and_sorts(width_page, site_url: str) -> None:
    page = width_page
    page.goto(site_url + "/2021/", wait_until="networkidle")
    tbl = table(page, YEAR_CAPTION)
    assert [r[1] for r in visible_rows(tbl)] == ["711001", "712001"]
    type_filter(page, YEAR_CAPTION, "文化")
    assert [r[1] for r in visible_rows(tbl)] == ["712001"]
    type_filter(page, YEAR_CAPTION, "")
    sort_by(tbl, "单位编码")
    sort_by(tbl, "单位编码")
    assert [r[1] for r in visible_rows(tbl)] == ["712001", "711001"]
    sort_by(tbl, "预算数")  # 12.50 before 25.00
    assert [r[5] for r in visible_rows(tbl)] == ["12.50", "25.00"]
    clean(page, site_url)


def test_indicator_table_filters_and_sorts_with_merged_cells(width_page, site_url: str) -> None:
    page = width_page
    page.goto(site_url + "/2021/711001/", wait_until="networkidle")
    caption = "市级劳动模范春节慰问资金 绩效指标"
    tbl = table(page, caption)
    assert len(visible_rows(tbl)) == 9
    type_filter(page, caption, "满意度")
    rows = visible_rows(tbl)
    # Merged 一级/二级 cells are repeated in the rows they cover, so each row is whole on its own.
    assert rows == [["满意度指标", "服务对象满意度指标", "市级劳动模范满意度", "得到慰问金的市级劳动模范满意度", "≥90 百分比", "2021 年部门工作计划"]]
    type_filter(page, caption, "质量指标")
    assert [r[2] for r in visible_rows(tbl)] == ["核实取得市级劳动模范荣誉证书率", "取得发放慰问金的市级劳动模范人"]
    assert all(r[0] == "产出指标" for r in visible_rows(tbl))
    type_filter(page, caption, "")

    sort_by(tbl, "三级指标")
    after = visible_rows(tbl)
    names = [r[2] for r in after]
    assert names == page.evaluate("n => n.slice().sort(new Intl.Collator('zh-CN', {numeric: true}).compare)", names)
    assert names != P2_INDICATORS and sorted(names) == sorted(P2_INDICATORS)
    level1 = {"使全社会尊重劳模、学习劳模精神": "效益指标", "充分发挥劳模引领作用": "效益指标", "市级劳动模范满意度": "满意度指标"}
    assert all(r[0] == level1.get(r[2], "产出指标") for r in after)  # each row keeps its own 一级指标
    sort_by(tbl, "三级指标")
    assert [r[2] for r in visible_rows(tbl)] == names[::-1]
    # The other project's table is untouched.
    assert len(visible_rows(table(page, "破产、改制企业退休劳动模范荣誉津贴 绩效指标"))) == 9
    clean(page, site_url)


def test_chinese_ime_filters_on_commit_not_on_pinyin(page, site_url: str) -> None:
    page.goto(site_url + "/projects/2021/", wait_until="networkidle")
    tbl = table(page, PROJECTS_CAPTION)
    filter_box(page, PROJECTS_CAPTION).click()
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.imeSetComposition", {"text": "chunjie", "selectionStart": 7, "selectionEnd": 7})
    assert filter_box(page, PROJECTS_CAPTION).input_value() == "chunjie"
    assert len(visible_rows(tbl)) == 3  # pinyin being composed filters nothing
    cdp.send("Input.insertText", {"text": "春节"})
    page.wait_for_function("() => document.querySelector('.bs-filter').value === '春节'")
    assert [r[2] for r in visible_rows(tbl)] == [P2]
    clean(page, site_url)


def test_state_survives_instant_navigation(page, instant_site_url: str) -> None:
    site_url = instant_site_url
    page.goto(site_url + "/2021/", wait_until="networkidle")
    page.evaluate("window.__sameDocument = true")
    tbl = table(page, YEAR_CAPTION)
    type_filter(page, YEAR_CAPTION, "文化")
    sort_by(tbl, "预算数")
    page.locator("p.bs-more a").click()  # to the projects page, by instant navigation
    page.wait_for_url("**/projects/2021/")
    page.wait_for_function("() => document.querySelector('.bs-filter') !== null")
    assert page.evaluate("window.__sameDocument") is True  # Material swapped the page in, no reload
    # The new page's tables are enhanced too.
    type_filter(page, PROJECTS_CAPTION, "劳动模范")
    assert len(visible_rows(table(page, PROJECTS_CAPTION))) == 2
    page.go_back()
    page.wait_for_url("**/2021/")
    page.wait_for_function("() => document.querySelector('.bs-filter') !== null")
    assert filter_box(page, YEAR_CAPTION).input_value() == "文化"
    tbl = table(page, YEAR_CAPTION)
    assert [r[1] for r in visible_rows(tbl)] == ["712001"]
    assert tbl.locator("thead th", has_text="预算数").get_attribute("aria-sort") == "ascending"
    assert page.evaluate("window.__sameDocument") is True
    clean(page, site_url)


def test_tables_are_complete_without_javascript(browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(site_url + "/projects/2021/")
    assert pg.locator(".bs-tools").count() == 0
    rows = pg.locator("table[data-bs-table] tbody tr").all_inner_texts()
    assert sum(1 for r in rows if P1 in r or P2 in r or P3 in r) == 3
    context.close()


def test_phone_layout_scrolls_inside_the_table_with_a_sticky_header(browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740})
    pg = context.new_page()
    pg.goto(site_url + "/projects/2021/", wait_until="networkidle")
    assert pg.evaluate("document.documentElement.scrollWidth") <= 375
    tbl = table(pg, PROJECTS_CAPTION)
    wrap = tbl.locator("xpath=..")
    assert wrap.evaluate("el => el.scrollWidth > el.clientWidth")  # scrolls sideways in its own box
    assert tbl.locator("thead th").first.evaluate("th => getComputedStyle(th).position") == "sticky"
    box = filter_box(pg, PROJECTS_CAPTION).bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375
    context.close()
