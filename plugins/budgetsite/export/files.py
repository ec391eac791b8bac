"""Where every download lives, and its bytes.

URL layout (relative to the site root; stable, documented on docs/api.md):

    api/index.json                         every year and document, with file addresses
    api/schema/{record,index,collection}.schema.json
    api/<year>/index.json                  the documents of one year
    api/<year>/<code>.json                 one document (record.schema.json)
    downloads/<year>/<code>.xlsx           one document: sheets 文本, 项目, 资金支出计划, 绩效指标, 整体绩效目标
    downloads/<year>/<code>.<table>.csv    the same tables as CSV (documents, projects, spending, indicators, goals)
    downloads/<year>/<code>.yaml           the record file itself (its SHA-256 is in the manifest)
    downloads/<year>/<code>/<project>.project.csv      one project's 基本信息 row
    downloads/<year>/<code>/<project>.indicators.csv   one project's indicator table
    downloads/<year>/<year>.{xlsx,json,<table>.csv}    the whole year
    downloads/all.{xlsx,json,<table>.csv}              the whole archive
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..collection import Archive
from ..model import Record
from . import schema
from .csv import to_csv
from .jsonapi import dumps, record_json, source_name, summary_json
from .tables import Table, document_rows, goal_rows, indicator_rows, project_rows, record_tables, spending_rows
from .xlsx import to_xlsx

API_INDEX = "api/index.json"
SCHEMA_FILES = {
    "api/schema/record.schema.json": schema.record_schema,
    "api/schema/index.schema.json": schema.index_schema,
    "api/schema/collection.schema.json": schema.collection_schema,
}
CSV_TABLES: dict[str, Callable[[list[Record]], Table]] = {
    "documents": document_rows,
    "projects": project_rows,
    "spending": spending_rows,
    "indicators": indicator_rows,
    "goals": goal_rows,
}
CSV_LABELS = {"documents": "文本", "projects": "项目", "spending": "资金支出计划", "indicators": "绩效指标", "goals": "整体绩效目标"}


@dataclass(frozen=True)
class Download:
    path: str  # relative to the site root, '/'-separated
    content: bytes
    year: int | None  # the year whose manifest lists it; None for archive-wide files
    sources: frozenset[str]  # unit codes of the records it is made from


def document_files(year: int, code: str) -> dict[str, str]:
    """Label -> path of one document's downloads."""
    base = f"downloads/{year}/{code}"
    files = {"JSON": f"api/{year}/{code}.json", "Excel（XLSX）": f"{base}.xlsx"}
    files.update({f"CSV：{CSV_LABELS[k]}": f"{base}.{k}.csv" for k in CSV_TABLES if k != "documents"})
    files["原始记录（YAML）"] = f"{base}.yaml"
    return files


def project_files(year: int, code: str, project: str) -> dict[str, str]:
    base = f"downloads/{year}/{code}/{project}"
    return {"project": f"{base}.project.csv", "indicators": f"{base}.indicators.csv"}


def year_files(year: int) -> dict[str, str]:
    base = f"downloads/{year}/{year}"
    files = {"JSON": f"{base}.json", "Excel（XLSX）": f"{base}.xlsx"}
    files.update({f"CSV：{CSV_LABELS[k]}": f"{base}.{k}.csv" for k in CSV_TABLES})
    files["JSON 目录"] = f"api/{year}/index.json"
    return files


def archive_files() -> dict[str, str]:
    files = {"JSON": "downloads/all.json", "Excel（XLSX）": "downloads/all.xlsx"}
    files.update({f"CSV：{CSV_LABELS[k]}": f"downloads/all.{k}.csv" for k in CSV_TABLES})
    files["JSON 目录"] = API_INDEX
    return files


def record_bytes(record: Record) -> bytes:
    """The record file's bytes as read (the loader keeps the text; a stripped BOM is put back)."""
    assert record.source is not None
    import hashlib

    data = record.source.text.encode("utf-8")
    if hashlib.sha256(data).hexdigest() != record.source.sha256:
        data = b"\xef\xbb\xbf" + data
    return data


def _collection(records: list[Record], year: int | None) -> bytes:
    return dumps({"format": "budgetsite-collection/1", "year": year, "records": [record_json(r) for r in records]})


