"""The sharded build (`budgetsite build --shards`) against the single build, end to end.

The same small archive (two years, the real seed, a self-evaluation, a frozen year) is built both
ways and compared file by file; then the reuse of unchanged shards, the CI-matrix commands and the
refusals are checked through the command line, as a maintainer runs them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from budgetsite.search.index import decode_postings
from budgetsite.search.tokens import fnv1a, tokens
from conftest import FIXTURES, REPO, SITE_URL, make_data_dir, run_build, write_site_config


def budgetsite(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL=SITE_URL)
    return subprocess.run([sys.executable, "-m", "budgetsite.cli", *args], capture_output=True, text=True, env=env, cwd=root)


def make_project(root: Path) -> Path:
    data = make_data_dir(root)
    shutil.copy(FIXTURES / "evaluation" / "data" / "2021" / "712001-evaluation.yaml", data / "2021")
    freeze = budgetsite(root, "freeze", "2021", "--data", str(data), "--date", "2024-01-15")
    assert freeze.returncode == 0, freeze.stderr
    return write_site_config(root, data)


def tree(site: Path) -> dict[str, bytes]:
    out = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            out[path.relative_to(site).as_posix()] = data
    return out


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    root = tmp_path_factory.mktemp("shards")
    config = make_project(root)
    sharded = budgetsite(root, "build", "--shards", "-f", str(config))
    assert sharded.returncode == 0, sharded.stderr
    assert "重新构建 2 个分片" in sharded.stdout
    single = run_build(config, "-d", str(root / "single"))
    assert single.returncode == 0, single.stderr
    return root, root / "site", root / "single"


def test_the_assembled_site_is_the_single_build_file_for_file(both) -> None:
    _, site, single = both
    assembled, whole = tree(site), tree(single)
    assert sorted(assembled) == sorted(whole)
    assert [p for p in whole if assembled[p] != whole[p]] == []
    assert len(whole) > 100 and "2021/manifest.json" in whole and "search/budgetsite/manifest.json" in whole
    assert not [p for p in assembled if ".budgetsite-shard" in p]  # what a shard hands on is never published


def _search(site: Path, query: str) -> list[str]:
    """The documents holding every token of ``query``, best first, as the client ranks them (weights summed)."""
    manifest = json.loads((site / "search/budgetsite/manifest.json").read_text("utf-8"))
    hits: dict[int, int] | None = None
    for token in set(tokens(query)):
        shard = json.loads((site / f"search/budgetsite/s/{fnv1a(token) % manifest['shards']}.json").read_text("utf-8"))
        found = dict(decode_postings(shard[token])) if token in shard else {}
        hits = found if hits is None else {d: hits[d] + w for d, w in found.items() if d in hits}
    ranked = sorted((hits or {}).items(), key=lambda x: (-x[1], x[0]))
    spans = manifest["years"]
    return [json.loads((site / f"search/budgetsite/d/{y}/{d - start}.json").read_text("utf-8"))["url"]
            for d, _ in ranked for y, start, end in spans if start <= d < end]


@pytest.mark.parametrize("query", ["劳动模范", "总工会", "711001", "公共文化", "2022"])
def test_the_same_queries_find_the_same_documents_either_way(both, query: str) -> None:
    _, site, single = both
    assert _search(site, query) == _search(single, query)
    assert _search(site, "劳动模范")  # and they find something


def test_an_unchanged_archive_rebuilds_no_shard_and_one_changed_record_rebuilds_its_year(both) -> None:
    root, site, _ = both
    again = budgetsite(root, "build", "--shards", "-f", str(root / "mkdocs.yml"))
    assert again.returncode == 0, again.stderr
    assert "重新构建 0 个分片" in again.stdout
    record = root / "data" / "2022" / "711001.yaml"
    record.write_text(record.read_text("utf-8").replace("status: 正式", "status: 草案"), "utf-8")
    edited = budgetsite(root, "build", "--shards", "-f", str(root / "mkdocs.yml"))
    assert edited.returncode == 0, edited.stderr
    assert "重新构建 1 个分片" in edited.stdout
    index = json.loads((site / "api" / "index.json").read_text("utf-8"))  # the archive-wide files follow
    assert [d["status"] for d in index["documents"] if d["year"] == 2022] == ["草案"]
    assert "草案" in (site / "2022" / "711001" / "index.html").read_text("utf-8")


def test_the_ci_matrix_commands_refuse_a_stale_shard_and_assemble_current_ones(tmp_path: Path) -> None:
    config = make_project(tmp_path)
    one = budgetsite(tmp_path, "build", "--shard", "2022", "-f", str(config))
    assert one.returncode == 0, one.stderr
    early = budgetsite(tmp_path, "build", "--assemble", "-f", str(config))
    assert early.returncode == 1
    assert "2021 年的分片还没有构建" in early.stderr and "bin/budgetsite build --shard 2021" in early.stderr
    assert not (tmp_path / "site").exists()
    assert budgetsite(tmp_path, "build", "--shard", "2021", "-f", str(config)).returncode == 0
    record = tmp_path / "data" / "2022" / "711001.yaml"
    record.write_text(record.read_text("utf-8") + "\n", "utf-8")
    stale = budgetsite(tmp_path, "build", "--assemble", "-f", str(config))
    assert stale.returncode == 1 and "2022 年的分片的输入（数据、配置或程序）已经改变" in stale.stderr
    assert budgetsite(tmp_path, "build", "--shard", "2022", "-f", str(config)).returncode == 0
    done = budgetsite(tmp_path, "build", "--assemble", "-f", str(config))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "site" / "2022" / "711001" / "index.html").exists() and (tmp_path / "site" / "index.html").exists()


def test_a_broken_record_fails_its_shard_and_leaves_the_published_site(tmp_path: Path) -> None:
    config = make_project(tmp_path)
    assert budgetsite(tmp_path, "build", "--shards", "-f", str(config)).returncode == 0
    before = tree(tmp_path / "site")
    record = tmp_path / "data" / "2022" / "711001.yaml"
    record.write_text(record.read_text("utf-8").replace("year: 2022", "year: 二〇二二"), "utf-8")
    failed = budgetsite(tmp_path, "build", "--shards", "-f", str(config))
    assert failed.returncode == 1
    assert "711001.yaml" in failed.stderr and "分片构建失败：2022 年" in failed.stderr
    assert tree(tmp_path / "site") == before


def test_a_shard_that_lists_a_file_outside_the_site_is_refused(tmp_path: Path) -> None:
    config = make_project(tmp_path)
    assert budgetsite(tmp_path, "build", "--shards", "-f", str(config)).returncode == 0
    listed = tmp_path / ".budgetsite" / "shards" / "2022" / ".budgetsite-shard" / "files.json"
    listed.write_text(json.dumps(["../../../outside.txt"]), "utf-8")
    before = tree(tmp_path / "site")
    refused = budgetsite(tmp_path, "build", "--assemble", "-f", str(config))
    assert refused.returncode == 1 and "不在网站文件夹内" in refused.stderr
    assert tree(tmp_path / "site") == before and not (tmp_path / "outside.txt").exists()


def same_as_a_single_build(root: Path, config: Path) -> dict[str, bytes]:
    """The assembled site, checked file for file against a single build of the same data (in ``root/single``)."""
    single = run_build(config, "-d", str(root / "single"))
    assert single.returncode == 0, single.stderr
    assembled, whole = tree(root / "site"), tree(root / "single")
    assert sorted(assembled) == sorted(whole)
    assert [p for p in whole if assembled[p] != whole[p]] == []
    return assembled


def test_a_corrected_record_is_assembled_beside_its_shard_into_the_single_build(tmp_path: Path) -> None:
    config = make_project(tmp_path)
    first = budgetsite(tmp_path, "build", "--shards", "--jobs", "2", "-f", str(config))
    assert first.returncode == 0, first.stderr
    assert "同时组装" not in first.stdout  # two shards, two processors: the assembly waits for both
    record = tmp_path / "data" / "2022" / "711001.yaml"
    record.write_text(record.read_text("utf-8").replace("status: 正式", "status: 草案"), "utf-8")
    edited = budgetsite(tmp_path, "build", "--shards", "--jobs", "2", "-f", str(config))
    assert edited.returncode == 0, edited.stderr
    assert "重新构建 1 个分片并同时组装" in edited.stdout
    assembled = same_as_a_single_build(tmp_path, config)
    assert "草案" in assembled["2022/711001/index.html"].decode("utf-8")


def own_docs(root: Path) -> Path:
    """The project's mkdocs.yml pointed at its own copy of docs/, which a test may add files to."""
    shutil.copytree(REPO / "docs", root / "docs")
    return write_site_config(root, root / "data", docs=root / "docs")


