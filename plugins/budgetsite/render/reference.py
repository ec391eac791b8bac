"""The field reference for data maintainers, generated from the schema itself."""

from __future__ import annotations

import dataclasses
import types
import typing
from decimal import Decimal
from typing import Any, Literal

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
}


def documented_classes() -> list[type]:
    """Every dataclass reachable from Record, in the order a reader meets them."""
    seen: list[type] = []

    def visit(cls: type) -> None:
        if cls in seen:
            return
        seen.append(cls)
        hints = typing.get_type_hints(cls)
        for f in schema_fields(cls):
            for arg in [hints[f.name], *typing.get_args(hints[f.name])]:
                if dataclasses.is_dataclass(arg):
                    visit(arg)  # type: ignore[arg-type]

    visit(Record)
    return seen


def render_reference(example_name: str | None, example_text: str | None) -> str:
    parts = [
        "# 数据格式说明",
        "每个部门每年一个 YAML 文件，放在 `data/<年度>/<单位编码>.yaml`，例如 `data/2021/711001.yaml`。"
        "文件必须是 UTF-8 编码。金额按原文的小数位填写，网站和下载数据都原样保留（5.00 不会变成 5）。"
        "指标值照录原文，网站另外解析出比较符、数值和单位。",
        "运行 `budgetsite check data` 可在发布前检查所有文件；每条错误都会给出文件名、行号、字段和修改方法。",
    ]
    for cls in documented_classes():
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
