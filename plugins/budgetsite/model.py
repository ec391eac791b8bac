"""The record: one department's budget performance document for one year.

The dataclasses below are the schema. Their field metadata (Chinese label,
description, pattern) drives the loader's validation, its error messages and
the generated field reference page, so the three cannot drift apart.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from .money import convert
from .values import Quantity, parse_percent, parse_quantity

CODE_PATTERN = r"[0-9A-Za-z][0-9A-Za-z_-]*"

ZERO = Decimal("0.00")  # the start of every sum of amounts: a sum of nothing prints as 0.00

STATUSES = ("草案", "正式")


def fld(label: str, doc: str, *, pattern: str | None = None, blank_ok: bool = False, omit_empty: bool = False,
        **kwargs: Any) -> Any:
    """A schema field: its Chinese label and description feed errors and docs.

    ``blank_ok`` marks a field that must be present but may be blank, because
    official documents do publish empty cells there. ``omit_empty`` marks a field
    added after years were frozen: open data leaves it out while it holds its
    default, so the files of a record that does not use it keep their bytes.
    """
    meta = {"label": label, "doc": doc, "pattern": pattern, "blank_ok": blank_ok, "omit_empty": omit_empty}
    return field(metadata=meta, **kwargs)


def derived(doc: str) -> Any:
    """A value computed on load, never read from YAML."""
    return field(init=False, repr=False, compare=False, metadata={"derived": True, "doc": doc})


@dataclass(kw_only=True)
class Unit:
    code: str = fld("单位编码", "预算单位编码，如 711001。", pattern=CODE_PATTERN)
    name: str = fld("单位名称", "预算单位名称，如 承德县总工会本级。")


@dataclass(kw_only=True)
class Cover:
    name_line: str = fld("封面部门行", "封面第一行，如 承德县总工会部门。")
    title: str = fld("封面标题", "封面标题，如 2021 年部门预算绩效文本。")
    prepared_by: str = fld("编制行", "封面编制行，如 承德县总工会部门编制。")
    reviewed_by: str = fld("审核行", "封面审核行，如 承德县财政局审核。")
    status_line: str = fld(
        "状态行", "封面上的状态行不是（草案）或（正式）时照录原文，如 （送审稿）、（征求意见稿）（状态记为 草案）；否则省略。", default="",
        omit_empty=True)


@dataclass(kw_only=True)
class GoalItem:
    title: str = fld("目标标题", "编号后、冒号前的短标题，如 维护职工合法权益。")
    text: str = fld("目标内容", "冒号后的完整内容，整段照录原文。")


FUND_PARTS = ("财政资金", "其他资金")


@dataclass(kw_only=True)
class FundSource:
    name: str = fld("资金来源", "原表中的来源名称，照录原文，如 一般公共预算、政府性基金预算、上级资金、自有资金。")
    amount: Decimal = fld("金额", "该来源的金额（精确小数，原样保留小数位）。")
    part: Literal["财政资金", "其他资金"] = fld(
        "所属资金", "该来源计入 财政资金 还是 其他资金；审核时两组分别与财政资金、其他资金核对合计。", default="财政资金"
    )


@dataclass(kw_only=True)
class Budget:
    total: Decimal = fld("预算数", "项目预算数（精确小数，原样保留小数位，如 5.00）。")
    fiscal: Decimal = fld("财政资金", "其中：财政资金。")
    other: Decimal = fld("其他资金", "其他资金。")
    sources: list[FundSource] = fld(
        "资金来源明细", "原表按来源拆分资金（一般公共预算、政府性基金、上级资金等）时逐项填写，按原表顺序；没有拆分则省略。",
        default_factory=list,
    )


@dataclass(kw_only=True)
class SpendingPoint:
    period: str = fld("支出时点", "资金支出计划的列名，如 3月底、6月底、10月底、12月底。")
    value: str = fld(
        "累计支出比例",
        "该时点的累计支出比例，照录原文，如 100.00%；原表空白则写空字符串 \"\"。",
        default="",
    )
    percent: Decimal | None = derived("解析出的百分数，空白或非百分数时为空。")

    def __post_init__(self) -> None:
        self.percent = parse_percent(self.value)


@dataclass(kw_only=True)
class Indicator:
    level1: str = fld("一级指标", "如 产出指标、效益指标、满意度指标。")
    level2: str = fld("二级指标", "如 数量指标、质量指标、时效指标、成本指标。")
    name: str = fld("三级指标", "三级指标名称。")
    description: str = fld("绩效指标描述", "绩效指标描述（指标解释）。", default="")
    value: str = fld("指标值", "指标值，照录原文，如 ≥90 百分比、≤5 万元、取得全社会认可；原表空白则写 \"\"。", blank_ok=True)
    basis: str = fld("指标值确定依据", "指标值确定依据，如 2021 年部门工作计划。", default="")
    quantity: Quantity | None = derived("定量指标值的解析结果（比较符、数值、单位），定性指标为空。")

    def __post_init__(self) -> None:
        self.quantity = parse_quantity(self.value)


@dataclass(kw_only=True)
class Detail:
    label: str = fld("栏目", "原表中的栏目名称，照录原文，如 主管部门及编码、项目属性、项目起止时间、资金总额。")
    value: str = fld("内容", "该栏目的内容，照录原文（含 □ √ ☑ 勾选符号、金额单位和千位分隔符）；原表空白则写 \"\"。", blank_ok=True)


OPERATOR = re.compile(r"[≥≤=＝<>＜＞]{1,2}")
# What a column of an indicator grid holds; "" for a column the site does not interpret (shown all the same).
INDICATOR_KEYS = ("level1", "level2", "name", "description", "value", "basis",
                  "comparator", "measure", "weight", "direction", "standard", "note", "")
TERMS = ("", "长期", "年度")


@dataclass(kw_only=True)
class GridColumn:
    header: str = fld("列标题", "原表的列标题，照录原文，如 二级指标(长期)、指标性质、权重。")
    key: Literal["level1", "level2", "name", "description", "value", "basis", "comparator", "measure", "weight",
                 "direction", "standard", "note", ""] = fld(
        "列含义", "该列是什么：level1 一级指标、level2 二级指标、name 三级指标（指标内容）、description 指标解释、"
        "value 指标值、basis 指标值确定依据、comparator 指标性质（≥ ＝ ≤）、measure 度量单位、weight 权重、"
        "direction 指标方向性、standard 绩效标准、note 备注；不认识的列写 \"\"（照样显示）。", blank_ok=True)
    term: Literal["", "长期", "年度"] = fld(
        "期限", "原表把长期和年度指标并列时，该列属于 长期 还是 年度；只有一套指标则写 \"\"。", default="", blank_ok=True)


@dataclass(kw_only=True)
class IndicatorGrid:
    """An indicator table with the columns the original printed, in its order."""

    caption: str = fld("表题", "表格上方的表题，照录原文，如 绩效项目指标表；没有则省略。", default="")
    columns: list[GridColumn] = fld("列", "原表的每一列，按原表顺序。")
    rows: list[list[str]] = fld(
        "行", "每一行的单元格，与 columns 一一对应，照录原文；空白单元格（含只在一组第一行填写的一级/二级指标下方）写 \"\"。",
        blank_ok=True)

    def indicators(self) -> list[Indicator]:
        """The grid read as indicators (the annual ones where the grid has two terms), for review, search and open data."""
        return [indicator for _, indicator in self.indicator_rows()]

    def indicator_rows(self) -> list[tuple[int, Indicator]]:
        """Each indicator with the index of the row it was read from (so that a finding names that row's line)."""
        terms = {c.term for c in self.columns}
        term = "年度" if "年度" in terms else ""
        at = {c.key: n for n, c in enumerate(self.columns) if c.key and c.term in (term, "")}
        out: list[tuple[int, Indicator]] = []
        level1 = level2 = ""
        for r, row in enumerate(self.rows):
            cell = {k: row[n].strip() if n < len(row) else "" for k, n in at.items()}
            if cell.get("level1"):
                level1, level2 = cell["level1"], ""
            if cell.get("level2"):
                level2 = cell["level2"]
            name = cell.get("name", "")
            if not name:
                continue
            # 指标性质 holds the operator (≥ ＝ ≤); some tables swap it with 指标方向性 (正向/反向): use whichever is one.
            operator = next((c for c in (cell.get("comparator", ""), cell.get("direction", "")) if OPERATOR.fullmatch(c)), "")
            value = operator + cell.get("value", "") + cell.get("measure", "")
            out.append((r, Indicator(level1=level1, level2=level2, name=name, description=cell.get("description", ""),
                                     value=value, basis=cell.get("basis", "") or cell.get("standard", ""))))
        return out


@dataclass(kw_only=True)
class Project:
    code: str = fld("项目编码", "项目编码，字母和数字，同一年度内不得重复；也是页面上该项目的锚点。", pattern=CODE_PATTERN)
    code_origin: Literal["原表", "导入编排"] = fld(
        "编码来源", "原表 或 导入编排：原表没有项目编码时，导入程序按“单位编码-P序号”编排，页面不把它当作原文显示。", default="原表",
        omit_empty=True)
    name: str = fld("项目名称", "项目名称。")
    title: str = fld("原表标题", "单独公开的项目表上方的标题，照录原文，如 项目支出绩效目标表（2020年度）；没有则省略。", default="",
                     omit_empty=True)
    details: list[Detail] = fld(
        "表头栏目", "单独公开的项目表中项目名称以外的栏目（主管部门及编码、实施单位、项目属性、资金总额等），按原表顺序照录；没有则省略。",
        default_factory=list, omit_empty=True)
    budget: Budget | None = fld("预算规模", "预算数及其资金来源；原表没有完整给出预算数、财政资金和其他资金时省略（原文在 details 中）。",
                                default=None)
    purpose: str = fld("资金用途", "资金用途，照录原文。", default="")
    spending_plan: list[SpendingPoint] = fld(
        "资金支出计划", "资金支出计划（%），按原表列顺序逐列填写，空白列保留。", default_factory=list
    )
    goals: list[str] = fld("绩效目标", "绩效目标，原文中 1. 2. 编号的每一条为一项，不含编号；原表分列中期目标和年度目标时，这里填年度目标。", default_factory=list)
    mid_goals: list[str] = fld(
        "中期目标", "中期（长期）绩效目标，原表与年度目标并列时填写，编号的每一条为一项，不含编号；没有则省略。", default_factory=list
    )
    indicators: list[Indicator] = fld("绩效指标", "绩效指标表的每一行；一级/二级指标每行都要填写，页面会把相同的相邻单元格合并。", default_factory=list)
    indicator_grid: IndicatorGrid | None = fld(
        "原样指标表", "原表的列与绩效指标表的六列不同时（长期/年度并列、指标性质、度量单位、权重等），按原表的列和行照录；"
        "此时不填 indicators（由本表读出）。", default=None, omit_empty=True)
    other_grids: list[IndicatorGrid] = fld(
        "其他指标表", "原表在年度指标表之外另有长期（中期）绩效指标表时，按原表照录在这里，页面显示在年度指标表之前；没有则省略。",
        default_factory=list, omit_empty=True)
    unit: Unit | None = fld("实施单位", "项目表上方的单位；省略时取记录的 unit。", default=None)
    money_unit: str | None = fld(
        "金额单位", "项目表的金额单位（元 或 万元），与原表一致；省略时取记录的 money_unit。页面照原表显示，合计时折算为万元。", default=None
    )
    unplaced: list[str] = fld(
        "未归类内容", "导入时无法归入任何字段的原文，照样在页面上公开。", default_factory=list
    )

    def __post_init__(self) -> None:
        if self.indicator_grid is not None and not self.indicators:
            self.indicators = self.indicator_grid.indicators()

    @property
    def as_published(self) -> bool:
        """A standalone table as a portal publishes it (its own header fields), rather than a table of the county's document."""
        return bool(self.details or self.title or self.budget is None)


@dataclass(kw_only=True)
class DepartmentTable:
    """A department-wide target form (部门整体支出绩效目标申报表) as published, beside the project tables of the same record."""

    title: str = fld("表题", "表格上方的标题，照录原文，如 部门整体支出绩效目标申报表（2024年度）。", default="")
    details: list[Detail] = fld(
        "表头栏目", "部门（单位）名称、部门职能概述、收入构成、支出构成等栏目，按原表顺序照录。", default_factory=list)
    mid_goals: list[str] = fld("中期目标", "中期（长期）目标，编号的每一条为一项；没有则省略。", default_factory=list)
    goals: list[str] = fld("年度目标", "年度目标（年度主要任务），编号的每一条为一项。", default_factory=list)
    indicator_grid: IndicatorGrid | None = fld("绩效指标表", "绩效指标表，按原表的列和行照录；没有则省略。", default=None)
    unplaced: list[str] = fld("未归类内容", "导入时无法归入任何栏目的原文，照样在页面上公开。", default_factory=list)


@dataclass(kw_only=True)
class Meta:
    """The metadata block that Chinese government portals show above a document."""

    index_no: str = fld("索引号", "政府信息公开目录中的索引号，照录原文，如 000014349/2021-00012。", default="")
    topic: str = fld("主题分类", "主题分类，如 财政、金融、审计。", default="")
    publisher: str = fld("发布机构", "发布机构，如 承德县总工会。", default="")
    written: str = fld("成文日期", "成文日期，写作 年-月-日，如 2021-03-10。", default="")
    doc_no: str = fld("文号", "文号，照录原文，如 承工字〔2021〕3号；没有文号则省略。", default="")
    published: str = fld("发布日期", "发布日期，写作 年-月-日，如 2021-03-15。", default="")
    title: str = fld("标题", "信息公开页面上的标题，照录原文，如 项目支出绩效目标表3。", default="", omit_empty=True)
    validity: str = fld("有效性", "有效性（时效性），如 有效。", default="", omit_empty=True)


@dataclass(kw_only=True)
class Change:
    path: str = fld("修改字段", "被修改字段的路径，如 projects[0].budget.total；bin/budgetsite revise 会自动写入。")
    before: str = fld("原值", "修改前的原文，如 5.00；原来空白则写 \"\"。", blank_ok=True)
    after: str = fld("新值", "修改后的原文，如 6.00；必须与文件中该字段现在的值一致。", blank_ok=True)


@dataclass(kw_only=True)
class Revision:
    date: str = fld("修订日期", "修订日期，写作 年-月-日，如 2021-06-30；多条修订按日期先后排列。")
    note: str = fld("修订说明", "为什么修改，如 根据县财政局批复调整预算数。")
    changes: list[Change] = fld("修改内容", "逐项列出修改的字段、原值和新值（bin/budgetsite revise 会自动写入）。", default_factory=list)


@dataclass(kw_only=True)
class Record:
    year: int = fld("年度", "预算年度，必须与文件所在的年度文件夹一致，如 2021。")
    status: Literal["草案", "正式"] = fld("状态", "草案 或 正式。")
    department: str = fld("部门名称", "主管部门名称，如 承德县总工会。")
    unit: Unit = fld("单位", "编制本文本的预算单位；单位编码必须与文件名一致。")
    cover: Cover | None = fld("封面", "封面各行，照录原文；单独公开的项目表没有封面，省略。", default=None)
    money_unit: str = fld(
        "金额单位", "原表的金额单位：元 或 万元（其他单位请先换算）；省略时为 万元。页面照原表显示，各类合计统一折算为万元。", default="万元"
    )
    overall_goals: list[GoalItem] = fld("总体绩效目标", "第一部分 一、总体绩效目标，按原文编号顺序。", default_factory=list)
    sub_goals: list[GoalItem] = fld("分项绩效目标", "第一部分 二、分项绩效目标，按原文编号顺序。", default_factory=list)
    safeguards: list[str] = fld("工作保障措施", "第一部分 三、工作保障措施，每段一项。", default_factory=list)
    department_tables: list[DepartmentTable] = fld(
        "部门整体绩效目标表", "单独公开的部门整体支出绩效目标申报表（与项目表同一个文件时），按原文顺序；没有则省略。",
        default_factory=list, omit_empty=True)
    projects: list[Project] = fld("预算项目", "第二部分 预算项目绩效目标表，按原文顺序。", default_factory=list)
    unplaced: list[str] = fld(
        "未能识别的内容", "导入时无法归入任何项目或字段的原文（不在任何项目表中），照样在页面上公开；核对后移入相应字段或保留。",
        default_factory=list, omit_empty=True)
    meta: Meta | None = fld("公开信息", "信息公开目录的元数据（索引号、发布机构、发布日期、文号等），显示在文本页面顶部；没有则省略。", default=None)
    revisions: list[Revision] = fld(
        "修订记录", "文本公开（冻结）后的每次修改：日期、原因和修改内容，按先后顺序；页面显示修订历史。", default_factory=list
    )
    source: Source | None = field(default=None, repr=False, compare=False, metadata={"internal": True})

    @property
    def key(self) -> tuple[int, str]:
        return (self.year, self.unit.code)

    def project_unit(self, project: Project) -> Unit:
        return project.unit or self.unit

    def project_money_unit(self, project: Project) -> str:
        return project.money_unit or self.money_unit

    def published_units(self) -> tuple[str, ...]:
        """The money units the record's tables are published in, in order of appearance."""
        units = [self.project_money_unit(p) for p in self.projects] or [self.money_unit]
        return tuple(dict.fromkeys(units))

    def project_budget(self, project: Project, unit: str | None = None) -> Budget | None:
        """The project's 预算数 and split in ``unit`` (exact), or as published when ``unit`` is None;
        None when its table gives no complete budget."""
        b = project.budget
        if unit is None or b is None:
            return b
        own = self.project_money_unit(project)
        return Budget(total=convert(b.total, own, unit), fiscal=convert(b.fiscal, own, unit), other=convert(b.other, own, unit))

    def totals(self, unit: str | None = None) -> Budget:
        """Sums over the projects, exact, in ``unit``; None: the record's own money unit.

        A project table published in another unit than the record's is converted before
        it is added (元 and 万元 are never added as one number). A project whose table gives
        no complete budget adds nothing.
        """
        budgets = (self.project_budget(p, unit or self.money_unit) for p in self.projects)
        return add_budgets(b for b in budgets if b is not None)


def add_budgets(budgets: Iterable[Budget]) -> Budget:
    """预算数, 财政资金 and 其他资金 added, exact; the budgets must already be in one unit."""
    items = list(budgets)
    return Budget(
        total=sum((b.total for b in items), ZERO),
        fiscal=sum((b.fiscal for b in items), ZERO),
        other=sum((b.other for b in items), ZERO),
    )


def records_total(records: Iterable[Record], unit: str) -> Budget:
    """The records' totals added in ``unit`` (each record's projects converted before anything is added)."""
    return add_budgets(r.totals(unit) for r in records)


_COLUMN_BITS = 16


@dataclass(kw_only=True)
class Source:
    """Where a record came from, and where each of its fields sits in the file.

    Positions are kept for the whole life of a build (review findings and provenance
    errors name lines), for ~350 fields a record: field paths are interned (the same
    paths recur in every record) and each (line, column) is packed into one int, which
    halves a loaded record's memory at 10,000 records.
    """

    file: str  # as shown to users
    text: str
    sha256: str
    packed: dict[str, int] = field(default_factory=dict, repr=False)  # path -> line << 16 | column

    @classmethod
    def build(cls, file: str, text: str, sha256: str, positions: dict[str, tuple[int, int]]) -> Source:
        limit = (1 << _COLUMN_BITS) - 1
        packed = {sys.intern(path): (line << _COLUMN_BITS) | min(col, limit) for path, (line, col) in positions.items()}
        return cls(file=file, text=text, sha256=sha256, packed=packed)

    def position(self, path: str) -> tuple[int, int]:
        """The closest known (line, column): the field itself, else its nearest parent."""
        while path:
            if path in self.packed:
                return self._unpack(self.packed[path])
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return self._unpack(self.packed[""]) if "" in self.packed else (1, 1)

    @staticmethod
    def _unpack(value: int) -> tuple[int, int]:
        return value >> _COLUMN_BITS, value & ((1 << _COLUMN_BITS) - 1)


def schema_fields(cls: type) -> list[dataclasses.Field[Any]]:
    """The fields a YAML record may hold for ``cls`` (derived and internal ones excluded)."""
    return [
        f
        for f in dataclasses.fields(cls)
        if not f.metadata.get("derived") and not f.metadata.get("internal")
    ]


def is_empty(f: dataclasses.Field[Any], value: Any) -> bool:
    """Whether ``value`` is the field's default (None, "", an empty list)."""
    if f.default_factory is not dataclasses.MISSING:
        return bool(value == f.default_factory())
    return f.default is not dataclasses.MISSING and value == f.default


def is_required(f: dataclasses.Field[Any]) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
