"""Real documents vary: one fixture per variation in tests/fixtures/import/ (each is the seed with one change)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from budgetsite.importer import ImportFailed, import_document
from budgetsite.load import read_record
from budgetsite.model import FundSource, SpendingPoint
from budgetsite.render.document import render_project
from budgetsite.render.page import PageContext
from conftest import FIXTURES, SEED_RECORD
from htmltext import tables

VARIANTS = FIXTURES / "import"


def seed_record():
    record, errors = read_record(SEED_RECORD)
    assert errors == []
    return record


def imported(name: str):
    return import_document(VARIANTS / name, file=name)


def differences(record, seed) -> dict[str, tuple[object, object]]:
    """Which project fields differ from the seed (everything else must be identical)."""
    out = {}
    for name in ("year", "status", "department", "unit", "cover", "money_unit", "overall_goals", "sub_goals", "safeguards"):
        if getattr(record, name) != getattr(seed, name):
            out[name] = (getattr(record, name), getattr(seed, name))
    assert len(record.projects) == len(seed.projects)
    for i, (a, b) in enumerate(zip(record.projects, seed.projects)):
        for f in a.__dataclass_fields__:
            if getattr(a, f) != getattr(b, f):
                out[f"projects[{i}].{f}"] = (getattr(a, f), getattr(b, f))
    return out


@pytest.mark.parametrize("name", ["page_noise.txt", "wrapped_cell.txt", "blank_levels.txt"])
def test_variations_that_read_back_as_the_seed(name: str) -> None:
    assert imported(name).record == seed_record()


def test_page_numbers_and_running_headers_are_reported_not_published() -> None:
    notes = imported("page_noise.txt").notes
    assert notes == [
        "page_noise.txt:11: 已跳过目录（8 行）：“目 录”",
        "page_noise.txt:40: 已忽略页码：“- 3 -”",
        "page_noise.txt:42: 已忽略页眉：“承德县总工会部门2021年部门预算绩效文本”",
        "page_noise.txt:64: 已忽略页码：“第 4 页”",
        "page_noise.txt:66: 已忽略页眉：“承德县总工会部门2021年部门预算绩效文本”",
        "page_noise.txt:91: 已忽略页码：“5”",
        "page_noise.txt:92: 已忽略页眉：“承德县总工会部门2021年部门预算绩效文本”",
        "page_noise.txt:111: 已忽略页码：“6”",
    ]


def test_monthly_spending_plan() -> None:
    diff = differences(imported("plan_monthly.txt").record, seed_record())
    assert list(diff) == ["projects[0].spending_plan"]
    plan = diff["projects[0].spending_plan"][0]
    assert [p.period for p in plan] == [f"{m}月" for m in range(1, 13)]
    assert {p.period: p.value for p in plan if p.value} == {"3月": "10.00%", "6月": "50.00%", "9月": "80.00%", "12月": "100.00%"}


def test_annual_only_spending_plan() -> None:
    diff = differences(imported("plan_annual_only.txt").record, seed_record())
    assert diff == {"projects[1].spending_plan": ([SpendingPoint(period="年度", value="100.00%")], seed_record().projects[1].spending_plan)}


def test_no_spending_plan() -> None:
    record = imported("plan_none.txt").record
    assert list(differences(record, seed_record())) == ["projects[0].spending_plan", "projects[1].spending_plan"]
    assert record.projects[0].spending_plan == [] and record.projects[1].spending_plan == []


def test_mid_term_and_annual_goals_side_by_side_and_in_separate_rows() -> None:
    record = imported("mid_goals.txt").record
    assert list(differences(record, seed_record())) == ["projects[0].mid_goals", "projects[1].mid_goals"]
    first, second = record.projects
    assert first.mid_goals == ["三年内完成全县退休劳动模范信息核实", "建立劳模荣誉津贴动态管理机制"]
    assert first.goals == ["对承德县改制、破产企业单位退休的劳动模范发放荣誉津贴", "及时发放荣誉津贴"]
    assert second.mid_goals == ["形成劳模慰问长效机制"]
    grid = tables(render_project(record, first, 1, PageContext("2021/711001.md"))[3])[0]["grid"]
    assert grid[-2][:3] == ["绩效目标", "中期目标", "1. 三年内完成全县退休劳动模范信息核实 2. 建立劳模荣誉津贴动态管理机制"]
    assert grid[-1][:3] == ["绩效目标", "年度目标", "1. 对承德县改制、破产企业单位退休的劳动模范发放荣誉津贴 2. 及时发放荣誉津贴"]


def test_funds_split_by_source() -> None:
    record = imported("fund_sources.txt").record
    assert list(differences(record, seed_record())) == ["projects[1].budget"]
    budget = record.projects[1].budget
    assert (budget.total, budget.fiscal, budget.other) == (Decimal("23.00"), Decimal("20.00"), Decimal("3.00"))
    assert budget.sources == [
        FundSource(name="一般公共预算", amount=Decimal("12.00"), part="财政资金"),
        FundSource(name="政府性基金预算", amount=Decimal("5.00"), part="财政资金"),
        FundSource(name="上级资金", amount=Decimal("3.00"), part="财政资金"),
        FundSource(name="自有资金", amount=Decimal("3.00"), part="其他资金"),
    ]
    grid = tables(render_project(record, record.projects[1], 2, PageContext("2021/711001.md"))[3])[0]["grid"]
    assert grid[2][:9] == ["预算规模及资金用途", "一般公共预算", "12.00", "政府性基金预算", "5.00", "上级资金", "3.00", "自有资金", "3.00"]


def test_full_and_half_width_digits_and_symbols() -> None:
    record = imported("widths.txt").record
    diff = differences(record, seed_record())
    # Amounts are numbers (５．００ → 5.00); values and percentages stay as the document wrote them.
    assert list(diff) == ["projects[0].spending_plan", "projects[0].indicators"]
    project = record.projects[0]
    assert project.budget.total == Decimal("5.00") and str(project.budget.other) == "0"
    assert project.spending_plan[-1].value == "１００．００％" and project.spending_plan[-1].percent == Decimal("100.00")
    assert project.indicators[0].value == ">=90%" and project.indicators[0].quantity.comparator == "≥"
    assert project.indicators[2].value == "≧９０％" and project.indicators[2].quantity.number == 90
    assert record.overall_goals[0].title == "维护职工合法权益"  # numbered with a full-width １


def test_a_column_the_site_does_not_have_keeps_the_original_grid() -> None:
    """权重 was refused before; now the grid keeps it, with its header, and the indicators read from it are the seed's."""
    record = imported("extra_column.txt").record
    seed = seed_record()
    grid = record.projects[0].indicator_grid
    assert grid is not None and record.projects[1].indicator_grid is None
    assert [(c.header, c.key) for c in grid.columns] == [
        ("一级指标", "level1"), ("二级指标", "level2"), ("三级指标", "name"), ("绩效指标描述", "description"),
        ("指标值", "value"), ("指标值确定依据", "basis"), ("权重", "weight")]
    assert grid.rows[1][:3] == ["", "数量指标", "确定劳动模范荣誉津贴发放人数"]  # printed only on the group's first row
    assert record.projects[0].indicators == seed.projects[0].indicators
    page = tables("".join(render_project(record, record.projects[0], 1, PageContext("2021/711001.md"))))
    shown = next(t for t in page if t["grid"][0][-1] == "权重")
    assert shown["grid"][1] == ["产出指标", "数量指标", "核实劳动模范人数", "核实本县劳动模范人数", "≥90 百分比", "工作活动部门职责", ""]
    assert shown["grid"][2][:3] == ["产出指标", "数量指标", "确定劳动模范荣誉津贴发放人数"]  # the merged cells, as printed


