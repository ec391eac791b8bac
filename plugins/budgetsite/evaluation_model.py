"""The self-evaluation record: one department's 项目支出绩效自评表 for one budget year.

A self-evaluation answers the targets of the same year (``data/<year>/<unit
code>.yaml``, see :mod:`budgetsite.kinds`): for each project it repeats the
money (年初预算数, 全年预算数, 全年执行数, 执行率) and each indicator's
年度指标值, and adds what was achieved (实际完成值), the points (分值) and score
(得分), and why a target fell short. As in :mod:`budgetsite.model`, the field
metadata (Chinese label, description) drives validation messages and the field
reference, amounts and scores are exact decimals, and every value keeps its text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from .model import CODE_PATTERN, Meta, Source, Unit, derived, fld
from .values import Quantity, parse_percent, parse_quantity


@dataclass(kw_only=True)
class FundRow:
    """One row of the 项目资金 block: 年度资金总额, 其中：本年财政拨款, 上年结转资金, 其他资金."""

    name: str = fld("资金项目", "行名，照录原文，如 年度资金总额、其中：本年财政拨款、上年结转资金、其他资金。")
    initial: Decimal | None = fld("年初预算数", "年初预算数（精确小数）；原表空白则省略。", default=None)
    adjusted: Decimal | None = fld("全年预算数", "全年预算数（调整后预算数）；原表空白则省略。", default=None)
    spent: Decimal | None = fld("全年执行数", "全年执行数（预算执行数）；原表空白则省略。", default=None)
    points: Decimal | None = fld("分值", "预算执行的分值，通常只在年度资金总额一行，如 10。", default=None)
    rate: str = fld("执行率", "执行率，照录原文，如 96.00%；原表空白或为“—”则照写。", default="")
    score: Decimal | None = fld("得分", "预算执行得分，如 9.60；原表空白则省略。", default=None)
    rate_percent: Decimal | None = derived("解析出的执行率（百分数），空白或非百分数时为空。")

    def __post_init__(self) -> None:
        self.rate_percent = parse_percent(self.rate)


@dataclass(kw_only=True)
class ResultIndicator:
    """One row of the 绩效指标 grid of a self-evaluation."""

    level1: str = fld("一级指标", "如 产出指标、效益指标、满意度指标。")
    level2: str = fld("二级指标", "如 数量指标、质量指标、时效指标、成本指标。")
    name: str = fld("三级指标", "三级指标名称，应与绩效目标表中的三级指标一致（页面按它把结果放到目标旁）。")
    nature: str = fld("指标性质", "指标性质（≥、＝、≤ 等），原表单列时填写，否则省略。", default="")
    measure: str = fld("度量单位", "度量单位，原表单列时填写，否则省略。", default="")
    target: str = fld("年度指标值", "年度指标值，照录原文，应与绩效目标表的指标值一致；原表空白则写 \"\"。", blank_ok=True)
    actual: str = fld("实际完成值", "实际完成值，照录原文，如 95%、达成预期指标；原表空白则写 \"\"。", blank_ok=True)
    points: Decimal | None = fld("分值", "该指标的分值（权重），如 10。", default=None)
    score: Decimal | None = fld("得分", "该指标的得分，如 9.50。", default=None)
    reason: str = fld("偏差原因分析及改进措施", "未达到满分时的偏差原因分析及改进措施（未完成原因分析），照录原文。", default="")
    target_quantity: Quantity | None = derived("年度指标值的解析结果，定性指标为空。")
    actual_quantity: Quantity | None = derived("实际完成值的解析结果，定性结果为空。")

    def __post_init__(self) -> None:
        self.target_quantity = parse_quantity(_whole(self.target, self.nature, self.measure))
        self.actual_quantity = parse_quantity(_whole(self.actual, "", self.measure))


def _whole(value: str, nature: str, measure: str) -> str:
    """A value with its separate 指标性质 and 度量单位 cells put back, as a fused cell would read."""
    if not value.strip():
        return value
    text = value.strip()
    if nature and text[:1].isdigit():
        text = nature.strip() + text
    if measure and not text.endswith(measure.strip()):
        text = text + measure.strip()
    return text


@dataclass(kw_only=True)
class ProjectResult:
    """One project's 项目支出绩效自评表."""

    code: str = fld("项目编码", "项目编码（一体化项目编码）；原表没有则省略，页面按项目名称与绩效目标表匹配。",
                    pattern=CODE_PATTERN, default="")
    name: str = fld("项目名称", "项目名称，照录原文。")
    department: str = fld("主管部门", "主管部门，照录原文。", default="")
    implementer: str = fld("实施单位", "实施单位，照录原文。", default="")
    money_unit: str | None = fld("金额单位", "项目资金的金额单位；省略时取记录的 money_unit。", default=None)
    funds: list[FundRow] = fld("项目资金", "项目资金各行，按原表顺序，第一行通常是年度资金总额。", default_factory=list)
    goal_expected: str = fld("预期目标", "年度总体目标的预期目标，照录原文。", default="")
    goal_actual: str = fld("实际完成情况", "年度总体目标的实际完成情况，照录原文。", default="")
    indicators: list[ResultIndicator] = fld("绩效指标", "绩效指标各行，按原表顺序；一级/二级指标每行都要填写。", default_factory=list)
    total_points: Decimal | None = fld("总分分值", "总分一行的分值（满分），通常为 100。", default=None)
    total_score: Decimal | None = fld("总分", "总分一行的得分（自评得分）。", default=None)
    conclusion: str = fld("评价结论", "评价结论，如 优、良、中、差，或一句话，照录原文。", default="")
    problems: str = fld("存在问题", "存在的问题，照录原文。", default="")
    measures: str = fld("改进措施", "改进措施，照录原文。", default="")
    unplaced: list[str] = fld("未归类内容", "导入时无法归入任何字段的原文，照样在页面上公开。", default_factory=list)

    def budget_row(self) -> FundRow | None:
        """The 年度资金总额 row (the first row), which carries 分值, 执行率 and 得分 of 预算执行."""
        return self.funds[0] if self.funds else None


@dataclass(kw_only=True)
class Evaluation:
    year: int = fld("年度", "被评价的预算年度（绩效目标所在的年度），必须与文件所在的年度文件夹一致，如 2021。")
    status: Literal["草案", "正式"] = fld("状态", "草案 或 正式。", default="正式")
    department: str = fld("部门名称", "主管部门名称，如 示例县文化和旅游局。")
    unit: Unit = fld("单位", "自评的预算单位；单位编码必须与文件名（<单位编码>-evaluation.yaml）一致。")
    money_unit: str = fld("金额单位", "金额单位，通常为 万元。", default="万元")
    scoring: str = fld("评分办法", "所用评分办法的名称（见审核说明），省略时按年度取默认办法。", default="")
    published: str = fld("发布日期", "自评表的发布日期，写作 年-月-日，如 2022-05-20。", default="")
    projects: list[ProjectResult] = fld("项目自评", "每个项目的项目支出绩效自评表，按原文顺序。", default_factory=list)
    meta: Meta | None = fld("公开信息", "信息公开目录的元数据；没有则省略。", default=None)
    source: Source | None = field(default=None, repr=False, compare=False, metadata={"internal": True})

    @property
    def key(self) -> tuple[int, str]:
        return (self.year, self.unit.code)

    def project_money_unit(self, project: ProjectResult) -> str:
        return project.money_unit or self.money_unit
