"""Freezing a year, refusing silent changes, revision entries and their checks."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from budgetsite.build import freeze_year, plan_build
from budgetsite.collection import load_archive
from budgetsite.errors import RecordsInvalid
from budgetsite.export import build_downloads
from budgetsite.provenance import diff_records, publishable_manifests, read_frozen
from budgetsite.routes import manifest_file
from conftest import REVISION, make_data_dir, register_manifest, run_cli


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return make_data_dir(tmp_path)


def errors_of(data: Path) -> list[str]:
    """Every problem the build plan (as check, freeze and the site build run it) finds."""
    try:
        plan_build(data)
    except RecordsInvalid as exc:
        return [e.format() for e in exc.errors]
    return []


def bump_budget(data: Path) -> Path:
    path = data / "2021" / "711001.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("      total: 5.00\n") == 1
    path.write_text(text.replace("      total: 5.00\n", "      total: 6.00\n"), encoding="utf-8")
    return path


# Every open-data file of 2021 in the fixture data set (routes.py's addresses, written out).
FILES_2021 = sorted([
    "api/2021/index.json", "api/2021/711001.json", "api/2021/712001.json",
    *(f"downloads/2021/2021.{k}.csv" for k in ("documents", "goals", "indicators", "projects", "spending")),
    "downloads/2021/2021.xlsx", "downloads/2021/datapackage.json",  # no 2021.json: the year's rows are its CSV and XLSX
    *(f"downloads/2021/{u}.{k}" for u in ("711001", "712001") for k in ("goals.csv", "indicators.csv", "projects.csv", "spending.csv", "xlsx", "yaml")),
    *(f"downloads/2021/711001/{p}.{k}.csv" for p in ("130821212EHVWVXYA137X", "130821215ZG8SLNX0HFWL") for k in ("indicators", "project")),
    *(f"downloads/2021/712001/130821300WHG0000000A1.{k}.csv" for k in ("indicators", "project")),
])


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_freeze_writes_every_record_and_download_of_the_year(data: Path) -> None:
    archive = load_archive(data)
    path = freeze_year(data, 2021, "2024-03-01")
    assert path == data / "2021" / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    assert manifest["frozen"] == manifest["updated"] == "2024-03-01"
    assert (manifest["format"], manifest["year"]) == ("budgetsite-manifest/1", 2021)
    assert manifest["records"] == [
        {"file": f"2021/{code}.yaml", "sha256": digest((data / "2021" / f"{code}.yaml").read_bytes()), "revisions": 0, "status": status}
        for code, status in (("711001", "草案"), ("712001", "正式"))
    ]
    assert [e["path"] for e in manifest["files"]] == FILES_2021
    files = {e["path"]: e for e in manifest["files"]}
    for code in ("711001", "712001"):  # the YAML downloads are the record files themselves
        content = (data / "2021" / f"{code}.yaml").read_bytes()
        assert files[f"downloads/2021/{code}.yaml"] == {"path": f"downloads/2021/{code}.yaml", "sha256": digest(content), "size": len(content)}
    # The other digests are checked against the bytes a built site publishes in test_provenance_site.py.
    # The published manifest is the committed one while nothing has changed; checks pass.
    frozen, _ = read_frozen(data)
    assert publishable_manifests(archive, frozen, build_downloads(archive)) == {"2021/manifest.json": path.read_bytes()}
    assert errors_of(data) == []


def test_changed_frozen_record_without_revision_fails_naming_the_file(data: Path) -> None:
    freeze_year(data, 2021, "2024-03-01")
    bump_budget(data)
    (message,) = errors_of(data)
    assert "2021/711001.yaml:1:1" in message and "没有新增修订记录" in message and "budgetsite freeze 2021" in message
    result = run_cli("check", str(data), "--no-review")
    assert result.returncode == 1
    assert "711001.yaml" in result.stderr and "2021 年已于 2024-03-01 冻结" in result.stderr
    # Freezing again must not launder the change.
    with pytest.raises(RecordsInvalid, match="没有新增修订记录"):
        freeze_year(data, 2021, "2024-04-02")


def test_a_revision_entry_lets_the_change_through_and_refreeze_updates(data: Path) -> None:
    first = freeze_year(data, 2021, "2024-03-01").read_bytes()
    path = bump_budget(data)
    path.write_text(path.read_text(encoding="utf-8") + REVISION, encoding="utf-8")
    # A recorded revision is welcome, but the site must not publish a manifest other than the committed one.
    (stale,) = errors_of(data)
    assert stale.startswith(f"{manifest_file(data, 2021)}:1:1: 2021 年有修订尚未写入冻结清单")
    assert "请运行 bin/budgetsite freeze 2021" in stale
    archive = load_archive(data)
    frozen, _ = read_frozen(data)
    published = publishable_manifests(archive, frozen, build_downloads(archive))["2021/manifest.json"]
    assert published != first  # it lists the revised record's hash, not the stale one
    assert json.loads(published)["records"][0]["sha256"] == digest(path.read_bytes())
    again = freeze_year(data, 2021, "2024-04-02")
    manifest = json.loads(again.read_text(encoding="utf-8"))
    assert (manifest["frozen"], manifest["updated"]) == ("2024-03-01", "2024-04-02")
    assert manifest["records"][0]["revisions"] == 1
    # A later edit needs yet another revision: the count in the manifest moved on.
    path.write_text(path.read_text(encoding="utf-8").replace("      total: 6.00\n", "      total: 7.00\n"), encoding="utf-8")
    messages = errors_of(data)
    assert any("没有新增修订记录" in m and "711001.yaml" in m for m in messages)


def test_removed_or_added_records_and_changed_downloads_are_refused(data: Path) -> None:
    freeze_year(data, 2021, "2024-03-01")
    manifest = manifest_file(data, 2021)
    doc = json.loads(manifest.read_text(encoding="utf-8"))
    doc["files"][0]["sha256"] = "0" * 64
    manifest.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    register_manifest(data)  # as after a change of the program's export format
    (message,) = errors_of(data)
    assert "manifest.json" in message and doc["files"][0]["path"] in message and "导出格式" in message
    freeze_year(data, 2021, "2024-03-02")  # deliberate re-freeze accepts a format change
    assert errors_of(data) == []
    (data / "2021" / "712001.yaml").unlink()
    (message,) = errors_of(data)
    assert "712001.yaml" in message and "删除" in message


def test_an_unreadable_manifest_is_reported_with_its_path(data: Path) -> None:
    manifest_file(data, 2021).write_text("{not json", encoding="utf-8")
    register_manifest(data)
    (message,) = errors_of(data)
    assert message.split(":")[0].endswith("2021/manifest.json")
    assert "冻结清单无法读取" in message


def test_diff_lists_field_level_changes_with_project_codes(data: Path) -> None:
    old = load_archive(data).get(2021, "711001")
    bump_budget(data)
    new = load_archive(data).get(2021, "711001")
    changes = diff_records(old, new)
    assert [(c.path, c.before, c.after) for c in changes] == [("projects[130821212EHVWVXYA137X].budget.total", "5.00", "6.00")]
    result = run_cli("diff", str(data.parent / "x.yaml"), str(data / "2021" / "711001.yaml"))
    assert result.returncode == 1  # a missing old file is an error, not an empty diff


def test_cli_freeze_then_diff_round_trip(data: Path, tmp_path: Path) -> None:
    result = run_cli("freeze", "2021", "--data", str(data), "--date", "2024-03-01")
    assert result.returncode == 0, result.stderr
    assert "已冻结 2021 年" in result.stdout and manifest_file(data, 2021).exists()
    old = tmp_path / "old.yaml"
    old.write_bytes((data / "2021" / "711001.yaml").read_bytes())
    path = bump_budget(data)
    result = run_cli("diff", str(old), str(path), "--date", "2024-04-01")
    assert result.returncode == 0, result.stderr
    entry = "".join(ln for ln in result.stdout.splitlines(keepends=True) if not ln.startswith("#"))
    assert entry.startswith("revisions:\n  - date: 2024-04-01\n    note: \"\"\n")  # the record had no revisions: the key comes too
    # Pasted as printed, the blank reason is refused: the public page would show an empty reason.
    path.write_text(path.read_text(encoding="utf-8") + "\n" + entry, encoding="utf-8")
    blank = run_cli("check", str(data), "--no-review")
    assert blank.returncode == 1 and "revisions[0].note：修订说明（note）不能为空" in blank.stderr
    path.write_text(path.read_text(encoding="utf-8").replace('note: ""', "note: 根据县财政局批复调整预算数"), encoding="utf-8")
    stale = run_cli("check", str(data), "--no-review")
    assert stale.returncode == 1 and "bin/budgetsite freeze 2021" in stale.stderr
    assert run_cli("freeze", "2021", "--data", str(data), "--date", "2024-04-02").returncode == 0
    assert run_cli("check", str(data), "--no-review").returncode == 0


@pytest.mark.parametrize(("note", "why"), [
    ("无", "占位内容"), ("修改", "占位内容"), ("xxx", "占位内容"), ("TODO", "占位内容"),
    ("请填写修改原因", "占位内容"), ("？？", "是空的"), ("改了", "太短"),
])
def test_placeholder_reasons_are_refused(data: Path, note: str, why: str) -> None:
    path = data / "2021" / "711001.yaml"
    path.write_text(path.read_text(encoding="utf-8") + f"\nrevisions:\n  - {{date: 2024-04-01, note: \"{note}\"}}\n", encoding="utf-8")
    (message,) = errors_of(data)
    assert "revisions[0].note：修订说明（note）" in message and why in message and "根据县财政局批复调整预算数" in message


@pytest.mark.parametrize(("revision", "fragment"), [
    ('  - {date: 2024-13-01, note: 更正笔误错字}\n', "修订日期应写作 年-月-日"),
    ('  - {date: 2024-05-01, note: 更正笔误错字}\n  - {date: 2024-04-01, note: 补充遗漏内容}\n', "按日期先后排列"),
    ('  - date: 2024-04-01\n    note: 更正笔误错字\n    changes:\n      - {path: "projects[NOPE].budget.total", before: "5.00", after: "6.00"}\n', "在本文件中不存在"),
    ('  - date: 2024-04-01\n    note: 更正笔误错字\n    changes:\n      - {path: "projects[0].budget.total", before: "4.00", after: "9.00"}\n', "现在是“5.00”"),
])
def test_revision_entries_are_checked_against_the_record(data: Path, revision: str, fragment: str) -> None:
    path = data / "2021" / "711001.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\nrevisions:\n" + revision, encoding="utf-8")
    messages = errors_of(data)
    assert len(messages) == 1 and fragment in messages[0] and "711001.yaml:" in messages[0] and "revisions[" in messages[0], messages


def test_metadata_dates_are_checked(data: Path) -> None:
    path = data / "2021" / "711001.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\nmeta:\n  published: 2021年3月15日\n", encoding="utf-8")
    (message,) = errors_of(data)
    assert "meta.published" in message and "发布日期应写作 年-月-日" in message


@pytest.mark.slow
def test_a_build_with_an_out_of_date_manifest_fails_with_the_command_to_run(data: Path) -> None:
    """Issue 12, point 7: it used to publish, with a warning, a manifest other than the committed one."""
    from conftest import run_build, write_site_config

    freeze_year(data, 2021, "2024-03-01")
    path = bump_budget(data)
    path.write_text(path.read_text(encoding="utf-8") + REVISION, encoding="utf-8")
    root = data.parent
    config = write_site_config(root, data)
    failed = run_build(config)
    assert failed.returncode != 0 and not (root / "site" / "2021" / "manifest.json").exists()
    assert "2021 年有修订尚未写入冻结清单" in failed.stderr and "请运行 bin/budgetsite freeze 2021" in failed.stderr
    assert "Traceback" not in failed.stderr
    freeze_year(data, 2021, "2024-04-02")
    assert run_build(config).returncode == 0
    assert (root / "site" / "2021" / "manifest.json").read_bytes() == manifest_file(data, 2021).read_bytes()
