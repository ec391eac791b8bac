"""Open data: the records as CSV, XLSX and JSON files, and the static JSON API.

Plain Python, no MkDocs: :func:`build_downloads` returns every file's path
(relative to the site root) and bytes, and the same function is used by the
site build, by ``budgetsite freeze`` (to hash them) and by the tests. Every
file is a pure function of the records, so its bytes (and SHA-256) are the same
on every build and every machine. :func:`.parallel.start` makes the same list
in a forked worker process, so that the site build renders pages meanwhile.
"""

from __future__ import annotations

from .files import (
    API_INDEX,
    SCHEMA_FILES,
    Download,
    archive_files,
    build_downloads,
    document_files,
    project_files,
    year_files,
)

__all__ = [
    "API_INDEX",
    "SCHEMA_FILES",
    "Download",
    "archive_files",
    "build_downloads",
    "document_files",
    "project_files",
    "year_files",
]
