"""``budgetsite import`` of a 项目支出绩效自评表: a text export, the same table in Word (.docx) with merged cells,
the header variants other provinces use, and every problem reported with its line."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from budgetsite.importer import ImportFailed
from budgetsite.importer.evaluation_record import import_evaluation, is_evaluation
from conftest import SEED_EVALUATION_TEXT, SEED_TEXT, make_data_dir, run_cli

TEXT = SEED_EVALUATION_TEXT.read_text(encoding="utf-8")


def body(yaml: str) -> str:
    """The YAML without its two comment lines (which name the source file)."""
    return "\n".join(line for line in yaml.splitlines() if not line.startswith("#"))


def build_docx(text: str, path: Path) -> Path:
    """The table as Word holds it: the title as paragraphs, one table, a label merged over the empty cells after it
    (项目名称 …) and a blank first cell merged into the one above (项目资金, 绩效指标, 一级/二级指标)."""
    document = docx.Document()
    rows = [line.split("\t") for line in text.splitlines()]
    for row in rows:
        if len(row) == 1:
            document.add_paragraph(row[0])
    grid = [r for r in rows if len(r) > 1]
    width = max(len(r) for r in grid)
    grid = [r + [""] * (width - len(r)) for r in grid]
    table = document.add_table(rows=len(grid), cols=width)
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    for r, row in enumerate(grid):
        c = 0
        while c < width:
            end = c + 1
            while end < width and not row[end] and row[c] and (r == 0 or row[0] in ("项目名称", "项目编码", "评价结论", "存在问题", "改进措施")):
                end += 1
            if end - 1 > c:
                table.cell(r, c).merge(table.cell(r, end - 1))
            c = end
    for c in (0, 1, 2):  # vertical merges: each blank cell joins the filled one above
        r = 0
        while r < len(grid):
            end = r + 1
            while end < len(grid) and not grid[end][c] and grid[r][c] and any(grid[end][c + 1:]):
                end += 1
            if end - 1 > r and grid[r][0] in ("项目资金（万元）", "绩效指标", "年度总体目标", "") and (c == 0 or grid[r][0] == ""):
                table.cell(r, c).merge(table.cell(end - 1, c))
            r = end
    document.save(str(path))
    return path


def test_text_export_reads_every_cell() -> None:
    result = import_evaluation(SEED_EVALUATION_TEXT, year=2021, data_dir=None)
    e = result.evaluation
    assert (e.year, e.unit.code, e.unit.name, e.department, e.money_unit) == (2021, "711001", "承德县总工会本级", "承德县总工会", "万元")
    (p,) = e.projects
    assert (p.code, p.name) == ("130821212EHVWVXYA137X", "破产、改制企业退休劳动模范荣誉津贴")
    assert [(f.name, str(f.spent), f.rate) for f in p.funds] == [
        ("年度资金总额", "4.80", "96.00%"), ("其中：本年财政拨款", "4.80", "96.00%"), ("上年结转资金", "0.00", "—"), ("其他资金", "0.00", "—")]
    assert (str(p.funds[0].points), str(p.funds[0].score), p.funds[1].points) == ("10", "9.60", None)
    assert len(p.indicators) == 9
    row = p.indicators[4]
    assert (row.level1, row.level2, row.name, row.target, row.actual, str(row.points), str(row.score)) == (
        "产出指标", "时效指标", "按时间节点支出资金", "100 百分比", "96%", "10", "9.60")
    assert row.reason.startswith("2 名劳模信息变更")
    assert p.indicators[1].level2 == "数量指标"  # blank cells below a merged 二级指标 are filled down
    assert (str(p.total_points), str(p.total_score), p.conclusion) == ("100", "98.20", "良")
    assert p.measures.startswith("每年一季度集中核对劳模信息") and p.problems.startswith("劳模信息更新不及时")
    assert p.goal_actual.startswith("核实劳动模范 25 人")
    assert result.notes[0].endswith("表头标题行，未作为字段导入：“项目支出绩效自评表”")


def test_word_docx_gives_the_same_record(tmp_path: Path) -> None:
    path = build_docx(TEXT, tmp_path / "自评表.docx")
    assert is_evaluation(path)
    from_word = import_evaluation(path, year=2021, data_dir=None)
    from_text = import_evaluation(SEED_EVALUATION_TEXT, year=2021, data_dir=None)
    assert from_word.kind == "Word"
    assert body(from_word.yaml) == body(from_text.yaml)


def test_the_targets_document_is_not_taken_for_a_self_evaluation() -> None:
    assert is_evaluation(SEED_EVALUATION_TEXT)
    assert not is_evaluation(SEED_TEXT)


def test_other_templates_headers_and_the_unit_found_from_the_targets(tmp_path: Path) -> None:
    variant = (TEXT.replace("全年预算数", "调整后预算数").replace("全年执行数", "预算执行数")
               .replace("偏差原因分析及改进措施", "未完成原因分析").replace("实施单位\t711001-承德县总工会本级", "实施单位\t承德县总工会本级")
               .replace("存在问题", "存在的问题").replace("项目编码\t130821212EHVWVXYA137X", "一体化项目编码\t130821212EHVWVXYA137X"))
    path = tmp_path / "variant.txt"
    path.write_text(variant, encoding="utf-8")
    with pytest.raises(ImportFailed) as caught:
        import_evaluation(path, year=2021, data_dir=None)
    assert "实施单位一栏没有单位编码" in caught.value.report() and "--unit" in caught.value.report()
    data = make_data_dir(tmp_path)
    result = import_evaluation(path, year=2021, data_dir=data)
    assert result.evaluation.unit.code == "711001"
    assert body(result.yaml).replace("implementer: 承德县总工会本级", "") == body(
        import_evaluation(SEED_EVALUATION_TEXT, year=2021, data_dir=None).yaml).replace("implementer: 711001-承德县总工会本级", "")


def test_every_problem_with_its_line_and_nothing_written(tmp_path: Path) -> None:
    bad = TEXT.replace("\t10\t9.60\t2 名", "\t10\t九点六\t2 名").replace("\t5.00\t5.00\t4.80\t10\t96.00%", "\t5.00\t5.00\t4,80\t10\t96.00%")
    path = tmp_path / "bad.txt"
    path.write_text(bad, encoding="utf-8")
    data = make_data_dir(tmp_path)
    result = run_cli("import", str(path), "--year", "2021", "--data", str(data), cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = bad.splitlines()
    score_line = next(n for n, t in enumerate(lines, start=1) if "九点六" in t)
    spent_line = next(n for n, t in enumerate(lines, start=1) if "4,80" in t)
    assert f"bad.txt:{score_line}: 三级指标“按时间节点支出资金”的得分“九点六”不是数字" in result.stderr
    assert f"bad.txt:{spent_line}: 项目资金“年度资金总额”的全年执行数“4,80”不是数字" in result.stderr
    assert not (data / "2021" / "711001-evaluation.yaml").exists()


def test_cli_writes_beside_the_targets_and_refuses_to_overwrite(tmp_path: Path) -> None:
    data = make_data_dir(tmp_path)
    first = run_cli("import", str(SEED_EVALUATION_TEXT), "--year", "2021", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert (data / "2021" / "711001-evaluation.yaml").is_file()
    again = run_cli("import", str(SEED_EVALUATION_TEXT), "--year", "2021", cwd=tmp_path)
    assert again.returncode == 1 and "已存在。核对无误后加 --force 覆盖" in again.stderr


def build_xlsx(text: str, path: Path) -> Path:
    """The table as an 一体化 system exports it: numbers as number cells with their formats (0.00, 0.00%, 0), merged labels."""
    import openpyxl

    from budgetsite.values import parse_amount

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "项目支出绩效自评表"
    for r, line in enumerate(text.splitlines(), start=1):
        for c, value in enumerate(line.split("\t"), start=1):
            if not value:
                continue
            cell = sheet.cell(row=r, column=c)
            if value.endswith("%") and parse_amount(value[:-1]) is not None:
                places = len(value[:-1].partition(".")[2])
                cell.value, cell.number_format = float(value[:-1]) / 100, ("0." + "0" * places if places else "0") + "%"
            elif parse_amount(value) is not None:
                places = len(value.partition(".")[2])
                cell.value, cell.number_format = float(value), "0." + "0" * places if places else "0"
            else:
                cell.value = value
    sheet.merge_cells("B3:I3")
    book.save(path)
    return path


def test_excel_xlsx_gives_the_same_record(tmp_path: Path) -> None:
    path = build_xlsx(TEXT, tmp_path / "自评表.xlsx")
    assert is_evaluation(path)
    from_excel = import_evaluation(path, year=2021, data_dir=None)
    assert from_excel.kind == "Excel"
    assert body(from_excel.yaml) == body(import_evaluation(SEED_EVALUATION_TEXT, year=2021, data_dir=None).yaml)
    assert from_excel.notes[0].endswith("自评表.xlsx（工作表“项目支出绩效自评表”第 1 行）: 表头标题行，未作为字段导入：“项目支出绩效自评表”")
    result = run_cli("import", str(path), "--year", "2021", "-o", str(tmp_path / "out.yaml"), cwd=tmp_path)
    assert result.returncode == 0 and "已导入绩效自评（Excel）" in result.stdout


def test_excel_number_formats_are_shown_exactly() -> None:
    from budgetsite.importer.evaluation_xlsx import shown_number

    assert shown_number("4.8", "0.00") == "4.80"
    assert shown_number("0.96", "0.00%") == "96.00%"
    assert shown_number("0.30000000000000004", "0.00") == "0.30"
    assert shown_number("10", "General") == "10"
    assert shown_number("9.6", "General") == "9.6"
    assert shown_number("12345.5", "#,##0.00") == "12345.50"


def test_a_table_without_its_title_is_still_recognised(tmp_path: Path) -> None:
    path = tmp_path / "no-title.txt"
    path.write_text("\n".join(TEXT.splitlines()[2:]) + "\n", encoding="utf-8")
    assert is_evaluation(path)
    assert len(import_evaluation(path, year=2021, data_dir=None).evaluation.projects[0].indicators) == 9


def test_a_targets_table_with_a_绩效指标_label_is_not_a_self_evaluation(tmp_path: Path) -> None:
    path = tmp_path / "targets.txt"
    path.write_text("项目支出绩效目标表\n绩效指标\t一级指标\t二级指标\t三级指标\t指标值\n\t产出指标\t数量指标\t场次\t≥40 场\n", encoding="utf-8")
    assert not is_evaluation(path)


NATURE_TABLE = """示例县项目支出绩效自评表（2021年度）
项目名称\t示例县乡村道路养护
实施单位\t[713001]示例县交通运输局本级
项目资金（元）\t\t年初预算数\t调整后预算数\t预算执行数\t分值\t执行率\t得分
\t年度资金总额\t100000.00\t100000.00\t90000.00\t10\t90.00%\t9.00
绩效指标\t一级指标\t二级指标\t三级指标\t指标性质\t度量单位\t年度指标值\t实际完成值\t权重\t得分\t未完成原因分析
\t产出指标\t数量指标\t养护里程\t≥\t公里\t120\t108\t50\t45.00\t两段道路因雨季推迟养护。
\t效益指标\t社会效益指标\t通行条件\t定性\t\t明显改善\t明显改善\t30\t30\t
\t满意度指标\t服务对象满意度指标\t群众满意度\t≥\t%\t90\t93\t10\t10\t
总分\t\t\t\t\t\t\t\t100\t94.00\t
"""


def test_separate_nature_and_unit_columns_and_an_amount_in_yuan(tmp_path: Path) -> None:
    from budgetsite.evaluation_match import match_evaluation
    from budgetsite.review import review_evaluation

    path = tmp_path / "nature.txt"
    path.write_text(NATURE_TABLE, encoding="utf-8")
    e = import_evaluation(path, data_dir=None).evaluation
    assert (e.year, e.unit.code, e.money_unit) == (2021, "713001", "元")
    row = e.projects[0].indicators[0]
    assert (row.nature, row.measure, row.target, row.actual, str(row.points)) == ("≥", "公里", "120", "108", "50")
    assert row.target_quantity is not None and row.target_quantity.comparator == "≥" and row.target_quantity.number == 120
    assert row.reason == "两段道路因雨季推迟养护。"
    assert str(e.projects[0].funds[0].spent) == "90000.00"
    assert [f.rule for f in review_evaluation(match_evaluation(None, e))] == ["eval-unmatched-project"]  # 108 ÷ 120 × 50 = 45.00
    from budgetsite.evaluation_tables import result_table

    assert [c.header for c in result_table(e.projects[0]).columns][3:5] == ["指标性质", "度量单位"]
