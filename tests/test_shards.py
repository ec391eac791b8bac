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
from conftest import FIXTURES, SITE_URL, make_data_dir, run_build, write_site_config


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
    return [json.loads((site / f"search/budgetsite/d/{d}.json").read_text("utf-8"))["url"] for d, _ in ranked]


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
