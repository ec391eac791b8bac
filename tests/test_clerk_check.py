"""`budgetsite check` as a clerk meets it: every mistake of every file in one run, in the clerk's words."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from budgetsite.load import parse_record, read_amount
from conftest import SEED_RECORD, make_data_dir, run_cli

SEED = SEED_RECORD.read_text(encoding="utf-8")
FILE = "data/2021/711001.yaml"
SECOND = "第 2 个项目“市级劳动模范春节慰问资金”"


def line_of(text: str, needle: str) -> int:
    return next(n for n, ln in enumerate(text.splitlines(), start=1) if needle in ln)


def positions(output: str) -> set[str]:
    """'file:line field' for every error line of a check run."""
    return {f"{m[0]}:{m[1]} {m[2]}" for m in re.findall(r"^\s*(\S+\.yaml):(\d+):\d+: 字段 ([^（：]+)", output, re.M)}


def test_one_run_reports_unit_code_amount_with_unit_and_missing_name_together(tmp_path: Path) -> None:
    """Point 2 of issue 12: the unit-code mismatch used to show only on the next run."""
    data = make_data_dir(tmp_path)
    text = (SEED.replace('code: "711001"', 'code: "711009"').replace("total: 20.00", "total: 20万元")
            .replace("    name: 破产、改制企业退休劳动模范荣誉津贴\n", ""))
    (data / "2021" / "711001.yaml").write_text(text, encoding="utf-8")
    result = run_cli("check", "data", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    code_line = line_of(text, 'code: "711009"')
    assert positions(result.stderr) == {
        f"{FILE}:{code_line} unit.code",
        f"{FILE}:{line_of(text, 'total: 20万元')} projects[1].budget.total",
        f"{FILE}:{line_of(text, 'code: 130821212EHVWVXYA137X')} projects[0].name",
    }
    assert "数据文件有 3 处错误" in result.stderr
    assert "或把文件改名为 711009.yaml" in result.stderr
    assert "去掉“万元”" in result.stderr


def test_wrong_year_folder_is_reported_with_the_other_errors() -> None:
    text = SEED.replace("status: 草案", "status: 征求意见稿")
    _, errors = parse_record(text.encode(), FILE, expect_year=2022, expect_code="711001")
    assert sorted(e.field for e in errors) == ["status", "year"]


def test_a_misplaced_file_is_read_for_its_other_errors(tmp_path: Path) -> None:
    data = make_data_dir(tmp_path)
    (data / "711001.yaml").write_text(SEED.replace("status: 草案", "status: 征求意见稿"), encoding="utf-8")
    result = run_cli("check", "data", cwd=tmp_path)
    assert "data/711001.yaml:1:1: 记录文件位置不对" in result.stderr
    assert "data/711001.yaml:" in result.stderr and "字段 status：状态（status）应为 草案 或 正式" in result.stderr


@pytest.mark.parametrize(("typed", "value"), [("３．２０", "3.20"), ("３.２０", "3.20"), ("５", "5"), ("-１．５０", "-1.50")])
def test_full_width_digits_and_points_are_amounts(typed: str, value: str) -> None:
    """Point 3: a Chinese input method types ３．２０, which is digits only."""
    assert read_amount(typed) == (Decimal(value), "")
    record, errors = parse_record(SEED.replace("total: 20.00", f"total: {typed}").encode(), FILE)
    assert errors == [] and record is not None
    assert str(record.projects[1].budget.total) == value


@pytest.mark.parametrize(("typed", "named"), [
    ("5万元", "去掉“万元”"), ("5.00元", "去掉“元”"), ("20,000.00", "千位分隔符"), ("２０，０００", "千位分隔符"),
    ("5。00", "句号“。”"), ("5 00", "数字中间有空格"), ("二十万元", "不要带单位或文字"),
])
def test_what_is_wrong_with_an_amount_is_named_exactly(typed: str, named: str) -> None:
    value, hint = read_amount(typed)
    assert value is None and named in hint


def test_projects_are_named_by_number_from_one_and_by_name() -> None:
    """Point 4: clerks count from 1 and know projects by name."""
    _, errors = parse_record(SEED.replace("fiscal: 20.00", "fiscal: 二十").encode(), FILE)
    (message,) = [e.format() for e in errors]
    assert f"字段 projects[1].budget.fiscal（{SECOND}）：" in message


@pytest.mark.parametrize(("old", "new", "needle", "said"), [
    ("  name: 承德县总工会本级\n", " name: 承德县总工会本级\n", "name: 承德县总工会本级", "缩进不一致"),
    ("  name: 承德县总工会本级\n", "    name: 承德县总工会本级\n", "name: 承德县总工会本级", "缩进不一致"),
    ("year: 2021\n", "year: 2021\n  status: 正式\n", "status: 正式", "缩进多了"),
    ("department: 承德县总工会", 'department: "承德县总工会', "department:", "引号没有配对"),
    ("department: 承德县总工会", "department: 承德县: 总工会", "department:", "冒号"),
    ("department: 承德县总工会", "department: [承德县总工会", "department:", "方括号"),
])
def test_yaml_errors_are_plain_chinese_with_the_line(old: str, new: str, needle: str, said: str) -> None:
    """Point 5: no parser words such as expected <block end>."""
    text = SEED.replace(old, new, 1)
    _, errors = parse_record(text.encode(), FILE)
    (error,) = errors
    message = error.format()
    assert said in message and "YAML 语法错误" in message, message
    assert not re.search(r"expected|found|<block|while (parsing|scanning)", message), message
    # The line named is the one to fix, or the next one, where the parser noticed.
    assert line_of(text, needle) <= error.line <= line_of(text, needle) + 1 and f"第 {error.line} 行" in message


def test_a_missing_data_folder_is_named_without_mkdocs_or_a_position(tmp_path: Path) -> None:
    """Point 10: `budgetsite check nodata`."""
    (tmp_path / "data").mkdir()
    result = run_cli("check", "nodata", cwd=tmp_path)
    assert result.returncode == 1
    assert "找不到数据文件夹“nodata”" in result.stderr and "bin/budgetsite check data" in result.stderr
    assert "mkdocs.yml" not in result.stderr and "nodata:1:1" not in result.stderr
    freeze = run_cli("freeze", "2021", "--data", "nodata", cwd=tmp_path)
    assert freeze.returncode == 1 and "找不到数据文件夹“nodata”" in freeze.stderr


def test_review_findings_of_a_file_with_errors_come_in_the_same_run(tmp_path: Path) -> None:
    """A wrong total beside a wrong unit code: both from one run, the total named by project."""
    data = make_data_dir(tmp_path)
    text = SEED.replace('code: "711001"', 'code: "711009"').replace("      other: 0\n", "      other: 1.00\n", 1)
    assert text != SEED.replace('code: "711001"', 'code: "711009"')
    (data / "2021" / "711001.yaml").write_text(text, encoding="utf-8")
    result = run_cli("check", "data", cwd=tmp_path)
    assert result.returncode == 1
    assert "字段 unit.code：" in result.stderr
    (line,) = [ln for ln in result.stderr.splitlines() if "[budget-sum]" in ln]
    assert line.strip().startswith(f"{FILE}:") and "（第 1 个项目“破产、改制企业退休劳动模范荣誉津贴”）" in line
    assert "改正上面的错误后请再运行一次" in result.stderr


def test_the_serve_error_page_escapes_what_it_quotes() -> None:
    from budgetsite.errors import RecordError
    from budgetsite.render.error_page import render_error_page

    page = render_error_page([RecordError("data/2021/<x>.yaml", 3, 5, "department", "实际为“<script>alert(1)</script>”", "第 1 个项目“<b>”")])
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "data/2021/&lt;x&gt;.yaml" in page and "第 1 个项目“&lt;b&gt;”" in page
    assert "/livereload/" in page
