"""A shard's key (shardplan.py): what changes it and what must not."""

from __future__ import annotations

from pathlib import Path

from budgetsite.shardplan import InputDigest, common_inputs, shard_key


def _tree(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")
    return root


def _digest(root: Path, skip: frozenset[str] = frozenset()) -> str:
    digest = InputDigest()
    digest.add_tree("t", root, skip)
    return digest.hexdigest()


def test_a_tree_digest_follows_every_file_by_path_and_content_in_any_creation_order(tmp_path: Path) -> None:
    files = {"a.yaml": "1", "b/c.yaml": "2", "b/d/e.yaml": "3"}
    first = _digest(_tree(tmp_path / "one", files))
    assert first == _digest(_tree(tmp_path / "two", dict(reversed(files.items()))))
    assert first != _digest(_tree(tmp_path / "three", {**files, "b/c.yaml": "2 "}))
    assert first != _digest(_tree(tmp_path / "four", {**files, "b/new.yaml": ""}))
    assert first != _digest(_tree(tmp_path / "five", {"a.yaml": "1", "b/c.yaml": "2", "b/e.yaml": "3"}))  # moved
    (tmp_path / "six").mkdir()
    (tmp_path / "six" / "link.yaml").symlink_to(tmp_path / "one" / "a.yaml")
    assert _digest(tmp_path / "six") != _digest(_tree(tmp_path / "seven", {"link.yaml": "1"}))


def test_compiled_files_left_out_of_the_program_key(tmp_path: Path) -> None:
    program = _tree(tmp_path / "program", {"m.py": "x = 1"})
    before = _digest(program, frozenset({"__pycache__"}))
    _tree(program, {"__pycache__/m.cpython-311.pyc": "compiled"})
    assert _digest(program, frozenset({"__pycache__"})) == before != _digest(program)


def test_a_year_key_changes_with_its_own_folder_and_the_common_inputs(tmp_path: Path) -> None:
    data = _tree(tmp_path / "data", {"2021/711001.yaml": "a", "2022/711001.yaml": "b"})
    config = _tree(tmp_path, {"mkdocs.yml": "site_name: x"}) / "mkdocs.yml"
    docs = _tree(tmp_path / "docs", {"index.md": "# x"})
    common = common_inputs(data, config, docs, [("site_url", "http://a/")])
    keys = {y: shard_key(common, data, y) for y in (2021, 2022)}
    _tree(data, {"2022/711001.yaml": "b2"})
    assert shard_key(common, data, 2021) == keys[2021] and shard_key(common, data, 2022) != keys[2022]
    other = common_inputs(data, config, docs, [("site_url", "http://b/")])
    assert shard_key(other, data, 2021) != keys[2021]
