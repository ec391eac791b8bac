"""A year cut down to what the pages over every year show (summaries.py): exact JSON round trip, nothing more kept."""

from __future__ import annotations

import pytest

from budgetsite import summaries, synth
from budgetsite.collection import load_archive
from budgetsite.synth_evaluation import write_evaluations


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory):
    data = tmp_path_factory.mktemp("summaries") / "data"
    synth.write(data, 40, seed=3, years=2)
    write_evaluations(data, 0.5, 3)
    return load_archive(data)


def test_a_summary_reads_back_equal_and_keeps_its_decimals(synthetic) -> None:
    example = summaries.reference_example(synthetic)
    cut = summaries.summarised(synthetic, example)
    back = summaries.loads(summaries.dumps(cut))
    assert synthetic.evaluations and back.records == cut.records and back.evaluations == cut.evaluations
    amounts = [(p.budget.total, q.budget.total) for r, s in zip(synthetic.records, back.records)
               for p, q in zip(r.projects, s.projects) if p.budget is not None]
    assert amounts and all(str(a) == str(b) for a, b in amounts)  # 5.00 stays 5.00
    kept = [r for r in back.records if r.source is not None]
    assert [(r.year, r.unit.code) for r in kept] == [example]
    assert kept[0].source.text == next(r for r in synthetic.records if (r.year, r.unit.code) == example).source.text


def test_a_summary_holds_no_indicator_goal_or_text(synthetic) -> None:
    cut = summaries.summarised(synthetic)
    assert all(not p.indicators and not p.goals and not p.details and not p.purpose for r in cut.records for p in r.projects)
    assert all(not r.overall_goals and not r.safeguards and r.source is None for r in cut.records)
    assert all(not p.indicators for e in cut.evaluations for p in e.projects)
    assert len(summaries.dumps(cut)) < sum(len(r.source.text.encode()) for r in synthetic.records) / 3


def test_anything_else_is_not_a_summary() -> None:
    with pytest.raises(ValueError, match="summary"):
        summaries.loads(b'{"format": "budgetsite-search-part/1"}')
