"""Open data: the records as CSV, XLSX and JSON files, and the static JSON API.

Plain Python, no MkDocs: :func:`build_downloads` returns every file's path
(relative to the site root, see :mod:`budgetsite.routes`) and bytes. The site
build, ``budgetsite freeze`` (to hash them) and the tests use the same function.
For a site build, :func:`.parallel.start` makes the same files in a forked worker
process, so that the site build renders pages meanwhile, and writes them straight
into the site folder (:mod:`.written`): only their paths, SHA-256 and sizes come back.
"""

from __future__ import annotations

from .files import SCHEMA_FILES, DocumentPieces, Download, build_downloads

__all__ = ["SCHEMA_FILES", "DocumentPieces", "Download", "build_downloads"]
