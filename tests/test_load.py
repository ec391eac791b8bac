"""Loading records: exact values on success, every error located on failure."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from budgetsite.collection import RecordCache, load_archive
from budgetsite.errors import RecordsInvalid
from budgetsite.load import parse_record
from conftest import SEED_RECORD

SEED = SEED_RECORD.read_text(encoding="utf-8")
FILE = "data/2021/711001.yaml"


def load(text: str, **kw: object):
    return parse_record(text.encode("utf-8"), FILE, **kw)


def errors_of(text: str, **kw: object) -> list[str]:
    record, errors = load(text, **kw)
    assert record is None
    return [e.format() for e in errors]


def line_of(text: str, needle: str, nth: int = 1) -> int:
    count = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            count += 1
            if count == nth:
                return number
    raise AssertionError(needle)


def test_seed_loads_with_exact_decimals_and_positions() -> None:
    record, errors = load(SEED, expect_year=2021, expect_code="711001")
    assert errors == []
    assert record is not None
    assert (record.year, record.status, record.unit.code, record.department) == (2021, "草案", "711001", "承德县总工会")
    first = record.projects[0]
    assert str(first.budget.total) == "5.00" and isinstance(first.budget.total, Decimal)
    assert str(first.budget.other) == "0"
    assert str(record.totals().total) == "25.00"
    assert [p.value for p in first.spending_plan] == ["", "", "", "100.00%"]
    assert first.spending_plan[3].percent == Decimal("100.00")
    assert len(first.indicators) == 9 and len(record.projects[1].indicators) == 9
    q = first.indicators[0].quantity
    assert q is not None and (q.comparator, str(q.number), q.unit) == ("≥", "90", "百分比")
    assert first.indicators[6].quantity is None  # 取得全社会认可
    assert record.source is not None
    assert record.source.position("projects[1].code") == (line_of(SEED, "130821215ZG8SLNX0HFWL"), 11)


def test_yaml_syntax_error_names_line_and_column() -> None:
    text = SEED.replace("department: 承德县总工会", "department: [承德县总工会")
    (message,) = errors_of(text)
    assert message.startswith(f"{FILE}:")
    assert "YAML 语法错误" in message


def test_tab_indentation_is_explained() -> None:
    text = SEED.replace("  name: 承德县总工会本级", "\tname: 承德县总工会本级")
    (message,) = errors_of(text)
    assert "Tab" in message and f"{FILE}:{line_of(SEED, '承德县总工会本级')}:" in message


def test_duplicate_key_names_both_lines() -> None:
    text = SEED.replace("status: 草案\n", "status: 草案\nstatus: 正式\n")
    (message,) = errors_of(text)
    assert message.startswith(f"{FILE}:{line_of(SEED, 'status:') + 1}:1: 字段 status：")
    assert f"第 {line_of(SEED, 'status:')} 行已经写过" in message


def test_missing_required_fields_are_all_reported() -> None:
    text = SEED.replace("department: 承德县总工会\n", "").replace("    name: 市级劳动模范春节慰问资金\n", "")
    messages = errors_of(text)
    assert len(messages) == 2
    assert any("字段 department：缺少必填字段“department”（部门名称）" in m for m in messages)
    code_line = line_of(text, "130821215ZG8SLNX0HFWL")
    assert any(m.startswith(f"{FILE}:{code_line}:5: 字段 projects[1].name（第 2 个项目）：缺少必填字段“name”（项目名称）") for m in messages)


def test_wrong_types_name_the_field_path() -> None:
    text = SEED.replace("year: 2021", "year: 二〇二一").replace(
        "    goals:\n      - 对承德县改制、破产企业单位退休的劳动模范发放荣誉津贴\n      - 及时发放荣誉津贴\n",
        "    goals: 对承德县改制、破产企业单位退休的劳动模范发放荣誉津贴\n",
    )
    messages = errors_of(text)
    assert len(messages) == 2
    assert messages[0].startswith(f"{FILE}:{line_of(text, 'year:')}:7: 字段 year：年度（year）应为整数（如 2021），实际为“二〇二一”")
    goals_line = line_of(text, "goals: 对承德县")
    assert messages[1].startswith(f"{FILE}:{goals_line}:12: 字段 projects[0].goals（第 1 个项目“破产、改制企业退休劳动模范荣誉津贴”）：绩效目标（goals）应为列表")


def test_wrong_structure_is_reported() -> None:
    text = SEED.replace("unit:\n  code: \"711001\"\n  name: 承德县总工会本级", "unit: 711001 承德县总工会本级")
    (message,) = errors_of(text)
    assert f"{FILE}:{line_of(text, 'unit: 711001')}:7: 字段 unit：单位（unit）应为映射" in message


def test_amount_that_is_not_a_decimal() -> None:
    text = SEED.replace("total: 20.00", "total: 二十万元")
    (message,) = errors_of(text)
    line = line_of(text, "total: 二十万元")
    assert message == (
        f"{FILE}:{line}:14: 字段 projects[1].budget.total（第 2 个项目“市级劳动模范春节慰问资金”）：预算数（total）应为金额（精确小数，如 5.00），"
        "实际为“二十万元”；只写数字，不要带单位或文字，请改为数字。"
    )


def test_thousands_separator_gets_a_hint() -> None:
    text = SEED.replace("fiscal: 20.00", 'fiscal: "20,000.00"')
    (message,) = errors_of(text)
    assert "projects[1].budget.fiscal" in message and "千位分隔符" in message


def test_duplicate_project_code_within_a_record() -> None:
    text = SEED.replace("code: 130821215ZG8SLNX0HFWL", "code: 130821212EHVWVXYA137X")
    (message,) = errors_of(text)
    second = line_of(text, "code: 130821212EHVWVXYA137X", 2)
    first = line_of(text, "code: 130821212EHVWVXYA137X", 1)
    assert message.startswith(f"{FILE}:{second}:11: 字段 projects[1].code（第 2 个项目“市级劳动模范春节慰问资金”）：")
    assert f"与第 {first} 行的项目重复" in message


def test_unknown_field_suggests_the_right_name() -> None:
    text = SEED.replace("    purpose: 为我县改制", "    purpos: 为我县改制")
    (message,) = errors_of(text)
    assert "字段 projects[0].purpos（第 1 个项目“破产、改制企业退休劳动模范荣誉津贴”）：未知字段“purpos”，是不是“purpose”？" in message


def test_every_error_in_a_record_is_reported_at_once() -> None:
    text = (SEED.replace("year: 2021", "year: abc").replace("status: 草案", "status: 征求意见稿")
            .replace("total: 5.00", "total: 五").replace("value: ≥90 百分比, basis: 工作活动部门职责}", "basis: 工作活动部门职责}", 1))
    messages = errors_of(text)
    fields = sorted(m.split("字段 ")[1].split("：")[0].split("（")[0] for m in messages)
    assert fields == ["projects[0].budget.total", "projects[0].indicators[0].value", "status", "year"]


def test_code_pattern() -> None:
    text = SEED.replace("code: 130821212EHVWVXYA137X", 'code: "1308 2121<b>"')
    (message,) = errors_of(text)
    assert "字段 projects[0].code（第 1 个项目“破产、改制企业退休劳动模范荣誉津贴”）：项目编码（code）只能由字母、数字" in message


def test_year_and_unit_code_must_match_the_path() -> None:
    messages = errors_of(SEED, expect_year=2022, expect_code="711002")
    assert any(m.startswith(f"{FILE}:{line_of(SEED, 'year:')}:7: 字段 year：年度（year）为 2021，但文件放在 2022 年的文件夹里") for m in messages)
    code_line = line_of(SEED, 'code: "711001"')
    assert any(m.startswith(f"{FILE}:{code_line}:9: 字段 unit.code：") and "711002.yaml" in m for m in messages)


def test_gbk_file_is_named_as_such() -> None:
    record, errors = parse_record(SEED.encode("gbk"), FILE)
    assert record is None
    (error,) = errors
    assert error.line == 1  # the first line holds Chinese text already
    assert "不是 UTF-8 编码" in error.message and "GBK" in error.message


def test_gbk_error_points_at_the_first_bad_line() -> None:
    data = b"year: 2021\nstatus: " + "草案".encode("gbk") + b"\n"
    _, (error,) = parse_record(data, FILE)
    assert (error.line, error.column) == (2, 1)


def test_utf16_binary_and_empty_files() -> None:
    _, (e16,) = parse_record(SEED.encode("utf-16"), FILE)
    assert "UTF-16" in e16.message
    _, (ebin,) = parse_record(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe\x00", FILE)
    assert "二进制" in ebin.message
    _, (eempty,) = parse_record(b"  \n", FILE)
    assert "文件为空" in eempty.message
    _, (ecomment,) = parse_record("# 只有注释\n".encode(), FILE)
    assert "只有注释" in ecomment.message


def test_utf8_bom_is_accepted() -> None:
    record, errors = parse_record(b"\xef\xbb\xbf" + SEED.encode("utf-8"), FILE)
    assert errors == [] and record is not None


def test_blank_indicator_value_is_kept_blank() -> None:
    text = SEED.replace("value: ≥90 百分比, basis: 工作活动部门职责", 'value: "", basis: 工作活动部门职责', 1)
    record, errors = load(text)
    assert errors == [] and record is not None
    assert record.projects[0].indicators[0].value == ""


def copy_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    (data / "2021").mkdir(parents=True)
    shutil.copy(SEED_RECORD, data / "2021" / "711001.yaml")
    return data


def test_duplicate_project_code_across_records_in_a_year(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    other = SEED.replace('code: "711001"', 'code: "711002"')
    (data / "2021" / "711002.yaml").write_text(other, encoding="utf-8")
    with pytest.raises(RecordsInvalid) as info:
        load_archive(data)
    messages = [e.format() for e in info.value.errors]
    assert len(messages) == 2  # both projects of the second file collide
    assert all("2021/711002.yaml" in m and "2021/711001.yaml" in m and "项目编码" in m for m in messages)


def test_misplaced_files_and_report_header(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    (data / "711001.yaml").write_text(SEED, encoding="utf-8")
    (data / "2021" / "711001.yaml").write_text(SEED.replace("year: 2021", "year: 2020"), encoding="utf-8")
    with pytest.raises(RecordsInvalid) as info:
        load_archive(data)
    report = info.value.report()
    assert report.startswith("数据文件有 2 处错误（涉及 2 个文件）")
    assert "记录文件位置不对" in report and "年度（year）为 2020" in report


def test_cache_reparses_only_changed_files(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    (data / "2022").mkdir()
    (data / "2022" / "711001.yaml").write_text(SEED.replace("year: 2021", "year: 2022"), encoding="utf-8")
    cache = RecordCache()
    load_archive(data, cache)
    assert cache.parsed == 2
    load_archive(data, cache)
    assert cache.parsed == 2
    path = data / "2022" / "711001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("total: 5.00", "total: 6.00"), encoding="utf-8")
    archive = load_archive(data, cache)
    assert cache.parsed == 3
    record = archive.get(2022, "711001")
    assert record is not None and str(record.projects[0].budget.total) == "6.00"
