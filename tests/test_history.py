"""A department across years: exact year-over-year change, projects added and dropped."""

from __future__ import annotations

import dataclasses
import random
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import pytest

from budgetsite.render.history import (
    YearChange,
    change,
    department_history,
    format_amount_change,
    format_percent_change,
    render_department_history,
)
from budgetsite.render.numbers import round_half_up
from budgetsite.render.page import PageContext
from htmltext import tables, visible_text

D = Decimal


def link() -> PageContext:
    return PageContext("departments/711001.md")


@pytest.mark.parametrize(
    ("current", "previous", "amount", "pct"),
    [
        ("6.00", "5.00", "1.00", "20.00"),
        ("14.00", "25.00", "-11.00", "-44.00"),
        ("5.00", "5.00", "0.00", "0.00"),
        ("4.00", "3.00", "1.00", "33.33"),
        ("5.00", "3.00", "2.00", "66.67"),
        # Ties round half-up (away from zero), not to even: 0.125 % -> 0.13 %.
        ("8.01", "8.00", "0.01", "0.13"),
        ("7.99", "8.00", "-0.01", "-0.13"),
        ("8.03", "8.00", "0.03", "0.38"),
        ("12.5000", "10", "2.5000", "25.00"),
    ],
)
def test_change_is_exact_and_rounds_half_up(current: str, previous: str, amount: str, pct: str) -> None:
    c = change(D(current), D(previous))
    assert c.amount == D(amount) and str(c.amount) == amount
    assert c.percent == D(pct) and str(c.percent) == pct


def test_change_without_previous_or_from_zero_is_a_dash() -> None:
    assert change(D("5.00"), None) == YearChange(None, None)
    from_zero = change(D("5.00"), D("0.00"))
    assert from_zero.amount == D("5.00") and from_zero.percent is None
    assert format_amount_change(change(D("5.00"), None)) == "—"
    assert format_percent_change(from_zero) == "—"
    assert format_amount_change(from_zero) == "+5.00"
    assert format_percent_change(change(D("6.00"), D("5.00"))) == "+20.00%"
    assert format_percent_change(change(D("4.00"), D("5.00"))) == "-20.00%"
    assert format_percent_change(change(D("5.00"), D("5.00"))) == "0.00%"


def test_rounding_matches_decimal_half_up_on_exact_quotients() -> None:
    rng = random.Random(5)
    for _ in range(2000):
        cur = D(rng.randint(0, 10**7)).scaleb(-2)
        prev = D(rng.randint(1, 10**7)).scaleb(-2)
        exact = Fraction(cur - prev) / Fraction(prev) * 100
        # Reference: Decimal division at a precision far beyond any tie the quotient could hide.
        with localcontext() as ctx:
            ctx.prec = 80
            expected = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(D("0.01"), rounding=ROUND_HALF_UP)
        assert round_half_up(exact) == expected
        assert change(cur, prev).percent == expected


def test_fixture_department_history(archive) -> None:
    history = department_history(archive.departments()["711001"])
    assert [e.year for e in history.years] == [2021, 2022]
    first, second = history.years
    assert not first.has_previous and first.change == YearChange(None, None)
    assert first.added == [] and first.dropped == []
    assert second.has_previous
    assert second.totals.total == D("14.00") and first.totals.total == D("25.00")
    assert second.change == YearChange(D("-11.00"), D("-44.00"))
    assert [p.code for p in second.added] == ["130821222ZGJNJS00001B"]
    assert [p.code for p in second.dropped] == ["130821215ZG8SLNX0HFWL"]
    by_code = {p.code: p for p in history.projects}
    assert by_code["130821212EHVWVXYA137X"].budgets == {2021: D("5.00"), 2022: D("6.00")}
    assert by_code["130821212EHVWVXYA137X"].change(2022) == YearChange(D("1.00"), D("20.00"))
    assert by_code["130821222ZGJNJS00001B"].change(2022) == YearChange(None, None)


def test_a_gap_year_is_not_compared_with_an_older_year(archive) -> None:
    r2021, r2022 = archive.departments()["711001"]
    older = dataclasses.replace(r2021, year=2019)
    history = department_history([r2022, older])  # any order in
    assert [e.year for e in history.years] == [2019, 2022]
    assert history.years[1].change == YearChange(None, None)
    assert not history.years[1].has_previous and history.years[1].added == [] and history.years[1].dropped == []


