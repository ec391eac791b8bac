"""Self-evaluations (项目支出绩效自评表): the naming rule, loading, matching to targets, scoring and review."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from budgetsite.collection import RecordCache, load_archive
from budgetsite.errors import RecordsInvalid
from budgetsite.evaluation_load import parse_evaluation
from budgetsite.evaluation_match import match_evaluation, match_indicators
from budgetsite.evaluation_model import ResultIndicator
from budgetsite.kinds import EVALUATION, TARGETS, file_stem, kind_of
from budgetsite.load import read_record
from budgetsite.model import Indicator
from budgetsite.review import RULES, review_evaluation
from budgetsite.review.evaluation_ids import EVALUATION_RULES
from budgetsite.review.scoring import execution_rate, expected_score, ratio_score, same_at
from budgetsite.values import parse_quantity
from conftest import FIXTURES, make_data_dir

EVALUATION_FIXTURE = FIXTURES / "evaluation" / "data" / "2021" / "712001-evaluation.yaml"
TARGETS_FIXTURE = FIXTURES / "extra" / "2021" / "712001.yaml"
TEXT = EVALUATION_FIXTURE.read_text(encoding="utf-8")


def make_evaluation_data(target: Path) -> Path:
    """The shared fixture data set plus the fictional 712001 self-evaluation of 2021."""
    data = make_data_dir(target)
    shutil.copy(EVALUATION_FIXTURE, data / "2021" / EVALUATION_FIXTURE.name)
    return data


def load(text: str, file: str = "data/2021/712001-evaluation.yaml"):
    return parse_evaluation(text.encode("utf-8"), file, expect_year=2021, expect_code="712001")


def review_text(text: str) -> list[str]:
    evaluation, errors = load(text)
    assert errors == [], errors
    record, _ = read_record(TARGETS_FIXTURE, "data/2021/712001.yaml")
    return [f.format() for f in review_evaluation(match_evaluation(record, evaluation))]


def line_of(text: str, marker: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if marker in line)


# -- the naming rule -----------------------------------------------------------------------

def test_file_kind_from_its_name() -> None:
    assert kind_of("711001") == (TARGETS, "711001")
    assert kind_of("711001-evaluation") == (EVALUATION, "711001")
    assert kind_of("-evaluation") == (TARGETS, "-evaluation")  # a suffix alone is not a unit code
    assert file_stem(EVALUATION, "711001") == "711001-evaluation"


# -- loading ---------------------------------------------------------------------------------

def test_fixture_loads_with_exact_decimals_and_texts() -> None:
    evaluation, errors = load(TEXT)
    assert errors == [] and evaluation is not None
    project = evaluation.projects[0]
    total = project.funds[0]
    assert (total.adjusted, total.spent, total.rate, total.rate_percent) == (Decimal("12.50"), Decimal("11.25"), "90.00%", Decimal("90.00"))
    assert str(total.score) == "9.00" and str(project.total_score) == "95.00"
    row = project.indicators[1]
    assert (row.target, row.actual, str(row.score)) == ("≥40 场", "36 场", "18.00")
    assert row.target_quantity and row.target_quantity.number == 40 and row.actual_quantity and row.actual_quantity.number == 36
    assert evaluation.source is not None and evaluation.source.position("projects[0].total_score")[0] == line_of(TEXT, "total_score: 95.00")


def test_every_error_at_once_with_place_and_chinese() -> None:
    bad = (TEXT.replace("spent: 11.25", "spent: 11.25 万元")
           .replace("score: 18.00", "score: 十八")
           .replace("  - name: 非遗展示活动经费", "  - name: 非遗展示活动经费\n    colour: red"))
    evaluation, errors = load(bad)
    assert evaluation is None
    shown = [e.format() for e in errors]
    assert len(shown) == 3, shown
    assert any(f":{line_of(bad, '11.25 万元')}:" in s and "全年执行数（spent）应为金额" in s and "只写数字" in s for s in shown)
    assert any(f":{line_of(bad, '十八')}:" in s and "得分（score）应为金额" in s for s in shown)
    assert any(f":{line_of(bad, 'colour')}:" in s and "未知字段“colour”" in s for s in shown)
    assert all("Traceback" not in s for s in shown)


def test_wrong_unit_code_and_duplicate_project() -> None:
    bad = TEXT.replace("year: 2021", "year: 2022").replace('code: "712001"', 'code: "712002"').replace("  - name: 非遗展示活动经费", "  - name: 公共文化场馆免费开放补助\n    code: 130821300WHG0000000A1")
    _, errors = load(bad)
    shown = [e.format() for e in errors]
    assert len(shown) == 3, shown
    assert shown[0].startswith("data/2021/712001-evaluation.yaml:2:7: 字段 year：年度（year）为 2022，但文件放在 2021 年的文件夹里")
    assert any("文件名是 712001-evaluation.yaml；文件名必须是 单位编码-evaluation.yaml" in s for s in shown)
    assert any("项目编码“130821300WHG0000000A1”与第" in s and "同一自评表中每个项目只能出现一次" in s for s in shown)


def test_archive_holds_both_kinds_and_reparses_only_what_changed(tmp_path: Path) -> None:
    data = make_evaluation_data(tmp_path)
    cache = RecordCache()
    archive = load_archive(data, cache)
    assert len(archive.records) == 3 and len(archive.evaluations) == 1
    assert archive.evaluation(2021, "712001") is archive.evaluations[0]
    assert archive.match(2021, "711001") is None
    assert cache.parsed == 4
    load_archive(data, cache)
    assert cache.parsed == 4
    path = data / "2021" / "712001-evaluation.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("conclusion: 良", "conclusion: 良好"), encoding="utf-8")
    assert load_archive(data, cache).evaluations[0].projects[0].conclusion == "良好"
    assert cache.parsed == 5


def test_archive_error_in_a_self_evaluation_stops_the_build(tmp_path: Path) -> None:
    data = make_evaluation_data(tmp_path)
    (data / "2021" / "712001-evaluation.yaml").write_text(TEXT.replace("total_score: 95.00", "total_score: 九十五"), encoding="utf-8")
    with pytest.raises(RecordsInvalid) as caught:
        load_archive(data)
    assert f"712001-evaluation.yaml:{line_of(TEXT, 'total_score: 95.00')}:" in caught.value.report()
    assert "总分（total_score）应为金额" in caught.value.report()


# -- matching --------------------------------------------------------------------------------

def test_fixture_matches_by_code_and_keeps_every_unmatched_row() -> None:
    evaluation, _ = load(TEXT)
    record, _ = read_record(TARGETS_FIXTURE)
    match = match_evaluation(record, evaluation)
    first, extra = match.projects
    assert (first.target, first.result, first.by) == (0, 0, "项目编码")
    assert (extra.target, extra.result, extra.by) == (None, 1, None)
    assert [(p.target, p.result) for p in first.indicators] == [(0, 0), (1, 1), (2, 2), (3, 3), (4, 5), (None, 4)]
    counts = match.counts()
    assert counts.as_tuple() == (1, 0, 1, 5, 0, 1)
    assert counts.describe() == "项目匹配 1 个，仅有目标 0 个，仅有自评 1 个；指标匹配 5 行，仅有目标 0 行，仅有自评 1 行"


def test_project_matched_by_name_when_the_code_is_absent_and_code_wins() -> None:
    evaluation, _ = load(TEXT.replace("  - code: 130821300WHG0000000A1\n", "  - code: X1\n").replace("name: 非遗展示活动经费", "name: 公共文化场馆 免费开放补助"))
    record, _ = read_record(TARGETS_FIXTURE)
    match = match_evaluation(record, evaluation)
    assert [(p.target, p.result, p.by) for p in match.projects] == [(0, 0, "项目名称"), (None, 1, None)]
    # Without a target year every project is unmatched, and none is dropped.
    alone = match_evaluation(None, evaluation)
    assert [(p.target, p.result) for p in alone.projects] == [(None, 0), (None, 1)]


def _target(level1: str, level2: str, name: str) -> Indicator:
    return Indicator(level1=level1, level2=level2, name=name, value="≥1 个")


def _result(level1: str, level2: str, name: str) -> ResultIndicator:
    return ResultIndicator(level1=level1, level2=level2, name=name, target="≥1 个", actual="1 个")


def test_indicator_rows_match_within_their_levels_in_order() -> None:
    targets = [_target("产出指标", "数量指标", "场次"), _target("产出指标", "数量指标", "场次"), _target("效益指标", "社会效益指标", "场次"),
               _target("产出指标", "质量指标", "合格率")]
    results = [_result("产出指标", "产出数量指标", "场 次"), _result("效益指标", "社会效益", "场次"), _result("产出指标", "数量指标", "场次"),
               _result("产出指标", "时效指标", "及时率")]
    pairs = [(p.target, p.result) for p in match_indicators(targets, results)]
    assert pairs == [(0, 0), (1, 2), (2, 1), (3, None), (None, 3)]


# -- scoring ---------------------------------------------------------------------------------

def q(text: str):
    value = parse_quantity(text)
    assert value is not None
    return value


def test_ratio_scores_and_caps() -> None:
    ten = Decimal("10")
    assert ratio_score(q("≥40 场"), q("36 场"), Decimal("20")) == Decimal("18")
    assert ratio_score(q("≥90%"), q("99%"), ten) == ten  # capped at the points
    assert ratio_score(q("≥90%"), q("99%"), ten, cap=False) == Decimal("11")
    assert ratio_score(q("≤5 万元"), q("6.25 万元"), ten) == Decimal("8")
    assert ratio_score(q("≤5 万元"), q("4 万元"), ten) == ten
    assert ratio_score(q("≥0 个"), q("3 个"), ten) is None
    qualitative = ResultIndicator(level1="效益指标", level2="社会效益指标", name="认可", target="取得全社会认可", actual="基本达成",
                                  points=Decimal(15), score=Decimal(14))
    assert expected_score(qualitative) is None  # the recorded score stands
    assert execution_rate(Decimal("4.80"), Decimal("5.00")) == Decimal("96")
    assert execution_rate(Decimal("1"), Decimal("0")) is None
    assert same_at(Decimal("96.00"), Decimal("96.004")) and not same_at(Decimal("96.00"), Decimal("96.006"))


# -- review: each broken rule names the file, the line and both numbers ---------------------

def test_the_fixture_has_only_its_unmatched_rows() -> None:
    found = review_text(TEXT)
    assert len(found) == 2
    assert f"712001-evaluation.yaml:{line_of(TEXT, '活动宣传覆盖率')}:46: 警告 [eval-unmatched-indicator]" in found[0]
    assert "三级指标“活动宣传覆盖率”（效益指标/社会效益指标）在绩效目标表的项目“公共文化场馆免费开放补助”中没有" in found[0]
    assert f"712001-evaluation.yaml:{line_of(TEXT, '非遗展示活动经费')}:11: 警告 [eval-unmatched-project]" in found[1]


def test_a_target_project_the_self_evaluation_lacks_is_reported_in_the_targets_file(tmp_path: Path) -> None:
    evaluation, _ = load(TEXT.replace("  - code: 130821300WHG0000000A1\n    name: 公共文化场馆免费开放补助", "  - name: 另一个项目"))
    record, _ = read_record(TARGETS_FIXTURE, "data/2021/712001.yaml")
    found = [f.format() for f in review_evaluation(match_evaluation(record, evaluation))]
    assert any(f.startswith("data/2021/712001.yaml:") and "[eval-unmatched-project]" in f
               and "项目“公共文化场馆免费开放补助”（130821300WHG0000000A1）在自评表 data/2021/712001-evaluation.yaml 中没有对应的项目" in f
               for f in found), found


def test_budget_execution_score_against_its_rate() -> None:
    bad = TEXT.replace("rate: 90.00%, score: 9.00}", "rate: 90.00%, score: 10.00}").replace("total_score: 95.00", "total_score: 96.00")
    (finding,) = [f for f in review_text(bad) if "[eval-budget-score]" in f]
    assert f"712001-evaluation.yaml:{line_of(bad, 'score: 10.00}')}:" in finding and "预算执行得分为 10.00，按执行率 90.00% × 分值 10 应为 9.00" in finding


def test_wrong_total_names_file_line_and_both_numbers() -> None:
    bad = TEXT.replace("total_score: 95.00", "total_score: 96.00")
    (finding,) = [f for f in review_text(bad) if "[eval-total]" in f]
    assert finding == (f"data/2021/712001-evaluation.yaml:{line_of(bad, 'total_score: 96.00')}:18: 错误 [eval-total] projects[0].total_score："
                       "总分为 96.00，但各行得分之和为 95.00（预算执行 9.00 + 6 个指标）；相差 1.00")


def test_weights_summing_to_110_with_a_total_of_100() -> None:
    bad = TEXT.replace("name: 免费开放天数, target: ≥300 天, actual: 310 天, points: 20, score: 20",
                       "name: 免费开放天数, target: ≥300 天, actual: 310 天, points: 30, score: 30").replace("total_score: 95.00", "total_score: 105.00")
    found = [f for f in review_text(bad) if "[eval-weights]" in f]
    assert len(found) == 2, found
    assert f"712001-evaluation.yaml:{line_of(bad, 'points: 30, score: 30')}:" in found[0] and "产出指标各行分值合计 60，通用办法" in found[0] and "为 50" in found[0]
    assert f"712001-evaluation.yaml:{line_of(bad, 'total_points: 100')}:" in found[1] and "各行分值合计 110，与总分的分值 100 不符" in found[1]


def test_execution_rate_that_is_not_spent_over_budget() -> None:
    bad = TEXT.replace("spent: 11.25, points: 10, rate: 90.00%, score: 9.00", "spent: 11.25, points: 10, rate: 95.00%, score: 9.50")
    found = review_text(bad)
    rate = next(f for f in found if "[eval-rate]" in f)
    assert f"712001-evaluation.yaml:{line_of(bad, 'rate: 95.00%')}:" in rate
    assert "“年度资金总额”执行率为 95.00%，但 全年执行数 11.25 ÷ 全年预算数 12.50 = 90.00%" in rate
    assert any("[eval-total]" in f and "总分为 95.00，但各行得分之和为 95.50" in f for f in found)


def test_score_against_the_rule_over_the_points_and_missing_reason() -> None:
    bad = (TEXT.replace("actual: 36 场, points: 20, score: 18.00", "actual: 36 场, points: 20, score: 19.00")
           .replace("name: 群众满意度, target: ≥95%, actual: 96%, points: 10, score: 10", "name: 群众满意度, target: ≥95%, actual: 96%, points: 10, score: 12")
           .replace("name: 项目成本, target: ≤12.5 万元, actual: 11.25 万元, points: 10, score: 10",
                    "name: 项目成本, target: ≤12.5 万元, actual: 11.25 万元, points: 10, score: 9"))
    found = review_text(bad)
    score = next(f for f in found if "[eval-score]" in f and "群众文化活动场次" in f)
    assert "得分为 19.00，按 实际 ÷ 目标 × 分值（36 场 对 ≥40 场，分值 20）应为 18.00" in score
    assert any("[eval-score-over]" in f and "三级指标“群众满意度”得分 12 超过分值 10" in f for f in found)
    cost = [f for f in found if "项目成本" in f]
    assert any("[eval-score]" in f and "按 目标 ÷ 实际 × 分值" in f and "应为 10" in f for f in cost)
    assert any("[eval-reason-missing]" in f and "三级指标“项目成本”得分 9，低于分值 10，但没有写偏差原因分析及改进措施" in f for f in cost)


def test_target_changed_between_the_two_documents() -> None:
    bad = TEXT.replace("target: ≥40 场", "target: ≥36 场")
    (finding,) = [f for f in review_text(bad) if "[eval-target-changed]" in f]
    assert f"712001-evaluation.yaml:{line_of(bad, 'target: ≥36 场')}:" in finding
    target_line = line_of(TARGETS_FIXTURE.read_text(encoding="utf-8"), "name: 群众文化活动场次")
    assert f"三级指标“群众文化活动场次”的年度指标值为“≥36 场”，公开的绩效目标为“≥40 场”（data/2021/712001.yaml 第 {target_line} 行）" in finding


def test_unknown_scoring_scheme() -> None:
    bad = TEXT.replace("published: 2022-05-20", "published: 2022-05-20\nscoring: 某省办法")
    assert any("[eval-scheme]" in f and "评分办法“某省办法”没有定义" in f for f in review_text(bad))


def test_every_evaluation_rule_is_a_review_rule_with_a_case() -> None:
    assert set(EVALUATION_RULES) <= set(RULES)
    cases = Path(__file__).read_text(encoding="utf-8")
    assert [rule for rule in EVALUATION_RULES if f"[{rule}]" not in cases] == []


def test_every_self_evaluation_field_is_on_the_reference_page() -> None:
    import dataclasses

    from budgetsite.model import schema_fields
    from budgetsite.render.reference import evaluation_classes, render_reference

    page = render_reference(None, None)
    assert "data/2021/711001-evaluation.yaml" in page
    classes = evaluation_classes()
    assert [c.__name__ for c in classes] == ["Evaluation", "ProjectResult", "FundRow", "ResultIndicator"]
    for cls in classes:
        for f in schema_fields(cls):
            assert f"<code>{f.name}</code>" in page and f.metadata["label"] in page, f"{cls.__name__}.{f.name}"
    assert all(dataclasses.is_dataclass(c) for c in classes)


def test_synthetic_self_evaluations_answer_their_records_and_review_clean(tmp_path: Path) -> None:
    from budgetsite import synth
    from budgetsite.evaluation_match import NO_MATCHES
    from budgetsite.review import review_archive
    from budgetsite.synth_evaluation import write_evaluations
    from conftest import run_cli

    synth.write(tmp_path / "a", 30, 3)
    first = write_evaluations(tmp_path / "a", 0.5, 3)
    assert 8 <= len(first) <= 22 and all(p.name.endswith("-evaluation.yaml") for p in first)
    archive = load_archive(tmp_path / "a")
    counts = sum((m.counts() for m in archive.matches()), NO_MATCHES)
    assert counts.projects_matched > 0 and counts.as_tuple()[1:3] == (0, 0) and counts.as_tuple()[4:] == (0, 0)
    assert [f for fs in review_archive(archive).values() for f in fs if f.rule.startswith("eval-")] == []
    result = run_cli("generate", "--docs", "30", "--seed", "3", "--evaluations", "0.5", "--out", str(tmp_path / "b"))
    assert result.returncode == 0 and f"已为其中 {len(first)} 份生成合成的项目支出绩效自评表" in result.stdout
    assert [p.read_bytes() for p in first] == [(tmp_path / "b" / p.relative_to(tmp_path / "a")).read_bytes() for p in first]
    bad = run_cli("generate", "--docs", "3", "--evaluations", "2", "--out", str(tmp_path / "c"))
    assert bad.returncode == 1 and "--evaluations 应为 0 到 1 之间的比例" in bad.stderr


def test_record_text_of_a_self_evaluation_is_escaped_on_every_page() -> None:
    from budgetsite.render.evaluation import render_evaluation
    from budgetsite.render.page import PageContext

    hostile = "<script>alert(1)</script>"
    evaluation, errors = load(TEXT.replace("conclusion: 良", f'conclusion: "{hostile}"')
                              .replace("reason: 部分乡镇", f'reason: "{hostile} 部分乡镇')
                              .replace("将增加基层场次并提前公告。}", '将增加基层场次并提前公告。"}')
                              .replace("name: 非遗展示活动经费", 'name: "[点我](javascript:alert(1)) *x*"'))
    assert errors == [], errors
    record, _ = read_record(TARGETS_FIXTURE)
    match = match_evaluation(record, evaluation)
    page = render_evaluation(match, PageContext("2021/712001/evaluation.md"))
    assert hostile not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    import markdown

    html = markdown.markdown(page, extensions=["attr_list", "md_in_html", "toc", "tables"])
    assert "<script>" not in html and 'href="javascript' not in html and "<em>x</em>" not in html
    from budgetsite.render.document import render_document

    document = render_document(record, PageContext("2021/712001.md"), results=match)
    assert hostile not in document and "&lt;script&gt;" in document


def test_a_provinces_scoring_is_data_in_its_framework_file(tmp_path: Path) -> None:
    from budgetsite.review import FrameworkChoice, FrameworkError, load_framework, review_archive
    from conftest import run_cli

    framework = tmp_path / "某省.yaml"
    framework.write_text(
        "name: 某省框架\nlevel1:\n  产出指标: [数量指标, 质量指标, 时效指标, 成本指标]\n  效益指标: [社会效益指标]\n  满意度指标: [服务对象满意度指标]\n"
        "scoring:\n  budget: 10\n  groups: {产出指标: 60, 效益指标: 20, 满意度指标: 10}\n  total: 100\n", encoding="utf-8")
    assert load_framework(str(framework)).scoring.groups["产出指标"] == Decimal(60)  # type: ignore[union-attr]
    data = make_evaluation_data(tmp_path)
    archive = load_archive(data)
    found = [f.format() for fs in review_archive(archive, FrameworkChoice.build("B", {2021: str(framework)})).values() for f in fs
             if f.rule == "eval-weights"]
    assert any("产出指标各行分值合计 50，某省框架 的评分办法为 60" in f for f in found), found
    assert any("效益指标各行分值合计 30，某省框架 的评分办法为 20" in f for f in found), found
    assert not [f for fs in review_archive(archive).values() for f in fs if f.rule == "eval-weights"]  # the common scheme
    check = run_cli("check", "data", "--framework-year", f"2021={framework}", cwd=data.parent)
    assert "[eval-weights]" in check.stdout and "某省框架 的评分办法为 60" in check.stdout
    framework.write_text(framework.read_text(encoding="utf-8").replace("budget: 10", "budget: 十"), encoding="utf-8")
    with pytest.raises(FrameworkError, match="scoring 格式不对"):
        load_framework(str(framework))