def test_unplaced_text_is_kept_in_document_order_and_shown() -> None:
    record = imported("unplaced.txt").record
    assert list(differences(record, seed_record())) == ["projects[0].unplaced"]
    assert record.projects[0].unplaced == ["填报人 张三 联系电话 13912345678", "注：本表资金已列入 2021 年部门预算。"]
    html = "".join(render_project(record, record.projects[0], 1, PageContext("2021/711001.md")))
    assert "导入时未能归类的原文" in html and "注：本表资金已列入 2021 年部门预算。" in html


@pytest.mark.parametrize(("name", "expected"), [
    ("error_goal_no_colon.txt",
     "error_goal_no_colon.txt:32: 编号目标应写成“序号、标题：内容”，这一条缺少标题后的冒号或内容：“2、提升职工技能及创新水平，着眼于加快转变经济发展方式。”"),
    ("error_blank_level2.txt",
     "error_blank_level2.txt:80: 一级指标“数量指标”下的二级指标为空，无法沿用上一行："
     "“数量指标 ⇥  ⇥ 确定劳动模范荣誉津贴发放人数 ⇥ 确定本县劳动模范荣誉津贴发放人数 ⇥ 100 百分比 ⇥ 2021 年部门工作计划 ⇥”"),
])
def test_refusals_name_the_line_and_its_text(name: str, expected: str) -> None:
    with pytest.raises(ImportFailed) as info:
        imported(name)
    assert info.value.lines() == [expected]


