"""Every open-data file of the site and its bytes (addresses: :mod:`budgetsite.routes`).

Plain Python, no MkDocs: :func:`build_downloads` returns every file's path
(relative to the site root) and bytes; the site build, ``budgetsite freeze``
(to hash them) and the tests use the same function. Every file is a pure
function of the records, so its bytes (and SHA-256) are the same on every
build and every machine.

A year's and the archive's files are joined from each document's own encoded
pieces (:class:`DocumentPieces`), never encoded twice. Whoever builds more than
once (the plugin under ``mkdocs serve``) keeps one :class:`DocumentPieces` and
passes it in, so a rebuild encodes only the documents that changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass

from .. import money, routes
from ..collection import Archive
from ..model import Record, records_total
from ..tables import PROJECT_CODE as PROJECT_CODE_COLUMN
from ..tables import Table
from . import datapackage, schema, xlsx
from .csv import csv_file, row_lines
from .jsonapi import aggregate_json, dumps, dumps_data, record_json, source_name, summary_json
from .tables import OPEN_INDICATORS, OPEN_PROJECTS, document_rows, goal_rows, indicator_rows, project_rows, spending_rows

SCHEMA_FILES = {
    routes.RECORD_SCHEMA: schema.record_schema,
    routes.INDEX_SCHEMA: schema.index_schema,
    routes.COLLECTION_SCHEMA: schema.collection_schema,
}
TABLE_MAKERS: dict[str, Callable[[list[Record]], Table]] = {
    "documents": document_rows,
    "projects": project_rows,
    "spending": spending_rows,
    "indicators": indicator_rows,
    "goals": goal_rows,
}
assert tuple(TABLE_MAKERS) == routes.TABLE_KEYS
_EMPTY = tuple(make([]) for make in TABLE_MAKERS.values())  # names and columns of the tables, in workbook order
COLUMNS = {key: empty.columns for key, empty in zip(TABLE_MAKERS, _EMPTY)}
PROJECT_CODE_AT = OPEN_PROJECTS.index(PROJECT_CODE_COLUMN)
INDICATOR_PROJECT_CODE_AT = OPEN_INDICATORS.index(PROJECT_CODE_COLUMN)


@dataclass(frozen=True)
class Download:
    path: str  # relative to the site root, '/'-separated
    content: bytes
    year: int | None  # the year whose manifest lists it; None for archive-wide files
    sources: frozenset[str]  # unit codes of the records it is made from


def record_bytes(record: Record) -> bytes:
    """The record file's bytes as read (the loader keeps the text; a stripped BOM is put back)."""
    assert record.source is not None
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
    csv: tuple[bytes, ...]  # per CSV table (TABLE_MAKERS order): the document's CSV file (the same bytes object as its download)
    sheets: tuple[xlsx.Encoded, ...]  # the workbook's sheets (TABLE_MAKERS order), encoded


PieceKey = tuple[int, str, str, str]


def _key(record: Record) -> PieceKey:
    return (record.year, record.unit.code, source_name(record), record.source.sha256 if record.source else "")


class DocumentPieces:
    """Each document's encoded files, keyed on its record's bytes: a document's files depend on its record alone."""

    LIMIT = 50_000  # documents; beyond it the cache starts again rather than grow without bound

    def __init__(self) -> None:
        self._pieces: dict[PieceKey, _Piece] = {}

    def get(self, record: Record) -> _Piece:
        key = _key(record)
        piece = self._pieces.get(key)
        if piece is None:
            if len(self._pieces) >= self.LIMIT:
                self._pieces.clear()
            piece = self._pieces[key] = _document(record)
        return piece

    def missing(self, records: Iterable[Record]) -> int:
        """How many of these records have no pieces yet."""
        return sum(1 for r in records if _key(r) not in self._pieces)

    def keys(self) -> set[PieceKey]:
        return set(self._pieces)

    def new_since(self, before: set[PieceKey]) -> list[tuple[PieceKey, _Piece]]:
        return [(k, v) for k, v in self._pieces.items() if k not in before]

    def add(self, pieces: Iterable[tuple[PieceKey, _Piece]]) -> None:
        self._pieces.update(pieces)


def _document(record: Record) -> _Piece:
    year, code = record.year, record.unit.code
    src = frozenset({code})
    files = routes.document_files(year, code)
    tables = {key: make([record]) for key, make in TABLE_MAKERS.items()}
    lines = {key: row_lines(table) for key, table in tables.items()}
    sheets = tuple(xlsx.encode(table) for table in tables.values())
    json_bytes = dumps_data(record_json(record))
    out = [Download(files.json, json_bytes, year, src), Download(files.xlsx, xlsx.workbook(list(sheets)), year, src)]
    csv_files = tuple(csv_file(table.columns, lines[key]) for key, table in tables.items())
    for key, content in zip(tables, csv_files):
        if key in files.csv:  # the documents table is only part of the year's and the archive's files
            out.append(Download(files.csv[key], content, year, src))
    out.append(Download(files.yaml, record_bytes(record), year, src))
    # A project's files hold exactly its rows of the document's tables (project_rows/indicator_rows with only=).
    projects, indicators = tables["projects"], tables["indicators"]
    for p in record.projects:
        pf = routes.project_files(year, code, p.code)
        own = [line for row, line in zip(projects.rows, lines["projects"]) if row[PROJECT_CODE_AT] == p.code]
        out.append(Download(pf.project, csv_file(projects.columns, own), year, src))
        own = [line for row, line in zip(indicators.rows, lines["indicators"]) if row[INDICATOR_PROJECT_CODE_AT] == p.code]
        out.append(Download(pf.indicators, csv_file(indicators.columns, own), year, src))
    return _Piece(tuple(out), json_bytes, csv_files, sheets)


