"""The finance bureau's review (财政局审核) as checks over a loaded record.

A finding never changes the record: the site reproduces the official text and
the findings go to the reviewer. Every rule has an id, a severity and a
Chinese title listed in :data:`RULES`; manual/review.md explains each one.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..errors import project_context
from ..model import Project, Record, Source
from ..money import UNITS, convert
from ..values import Quantity
from .evaluation_ids import EVALUATION_RULES
from .frameworks import Framework

ERROR = "错误"
WARNING = "警告"
INFO = "提示"  # for the reader, not a fault: never fails --strict (also how the review read a value)

RULES: dict[str, tuple[str, str]] = {
    "budget-sum": (ERROR, "财政资金 + 其他资金 应等于预算数"),
    "budget-sources": (ERROR, "资金来源明细之和应等于财政资金（或其他资金）"),
    "plan-value": (ERROR, "资金支出计划的每一格应为 0%～100% 的百分数或空白"),
    "plan-decreasing": (ERROR, "资金支出计划是累计比例，不应减少"),
    "plan-final": (ERROR, "资金支出计划最后一个时点应为 100%"),
    "indicator-missing": (ERROR, "产出、效益、满意度指标都要有"),
    "indicator-level1": (ERROR, "一级指标不在所用指标框架中"),
    "indicator-level2": (ERROR, "二级指标不属于它所在的一级指标"),
    "cost-over-budget": (ERROR, "成本指标的金额不应超过项目预算数"),
    "value-comparator": (WARNING, "定量指标值应写明比较符（≥、≤、＝ 等）"),
    "value-exact": (INFO, "“100 百分比”这类没有比较符的 100% 按“等于 100%”理解"),
    "value-unit": (WARNING, "定量指标值应写明单位"),
    "value-placeholder": (ERROR, "指标值是占位内容（空白、0 或不合任何单位的数字）"),
    "privacy-mobile": (ERROR, "公开文本中含手机号码"),
    "privacy-id-card": (ERROR, "公开文本中含身份证号码"),
    "unit-change": (INFO, "部门的金额单位与上一个公开年度不同（历年比较已折算为同一单位）"),
} | EVALUATION_RULES

MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")
ID_CARD = re.compile(r"(?<![0-9A-Za-z])[1-9][0-9]{16}[0-9Xx](?![0-9A-Za-z])")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# A comparator in words: 40 场以上, 不低于 90%, 不超过 5 万元, 12月底前 (a deadline).
WORDED_COMPARATOR = re.compile(r"以上|以下|以内|不低于|不少于|不超过|不高于|不多于|至少|最多|达到|前")  # 12月底前: a deadline
# Money words an indicator value may use (its text is the document's own, so 千元 and 亿元 occur), in 万元.
MONEY_UNITS = {"万元": Decimal("1"), "元": Decimal("0.0001"), "千元": Decimal("0.1"), "亿元": Decimal("10000")}


@dataclass(frozen=True, order=True)
class Finding:
    file: str
    line: int
    column: int
    rule: str
    field: str
    message: str
    context: str = ""  # 第 3 个项目“…”: the project as the clerk counts and names it

    @property
    def severity(self) -> str:
        return RULES[self.rule][0]

    def format(self) -> str:
        context = f"（{self.context}）" if self.context else ""
        return f"{self.file}:{self.line}:{self.column}: {self.severity} [{self.rule}] {self.field}{context}：{self.message}"

    __str__ = format


class _Collector:
    def __init__(self, source: Source | None, file: str):
        self.source, self.file = source, file
        self.context = ""
        self.findings: list[Finding] = []

    def add(self, rule: str, path: str, message: str) -> None:
        line, col = self.source.position(path) if self.source else (1, 1)
        context = self.context if path.startswith("projects[") else ""
        self.findings.append(Finding(self.source.file if self.source else self.file, line, col, rule, path, message, context))


def collector(record: Record) -> _Collector:
    """Where findings about ``record`` are gathered, each located in its file."""
    return _Collector(record.source, f"{record.year}/{record.unit.code}")


def review_record(record: Record, framework: Framework) -> list[Finding]:
    """Every finding for one record, in file order."""
    out = _Collector(record.source, f"{record.year}/{record.unit.code}")
    _projects(out, [(i, p, record.project_money_unit(p)) for i, p in enumerate(record.projects)], framework)
    _privacy(out, record)
    return sorted(out.findings)


def review_projects(source: Source, projects: list[tuple[int, Project, str]], framework: Framework) -> list[Finding]:
    """Findings for the projects that could be read from a record that could not: (index in the file, project, money unit)."""
    out = _Collector(source, source.file)
    _projects(out, projects, framework)
    return sorted(out.findings)


def _projects(out: _Collector, projects: list[tuple[int, Project, str]], framework: Framework) -> None:
    for i, project, money_unit in projects:
        p = f"projects[{i}]"
        out.context = project_context(i + 1, project.name)
        _budget(out, project, p)
        _plan(out, project, p)
        _framework(out, project, p, framework)
        _values(out, money_unit, project, p, framework)


def _budget(out: _Collector, project: Project, p: str) -> None:
    b = project.budget
    if b is None:
        return  # the table gave no complete budget: nothing to add up
    if b.fiscal + b.other != b.total:
        out.add("budget-sum", f"{p}.budget.total",
                f"财政资金 {b.fiscal} + 其他资金 {b.other} = {b.fiscal + b.other}，与预算数 {b.total} 不符（差 {b.total - b.fiscal - b.other}）")
    for part, expected in (("财政资金", b.fiscal), ("其他资金", b.other)):
        items = [(n, s) for n, s in enumerate(b.sources) if s.part == part]
        if not items:
            continue
        total = sum((s.amount for _, s in items), Decimal("0"))
        if total != expected:
            names = " + ".join(f"{s.name} {s.amount}" for _, s in items)
            out.add("budget-sources", f"{p}.budget.sources[{items[0][0]}]", f"{names} = {total}，与{part} {expected} 不符")


def _plan(out: _Collector, project: Project, p: str) -> None:
    previous: tuple[str, Decimal] | None = None
    last: tuple[int, Decimal] | None = None
    for n, point in enumerate(project.spending_plan):
        if not point.value.strip():
            continue
        path = f"{p}.spending_plan[{n}].value"
        pct = point.percent
        if pct is None or pct < 0 or pct > 100:
            out.add("plan-value", path, f"“{point.period}”的值“{point.value}”不是 0%～100% 的百分数")
            continue
        if previous is not None and pct < previous[1]:
            out.add("plan-decreasing", path, f"“{point.period}”累计 {point.value}，少于前一时点“{previous[0]}”的 {previous[1]}%")
        previous = (point.period, pct)
        last = (n, pct)
    if project.spending_plan:
        final = project.spending_plan[-1]
        if last is None:
            out.add("plan-final", f"{p}.spending_plan", "资金支出计划各时点都是空白，最后一个时点应为 100%")
        elif last[0] != len(project.spending_plan) - 1 or last[1] != 100:
            shown = final.value or "空白"
            out.add("plan-final", f"{p}.spending_plan[{len(project.spending_plan) - 1}].value", f"最后一个时点“{final.period}”为 {shown}，应为 100%")


def _framework(out: _Collector, project: Project, p: str, fw: Framework) -> None:
    for group, paths in fw.required.items():
        if not any(fw.matches(path, ind.level1, ind.level2) for ind in project.indicators for path in paths):
            wanted = "、".join(f"{fw.labels.get(a, a)}" + (f" 下的 {b}" if b else "") for a, b in paths)
            out.add("indicator-missing", f"{p}.indicators" if project.indicators else f"{p}.name",
                    f"项目“{project.name}”没有{group}类指标（应有：{wanted}）；所用框架：{fw.name}")
    for j, ind in enumerate(project.indicators):
        path = f"{p}.indicators[{j}]"
        if not fw.knows_level1(ind.level1):
            known = "、".join(fw.labels.values())
            out.add("indicator-level1", f"{path}.level1", f"一级指标“{ind.level1}”不在框架中（{fw.name}：{known}）")
        elif not fw.allows(ind.level1, ind.level2):
            allowed = "、".join(f"{x}指标" for x in fw.level1[_n(ind.level1)])
            out.add("indicator-level2", f"{path}.level2", f"二级指标“{ind.level2}”不属于一级指标“{ind.level1}”（{fw.name}：{ind.level1}下为 {allowed}）")


def _n(text: str) -> str:
    from .frameworks import norm

    return norm(text)


def _values(out: _Collector, record_money_unit: str, project: Project, p: str, fw: Framework) -> None:
    money_unit = project.money_unit or record_money_unit
    for j, ind in enumerate(project.indicators):
        path = f"{p}.indicators[{j}].value"
        q = ind.quantity
        text = unicodedata.normalize("NFKC", ind.value).strip()
        if not text:
            out.add("value-placeholder", path, f"三级指标“{ind.name}”的指标值为空白")
            continue
        if q is None:
            continue  # qualitative
        if q.number == 0 and not q.explicit_comparator and not q.unit:
            out.add("value-placeholder", path, f"三级指标“{ind.name}”的指标值为“{ind.value}”，是占位数字")
            continue
        if _fits_no_unit(q):
            out.add("value-placeholder", path, f"三级指标“{ind.name}”的指标值“{ind.value}”不合任何单位，疑为占位数字")
            continue
        if not q.explicit_comparator and not WORDED_COMPARATOR.search(text):
            if q.is_percent and q.number == 100:
                # Nothing exceeds 100 %: the target can only be "all of it", so no comparator is missing.
                out.add("value-exact", path, f"三级指标“{ind.name}”的指标值“{ind.value}”按“等于 100%”理解（原文未写比较符）")
            else:
                out.add("value-comparator", path, f"三级指标“{ind.name}”的指标值“{ind.value}”没有比较符（如 ≥、≤、＝）")
        if not q.unit:
            out.add("value-unit", path, f"三级指标“{ind.name}”的指标值“{ind.value}”没有单位")
        # Both sides in 万元. The unit is checked again because `check` also reviews the projects of a
        # file that failed to load (its unit may be the very error reported).
        if fw.is_cost(ind.level1, ind.level2) and q.unit in MONEY_UNITS and money_unit in UNITS and project.budget is not None:
            if q.number * MONEY_UNITS[q.unit] > convert(project.budget.total, money_unit, "万元"):
                out.add("cost-over-budget", path,
                        f"成本指标“{ind.name}”为 {ind.value}，超过项目预算数 {project.budget.total} {money_unit}")


def _fits_no_unit(q: Quantity) -> bool:
    """88100 with no unit, or a percentage above 100 that is not a growth rate: numbers no unit explains."""
    if not q.unit:
        return q.number >= 1000
    return q.is_percent and q.number > 1000


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _strings(item, f"{path}[{n}]")
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            if f.metadata.get("internal") or f.metadata.get("derived"):
                continue
            yield from _strings(getattr(value, f.name), f"{path}.{f.name}" if path else f.name)


def _id_valid(number: str) -> bool:
    digits = number.upper()
    total = sum(int(d) * w for d, w in zip(digits[:17], _ID_WEIGHTS))
    return _ID_CHECK[total % 11] == digits[17]


def _privacy(out: _Collector, record: Record) -> None:
    for path, text in _strings(record, ""):
        if path.endswith(".code"):
            continue  # unit and project codes are identifiers: 13… runs of digits in them are no phone number
        normal = unicodedata.normalize("NFKC", text)
        for m in MOBILE.finditer(normal):
            out.add("privacy-mobile", path, f"含手机号码 {m.group()[:3]}****{m.group()[-4:]}，公开前请确认是否应删除或隐去")
        for m in ID_CARD.finditer(normal):
            if _id_valid(m.group()):
                out.add("privacy-id-card", path, f"含身份证号码 {m.group()[:6]}********{m.group()[-4:]}，公开前请删除或隐去")
