"""Printing a document page in Chromium: A4 pages with the document alone, in the
original order, table heads repeated and rows kept whole."""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True, scope="module")
def chinese_font() -> None:
    # Without a Chinese font Chromium prints empty boxes and the PDF has no text to check.
    listing = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout if shutil.which("fc-list") else ""
    if not listing.strip():
        pytest.fail("No Chinese font for Chromium: install Debian's fonts-noto-cjk (scripts/test.sh does so as root).")


DOCUMENT = "/2021/711001/"
A4_POINTS = (595.28, 841.89)
# Text of the site around the document, none of which belongs on paper.
NOT_PRINTED = ["承德县部门预算绩效公开", "数据格式说明", "跳转至", "回到页面顶部", "长辈版", "主办单位", "下载本表", "下载本文本数据",
               "首页", "搜索", "⇅"]


# Chromium's embedded CJK fonts map some glyphs back to radicals in the PDF's text: Kangxi radicals
# (U+2F00…) fold to the ideograph under NFKC, the simplified ones of the CJK Radicals Supplement do not.
RADICALS = str.maketrans(
    "⺟⺠⻁⻄⻅⻆⻈⻉⻋⻐⻓⻔⻘⻙⻚⻛⻜⻝⻠⻢⻣⻥⻦⻧⻨⻩⻪⻬⻮⻰⻳",
    "母民虎西见角讠贝车钅长门青韦页风飞食饣马骨鱼鸟卤麦黄黾齐齿龙龟",
)


def fold(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).translate(RADICALS)
    unknown = sorted({c for c in folded if 0x2E80 <= ord(c) <= 0x2FDF})
    assert not unknown, f"radicals left in the PDF text, add them to RADICALS: {unknown}"
    return folded


def pdf_pages(page) -> list[tuple[tuple[float, float], str]]:
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    out = []
    for p in reader.pages:
        box = p.mediabox
        out.append(((float(box.width), float(box.height)), fold(p.extract_text())))
    return out


def squash(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("reading", [False, True], ids=["normal", "reading-mode"])
def test_document_prints_on_a4_in_the_original_order_without_site_chrome(page, site_url: str, reading: bool) -> None:
    if reading:
        page.add_init_script("localStorage.setItem('budgetsite.reading', '1')")
    page.goto(site_url + DOCUMENT)
    page.wait_for_selector("table[data-bs-ready]")
    pages = pdf_pages(page)
    assert len(pages) > 0
    for size, _ in pages:
        assert size == pytest.approx(A4_POINTS, abs=2)
    text = squash("".join(t for _, t in pages))
    cover = text.index("承德县总工会部门编制")  # the cover's 编制 line
    part1 = text.index("第一部分部门整体绩效目标")
    part2 = text.index("第二部分预算项目绩效目标")
    first_code = text.index("项目编码")
    assert text.index("承德县总工会2021年部门预算绩效文本") < cover < part1 < part2 < first_code
    assert text.index("130821212EHVWVXYA137X") < text.index("130821215ZG8SLNX0HFWL")
    assert [s for s in NOT_PRINTED if s in text] == []


def test_print_styles_keep_rows_whole_and_repeat_table_heads(page, site_url: str) -> None:
    page.goto(site_url + DOCUMENT)
    page.wait_for_selector("table[data-bs-ready]")
    page.emulate_media(media="print")
    styles = page.evaluate("""() => {
        const t = document.querySelector('table.bs-indicators');
        const s = el => getComputedStyle(el);
        return {row: s(t.tBodies[0].rows[0]).breakInside, head: s(t.tHead).display,
                header: s(document.querySelector('.md-header')).display, sidebar: s(document.querySelector('.md-sidebar')).display};
    }""")
    assert styles == {"row": "avoid", "head": "table-header-group", "header": "none", "sidebar": "none"}


def test_a_table_longer_than_a_page_repeats_its_head_on_every_page(page, site_url: str) -> None:
    page.goto(site_url + DOCUMENT)
    page.wait_for_selector("table[data-bs-ready]")
    # Make the first indicator table run over several pages, as a large project's would.
    page.evaluate("""() => {
        const body = document.querySelector('table.bs-indicators').tBodies[0];
        const rows = Array.from(body.rows);
        for (let i = 0; i < 12; i++) rows.forEach((r, j) => {
            const copy = r.cloneNode(true);
            copy.querySelectorAll('[rowspan]').forEach(c => c.removeAttribute('rowspan'));
            copy.cells[copy.cells.length - 1].textContent = `重复行${i}-${j}`;
            body.appendChild(copy);
        });
    }""")
    pages = [squash(t) for _, t in pdf_pages(page)]
    with_rows = [i for i, t in enumerate(pages) if "重复行" in t]
    assert len(with_rows) >= 2, "the table should span pages"
    for i in with_rows:
        assert "指标值确定依据" in pages[i], f"page {i + 1} continues the table without its head"
