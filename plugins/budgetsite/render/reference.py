"""The field reference for data maintainers, generated from the schema itself."""

from __future__ import annotations

import dataclasses
import types
import typing
from decimal import Decimal
from typing import Any, Literal

from ..evaluation_model import Evaluation
from ..kinds import EVALUATION, file_stem
from ..model import Record, is_required, schema_fields
from .escape import h, md


def type_name(tp: Any) -> str:
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        return type_name(inner[0])
    if origin is list:
        return f"列表，每项为{type_name(typing.get_args(tp)[0])}"
    if origin is Literal:
        return "取值：" + " / ".join(a if a else '""（空）' for a in typing.get_args(tp))
    if dataclasses.is_dataclass(tp):
        return f"映射（见“{SECTION_TITLES[tp.__name__]}”）"
    return {str: "文字", int: "整数", Decimal: "金额（精确小数）"}[tp]


SECTION_TITLES = {
    "Record": "记录（文件顶层）",
    "Unit": "单位 unit",
    "Cover": "封面 cover",
    "GoalItem": "绩效目标条目 overall_goals / sub_goals",
    "Project": "预算项目 projects",
    "Budget": "预算规模 budget",
    "FundSource": "资金来源明细 budget.sources",
    "SpendingPoint": "资金支出计划 spending_plan",
    "Indicator": "绩效指标 indicators",
    "Detail": "表头栏目 projects[].details",
    "DepartmentTable": "部门整体绩效目标表 department_tables",
    "IndicatorGrid": "原样指标表 projects[].indicator_grid",
    "GridColumn": "原样指标表的列 indicator_grid.columns",
    "Meta": "公开信息 meta",
    "Revision": "修订记录 revisions",
    "Change": "修改内容 revisions[].changes",
    "Evaluation": "自评记录（自评文件顶层）",
    "ProjectResult": "项目自评 projects",
    "FundRow": "项目资金 funds",
    "ResultIndicator": "自评绩效指标 indicators",
}


def documented_classes(root: type = Record, known: tuple[type, ...] = ()) -> list[type]:
    """Every dataclass reachable from ``root``, in the order a reader meets them (without those in ``known``)."""
    seen: list[type] = list(known)

    def visit(cls: type) -> None:
        if cls in seen:
            return
        seen.append(cls)
        hints = typing.get_type_hints(cls)
        for f in schema_fields(cls):
            for arg in [hints[f.name], *typing.get_args(hints[f.name])]:
                if dataclasses.is_dataclass(arg):
                    visit(arg)  # type: ignore[arg-type]

    visit(root)
    return seen[len(known):]


def evaluation_classes() -> list[type]:
    """The self-evaluation's own dataclasses (Unit and Meta are the record's)."""
    return documented_classes(Evaluation, tuple(documented_classes()))


EVALUATION_INTRO = (
    "## 项目支出绩效自评表 {#evaluation-file}\n\n"
    f"次年公开的项目支出绩效自评表放在被评价的预算年度的文件夹里，与绩效目标并列：`data/<年度>/<单位编码>{EVALUATION.suffix}.yaml`，"
    f"例如 `data/2021/{file_stem(EVALUATION, '711001')}.yaml` 是 `data/2021/711001.yaml` 中各项目的自评。"
    "可用 `budgetsite import 自评表文件 --year 2021` 从文本导出或 Word 文件生成。"
    "网站按项目编码（没有则按项目名称）把每个项目与绩效目标对应，按一级、二级之内的三级指标名称把每行结果放到目标旁。"
    "单位 unit、公开信息 meta 的字段与绩效目标文件相同。"
)


