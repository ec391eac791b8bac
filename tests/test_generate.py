"""`budgetsite generate`: synthetic records, deterministic per seed, valid, varied."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from budgetsite import synth
from budgetsite.collection import load_archive
from budgetsite.load import parse_record
from budgetsite.values import parse_quantity
from conftest import REPO, run_cli


def test_same_seed_same_records_other_seed_other_records() -> None:
    first = list(synth.generate(30, seed=7))
    again = list(synth.generate(30, seed=7))
    other = list(synth.generate(30, seed=8))
    assert first == again
    assert [r.text for r in first] != [r.text for r in other]


@pytest.mark.parametrize("n", [0, 1, 7, 20, 101, 250])
def test_exactly_n_records_with_distinct_paths(n: int) -> None:
    records = list(synth.generate(n, seed=1))
    assert len(records) == n
    assert len({r.relpath for r in records}) == n


def test_every_record_is_valid_and_the_archive_loads(tmp_path: Path) -> None:
    paths = synth.write(tmp_path / "data", 120, seed=3)
    assert len(paths) == 120
    for path in paths:
        record, errors = parse_record(path.read_bytes(), path.name, expect_year=int(path.parent.name), expect_code=path.stem)
        assert errors == [], errors
        assert record is not None
    archive = load_archive(tmp_path / "data")  # cross-record checks too: project codes unique per year
    assert len(archive.records) == 120


def test_spread_over_years_and_departments_with_history() -> None:
    records = list(synth.generate(1000, seed=0))
    years = Counter(r.year for r in records)
    assert len(years) == 10  # a county's decade
    assert min(years.values()) == max(years.values()) == 100
    per_department = Counter(r.code for r in records)
    assert len(per_department) == 100 and set(per_department.values()) == {10}


def test_variety_like_real_documents() -> None:
    records = [parse_record(r.text.encode(), r.relpath)[0] for r in synth.generate(200, seed=5)]
    assert all(records)
    projects = [p for r in records for p in r.projects]  # type: ignore[union-attr]
    per_record = Counter(len(r.projects) for r in records)  # type: ignore[union-attr]
    assert min(per_record) >= 2 and max(per_record) >= 4  # several projects
    counts = {len(p.indicators) for p in projects}
    assert min(counts) >= 8 and max(counts) <= 15 and len(counts) >= 5
    values = [i.value for p in projects for i in p.indicators]
    assert any(v.startswith("≥") and v.endswith("%") for v in values)
    assert any(v.startswith("≤") and "万元" in v for v in values)
    assert "100 百分比" in values
    assert any("％" in v or "＞" in v or "≧" in v for v in values)  # full-width spellings
    assert "" in values  # blank cells are kept
    qualitative = [v for v in values if v and parse_quantity(v) is None]
    assert len(set(qualitative)) >= 10
    assert any(len(v) >= 15 for v in qualitative)  # sentence-long values
    # long goal texts, like the seed's
    assert max(len(g.text) for r in records for g in r.overall_goals) >= 150  # type: ignore[union-attr]
    levels = {i.level1 for p in projects for i in p.indicators}
    assert {"产出指标", "效益指标", "满意度指标"} <= levels
    assert {r.status for r in records} == {"正式", "草案"}  # type: ignore[union-attr]
    assert {r.money_unit for r in records} >= {"万元"}  # type: ignore[union-attr]
    assert any(p.budget.other > 0 for p in projects) and any(p.budget.other == 0 for p in projects)
    for p in projects:
        assert p.budget.total == p.budget.fiscal + p.budget.other


def test_cli_generate_writes_records(tmp_path: Path) -> None:
    out = tmp_path / "data"
    result = run_cli("generate", "--docs", "12", "--seed", "4", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert len(list(out.rglob("*.yaml"))) == 12
    assert run_cli("check", str(out)).returncode == 0
    # Refuses to mix into an existing data folder unless told to.
    assert run_cli("generate", "--docs", "3", "--out", str(out)).returncode == 1


def test_generated_findings_look_like_a_county_and_match_bench_readme(tmp_path: Path) -> None:
    """Few errors, as in a real county's documents; bench/README.md quotes exactly these counts."""
    from budgetsite.collection import load_archive
    from budgetsite.review import review_archive, summary

    data = tmp_path / "data"
    synth.write(data, 300, 0)
    archive = load_archive(data)
    findings = [f for fs in review_archive(archive).values() for f in fs]
    errors = [f for f in findings if f.severity == "错误"]
    indicators = sum(len(p.indicators) for r in archive.records for p in r.projects)
    assert len(errors) < len(archive.records) / 4  # fewer than one error per four documents
    assert len([f for f in findings if f.severity == "警告"]) < indicators / 20
    readme = (REPO / "bench" / "README.md").read_text(encoding="utf-8")
    assert summary(findings) in readme and f"{indicators:,} 条绩效指标" in readme
