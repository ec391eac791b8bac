"""Every branch of the frozen-year check, each with the file, line and message a clerk reads.

Record added or removed after freezing, a download no longer made or changed, a change with
and without a new revision, re-freezing (what it may and may not paper over), manifests that
cannot be read or belong to another year, and years whose manifest lags behind a revision.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from budgetsite.build import freeze_year
from budgetsite.collection import load_archive
from budgetsite.errors import RecordsInvalid
from budgetsite.export import build_downloads
from budgetsite.provenance import read_frozen, stale_years
from conftest import REVISION, make_data_dir, plan_errors, register_manifest, run_cli

FROZEN = "2021 年已于 2024-03-01 冻结（{data}/2021/manifest.json）"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    data = make_data_dir(tmp_path)
    freeze_year(data, 2021, "2024-03-01")
    return data


errors_of = plan_errors


def manifest(data: Path) -> dict:
    return json.loads((data / "2021" / "manifest.json").read_text(encoding="utf-8"))


def write_manifest(data: Path, doc: dict) -> None:
    (data / "2021" / "manifest.json").write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    register_manifest(data)


def add_record(data: Path) -> Path:
    """A third fictional department, added to 2021 after it was frozen."""
    text = (data / "2021" / "712001.yaml").read_text(encoding="utf-8")
    text = text.replace("712001", "713001").replace("示例文化馆", "示例图书馆").replace("130821300WHG0000000A1", "130821300TSG0000000A1")
    path = data / "2021" / "713001.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_record_added_after_freezing_is_refused_until_the_year_is_frozen_again(data: Path) -> None:
    path = add_record(data)
    assert errors_of(data) == [
        f"{path}:1:1: {FROZEN.format(data=data)}，但此记录是冻结后新增的。确需补充公开时，请运行 bin/budgetsite freeze 2021 重新冻结该年度。"
    ]
    result = run_cli("check", str(data), "--no-review")
    assert result.returncode == 1 and "713001.yaml:1:1:" in result.stderr and "冻结后新增" in result.stderr
    # Re-freezing is the deliberate way to publish it: the manifest then lists it, and the build passes.
    freeze_year(data, 2021, "2024-05-01")
    doc = manifest(data)
    assert [e["file"] for e in doc["records"]] == ["2021/711001.yaml", "2021/712001.yaml", "2021/713001.yaml"]
    assert (doc["frozen"], doc["updated"]) == ("2024-03-01", "2024-05-01")
    assert "downloads/2021/713001.xlsx" in [e["path"] for e in doc["files"]]
    assert errors_of(data) == []


def test_a_record_removed_after_freezing_is_refused_even_by_a_refreeze(data: Path) -> None:
    (data / "2021" / "712001.yaml").unlink()
    message = f"{data}/2021/712001.yaml:1:1: {FROZEN.format(data=data)}，但此记录文件已被删除或改名。已公开的文本不能撤下；请从版本库恢复此文件。"
    assert errors_of(data) == [message]
    with pytest.raises(RecordsInvalid) as info:
        freeze_year(data, 2021, "2024-05-01")
    assert [e.format() for e in info.value.errors] == [message]
    assert manifest(data)["updated"] == "2024-03-01"  # nothing rewritten


def test_a_download_no_longer_made_is_refused_until_a_deliberate_refreeze(data: Path) -> None:
    doc = manifest(data)
    doc["files"].append({"path": "downloads/2021/2021.old.csv", "sha256": "0" * 64, "size": 1})
    write_manifest(data, doc)
    assert errors_of(data) == [
        f"{data}/2021/manifest.json:1:1: {FROZEN.format(data=data)}，但下载文件 downloads/2021/2021.old.csv 不再生成（记录没有变化）。"
        "已公开的下载文件不能悄悄消失；如确认是有意的，请运行 bin/budgetsite freeze 2021 重新冻结。"
    ]
    freeze_year(data, 2021, "2024-05-01")
    assert "downloads/2021/2021.old.csv" not in [e["path"] for e in manifest(data)["files"]]
    assert errors_of(data) == []


def test_a_changed_download_of_an_unchanged_record_is_refused(data: Path) -> None:
    doc = manifest(data)
    entry = next(e for e in doc["files"] if e["path"] == "downloads/2021/711001.xlsx")
    entry["sha256"] = "0" * 64
    write_manifest(data, doc)
    assert errors_of(data) == [
        f"{data}/2021/manifest.json:1:1: {FROZEN.format(data=data)}，但下载文件 downloads/2021/711001.xlsx 的内容与清单不同（记录没有变化，"
        "可能是网站程序改变了导出格式）。如确认无误，请运行 bin/budgetsite freeze 2021 重新冻结。"
    ]


def test_a_revised_record_explains_its_changed_downloads(data: Path) -> None:
    path = data / "2021" / "711001.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("      total: 5.00\n") == 1
    path.write_text(text.replace("      total: 5.00\n", "      total: 6.00\n") + REVISION, encoding="utf-8")
    # The revision explains the change; what is left is the committed manifest lagging behind it,
    # which fails the build with the command to run until the year is frozen again.
    (stale,) = errors_of(data)
    assert "有修订尚未写入冻结清单" in stale and "bin/budgetsite freeze 2021" in stale
    archive = load_archive(data)
    frozen, _ = read_frozen(data)
    # The committed manifest now lags behind: the build asks for a re-freeze (and says so in its log).
    assert stale_years(archive, frozen, build_downloads(archive)) == [2021]
    freeze_year(data, 2021, "2024-05-01")
    frozen, _ = read_frozen(data)
    assert stale_years(archive, frozen, build_downloads(archive)) == []
    doc = manifest(data)
    entry = next(e for e in doc["records"] if e["file"] == "2021/711001.yaml")
    assert entry == {"file": "2021/711001.yaml", "sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "revisions": 1, "status": "草案"}


def test_a_second_change_without_a_second_revision_is_located_at_the_revisions(data: Path) -> None:
    path = data / "2021" / "711001.yaml"
    text = path.read_text(encoding="utf-8").replace("      total: 5.00\n", "      total: 6.00\n") + REVISION
    path.write_text(text, encoding="utf-8")
    freeze_year(data, 2021, "2024-05-01")
    path.write_text(text.replace("      total: 6.00\n", "      total: 7.00\n"), encoding="utf-8")
    lines = text.splitlines()
    line = lines.index("revisions:") + 1
    after = next(n for n, ln in enumerate(lines, start=1) if "after: \"6.00\"" in ln)
    messages = errors_of(data)
    assert len(messages) == 2, messages
    unrevised = next(m for m in messages if "没有新增修订记录" in m)
    assert unrevised.startswith(f"{path}:{line + 1}:") and "2021 年已于 2024-03-01 冻结" in unrevised, unrevised
    # ... and the last revision no longer agrees with the file, said where it stands.
    stale = next(m for m in messages if m is not unrevised)
    assert stale.startswith(f"{path}:{after}:") and "新值为“6.00”，但文件中该字段现在是“7.00”" in stale, stale


@pytest.mark.parametrize(("content", "fragment"), [
    ('{"format": "budgetsite-manifest/1", "year": 2020}', "不是 2021 年的冻结清单"),
    ('{"format": "something-else", "year": 2021}', "不是 2021 年的冻结清单"),
    ("[]", "不是 2021 年的冻结清单"),
    ("{", "冻结清单无法读取"),
])
def test_a_manifest_of_another_kind_or_year_is_reported(data: Path, content: str, fragment: str) -> None:
    (data / "2021" / "manifest.json").write_text(content, encoding="utf-8")
    register_manifest(data)
    (message,) = errors_of(data)
    assert message.startswith(f"{data}/2021/manifest.json:1:") and fragment in message