def test_shards_failing_after_handing_on_their_summaries_leave_the_published_site(tmp_path: Path) -> None:
    make_project(tmp_path)
    config = own_docs(tmp_path)
    assert budgetsite(tmp_path, "build", "--shards", "-f", str(config)).returncode == 0
    before = tree(tmp_path / "site")
    # A hand-written file at an open-data path of 2022: that shard fails at its very end, long after it has
    # sent its summary to the assembly running beside it (three jobs, two shards: docs/ is every shard's input).
    clash = tmp_path / "docs" / "downloads" / "2022" / "711001.yaml"
    clash.parent.mkdir(parents=True)
    clash.write_text("x", "utf-8")
    failed = budgetsite(tmp_path, "build", "--shards", "--jobs", "3", "-f", str(config))
    assert failed.returncode == 1
    assert "downloads/2022/711001.yaml 既是 docs/" in failed.stderr and "分片构建失败：2022 年" in failed.stderr
    assert tree(tmp_path / "site") == before


def test_an_archive_wide_file_in_docs_fails_the_assembly(tmp_path: Path) -> None:
    make_project(tmp_path)
    config = own_docs(tmp_path)
    clash = tmp_path / "docs" / "api" / "index.json"
    clash.parent.mkdir(parents=True)
    clash.write_text("{}", "utf-8")
    failed = budgetsite(tmp_path, "build", "--shards", "-f", str(config))
    assert failed.returncode == 1
    assert "api/index.json 既是 docs/" in failed.stderr
    assert not (tmp_path / "site").exists()


