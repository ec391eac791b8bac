"""The indicator frameworks (指标体系) as data.

Which 一级指标 exist, which 二级指标 belong under each, which of them must be
present (产出 / 效益 / 满意度) and which count as cost indicators differ by
year, level and province. Each variant is a plain table below; a province
with its own template writes the same table as a YAML file and names that
file instead of a letter (see manual/review.md).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .scoring import Scheme

# generation B: the common current layout (national default).
B: dict[str, Any] = {
    "name": "B 现行通用框架（产出、效益、满意度三个一级指标）",
    "level1": {
        "产出指标": ["数量指标", "质量指标", "时效指标", "成本指标"],
        "效益指标": ["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"],
        "满意度指标": ["服务对象满意度指标"],
    },
    "required": {"产出": ["产出指标"], "效益": ["效益指标"], "满意度": ["满意度指标"]},
    "cost": ["产出指标/成本指标"],
}

# generation A: older application forms, satisfaction is a 二级 under 效益.
A: dict[str, Any] = {
    "name": "A 旧版申报表（满意度列在效益指标之下）",
    "level1": {
        "产出指标": ["数量指标", "质量指标", "时效指标", "成本指标"],
        "效益指标": ["经济效益指标", "社会效益指标", "生态效益指标", "环境效益指标", "可持续影响指标",
                 "社会公众或服务对象满意度指标", "服务对象满意度指标"],
    },
    "required": {
        "产出": ["产出指标"],
        "效益": ["效益指标"],
        "满意度": ["效益指标/社会公众或服务对象满意度指标", "效益指标/服务对象满意度指标"],
    },
    "cost": ["产出指标/成本指标"],
}

# generation C: the 2021 central guideline (财预〔2021〕101号), 成本指标 as a first level.
C: dict[str, Any] = {
    "name": "C 2021 年中央指引（成本指标单列为一级指标）",
    "level1": {
        "成本指标": ["经济成本指标", "社会成本指标", "生态环境成本指标"],
        "产出指标": ["数量指标", "质量指标", "时效指标"],
        "效益指标": ["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"],
        "满意度指标": ["服务对象满意度指标"],
    },
    "required": {"产出": ["产出指标"], "效益": ["效益指标"], "满意度": ["满意度指标"]},
    "cost": ["成本指标"],
}

BUILTIN = {"A": A, "B": B, "C": C}
DEFAULT = "B"


def norm(text: str) -> str:
    """An indicator name as compared: NFKC, no spaces, without the trailing 指标."""
    k = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    return k[:-2] if k.endswith("指标") and len(k) > 2 else k


def norm_level2(level1: str, level2: str) -> str:
    """``产出数量指标`` under 产出指标 is 数量."""
    k1, k2 = norm(level1), norm(level2)
    if k2.startswith(k1) and len(k2) > len(k1):
        return k2[len(k1):]
    return k2


class FrameworkError(ValueError):
    """A framework name or file that cannot be used; the message is for the user."""


@dataclass(frozen=True)
class Framework:
    name: str
    level1: dict[str, tuple[str, ...]]  # normalised 一级 -> normalised 二级
    labels: dict[str, str]  # normalised 一级 -> as written in the table
    required: dict[str, tuple[tuple[str, str | None], ...]]  # group -> (一级, 二级 or None)
    cost: tuple[tuple[str, str | None], ...]
    scoring: Scheme | None = None  # how self-evaluations are scored where this framework is in force (optional)

    @classmethod
    def from_table(cls, table: dict[str, Any], origin: str) -> Framework:
        try:
            level1 = {norm(k): tuple(norm(v) for v in (vs or [])) for k, vs in table["level1"].items()}
            labels = {norm(k): str(k) for k in table["level1"]}
            required = {str(g): tuple(_path(p) for p in paths) for g, paths in (table.get("required") or {}).items()}
            cost = tuple(_path(p) for p in table.get("cost") or [])
            name = str(table.get("name") or origin)
        except (KeyError, TypeError, AttributeError) as exc:
            raise FrameworkError(f"指标框架 {origin} 格式不对（{exc}）：需要 level1（一级→二级列表），可选 required、cost") from None
        return cls(name=name, level1=level1, labels=labels, required=required, cost=cost, scoring=_scoring(table, origin))

    def knows_level1(self, level1: str) -> bool:
        return norm(level1) in self.level1

    def allows(self, level1: str, level2: str) -> bool:
        allowed = self.level1.get(norm(level1), ())
        return not allowed or norm_level2(level1, level2) in allowed

    def matches(self, path: tuple[str, str | None], level1: str, level2: str) -> bool:
        return path[0] == norm(level1) and (path[1] is None or path[1] == norm_level2(level1, level2))

    def is_cost(self, level1: str, level2: str) -> bool:
        return any(self.matches(p, level1, level2) for p in self.cost)


def _scoring(table: dict[str, Any], origin: str) -> Scheme | None:
    """The framework file's optional ``scoring`` table: a province's or a year's own self-evaluation weights."""
    if table.get("scoring") is None:
        return None
    try:
        return Scheme.from_table({"name": f"{table.get('name') or origin} 的评分办法", **table["scoring"]})
    except (KeyError, TypeError, AttributeError, ArithmeticError, ValueError) as exc:
        raise FrameworkError(f"指标框架 {origin} 的 scoring 格式不对（{exc}）：需要 budget（预算执行分值）、"
                             "groups（一级指标→分值）、total（总分），可选 cap（得分不超过分值，默认 true）") from None


def _path(text: str) -> tuple[str, str | None]:
    first, _, second = str(text).partition("/")
    return norm(first), (norm(second) if second else None)


def load_framework(spec: str, base: Path | None = None) -> Framework:
    """A built-in variant by letter (A, B, C) or a YAML file with the same table."""
    spec = str(spec).strip()
    if spec.upper() in BUILTIN:
        return Framework.from_table(BUILTIN[spec.upper()], spec.upper())
    path = Path(spec)
    if base is not None and not path.is_absolute():
        path = base / path
    if not path.is_file():
        raise FrameworkError(f"指标框架“{spec}”既不是内置的 A、B、C，也不是存在的 YAML 文件")
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        table = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    except (YAMLError, UnicodeDecodeError) as exc:
        raise FrameworkError(f"指标框架文件 {spec} 无法读取：{exc}") from None
    if not isinstance(table, dict):
        raise FrameworkError(f"指标框架文件 {spec} 应为映射（name、level1、required、cost）")
    return Framework.from_table(table, spec)


@dataclass(frozen=True)
class FrameworkChoice:
    """The framework in force for each year: a default and per-year exceptions."""

    default: Framework
    by_year: dict[int, Framework]

    def for_year(self, year: int) -> Framework:
        return self.by_year.get(year, self.default)

    @classmethod
    def build(cls, default: str = DEFAULT, by_year: dict[Any, str] | None = None, base: Path | None = None) -> FrameworkChoice:
        years: dict[int, Framework] = {}
        for year, spec in (by_year or {}).items():
            try:
                years[int(year)] = load_framework(spec, base)
            except ValueError as exc:
                raise FrameworkError(f"按年度指定的指标框架有误（{year}: {spec}）：{exc}") from None
        return cls(default=load_framework(default, base), by_year=years)
