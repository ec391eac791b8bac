"""`budgetsite check`: each exit code, with what the clerk reads on each stream (never a traceback)."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetsite.build import freeze_year
from conftest import make_data_dir, run_cli

OK = "检查通过：3 个文件，2 个年度，5 个项目。"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return make_data_dir(tmp_path)


def check(data: Path, *args: str):
    result = run_cli("check", str(data), *args)
    assert "Traceback" not in result.stderr + result.stdout
    return result


def test_exit_0_when_every_record_loads(data: Path) -> None:
    result = check(data)
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.splitlines()[0] == OK
    # The seed's six "100 百分比" are warnings: listed, and still exit 0, with --strict too.
    assert "审核意见 6 条（错误 0 条，警告 0 条，提示 6 条）" in result.stdout  # the seed's "100 百分比", read as exactly 100 %
    assert check(data, "--strict").returncode == 0
    assert check(data, "--no-review").stdout == OK + "\n"


def test_exit_1_when_a_record_cannot_be_loaded(data: Path) -> None:
    path = data / "2021" / "712001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    purpose: 用于", "    purpose: [用于"), encoding="utf-8")
    result = check(data)
    assert result.returncode == 1 and result.stdout == ""
    assert f"{path}:" in result.stderr and "YAML 语法错误" in result.stderr


def test_exit_1_when_a_frozen_year_changed_without_revision(data: Path) -> None:
    freeze_year(data, 2021, "2024-03-01")
    path = data / "2021" / "712001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("全年免费开放天数", "全年开放天数"), encoding="utf-8")
    result = check(data, "--no-review")
    assert result.returncode == 1 and result.stdout == ""
    assert f"{path}:1:1: " in result.stderr and "没有新增修订记录" in result.stderr


def test_exit_1_when_the_data_folder_does_not_exist(tmp_path: Path) -> None:
    result = check(tmp_path / "nowhere")
    assert result.returncode == 1 and "找不到数据文件夹" in result.stderr


@pytest.mark.parametrize(("args", "message"), [
    (("--framework", "D"), "参数错误：指标框架“D”既不是内置的 A、B、C"),
    (("--framework-year", "2021"), "参数错误：--framework-year 应写成 年度=框架，如 2019=A，实际为“2021”"),
])
def test_exit_1_on_a_wrong_framework_option(data: Path, args: tuple[str, ...], message: str) -> None:
    result = check(data, *args)
    assert result.returncode == 1 and result.stdout == "" and result.stderr.startswith(message)


def test_exit_2_with_strict_and_an_error_finding(data: Path) -> None:
    path = data / "2021" / "712001.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("other: 2.50}", "other: 2.00}"), encoding="utf-8")
    plain = check(data)
    assert plain.returncode == 0 and "[budget-sum]" in plain.stdout
    strict = check(data, "--strict")
    assert strict.returncode == 2 and "[budget-sum]" in strict.stdout
    assert strict.stderr == "有“错误”级别的审核意见（--strict），请修改后再发布。\n"


def test_exit_2_on_a_command_line_without_the_data_folder() -> None:
    result = run_cli("check")
    assert result.returncode == 2 and result.stdout == "" and "DATA_DIR" in result.stderr and "Traceback" not in result.stderr
