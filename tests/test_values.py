from decimal import Decimal

import pytest

from budgetsite.values import parse_amount, parse_percent, parse_quantity


@pytest.mark.parametrize("text, expected", [("5.00", "5.00"), ("0", "0"), ("20.00", "20.00"), ("-1.5", "-1.5"), (" 12.50 ", "12.50")])
def test_amount_keeps_its_decimal_places(text: str, expected: str) -> None:
    value = parse_amount(text)
    assert isinstance(value, Decimal)
    assert str(value) == expected


@pytest.mark.parametrize("text", ["五元", "5,000.00", "5.00万元", "", "1e3", "5."])
def test_text_that_is_not_an_amount(text: str) -> None:
    assert parse_amount(text) is None


@pytest.mark.parametrize(
    "text, comparator, number, unit, explicit",
    [
        ("≥90 百分比", "≥", "90", "百分比", True),
        ("100 百分比", "=", "100", "百分比", False),
        ("≤5 万元", "≤", "5", "万元", True),
        (">=95%", "≥", "95", "%", True),
        ("≧95％", "≥", "95", "%", True),
        ("＞3个", ">", "3", "个", True),
        ("100%", "=", "100", "%", False),
        ("≤12.5 万元", "≤", "12.5", "万元", True),
        ("８８１００", "=", "88100", "", False),
    ],
)
def test_quantitative_values_are_parsed(text: str, comparator: str, number: str, unit: str, explicit: bool) -> None:
    q = parse_quantity(text)
    assert q is not None
    assert (q.comparator, str(q.number), q.unit, q.explicit_comparator) == (comparator, number, unit, explicit)


@pytest.mark.parametrize("text", ["取得全社会认可", "起示范引领作用", "", "2021 年部门工作计划"])
def test_qualitative_values_have_no_parsed_form(text: str) -> None:
    assert parse_quantity(text) is None


def test_percent_cells() -> None:
    assert parse_percent("100.00%") == Decimal("100.00")
    assert str(parse_percent("25.00％")) == "25.00"
    assert parse_percent("") is None
    assert parse_percent("全年") is None
