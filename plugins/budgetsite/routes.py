"""Every address of the site, in one place: pages, anchors, downloads, manifests, API and search files.

Pages are named by their MkDocs source URI (``2021/711001.md``); files by their
path from the site root (``downloads/2021/711001.xlsx``). The open-data layout is
stable and documented on docs/api.md:

    api/index.json                         every year and document, with file addresses
    api/schema/{record,index}.schema.json
    api/<year>/index.json                  the documents of one year
    api/<year>/<code>.json                 one document (record.schema.json)
    downloads/<year>/<code>.xlsx           one document: sheets 文本, 项目, 资金支出计划, 绩效指标, 整体绩效目标
    downloads/<year>/<code>.<table>.csv    the same tables as CSV (projects, spending, indicators, goals)
    downloads/<year>/<code>.yaml           the record file itself (its SHA-256 is in the manifest)
    downloads/<year>/<code>/<project>.project.csv      one project's 基本信息 row
    downloads/<year>/<code>/<project>.indicators.csv   one project's indicator table
    downloads/<year>/<year>.{xlsx,<table>.csv}         the whole year
    downloads/<year>/datapackage.json                  the year's CSV files as a Frictionless Tabular Data Package
    downloads/datapackage.json                         every year's CSV files in one package (pointing at the years' files;
                                                       the archive keeps no other copy of its rows: docs/api.md says why)
    downloads/tables/<page>/<hash>.csv                 the CSV of one table shown on a page
    api/<year>/<code>.evaluation.json      one self-evaluation (api/schema/evaluation.schema.json), with its matches
    api/evaluations.json                   every self-evaluation, with its files and matched counts
    downloads/<year>/<code>.evaluation.{csv,xlsx}   its indicator rows with results, beside the matched targets
    downloads/<year>/<code>-evaluation.yaml         the self-evaluation's record file itself
    downloads/<year>/<year>.evaluations.csv, downloads/all.evaluations.csv   the same rows for a year, for all
    <year>/manifest.json                   a frozen year's SHA-256 manifest
    search/budgetsite/                     the archive's full-text index

Nothing here knows how a page looks or what a link is labelled: display labels
live in ``render``.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

# -- pages -------------------------------------------------------------------------------

HOME = "index.md"
DEPARTMENTS_PAGE = "departments/index.md"
YEARS_PAGE = "years/index.md"  # every year: the navigation links here, so that it does not change when a year is added
REFERENCE_PAGE = "data-format.md"
# Hand-written pages (docs/) that generated pages link to.
SEARCH_HELP = "search.md"
API_HELP = "api.md"
VERIFY_HELP = "verify.md"


def year_page(year: int) -> str:
    return f"{year}/index.md"


def document_page(year: int, code: str) -> str:
    return f"{year}/{code}.md"


def department_page(code: str) -> str:
    return f"departments/{code}.md"


def projects_page(year: int) -> str:
    """Beside departments/, not inside the year's folder, so it can never collide with a unit code."""
    return f"projects/{year}.md"


# Anchors of a document page's own sections (render/document.py, revisions, downloads): a project code must not take one.
DOCUMENT_ANCHORS = ("part-1", "overall-goals", "sub-goals", "safeguards", "part-2", "revisions", "downloads")


def project_anchor(project_code: str) -> str:
    """A project's section on its document page is anchored by its code."""
    return project_code


def evaluation_page(year: int, code: str) -> str:
    """A department-year's 项目支出绩效自评表: under its targets' address (/2021/711001/evaluation/), so it is found from them."""
    return f"{year}/{code}/evaluation.md"


def result_anchor(project_code: str, number: int) -> str:
    """A project's self-evaluation (on the evaluation page) and its results beside the targets: by code, else by its place."""
    return f"result-{project_code}" if project_code else f"result-{number}"


# -- records and manifests ---------------------------------------------------------------

YEAR_FOLDER = re.compile(r"[0-9]{4}", re.ASCII)  # a year's folder, in the data and on the site
MANIFEST_NAME = "manifest.json"
FROZEN_STORE = "frozen"  # data/<year>/frozen/<sha256>.yaml: every frozen version of the year's records, by content
FROZEN_YEARS = "frozen-years.json"  # data/frozen-years.json: every frozen year and its manifest's SHA-256 (frozen_registry.py)


def record_name(year: int, file_name: str) -> str:
    """'2021/711001.yaml': a record's place under the data folder, the key of the manifests."""
    return f"{year}/{file_name}"


def manifest_file(data_dir: Path, year: int) -> Path:
    """Where ``budgetsite freeze`` writes a year's manifest (committed with the data)."""
    return Path(data_dir) / str(year) / MANIFEST_NAME


def manifest(year: int) -> str:
    """Where the site publishes a frozen year's manifest."""
    return f"{year}/{MANIFEST_NAME}"


# -- open data ---------------------------------------------------------------------------

# The flat tables of the open data, in workbook order. "documents" has one row per
# document, so a document's own files leave it out (it is only part of a year's and the archive's).
TABLE_KEYS = ("documents", "projects", "spending", "indicators", "goals")
DOCUMENT_TABLE_KEYS = TABLE_KEYS[1:]

API_INDEX = "api/index.json"
RECORD_SCHEMA = "api/schema/record.schema.json"
INDEX_SCHEMA = "api/schema/index.schema.json"
SEARCH_INDEX = "search/budgetsite"