def test_text_outside_any_project_table_is_refused(tmp_path: Path) -> None:
    text = (VARIANTS / "blank_levels.txt").read_text(encoding="utf-8").replace(
        "预算项目绩效目标\n\n1. 破产", "预算项目绩效目标\n\n以下各表由各单位填报。\n\n1. 破产", 1)
    path = tmp_path / "lead.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFailed) as info:
        import_document(path, file="lead.txt")
    assert info.value.lines() == ["lead.txt:66: 第二部分中这段文字不属于任何项目表（项目表以“1. 项目名称绩效目标表”开头）：“以下各表由各单位填报。”"]


def test_extra_cells_and_other_table_titles_are_kept_not_dropped(tmp_path: Path) -> None:
    text = (VARIANTS / "blank_levels.txt").read_text(encoding="utf-8")
    text = text.replace("项目名称\t市级劳动模范春节慰问资金\t\t", "项目名称\t市级劳动模范春节慰问资金\t项目属性\t延续", 1)
    text = text.replace("2. 市级劳动模范春节慰问资金绩效目标表", "2. 市级劳动模范春节慰问资金项目支出绩效目标表", 1)
    path = tmp_path / "extra.txt"
    path.write_text(text, encoding="utf-8")
    record = import_document(path).record
    assert record.projects[1].unplaced == ["2. 市级劳动模范春节慰问资金项目支出绩效目标表", "项目属性 延续"]
    assert record.projects[0].unplaced == []


# -- bugs left by the importer's refactor, one test each --------------------------------------

SEED_PLAN = "资金支出计划（%）\t3月底\t\t6月底\t10月底\t12月底\t\n\t\t\t\t\t100.00%\t\n"


def seed_text() -> str:
    from conftest import SEED_TEXT

    return SEED_TEXT.read_text(encoding="utf-8")