# One document's files depend on its record alone: `mkdocs serve` rebuilds only what changed.
_DOCUMENT_CACHE: dict[tuple[int, str, str, str], list[Download]] = {}


def _document_cached(record: Record) -> list[Download]:
    key = (record.year, record.unit.code, source_name(record), record.source.sha256 if record.source else "")
    if key not in _DOCUMENT_CACHE:
        if len(_DOCUMENT_CACHE) > 50_000:
            _DOCUMENT_CACHE.clear()
        _DOCUMENT_CACHE[key] = list(_document(record))
    return _DOCUMENT_CACHE[key]


def _document(record: Record) -> Iterator[Download]:
    year, code = record.year, record.unit.code
    src = frozenset({code})
    paths = document_files(year, code)
    yield Download(paths["JSON"], dumps(record_json(record)), year, src)
    yield Download(paths["Excel（XLSX）"], to_xlsx(record_tables([record])), year, src)
    for key, make in CSV_TABLES.items():
        if key != "documents":
            yield Download(f"downloads/{year}/{code}.{key}.csv", to_csv(make([record])), year, src)
    yield Download(paths["原始记录（YAML）"], record_bytes(record), year, src)
    for p in record.projects:
        pf = project_files(year, code, p.code)
        yield Download(pf["project"], to_csv(project_rows([record], only=p.code)), year, src)
        yield Download(pf["indicators"], to_csv(indicator_rows([record], only=p.code)), year, src)


def _urls(record: Record) -> dict[str, str]:
    files = document_files(record.year, record.unit.code)
    return {"json": files["JSON"], "xlsx": files["Excel（XLSX）"], "yaml": files["原始记录（YAML）"],
            **{f"csv_{k}": f"downloads/{record.year}/{record.unit.code}.{k}.csv" for k in CSV_TABLES if k != "documents"}}


def _group(records: list[Record], year: int | None) -> Iterator[Download]:
    src = frozenset(r.unit.code for r in records)
    base = f"downloads/{year}/{year}" if year is not None else "downloads/all"
    yield Download(f"{base}.json", _collection(records, year), year, src)
    yield Download(f"{base}.xlsx", to_xlsx(record_tables(records)), year, src)
    for key, make in CSV_TABLES.items():
        yield Download(f"{base}.{key}.csv", to_csv(make(records)), year, src)


def _index(archive: Archive, year: int | None, frozen: dict[int, str]) -> bytes:
    records = archive.records if year is None else archive.by_year(year)
    years = archive.years() if year is None else [year]
    year_entries = []
    for y in years:
        urls = {"index": f"api/{y}/index.json", **{k: v for k, v in _year_urls(y).items()}}
        if year is None and y in frozen:
            urls["manifest"] = f"{y}/manifest.json"
        year_entries.append({"year": y, "document_count": len(archive.by_year(y)),
                             "frozen": frozen.get(y) if year is None else None, "urls": urls})
    urls = {"schema": "api/schema/index.schema.json", "record_schema": "api/schema/record.schema.json"}
    return dumps({
        "format": "budgetsite-index/1",
        "year": year,
        "years": year_entries,
        "documents": [summary_json(r, _urls(r)) for r in records],
        "urls": urls,
    })


def _year_urls(year: int) -> dict[str, str]:
    base = f"downloads/{year}/{year}"
    return {"json": f"{base}.json", "xlsx": f"{base}.xlsx", **{f"csv_{k}": f"{base}.{k}.csv" for k in CSV_TABLES}}


def build_downloads(archive: Archive, frozen: dict[int, str] | None = None) -> list[Download]:
    """Every open-data file of the site, in a stable order.

    ``frozen`` maps frozen years to their freeze date; only the archive-wide
    index mentions it, so a year's own files do not change when it is frozen.
    """
    frozen = frozen or {}
    out: list[Download] = [Download(path, dumps(make()), None, frozenset()) for path, make in SCHEMA_FILES.items()]
    out.append(Download(API_INDEX, _index(archive, None, frozen), None, frozenset(r.unit.code for r in archive.records)))
    out += _group(archive.records, None)
    for year in archive.years():
        records = archive.by_year(year)
        out.append(Download(f"api/{year}/index.json", _index(archive, year, frozen), year, frozenset(r.unit.code for r in records)))
        out += _group(records, year)
        for record in records:
            out += _document_cached(record)
    return out