def test_a_zero_budget_previous_year_gives_amount_but_no_percent(archive) -> None:
    r2021, r2022 = archive.departments()["711001"]
    zero_projects = [dataclasses.replace(p, budget=dataclasses.replace(p.budget, total=D("0.00"))) for p in r2021.projects]
    history = department_history([dataclasses.replace(r2021, projects=zero_projects), r2022])
    assert history.years[1].change == YearChange(D("14.00"), None)


def _in_yuan(record):
    """The same record published in 元: every amount ×10000, as a county that prints 元 would."""
    def scaled(p):
        b = p.budget
        return dataclasses.replace(p, budget=dataclasses.replace(b, total=b.total * 10000, fiscal=b.fiscal * 10000, other=b.other * 10000))
    return dataclasses.replace(record, money_unit="元", projects=[scaled(p) for p in record.projects])


def test_years_in_different_money_units_are_compared_in_wan_yuan(archive) -> None:
    r2021, r2022 = archive.departments()["711001"]
    history = department_history([r2021, _in_yuan(r2022)])
    # 2022 in 元 (140000.00) against 2021 in 万元 (25.00): 14.00 - 25.00 万元, never 140000.00 - 25.00
    assert history.years[1].totals.total == D("14.00")
    assert history.years[1].change == YearChange(D("-11.00"), D("-44.00"))
    assert history.years[1].has_previous
    shared = next(p for p in history.projects if p.code == "130821212EHVWVXYA137X")
    assert shared.change(2022) == YearChange(D("1.00"), D("20.00"))
    html = "\n".join(render_department_history([r2021, _in_yuan(r2022)], link(), "万元"))
    by_year = next(t["grid"] for t in tables(html) if t["grid"][0][:2] == ["年度", "状态"])
    assert by_year[2][3] == "14.00" and by_year[2][-2:] == ["-11.00", "-44.00%"]
    assert "各年度原表的金额单位：2021 年 万元；2022 年 元。本页金额均已精确折算为万元后再比较" in visible_text(html)


def test_one_unit_history_says_nothing_about_units(archive) -> None:
    html = "\n".join(render_department_history(archive.departments()["711001"], link(), "万元"))
    assert "原表的金额单位" not in visible_text(html)


def test_department_page_tables(archive) -> None:
    html = "\n".join(render_department_history(archive.departments()["711001"], link(), "万元"))
    found = tables(html)
    assert [t["caption"] for t in found] == [
        "承德县总工会 各年度预算（金额单位：万元）",
        "承德县总工会 各项目历年预算数（金额单位：万元）",
        "承德县总工会 各年度新增和取消的项目（与上一年度相比）",
    ]
    by_year = next(t["grid"] for t in found if t["grid"][0][:2] == ["年度", "状态"])
    assert by_year[0][-2:] == ["较上年增减", "增减率"]
    assert by_year[1][0] == "2021 年" and by_year[1][-2:] == ["—", "—"]
    assert by_year[2][0] == "2022 年" and by_year[2][3] == "14.00" and by_year[2][-2:] == ["-11.00", "-44.00%"]
    projects = next(t["grid"] for t in found if t["grid"][0][:2] == ["项目名称", "项目编码"])
    assert projects[0][2:] == ["2021 年", "2022 年", "2022 年较上年增减", "增减率"]
    rows = {row[1]: row[2:] for row in projects[1:]}
    assert rows["130821212EHVWVXYA137X"] == ["5.00", "6.00", "+1.00", "+20.00%"]
    assert rows["130821215ZG8SLNX0HFWL"] == ["20.00", "—", "—", "—"]
    assert rows["130821222ZGJNJS00001B"] == ["—", "8.00", "—", "—"]
    assert rows["3 个项目"] == ["25.00", "14.00", "-11.00", "-44.00%"]
    changes = next(t["grid"] for t in found if t["grid"][0] == ["年度", "新增项目", "取消项目"])
    assert changes[1] == ["2021 年", "2020 年未公开，无法比较", "2020 年未公开，无法比较"]
    assert changes[2][0] == "2022 年"
    assert "职工技能竞赛经费（130821222ZGJNJS00001B）" in changes[2][1]
    assert "130821215ZG8SLNX0HFWL" in changes[2][2] and "130821222ZGJNJS00001B" not in changes[2][2]
    text = visible_text(html)
    assert "增减均与上一年度相比" in text


def test_record_text_is_escaped_on_the_department_page(archive) -> None:
    r2021, r2022 = archive.departments()["711001"]
    evil = "<script>alert(1)</script>"
    projects = [dataclasses.replace(r2022.projects[0], name=evil), *r2022.projects[1:]]
    html = "\n".join(render_department_history([r2021, dataclasses.replace(r2022, department=evil, projects=projects)], link(), "万元"))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
