"""`mkdocs serve` while the data cannot be built: a site of one error page, served at every address."""

from __future__ import annotations

from pathlib import Path

from mkdocs.structure.files import Files

from ..errors import RecordsInvalid
from ..render.error_page import render_error_page


def without_pages(files: Files) -> Files:
    """The theme's files only: no page of the last good data is left to look current."""
    return Files([f for f in files if not f.is_documentation_page()])


def write(site_dir: Path, failure: RecordsInvalid) -> None:
    """index.html for the home address, 404.html for every other (mkdocs serve answers a missing page with it)."""
    page = render_error_page(failure.errors).encode("utf-8")
    for name in ("index.html", "404.html"):
        (site_dir / name).write_bytes(page)
