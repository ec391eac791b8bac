"""Names that cannot collide: the naming table, reserved codes, and the anchors a project code must not take."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from budgetsite import names, routes
from budgetsite.collection import load_archive
from budgetsite.errors import RecordsInvalid
from budgetsite.site import SiteOptions, generate_pages
from conftest import REVISION, SEED_RECORD, make_data_dir


def test_every_section_anchor_of_a_document_page_is_reserved(tmp_path: Path) -> None:
    """A project code equal to one of these would take the section's anchor: the list must be complete."""
    data = make_data_dir(tmp_path)
    seed = data / "2021" / "711001.yaml"
    seed.write_text(seed.read_text(encoding="utf-8").replace("      total: 5.00\n", "      total: 6.00\n") + REVISION, encoding="utf-8")
    archive = load_archive(data)
    codes = {p.code for r in archive.records for p in r.projects}
    documents = [p for p in generate_pages(archive, SiteOptions()) if p.kind == "document"]
    assert documents
    anchors = {a for page in documents for a in re.findall(r"\{#([^}\s]+)\}", page.markdown)} - codes
    assert "revisions" in anchors and "part-1" in anchors
    assert anchors <= set(routes.DOCUMENT_ANCHORS), anchors - set(routes.DOCUMENT_ANCHORS)


@pytest.mark.parametrize(("code", "reserved"), [("index", True), ("INDEX", True), ("2021", True), ("1999", True),
                                                 ("711001", False), ("part-1", False), ("abc", False)])
def test_reserved_unit_codes(code: str, reserved: bool) -> None:
    assert (names.reserved_code(code) is not None) == reserved


def test_the_naming_table_decides_what_is_a_record(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "2021").mkdir(parents=True)
    for name in ("711001.yaml", "712001-evaluation.yaml", "manifest.json", ".gitkeep"):
        (data / "2021" / name).write_text("x", encoding="utf-8")
    (data / "2021" / "frozen").mkdir()
    found, errors = names.data_files(data)
    assert sorted((f.path.name, f.year, f.code, f.kind) for f in found) == [
        ("711001.yaml", 2021, "711001", "targets"), ("712001-evaluation.yaml", 2021, "712001", "evaluation")]
    assert errors == []
    # manifest.json must be a file and frozen/ a folder: swapped, both are reported.
    shutil.rmtree(data / "2021" / "frozen")
    (data / "2021" / "manifest.json").unlink()
    (data / "2021" / "manifest.json").mkdir()
    (data / "2021" / "frozen").write_text("x", encoding="utf-8")
    _, errors = names.data_files(data)
    assert sorted(Path(e.file).name for e in errors) == ["frozen", "manifest.json"]
    # The store of frozen versions holds only files named by their hash.
    (data / "2021" / "frozen").unlink()
    (data / "2021" / "manifest.json").rmdir()
    (data / "2021" / "frozen").mkdir()
    (data / "2021" / "frozen" / f"{'a' * 64}.yaml").write_text("x", encoding="utf-8")
    (data / "2021" / "frozen" / "notes.txt").write_text("x", encoding="utf-8")
    _, errors = names.data_files(data)
    assert [Path(e.file).name for e in errors] == ["notes.txt"] and "冻结版本文件夹" in errors[0].message


def test_the_same_department_in_two_years_shares_its_page_but_codes_differing_in_case_do_not(tmp_path: Path) -> None:
    data = tmp_path / "data"
    for year in (2020, 2021):
        (data / str(year)).mkdir(parents=True)
        text = SEED_RECORD.read_text(encoding="utf-8").replace("year: 2021", f"year: {year}")
        (data / str(year) / "711001.yaml").write_text(text, encoding="utf-8")
    assert len(load_archive(data).records) == 2
    text = SEED_RECORD.read_text(encoding="utf-8").replace("year: 2021", "year: 2020").replace('code: "711001"', 'code: "Ab1"')
    (data / "2020" / "Ab1.yaml").write_text(text.replace("1308212", "Z308212"), encoding="utf-8")
    (data / "2021" / "aB1.yaml").write_text(text.replace("year: 2020", "year: 2021").replace('code: "Ab1"', 'code: "aB1"')
                                            .replace("1308212", "Y308212"), encoding="utf-8")
    with pytest.raises(RecordsInvalid) as info:
        load_archive(data)
    (error,) = info.value.errors
    assert error.file.endswith("2021/aB1.yaml") and error.field == "unit.code"
    assert "departments/aB1.md" in error.message and "2020/Ab1.yaml" in error.message
