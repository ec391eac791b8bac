"""Generated pages and files as MkDocs virtual files (``File.generated``): nothing is written into docs/."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from ..site import GeneratedPage

log = logging.getLogger("mkdocs.plugins.budgetsite")


def add_pages(files: Files, config: MkDocsConfig, pages: Iterable[GeneratedPage]) -> dict[str, GeneratedPage]:
    """Each page and the files it brings along; a hand-written page of the same name wins. The added pages, by source URI."""
    added: dict[str, GeneratedPage] = {}
    for page in pages:
        if files.get_file_from_path(page.src_uri) is not None:
            level = log.info if page.kind == "home" else log.warning
            level("budgetsite: docs/%s is hand-written and replaces the generated page of that name", page.src_uri)
            continue
        added[page.src_uri] = page
        generated = File.generated(config, page.src_uri, content=page.markdown)
        if not page.in_nav:
            generated.inclusion = InclusionLevel.NOT_IN_NAV
        files.append(generated)
        add_files(files, config, page.files.items())
    return added


def add_files(files: Files, config: MkDocsConfig, contents: Iterable[tuple[str, bytes]]) -> None:
    for uri, content in contents:
        files.append(File.generated(config, uri, content=content))
