"""The one table model on literal cases: what a cell shows, what a spreadsheet gets, which cells merge."""

from __future__ import annotations

from decimal import Decimal

from budgetsite.export.csv import to_csv
from budgetsite.tables import Cell, Column, Link, Table, entry_text, entry_value, merged_spans, spreadsheet_value


def test_what_each_kind_of_entry_shows() -> None:
    assert [entry_text(e) for e in (None, "文本", Decimal("5.00"), 2021, Cell.of("2021 年", 2021))] == ["", "文本", "5.00", "2021", "2021 年"]
    assert Cell((Link("承德县总工会", "../711001/"), "（711001）")).text == "承德县总工会（711001）"
    assert [entry_value(e) for e in (None, "5.00", Decimal("5.00"), 7, Cell.of("+5.00%", Decimal("5.00")))] == [None, None, Decimal("5.00"), 7, Decimal("5.00")]


def test_a_spreadsheet_gets_the_number_only_when_the_cell_shows_exactly_it() -> None:
    assert spreadsheet_value(Cell.of("5.00", Decimal("5.00"))) == Decimal("5.00")
    assert spreadsheet_value(Cell.of("+5.00%", Decimal("5.00"))) == "+5.00%"  # a change in words stays words
    assert spreadsheet_value(Cell.of("5", Decimal("5.00"))) == "5"  # not the same digits
    assert spreadsheet_value(Cell.of("2021 年", 2021)) == "2021 年"
    assert spreadsheet_value(None) is None and spreadsheet_value("甲") == "甲"
    table = Table("表", (Column("a", "变化", "percent"), Column("b", "空")), ((Cell.of("+5.00%", Decimal("5.00")), None),))
    assert to_csv(table).decode("utf-8") == "\ufeff变化,空\r\n+5.00%,\r\n"  # a signed percentage is no formula


def test_the_footer_is_the_last_row_of_a_download() -> None:
    table = Table("表", (Column("a", "甲"),), (("1",), ("2",)), footer=("合计",))
    assert table.all_rows() == (("1",), ("2",), ("合计",))
    assert Table("表", (Column("a", "甲"),), (("1",),)).all_rows() == (("1",),)


def test_merged_spans_never_cross_a_change_to_their_left() -> None:
    columns = (Column("l1", "一级", merge=True), Column("l2", "二级", merge=True), Column("n", "三级"))
    rows = [("产出", "数量", "a"), ("产出", "数量", "b"), ("产出", "质量", "c"), ("效益", "质量", "d"), ("效益", "质量", "e")]
    assert merged_spans(columns, rows) == [{0: 3, 1: 2}, {0: 0, 1: 0}, {0: 0, 1: 1}, {0: 2, 1: 2}, {0: 0, 1: 0}]
    assert merged_spans(columns, []) == []