def import_text(tmp_path: Path, text: str, name: str = "variant.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return import_document(path, file=name)


def test_a_row_below_a_one_row_plan_is_not_swallowed(tmp_path: Path) -> None:
    """Dates and percentages side by side are the whole plan: the row below is read, here as unplaced text, not dropped."""
    text = seed_text().replace(SEED_PLAN, "资金支出计划（%）\t3月底\t25%\t6月底\t50%\t12月底\t100%\n\t注：按季度拨付\t\t\t\t\t\n", 1)
    record = import_text(tmp_path, text).record
    assert [(p.period, p.value) for p in record.projects[0].spending_plan] == [("3月底", "25%"), ("6月底", "50%"), ("12月底", "100%")]
    assert record.projects[0].unplaced == ["注：按季度拨付"]


def test_a_second_spending_plan_is_a_problem_not_a_replacement(tmp_path: Path) -> None:
    text = seed_text().replace(SEED_PLAN, SEED_PLAN + "资金支出计划（%）\t12月底\t100.00%\t\t\t\t\n", 1)
    with pytest.raises(ImportFailed) as info:
        import_text(tmp_path, text)
    assert info.value.lines() == ["variant.txt:77: 项目表中有第二个“资金支出计划”行；一个项目只有一个资金支出计划，请核对是否两个项目表连在了一起："
                                  "“资金支出计划（%） ⇥ 12月底 ⇥ 100.00% ⇥  ⇥  ⇥  ⇥”"]


def test_a_repeated_code_row_is_a_problem_not_a_replacement(tmp_path: Path) -> None:
    row = "项目编码\t130821212EHVWVXYA137X\t\t项目名称\t破产、改制企业退休劳动模范荣誉津贴\t\t\n"
    text = seed_text().replace(row, row + "项目编码\t999\t\t\t\t\t\n", 1)
    with pytest.raises(ImportFailed) as info:
        import_text(tmp_path, text)
    assert info.value.lines() == ["variant.txt:73: 项目表中“项目编码”出现了两次（“130821212EHVWVXYA137X”和“999”）；请核对是否两个项目表连在了一起："
                                  "“项目编码 ⇥ 999 ⇥  ⇥  ⇥  ⇥  ⇥”"]


def test_joining_a_wrapped_cell_is_said_with_its_lines() -> None:
    """Row.extra_lines: a row whose cell wrapped onto the next lines is joined back, and the note names those lines."""
    result = imported("wrapped_cell.txt")
    joined = [n for n in result.notes if "已把折行的单元格接回同一行" in n]
    assert joined and all(re.search(r"wrapped_cell\.txt:\d+: 已把折行的单元格接回同一行（第 \d+–\d+ 行）", n) for n in joined)


@pytest.mark.parametrize(("line", "unit"), [("单位：万元", "万元"), ("金额单位:元", "元"), ("单位： 元", "元")])
def test_money_unit_read_after_either_colon(tmp_path: Path, line: str, unit: str) -> None:
    record = import_text(tmp_path, seed_text().replace("单位：万元\n", f"{line}\n")).record
    assert record.money_unit == unit


def test_a_unit_the_site_cannot_add_up_is_read_then_refused_by_name(tmp_path: Path) -> None:
    """千元 is read from the line as written, and refused with the accepted units (every total is in 万元)."""
    with pytest.raises(ImportFailed, match="金额单位（money_unit）为“千元”，无法识别：只能是 元、万元"):
        import_text(tmp_path, seed_text().replace("单位：万元\n", "单位： 千元\n"))


def test_draft_words_are_kept_and_a_second_status_line_is_a_problem(tmp_path: Path) -> None:
    record = import_text(tmp_path, seed_text().replace("(草案)\n", "（送审稿）\n", 1)).record
    assert record.status == "草案" and record.cover.status_line == "（送审稿）"
    page = "".join(render_document_text(record))
    assert "（送审稿）" in page and "(草案)" not in page
    with pytest.raises(ImportFailed) as info:
        import_text(tmp_path, seed_text().replace("(草案)\n", "(草案)\n（征求意见稿）\n", 1))
    assert info.value.lines() == ["variant.txt:6: 封面上有两个状态行（“(草案)”和“（征求意见稿）”），请只保留正确的一个：“（征求意见稿）”"]


def render_document_text(record) -> list[str]:
    from budgetsite.render.document import render_document

    return [render_document(record, PageContext("2021/711001.md"))]
