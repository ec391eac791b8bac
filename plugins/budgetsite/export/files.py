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
from typing import Any

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


@dataclass(frozen=True)
class _Piece:
    """One document's own files, and its share of its year's and the archive's files."""

    downloads: tuple[Download, ...]
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
    return _Piece(tuple(out), csv_files, sheets)


def _document_urls(record: Record) -> dict[str, str]:
    files = routes.document_files(record.year, record.unit.code)
    return {"json": files.json, "xlsx": files.xlsx, "yaml": files.yaml, **{f"csv_{k}": v for k, v in files.csv.items()}}


def _year_urls(year: int) -> dict[str, str]:
    files = routes.year_files(year)
    return {"index": files.index, "xlsx": files.xlsx, **{f"csv_{k}": v for k, v in files.csv.items()}, "package": files.package}


def _csv_files(pieces: list[_Piece]) -> dict[str, bytes]:
    """The CSV files of a year: the documents' lines joined under one header."""
    out = {}
    for i, (key, empty) in enumerate(zip(TABLE_MAKERS, _EMPTY)):
        head = csv_file(empty.columns, [])  # BOM and header: the same in every document's file
        out[key] = head + b"".join(p.csv[i][len(head):] for p in pieces)
    return out


def _year_group(records: list[Record], year: int, pieces: list[_Piece], csv: dict[str, bytes]) -> Iterator[Download]:
    """A year's files: the documents' pieces joined, never re-encoded."""
    src = frozenset(r.unit.code for r in records)
    files = routes.year_files(year)
    sheets = [xlsx.concat([p.sheets[i] for p in pieces], empty.name, empty.columns) for i, empty in enumerate(_EMPTY)]
    yield Download(files.xlsx, xlsx.workbook(sheets), year, src)
    for key in TABLE_MAKERS:
        yield Download(files.csv[key], csv[key], year, src)
    yield Download(files.package, datapackage.year_package(year, COLUMNS, datapackage.file_stats(csv)), year, src)


def year_entry(records: list[Record], year: int, frozen: str | None, archive: bool) -> dict[str, Any]:
    """A year's line in an index; the archive's index also says when it was frozen and where its manifest is."""
    urls = _year_urls(year)
    if archive and frozen is not None:
        urls["manifest"] = routes.manifest(year)
    return {"year": year, "document_count": len(records), "frozen": frozen if archive else None,
            "aggregate_totals": aggregate_json(records_total(records, money.AGGREGATE_UNIT)), "urls": urls}


def index_json(year: int | None, years: list[dict[str, Any]], documents: list[dict[str, Any]]) -> bytes:
    """``api/index.json`` (year None) or ``api/<year>/index.json``."""
    return dumps({
        "format": "budgetsite-index/1",
        "year": year,
        "years": years,
        "documents": documents,
        "urls": {"schema": routes.INDEX_SCHEMA, "record_schema": routes.RECORD_SCHEMA,
                 "package": (routes.archive_files() if year is None else routes.year_files(year)).package},
    })


@dataclass(frozen=True)
class YearPart:
    """What the archive-wide files need of one year: small, plain JSON data, so a sharded build can hand it on."""

    year: int
    entry: dict[str, Any]  # the year's line in api/index.json (used only when it has documents)
    documents: list[dict[str, Any]]  # its documents' lines in api/index.json
    csv: dict[str, list[Any]]  # table key -> [bytes, sha256] of the year's CSV file (for the archive's data package)
    evaluations: list[dict[str, Any]]  # its self-evaluations' lines in api/evaluations.json
    evaluation_rows: str  # the rows of downloads/<year>/<year>.evaluations.csv, without its header

    def plain(self) -> dict[str, Any]:
        return {"year": self.year, "entry": self.entry, "documents": self.documents, "csv": self.csv,
                "evaluations": self.evaluations, "evaluation_rows": self.evaluation_rows}

    @classmethod
    def from_plain(cls, data: dict[str, Any]) -> YearPart:
        return cls(data["year"], data["entry"], data["documents"], data["csv"], data["evaluations"], data["evaluation_rows"])


