"""Records as JSON, following the published schema (:mod:`.schema`).

Keys are the YAML field names, so the field reference page documents the JSON
too. Amounts and parsed numbers are JSON *strings* holding the exact decimal
("5.00"): a JSON number would be read as a binary double by most clients and
lose the trailing zeros that the official tables print. Derived values (the
parsed 指标值, the parsed 累计支出比例) sit beside the verbatim text.
"""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any

from .. import money, routes
from ..model import Budget, Record, is_empty, schema_fields
from ..values import Quantity

RECORD_FORMAT = "budgetsite-record/1"


def to_plain(value: Any) -> Any:
    """A schema dataclass (recursively) as JSON-ready dicts; Decimals as exact strings."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Quantity):
        return {"comparator": value.comparator, "number": str(value.number), "unit": value.unit,
                "explicit_comparator": value.explicit_comparator}
    if isinstance(value, list):
        return [to_plain(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # A field added to the format after records were frozen is left out while empty, so that the JSON of a
        # record that does not use it keeps its bytes (a frozen year's manifest still matches after an upgrade).
        out = {f.name: to_plain(getattr(value, f.name)) for f in schema_fields(type(value))
               if not (f.metadata.get("omit_empty") and is_empty(f, getattr(value, f.name)))}
        for f in dataclasses.fields(value):
            if f.metadata.get("derived"):
                out[f.name] = to_plain(getattr(value, f.name))
        return out
    return value


def source_name(record: Record) -> str:
    """'2021/711001.yaml': where the record lives under data/, independent of the working folder."""
    name = PurePosixPath(record.source.file).name if record.source else f"{record.unit.code}.yaml"
    return routes.record_name(record.year, name)


def aggregate_json(totals: Budget, unit: str = money.AGGREGATE_UNIT) -> dict[str, str]:
    """Totals already converted into ``unit``, exact (not rounded), with the unit they are in."""
    return {"money_unit": unit, "total": money.exact_text(totals.total), "fiscal": money.exact_text(totals.fiscal),
            "other": money.exact_text(totals.other)}


def record_json(record: Record) -> dict[str, Any]:
    out = to_plain(record)
    t = record.totals()
    out["totals"] = {"total": str(t.total), "fiscal": str(t.fiscal), "other": str(t.other)}
    out["aggregate_totals"] = aggregate_json(record.totals(money.AGGREGATE_UNIT))
    out["source"] = {"file": source_name(record), "sha256": record.source.sha256 if record.source else ""}
    return {"format": RECORD_FORMAT, **out}


def summary_json(record: Record, urls: dict[str, str]) -> dict[str, Any]:
    """One line of an index: who, which year, totals, and where the files are."""
    t = record.totals()
    return {
        "year": record.year,
        "status": record.status,
        "department": record.department,
        "unit": {"code": record.unit.code, "name": record.unit.name},
        "money_unit": record.money_unit,
        "project_count": len(record.projects),
        "totals": {"total": str(t.total), "fiscal": str(t.fiscal), "other": str(t.other)},
        "aggregate_totals": aggregate_json(record.totals(money.AGGREGATE_UNIT)),
        "revision_count": len(record.revisions),
        "urls": urls,
    }


def dumps(data: Any) -> bytes:
    """Deterministic JSON: UTF-8, Chinese characters as themselves, keys in schema order, final newline."""
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def dumps_data(data: Any) -> bytes:
    """Like :func:`dumps` but without indentation, for the bulk data files (records and collections).

    About 30 % smaller than indented, and written by the C encoder; a browser or
    ``jq .`` shows it indented. Indexes, schemas and manifests stay indented.
    """
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
