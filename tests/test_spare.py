"""Taking the replaced site apart (budgetsite.spare): only folders holding exactly a shard's very files move."""

from __future__ import annotations

import os
from pathlib import Path

from budgetsite.spare import exclusive_folders, inodes, take


def test_exclusive_folders_are_the_largest_holding_one_owners_files_only() -> None:
    files = {
        2022: ["2022/index.html", "2022/711001/index.html", "downloads/2022/711001.csv", "downloads/2022/711001/p.csv", "top.txt"],
        2021: ["2021/index.html", "downloads/2021/711001.csv", "api/2021/711001.json"],
    }
    assert exclusive_folders(files) == {2022: ["2022", "downloads/2022"], 2021: ["2021", "api", "downloads/2021"]}


def _shard(root: Path) -> list[str]:
    names = ["a.html", "b/c.csv", "b/d/e.json"]
    for name in names:
        (root / "2022" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "2022" / name).write_text(name, "utf-8")
    return names


def _spare_of(shard: Path, spare: Path, names: list[str]) -> None:
    for name in names:
        (spare / "2022" / name).parent.mkdir(parents=True, exist_ok=True)
        os.link(shard / "2022" / name, spare / "2022" / name)


def test_a_folder_of_the_shards_very_files_moves_into_the_new_site(tmp_path: Path) -> None:
    shard, spare, site = tmp_path / "shard", tmp_path / "spare", tmp_path / "site"
    names = _shard(shard)
    _spare_of(shard, spare, names)
    site.mkdir()
    assert take(spare, shard, "2022", names, site)
    assert not (spare / "2022").exists()
    assert inodes(str(site / "2022")) == inodes(str(shard / "2022"))


def test_a_folder_with_a_file_more_fewer_or_another_stays_where_it_is(tmp_path: Path) -> None:
    shard, site = tmp_path / "shard", tmp_path / "site"
    names = _shard(shard)
    site.mkdir()
    extra, fewer, other = tmp_path / "extra", tmp_path / "fewer", tmp_path / "other"
    for spare in (extra, fewer, other):
        _spare_of(shard, spare, names)
    (extra / "2022" / "b" / "left-over.html").write_text("an old page", "utf-8")
    (fewer / "2022" / "b" / "c.csv").unlink()
    (other / "2022" / "a.html").unlink()
    (other / "2022" / "a.html").write_text("a.html", "utf-8")  # the same bytes, another file: the shard was rebuilt
    for spare in (extra, fewer, other):
        assert not take(spare, shard, "2022", names, site), spare.name
        assert (spare / "2022").is_dir() and not (site / "2022").exists()


def test_a_symlink_in_the_spare_is_never_taken(tmp_path: Path) -> None:
    shard, spare, site = tmp_path / "shard", tmp_path / "spare", tmp_path / "site"
    names = _shard(shard)
    _spare_of(shard, spare, names)
    (spare / "2022" / "b" / "c.csv").unlink()
    (spare / "2022" / "b" / "c.csv").symlink_to(shard / "2022" / "b" / "c.csv")
    site.mkdir()
    assert not take(spare, shard, "2022", names, site)
    assert inodes(str(spare / "2022")) is None


def test_nothing_is_moved_onto_a_folder_the_new_site_has_already(tmp_path: Path) -> None:
    shard, spare, site = tmp_path / "shard", tmp_path / "spare", tmp_path / "site"
    names = _shard(shard)
    _spare_of(shard, spare, names)
    (site / "2022").mkdir(parents=True)
    assert not take(spare, shard, "2022", names, site)
    assert (spare / "2022" / "a.html").exists()