def render_reference(example_name: str | None, example_text: str | None) -> str:
    parts = [
        "# 数据格式说明",
        "每个部门每年一个 YAML 文件，放在 `data/<年度>/<单位编码>.yaml`，例如 `data/2021/711001.yaml`。"
        "文件必须是 UTF-8 编码。金额按原文的小数位填写，网站和下载数据都原样保留（5.00 不会变成 5）。"
        "指标值照录原文，网站另外解析出比较符、数值和单位。",
        "运行 `budgetsite check data` 可在发布前检查所有文件；每条错误都会给出文件名、行号、字段和修改方法。",
    ]
    evaluation_start = len(documented_classes())
    for n, cls in enumerate(documented_classes() + evaluation_classes()):
        if n == evaluation_start:
            parts.append(EVALUATION_INTRO)
        hints = typing.get_type_hints(cls)
        rows = []
        for f in schema_fields(cls):
            required = "必填" if is_required(f) else "选填"
            if f.metadata.get("blank_ok"):
                required += "（可为空白）"
            rows.append(
                f"<tr><td><code>{h(f.name)}</code></td><td>{h(f.metadata['label'])}</td>"
                f"<td>{h(type_name(hints[f.name]))}</td><td>{required}</td><td>{h(f.metadata['doc'])}</td></tr>"
            )
        title = SECTION_TITLES[cls.__name__]
        parts.append(f"## {md(title)} {{#{cls.__name__.lower()}}}")
        parts.append(
            '<div class="bs-table-wrap"><table class="bs-reference">'
            f'<caption class="bs-caption">{h(title)} 的字段</caption>'
            '<thead><tr><th scope="col">字段</th><th scope="col">中文名</th><th scope="col">类型</th>'
            '<th scope="col">是否必填</th><th scope="col">说明</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>"
        )
    if example_text is not None:
        parts.append("## 完整示例 {#example}")
        parts.append(f"下面是 <code>{h(example_name)}</code> 的全文，可复制后按本部门的文本修改。")
        parts.append(f'<pre class="bs-example"><code class="language-yaml">{h(example_text)}</code></pre>')
    return "\n\n".join(parts) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_reference_manual(example_name: str | None, example_text: str | None) -> str:
    """The same reference as plain Markdown (pipe tables), readable in the repository without building: manual/field-reference.md."""
    parts = [
        "# 数据格式说明（字段参考）",
        "<!-- 本文件由程序根据数据结构生成，请勿手工修改；更新：bin/budgetsite reference manual/field-reference.md -->",
        "每个部门每年一个 YAML 文件，放在 `data/<年度>/<单位编码>.yaml`，例如 `data/2021/711001.yaml`。"
        "文件必须是 UTF-8 编码。金额按原文的小数位填写，网站和下载数据都原样保留（5.00 不会变成 5）；"
        "全角数字和小数点（如 ３．２０）按半角读取。指标值照录原文，网站另外解析出比较符、数值和单位。",
        "运行 `bin/budgetsite check data` 可在发布前检查所有文件；每条错误都会给出文件名、行号、字段和修改方法。"
        "网站上的同一份说明在“数据格式说明”页面（`/data-format/`）。",
    ]
    for cls in documented_classes():
        hints = typing.get_type_hints(cls)
        rows = ["| 字段 | 中文名 | 类型 | 是否必填 | 说明 |", "| --- | --- | --- | --- | --- |"]
        for f in schema_fields(cls):
            required = "必填" if is_required(f) else "选填"
            if f.metadata.get("blank_ok"):
                required += "（可为空白）"
            rows.append(f"| `{f.name}` | {_cell(f.metadata['label'])} | {_cell(type_name(hints[f.name]))} | {required} | {_cell(f.metadata['doc'])} |")
        parts.append(f"## {SECTION_TITLES[cls.__name__]}")
        parts.append("\n".join(rows))
    if example_text is not None:
        parts.append("## 完整示例")
        parts.append(f"下面是 `{example_name}` 的全文，可复制后按本部门的文本修改。")
        parts.append(f"```yaml\n{example_text.rstrip()}\n```")
    return "\n\n".join(parts) + "\n"
