"""Which pages the site has and what each one says, independent of any site generator."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from . import money, routes, titles
from .collection import Archive
from .evaluation_model import Evaluation
from .provenance import FrozenYear
from .render.archive import render_department, render_departments_index, render_home, render_year, render_years_index
from .render.document import render_document
from .render.evaluation import render_evaluation
from .render.notice import render_notice
from .render.page import PageContext
from .render.projects import render_projects
from .render.reference import render_reference
from .review import Finding


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str
    title: str
    kind: str  # home | year | projects | document | evaluation | departments | department | reference
    markdown: str
    # Files the page links to that exist only because of it (the CSV of each of its tables).
    files: dict[str, bytes] = field(default_factory=dict, compare=False)
    head: str = ""  # HTML the theme puts in <head> (the year pages' schema.org Dataset)
    placeholder: bool = False  # a shard's stand-in for a page over every year (see _placeholders)

    @property
    def in_nav(self) -> bool:
        """Years, documents, departments and project lists are reached from index pages, not the nav."""
        return self.kind not in ("year", "document", "evaluation", "department", "projects")


@dataclass(frozen=True)
class SiteOptions:
    site_name: str = "部门预算绩效公开"
    directory_urls: bool = True
    home: bool = True
    reference: bool = True
    frozen: tuple[FrozenYear, ...] = ()
    review_notice: bool = False  # show each document's review findings in a box on its page
    # Which pages: "all"; "year", the pages of the archive's years only (a shard of a sharded build, whose archive
    # holds one year); "archive", the pages over every year only (the assembly, whose archive holds summaries).
    part: Literal["all", "year", "archive"] = "all"
    # Department pages (by source URI) not to make: the assembly links them as an earlier assembly made them (page_store.py).
    made_before: frozenset[str] = frozenset()


def generate_pages(archive: Archive, options: SiteOptions,
                   findings: Mapping[tuple[int, str], list[Finding]] | None = None) -> Iterator[GeneratedPage]:
    """Every generated page. Each record is rendered once; nothing here grows with N per page."""
    du = options.directory_urls
    unit = money.AGGREGATE_UNIT  # not a site option: the open data and frozen manifests use it too (docs/api.md)
    notices = findings if options.review_notice and findings else {}
    every, years, across = options.part == "all", options.part in ("all", "year"), options.part in ("all", "archive")
    if options.home and across:
        yield _page(routes.HOME, options.site_name, "home", du, lambda page: render_home(archive, page, options.site_name, unit))
    if across:
        yield _page(routes.YEARS_PAGE, titles.YEARS_TITLE, "years", du, lambda page: render_years_index(archive, page, unit))
    if years:
        yield from _year_pages(archive, options, notices, unit)
    if across:
        yield _page(routes.DEPARTMENTS_PAGE, titles.DEPARTMENTS_TITLE, "departments", du, lambda page: render_departments_index(archive, page))
        evaluations_of: dict[str, list[Evaluation]] = {}
        for e in archive.evaluations:
            evaluations_of.setdefault(e.unit.code, []).append(e)
        for code, records in archive.departments().items():
            if routes.department_page(code) in options.made_before:
                continue
            evaluations = evaluations_of.get(code, [])
            yield _page(routes.department_page(code), records[-1].department, "department", du,
                        lambda page, records=records, evaluations=evaluations: render_department(records, page, unit, evaluations))
    if years:
        for year in archive.years():
            yield _page(routes.projects_page(year), titles.projects_title(year), "projects", du,
                        lambda page, year=year: render_projects(archive, year, page, unit))
    if options.reference and across:
        yield GeneratedPage(routes.REFERENCE_PAGE, titles.REFERENCE_TITLE, "reference", render_reference(*_reference_example(archive)))
    if not every:
        yield from _placeholders(options, done=across)


def _year_pages(archive: Archive, options: SiteOptions, notices: Mapping[tuple[int, str], list[Finding]], unit: str) -> Iterator[GeneratedPage]:
    du = options.directory_urls
    for year in archive.years():
        frozen = next(((f.frozen, f.updated, f.manifest_sha256) for f in options.frozen if f.year == year), None)
        yield _page(routes.year_page(year), titles.year_title(year), "year", du,
                    lambda page, year=year, frozen=frozen: render_year(archive, year, page, frozen, unit))
    for record in archive.records:
        notice = render_notice(notices.get(record.key, []))
        match = archive.match(record.year, record.unit.code)
        yield _page(routes.document_page(record.year, record.unit.code), titles.document_title(record), "document", du,
                    lambda page, record=record, notice=notice, match=match: render_document(record, page, notice, unit, match))
    for match in archive.matches():
        e = match.evaluation
        notice = render_notice([f for f in notices.get(e.key, []) if e.source is not None and f.file == e.source.file])
        yield _page(routes.evaluation_page(e.year, e.unit.code), titles.evaluation_title(e.department, e.year), "evaluation", du,
                    lambda page, match=match, notice=notice: render_evaluation(match, page, notice))


def _placeholders(options: SiteOptions, done: bool) -> Iterator[GeneratedPage]:
    """A shard's stand-ins for the pages the navigation links to, so that its pages carry the navigation of the
    whole site; the assembly replaces them with the real pages (and a year's pages are never placeholders)."""
    if done:
        return
    targets = [(routes.HOME, options.site_name, "home")] if options.home else []
    targets += [(routes.YEARS_PAGE, titles.YEARS_TITLE, "years"), (routes.DEPARTMENTS_PAGE, titles.DEPARTMENTS_TITLE, "departments")]
    targets += [(routes.REFERENCE_PAGE, titles.REFERENCE_TITLE, "reference")] if options.reference else []
    for uri, title, kind in targets:
        yield GeneratedPage(uri, title, kind, f"# {title}\n", placeholder=True)


def _page(uri: str, title: str, kind: str, directory_urls: bool, render: Callable[[PageContext], str]) -> GeneratedPage:
    """Render one page, collecting the download files its tables bring along."""
    page = PageContext(uri, directory_urls)
    markdown = render(page)
    return GeneratedPage(uri, title, kind, markdown, page.files, "\n".join(page.head))


def _reference_example(archive: Archive) -> tuple[str | None, str | None]:
    """The oldest record is the worked example: for the shipped data, the 2021 seed."""
    if not archive.records:
        return None, None
    oldest = min(archive.records, key=lambda r: (r.year, r.unit.code))
    assert oldest.source is not None
    return oldest.source.file, oldest.source.text


# The hand-written public pages, in the order and with the labels of the public navigation.
# The staff manual (import, data entry, review, corrections, scaling) is not among them:
# it lives in manual/ in the repository, not on the citizens' site.
PUBLIC_PAGES: tuple[tuple[str, str], ...] = (
    ("开放数据", "api.md"), ("搜索说明", "search.md"), ("下载文件校验", "verify.md"), ("关于本站", "about.md"),
)


def navigation(archive: Archive, options: SiteOptions, handwritten: list[str] | None = None) -> list[Any]:
    """The few index pages in the nav; years from 历年公开, documents from their year's page.

    Listing every document would make every page embed the whole navigation,
    which grows the site quadratically with the number of documents. Hand-written
    pages follow: the known public ones under their short labels, any other after them.
    """
    nav: list[Any] = []
    if options.home:
        nav.append({"首页": routes.HOME})
    # One entry for every year, not one per year: the navigation is on every page, and a page of an old
    # year must not change when a new year is published (a sharded build reuses it as it is).
    nav.append({titles.YEARS_TITLE: routes.YEARS_PAGE})
    nav.append({titles.DEPARTMENTS_TITLE: routes.DEPARTMENTS_PAGE})
    pages = [u for u in (handwritten or []) if u != routes.HOME]
    known = {uri for _, uri in PUBLIC_PAGES}
    nav += [{label: uri} for label, uri in PUBLIC_PAGES if uri in pages]
    nav += [uri for uri in pages if uri not in known]
    if options.reference:
        nav.append({titles.REFERENCE_TITLE: routes.REFERENCE_PAGE})
    return nav
