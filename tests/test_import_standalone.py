"""Standalone project tables as five provinces publish them, from every source: every cell of the original reaches the page.

The fixtures in ``tests/fixtures/standalone/`` are written from real published
tables (``SOURCES.md`` gives each address). The .xlsx, .docx and PDF files are
built here from the tab-separated fixtures, so that they are reproducible. One
site is built from all the imported records; each test then reads its page's
tables back and finds the original's rows in them, in order.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from budgetsite.importer import ImportFailed, import_document
from budgetsite.load import read_record
from conftest import FIXTURES, run_build, run_cli, write_site_config
from fidelity import assert_rows_in_table
from htmltext import main_content, tables

STANDALONE = FIXTURES / "standalone"


def tsv_rows(name: str) -> list[list[str]]:
    return [line.split("\t") for line in (STANDALONE / name).read_text(encoding="utf-8").splitlines()]


def write_xlsx(rows: list[list[str]], path: Path) -> Path:
    """A workbook as the budget systems export it: whole numbers typed as numbers, the rest as text."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "绩效目标表"
    for row in rows:
        sheet.append([int(c) if c.isdigit() else (c or None) for c in row])
    book.save(path)
    return path


def write_docx(rows: list[list[str]], path: Path) -> Path:
    """A Word table, title rows above it as paragraphs; a cell continued by blanks to its right is merged across them."""
    import docx

    document = docx.Document()
    width = max(len(r) for r in rows)
    start = next(n for n, r in enumerate(rows) if any(r[1:]))
    for row in rows[:start]:
        document.add_paragraph(row[0])
    table = document.add_table(rows=len(rows) - start, cols=width)
    for r, row in enumerate(rows[start:]):
        for c, value in enumerate(row + [""] * (width - len(row))):
            table.cell(r, c).text = value
    document.save(path)
    return path