def test_a_hand_written_file_at_a_shard_page_path_fails_the_assembly_before_anything_is_written(tmp_path: Path) -> None:
    make_project(tmp_path)
    config = own_docs(tmp_path)
    assert budgetsite(tmp_path, "build", "--shards", "-f", str(config)).returncode == 0
    shard_page = tmp_path / ".budgetsite" / "shards" / "2022" / "2022" / "711001" / "index.html"
    page = shard_page.read_bytes()
    clash = tmp_path / "docs" / "2022" / "711001" / "index.html"
    clash.parent.mkdir(parents=True)
    clash.write_text("<p>hand-written</p>", "utf-8")
    before = tree(tmp_path / "site")
    failed = budgetsite(tmp_path, "build", "--shards", "-f", str(config))
    assert failed.returncode == 1
    assert "2022/711001/index.html 既是 2022 年分片中的文件" in failed.stderr
    # The shards' files are hard links into the site: MkDocs never got to write over them.
    assert (tmp_path / ".budgetsite" / "shards" / "2022" / "2022" / "711001" / "index.html").read_bytes() == page
    assert tree(tmp_path / "site") == before


def test_the_next_assembly_takes_unchanged_years_folders_from_the_site_it_replaced(tmp_path: Path) -> None:
    config = make_project(tmp_path)
    record = tmp_path / "data" / "2022" / "711001.yaml"
    spare = tmp_path / ".site.spare"
    folders = []  # the inode of the site's 2021 folder after each build
    for status in ("正式", "草案", "正式"):  # the first build replaces nothing; each later one keeps what it replaced
        text = record.read_text("utf-8")
        record.write_text(text.replace("status: 草案", f"status: {status}").replace("status: 正式", f"status: {status}"), "utf-8")
        built = budgetsite(tmp_path, "build", "--shards", "-f", str(config))
        assert built.returncode == 0, built.stderr
        folders.append(os.stat(tmp_path / "site" / "2021").st_ino)
    # The second build had no spare and linked every file; the third took the first site's 2021 folder whole.
    assert folders[1] != folders[0] and folders[2] == folders[0]
    assert spare.is_dir() and (spare / "2021").is_dir()  # now the second build's site, for the next one
    shard_page = tmp_path / ".budgetsite" / "shards" / "2021" / "2021" / "711001" / "index.html"
    assert os.stat(tmp_path / "site" / "2021" / "711001" / "index.html").st_ino == os.stat(shard_page).st_ino
    (spare / "2021" / "left-over.html").write_text("<p>an old page</p>", "utf-8")  # a spare is never trusted
    record.write_text(record.read_text("utf-8").replace("status: 正式", "status: 草案"), "utf-8")
    assert budgetsite(tmp_path, "build", "--shards", "-f", str(config)).returncode == 0
    same_as_a_single_build(tmp_path, config)


