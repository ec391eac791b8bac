"""Each review rule: a record that passes and one that fails, with the exact line and rule id."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetsite.load import parse_record
from budgetsite.review import RULES, FrameworkChoice, FrameworkError, load_framework, review_record
from conftest import FIXTURES

CLEAN = (FIXTURES / "extra" / "2021" / "712001.yaml").read_text(encoding="utf-8")
B = load_framework("B")


def id_number(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights)) % 11]


def record_from(text: str):
    record, errors = parse_record(text.encode("utf-8"), "2021/712001.yaml", expect_year=2021, expect_code="712001")
    assert errors == [], errors
    return record


def line_of(text: str, needle: str) -> int:
    hits = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def found(text: str, framework=B) -> list[tuple[int, str]]:
    return [(f.line, f.rule) for f in review_record(record_from(text), framework)]


def test_the_clean_record_passes_every_rule() -> None:
    assert found(CLEAN) == []


SOURCES_OK = "budget: {total: 12.50, fiscal: 10.00, other: 2.50, sources: [{name: 一般公共预算, amount: 6.00}, {name: 上级资金, amount: 4.00}]}"
SOURCES_BAD = SOURCES_OK.replace("amount: 4.00", "amount: 3.00")
MOBILE = "用于场馆免费开放运行及群众文化活动，联系人 李四 13912345678"
ID_CARD = f"用于场馆免费开放运行及群众文化活动，经办人身份证号 {id_number('11010519491231002')}"
ID_LIKE = "用于场馆免费开放运行及群众文化活动，批次号 110105194912310021"  # 18 digits, wrong check digit

# (rule, replace this, with this that passes, with this that fails, the failing line's marker)
CASES = [
    ("budget-sum", "other: 2.50}", "other: 2.50}", "other: 2.00}", "budget: {total"),
    ("budget-sources", "budget: {total: 12.50, fiscal: 10.00, other: 2.50}", SOURCES_OK, SOURCES_BAD, "budget: {total"),
    ("plan-value", "period: 6月底, value: 50.00%", "period: 6月底, value: 50.00％", "period: 6月底, value: 五成", "6月底"),
    ("plan-decreasing", "period: 10月底, value: 80.00%", "period: 10月底, value: 50.00%", "period: 10月底, value: 40.00%", "10月底"),
    ("plan-final", "period: 12月底, value: 100.00%", "period: 12月底, value: 100%", "period: 12月底, value: 90.00%", "12月底"),
    ("indicator-level2", "level2: 数量指标, name: 免费开放天数", "level2: 产出数量指标, name: 免费开放天数",
     "level2: 社会效益指标, name: 免费开放天数", "免费开放天数"),
    ("cost-over-budget", "value: ≤12.5 万元", "value: ≤125000 元", "value: ≤130000 元", "项目成本"),
    ("value-comparator", "value: ≥300 天", "value: ＞=300 天", "value: 300 天", "免费开放天数"),
    # 100 % without a comparator can only mean all of it: read as exactly 100 %, information not a warning.
    ("value-exact", "value: ≥300 天", "value: ＝100 百分比", "value: 100 百分比", "免费开放天数"),
    ("value-unit", "value: ≥40 场", "value: ≥40场", "value: ≥40", "群众文化活动场次"),
    ("value-placeholder", "value: ≥40 场", "value: 40 场以上", "value: 88100", "群众文化活动场次"),
    ("privacy-mobile", "用于场馆免费开放运行及群众文化活动", "用于场馆免费开放运行及群众文化活动，电话 0314-3012345", MOBILE, "purpose:"),
    ("privacy-id-card", "用于场馆免费开放运行及群众文化活动", ID_LIKE, ID_CARD, "purpose:"),
]


@pytest.mark.parametrize(("rule", "old", "good", "bad", "marker"), CASES, ids=[c[0] for c in CASES])
def test_rule_passes_and_fails(rule: str, old: str, good: str, bad: str, marker: str) -> None:
    assert CLEAN.count(old) == 1
    assert found(CLEAN.replace(old, good)) == []
    failing = CLEAN.replace(old, bad)
    assert found(failing) == [(line_of(failing, marker), rule)]


def test_every_rule_has_a_case() -> None:
    """Self-evaluation rules have theirs in test_evaluation.py; unit-change compares a department's years (tests/test_money.py)."""
    from budgetsite.review.evaluation_ids import EVALUATION_RULES

    covered = {c[0] for c in CASES} | {"indicator-missing", "indicator-level1", "unit-change"}
    assert covered == set(RULES) - set(EVALUATION_RULES)


def test_exact_hundred_is_information_but_ninety_without_comparator_is_a_warning() -> None:
    from budgetsite.review import INFO, WARNING

    exact = review_record(record_from(CLEAN.replace("value: ≥300 天", "value: 100％")), B)
    assert [(f.rule, f.severity) for f in exact] == [("value-exact", INFO)]
    assert "按“等于 100%”理解" in exact[0].message
    ninety = review_record(record_from(CLEAN.replace("value: ≥300 天", "value: 90 百分比")), B)
    assert [(f.rule, f.severity) for f in ninety] == [("value-comparator", WARNING)]