def write_pdf(rows: list[list[str]], path: Path) -> Path:
    """A ruled table in a PDF with a text layer (reportlab's built-in STSong-Light CID font: no font file needed)."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("cell", fontName="STSong-Light", fontSize=7, leading=9, wordWrap="CJK")
    titles = [r[0] for r in rows if not any(r[1:])]
    grid = [[Paragraph(c, style) if len(c) > 12 else c for c in r] for r in rows if any(r[1:])]
    table = Table(grid, colWidths=[60, 110, 90, 330, 170])
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "STSong-Light", 7), ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    SimpleDocTemplate(str(path), pagesize=landscape(A4)).build([*(Paragraph(t, style) for t in titles), table])
    return path


def find_rows(html: str, rows: list[list[str]]) -> None:
    """Each row is a row of one table on the page, in the same order (merged cells read as repeated)."""
    assert_rows_in_table(main_content(html), rows)


# (fixture, how it reaches the importer, --year, --unit)
IMPORTED = {
    "hubei_portal_cells": ("hubei_qingshan_portal_cells.txt", "text", "2020", "015001"),
    "hubei_run_together": ("hubei_qingshan_run_together.txt", "text", "2020", "015099"),
    "anhui_portal_bars": ("anhui_jinan_portal_bars.txt", "text", None, None),
    "neimenggu_xlsx": ("neimenggu_wuhai_sheet.tsv", "xlsx", None, None),
    "anhui_pdf": ("anhui_jinzhai_table.tsv", "pdf", None, "341524"),
    "guangdong_docx": ("guangdong_dongguan_table.tsv", "docx", None, "DG0001"),
    "example_budget_books": ("example_budget_books.tsv", "xlsx", None, None),
    "example_two_grids": ("example_long_and_annual_grids.tsv", "docx", None, None),
    "example_department_form": ("example_department_form.tsv", "xlsx", None, None),
}


def source_file(tmp: Path, name: str, kind: str) -> Path:
    if kind == "text":
        return STANDALONE / name
    rows = tsv_rows(name)
    out = tmp / f"{Path(name).stem}.{kind}"
    return {"xlsx": write_xlsx, "docx": write_docx, "pdf": write_pdf}[kind](rows, out)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, str, Path]]:
    """Every fixture imported with the command a clerk types, one site built: name → (import output, page HTML, record)."""
    root = tmp_path_factory.mktemp("standalone")
    outputs: dict[str, tuple[str, Path]] = {}
    for key, (name, kind, year, unit) in IMPORTED.items():
        args = ["import", str(source_file(root, name, kind))]
        args += ["--year", year] if year else []
        args += ["--unit", unit] if unit else []
        result = run_cli(*args, cwd=root)
        assert result.returncode == 0, (key, result.stderr)
        assert "Traceback" not in result.stdout + result.stderr
        written = Path(result.stdout.split("→ ")[1].splitlines()[0].strip())
        outputs[key] = (result.stdout, root / written)
    build = run_build(write_site_config(root, root / "data"))
    assert build.returncode == 0, build.stderr
    pages = {}
    for key, (stdout, record_path) in outputs.items():
        page = root / "site" / record_path.parent.name / record_path.stem / "index.html"
        pages[key] = (stdout, page.read_text(encoding="utf-8"), record_path)
    return pages


def test_done_when_portal_page_one_cell_per_line(site: dict[str, tuple[str, str, Path]]) -> None:
    """青山区教育局, a portal page copied as text: cells one per line, 长期 and 年度 columns, the CMS header and footer."""
    stdout, html, _ = site["hubei_portal_cells"]
    assert "已导入（文本）：武汉市青山区教育局 2020 年，1 个项目，7 条绩效指标 → data/2020/015001.yaml" in stdout
    find_rows(html, [
        ["一级指标", "二级指标(长期)", "三级指标(长期)", "指标值(长期)", "二级指标(年度)", "三级指标(年度)", "指标值(年度)"],
        ["产出指标", "数量指标", "", "", "数量指标", "重点建设工程安排数量", "2"],
        ["产出指标", "质量指标", "", "", "质量指标", "重点建设工程验收合格率", "100%"],
        ["产出指标", "成本指标", "", "", "成本指标", "建设项目成本", "参照政府采购成本控制"],
        ["产出指标", "时效指标", "", "", "时效指标", "重点建设工程按期完成率", "100%"],
        ["效益指标", "可持续影响指标", "", "", "可持续影响指标", "基础教育巩固提高情况", "巩固提高"],
        ["效益指标", "社会效益指标", "", "", "社会效益指标", "基础教育学校办学条件", "持续改善"],
        ["满意度指标", "服务对象满意度指标", "", "", "服务对象满意度指标", "学生、家长、社会满意度", "≥90%"],
    ])
    find_rows(html, [
        ["项目名称", "教育系统基础设施建设和设备购置"], ["主管部门及编码", "[015001]武汉市青山区教育局"],
        ["实施单位", "武汉市青山区教育局"], ["项目属性", "基础建设、修缮类"], ["项目起止时间", "202001-202012"],
        ["项目资金", ""], ["资金总额", "10000万元"], ["当年资金总额:", "10000万元"], ["其中:财政拨款", "10000万元"],
        ["其中:当年财政拨款", "10000万元"], ["其他资金", ""], ["当年其他资金", ""],
        ["中期目标", "优化教育布局,推进教育领域综合改革全面提升育人质量实现基础教育持续发展"],
        ["年度目标", "按工作计划完成教育局重点项目建设经费预算安排"],
    ])
    # The CMS header is the record's 公开信息; the page tools are not on the page.
    find_rows(html, [["索引号", "733569413/2020-806617", "发布机构", "教育局"], ["发布日期", "2020-01-20", "标题", "项目支出绩效目标表3"]])
    assert "扫一扫在手机打开当前页" not in html and "[下载]" not in html
    assert "绩效项目指标表" in html and "项目支出绩效目标表 2020年度)" in html


def test_done_when_run_together_transfer_fund_table(site: dict[str, tuple[str, str, Path]]) -> None:
    """A transfer-fund 绩效目标表 whose rows read 产出指标数量指标农村义务教育学校改造覆盖率100%."""
    stdout, html, _ = site["hubei_run_together"]
    assert "9 条绩效指标" in stdout
    find_rows(html, [
        ["一级指标", "二级指标", "指标内容", "指标值"],
        ["产出指标", "数量指标", "农村义务教育学校改造覆盖率", "100%"],
        ["产出指标", "质量指标", "校舍维修改造质量合格率", "100%"],
        ["产出指标", "质量指标", "购置设施设备质量合格率", "100%"],
        ["产出指标", "时效指标", "预算资金当年下达率", "100%"],
        ["产出指标", "时效指标", "项目按计划完成率", "100%"],
        ["产出指标", "成本指标", "建设项目成本控制率", "100%"],
        ["效益指标", "可持续影响指标", "义务教育优质均衡发展情况", "稳步提高"],
        ["效益指标", "社会公众或服务对象满意度指标", "学生家长满意度", "≥90%"],
        ["效益指标", "社会公众或服务对象满意度指标", "学校满意度", "≥90%"],
    ])
    find_rows(html, [["项目名称", "农村义务教育薄弱学校改造补助资金"], ["项目主管部门", "青山区教育局"],
                     ["项目执行单位", "化工区学校"], ["资金情况", "(万元)"], ["年度资金总额:", "16"], ["其中 :上级资金", "16"],
                     ["年度目标", "全面改善农村义务教育薄弱学校办学条件,扩大基础教育资源,进一步提高义务教育均衡发展水平。"]])


def test_portal_page_with_a_bar_after_each_cell(site: dict[str, tuple[str, str, Path]]) -> None:
    """六安市金安区: each cell ends in |, labels wrapped over lines, 一级/二级 only on a group's first row."""
    stdout, html, _ = site["anhui_portal_bars"]
    assert "六安市金安区体育局 2025 年，1 个项目，11 条绩效指标 → data/2025/042.yaml" in stdout  # the code in [042]
    find_rows(html, [
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "开展运动种类", "1种"],
        ["产出指标", "数量指标", "打造品牌赛事种类", "1种"],
        ["产出指标", "质量指标", "经费支出合规率", "100%"],
        ["产出指标", "质量指标", "赛事完成率", "100%"],
        ["产出指标", "时效指标", "完成时间", "2025年年底前"],
        ["产出指标", "成本指标", "项目总成本", "≤1000万元"],
        ["效益指标", "经济效益指标", "提升六安城市知名度和美誉度,推动体育消费、“网球+”产业深度融合", "经济效益良好"],
        ["效益指标", "社会效益指标", "打造金安国际网球公开赛等系列品牌赛事,提升六安城市的知名度和美誉度。", "效果良好"],
        ["效益指标", "生态效益指标", "本项目不适用此指标", "无"],
        ["效益指标", "可持续影响指标", "打造金安国际网球公开赛等系列品牌赛事", "影响可持续"],
        ["满意度指标", "满意度指标", "群众满意度", "≥95%"],
    ])
    find_rows(html, [["项目资金(万元)", ""], ["年度资金总额:", "1000.00"], ["其中:财政拨款", "1000.00"], ["其他资金", "0.00"]])