def year_part(archive: Archive, year: int, frozen: dict[int, str], csv: dict[str, datapackage.FileStats]) -> YearPart:
    """``csv``: size and SHA-256 of the year's CSV files (``datapackage.file_stats``), by table key."""
    from .evaluations import year_evaluations  # here, not at the top: evaluations.py uses this module's Download

    records = archive.by_year(year)
    evaluations, rows = year_evaluations(archive, year)
    return YearPart(year, year_entry(records, year, frozen.get(year), archive=True),
                    [summary_json(r, _document_urls(r)) for r in records],
                    {k: list(v) for k, v in csv.items()}, evaluations, rows)


def archive_downloads(parts: list[YearPart]) -> list[Download]:
    """The archive-wide files, made from each year's part alone (newest year first, as the archive lists them)."""
    from .evaluations import archive_evaluation_downloads

    out = [Download(path, dumps(make()), None, frozenset()) for path, make in SCHEMA_FILES.items()]
    out.append(Download(routes.API_INDEX, index_json(None, [p.entry for p in parts if p.documents], [d for p in parts for d in p.documents]),
                        None, frozenset(d["unit"]["code"] for p in parts for d in p.documents)))
    stats = {p.year: {k: (v[0], v[1]) for k, v in p.csv.items()} for p in parts if p.documents}
    out.append(Download(routes.archive_files().package, datapackage.archive_package(stats, COLUMNS), None, frozenset()))
    out += archive_evaluation_downloads(parts)
    return out


def build_downloads(archive: Archive, frozen: dict[int, str] | None = None, years: Collection[int | None] | None = None,
                    pieces: DocumentPieces | None = None) -> list[Download]:
    """Every open-data file of the site, in a stable order.

    ``frozen`` maps frozen years to their freeze date; only the archive-wide
    index mentions it, so a year's own files do not change when it is frozen.
    ``years`` makes only some groups of files: a year's (its files and its
    self-evaluations', which no manifest lists: their :attr:`Download.year` is
    None) or, for None, the archive-wide ones, which are made from each year's
    :class:`YearPart` alone; the files are the same as in the full list.
    ``pieces`` reuses the documents' pieces of earlier builds (and keeps this build's).
    """
    frozen = frozen or {}
    pieces = pieces if pieces is not None else DocumentPieces()
    want = (lambda y: True) if years is None else (lambda y: y in years)
    # The archive's files need every year's part (its CSV files' hashes, its index lines).
    year_pieces = {y: [pieces.get(r) for r in archive.by_year(y)] for y in archive.years() if want(None) or want(y)}
    year_csv = {y: _csv_files(p) for y, p in year_pieces.items()}
    out: list[Download] = []
    if want(None):
        out += archive_downloads([year_part(archive, y, frozen, datapackage.file_stats(year_csv.get(y, {}))) for y in archive.all_years()])
    for year in archive.all_years():
        if want(year):
            out += year_downloads(archive, year, frozen, year_pieces.get(year, []), year_csv.get(year, {}), pieces)
    return out


def year_downloads(archive: Archive, year: int, frozen: dict[int, str], pieces_of_year: list[_Piece], csv: dict[str, bytes],
                   pieces: DocumentPieces) -> list[Download]:
    """A year's own files: its index, workbook, CSV files and data package, every document's files, its self-evaluations'."""
    from .evaluations import year_evaluation_downloads

    records = archive.by_year(year)
    if not records:  # a year with only self-evaluations
        return year_evaluation_downloads(archive, year)
    out = [Download(routes.api_year_index(year), index_json(year, [year_entry(records, year, frozen.get(year), archive=False)],
                                                            [summary_json(r, _document_urls(r)) for r in records]),
                    year, frozenset(r.unit.code for r in records))]
    out += _year_group(records, year, pieces_of_year, csv)
    for record in records:
        out += pieces.get(record).downloads
    return out + year_evaluation_downloads(archive, year)
