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

from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass

from ..collection import Archive
from ..model import Record
from . import schema, xlsx
from .csv import csv_file, row_lines
from .jsonapi import dumps, dumps_data, record_json, source_name, summary_json
from .tables import INDICATOR_COLUMNS, PROJECT_COLUMNS, Table, document_rows, goal_rows, indicator_rows, project_rows, spending_rows

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
_EMPTY = tuple(make([]) for make in CSV_TABLES.values())  # names and columns of the tables, in workbook order
PROJECT_CODE = [c.key for c in PROJECT_COLUMNS].index("projects[].code")
INDICATOR_PROJECT_CODE = [c.key for c in INDICATOR_COLUMNS].index("projects[].code")
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


_COLLECTION_HEAD = '{"format":"budgetsite-collection/1","year":%s,"records":['


def _collection(pieces: list[_Piece], year: int | None) -> bytes:
    """``dumps_data({"format": …, "year": year, "records": [record_json(r), …]})`` with one record per line,
    joined from the documents' own JSON files rather than encoding every record again."""
    head = (_COLLECTION_HEAD % ("null" if year is None else year)).encode("utf-8")
    if not pieces:
        return head + b"]}\n"
    return head + b"\n" + b",\n".join(p.json[:-1] for p in pieces) + b"\n]}\n"


@dataclass(frozen=True)
class _Piece:
    """One document's own files, and its share of its year's and the archive's files."""

    downloads: tuple[Download, ...]
    json: bytes  # the document's JSON file
    csv: tuple[bytes, ...]  # per CSV table (CSV_TABLES order): the document's CSV file (the same bytes object as its download)
    sheets: tuple[xlsx.Encoded, ...]  # the workbook's sheets (CSV_TABLES order), encoded


# One document's files depend on its record alone: `mkdocs serve` rebuilds only what changed.
_DOCUMENT_CACHE: dict[tuple[int, str, str, str], _Piece] = {}


def _key(record: Record) -> tuple[int, str, str, str]:
    return (record.year, record.unit.code, source_name(record), record.source.sha256 if record.source else "")


def _document_cached(record: Record) -> _Piece:
    key = _key(record)
    if key not in _DOCUMENT_CACHE:
        if len(_DOCUMENT_CACHE) > 50_000:
            _DOCUMENT_CACHE.clear()
        _DOCUMENT_CACHE[key] = _document(record)
    return _DOCUMENT_CACHE[key]


def _document(record: Record) -> _Piece:
    year, code = record.year, record.unit.code
    src = frozenset({code})
    paths = document_files(year, code)
    tables = {key: make([record]) for key, make in CSV_TABLES.items()}
    lines = {key: row_lines(table) for key, table in tables.items()}
    sheets = tuple(xlsx.encode(table) for table in tables.values())
    json_bytes = dumps_data(record_json(record))
    out = [Download(paths["JSON"], json_bytes, year, src), Download(paths["Excel（XLSX）"], xlsx.workbook(list(sheets)), year, src)]
    csv_files = tuple(csv_file(table.columns, lines[key]) for key, table in tables.items())
    for key, content in zip(tables, csv_files):
        if key != "documents":  # the documents table is only part of the year's and the archive's files
            out.append(Download(f"downloads/{year}/{code}.{key}.csv", content, year, src))
    out.append(Download(paths["原始记录（YAML）"], record_bytes(record), year, src))
    # A project's files hold exactly its rows of the document's tables (project_rows/indicator_rows with only=).
    projects, indicators = tables["projects"], tables["indicators"]
    for p in record.projects:
        pf = project_files(year, code, p.code)
        own = [line for row, line in zip(projects.rows, lines["projects"]) if row[PROJECT_CODE] == p.code]
        out.append(Download(pf["project"], csv_file(projects.columns, own), year, src))
        own = [line for row, line in zip(indicators.rows, lines["indicators"]) if row[INDICATOR_PROJECT_CODE] == p.code]
        out.append(Download(pf["indicators"], csv_file(indicators.columns, own), year, src))
    return _Piece(tuple(out), json_bytes, csv_files, sheets)


def _urls(record: Record) -> dict[str, str]:
    files = document_files(record.year, record.unit.code)
    return {"json": files["JSON"], "xlsx": files["Excel（XLSX）"], "yaml": files["原始记录（YAML）"],
            **{f"csv_{k}": f"downloads/{record.year}/{record.unit.code}.{k}.csv" for k in CSV_TABLES if k != "documents"}}


def _group(records: list[Record], year: int | None) -> Iterator[Download]:
    """A year's (or, for None, the archive's) files: the documents' pieces joined, never re-encoded."""
    src = frozenset(r.unit.code for r in records)
    pieces = [_document_cached(r) for r in records]
    base = f"downloads/{year}/{year}" if year is not None else "downloads/all"
    yield Download(f"{base}.json", _collection(pieces, year), year, src)
    sheets = [xlsx.concat([p.sheets[i] for p in pieces], empty.name, empty.columns) for i, empty in enumerate(_EMPTY)]
    yield Download(f"{base}.xlsx", xlsx.workbook(sheets), year, src)
    for i, (key, empty) in enumerate(zip(CSV_TABLES, _EMPTY)):
        head = csv_file(empty.columns, [])  # BOM and header: the same in every document's file
        yield Download(f"{base}.{key}.csv", head + b"".join(p.csv[i][len(head):] for p in pieces), year, src)


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


def build_downloads(archive: Archive, frozen: dict[int, str] | None = None, years: Collection[int | None] | None = None) -> list[Download]:
    """Every open-data file of the site, in a stable order.

    ``frozen`` maps frozen years to their freeze date; only the archive-wide
    index mentions it, so a year's own files do not change when it is frozen.
    ``years`` keeps only the files whose :attr:`Download.year` is in it (None:
    the archive-wide files); the files are the same as in the full list.
    """
    frozen = frozen or {}
    want = (lambda y: True) if years is None else (lambda y: y in years)
    out: list[Download] = []
    if want(None):
        out += [Download(path, dumps(make()), None, frozenset()) for path, make in SCHEMA_FILES.items()]
        out.append(Download(API_INDEX, _index(archive, None, frozen), None, frozenset(r.unit.code for r in archive.records)))
        out += _group(archive.records, None)
    for year in archive.years():
        if not want(year):
            continue
        records = archive.by_year(year)
        out.append(Download(f"api/{year}/index.json", _index(archive, year, frozen), year, frozenset(r.unit.code for r in records)))
        out += _group(records, year)
        for record in records:
            out += _document_cached(record).downloads
    return out


def cached_documents() -> dict[tuple[int, str, str, str], _Piece]:
    """The per-document cache (to hand pieces made in a worker process back to this one)."""
    return _DOCUMENT_CACHE


def uncached(records: list[Record]) -> int:
    """How many of these records have no cached files yet."""
    return sum(1 for r in records if _key(r) not in _DOCUMENT_CACHE)