def test_spreadsheet_with_weights_and_units_as_columns(site: dict[str, tuple[str, str, Path]]) -> None:
    """乌海市 (.xlsx): 指标性质, 指标方向, 目标值, 计量单位, 分值 and 备注 as columns, in the original's order."""
    stdout, html, _ = site["neimenggu_xlsx"]
    assert "已导入（Excel）：乌海市供销合作社联合社(部门) 2021 年，1 个项目，11 条绩效指标" in stdout
    rows = tsv_rows("neimenggu_wuhai_sheet.tsv")
    find_rows(html, [rows[12][1:], *(r[1:] for r in rows[13:])])
    find_rows(html, [["项目类别", "(31)部门预算项目"], ["归口科室", "(08)经济贸易科"], ["资金总额", "3"], ["其中: 财政拨款数", "3"]])


def test_pdf_with_a_text_layer(site: dict[str, tuple[str, str, Path]]) -> None:
    """金寨经济开发区 (PDF with a ruled table): the cells as the PDF holds them."""
    stdout, html, _ = site["anhui_pdf"]
    assert "已导入（PDF）：县财政局 2021 年，1 个项目，9 条绩效指标" in stdout
    rows = tsv_rows("anhui_jinzhai_table.tsv")
    grid = [r[1:] for r in rows[8:]]
    for n in range(2, len(grid)):  # merged 一级 cells read as repeated
        grid[n][0] = grid[n][0] or grid[n - 1][0]
    find_rows(html, grid)


