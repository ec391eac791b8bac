"""Every amount in every download equals the record's Decimal, in every format."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import openpyxl
import pytest

from budgetsite.export import build_downloads
from budgetsite.export.xlsx import number_format


@pytest.fixture(scope="module")
def files(archive):
    return {d.path: d.content for d in build_downloads(archive)}


def csv_dicts(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def xlsx_dicts(data: bytes, sheet: str) -> list[dict[str, openpyxl.cell.Cell]]:
    ws = openpyxl.load_workbook(io.BytesIO(data))[sheet]
    rows = list(ws.iter_rows())
    header = [c.value for c in rows[0]]
    return [dict(zip(header, row)) for row in rows[1:]]


def shown(cell: openpyxl.cell.Cell) -> str:
    """What Excel displays: the numeric value under its fixed-decimals format."""
    if cell.data_type == "s":
        return cell.value
    fmt = cell.number_format
    places = len(fmt.split(".")[1]) if "." in fmt else 0
    assert set(fmt.replace(".", "")) == {"0"}, fmt
    return f"{Decimal(repr(cell.value)):.{places}f}"


def expected_amounts(archive) -> dict[tuple[int, str, str], tuple[Decimal, Decimal, Decimal]]:
    return {(r.year, r.unit.code, p.code): (p.budget.total, p.budget.fiscal, p.budget.other) for r in archive.records for p in r.projects}


def check_exact(value: str, expected: Decimal) -> None:
    assert value == str(expected), (value, expected)
    assert Decimal(value) == expected


def test_every_amount_in_every_format_is_the_records_decimal(archive, files) -> None:
    expected = expected_amounts(archive)
    assert any(str(v[0]).endswith(".00") for v in expected.values()), "fixture lacks trailing-zero amounts"
    seen = {"csv": 0, "xlsx": 0, "json": 0}
    for path, content in files.items():
        if path.endswith("projects.csv") or path.endswith(".project.csv"):
            for row in csv_dicts(content):
                amounts = expected[(int(row["年度"]), row["单位编码"], row["项目编码"])]
                for title, value in zip(("预算数", "财政资金", "其他资金"), amounts):
                    check_exact(row[title], value)
                    seen["csv"] += 1
        elif path.endswith(".xlsx"):
            for row in xlsx_dicts(content, "项目"):
                amounts = expected[(row["年度"].value, row["单位编码"].value, row["项目编码"].value)]
                for title, value in zip(("预算数", "财政资金", "其他资金"), amounts):
                    cell = row[title]
                    assert cell.data_type == "n" and cell.number_format == number_format(value)
                    assert Decimal(repr(cell.value)) == value
                    check_exact(shown(cell), value)
                    seen["xlsx"] += 1
        elif path.endswith(".json") and not path.startswith("api/schema/"):
            data = json.loads(content)
            records = data.get("records") or ([data] if "projects" in data else [])
            for r in records:
                for p in r["projects"]:
                    amounts = expected[(r["year"], r["unit"]["code"], p["code"])]
                    for key, value in zip(("total", "fiscal", "other"), amounts):
                        check_exact(p["budget"][key], value)
                        seen["json"] += 1
    projects = len(expected)
    # Per project: CSV in its document's, its year's and its own file; XLSX in its document's and its year's
    # workbook; JSON in its document's file (the archive keeps no copy of the rows: docs/api.md).
    assert seen == {"csv": 3 * projects * 3, "xlsx": 3 * projects * 2, "json": 3 * projects}


# Each document's 预算数, 财政资金, 其他资金 summed over its projects, worked out by hand from the YAML files
# (seed 2021: 5.00 + 20.00, 其他资金 0 + 0; 712001: one project; 2022/711001: 6.00 + 8.00).
TOTALS = {
    (2021, "711001"): ("25.00", "25.00", "0.00"),
    (2021, "712001"): ("12.50", "10.00", "2.50"),
    (2022, "711001"): ("14.00", "14.00", "0.00"),
}


def test_totals_and_indicator_numbers_are_exact(archive, files) -> None:
    assert {r.key for r in archive.records} == set(TOTALS)
    for r in archive.records:
        total, fiscal, other = TOTALS[r.key]
        doc = json.loads(files[f"api/{r.year}/{r.unit.code}.json"])
        assert doc["totals"] == {"total": total, "fiscal": fiscal, "other": other}
        year_rows = {row["单位编码"]: row for row in csv_dicts(files[f"downloads/{r.year}/{r.year}.documents.csv"])}
        for title, value in zip(("预算数", "财政资金", "其他资金"), (total, fiscal, other)):
            check_exact(year_rows[r.unit.code][title], Decimal(value))
        wb_rows = {row["单位编码"].value: row for row in xlsx_dicts(files[f"downloads/{r.year}/{r.year}.xlsx"], "文本")}
        check_exact(shown(wb_rows[r.unit.code]["预算数"]), Decimal(total))
        indicators = csv_dicts(files[f"downloads/{r.year}/{r.unit.code}.indicators.csv"])
        flat = [(p, i) for p in r.projects for i in p.indicators]
        assert len(indicators) == len(flat)
        sheet = xlsx_dicts(files[f"downloads/{r.year}/{r.unit.code}.xlsx"], "绩效指标")
        for row, xrow, (p, ind) in zip(indicators, sheet, flat):
            assert (row["项目编码"], row["三级指标"], row["指标值"]) == (p.code, ind.name, ind.value)
            q = ind.quantity
            assert row["比较符"] == (q.comparator if q else "")
            assert row["数值"] == (str(q.number) if q else "")
            assert row["计量单位"] == (q.unit if q else "")
            assert (shown(xrow["数值"]) if q else xrow["数值"].value) == (str(q.number) if q else None)