@pytest.mark.parametrize(("old", "new", "marker", "expected"), [
    # Boundaries, each on both sides: 100% is the most a plan can reach.
    ("period: 10月底, value: 80.00%", "period: 10月底, value: 100.00%", "10月底", []),
    ("period: 12月底, value: 100.00%", "period: 12月底, value: 100.01%", "12月底", ["plan-final", "plan-value"]),
    ("period: 3月底, value: 25.00%", "period: 3月底, value: 0%", "3月底", []),
    ("period: 3月底, value: 25.00%", "period: 3月底, value: -0.01%", "3月底", ["plan-value"]),
    # A number without a unit is a placeholder from 1000 on (999 is only missing its unit and comparator).
    ("value: ≥40 场", "value: 999", "群众文化活动场次", ["value-comparator", "value-unit"]),
    ("value: ≥40 场", "value: 1000", "群众文化活动场次", ["value-placeholder"]),
    # A percentage is implausible above 1000 (a growth rate may exceed 100).
    ("value: ≥95%", "value: ≥1000%", "群众满意度", []),
    ("value: ≥95%", "value: ≥1000.5%", "群众满意度", ["value-placeholder"]),
    # A cost indicator equal to the budget is within it; a cent more is not.
    ("value: ≤12.5 万元", "value: ≤125000 元", "项目成本", []),
    ("value: ≤12.5 万元", "value: ≤125001 元", "项目成本", ["cost-over-budget"]),
])
def test_rule_boundaries(old: str, new: str, marker: str, expected: list[str]) -> None:
    assert CLEAN.count(old) == 1
    failing = CLEAN.replace(old, new)
    line = line_of(failing, marker)
    assert found(failing) == [(line, rule) for rule in expected]


def test_placeholders_blank_and_zero() -> None:
    for bad in ('value: ""', "value: 0"):
        failing = CLEAN.replace("value: ≥40 场", bad)
        assert found(failing) == [(line_of(failing, "群众文化活动场次"), "value-placeholder")]


def test_a_missing_first_level_group() -> None:
    failing = "\n".join(line for line in CLEAN.splitlines() if "群众满意度" not in line) + "\n"
    findings = review_record(record_from(failing), B)
    assert [(f.line, f.rule, f.field) for f in findings] == [(line_of(failing, "免费开放天数"), "indicator-missing", "projects[0].indicators")]
    assert "没有满意度类指标（应有：满意度指标）" in findings[0].message


def test_an_unknown_first_level() -> None:
    failing = CLEAN.replace("level1: 效益指标, level2: 社会效益指标", "level1: 影响指标, level2: 社会效益指标")
    line = line_of(failing, "影响指标")
    assert found(failing) == [(line_of(failing, "免费开放天数"), "indicator-missing"), (line, "indicator-level1")]


# -- framework variants as data ---------------------------------------------------------------

GEN_A = CLEAN.replace("level1: 满意度指标, level2: 服务对象满意度指标", "level1: 效益指标, level2: 社会公众或服务对象满意度指标")
GEN_C = CLEAN.replace("level1: 产出指标, level2: 成本指标", "level1: 成本指标, level2: 经济成本指标")


def test_generation_a_puts_satisfaction_under_benefit() -> None:
    assert found(GEN_A, load_framework("A")) == []
    assert found(CLEAN, load_framework("A")) == [(line_of(CLEAN, "免费开放天数"), "indicator-missing"),
                                                 (line_of(CLEAN, "群众满意度"), "indicator-level1")]
    # The same A-style record under the national default B:
    assert found(GEN_A, B) == [(line_of(GEN_A, "免费开放天数"), "indicator-missing"), (line_of(GEN_A, "群众满意度"), "indicator-level2")]


def test_generation_c_has_cost_as_a_first_level() -> None:
    c = load_framework("C")
    assert found(GEN_C, c) == []
    assert found(CLEAN, c) == [(line_of(CLEAN, "项目成本"), "indicator-level2")]
    assert found(GEN_C, B) == [(line_of(GEN_C, "项目成本"), "indicator-level1")]
    over = GEN_C.replace("value: ≤12.5 万元", "value: ≤13 万元")
    assert found(over, c) == [(line_of(over, "项目成本"), "cost-over-budget")]


def test_a_province_framework_from_a_yaml_file(tmp_path: Path) -> None:
    table = tmp_path / "hebei.yaml"
    table.write_text(
        "name: 某省模板\nlevel1:\n  产出指标: [数量指标, 质量指标, 时效指标, 成本指标]\n  效益指标: [社会效益指标]\n"
        "  满意度指标: [服务对象满意度指标]\nrequired:\n  产出: [产出指标]\n  效益: [效益指标]\n  满意度: [满意度指标]\ncost: [产出指标/成本指标]\n",
        encoding="utf-8")
    province = load_framework("hebei.yaml", tmp_path)
    assert province.name == "某省模板"
    assert found(CLEAN, province) == []
    economic = CLEAN.replace("level2: 社会效益指标", "level2: 经济效益指标")
    assert found(economic, province) == [(line_of(economic, "群众参与度"), "indicator-level2")]
    choice = FrameworkChoice.build("B", {2021: str(table)})
    assert choice.for_year(2021).name == "某省模板" and choice.for_year(2022) is choice.default


def test_bad_framework_names_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(FrameworkError, match="既不是内置的 A、B、C"):
        load_framework("D")
    (tmp_path / "bad.yaml").write_text("name: x\n", encoding="utf-8")
    with pytest.raises(FrameworkError, match="格式不对"):
        load_framework("bad.yaml", tmp_path)


def test_findings_never_change_the_record() -> None:
    record = record_from(CLEAN.replace("value: ≥40 场", "value: 88100"))
    before = repr(record)
    assert review_record(record, B)
    assert repr(record) == before
