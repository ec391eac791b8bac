"""Open data: the records as CSV, XLSX and JSON files, and the static JSON API.

Plain Python, no MkDocs: :func:`build_downloads` returns every file's path
(relative to the site root, see :mod:`budgetsite.routes`) and bytes. The site
build, ``budgetsite freeze`` (to hash them) and the tests use the same function.
:func:`.parallel.start` makes the same list in a forked worker process, so that
the site build renders pages meanwhile.
"""

from __future__ import annotations

from .files import SCHEMA_FILES, DocumentPieces, Download, build_downloads

__all__ = ["SCHEMA_FILES", "DocumentPieces", "Download", "build_downloads"]
