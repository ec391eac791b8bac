"""Money units: exact conversion into 万元, one rounding where shown, unknown units refused, aggregates in one unit.

The fixture department 示例县交通运输局 (tests/fixtures/units/, fictional) publishes 2021 in 元 with one
project table in 万元, and 2022 in 万元: every figure below is worked out by hand from those files.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from budgetsite import money, routes
from budgetsite.collection import load_archive
from budgetsite.export import build_downloads
from budgetsite.load import parse_record
from budgetsite.review import review_archive, summary
from budgetsite.site import SiteOptions, generate_pages
from conftest import FIXTURES, SEED_RECORD, make_data_dir, run_cli
from htmltext import tables, visible_text

D = Decimal
UNITS_FIXTURE = FIXTURES / "units"


def test_conversion_is_exact_and_rounding_happens_once() -> None:
    assert money.convert(D("42753400.00"), "元") == D("4275.34")
    assert money.exact_text(money.convert(D("42753400.00"), "元")) == "4275.34"
    assert money.exact_text(money.convert(D("12345.67"), "元")) == "1.234567"
    assert money.exact_text(money.convert(D("5.00"), "万元", "元")) == "50000.00"
    assert money.convert(D("5.00"), "万元") == D("5.00") and str(money.convert(D("5.00"), "万元")) == "5.00"
    assert money.shown(D("1.234567")) == D("1.23")
    assert money.shown(D("0.005")) == D("0.01") and money.shown(D("-0.005")) == D("-0.01")  # half-up: ties away from zero
    assert money.shown(D("0.004999")) == D("0.00")
    # 0.004999 万元 three times is 0.014997 (shown 0.01); rounding each first would give 0.00
    assert money.shown(sum((money.convert(D("49.99"), "元") for _ in range(3)), D("0.00"))) == D("0.01")
    assert money.converted_note(D("42753400.00"), "元") == "折合 4275.34 万元"
    assert money.accepted() == "元、万元"


SEED = SEED_RECORD.read_text(encoding="utf-8")
FILE = "data/2021/711001.yaml"


def errors_of(text: str) -> list[str]:
    record, errors = parse_record(text.encode("utf-8"), FILE)
    assert record is None
    return [e.format() for e in errors]


def _line(text: str, needle: str) -> int:
    return next(n for n, ln in enumerate(text.splitlines(), start=1) if needle in ln)


@pytest.mark.parametrize("unit", ["千元", "亿元", "万圆", "人民币"])
def test_unknown_record_unit_is_refused_with_line_field_and_accepted_list(unit: str) -> None:
    text = SEED.replace("money_unit: 万元", f"money_unit: {unit}", 1)
    line = _line(text, "money_unit:")
    assert errors_of(text) == [
        f"{FILE}:{line}:13: 字段 money_unit：金额单位（money_unit）为“{unit}”，无法识别：只能是 元、万元。"
        "原表用其他单位（如 千元、亿元）时，请把金额换算成元或万元后填写。"
    ]


@pytest.mark.parametrize("blank", ["", '""', "null"])
def test_blank_record_unit_is_refused(blank: str) -> None:
    text = SEED.replace("money_unit: 万元", f"money_unit: {blank}".rstrip(), 1)
    (error,) = errors_of(text)
    assert error.startswith(f"{FILE}:{_line(text, 'money_unit:')}:")
    assert error.endswith("字段 money_unit：金额单位（money_unit）不能为空，请填写 元、万元 之一。")


def test_project_units_are_checked_like_the_record_unit_and_all_reported_at_once() -> None:
    text = (UNITS_FIXTURE / "2021" / "713001.yaml").read_text(encoding="utf-8")
    text = text.replace("    money_unit: 万元", "    money_unit: 千元")
    text = text.replace("    name: 路政宣传经费\n", "    name: 路政宣传经费\n    money_unit: \"\"\n")
    text = text.replace("money_unit: 元\n", "money_unit: 万圆\n")
    found = errors_of(text)
    # each field path, without the project's number and name that follow it in brackets
    assert [e.split(": 字段 ")[1].split("：")[0].split("（")[0] for e in found] == ["money_unit", "projects[1].money_unit", "projects[2].money_unit"]
    assert found[1].startswith(f"{FILE}:{_line(text, 'money_unit: 千元')}:17: ") and "“千元”，无法识别：只能是 元、万元" in found[1]
    assert found[2].endswith("金额单位（money_unit）不能为空，请填写 元、万元 之一。")


def test_check_refuses_an_unknown_unit_without_a_traceback(tmp_path: Path) -> None:
    data = make_data_dir(tmp_path)
    path = data / "2021" / "712001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("money_unit: 万元", "money_unit: 亿元"), encoding="utf-8")
    result = run_cli("check", "data", cwd=tmp_path)
    assert result.returncode == 1
    assert "data/2021/712001.yaml:8:13: 字段 money_unit：金额单位（money_unit）为“亿元”，无法识别：只能是 元、万元。" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shared fixture data set plus the department in 元."""
    data = make_data_dir(tmp_path_factory.mktemp("mixed"))
    for year in ("2021", "2022"):
        shutil.copy(UNITS_FIXTURE / year / "713001.yaml", data / year / "713001.yaml")
    return data


