"""`budgetsite check` and the build list every planted problem with its line, and nothing else."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from budgetsite.review import RULES
from conftest import REPO, make_data_dir, run_build, run_cli, write_site_config

# The seed as published: six "100 百分比" targets without a comparator, read as exactly 100 % (提示, not 警告).
SEED_FINDINGS = {
    "data/2021/711001.yaml:66 value-exact", "data/2021/711001.yaml:68 value-exact",
    "data/2021/711001.yaml:69 value-exact", "data/2021/711001.yaml:91 value-exact",
    "data/2021/711001.yaml:94 value-exact", "data/2021/711001.yaml:95 value-exact",
}
PLANTS = [
    ("budget: {total: 12.50, fiscal: 10.00, other: 2.50}", "budget: {total: 12.50, fiscal: 10.00, other: 2.00}", "budget-sum"),
    ("period: 10月底, value: 80.00%", "period: 10月底, value: 40.00%", "plan-decreasing"),
    ("value: ≥40 场", "value: 88100", "value-placeholder"),
    ("purpose: 用于场馆免费开放运行及群众文化活动", "purpose: 用于场馆免费开放运行及群众文化活动（联系人 王五 13812345678）", "privacy-mobile"),
]


def plant(data: Path) -> set[str]:
    """Plant one problem per rule above in 2021/712001.yaml; returns the expected 'file:line rule' set."""
    path = data / "2021" / "712001.yaml"
    text = path.read_text(encoding="utf-8")
    expected = set()
    for old, new, rule in PLANTS:
        assert text.count(old) == 1
        text = text.replace(old, new)
        line = next(n for n, ln in enumerate(text.splitlines(), start=1) if new in ln)
        expected.add(f"data/2021/712001.yaml:{line} {rule}")
    path.write_text(text, encoding="utf-8")
    return expected


def listed(output: str) -> set[str]:
    found = re.findall(r"^\s*(\S+\.yaml):(\d+):\d+: (?:错误|警告|提示) \[([a-z0-9-]+)\]", output, re.M)
    return {f"{file}:{line} {rule}" for file, line, rule in found}


@pytest.fixture
def planted(tmp_path: Path) -> tuple[Path, set[str]]:
    data = make_data_dir(tmp_path)
    return data, plant(data) | SEED_FINDINGS


def test_check_lists_every_planted_problem_and_nothing_else(planted: tuple[Path, set[str]]) -> None:
    data, expected = planted
    result = run_cli("check", "data", cwd=data.parent)
    assert result.returncode == 0, result.stderr
    assert listed(result.stdout) == expected
    assert "审核意见 10 条（错误 4 条，警告 0 条，提示 6 条），指标框架：B 现行通用框架" in result.stdout
    line = next(ln for ln in result.stdout.splitlines() if "budget-sum" in ln)
    assert line.strip() == ("data/2021/712001.yaml:25:21: 错误 [budget-sum] projects[0].budget.total（第 1 个项目“公共文化场馆免费开放补助”）："
                            "财政资金 10.00 + 其他资金 2.00 = 12.00，与预算数 12.50 不符（差 0.50）")


def test_strict_fails_on_errors_only(planted: tuple[Path, set[str]], tmp_path: Path) -> None:
    data, _ = planted
    strict = run_cli("check", "data", "--strict", cwd=data.parent)
    assert strict.returncode == 2 and "有“错误”级别的审核意见（--strict）" in strict.stderr
    # The fixture data set as shipped has warnings only (the seed's "100 百分比"): --strict passes.
    clean = make_data_dir(tmp_path / "clean")
    assert run_cli("check", str(clean), "--strict").returncode == 0


def test_no_review_and_framework_options(planted: tuple[Path, set[str]]) -> None:
    data, _ = planted
    plain = run_cli("check", "data", "--no-review", cwd=data.parent)
    assert plain.returncode == 0 and listed(plain.stdout) == set()
    older = run_cli("check", "data", "--framework-year", "2021=A", cwd=data.parent)
    assert "2021 年用 A 旧版申报表" in older.stdout
    assert "data/2021/712001.yaml:40 indicator-level1" in listed(older.stdout)  # 满意度指标 is not a first level in A
    bad = run_cli("check", "data", "--framework", "D", cwd=data.parent)
    assert bad.returncode == 1 and "参数错误：指标框架“D”既不是内置的 A、B、C" in bad.stderr
    bad_year = run_cli("check", "data", "--framework-year", "A", cwd=data.parent)
    assert bad_year.returncode == 1 and "--framework-year 应写成 年度=框架" in bad_year.stderr


def test_every_rule_is_documented_for_finance_staff() -> None:
    page = (REPO / "manual" / "review.md").read_text(encoding="utf-8")
    missing = [rule for rule in RULES if f"`{rule}`" not in page]
    assert missing == []
    for rule, (severity, _) in RULES.items():
        row = next(ln for ln in page.splitlines() if f"`{rule}`" in ln)
        assert severity in row, rule


@pytest.mark.slow
def test_build_logs_findings_and_optionally_shows_a_notice(planted: tuple[Path, set[str]]) -> None:
    data, expected = planted
    root = data.parent
    config = write_site_config(root, data)
    result = run_build(config)
    assert result.returncode == 0, result.stderr
    logged = [ln for ln in result.stderr.splitlines() if "budgetsite 审核:" in ln]
    # 提示 findings are information: the seed's "100 百分比" prints no WARNING line on every build.
    assert all(ln.startswith("WARNING") != (": 提示 [" in ln) for ln in logged)
    assert any(": 提示 [value-exact]" in ln and ln.startswith("INFO") for ln in logged)
    assert listed("\n".join(ln.split("budgetsite 审核: ", 1)[1] for ln in logged)) == expected
    page = (root / "site" / "2021" / "712001" / "index.html").read_text(encoding="utf-8")
    assert "bs-review" not in page
    # With the notice on: the box is there, and the document's own text is unchanged.
    text = config.read_text(encoding="utf-8").replace("      data_dir: ", "      review_notice: true\n      data_dir: ", 1)
    config.write_text(text, encoding="utf-8")
    assert run_build(config).returncode == 0
    noticed = (root / "site" / "2021" / "712001" / "index.html").read_text(encoding="utf-8")
    assert noticed.count('class="bs-review"') == 1
    assert "含手机号码 138****5678" in noticed
    assert "用于场馆免费开放运行及群众文化活动（联系人 王五 13812345678）" in noticed  # published as the document says
    assert '<td class="bs-value" data-value="88100">88100</td>' in noticed  # the placeholder stays as published
    assert noticed.index('class="bs-review"') < noticed.index("bs-cover")  # the notice sits above the document
