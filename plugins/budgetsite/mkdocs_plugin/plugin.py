"""Thin adapter: MkDocs events in, calls into the budgetsite core out (the build plan, the pages, the index)."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import logging
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files

from .. import routes
from ..build import BuildPlan, PlanOptions, ProgressLog, plan_build
from ..collection import Archive, RecordCache
from ..errors import RecordsInvalid
from ..export import DocumentPieces
from ..export.files import year_part
from ..frozen_registry import check_replaced_site
from ..provenance import frozen_dates
from ..render import raw_blocks
from ..render.escape import h
from ..review import FrameworkChoice, FrameworkError
from ..search import write_archive_index
from ..search.index import year_documents
from ..search.partial import YearIndex, year_index
from ..shardplan import AssembleJob, ShardJob
from ..site import GeneratedPage, SiteOptions, generate_pages, navigation
from . import assets, atomic, error_page, shards
from .config import BudgetSiteConfig
from .govsite import add_templates, install_footer
from .search_config import check_search_config
from .virtual_files import add_files, add_pages

log = logging.getLogger("mkdocs.plugins.budgetsite")


class BudgetSitePlugin(BasePlugin[BudgetSiteConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        # MkDocs 1.6 keeps a plugin that defines on_startup for the whole `mkdocs serve`
        # (Plugins.load_plugin caches it), so the caches here make a rebuild re-parse and
        # re-encode only the records whose bytes changed.
        self.cache = RecordCache()
        self.pieces = DocumentPieces()
        self.serving, self.command, self.swap = False, "", None  # swap: `mkdocs build` only (atomic.py)
        self.data_dir = Path("data")
        self.review: FrameworkChoice | None = None
        self.plan: BuildPlan | None = None
        self.failure: RecordsInvalid | None = None  # mkdocs serve: the errors the browser shows instead of the site
        self.pages: dict[str, GeneratedPage] = {}
        self.stashed: dict[str, tuple[list[str], str]] = {}  # a page's HTML blocks, from on_page_markdown to on_page_content
        self.converted = self.written = ProgressLog(log.info, "")
        # A sharded build (`budgetsite build --shards`, mkdocs_plugin/shards.py) says which part of the site to make;
        # None: the whole site, as `mkdocs build` and `mkdocs serve` make it.
        self.job: ShardJob | AssembleJob | None = None
        self.own: list[str] = []  # a shard: the files it makes for the assembly (not its stand-ins, not the theme's)
        self.assembly: shards.Assembly | None = None  # the assembly's state between on_files and on_post_build
        self.writes: set[str] = set()  # the assembly: every path MkDocs writes
        self.shard_meta: tuple[bytes, bytes] = (b"", b"")  # a shard: its summary and search index (shards.write_meta)
        self.shard_search: YearIndex | None = None  # a shard: its search index, whose documents are its own files
        self.shard_summary = b""  # a shard beside an assembly: its summary, made once the records are read
        self.copied: set[str] = set()  # what MkDocs copies into the site: no open-data file may have the same path

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving, self.command = command == "serve", command

    def on_shutdown(self) -> None:
        swap, self.swap = self.swap, None  # the new site replaces the old only if every event up to post_build passed
        atomic.finish(swap)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        base = Path(config.config_file_path or ".").resolve().parent
        self.data_dir = base / self.config.data_dir
        if self.config.assets:
            assets.register(config, search=self.config.search)
        add_templates(config)
        try:
            self.review = FrameworkChoice.build(self.config.framework, self.config.framework_by_year, base=base) if self.config.review else None
        except FrameworkError as exc:
            raise PluginError(f"budgetsite: {exc}") from None
        if self.config.search:
            check_search_config(config)
        self.swap = atomic.begin(config, self.command)  # last: nothing above may fail with the lock held
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        # Everything is checked before MkDocs cleans site/: bad data leaves the published site untouched.
        shard = self.job if isinstance(self.job, ShardJob) else None
        replacing = None if self.serving else self.swap.site if self.swap else Path(config.site_dir)  # whose frozen years stay frozen
        options = PlanOptions(review=self.review, downloads=True, keep_pieces=self.serving, data_label=self.config.data_dir,
                              years=frozenset({shard.year}) if shard else None, replacing=replacing)
        self.plan, self.failure = None, None
        if isinstance(self.job, AssembleJob):
            unfrozen = check_replaced_site(replacing, self.data_dir) if replacing is not None else []
            if unfrozen:
                raise PluginError(RecordsInvalid(unfrozen).report())
            return  # the plan is made in on_files, once site_dir is emptied: shards' files go in while others build
        self.shard_summary = b""
        if shard is not None and shard.report is not None:
            options = dataclasses.replace(options, loaded=functools.partial(self._hand_on_summary, shard))
        try:
            self.plan = plan_build(self.data_dir, options, cache=self.cache, pieces=self.pieces, progress=ProgressLog(log.info, "读取记录"))
        except RecordsInvalid as exc:
            if not self.serving:
                raise PluginError(exc.report()) from None
            self.failure = exc  # a failed rebuild leaves `mkdocs serve` answering nothing: serve an error page
            log.error(exc.report())
            return
        for line in self.plan.log:
            (log.warning if line.level == "warning" else log.info)(line.message)
        if shard is not None:  # what the assembly needs of the year, handed on at once if it runs beside this shard
            archive = self.plan.archive
            summary = self.shard_summary or shards.shard_summary(archive)
            documents = year_documents(archive.records, archive.evaluations, shard.year, config.use_directory_urls)
            self.shard_search = year_index(shard.year, documents)
            self.shard_meta = (summary, self.shard_search.dumps())
            if shard.report is not None:
                shard.report(self.shard_meta[1])

    def _hand_on_summary(self, shard: ShardJob, archive: Archive) -> None:
        """A shard's summary, sent to the assembly running beside it as soon as the records are read."""
        self.shard_summary = shards.shard_summary(archive)
        if shard.report is not None:
            shard.report(self.shard_summary)

    # Runs after other plugins have added their files, so that hand-written
    # pages of theirs are seen when deciding which generated page to skip.
    @event_priority(-50)
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        self.assembly = None  # the plugin outlives a build (mkdocs serve, tests): no assembly's state in another
        if isinstance(self.job, AssembleJob):
            spare = None
            if self.swap is not None:
                self.swap.keep_replaced = True  # the next assembly takes the shards' folders back out of it
                spare = self.swap.spare
            self.assembly = shards.Assembly(self.job, Path(config.site_dir), spare, self.config.search)
            self.plan = self.assembly.plan()  # from the summaries only: no record is read again
        if self.plan is None:
            return error_page.without_pages(files)
        part = "year" if isinstance(self.job, ShardJob) else "archive" if isinstance(self.job, AssembleJob) else "all"
        # MkDocs has emptied site_dir by now (after on_pre_build): the open data can go straight in.
        self.plan.start_writing(Path(config.site_dir))
        options = SiteOptions(site_name=config.site_name, directory_urls=config.use_directory_urls, home=self.config.home,
                              reference=self.config.reference, frozen=self.plan.frozen_years, review_notice=self.config.review_notice,
                              part=part, made_before=frozenset(self.assembly.reused) if self.assembly else frozenset())
        handwritten = [f.src_uri for f in files.documentation_pages()]
        self.pages = add_pages(files, config, generate_pages(self.plan.archive, options, self.plan.findings))
        add_files(files, config, self.plan.manifests.items())
        if self.assembly is not None:  # the department pages made now, kept for the next assembly
            self.assembly.made = {u: (files.get_file_from_path(u).dest_uri, *p.files)  # type: ignore[union-attr]
                                  for u, p in self.pages.items() if p.kind == "department"}
        if isinstance(self.job, ShardJob):
            own = [u for u, p in self.pages.items() if not p.placeholder]
            self.own = [files.get_file_from_path(u).dest_uri for u in own]  # type: ignore[union-attr]
            self.own += [path for u in own for path in self.pages[u].files] + list(self.plan.manifests)
        for file in assets.asset_files(config, search=self.config.search) if self.config.assets else []:
            files.append(file)
        for file in assets.unused_theme_files(files, config):
            files.remove(file)
        if self.config.nav and config.nav is None:
            config.nav = navigation(self.plan.archive, options, handwritten)
        if isinstance(self.job, AssembleJob):
            # Every path MkDocs writes (its static templates too): none may be a shard's file, which is a hard link.
            self.writes = {f.dest_uri for f in files} | {*config.theme.static_templates, *config.extra_templates, "sitemap.xml.gz"}
            for folder, own in (self.assembly.linked if self.assembly else {}).items():
                shards.check_disjoint(folder, own, self.writes)
        pages = len(files.documentation_pages())  # progress lines for long builds
        self.converted, self.written = ProgressLog(log.info, "转换页面", pages), ProgressLog(log.info, "写出页面", pages)
        return files

    def on_pre_page(self, page: Any, config: MkDocsConfig, files: Files) -> Any:
        self.converted()
        return page

    def on_post_page(self, output: str, page: Any, config: MkDocsConfig) -> str:
        self.written()
        return output

    def on_page_markdown(self, markdown: str, page: Any, config: MkDocsConfig, files: Files) -> str:
        # Material prints page.meta.title unfiltered but pipes an H1-derived title through
        # `striptags`, which un-escapes entities: a department named "</title><script>" would
        # break out of <title>. An escaped meta title is safe in every template that shows it.
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            page.meta["title"], page.meta["budgetsite_head"] = h(generated.title), generated.head
            markdown, blocks, stem = raw_blocks.stash(markdown)  # put back in on_page_content
            self.stashed[page.file.src_uri] = (blocks, stem)
        return markdown

    def on_page_content(self, html: str, page: Any, config: MkDocsConfig, files: Files) -> str:
        stashed = self.stashed.pop(page.file.src_uri, None)
        if stashed is not None:
            try:
                html = raw_blocks.restore(html, *stashed)
            except raw_blocks.RestoreError as exc:
                raise PluginError(f"budgetsite: {page.file.src_uri}: {exc}") from None
        # Pages generated from records are searched through budgetsite's own sharded index;
        # left in Material's index they would make every page view download all of them.
        if self.config.search and page.file.generated_by == "budgetsite" and page.file.src_uri != routes.REFERENCE_PAGE:
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        return html

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        install_footer(env, self.config)
        # Pages are converted; MkDocs copies the files next. No page's Markdown links to a
        # download (the links are raw HTML), so adding them only now changes nothing else.
        # Only the few files made in-process for the frozen years' checks are added here; the
        # others are being written into site_dir by the worker (on_post_build waits for them).
        self.copied = {f.dest_uri for f in files if not f.is_documentation_page()}
        if self.plan is not None:
            shards.refuse_clash(self.copied, [d.path for d in self.plan.downloads])
            add_files(files, config, ((d.path, d.content) for d in self.plan.downloads))
            self.copied.update(d.path for d in self.plan.downloads)
        return env

    def on_build_error(self, error: Exception) -> None:
        if self.plan is not None:
            self.plan.close()  # stops the worker making open-data files
        atomic.mark(self.swap, ready=False)  # also a --strict abort after post_build: the old site stays

    @event_priority(-100)  # last, so that the site is complete when it is marked ready to swap in
    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.failure is not None:
            error_page.write(Path(config.site_dir), self.failure)
        site_dir = Path(config.site_dir)
        published: dict[str, tuple[int, str]] = {}  # every open-data file: size and SHA-256
        if self.plan is not None:
            written = self.plan.written_downloads()  # waits for the worker; raises its error
            shards.refuse_clash(self.copied, [w.path for w in written])
            published = {**{d.path: (len(d.content), hashlib.sha256(d.content).hexdigest()) for d in self.plan.downloads},
                         **{w.path: (w.size, w.sha256) for w in written}}
            log.info("budgetsite: %d download files", len(published))
        if isinstance(self.job, ShardJob) and self.plan is not None:
            self._write_shard(site_dir, config, self.job, self.plan, published)
        elif isinstance(self.job, AssembleJob) and self.plan is not None and self.assembly is not None:
            self.assembly.keep_pages(shards.sitemap_entries(site_dir, config))
            stats = self.assembly.finish(self.writes)
            shards.write_sitemap(site_dir, config, self.job.shards, {f: set(files) for f, files in self.assembly.linked.items()},
                                 [page.sitemap for page in self.assembly.reused.values()])
            log.info("budgetsite: search index of %d documents, %d shards", stats["documents"], stats["shards"])
        elif self.plan is not None:
            shards.write_sitemap(site_dir, config)  # in address order, as an assembled site has it
            if self.config.search:
                stats = write_archive_index(self.plan.archive.records, site_dir, config.use_directory_urls, self.plan.archive.evaluations)
                log.info("budgetsite: search index of %d documents, %d shards, %.0f KB of postings",
                         stats["documents"], stats["shards"], stats["postings_bytes"] / 1024)
        atomic.mark(self.swap, ready=True)

    def _write_shard(self, site_dir: Path, config: MkDocsConfig, job: ShardJob, plan: BuildPlan,
                     published: dict[str, tuple[int, str]]) -> None:
        archive = plan.archive
        self.own += list(published)
        stats = {key: published[path] for key, path in routes.year_files(job.year).csv.items() if path in published}
        dates = frozen_dates(plan.frozen)
        part = year_part(archive, job.year, dates, stats if archive.records else {})
        if self.shard_search is not None and self.config.search:  # the year's search documents: its own files
            self.own += shards.write_search_documents(site_dir, self.shard_search)
        summary, search = self.shard_meta
        shards.write_meta(site_dir, job, summary, part, search, self.own)

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        server.watch(str(self.data_dir))
        return server
