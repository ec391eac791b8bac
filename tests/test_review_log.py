"""A build with many review findings logs the first ones and counts the rest."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_build, run_cli, write_site_config

pytestmark = pytest.mark.slow


def test_review_findings_beyond_the_limit_are_counted(tmp_path: Path) -> None:
    data = tmp_path / "data"
    generated = run_cli("generate", "--docs", "30", "--seed", "7", "--out", str(data))
    assert generated.returncode == 0, generated.stderr
    check = run_cli("check", str(data))
    total = sum(1 for line in check.stdout.splitlines() + check.stderr.splitlines() if "[" in line and any(level in line for level in ("警告", "错误", "提示")))
    assert total > 200  # the synthetic archive plants more findings than the log shows
    result = run_build(write_site_config(tmp_path, data))
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    listed = [line for line in output.splitlines() if "budgetsite 审核:" in line and "另有" not in line]
    assert len(listed) == 200
    assert f"另有 {total - 200} 条审核意见未在此列出；运行 budgetsite check" in output