def test_word_table_with_long_term_and_annual_columns(site: dict[str, tuple[str, str, Path]]) -> None:
    """东莞市 (.docx): 中期 and 年度 columns side by side, 一级 预期产出指标 / 效果指标."""
    stdout, html, _ = site["guangdong_docx"]
    assert "已导入（Word）：东莞市交通运输局 2019 年，1 个项目，5 条绩效指标" in stdout
    rows = tsv_rows("guangdong_dongguan_table.tsv")
    grid = [r[1:] for r in rows[6:]]
    for n in range(2, len(grid)):
        grid[n][0] = grid[n][0] or grid[n - 1][0]
    find_rows(html, grid)
    find_rows(html, [["中期市财政预算(万元)", "284500.00"], ["本年度申请市财政预算资金(万元)", "919.00"]])
    assert "中期滚动目标(2019年--2021年)" in html  # the goals' period, kept in 未能归类


def test_funds_by_budget_book_and_separate_operator_and_unit_cells(site: dict[str, tuple[str, str, Path]]) -> None:
    """A fictional 示例县教育局 table (no real one of this layout was found): two rows of fund headers over one row of
    amounts in 元 with thousands separators, a checkbox field, 指标性质 and 度量单位 in cells of their own."""
    stdout, html, path = site["example_budget_books"]
    assert "已导入（Excel）：示例县教育局 2024 年，1 个项目，5 条绩效指标 → data/2024/901001.yaml" in stdout
    find_rows(html, [["项目性质", "新增□ 延续☑"], ["资金来源", "金额（元）"], ["一般公共预算拨款 小计", "1,250,000.00"],
                     ["一般公共预算拨款 市本级", "450,000.00"], ["一般公共预算拨款 中央及自治区补助", "800,000.00"],
                     ["政府性基金预算拨款", "0.00"], ["国有资本经营预算拨款", "0.00"], ["其他资金", "0.00"]])
    rows = tsv_rows("example_budget_books.tsv")
    grid = [r[1:] for r in rows[9:]]
    for n in range(2, len(grid)):
        grid[n][0] = grid[n][0] or grid[n - 1][0]
    find_rows(html, grid)
    record, errors = read_record(path)
    assert errors == [] and record.money_unit == "元" and record.projects[0].budget is None
    assert [i.value for i in record.projects[0].indicators] == ["≥1200平方米", "＝100%", "≤125万元", "消除", "≥90%"]


def test_long_term_and_annual_grids_as_two_tables(site: dict[str, tuple[str, str, Path]]) -> None:
    """A fictional 示例县交通运输局 table laid out as the 宁乡/佳县 templates are: a 长期绩效指标 table, then a 年度绩效指标 table."""
    stdout, html, path = site["example_two_grids"]
    assert "已导入（Word）：示例县交通运输局 2024 年，1 个项目，3 条绩效指标" in stdout  # the annual ones
    rows = tsv_rows("example_long_and_annual_grids.tsv")
    find_rows(html, [r[1:] for r in rows[6:9]])
    annual = [r[1:] for r in rows[9:]]
    annual[2][0] = annual[1][0]  # the merged 一级 cell, read as repeated
    find_rows(html, annual)
    find_rows(html, [["项目属性", "新增项目□延续项目√"], ["中期目标", "改善全县农村公路通行条件"], ["年度目标", "完成农村公路养护120公里"]])
    page = tables(main_content(html))
    captions = [t["caption"] for t in page]
    assert captions.index("长期绩效指标") < captions.index("年度绩效指标")
    record, errors = read_record(path)
    assert errors == [] and [i.name for i in record.projects[0].indicators] == ["年度养护里程", "养护完成时间", "沿线群众满意度"]


