"""A built site: downloads exist, every table links to exactly its rows, hashes match the manifest."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import posixpath
import re
from pathlib import Path

import pytest

from budgetsite.build import freeze_year
from budgetsite.collection import load_archive
from budgetsite.routes import page_url
from budgetsite.site import SiteOptions, generate_pages
from conftest import REVISION, make_data_dir, run_build, write_site_config
from htmltext import main_content, squash, tables

pytestmark = pytest.mark.slow

META = """
meta:
  index_no: 000014349/2021-00012
  publisher: 承德县总工会
  published: 2021-03-15
  doc_no: 承工字〔2021〕3号
"""
LINK = re.compile(r'<a class="bs-download__link" href="([^"]+)"')


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The fixture data with metadata, 2021 frozen, then revised with a revision entry and re-frozen."""
    root = tmp_path_factory.mktemp("provenance")
    data = make_data_dir(root)
    seed = data / "2021" / "711001.yaml"
    seed.write_text(seed.read_text(encoding="utf-8") + META, encoding="utf-8")
    freeze_year(data, 2021, "2024-03-01")
    seed.write_text(seed.read_text(encoding="utf-8").replace("      total: 5.00\n", "      total: 6.00\n") + REVISION, encoding="utf-8")
    freeze_year(data, 2021, "2024-04-02")
    result = run_build(write_site_config(root, data))
    assert result.returncode == 0, result.stderr
    return root / "site", data


def page(site_dir: Path, url: str) -> str:
    return main_content((site_dir / url / "index.html").read_text(encoding="utf-8"))


def resolve(url: str, href: str) -> str:
    return posixpath.normpath(posixpath.join(url, href))


def test_published_manifest_matches_every_file_and_the_committed_one(site) -> None:
    site_dir, data = site
    published = (site_dir / "2021" / "manifest.json").read_bytes()
    assert published == (data / "2021" / "manifest.json").read_bytes()
    manifest = json.loads(published)
    assert len(manifest["files"]) > 20
    for entry in manifest["files"]:
        content = (site_dir / entry["path"]).read_bytes()
        assert hashlib.sha256(content).hexdigest() == entry["sha256"] and len(content) == entry["size"], entry["path"]
    for entry in manifest["records"]:
        assert hashlib.sha256((data / entry["file"]).read_bytes()).hexdigest() == entry["sha256"]
        assert hashlib.sha256((site_dir / "downloads" / entry["file"]).read_bytes()).hexdigest() == entry["sha256"]
    assert not (site_dir / "2022" / "manifest.json").exists()  # 2022 is not frozen
    year = page(site_dir, "2021")
    assert "2024-03-01 冻结" in year and hashlib.sha256(published).hexdigest() in year
    assert 'href="manifest.json"' in year and "尚未冻结" in page(site_dir, "2022")


def test_document_page_shows_metadata_revisions_and_links_its_downloads(site) -> None:
    site_dir, _ = site
    html = page(site_dir, "2021/711001")
    meta = next(t for t in tables(html) if t["caption"] == "公开信息")
    assert meta["grid"] == [["索引号", "000014349/2021-00012", "发布机构", "承德县总工会"], ["文号", "承工字〔2021〕3号", "发布日期", "2021-03-15"]]
    assert html.index("公开信息") < html.index("第一部分")
    history = next(t for t in tables(html) if "修订记录" in t["caption"])
    assert history["grid"][1][:2] == ["2024-04-01", "根据县财政局批复调整预算数"]
    assert "预算数：5.00 → 6.00" in history["grid"][1][2] and "破产、改制企业退休劳动模范荣誉津贴" in history["grid"][1][2]
    links = {resolve("2021/711001/", h) for h in LINK.findall(html)}
    for path in ("api/2021/711001.json", "downloads/2021/711001.xlsx", "downloads/2021/711001.indicators.csv", "downloads/2021/711001.yaml",
                 "downloads/2021/711001/130821212EHVWVXYA137X.indicators.csv"):
        assert path in links and (site_dir / path).is_file(), path
    home_links = {resolve("", h) for h in LINK.findall(page(site_dir, ""))}
    assert "downloads/datapackage.json" in home_links and "api/index.json" in home_links
    for url in ("api/", "verify/"):
        assert (site_dir / url / "index.html").is_file()


def csv_rows(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    return [[squash(c[1:] if c.startswith("'") else c) for c in row] for row in rows]


def test_every_table_on_every_generated_page_links_to_exactly_its_rows(site) -> None:
    site_dir, data = site
    checked = 0
    pages = [p for p in generate_pages(load_archive(data), SiteOptions()) if p.kind != "reference"]
    assert {p.kind for p in pages} >= {"home", "year", "document", "departments", "department"}
    for generated in pages:
        url = page_url(generated.src_uri)
        html = main_content((site_dir / url / "index.html").read_text(encoding="utf-8"))
        grids = tables(html)
        chunks = html.split("<table")[1:]
        assert len(chunks) == len(grids)
        for grid, chunk in zip(grids, chunks):
            after = chunk[chunk.index("</table>"):][:600]
            m = re.match(r'</table></div>\s*<p class="bs-table-download"><a class="bs-download__link" href="([^"]+)"', after)
            assert m, f"{url}: table “{grid['caption']}” has no download link"
            target = site_dir / resolve(url, m.group(1))
            rows = csv_rows(target)
            shown = grid["grid"]
            if grid["caption"] == "公开信息":  # label/value pairs laid out two to a row
                pairs = [[row[i], row[i + 1]] for row in shown for i in range(0, len(row) - 1, 2) if row[i] != row[i + 1]]
                assert rows == [["项目", "内容"], *pairs]
            elif "/downloads/tables/" in "/" + resolve(url, m.group(1)):
                assert rows == shown, f"{url}: {grid['caption']}"
            elif target.name.endswith(".indicators.csv"):
                header = rows[0]
                cols = [header.index(t) for t in ("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据")]
                assert [[r[i] for i in cols] for r in rows[1:]] == shown[1:] or (len(rows) == 1 and len(shown) == 2)
            elif target.name.endswith(".project.csv"):
                header, row = rows
                record = dict(zip(header, row))
                # Each value in its own cell of the header block: 项目编码 | code | 项目名称 | name, then 预算数 | x | 财政资金 | y | 其他资金 | z.
                assert (shown[0][0], shown[0][3], shown[1][1], shown[1][3], shown[1][5]) == ("项目编码", "项目名称", "预算数", "其中：财政资金", "其他资金")
                assert [record[k] for k in ("项目编码", "项目名称", "预算数", "财政资金", "其他资金")] == \
                    [shown[0][1], shown[0][4], shown[1][2], shown[1][4], shown[1][6]], url
            else:
                raise AssertionError(f"{url}: unexpected table download {target}")
            checked += 1
    assert checked >= 15


def test_a_frozen_record_changed_without_revision_fails_the_build(site, tmp_path: Path) -> None:
    _, data = site
    import shutil

    copy = tmp_path / "data"
    shutil.copytree(data, copy)
    seed = copy / "2021" / "711001.yaml"
    seed.write_text(seed.read_text(encoding="utf-8").replace("      total: 20.00\n", "      total: 21.00\n"), encoding="utf-8")
    result = run_build(write_site_config(tmp_path, copy))
    assert result.returncode != 0
    assert "711001.yaml" in result.stderr and "没有新增修订记录" in result.stderr
    assert not (tmp_path / "site").exists()  # refused before anything was written