def _document_urls(record: Record) -> dict[str, str]:
    files = routes.document_files(record.year, record.unit.code)
    return {"json": files.json, "xlsx": files.xlsx, "yaml": files.yaml, **{f"csv_{k}": v for k, v in files.csv.items()}}


def _collection_urls(files: routes.CollectionFiles) -> dict[str, str]:
    return {"index": files.index, "json": files.json, "xlsx": files.xlsx, **{f"csv_{k}": v for k, v in files.csv.items()},
            "package": files.package}


def _csv_files(pieces: list[_Piece]) -> dict[str, bytes]:
    """The CSV files of a year or the archive: the documents' lines joined under one header."""
    out = {}
    for i, (key, empty) in enumerate(zip(TABLE_MAKERS, _EMPTY)):
        head = csv_file(empty.columns, [])  # BOM and header: the same in every document's file
        out[key] = head + b"".join(p.csv[i][len(head):] for p in pieces)
    return out


def _group(records: list[Record], year: int | None, pieces: list[_Piece], csv: dict[str, bytes]) -> Iterator[Download]:
    """A year's (or, for None, the archive's) files: the documents' pieces joined, never re-encoded."""
    src = frozenset(r.unit.code for r in records)
    files = routes.year_files(year) if year is not None else routes.archive_files()
    yield Download(files.json, _collection(pieces, year), year, src)
    sheets = [xlsx.concat([p.sheets[i] for p in pieces], empty.name, empty.columns) for i, empty in enumerate(_EMPTY)]
    yield Download(files.xlsx, xlsx.workbook(sheets), year, src)
    for key in TABLE_MAKERS:
        yield Download(files.csv[key], csv[key], year, src)
    if year is not None:
        yield Download(files.package, datapackage.year_package(year, COLUMNS, csv), year, src)


def _index(archive: Archive, year: int | None, frozen: dict[int, str]) -> bytes:
    records = archive.records if year is None else archive.by_year(year)
    years = archive.years() if year is None else [year]
    year_entries = []
    for y in years:
        urls = _collection_urls(routes.year_files(y))
        if year is None and y in frozen:
            urls["manifest"] = routes.manifest(y)
        year_entries.append({"year": y, "document_count": len(archive.by_year(y)),
                             "frozen": frozen.get(y) if year is None else None,
                             "aggregate_totals": aggregate_json(records_total(archive.by_year(y), money.AGGREGATE_UNIT)), "urls": urls})
    return dumps({
        "format": "budgetsite-index/1",
        "year": year,
        "years": year_entries,
        "documents": [summary_json(r, _document_urls(r)) for r in records],
        "urls": {"schema": routes.INDEX_SCHEMA, "record_schema": routes.RECORD_SCHEMA,
                 "package": (routes.archive_files() if year is None else routes.year_files(year)).package},
    })


def build_downloads(archive: Archive, frozen: dict[int, str] | None = None, years: Collection[int | None] | None = None,
                    pieces: DocumentPieces | None = None) -> list[Download]:
    """Every open-data file of the site, in a stable order.

    ``frozen`` maps frozen years to their freeze date; only the archive-wide
    index mentions it, so a year's own files do not change when it is frozen.
    ``years`` keeps only the files whose :attr:`Download.year` is in it (None:
    the archive-wide files); the files are the same as in the full list.
    ``pieces`` reuses the documents' pieces of earlier builds (and keeps this build's).
    """
    frozen = frozen or {}
    pieces = pieces if pieces is not None else DocumentPieces()
    want = (lambda y: True) if years is None else (lambda y: y in years)
    # The archive's data package describes every year's CSV files, so it needs them all.
    year_pieces = {y: [pieces.get(r) for r in archive.by_year(y)] for y in archive.years() if want(None) or want(y)}
    year_csv = {y: _csv_files(p) for y, p in year_pieces.items()}
    out: list[Download] = []
    if want(None):
        everyone = frozenset(r.unit.code for r in archive.records)
        out += [Download(path, dumps(make()), None, frozenset()) for path, make in SCHEMA_FILES.items()]
        out.append(Download(routes.API_INDEX, _index(archive, None, frozen), None, everyone))
        all_pieces = [p for y in archive.years() for p in year_pieces[y]]
        out += _group(archive.records, None, all_pieces, _csv_files(all_pieces))
        out.append(Download(routes.archive_files().package, datapackage.archive_package(year_csv, COLUMNS), None, everyone))
        from .evaluations import evaluation_downloads  # here, not at the top: evaluations.py uses this module's Download

        out += evaluation_downloads(archive)
    for year in archive.years():
        if not want(year):
            continue
        records = archive.by_year(year)
        out.append(Download(routes.api_year_index(year), _index(archive, year, frozen), year, frozenset(r.unit.code for r in records)))
        out += _group(records, year, year_pieces[year], year_csv[year])
        for record in records:
            out += pieces.get(record).downloads
    return out
