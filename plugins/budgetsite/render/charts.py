"""Bar charts drawn at build time as accessible inline SVG. No chart library, no script.

Each chart is an ``<svg role="img">`` named by its ``<title>`` and described by
its ``<desc>``; every bar carries its label and its value as text, so nothing is
told by colour alone, and a table with the same figures stands beside it.
Lengths are computed from the Decimal amounts; all text goes through ``h()``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from .. import money
from ..model import ZERO, Record
from ..tables import Cell, Column, Table
from .escape import h
from .numbers import percent
from .page import PageContext
from .tables import html_table

SHARE_COLUMNS = (Column("label", "单位"), Column("total", "预算数", "amount"), Column("share", "占比", "percent"))

# A narrow drawing, so that on a 375 px phone its text stays near its drawn size:
# each row is a text line (label left, value right) above a bar on the full width.
WIDTH = 360
FONT = 14  # px in the SVG's own units
LINE = 18  # the text line of a row
BAR = 14
ROW_HEIGHT = LINE + BAR + 12
TOP = 4
GAP = 8
# Indigo on white is 8.6:1 (text and non-text contrast need 4.5:1 and 3:1); the
# remainder bar is hatched as well as lighter, so it differs by more than colour.
BAR_FILL = "#303f9f"
TEXT_FILL = "#1a1a1a"


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    rest: bool = False  # the aggregated remainder ("其他"), drawn hatched


def text_ems(text: str) -> Decimal:
    """Rough width of text in ems: CJK and full-width characters 1, others 0.6."""
    return sum((Decimal(1) if unicodedata.east_asian_width(ch) in "WF" else Decimal("0.6") for ch in text), Decimal(0))


def _fit(label: str, ems: int) -> str:
    """The label shortened with "…" to fit ``ems``; the full text stays in the bar's <title> and the table."""
    if text_ems(label) <= ems:
        return label
    out = ""
    for ch in label:
        if text_ems(out + ch + "…") > ems:
            break
        out += ch
    return out + "…"


def _n(value: Decimal) -> str:
    """A coordinate with two decimals at most."""
    text = f"{value.quantize(Decimal('0.01')):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def bar_chart(bars: list[Bar], *, chart_id: str, title: str, desc: str, unit: str) -> str:
    """One row per ``Bar``: its label and value as text, the bar below, all bars on one scale from zero."""
    if not bars:
        return ""
    values = [f"{b.value} {unit}" for b in bars]
    value_w = max(text_ems(t) for t in values) * FONT
    label_ems = int((Decimal(WIDTH) - value_w - GAP) / FONT)
    labels = [_fit(b.label, label_ems) for b in bars]
    top = max((b.value for b in bars), default=Decimal(0))
    height = TOP * 2 + ROW_HEIGHT * len(bars)
    ids = h(chart_id)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bs-chart__svg" role="img" '
        f'aria-labelledby="{ids}-title {ids}-desc" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" font-size="{FONT}">',
        f'<title id="{ids}-title">{h(title)}</title>',
        f'<desc id="{ids}-desc">{h(desc)}</desc>',
    ]
    if any(b.rest for b in bars):
        parts.append(
            f'<defs><pattern id="{ids}-hatch" class="bs-chart__hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
            'patternTransform="rotate(45)">'
            f'<rect width="6" height="6" fill="#ffffff"/><rect width="3" height="6" fill="{BAR_FILL}"/></pattern></defs>'
        )
    for i, (bar, label, value) in enumerate(zip(bars, labels, values)):
        y = TOP + ROW_HEIGHT * i
        length = Decimal(WIDTH - 1) * bar.value / top if top > 0 and bar.value > 0 else Decimal(0)
        fill = f"url(#{ids}-hatch)" if bar.rest else BAR_FILL
        css = "bs-chart__bar bs-chart__bar--rest" if bar.rest else "bs-chart__bar"
        text_y = y + LINE - 4
        parts.append(
            f'<g class="bs-chart__row"><title>{h(bar.label)}：{h(value)}</title>'
            f'<text class="bs-chart__label" x="0" y="{text_y}" fill="{TEXT_FILL}">{h(label)}</text>'
            f'<text class="bs-chart__value" x="{WIDTH}" y="{text_y}" text-anchor="end" fill="{TEXT_FILL}">{h(value)}</text>'
            f'<rect class="{css}" x="0.5" y="{y + LINE}" width="{_n(length)}" height="{BAR}" '
            f'fill="{fill}" stroke="{BAR_FILL}" stroke-width="1"/>'
            "</g>"
        )
    parts.append("</svg>")
    return "".join(parts)


def chart_with_table(chart: str, table: str) -> str:
    """The chart and its table side by side on wide screens, stacked on phones."""
    if not chart:
        return table
    return f'<div class="bs-chart-pair"><figure class="bs-chart">{chart}</figure><div class="bs-chart-pair__table">{table}</div></div>'


def top_bars(items: list[tuple[str, Decimal]], top: int, rest_label: str) -> list[Bar]:
    """The ``top`` largest items, largest first, and the others summed into one bar.

    ``rest_label`` is formatted with ``count``. With only one item beyond ``top``
    it is shown itself, since a remainder of one says less than its name.
    """
    ranked = sorted(items, key=lambda item: (-item[1], item[0]))
    if len(ranked) <= top + 1:
        return [Bar(label, value) for label, value in ranked]
    kept, rest = ranked[:top], ranked[top:]
    total = sum((value for _, value in rest), ZERO)
    return [Bar(label, value) for label, value in kept] + [Bar(rest_label.format(count=len(rest)), total, rest=True)]


def department_labels(records: list[Record]) -> list[str]:
    """A label per record: the department, with the unit name where a department has several units."""
    counts: dict[str, int] = {}
    for r in records:
        counts[r.department] = counts.get(r.department, 0) + 1
    return [r.department if counts[r.department] == 1 else f"{r.department}（{r.unit.name}）" for r in records]


def render_year_chart(records: list[Record], year: int, unit: str, page: PageContext | None, *, top: int = 10) -> str:
    """A year's budget by department (top ``top`` and 其他), with its table, all in ``unit``.

    Ranking, the remainder and the shares use the exact converted totals; each figure is
    rounded once, where it is shown.
    """
    if not records:
        return ""
    items = list(zip(department_labels(records), (r.totals(unit).total for r in records)))
    exact_bars = top_bars(items, top, "其他 {count} 个单位")
    whole = sum((value for _, value in items), ZERO)
    bars = [Bar(b.label, money.shown(b.value), b.rest) for b in exact_bars]
    shown = "、".join(f"{b.label} {b.value}" for b in bars)
    scope = f"预算数最多的 {top} 个单位及其他单位合计" if any(b.rest for b in bars) else "各单位"
    chart = bar_chart(
        bars, chart_id=f"bs-chart-year-{year}", title=f"{year} 年各单位预算数",
        desc=f"{year} 年{scope}的预算数，单位：{unit}，合计 {money.shown(whole)}。{shown}。", unit=unit,
    )
    rows = []
    for exact, b in zip(exact_bars, bars):
        share = percent(exact.value, whole)
        rows.append((b.label, b.value, Cell.of("—" if share is None else f"{share}%", share)))
    table = html_table(Table(f"{year} 年各单位预算数（{money.caption(unit)}）", SHARE_COLUMNS, tuple(rows)), page, css="bs-list bs-chart-data")
    return chart_with_table(chart, table)
