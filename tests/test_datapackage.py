"""The open data as Frictionless Tabular Data Packages, and the year pages' schema.org Dataset markup."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from frictionless import validate

TABLES = ("documents", "projects", "spending", "indicators", "goals")


def _packages(site: Path) -> list[Path]:
    return sorted(site.glob("downloads/**/datapackage.json"))


def test_every_package_is_valid_frictionless_with_its_rows(built_site: Path) -> None:
    packages = _packages(built_site)
    assert [p.relative_to(built_site).as_posix() for p in packages] == [
        "downloads/2021/datapackage.json", "downloads/2022/datapackage.json", "downloads/datapackage.json"]
    for path in packages:
        report = validate(str(path))
        assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
        assert report.stats["tasks"] == len(json.loads(path.read_text("utf-8"))["resources"])


def test_a_year_package_describes_its_own_csv_files_with_their_digests(built_site: Path) -> None:
    package = json.loads((built_site / "downloads/2021/datapackage.json").read_text("utf-8"))
    assert package["profile"] == "tabular-data-package" and package["name"] == "budgetsite-2021"
    assert [r["path"] for r in package["resources"]] == [f"2021.{t}.csv" for t in TABLES]
    for r in package["resources"]:
        data = (built_site / "downloads/2021" / r["path"]).read_bytes()
        assert r["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert r["bytes"] == len(data)
        header = data.decode("utf-8-sig").split("\r\n", 1)[0].split(",")
        assert [f["name"] for f in r["schema"]["fields"]] == header
    indicators = package["resources"][3]["schema"]["fields"]
    assert {"name": "序号", "type": "integer"} in indicators
    assert {"name": "数值", "type": "number"} in indicators
    assert next(f for f in indicators if f["name"] == "单位编码")["type"] == "string"  # leading zeros kept


def test_the_archive_package_points_at_the_years_files_not_a_copy(built_site: Path) -> None:
    archive = json.loads((built_site / "downloads/datapackage.json").read_text("utf-8"))
    paths = [r["path"] for r in archive["resources"]]
    assert paths == [f"{y}/{y}.{t}.csv" for y in (2021, 2022) for t in TABLES]
    year = json.loads((built_site / "downloads/2022/datapackage.json").read_text("utf-8"))
    by_name = {r["name"]: r for r in archive["resources"]}
    for r in year["resources"]:
        assert by_name[r["name"]]["hash"] == r["hash"]
    # The archive keeps no copy of the rows: no whole-archive table file is published.
    assert not list((built_site / "downloads").glob("all.*.csv")) and not (built_site / "downloads/all.json").exists()
    assert [p.name for p in (built_site / "downloads").glob("all.*")] == ["all.evaluations.csv"] or not list((built_site / "downloads").glob("all.*"))


def test_a_year_page_carries_dataset_markup_whose_downloads_exist(built_site: Path) -> None:
    html = (built_site / "2021/index.html").read_text("utf-8")
    head, body = html.split("</head>", 1)
    # In the head: Material's instant navigation would run a script of the content as JavaScript.
    assert "application/ld+json" not in body
    scripts = re.findall(r'<script type="application/ld\+json">\s*(.*?)\s*</script>', head, re.S)
    assert len(scripts) == 1
    data = json.loads(scripts[0])
    assert data["@type"] == "Dataset" and data["temporalCoverage"] == "2021"
    urls = [d["contentUrl"] for d in data["distribution"]]
    assert "../downloads/2021/datapackage.json" in urls and "../downloads/2021/2021.indicators.csv" in urls
    for url in urls:
        assert (built_site / "2021" / url).resolve().is_file(), url
    assert {d["encodingFormat"] for d in data["distribution"]} == {
        "application/json", "text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@pytest.mark.parametrize("text", ["</script><script>alert(1)</script>", "<!--", "\u2028"])
def test_dataset_markup_cannot_be_closed_by_its_text(text: str) -> None:
    from budgetsite.render.downloads import dataset_json_ld
    from budgetsite.render.page import PageContext

    out = dataset_json_ld(PageContext("2021/index.md"), text, text, "2021", [])
    body = out.removeprefix('<script type="application/ld+json">\n').removesuffix("\n</script>")
    assert "<" not in body
    assert json.loads(body)["name"] == text