@dataclass(frozen=True)
class DocumentFiles:
    json: str
    xlsx: str
    csv: dict[str, str]  # table key (DOCUMENT_TABLE_KEYS) -> path
    yaml: str


@dataclass(frozen=True)
class ProjectFiles:
    project: str  # the project's 基本信息 row
    indicators: str  # the project's indicator table


@dataclass(frozen=True)
class YearFiles:
    """A year's files: its rows as one workbook and one CSV per table, its JSON index and its data package."""

    xlsx: str
    csv: dict[str, str]  # table key (TABLE_KEYS) -> path
    index: str  # the JSON index of the documents
    package: str  # the Frictionless data package describing the CSV files


@dataclass(frozen=True)
class ArchiveFiles:
    """The whole archive's files: an index and a data package pointing at the years' CSV files, no copy of their rows."""

    index: str
    package: str


EVALUATION_SCHEMA = "api/schema/evaluation.schema.json"
EVALUATION_INDEX = "api/evaluations.json"


@dataclass(frozen=True)
class EvaluationFiles:
    json: str
    xlsx: str
    csv: str
    yaml: str


def evaluation_files(year: int, code: str) -> EvaluationFiles:
    """A self-evaluation's files; '.evaluation' cannot clash with a unit code, which holds no dot."""
    base = f"downloads/{year}/{code}"
    return EvaluationFiles(json=f"api/{year}/{code}.evaluation.json", xlsx=f"{base}.evaluation.xlsx",
                           csv=f"{base}.evaluation.csv", yaml=f"{base}-evaluation.yaml")


def evaluations_csv(year: int | None) -> str:
    """The result rows of a year's self-evaluations (None: of all years)."""
    return f"downloads/{year}/{year}.evaluations.csv" if year is not None else "downloads/all.evaluations.csv"


def api_year_index(year: int) -> str:
    return f"api/{year}/index.json"


def document_files(year: int, code: str) -> DocumentFiles:
    base = f"downloads/{year}/{code}"
    return DocumentFiles(json=f"api/{year}/{code}.json", xlsx=f"{base}.xlsx",
                         csv={k: f"{base}.{k}.csv" for k in DOCUMENT_TABLE_KEYS}, yaml=f"{base}.yaml")


def project_files(year: int, code: str, project_code: str) -> ProjectFiles:
    base = f"downloads/{year}/{code}/{project_code}"
    return ProjectFiles(project=f"{base}.project.csv", indicators=f"{base}.indicators.csv")


def year_files(year: int) -> YearFiles:
    base = f"downloads/{year}/{year}"
    return YearFiles(xlsx=f"{base}.xlsx", csv={k: f"{base}.{k}.csv" for k in TABLE_KEYS}, index=api_year_index(year),
                     package=f"downloads/{year}/datapackage.json")


def archive_files() -> ArchiveFiles:
    return ArchiveFiles(API_INDEX, "downloads/datapackage.json")


def page_table_csv(page: str, caption: str, taken: Collection[str]) -> str:
    """The CSV of a table on a page, named after its caption so that it keeps its address when other tables are added."""
    stem = posixpath.splitext(page)[0]
    name = hashlib.sha256(caption.encode("utf-8")).hexdigest()[:12]
    path, n = f"downloads/tables/{stem}/{name}.csv", 1
    while path in taken:
        n += 1
        path = f"downloads/tables/{stem}/{name}-{n}.csv"
    return path


# -- the site's own scripts and styles ---------------------------------------------------

ASSET_DIR = "assets/budgetsite"


def asset(name: str) -> str:
    """A file of the package's assets/ folder, as the site serves it."""
    return f"{ASSET_DIR}/{name}"


# -- from one address to another, as MkDocs writes them -----------------------------------

def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """'2021/711001.md' -> '2021/711001/' (or '2021/711001.html'); 'index.md' -> ''."""
    stem, _ = posixpath.splitext(src_uri)
    if directory_urls:
        if posixpath.basename(stem) == "index":
            parent = posixpath.dirname(stem)
            return f"{parent}/" if parent else ""
        return f"{stem}/"
    return f"{stem}.html"


def _base(from_src: str, directory_urls: bool) -> str:
    src = page_url(from_src, directory_urls)
    return (src if src.endswith("/") or src == "" else posixpath.dirname(src)) or "."


def _relpath(path: str, start: str) -> str:
    """``posixpath.relpath`` for the site's own '/'-separated relative paths, without asking the working directory:
    a province-size build links a few hundred thousand times."""
    to = [c for c in path.split("/") if c and c != "."]
    base = [c for c in start.split("/") if c and c != "."]
    if ".." in to or ".." in base:
        return posixpath.relpath(path, start)
    common = 0
    while common < len(to) and common < len(base) and to[common] == base[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + to[common:]) or "."


def relative_url(from_src: str, to_src: str, directory_urls: bool = True, anchor: str = "") -> str:
    """The link from one page to another, relative, as MkDocs writes it."""
    dest = page_url(to_src, directory_urls)
    rel = _relpath(dest or ".", _base(from_src, directory_urls))
    if dest.endswith("/") or dest == "":
        rel = "./" if rel == "." else rel + "/"
    return rel + (f"#{anchor}" if anchor else "")


def asset_url(from_src: str, path: str, directory_urls: bool = True) -> str:
    """A link from a page to a file of the site such as 'downloads/2021.csv'."""
    return _relpath(path, _base(from_src, directory_urls))
