"""Importing the seed as a Word .docx (built here from the seed text) gives the same record."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from budgetsite.importer import ImportFailed, import_document
from budgetsite.load import read_record
from conftest import SEED_RECORD, SEED_TEXT, run_cli


def seed_record():
    record, errors = read_record(SEED_RECORD)
    assert errors == []
    return record


def build_docx(text: str, path: Path, *, wrap: dict[str, list[str]] | None = None) -> Path:
    """The text export as Word would hold it: paragraphs, and tables with merged cells.

    A run of tab-separated lines becomes one table. In the header part of a
    project table a filled cell followed by empty cells is merged across them
    (项目名称, 资金用途, 绩效目标, 3月底 over two columns); a blank first cell is
    merged into the cell above (预算规模及资金用途, 资金支出计划, 一级指标).
    ``wrap`` puts a cell's text into several paragraphs, as a cell wrapped in Word.
    """
    wrap = wrap or {}
    document = docx.Document()
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        if "\t" not in lines[i]:
            if lines[i].strip():
                document.add_paragraph(lines[i])
            i += 1
            continue
        block = []
        while i < len(lines) and "\t" in lines[i]:
            block.append(lines[i].split("\t"))
            i += 1
        width = max(len(r) for r in block)
        table = document.add_table(rows=len(block), cols=width)
        grid = [row + [""] * (width - len(row)) for row in block]
        for r, row in enumerate(grid):
            for c, value in enumerate(row):
                cell = table.cell(r, c)
                parts = wrap.get(value, [value])
                cell.paragraphs[0].text = parts[0]
                for more in parts[1:]:
                    cell.add_paragraph(more)
        in_grid = False
        horizontal = []
        for r, row in enumerate(grid):
            if row[0] == "一级指标":
                in_grid = True
            values_row = r > 0 and grid[r - 1][0].startswith("资金支出计划")
            if in_grid or values_row:
                continue
            c = 0
            while c < width:
                end = c + 1
                while end < width and not row[end]:
                    end += 1
                if row[c] and end - 1 > c:
                    horizontal.append((r, c, end - 1))
                c = end
        for r, c, last in horizontal:
            table.cell(r, c).merge(table.cell(r, last))
        r = 0
        while r < len(grid):
            end = r
            while end + 1 < len(grid) and not grid[end + 1][0] and grid[r][0]:
                end += 1
            if end > r:
                table.cell(r, 0).merge(table.cell(end, 0))
            r = end + 1
    document.save(str(path))
    return path


@pytest.fixture(scope="module")
def seed_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_docx(SEED_TEXT.read_text(encoding="utf-8"), tmp_path_factory.mktemp("docx") / "711001.docx")


def test_merged_cells_of_the_docx_import_into_their_rows(seed_docx: Path) -> None:
    # The fixture holds the merges a real 绩效目标表 has (read back with python-docx, not the importer):
    table = next(t for t in docx.Document(str(seed_docx)).tables if t.cell(0, 0).text == "项目编码")
    grid = table._cells  # one entry per grid position; a merged cell fills each of its positions

    def cell(row: int, col: int):
        return grid[row * len(table.columns) + col]

    assert cell(0, 1) is cell(0, 2) and cell(0, 1).text.strip() == "130821212EHVWVXYA137X"  # 项目编码 over two columns
    assert cell(3, 1) is cell(3, 2) and cell(3, 1).text.strip() == "3月底"  # 3月底 over two columns
    assert cell(1, 0) is cell(2, 0) and cell(1, 0).text.strip() == "预算规模及资金用途"  # over two rows
    assert cell(7, 0) is cell(12, 0) is not cell(13, 0) and cell(7, 0).text.strip() == "产出指标"  # 产出指标 over six rows
    xml = zipfile.ZipFile(seed_docx).read("word/document.xml").decode("utf-8")
    assert xml.count("<w:gridSpan ") >= 4 and xml.count("<w:vMerge") >= 8
    # ... and the importer puts each merged value into every row it covers, and each plan value under its time point.
    project = import_document(seed_docx).record.projects[0]
    assert [i.level1 for i in project.indicators] == ["产出指标"] * 6 + ["效益指标"] * 2 + ["满意度指标"]
    assert [i.level2 for i in project.indicators][:3] == ["数量指标", "数量指标", "质量指标"]
    assert [(p.period, p.value) for p in project.spending_plan] == [("3月底", ""), ("6月底", ""), ("10月底", ""), ("12月底", "100.00%")]
    assert project.purpose == "为我县改制、破产企业退休劳动模范发放劳动模范荣誉津贴"


def test_seed_docx_imports_to_the_seed_record(seed_docx: Path) -> None:
    result = import_document(seed_docx)
    assert result.kind == "Word"
    assert result.record == seed_record()


def test_cli_import_of_the_docx(seed_docx: Path, tmp_path: Path) -> None:
    result = run_cli("import", str(seed_docx), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "已导入（Word）" in result.stdout
    record, errors = read_record(tmp_path / "data" / "2021" / "711001.yaml")
    assert errors == [] and record == seed_record()


def test_a_cell_wrapped_into_two_paragraphs_is_one_cell(tmp_path: Path) -> None:
    wrap = {"核实取得劳动模范荣誉证书人数": ["核实取得劳动模范", "荣誉证书人数"],
            "1. 对承德县改制、破产企业单位退休的劳动模范发放荣誉津贴 2. 及时发放荣誉津贴":
                ["1. 对承德县改制、破产企业单位退休的劳动模范发放荣誉津贴", "2. 及时发放荣誉津贴"]}
    path = build_docx(SEED_TEXT.read_text(encoding="utf-8"), tmp_path / "wrapped.docx", wrap=wrap)
    assert import_document(path).record == seed_record()


def test_docx_problems_name_the_table_and_row(tmp_path: Path) -> None:
    # Tables 1 and 2 are the 目录 (its entries end in a tab and a page number).
    text = SEED_TEXT.read_text(encoding="utf-8").replace("产出指标\t数量指标\t核实劳动模范人数", "\t\t核实劳动模范人数", 1)
    path = build_docx(text, tmp_path / "blank.docx")
    with pytest.raises(ImportFailed) as info:
        import_document(path, file="blank.docx")
    # The rows below it are merged into the blank cell, so each of them is named too.
    assert info.value.lines()[0] == (
        "blank.docx（第 3 个表格第 8 行）: 第一行指标的一级指标为空，无法沿用上一行："
        "“⇥  ⇥ 核实劳动模范人数 ⇥ 核实本县劳动模范人数 ⇥ ≥90 百分比 ⇥ 工作活动部门职责 ⇥”")
    assert all(line.startswith("blank.docx（第 3 个表格第 ") for line in info.value.lines())


def test_docx_with_a_weight_column_keeps_it(tmp_path: Path) -> None:
    """A column the site does not have (权重) is kept in the project's grid, never refused."""
    text = SEED_TEXT.read_text(encoding="utf-8").replace("指标值确定依据\t\n", "指标值确定依据\t权重\n", 1)
    record = import_document(build_docx(text, tmp_path / "weights.docx")).record
    grid = record.projects[0].indicator_grid
    assert grid is not None and [c.header for c in grid.columns][-1] == "权重"
    assert record.projects[0].indicators == seed_record().projects[0].indicators


def test_a_zip_that_is_not_a_word_document(tmp_path: Path) -> None:
    path = tmp_path / "notword.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "不是 Word")
    result = run_cli("import", str(path), cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "不是有效的 Word .docx 文件" in result.stderr
