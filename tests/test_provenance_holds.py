"""Provenance that holds against a determined editor: a frozen record changes only with a revision that says exactly what changed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from budgetsite.build import freeze_year
from budgetsite.errors import RecordsInvalid
from budgetsite.frozen_store import version_path
from budgetsite.provenance import sha256
from budgetsite.routes import manifest_file
from conftest import REVISION, make_data_dir, plan_errors, register_manifest, run_cli

SEED = "2021/711001.yaml"
BUDGET = "      total: 5.00\n"
PROJECT = "projects[130821212EHVWVXYA137X]"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    data = make_data_dir(tmp_path)
    freeze_year(data, 2021, "2024-03-01")
    return data


errors_of = plan_errors


def freeze_errors(data: Path) -> list[str]:
    try:
        freeze_year(data, 2021, "2024-05-01")
    except RecordsInvalid as exc:
        return [e.format() for e in exc.errors]
    return []


def edit(data: Path, old: str, new: str, revision: str = "") -> Path:
    path = data / SEED
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new) + revision, encoding="utf-8")
    return path


def revision(*changes: tuple[str, str, str], date: str = "2024-04-01") -> str:
    lines = [f"      - {{path: {json.dumps(p)}, before: {json.dumps(b)}, after: {json.dumps(a)}}}" for p, b, a in changes]
    return f"\nrevisions:\n  - date: {date}\n    note: 调整\n    changes:{'' if lines else ' []'}\n" + "\n".join(lines) + "\n"


def test_freeze_keeps_every_frozen_version_by_its_hash(data: Path) -> None:
    manifest = json.loads(manifest_file(data, 2021).read_text(encoding="utf-8"))
    for entry in manifest["records"]:
        assert version_path(data, 2021, entry["sha256"]).read_bytes() == (data / entry["file"]).read_bytes()
    edit(data, BUDGET, "      total: 6.00\n", REVISION)
    # The revision explains the change; what is left is the committed manifest lagging behind it,
    # which fails the build with the command to run until the year is frozen again.
    (stale,) = errors_of(data)
    assert "有修订尚未写入冻结清单" in stale and "bin/budgetsite freeze 2021" in stale
    freeze_year(data, 2021, "2024-04-02")
    # The old version stays; the new one joins it.
    assert version_path(data, 2021, manifest["records"][0]["sha256"]).exists()
    assert version_path(data, 2021, sha256((data / SEED).read_bytes())).exists()


@pytest.mark.parametrize(("changes", "fragments"), [
    ([], ["从“5.00”改成了“6.00”", "没有写这一处"]),
    ([(f"{PROJECT}.name", "市级劳动模范春节慰问资金", "市级劳动模范春节慰问资金")], ["没有写这一处", "这一处没有改动"]),
    ([(f"{PROJECT}.budget.total", "4.00", "6.00")], ["原值写的是“4.00”，但冻结时的版本中是“5.00”"]),
])
def test_a_revision_must_describe_exactly_the_change(data: Path, changes: list[tuple[str, str, str]], fragments: list[str]) -> None:
    edit(data, BUDGET, "      total: 6.00\n", revision(*changes))
    messages = errors_of(data)
    assert messages and all("711001.yaml:" in m.split(": ")[0] for m in messages), messages
    joined = "\n".join(messages)
    for fragment in fragments:
        assert fragment in joined, messages
    # A re-freeze refuses as long as the revision does not match: it cannot launder the change.
    assert freeze_errors(data)
    assert json.loads(manifest_file(data, 2021).read_text(encoding="utf-8"))["updated"] == "2024-03-01"


def test_a_revision_that_hides_a_second_change_is_refused(data: Path) -> None:
    path = edit(data, BUDGET, "      total: 6.00\n", REVISION)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("code: 130821212EHVWVXYA137X", "code: 130821212EHVWVXYA999X", 1), encoding="utf-8")
    joined = "\n".join(errors_of(data))
    assert "projects[130821212EHVWVXYA999X]" in joined and "没有写这一处" in joined


def test_the_revision_that_budgetsite_diff_prints_against_the_frozen_version_passes(data: Path) -> None:
    path = edit(data, BUDGET, "      total: 500.00\n")
    (message,) = errors_of(data)
    frozen = message.split("budgetsite diff ")[1].split(" ")[0]  # the command the message suggests
    result = run_cli("diff", str(Path.cwd() / frozen) if not Path(frozen).is_absolute() else frozen, str(path), "--date", "2024-04-01")
    assert result.returncode == 0, result.stderr
    # As the output says: its lines (with the revisions: key, the record having none) go at the end, with a reason.
    entry = "".join(line for line in result.stdout.splitlines(keepends=True) if not line.startswith("#"))
    assert entry.startswith("revisions:\n") and 'note: ""' in entry
    path.write_text(path.read_text(encoding="utf-8") + "\n" + entry.replace('note: ""', 'note: "根据县财政局批复调整预算数"'), encoding="utf-8")
    # The revision is accepted; only the manifest still has to catch up, which freezing does.
    (stale,) = errors_of(data)
    assert "有修订尚未写入冻结清单" in stale
    assert freeze_errors(data) == []
    assert errors_of(data) == []


def test_a_missing_or_altered_frozen_version_is_named(data: Path) -> None:
    digest = sha256((data / SEED).read_bytes())
    stored = version_path(data, 2021, digest)
    edit(data, BUDGET, "      total: 6.00\n", REVISION)
    stored.write_bytes(stored.read_bytes().replace(b"5.00", b"6.00", 1))
    (message,) = errors_of(data)
    assert f"frozen/{digest}.yaml" in message and "SHA-256 不符" in message
    stored.unlink()
    (message,) = errors_of(data)
    assert f"frozen/{digest}.yaml" in message and "冻结时的版本缺失" in message and "git checkout" in message


def test_revisions_made_before_the_freeze_cannot_be_rewritten(data: Path) -> None:
    edit(data, BUDGET, "      total: 6.00\n", REVISION)
    freeze_year(data, 2021, "2024-04-02")
    path = data / SEED
    path.write_text(path.read_text(encoding="utf-8").replace("根据县财政局批复调整预算数", "笔误更正"), encoding="utf-8")
    joined = "\n".join(errors_of(data))
    assert "revisions[0]" in joined and "已公开的修订历史不能改写" in joined


def test_a_frozen_record_moved_to_a_look_alike_year_folder_is_refused_and_cannot_be_refrozen(data: Path) -> None:
    # Attack 1 of the issue: the frozen file goes to a folder in Arabic-Indic digits, a changed one takes its place.
    odd = data / "\u0662\u0660\u0662\u0661"
    odd.mkdir()
    shutil.copy(data / SEED, odd / "711001.yaml")
    edit(data, BUDGET, "      total: 500.00\n")
    messages = errors_of(data)
    assert any("不是年度文件夹" in m for m in messages), messages
    assert freeze_errors(data)
    shutil.rmtree(odd)
    assert any("没有新增修订记录" in m for m in errors_of(data))
    assert freeze_errors(data)


def test_a_year_cannot_lose_its_manifest_silently(data: Path) -> None:
    manifest_file(data, 2021).unlink()
    (message,) = errors_of(data)
    assert "2021/manifest.json" in message and "冻结清单不见了" in message


def test_a_manifest_listing_a_file_twice_is_refused(data: Path) -> None:
    path = manifest_file(data, 2021)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["records"].append(doc["records"][0])
    path.write_text(json.dumps(doc), encoding="utf-8")
    (altered,) = errors_of(data)  # the registry of frozen years sees the hand edit first
    assert altered.startswith(f"{data}/frozen-years.json:") and "SHA-256 与登记的不同" in altered
    register_manifest(data)
    (message,) = errors_of(data)
    assert "有重复的文件" in message
