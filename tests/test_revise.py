"""`budgetsite revise`: the revision entry of `budgetsite diff`, with the clerk's reason, written into the record."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetsite.errors import RecordsInvalid
from budgetsite.load import parse_record
from budgetsite.revise import ReviseFailed, entry_text, revise
from conftest import REVISION, SEED_RECORD

SEED = SEED_RECORD.read_text(encoding="utf-8")
ENTRY = '  - date: 2024-05-01\n    note: "更正笔误错字"\n    changes: []\n'


def revisions_of(text: str) -> list[tuple[str, str]]:
    record, errors = parse_record(text.encode(), "data/2021/711001.yaml")
    assert errors == [], errors
    assert record is not None
    return [(r.date, r.note) for r in record.revisions]


@pytest.mark.parametrize("shape", ["none", "block", "block-then-key", "zero-indent", "null", "empty-flow"])
def test_the_entry_goes_at_the_end_of_revisions_whatever_its_shape(shape: str) -> None:
    first = REVISION.strip("\n") + "\n"
    text = {
        "none": SEED,
        "block": SEED + "\n" + first,
        "block-then-key": SEED.replace("year: 2021\n", first + "year: 2021\n", 1),
        "zero-indent": SEED + "\n" + first.replace("\n  ", "\n"),
        "null": SEED + "\nrevisions:\n",
        "empty-flow": SEED + "\nrevisions: []\n",
    }[shape]
    before = revisions_of(text)
    after = revisions_of(entry_text(text, ENTRY))
    assert after == [*before, ("2024-05-01", "更正笔误错字")]


def test_revise_writes_the_diff_and_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "711001.yaml"
    path.write_text(SEED.replace("      total: 5.00\n      fiscal: 5.00\n", "      total: 6.00\n      fiscal: 6.00\n"), encoding="utf-8")
    result = revise(path, SEED.encode(), "根据县财政局批复调整预算数", "2024-04-01")
    assert [(c.path, c.before, c.after) for c in result.changes] == [
        ("projects[130821212EHVWVXYA137X].budget.total", "5.00", "6.00"),
        ("projects[130821212EHVWVXYA137X].budget.fiscal", "5.00", "6.00"),
    ]
    text = path.read_text(encoding="utf-8")
    assert text.endswith('revisions:\n  - date: 2024-04-01\n    note: "根据县财政局批复调整预算数"\n    changes:\n'
                         '      - {path: "projects[130821212EHVWVXYA137X].budget.total", before: "5.00", after: "6.00"}\n'
                         '      - {path: "projects[130821212EHVWVXYA137X].budget.fiscal", before: "5.00", after: "6.00"}\n')
    assert revisions_of(text) == [("2024-04-01", "根据县财政局批复调整预算数")]


def test_nothing_is_written_when_it_cannot_be_right(tmp_path: Path) -> None:
    path = tmp_path / "711001.yaml"
    broken = SEED.replace("      total: 5.00\n", "      total: 6万元\n")
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(RecordsInvalid):
        revise(path, SEED.encode(), "根据县财政局批复调整预算数", "2024-04-01")
    with pytest.raises(ReviseFailed, match="占位内容"):
        revise(path, SEED.encode(), "修改", "2024-04-01")
    assert path.read_text(encoding="utf-8") == broken
    assert [p.name for p in tmp_path.iterdir()] == ["711001.yaml"]  # no temporary file left behind


def test_diff_says_where_the_entry_goes(tmp_path: Path) -> None:
    """Issue 12, point 6: the hint names revisions: only when the record has it, and the reason is a blank to fill."""
    from conftest import run_cli

    old, new = tmp_path / "old.yaml", tmp_path / "711001.yaml"
    old.write_text(SEED, encoding="utf-8")
    changed = SEED.replace("      total: 5.00\n      fiscal: 5.00\n", "      total: 6.00\n      fiscal: 6.00\n")
    new.write_text(changed, encoding="utf-8")
    first = run_cli("diff", str(old), str(new), "--date", "2024-04-01")
    assert "加到" in first.stdout and "的末尾" in first.stdout and "\nrevisions:\n  - date: 2024-04-01\n    note: \"\"\n" in first.stdout
    new.write_text(changed + REVISION, encoding="utf-8")
    second = run_cli("diff", str(old), str(new), "--date", "2024-05-01")
    assert "已有的 revisions: 列表末尾" in second.stdout and "\nrevisions:" not in second.stdout
    assert "请填写修改原因" not in first.stdout + second.stdout  # nothing that passes for a reason when pasted as is


def test_site_script_tells_how_to_run_the_commands_from_a_new_shell() -> None:
    """Point 1: after `bash scripts/site.sh`, a new shell has bin/budgetsite and bin/mkdocs (tests/test_clerk_day.py runs them)."""
    from conftest import REPO

    script = (REPO / "scripts" / "site.sh").read_text(encoding="utf-8")
    assert "bin/budgetsite check data" in script and "bin/mkdocs build" in script and 'echo "安装完成' in script
    for name in ("budgetsite", "mkdocs"):
        wrapper = REPO / "bin" / name
        assert wrapper.stat().st_mode & 0o111 and f'.venv/bin/{name}"' in wrapper.read_text(encoding="utf-8")
