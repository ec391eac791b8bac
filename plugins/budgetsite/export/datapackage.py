"""Frictionless Tabular Data Packages: a ``datapackage.json`` for each year and one for the archive.

A year's package describes the year's CSV files: their Table Schema (one field per
column, named by the header the file prints), encoding and ``sha256:`` hash, the same
digest the year's manifest lists. The archive's package holds no rows of its own: its
resources point at the years' files, so a program can load every year through one
descriptor (``frictionless``, ``pandas`` via ``datapackage``, R's ``frictionless``).

The bytes are a pure function of the CSV files they describe: no dates, no host names.
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Mapping, Sequence

from .. import routes
from ..tables import Column, Kind
from .csv import neutralise
from .jsonapi import dumps

TABLE_TITLES = {"documents": "文本", "projects": "项目", "spending": "资金支出计划", "indicators": "绩效指标", "goals": "整体绩效目标"}
assert tuple(TABLE_TITLES) == routes.TABLE_KEYS

# Table Schema types. Amounts and percentages are decimal text ("5.00"): "number" keeps them exact in
# readers that parse decimals, and a blank cell is a missing value, not zero.
FIELD_TYPES: dict[Kind, str] = {
    "text": "string", "code": "string", "quantity": "string",
    "year": "integer", "count": "integer", "amount": "number", "percent": "number",
}


def field(column: Column) -> dict[str, object]:
    out: dict[str, object] = {"name": neutralise(column.header), "type": FIELD_TYPES[column.kind]}
    if column.kind == "code":
        out["description"] = "编码，按文本保存（保留前导零）"
    return out


FileStats = tuple[int, str]  # a file's size in bytes and its SHA-256 (hex)


def file_stats(files: Mapping[str, bytes]) -> dict[str, FileStats]:
    """What a package says of each file: a sharded build hands these on instead of the files."""
    return {key: (len(content), hashlib.sha256(content).hexdigest()) for key, content in files.items()}


def resource(name: str, title: str, path: str, columns: Sequence[Column], stats: FileStats) -> dict[str, object]:
    return {
        "name": name,
        "title": title,
        "path": path,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        # The files start with a byte-order mark for Excel on Chinese Windows; utf-8-sig reads past it.
        "encoding": "utf-8-sig",
        "bytes": stats[0],
        "hash": "sha256:" + stats[1],
        "schema": {"fields": [field(c) for c in columns], "missingValues": [""]},
    }


def _package(name: str, title: str, base: str, years: Mapping[int, Mapping[str, FileStats]],
             columns: Mapping[str, Sequence[Column]]) -> bytes:
    resources = [
        resource(f"{year}-{key}", f"{year} 年{TABLE_TITLES[key]}", posixpath.relpath(routes.year_files(year).csv[key], base), columns[key], csv[key])
        for year, csv in sorted(years.items()) for key in routes.TABLE_KEYS
    ]
    return dumps({"profile": "tabular-data-package", "name": name, "title": title, "resources": resources})


def year_package(year: int, columns: Mapping[str, Sequence[Column]], csv: Mapping[str, FileStats]) -> bytes:
    """``downloads/<year>/datapackage.json``: the year's CSV files, paths relative to the package."""
    base = posixpath.dirname(routes.year_files(year).package)
    return _package(f"budgetsite-{year}", f"{year} 年部门预算绩效文本", base, {year: csv}, columns)


def archive_package(years: Mapping[int, Mapping[str, FileStats]], columns: Mapping[str, Sequence[Column]]) -> bytes:
    """``downloads/datapackage.json``: every year's resources, pointing at the years' own files (no copy of a row)."""
    base = posixpath.dirname(routes.archive_files().package)
    return _package("budgetsite-archive", "部门预算绩效文本（全部年度）", base, years, columns)
