"""The department pages an assembly keeps for the next one (page_store.py): keys, the store, its index read warily."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import pytest

from budgetsite import summaries, synth
from budgetsite.collection import Archive, load_archive
from budgetsite.page_store import INDEX, PageStore, department_keys
from budgetsite.synth_evaluation import write_evaluations


def _digested(archive: Archive) -> tuple[Archive, dict]:
    return summaries.loads_digested(summaries.dumps(summaries.summarised(archive)))


def test_a_department_key_changes_with_its_own_summaries_and_the_common_inputs_only(tmp_path: Path) -> None:
    synth.write(tmp_path, 12, seed=3, years=2)
    write_evaluations(tmp_path, 0.5, 3)
    archive = load_archive(tmp_path)
    summary, digests = _digested(archive)
    keys = department_keys(summary, digests, "common")
    assert archive.evaluations and set(keys) == {f"departments/{code}.md" for code in archive.departments()}
    for changed in (archive.records[0], archive.evaluations[0]):  # a record's status; a self-evaluation's department name
        field = "status" if changed is archive.records[0] else "department"
        value = "草案" if getattr(changed, field) != "草案" else "正式"
        edited = Archive([dataclasses.replace(r, **{field: value}) if r is changed else r for r in archive.records],
                         [dataclasses.replace(e, **{field: value}) if e is changed else e for e in archive.evaluations])
        after = department_keys(*_digested(edited), "common")
        assert [uri for uri in keys if keys[uri] != after[uri]] == [f"departments/{changed.unit.code}.md"]
    assert all(a != b for a, b in zip(keys.values(), department_keys(summary, digests, "other").values(), strict=True))


def _site(root: Path, pages: dict[str, dict[str, str]]) -> Path:
    for files in pages.values():
        for rel, text in files.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text, "utf-8")
    return root


PAGES = {
    "departments/1.md": {"departments/1/index.html": "<p>一</p>", "departments/1/各年度.csv": "年度\n2021\n"},
    "departments/2.md": {"departments/2/index.html": "<p>二</p>"},
}


def _made(keys: dict[str, str]) -> dict:
    return {uri: (keys[uri], tuple(PAGES[uri]), f"<url><loc>{uri}</loc></url>") for uri in keys}


def test_pages_saved_from_a_site_are_linked_into_the_next_one_while_their_key_holds(tmp_path: Path) -> None:
    site = _site(tmp_path / "site", PAGES)
    store = PageStore(tmp_path / "store")
    store.save({}, _made({"departments/1.md": "k1", "departments/2.md": "k2"}), site)
    found = store.matching({"departments/1.md": "k1", "departments/2.md": "changed"})
    assert list(found) == ["departments/1.md"] and found["departments/1.md"].sitemap == "<url><loc>departments/1.md</loc></url>"
    new = tmp_path / "new"
    store.link(found.values(), new)
    assert sorted(p.relative_to(new).as_posix() for p in new.rglob("*") if p.is_file()) == sorted(PAGES["departments/1.md"])
    # A hard link to the very file the first site has: nothing was copied or written.
    assert os.stat(new / "departments/1/index.html").st_ino == os.stat(site / "departments/1/index.html").st_ino
    with pytest.raises(FileExistsError):  # never over a file already there (MkDocs' own, say)
        store.link(found.values(), new)


def test_a_generation_no_page_names_is_deleted_and_a_page_missing_a_file_is_made_again(tmp_path: Path) -> None:
    site = _site(tmp_path / "site", PAGES)
    store = PageStore(tmp_path / "store")
    store.save({}, _made({"departments/1.md": "k1", "departments/2.md": "k2"}), site)
    first = store.index()["departments/1.md"].generation
    kept = store.matching({"departments/1.md": "k1"})
    store.save(kept, _made({"departments/2.md": "k2b"}), site)
    index = store.index()
    assert index["departments/1.md"].generation == first != index["departments/2.md"].generation
    assert sorted(p.name for p in store.root.iterdir()) == sorted({INDEX, first, index["departments/2.md"].generation})
    store.save({}, _made({"departments/2.md": "k2c"}), site)  # department 1 no longer published
    assert not (store.root / first).exists() and list(store.index()) == ["departments/2.md"]
    (store.root / store.index()["departments/2.md"].generation / "departments/2/index.html").unlink()
    assert store.matching({"departments/2.md": "k2c"}) == {}


@pytest.mark.parametrize("files", [["../../outside.html"], ["/etc/passwd"], ["a//b"], []])
def test_an_index_naming_files_outside_its_generation_is_not_followed(tmp_path: Path, files: list[str]) -> None:
    (tmp_path / "outside.html").write_text("x", "utf-8")
    store = PageStore(tmp_path / "store" / "pages")
    (store.root / "g-1").mkdir(parents=True)
    index = {"format": "budgetsite-pages/1", "pages": {"departments/1.md": {"key": "k", "generation": "g-1", "files": files, "sitemap": ""}}}
    (store.root / INDEX).write_text(json.dumps(index), "utf-8")
    assert store.matching({"departments/1.md": "k"}) == {}


@pytest.mark.parametrize("text", ["", "{", '{"format": "budgetsite-pages/0", "pages": {}}', '{"format": "budgetsite-pages/1", "pages": []}'])
def test_an_unreadable_index_is_an_empty_store(tmp_path: Path, text: str) -> None:
    (tmp_path / INDEX).write_text(text, "utf-8")
    assert PageStore(tmp_path).index() == {}