@pytest.fixture(scope="module")
def pages(mixed: Path) -> dict[str, str]:
    return {p.src_uri: p.markdown for p in generate_pages(load_archive(mixed), SiteOptions())}


def test_record_totals_keep_the_record_unit_and_convert_only_for_aggregates(mixed: Path) -> None:
    record = next(r for r in load_archive(mixed).by_year(2021) if r.unit.code == "713001")
    assert record.totals().total == D("42798245.67")  # in 元, the 万元 project converted: 42753400.00 + 32500.00 + 12345.67
    assert money.exact_text(record.totals("万元").total) == "4279.824567"
    assert record.published_units() == ("元", "万元")


def test_year_page_totals_chart_and_table_are_in_wan_yuan(pages: dict[str, str]) -> None:
    html = pages["2021/index.md"]
    text = visible_text(html)
    # 711001 25.00 + 712001 12.50 + 713001 4279.824567 = 4317.324567 万元
    assert "预算数合计 4317.32 万元，其中财政资金 4039.48、其他资金 277.84。" in text
    assert "原表以元公开的金额已按 1 万元 = 10000 元精确折算为万元" in text
    found = {t["caption"]: t["grid"] for t in tables(html)}
    records = found["2021 年各单位预算绩效文本（金额单位：万元）"]
    row = next(r for r in records if r[0] == "示例县交通运输局")
    assert row[5:8] == ["4279.82", "4004.48", "275.34"]
    assert records[-1][5:8] == ["4317.32", "4039.48", "277.84"]
    chart = found["2021 年各单位预算数（金额单位：万元）"]
    assert chart[1] == ["示例县交通运输局", "4279.82", "99.13%"]  # 4279.824567 / 4317.324567
    assert "42753400" not in html and "42798245" not in html


def test_home_projects_and_department_pages_use_one_unit(pages: dict[str, str]) -> None:
    home = {t["caption"]: t["grid"] for t in tables(pages["index.md"])}
    years = home["各年度公开情况（金额单位：万元）"]
    assert years[1:] == [["2022 年", "2", "5", "4518.75"], ["2021 年", "3", "6", "4317.32"]]
    projects = {t["caption"]: t["grid"] for t in tables(pages["projects/2021.md"])}["2021 年全部预算项目（金额单位：万元）"]
    rows = {r[2]: r[4:7] for r in projects[1:-1]}
    assert rows["JT2021000000000000001"] == ["4275.34", "4000.00", "275.34"]
    assert rows["JT2021000000000000002"] == ["3.25", "3.25", "0.00"]
    assert rows["JT2021000000000000003"] == ["1.23", "1.23", "0.00"]
    assert projects[-1][4:7] == ["4317.32", "4039.48", "277.84"]
    department = pages["departments/713001.md"]
    by_year = next(t["grid"] for t in tables(department) if t["caption"].endswith("各年度预算（金额单位：万元）"))
    # 2022: 4504.75 against 4279.824567: +224.925433, 5.2555 %
    assert by_year[2][3:] == ["4504.75", "4204.75", "300.00", "+224.93", "+5.26%"]
    assert "各年度原表的金额单位：2021 年 元、万元；2022 年 万元。" in visible_text(department)


def test_the_document_page_keeps_the_published_figures_and_says_what_they_come_to(pages: dict[str, str]) -> None:
    html = pages["2021/713001.md"]
    assert '<td class="bs-num" data-value="42753400.00">42753400.00</td>' in html
    assert "单位：元（预算数折合 4275.34 万元，各类合计按此计算）" in visible_text(html)
    assert "单位：万元</p>" in html  # the table published in 万元 needs no note
    assert "折合" not in pages["2021/711001.md"]


