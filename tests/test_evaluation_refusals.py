"""A self-evaluation file is refused like a targets file: located, in Chinese, nothing published."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from budgetsite.evaluation_load import parse_evaluation
from conftest import FIXTURES, run_cli

GOOD = FIXTURES / "evaluation" / "data" / "2021" / "712001-evaluation.yaml"
FILE = "2021/712001-evaluation.yaml"


@pytest.mark.parametrize(("data", "line", "fragment"), [
    ("部门自评".encode("gbk"), 1, "GBK"),
    (b"   \n", 1, "文件为空"),
    (b"# only a comment\n", 1, "只有注释"),
    (b"year: 2021\nunit: {code: 712001\n", 3, "YAML 语法错误"),
    ("year: 2021\nnote: \"a\u202eb\"\n".encode(), 2, "U+202E"),
    (b"a: &x [1]\nb: *x\n", 1, "别名"),
])
def test_a_broken_self_evaluation_is_refused_at_its_line(data: bytes, line: int, fragment: str) -> None:
    evaluation, errors = parse_evaluation(data, FILE)
    assert evaluation is None and errors
    assert errors[0].file == FILE and errors[0].line == line, errors
    assert any(fragment in e.message for e in errors), errors


def test_the_year_folder_and_file_name_must_agree_with_the_evaluation() -> None:
    evaluation, errors = parse_evaluation(GOOD.read_bytes(), FILE, expect_year=2022, expect_code="799001")
    assert evaluation is None
    assert {e.field for e in errors} >= {"year", "unit.code"}, errors


def test_check_of_one_self_evaluation_file(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "2021"
    folder.mkdir(parents=True)
    shutil.copy(GOOD, folder / GOOD.name)
    ok = run_cli("check", str(folder / GOOD.name))
    assert ok.returncode == 0, ok.stderr
    assert "检查通过" in ok.stdout and "项目支出绩效自评表，2021 年" in ok.stdout
    broken = folder / GOOD.name
    broken.write_text(broken.read_text(encoding="utf-8").replace("year: 2021", "year: 2020", 1), encoding="utf-8")
    bad = run_cli("check", str(broken))
    assert bad.returncode == 1 and "712001-evaluation.yaml:" in bad.stderr and "year" in bad.stderr, bad.stderr