def test_department_wide_form_beside_a_project_table(site: dict[str, tuple[str, str, Path]]) -> None:
    """A fictional 示例县人力资源和社会保障局 workbook: a 部门整体支出绩效目标申报表 (收入构成, 支出构成 with 金额 and 占比 rows)
    and a project table, one record."""
    stdout, html, path = site["example_department_form"]
    assert "已导入（Excel）：示例县人力资源和社会保障局 2024 年，1 张部门整体绩效目标表，1 个项目，2 条绩效指标 → data/2024/903001.yaml" in stdout
    find_rows(html, [["部门(单位)名称", "[903001]示例县人力资源和社会保障局"], ["部门职能概述", "负责全县就业、社会保险和人才工作。"],
                     ["收入构成", ""], ["财政拨款 金额", "860.00"], ["其他资金 金额", "40.00"], ["合计 金额", "900.00"],
                     ["财政拨款 占比", "95.56%"], ["其他资金 占比", "4.44%"], ["合计 占比", "100%"], ["支出构成", ""],
                     ["基本支出 金额", "600.00"], ["项目支出 金额", "300.00"], ["合计 金额", "900.00"], ["基本支出 占比", "66.67%"],
                     ["项目支出 占比", "33.33%"], ["合计 占比", "100%"],
                     ["年度目标", "1. 城镇新增就业800人 2. 企业职工养老保险参保率稳步提高"]])
    find_rows(html, [["一级指标", "二级指标", "三级指标", "指标值"], ["产出指标", "数量指标", "城镇新增就业人数", "≥800人"],
                     ["满意度指标", "服务对象满意度指标", "办事群众满意度", "≥90%"]])
    assert html.index("部门整体支出绩效目标申报表（2024年度）") < html.index("示例县职业技能培训补贴")
    record, errors = read_record(path)
    assert errors == [] and len(record.department_tables) == 1 and [p.name for p in record.projects] == ["示例县职业技能培训补贴"]
    assert record.projects[0].budget is not None and str(record.projects[0].budget.total) == "120.00"
    from budgetsite.search.index import record_document

    found = record_document(record, "2024/903001/")
    section = next(s for s in found.sections if s.anchor == "department-tables")
    assert "部门职能概述 负责全县就业、社会保险和人才工作。" in section.text and "城镇新增就业人数" in section.text


