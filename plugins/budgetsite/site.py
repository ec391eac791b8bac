"""Which pages the site has and what each one says, independent of any site generator."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .collection import Archive
from .render.archive import render_department, render_departments_index, render_home, render_year, year_title
from .render.document import Link, document_title, render_document
from .render.downloads import archive_downloads, page_files, year_downloads
from .render.projects import projects_title, projects_uri, render_projects
from .render.reference import render_reference
from .urls import relative_url

REFERENCE_URI = "data-format.md"


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str
    title: str
    kind: str  # home | year | projects | document | departments | department | reference
    markdown: str
    # Files the page links to that exist only because of it (the CSV of each of its tables).
    files: dict[str, bytes] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class SiteOptions:
    site_name: str = "部门预算绩效公开"
    directory_urls: bool = True
    home: bool = True
    reference: bool = True
    # Frozen years as (year, first frozen, last updated, SHA-256 of the published manifest).
    frozen: tuple[tuple[int, str, str, str], ...] = ()


def _linker(src_uri: str, directory_urls: bool) -> Link:
    return lambda target, anchor: relative_url(src_uri, target, directory_urls, anchor)


def generate_pages(archive: Archive, options: SiteOptions) -> Iterator[GeneratedPage]:
    """Every generated page. Each record is rendered once; nothing here grows with N per page."""
    du = options.directory_urls
    if options.home:
        yield _page("index.md", options.site_name, "home", du, lambda: render_home(archive, _linker("index.md", du), options.site_name)
                    + _extra(archive_downloads()))
    for year in archive.years():
        uri = f"{year}/index.md"
        frozen = next((f[1:] for f in options.frozen if f[0] == year), None)
        yield _page(uri, year_title(year), "year", du,
                    lambda uri=uri, year=year, frozen=frozen: render_year(archive, year, _linker(uri, du)) + _extra(year_downloads(year, frozen)))
    for record in archive.records:
        uri = f"{record.year}/{record.unit.code}.md"
        yield _page(uri, document_title(record), "document", du, lambda uri=uri, record=record: render_document(record, _linker(uri, du)))
    departments = archive.departments()
    yield _page("departments/index.md", "部门", "departments", du, lambda: render_departments_index(archive, _linker("departments/index.md", du)))
    for code, records in departments.items():
        uri = f"departments/{code}.md"
        yield _page(uri, records[-1].department, "department", du, lambda uri=uri, records=records: render_department(records, _linker(uri, du)))
    for year in archive.years():
        uri = projects_uri(year)
        yield _page(uri, projects_title(year), "projects", du, lambda uri=uri, year=year: render_projects(archive, year, _linker(uri, du)))
    if options.reference:
        example = _reference_example(archive)
        yield GeneratedPage(REFERENCE_URI, "数据格式说明", "reference", render_reference(*example))


def _page(uri: str, title: str, kind: str, directory_urls: bool, render: Callable[[], str]) -> GeneratedPage:
    """Render one page, collecting the download files its tables bring along."""
    with page_files(uri, directory_urls) as collected:
        markdown = render()
    return GeneratedPage(uri, title, kind, markdown, collected.files)


def _extra(section: str) -> str:
    """A section appended to a page's Markdown (which ends with a newline)."""
    return f"\n{section}\n" if section else ""


def _reference_example(archive: Archive) -> tuple[str | None, str | None]:
    """The oldest record is the worked example: for the shipped data, the 2021 seed."""
    if not archive.records:
        return None, None
    oldest = min(archive.records, key=lambda r: (r.year, r.unit.code))
    assert oldest.source is not None
    return oldest.source.file, oldest.source.text


def navigation(archive: Archive, options: SiteOptions) -> list[Any]:
    """Years (and the few index pages) in the nav; documents are reached from their year's page.

    Listing every document would make every page embed the whole navigation,
    which grows the site quadratically with the number of documents.
    """
    nav: list[Any] = []
    if options.home:
        nav.append({"首页": "index.md"})
    years = [{f"{y} 年": f"{y}/index.md"} for y in archive.years()]
    if years:
        nav.append({"年度": years})
    nav.append({"部门": "departments/index.md"})
    if options.reference:
        nav.append({"数据格式说明": REFERENCE_URI})
    return nav