def test_an_oldest_year_rebuilt_beside_the_assembly_gives_the_single_build(tmp_path: Path) -> None:
    # The building shard is the last year of the search index here: the newer years are merged while it builds.
    config = make_project(tmp_path)
    assert budgetsite(tmp_path, "build", "--shards", "--jobs", "2", "-f", str(config)).returncode == 0
    evaluation = tmp_path / "data" / "2021" / "712001-evaluation.yaml"  # 2021 is frozen; its self-evaluation is not
    evaluation.write_text(evaluation.read_text("utf-8") + "\n# 更正\n", "utf-8")
    edited = budgetsite(tmp_path, "build", "--shards", "--jobs", "2", "-f", str(config))
    assert edited.returncode == 0, edited.stderr
    assert "重新构建 1 个分片并同时组装" in edited.stdout
    same_as_a_single_build(tmp_path, config)
    assert _search(tmp_path / "site", "劳动模范") == _search(tmp_path / "single", "劳动模范")


def test_unchanged_departments_pages_are_linked_from_the_store_and_a_changed_one_is_made_again(tmp_path: Path) -> None:
    config = make_project(tmp_path)
    assert budgetsite(tmp_path, "build", "--shards", "-f", str(config)).returncode == 0
    store = tmp_path / ".budgetsite" / "shards" / ".pages"
    index = json.loads((store / "index.json").read_text("utf-8"))["pages"]
    assert sorted(index) == ["departments/711001.md", "departments/712001.md"]
    page = {code: tmp_path / "site" / "departments" / code / "index.html" for code in ("711001", "712001")}
    inode = {code: os.stat(path).st_ino for code, path in page.items()}
    record = tmp_path / "data" / "2022" / "711001.yaml"  # 711001's history shows each year's status
    record.write_text(record.read_text("utf-8").replace("status: 正式", "status: 草案"), "utf-8")
    assert budgetsite(tmp_path, "build", "--shards", "-f", str(config)).returncode == 0
    assembled = same_as_a_single_build(tmp_path, config)
    assert os.stat(page["712001"]).st_ino == inode["712001"]  # the very file the last site had
    assert os.stat(page["711001"]).st_ino != inode["711001"] and "草案" in assembled["departments/711001/index.html"].decode("utf-8")
    # A store that lost a file of a page: that page is made again, the site is still the single build.
    index = json.loads((store / "index.json").read_text("utf-8"))["pages"]
    kept = index["departments/712001.md"]
    (store / kept["generation"] / kept["files"][0]).unlink()
    rebuilt = budgetsite(tmp_path, "build", "--shards", "-f", str(config))
    assert rebuilt.returncode == 0 and "0 个分片需要构建" in rebuilt.stdout
    same_as_a_single_build(tmp_path, config)
    assert os.stat(page["712001"]).st_ino != inode["712001"]


def test_a_year_taken_out_of_the_data_loses_its_shard_and_its_pages(tmp_path: Path) -> None:
    config = make_project(tmp_path)
    assert budgetsite(tmp_path, "build", "--shards", "-f", str(config)).returncode == 0
    shutil.rmtree(tmp_path / "data" / "2022")
    built = budgetsite(tmp_path, "build", "--shards", "-f", str(config))
    assert built.returncode == 0, built.stderr
    assert "已删除数据中不再有的年度的分片：2022" in built.stdout
    assert not (tmp_path / ".budgetsite" / "shards" / "2022").exists() and (tmp_path / ".budgetsite" / "shards" / "2021").is_dir()
    assembled = same_as_a_single_build(tmp_path, config)
    assert not any(path.startswith("2022/") for path in assembled)
