"""Build-time SVG charts: valid XML, named and described, one labelled bar per value."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

from budgetsite.render.charts import BAR_FILL, TEXT_FILL, Bar, bar_chart, render_year_chart, top_bars
from budgetsite.render.history import render_department_history
from budgetsite.render.page import PageContext
from htmltext import tables

SVG = "{http://www.w3.org/2000/svg}"
D = Decimal


def svgs(html: str) -> list[ET.Element]:
    return [ET.fromstring(m) for m in re.findall(r"<svg\b.*?</svg>", html, flags=re.S)]


def bars_of(svg: ET.Element) -> list[ET.Element]:
    return [r for r in svg.iter(f"{SVG}rect") if "bs-chart__bar" in r.get("class", "").split()]


def check_accessible(svg: ET.Element) -> tuple[str, str]:
    """The chart is an image named by its <title> and described by its <desc>."""
    assert svg.get("role") == "img"
    title, desc = list(svg)[:2]
    assert title.tag == f"{SVG}title" and desc.tag == f"{SVG}desc"
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text and desc.text
    return title.text, desc.text


def test_bar_chart_is_valid_svg_with_title_desc_and_labelled_bars() -> None:
    chart = bar_chart([Bar("2021 年", D("25.00")), Bar("2022 年", D("12.50"))], chart_id="c1", title="历年预算数",
                      desc="2021 年 25.00，2022 年 12.50。", unit="万元")
    svg = ET.fromstring(chart)
    assert check_accessible(svg) == ("历年预算数", "2021 年 25.00，2022 年 12.50。")
    bars = bars_of(svg)
    assert len(bars) == 2
    widths = [D(b.get("width")) for b in bars]
    assert widths[0] > 0 and abs(widths[1] * 2 - widths[0]) <= D("0.02")
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert texts == ["2021 年", "25.00 万元", "2022 年", "12.50 万元"]
    viewbox_width = D(svg.get("viewBox").split()[2])
    for b in bars:
        assert D(b.get("x")) + D(b.get("width")) < viewbox_width


def test_zero_and_empty_charts() -> None:
    assert bar_chart([], chart_id="c", title="t", desc="d", unit="万元") == ""
    svg = ET.fromstring(bar_chart([Bar("a", D("0.00")), Bar("b", D("0.00"))], chart_id="c", title="t", desc="d", unit="万元"))
    assert [b.get("width") for b in bars_of(svg)] == ["0", "0"]


def test_record_text_in_a_chart_is_escaped_and_long_labels_are_shortened() -> None:
    evil = "<script>&\"单位\"</script>" + "很长的部门名称" * 4
    svg_text = bar_chart([Bar(evil, D("1.00"))], chart_id="x\"y", title=evil, desc=evil, unit="万元")
    assert "<script>" not in svg_text
    svg = ET.fromstring(svg_text)
    assert check_accessible(svg)[0] == evil
    label = next(t.text for t in svg.iter(f"{SVG}text"))
    assert label.endswith("…") and len(label) < len(evil)
    row_title = [t.text for t in svg.iter(f"{SVG}title")][1]
    assert row_title == f"{evil}：1.00 万元"


def contrast(hex_colour: str, against: str = "#ffffff") -> float:
    def luminance(c: str) -> float:
        channels = [int(c[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [x / 12.92 if x <= 0.04045 else ((x + 0.055) / 1.055) ** 2.4 for x in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((luminance(hex_colour), luminance(against)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_chart_colours_have_enough_contrast_on_white() -> None:
    assert contrast(TEXT_FILL) >= 7
    assert contrast(BAR_FILL) >= 4.5  # bars are non-text (3:1 needed); 4.5:1 keeps them clear in print too


def test_top_bars_sums_the_rest_into_one_hatched_bar() -> None:
    items = [(f"单位{i:02d}", D(i)) for i in range(1, 13)]
    bars = top_bars(items, 10, "其他 {count} 个单位")
    assert [b.label for b in bars[:3]] == ["单位12", "单位11", "单位10"]
    assert len(bars) == 11
    assert bars[-1] == Bar("其他 2 个单位", D("3.00"), rest=True)
    assert sum(b.value for b in bars) == sum(v for _, v in items)
    # One item beyond the top is shown by name, not as "其他 1 个单位".
    assert [b.rest for b in top_bars(items[:11], 10, "其他 {count} 个单位")] == [False] * 11
    svg = ET.fromstring(bar_chart(bars, chart_id="c", title="t", desc="d", unit="万元"))
    rects = bars_of(svg)
    assert rects[-1].get("fill") == "url(#c-hatch)" and svg.find(f".//{SVG}pattern").get("id") == "c-hatch"


def test_department_page_chart_has_one_bar_per_year(archive) -> None:
    records = archive.departments()["711001"]
    html = "\n".join(render_department_history(records, PageContext("departments/711001.md"), "万元"))
    (svg,) = svgs(html)
    title, desc = check_accessible(svg)
    assert title == "承德县总工会各年度预算数"
    assert "2021 年 25.00" in desc and "2022 年 14.00" in desc
    assert len(bars_of(svg)) == len(records) == 2


def test_year_chart_has_a_bar_per_unit_and_a_table_with_shares(archive) -> None:
    html = render_year_chart(archive.by_year(2021), 2021, "万元", None)
    (svg,) = svgs(html)
    assert check_accessible(svg)[0] == "2021 年各单位预算数"
    assert len(bars_of(svg)) == 2
    (table,) = tables(html)
    assert table["caption"] == "2021 年各单位预算数（金额单位：万元）"
    assert table["grid"] == [
        ["单位", "预算数", "占比"],
        ["承德县总工会", "25.00", "66.67%"],
        ["承德县示例文化馆", "12.50", "33.33%"],
    ]