def _csv(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_open_data_keeps_published_amounts_and_adds_exact_converted_ones(mixed: Path) -> None:
    files = {d.path: d.content for d in build_downloads(load_archive(mixed))}
    docs = {row["单位编码"]: row for row in _csv(files[routes.year_files(2021).csv["documents"]])}
    assert docs["713001"]["金额单位"] == "元" and docs["713001"]["预算数"] == "42798245.67"
    assert docs["713001"]["预算数（折合万元）"] == "4279.824567"
    assert docs["711001"]["预算数（折合万元）"] == docs["711001"]["预算数"] == "25.00"
    projects = {row["项目编码"]: row for row in _csv(files[routes.year_files(2021).csv["projects"]])}
    assert projects["JT2021000000000000002"]["金额单位"] == "万元"
    assert projects["JT2021000000000000003"]["预算数"] == "12345.67"
    assert projects["JT2021000000000000003"]["预算数（折合万元）"] == "1.234567"
    index = json.loads(files["api/index.json"])
    year = next(y for y in index["years"] if y["year"] == 2021)
    assert year["aggregate_totals"] == {"money_unit": "万元", "total": "4317.324567", "fiscal": "4039.484567", "other": "277.84"}
    summary_row = next(d for d in index["documents"] if d["unit"]["code"] == "713001" and d["year"] == 2021)
    assert summary_row["money_unit"] == "元" and summary_row["totals"]["total"] == "42798245.67"
    assert summary_row["aggregate_totals"]["total"] == "4279.824567"


def test_a_unit_change_between_years_is_an_information_finding(mixed: Path, tmp_path: Path) -> None:
    findings = review_archive(load_archive(mixed))
    (change,) = [f for f in findings[(2022, "713001")] if f.rule == "unit-change"]
    assert change.severity == "提示" and change.field == "money_unit" and change.line == 8
    assert change.message.startswith("本年度金额单位为 万元，2021 年为 元、万元；部门历年页面和各类合计已折算为万元后比较。")
    assert not any(f.rule == "unit-change" for key, fs in findings.items() if key != (2022, "713001") for f in fs)
    # The summary counts information apart from faults (the fixture's "100 百分比" targets are 提示 too).
    every = [f for fs in findings.values() for f in fs]
    infos = sum(1 for f in every if f.severity == "提示")
    assert infos >= 1 and f"提示 {infos} 条" in summary(every) and "错误 0 条" in summary(every)
    result = run_cli("check", str(mixed), "--strict")
    assert "data/2022/713001.yaml:8:13: 提示 [unit-change] money_unit：本年度金额单位为 万元" in result.stdout.replace(str(mixed.parent) + "/", "")
    assert result.returncode == 0, result.stderr  # information never fails --strict


def test_importing_a_document_in_an_unknown_unit_is_refused(tmp_path: Path) -> None:
    from budgetsite.importer import ImportFailed, import_document

    text = (FIXTURES / "seed" / "000_1d0447c68cba06dd.txt").read_text(encoding="utf-8").replace("单位：万元", "单位：千元")
    source = tmp_path / "示例县某局.txt"
    source.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFailed) as failed:
        import_document(source, file="示例县某局.txt")
    assert failed.value.lines() == [
        "示例县某局.txt: 生成的记录不符合数据格式：money_unit：金额单位（money_unit）为“千元”，无法识别：只能是 元、万元。"
        "原表用其他单位（如 千元、亿元）时，请把金额换算成元或万元后填写。"
    ]


def test_search_text_shows_the_published_amount_and_what_it_comes_to(mixed: Path) -> None:
    from budgetsite.search.index import record_document

    archive = load_archive(mixed)
    in_yuan = next(r for r in archive.by_year(2021) if r.unit.code == "713001")
    sections = {s.anchor: s.text for s in record_document(in_yuan, "2021/713001/").sections}
    assert "预算数 42753400.00 财政资金 40000000.00 其他资金 2753400.00 元 （预算数折合 4275.34 万元）" in sections["JT2021000000000000001"]
    assert "预算数 3.25 财政资金 3.25 其他资金 0.00 万元\n" in sections["JT2021000000000000002"]


def test_cost_over_budget_compares_in_one_unit_when_the_table_is_in_yuan() -> None:
    from budgetsite.review import load_framework, review_record

    clean = (FIXTURES / "extra" / "2021" / "712001.yaml").read_text(encoding="utf-8")
    in_yuan = clean.replace("money_unit: 万元", "money_unit: 元").replace(
        "budget: {total: 12.50, fiscal: 10.00, other: 2.50}", "budget: {total: 125000.00, fiscal: 100000.00, other: 25000.00}")

    def rules(text: str) -> list[str]:
        record, errors = parse_record(text.encode("utf-8"), "2021/712001.yaml")
        assert errors == []
        return [f.rule for f in review_record(record, load_framework("B"))]

    assert rules(in_yuan) == []  # ≤12.5 万元 against 125000.00 元: equal
    assert rules(in_yuan.replace("value: ≤12.5 万元", "value: ≤13 万元")) == ["cost-over-budget"]