def test_cut_off_copy_is_refused_with_the_line(tmp_path: Path) -> None:
    """东莞市's table as the stored copy ends: in the middle of a row."""
    result = run_cli("import", str(STANDALONE / "guangdong_dongguan_bars.txt"), "--unit", "DG0001", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert ("guangdong_dongguan_bars.txt:13: 文档在绩效指标表的这一行中断：这一行只有 2 个单元格（“可持续影响指标”应在“二级 指标”列），"
            "后面还应有 5 个单元格；请核对原文是否完整：“可持续影响指标 ⇥ 实现建设总目标控制程度”") in result.stderr
    assert not (tmp_path / "data").exists()


def test_a_table_that_stops_before_its_indicators_is_refused_where_it_stops(tmp_path: Path) -> None:
    text = (STANDALONE / "hubei_qingshan_portal_cells.txt").read_text(encoding="utf-8")
    cut = tmp_path / "cut.txt"
    cut.write_text(text[: text.index("总体目标")], encoding="utf-8")
    with pytest.raises(ImportFailed) as info:
        import_document(cut, year=2020, unit="015001", file="cut.txt")
    last = text[: text.index("当年其他资金")].count("\n") + 1  # the last cell before the cut (its value is blank)
    assert info.value.lines() == [f"cut.txt:{last}: 项目“教育系统基础设施建设和设备购置”的表在这里结束，后面应是绩效指标表（“一级指标”开头的表头），"
                                  "没有找到；请核对原文是否完整：“当年其他资金”"]


def test_run_together_rows_with_more_columns_are_refused_with_the_line() -> None:
    """宁乡市: rows run together with a 备注 column cannot be split without guessing."""
    with pytest.raises(ImportFailed) as info:
        import_document(STANDALONE / "hunan_ningxiang_run_together.txt", unit="HN0001", file="ningxiang.txt")
    assert info.value.lines() == [
        "ningxiang.txt:16: 绩效指标表的各列连在一起，只能拆分 一级指标、二级指标、三级指标（指标内容）、指标值 四列；"
        "这个表还有其他列，请从原网页或原文件复制带分隔的表格（如另存为 .xlsx）后再导入：“长期绩效指标一级指标二级指标指标内容指标值备注”"
    ]


def test_a_scanned_pdf_is_refused_with_that_reason(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    page = canvas.Canvas(str(path))
    page.rect(50, 50, 400, 600, fill=1)  # an image-like page: shapes, no text
    page.save()
    with pytest.raises(ImportFailed) as info:
        import_document(path, file="scan.pdf")
    assert info.value.lines() == ["scan.pdf: PDF 中没有文字（可能是扫描件或图片），无法读取；请导入原始的 Word/Excel 文件，"
                                  "或带文字层的 PDF（能在阅读器中选中文字的 PDF）。"]


def test_unit_is_required_when_the_document_has_none() -> None:
    with pytest.raises(ImportFailed) as info:
        import_document(STANDALONE / "hubei_qingshan_run_together.txt", year=2020, file="qs.txt")
    assert "qs.txt: 文档中没有单位编码（如“[015001]某某局”），请用 --unit 指定，如 --unit 015001" in info.value.lines()


def test_check_validates_one_file(tmp_path: Path) -> None:
    result = run_cli("import", str(STANDALONE / "hubei_qingshan_run_together.txt"), "--year", "2020", "--unit", "015099",
                     "-o", "one.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "记录文件应放在 <数据文件夹>/2020/015099.yaml" in result.stderr
    check = run_cli("check", "one.yaml", "--no-review", cwd=tmp_path)
    assert check.returncode == 0 and "检查通过：one.yaml（青山区教育局 2020 年，1 个项目）。" in check.stdout
    # A finding on an indicator read from the grid names the line of its row.
    lines = (tmp_path / "one.yaml").read_text(encoding="utf-8").splitlines()
    row = next(n for n, line in enumerate(lines, start=1) if "校舍维修改造质量合格率" in line)
    reviewed = run_cli("check", "one.yaml", cwd=tmp_path)
    # the field path, then the project as clerks know it (number from 1 and name), then the message
    assert re.search(rf"one\.yaml:{row}:11: 提示 \[value-exact\] projects\[0\]\.indicators\[1\]\.value（第 1 个项目“[^”]+”）："
                     "三级指标“校舍维修改造质量合格率”", reviewed.stdout), reviewed.stdout
    broken = tmp_path / "one.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("- [产出指标, 数量指标, ", "- [产出指标, ", 1), encoding="utf-8")
    bad = run_cli("check", "one.yaml", cwd=tmp_path)
    assert bad.returncode == 1
    assert re.search(r"projects\[0\]\.indicator_grid\.rows\[0\]（第 1 个项目“[^”]+”）：原样指标表第 1 行有 3 个单元格，但 columns 有 4 列", bad.stderr), bad.stderr


def test_open_data_of_tables_as_published_follows_the_schema(site: dict[str, tuple[str, str, Path]]) -> None:
    """Each imported record's JSON download validates against the published record schema, grids and details included."""
    from budgetsite.export.jsonapi import record_json
    from budgetsite.export.schema import record_schema
    from test_export_serialisers import validate

    for _, _, path in site.values():
        record, errors = read_record(path)
        assert errors == []
        data = record_json(record)
        validate(data, record_schema())
        assert "details" in data["projects"][0] and "indicator_grid" in data["projects"][0]


def test_text_outside_any_table_is_published_as_unrecognised(tmp_path: Path) -> None:
    """Nothing is dropped: a line before the first table goes to the record's 未能识别的内容, shown on the page, with a note."""
    from budgetsite.render.document import render_document
    from budgetsite.render.page import PageContext

    path = tmp_path / "with_note.txt"
    path.write_text("以下为区教育局转移支付项目绩效目标\n" + (STANDALONE / "hubei_qingshan_run_together.txt").read_text(encoding="utf-8"),
                    encoding="utf-8")
    result = import_document(path, year=2020, unit="015099", file="with_note.txt")
    assert result.record.unplaced == ["以下为区教育局转移支付项目绩效目标"]
    assert "with_note.txt:1: 未能识别的内容（不在任何项目表中），已写入 unplaced 并在页面上公开：“以下为区教育局转移支付项目绩效目标”" in result.notes
    page = render_document(result.record, PageContext("2020/015099.md"))
    assert '<div class="bs-unplaced" id="unplaced"><p>未能识别的内容' in page and "以下为区教育局转移支付项目绩效目标" in page


@pytest.mark.parametrize(("text", "expected"), [
    # 重庆市大足区 (http://www.dazu.gov.cn/zwgk_175/fdzdgknr/czyjs/jz/zxz_68905/ys/202202/t20220216_10404083.html): bracketed labels and bars.
    ("您当前的位置: 首页>政务公开>法定主动公开内容>预算/决算>街镇预决算>珠溪镇> 预算\n"
     "[ 索引号 ] | 11500111778470425Q/2022-00001 | [ 发文字号 ] | |\n[ 主题分类 ] | 财政 | [ 体裁分类 ] | 财政预算、决算 |\n"
     "[ 发布机构 ] | 大足区珠溪镇 | [ 发布日期 ] | 2022-02-16 |\n[ 成文日期 ] | 2022-02-16 | [ 有效性 ] | 有效 |",
     {"index_no": "11500111778470425Q/2022-00001", "topic": "财政", "publisher": "大足区珠溪镇", "published": "2022-02-16",
      "written": "2022-02-16", "validity": "有效"}),
    # 云南省红河州 (https://www.hh.gov.cn/info/11481/1179592.htm): one pair a line, as a list.
    ("预算绩效管理\n- 索引号: zsjfzzx/2025-00002\n- 发布机构: 红河州数据发展中心\n- 文号:\n- 发布日期: 2025-04-29\n- 时效性: 有效",
     {"index_no": "zsjfzzx/2025-00002", "publisher": "红河州数据发展中心", "published": "2025-04-29", "validity": "有效"}),
])
def test_portal_metadata_blocks_of_other_portals(text: str, expected: dict[str, str]) -> None:
    import dataclasses

    from budgetsite.importer.portal import read_portal
    from budgetsite.importer.report import Report
    from budgetsite.importer.source import Line

    report = Report()
    page = read_portal([Line(n, t, f"第 {n} 行") for n, t in enumerate(text.split("\n"), start=1)], report)
    assert page.meta is not None
    assert {k: v for k, v in dataclasses.asdict(page.meta).items() if v} == expected
    # Nothing of it is lost silently: the breadcrumb and a pair the record has no field for are noted with their lines.
    assert all(ln.text.strip() for ln, _ in report.notes)


@pytest.mark.parametrize(("cells", "rows"), [
    # The central-investment template: 一级 实施效果指标 over 二级 产出指标 / 效益指标, each written once.
    (["实施效果指标", "产出指标", "新建校舍面积", "≥3000平方米", "竣工验收合格率", "100%", "效益指标", "新增学位", "≥600个"],
     [["实施效果指标", "产出指标", "新建校舍面积", "≥3000平方米"], ["", "", "竣工验收合格率", "100%"],
      ["", "效益指标", "新增学位", "≥600个"]]),
    # 二级 names carrying the 一级 prefix, 一级 written only on a group's first row.
    (["产出指标", "产出数量指标", "培训人次", "≥500人次", "产出质量指标", "培训合格率", "≥95%", "满意度指标", "满意度", "学员满意度", "≥90%"],
     [["产出指标", "产出数量指标", "培训人次", "≥500人次"], ["", "产出质量指标", "培训合格率", "≥95%"],
      ["满意度指标", "满意度", "学员满意度", "≥90%"]]),
])
def test_cells_one_per_line_in_other_hierarchies(tmp_path: Path, cells: list[str], rows: list[list[str]]) -> None:
    """Fictional 示例县 tables copied one cell per line: the vocabulary of levels says where each row starts."""
    head = ["项目支出绩效目标表", "项目名称", "示例县校舍建设", "主管部门", "[904001]示例县教育局", "年度目标", "完成校舍建设",
            "一级指标", "二级指标", "三级指标", "指标值"]
    path = tmp_path / "cells.txt"
    path.write_text("\n\n".join(head + cells) + "\n", encoding="utf-8")
    grid = import_document(path, year=2024, file="cells.txt").record.projects[0].indicator_grid
    assert grid is not None and grid.rows == rows
