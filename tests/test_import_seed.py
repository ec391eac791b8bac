"""Importing the seed text export gives the published seed record, and its page."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetsite.importer import import_document
from budgetsite.load import read_record
from conftest import SEED_RECORD, SEED_TEXT, run_build, run_cli, write_site_config
from fidelity import assert_paragraphs_in_order, assert_table_in_page
from htmltext import main_content
from seedtext import seed_page_grids, seed_paragraphs


def seed_record():
    record, errors = read_record(SEED_RECORD)
    assert errors == []
    return record


def test_seed_text_imports_to_the_seed_record() -> None:
    result = import_document(SEED_TEXT)
    assert result.record == seed_record()
    assert result.kind == "文本"
    # The 目录 is skipped on purpose, and said so with its line.
    assert result.notes == [f"{result.notes[0].split(':')[0]}:11: 已跳过目录（8 行）：“目 录”"]
    # Page breaks inside sentences are joined back.
    assert result.record.overall_goals[4].text.startswith("指导基层工会开展群众性经济技术创新活动以及劳动竞赛")
    assert "紧紧围绕全县工作大局和市总工作部署" in result.record.safeguards[0]
    # Exact decimals, as written.
    assert str(result.record.projects[1].budget.total) == "20.00"


def test_cli_import_writes_the_record_where_check_expects_it(tmp_path: Path) -> None:
    result = run_cli("import", str(SEED_TEXT), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = tmp_path / "data" / "2021" / "711001.yaml"
    assert "已导入（文本）：承德县总工会 2021 年，2 个项目，18 条绩效指标 → data/2021/711001.yaml" in result.stdout
    record, errors = read_record(written)
    assert errors == [] and record == seed_record()
    check = run_cli("check", "data", cwd=tmp_path)
    assert check.returncode == 0 and "检查通过：1 个文件，1 个年度，2 个项目。" in check.stdout
    # Never overwrites silently.
    again = run_cli("import", str(SEED_TEXT), cwd=tmp_path)
    assert again.returncode == 1 and "data/2021/711001.yaml 已存在" in again.stderr
    forced = run_cli("import", str(SEED_TEXT), "--force", "-o", "data/2021/711001.yaml", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr


def test_year_option_must_agree_with_the_cover(tmp_path: Path) -> None:
    result = run_cli("import", str(SEED_TEXT), "--year", "2022", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "--year 指定为 2022，但封面标题是“2021 年部门预算绩效文本”（2021 年）" in result.stderr
    assert not (tmp_path / "data").exists()


@pytest.mark.slow
def test_imported_seed_page_shows_every_paragraph_and_table_in_place(tmp_path: Path) -> None:
    assert run_cli("import", str(SEED_TEXT), cwd=tmp_path).returncode == 0
    build = run_build(write_site_config(tmp_path, tmp_path / "data"))
    assert build.returncode == 0, build.stderr
    html = (tmp_path / "site" / "2021" / "711001" / "index.html").read_text(encoding="utf-8")
    page = main_content(html)
    assert_paragraphs_in_order(page, seed_paragraphs())
    for grid in seed_page_grids():
        assert_table_in_page(page, grid)
