"""The published JSON Schema (draft 2020-12), generated from the record model.

Titles and descriptions are the Chinese labels and descriptions of the schema
fields (``fld()``), so the JSON Schema, the loader's messages and the field
reference page all come from one place and cannot drift apart.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from decimal import Decimal
from typing import Any, Literal

from .. import money
from ..model import Record
from ..values import COMPARATORS, Quantity
from .jsonapi import RECORD_FORMAT

DRAFT = "https://json-schema.org/draft/2020-12/schema"
BASE = "https://budgetsite.invalid/api/schema/"  # an identifier only; $ref between files is relative
DECIMAL_PATTERN = r"^-?\d+(\.\d+)?$"

DECIMAL = {"type": "string", "pattern": DECIMAL_PATTERN, "description": "精确小数，按原文保留小数位，如 \"5.00\"。"}
AGGREGATE_TOTALS = {
    "type": "object", "title": f"合计（折合{money.AGGREGATE_UNIT}）",
    "description": f"与 totals 相同的合计，但已按 1 万元 = 10000 元精确折算为 money_unit（{money.AGGREGATE_UNIT}），未四舍五入；"
                   "年度合计、图表等各类汇总都按此相加。",
    "properties": {"money_unit": {"enum": list(money.UNITS), "title": "折算后的金额单位"},
                   **{k: {**DECIMAL, "description": "精确小数（折算后可能多于两位小数）。"} for k in ("total", "fiscal", "other")}},
    "required": ["money_unit", "total", "fiscal", "other"], "additionalProperties": False,
}
QUANTITY = {
    "type": "object",
    "title": "指标值解析结果",
    "description": "定量指标值的解析结果；定性指标为 null。",
    "properties": {
        "comparator": {"enum": sorted(set(COMPARATORS.values())), "title": "比较符", "description": "≥ ≤ > < =；原文没有比较符时为 =。"},
        "number": {**DECIMAL, "title": "数值"},
        "unit": {"type": "string", "title": "计量单位", "description": "照录原文，如 百分比、万元、%；没有则为空字符串。"},
        "explicit_comparator": {"type": "boolean", "title": "原文写有比较符"},
    },
    "required": ["comparator", "number", "unit", "explicit_comparator"],
    "additionalProperties": False,
}


def _type_schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        return {"anyOf": [_type_schema(inner[0], defs), {"type": "null"}]}
    if origin is list:
        return {"type": "array", "items": _type_schema(typing.get_args(tp)[0], defs)}
    if origin is Literal:
        return {"enum": list(typing.get_args(tp))}
    if tp is Quantity:
        return {"$ref": "#/$defs/Quantity"}
    if dataclasses.is_dataclass(tp):
        _class_schema(tp, defs)  # type: ignore[arg-type]
        return {"$ref": f"#/$defs/{tp.__name__}"}
    if tp is Decimal:
        return dict(DECIMAL)
    if tp is int:
        return {"type": "integer"}
    if tp is str:
        return {"type": "string"}
    raise TypeError(f"no JSON Schema for {tp!r}")  # a programming error


def _class_schema(cls: type, defs: dict[str, Any]) -> None:
    if cls.__name__ in defs:
        return
    defs[cls.__name__] = {}  # reserve: recursion guard
    hints = typing.get_type_hints(cls)
    props: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.metadata.get("internal"):
            continue
        prop = _type_schema(hints[f.name], defs)
        if f.metadata.get("derived"):
            prop = {**prop, "title": "（解析结果）", "description": f.metadata["doc"], "readOnly": True}
        else:
            prop = {**prop, "title": f.metadata["label"], "description": f.metadata["doc"]}
        props[f.name] = prop
    omitted = {f.name for f in dataclasses.fields(cls) if f.metadata.get("omit_empty")}
    defs[cls.__name__] = {
        "type": "object",
        "properties": props,
        # The JSON carries every field (absent optional ones are null or []), except those added after years were
        # frozen, which it leaves out while empty (model.fld's omit_empty).
        "required": [name for name in props if name not in omitted],
        "additionalProperties": False,
    }


def record_schema() -> dict[str, Any]:
    defs: dict[str, Any] = {"Quantity": QUANTITY}
    _class_schema(Record, defs)
    root = defs.pop("Record")
    amounts = {"type": "object", "properties": {k: {**DECIMAL, "title": t} for k, t in
                                                 (("total", "预算数合计"), ("fiscal", "财政资金合计"), ("other", "其他资金合计"))},
               "required": ["total", "fiscal", "other"], "additionalProperties": False}
    root["properties"] = {
        "format": {"const": RECORD_FORMAT, "title": "格式版本"},
        **root["properties"],
        "totals": {**amounts, "title": "合计", "description": "全部项目的预算数、财政资金、其他资金之和，金额单位为记录的 money_unit（原表单位）。"},
        "aggregate_totals": AGGREGATE_TOTALS,
        "source": {
            "type": "object", "title": "数据来源", "description": "生成本文件的 YAML 记录及其 SHA-256，可与年度清单核对。",
            "properties": {"file": {"type": "string", "pattern": r"^\d{4}/[^/]+\.ya?ml$"},
                           "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"}},
            "required": ["file", "sha256"], "additionalProperties": False,
        },
    }
    omitted = {f.name for f in dataclasses.fields(Record) if f.metadata.get("omit_empty")}
    root["required"] = [name for name in root["properties"] if name not in omitted]
    return {
        "$schema": DRAFT,
        "$id": BASE + "record.schema.json",
        "title": "部门预算绩效文本（一个部门一个年度）",
        "description": "budgetsite 公开数据中一个文本的 JSON 格式。金额均为字符串形式的精确小数。",
        **root,
        "$defs": defs,
    }


def _summary_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "year": {"type": "integer", "title": "年度"},
            "status": {"enum": ["草案", "正式"], "title": "状态"},
            "department": {"type": "string", "title": "部门名称"},
            "unit": {"type": "object", "properties": {"code": {"type": "string"}, "name": {"type": "string"}},
                     "required": ["code", "name"], "additionalProperties": False},
            "money_unit": {"type": "string", "title": "金额单位"},
            "project_count": {"type": "integer", "minimum": 0, "title": "项目数"},
            "totals": {"type": "object", "properties": {k: DECIMAL for k in ("total", "fiscal", "other")},
                       "required": ["total", "fiscal", "other"], "additionalProperties": False},
            "aggregate_totals": AGGREGATE_TOTALS,
            "revision_count": {"type": "integer", "minimum": 0, "title": "修订次数"},
            "urls": {"$ref": "#/$defs/Urls"},
        },
        "required": ["year", "status", "department", "unit", "money_unit", "project_count", "totals", "aggregate_totals",
                     "revision_count", "urls"],
        "additionalProperties": False,
    }


URLS = {"type": "object", "title": "文件地址", "description": "相对于网站根目录的地址。",
        "additionalProperties": {"type": "string", "pattern": r"^[^/].*"}}


def index_schema() -> dict[str, Any]:
    """Both /api/index.json (all years) and /api/<year>/index.json (one year)."""
    return {
        "$schema": DRAFT,
        "$id": BASE + "index.schema.json",
        "title": "公开数据目录",
        "type": "object",
        "properties": {
            "format": {"const": "budgetsite-index/1"},
            "year": {"type": ["integer", "null"], "title": "年度", "description": "年度目录为该年度；总目录为 null。"},
            "years": {"type": "array", "title": "年度列表", "items": {
                "type": "object",
                "properties": {"year": {"type": "integer"}, "document_count": {"type": "integer"}, "frozen": {"type": ["string", "null"]},
                               "aggregate_totals": {**AGGREGATE_TOTALS, "title": "该年度全部文本的合计（折合万元）"},
                               "urls": {"$ref": "#/$defs/Urls"}},
                "required": ["year", "document_count", "frozen", "aggregate_totals", "urls"], "additionalProperties": False}},
            "documents": {"type": "array", "title": "文本列表", "items": {"$ref": "#/$defs/Summary"}},
            "urls": {"$ref": "#/$defs/Urls"},
        },
        "required": ["format", "year", "years", "documents", "urls"],
        "additionalProperties": False,
        "$defs": {"Summary": _summary_schema(), "Urls": URLS},
    }

