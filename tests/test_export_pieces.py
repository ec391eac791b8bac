"""The fast paths of the open-data build give exactly the files of the plain definitions.

A year's and the archive's files are joined from each document's pieces, a
project's CSVs are sliced from its document's rows, the workbook is written
without openpyxl, and most files may be made in a forked worker process: each is
checked here against the straightforward construction (or read back with openpyxl).
"""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from xml.etree import ElementTree

import openpyxl

from budgetsite.export import build_downloads, files
from budgetsite.export.csv import cell_text, to_csv
from budgetsite.export.jsonapi import dumps_data, record_json
from budgetsite.export.parallel import start
from budgetsite.export.tables import indicator_rows, project_rows, record_tables
from budgetsite.export.xlsx import ZIP_TIME, number_format, to_xlsx
from budgetsite.tables import Column, Table


def test_year_files_equal_the_plain_construction(archive, downloads) -> None:
    for year in archive.years():
        base, records = f"downloads/{year}/{year}", archive.by_year(year)
        assert downloads[f"{base}.xlsx"] == to_xlsx(record_tables(records))
        for key, make in files.TABLE_MAKERS.items():
            assert downloads[f"{base}.{key}.csv"] == to_csv(make(records)), (base, key)
    assert not [p for p in downloads if p.startswith("downloads/all.") or p.endswith(tuple(f"/{y}.json" for y in archive.years()))]


def test_document_and_project_files_equal_the_plain_construction(archive, downloads) -> None:
    for r in archive.records:
        base = f"downloads/{r.year}/{r.unit.code}"
        assert downloads[f"api/{r.year}/{r.unit.code}.json"] == dumps_data(record_json(r))
        assert downloads[f"{base}.xlsx"] == to_xlsx(record_tables([r]))
        for p in r.projects:
            assert downloads[f"{base}/{p.code}.project.csv"] == to_csv(project_rows([r], only=p.code))
            assert downloads[f"{base}/{p.code}.indicators.csv"] == to_csv(indicator_rows([r], only=p.code))


def test_files_of_some_years_are_the_same_files(archive) -> None:
    full = build_downloads(archive)
    for years in ({archive.years()[0]}, {None}, {None, *archive.years()[1:]}):
        assert build_downloads(archive, years=years) == [d for d in full if d.year in years]


def test_worker_process_makes_the_same_files_and_fills_the_cache(archive) -> None:
    expected = build_downloads(archive)
    pieces = files.DocumentPieces()
    pending = start(archive, pieces=pieces, background=True)
    assert pending.in_background
    assert pending.result() == expected
    assert pieces.missing(archive.records) == 0  # the worker's pieces came back for the next build
    assert start(archive, background=False).result() == expected


def test_workbook_reads_back_cell_for_cell(archive) -> None:
    tables = record_tables(archive.records)
    data = to_xlsx(tables)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None
        for info in z.infolist():
            assert info.date_time == ZIP_TIME
            ElementTree.fromstring(z.read(info))  # every part is well-formed XML
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == [t.name for t in tables]
    for table in tables:
        ws = wb[table.name]
        assert ws.freeze_panes == "A2"
        assert [c.value for c in ws[1]] == [c.header for c in table.columns] and all(c.font.b for c in ws[1])
        assert ws.max_row == len(table.rows) + 1
        for row, cells in zip(table.rows, ws.iter_rows(min_row=2, max_col=len(table.columns))):
            for value, cell in zip(row, cells):
                if value is None or value == "":
                    assert cell.value is None
                elif isinstance(value, Decimal):
                    assert cell.data_type == "n" and cell.number_format == number_format(value)
                    assert Decimal(repr(cell.value)) == value
                elif isinstance(value, int):
                    assert cell.value == value and cell.data_type == "n"
                else:
                    assert cell.value == value and cell.data_type == "s"
                    assert bool(cell.quotePrefix) == (cell_text(value) != value)
                    assert bool(cell.alignment.wrap_text) == ("\n" in value)


def test_workbook_text_that_xml_cannot_hold_directly() -> None:
    texts = ["  前后空格  ", "a & b < c > d \"e\" 'f'", "第一行\n第二行", "-负号开头", "@x", "+1+2", "=", "-5", "x\x01y"]
    table = Table("文本 [1]/?", (Column("a", "内容"),), tuple((t,) for t in texts))
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx([table])))
    ws = wb.worksheets[0]
    assert ws.title == "文本 _1___"
    got = [c.value for c in ws["A"][1:]]
    assert got[:-1] == texts[:-1]
    assert got[-1] in ("x\x01y", "x_x0001_y")  # Excel reads the _x0001_ escape back as the character
    assert [bool(c.quotePrefix) for c in ws["A"][1:]] == [False, False, False, True, True, True, False, False, False]


def test_one_off_build_leaves_the_worker_pieces_out_of_memory(archive) -> None:
    expected = build_downloads(archive)
    pieces = files.DocumentPieces()
    pending = start(archive, pieces=pieces, background=True, keep_pieces=False)
    assert pending.in_background
    assert pending.result() == expected
    assert pieces.missing(archive.records) == len(archive.records)  # nothing held for a rebuild that will not come
