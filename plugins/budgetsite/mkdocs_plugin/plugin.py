"""Thin adapter: MkDocs events in, calls into the budgetsite core out."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from ..collection import Archive, RecordCache, load_archive
from ..errors import RecordsInvalid
from ..export import Download, build_downloads
from ..export.parallel import Pending, start
from ..provenance import check_all, frozen_dates, publishable_manifests, read_frozen, sha256, stale_years
from ..render.escape import h
from ..review import FrameworkChoice, FrameworkError, render_notice, review_archive
from ..search import archive_documents, build_index, index_stats, write_index
from ..site import REFERENCE_URI, SiteOptions, generate_pages, navigation
from ..urls import page_url
from .config import BudgetSiteConfig
from .govsite import add_templates, install_footer, reading_mode_files, register_reading_mode

log = logging.getLogger("mkdocs.plugins.budgetsite")

ASSETS_DIR = Path(__file__).resolve().parent.parent / "assets"
ASSET_URIS = {"css": "assets/budgetsite/budgetsite.css", "js": "assets/budgetsite/budgetsite.js"}
SEARCH_JS = "assets/budgetsite/search.js"
REVIEW_LOG_LIMIT = 200  # findings logged one by one per build; the rest are counted

# `mkdocs serve` loads the configuration, and so new plugin instances, for every rebuild
# (mkdocs/commands/serve.py: builder() -> get_config()). The record cache therefore lives
# here, one per data folder, so a rebuild re-parses only the records whose bytes changed.
_RECORD_CACHES: dict[Path, RecordCache] = {}


class _Progress:
    """A log line every 10 % of a long phase (only when there are at least ``minimum`` items)."""

    def __init__(self, what: str, total: int, minimum: int = 200) -> None:
        self.what, self.done, self.minimum = what, 0, minimum
        self._total(total)
        self.start = time.perf_counter()

    def _total(self, total: int) -> None:
        self.total = total
        self.step = -(-total // 10) if total >= self.minimum else 0

    def __call__(self, done: int | None = None, total: int | None = None) -> None:
        if total is not None and total != self.total:
            self._total(total)
        self.done = self.done + 1 if done is None else done
        if self.step and (self.done % self.step == 0 or self.done == self.total):
            log.info("budgetsite: %s %d/%d (%.0f%%, %.1f s)", self.what, self.done, self.total,
                     100 * self.done / max(1, self.total), time.perf_counter() - self.start)


# Whether this process is `mkdocs serve` (rebuilds follow, so caches pay off). Module-level
# because serve calls on_startup on the first plugin instance only.
_SERVING = [False]


class BudgetSitePlugin(BasePlugin[BudgetSiteConfig]):
    supports_multiple_instances = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        _SERVING[0] = command == "serve"

    def __init__(self) -> None:
        # The cache outlives one build so that `mkdocs serve` re-parses only changed records.
        self.cache = RecordCache()
        self.archive: Archive | None = None
        self.data_dir = Path("data")
        self._auto_nav = False
        self._titles: dict[str, str] = {}
        self._converted = self._written = _Progress("", 0)
        self.downloads: list[Download] = []
        self._pending: Pending | None = None  # the downloads of years not frozen, made while pages render
        self.manifests: dict[str, bytes] = {}
        self._frozen: tuple[tuple[int, str, str, str], ...] = ()
        self.review_choice: FrameworkChoice | None = None
        self._notices: dict[str, str] = {}  # document src_uri -> review notice HTML

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.data_dir = Path(config.config_file_path or ".").resolve().parent / self.config.data_dir
        self.cache = _RECORD_CACHES.setdefault(self.data_dir.resolve(), self.cache)
        self._auto_nav = self.config.nav and config.nav is None
        if self.config.assets:
            if ASSET_URIS["css"] not in config.extra_css:
                config.extra_css.append(ASSET_URIS["css"])
            if not any(str(s) == ASSET_URIS["js"] for s in config.extra_javascript):
                config.extra_javascript.append(ASSET_URIS["js"])
            if self.config.search and not any(str(s) == SEARCH_JS for s in config.extra_javascript):
                config.extra_javascript.append(SEARCH_JS)
            register_reading_mode(config)
        add_templates(config)
        if self.config.review:
            try:
                self.review_choice = FrameworkChoice.build(self.config.framework, self.config.framework_by_year,
                                                           base=Path(config.config_file_path or ".").resolve().parent)
            except FrameworkError as exc:
                raise PluginError(f"budgetsite: {exc}") from None
        if self.config.search:
            check_search_config(config)
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        # Validate every record before MkDocs cleans site/: a bad record must leave
        # the previously published site untouched.
        try:
            parsed_before = self.cache.parsed
            self.archive = load_archive(self.data_dir, self.cache, progress=_Progress("读取记录", 0))
        except RecordsInvalid as exc:
            raise PluginError(exc.report()) from None
        log.info("budgetsite: %d records, %d years (%d parsed, the rest unchanged since the last build)",
                 len(self.archive.records), len(self.archive.years()), self.cache.parsed - parsed_before)
        # The finance bureau's review: findings go to the log (and optionally a notice), never into the text.
        self._notices = {}
        findings = review_archive(self.archive, self.review_choice) if self.review_choice else {}
        logged = 0
        for (year, code), record_findings in findings.items():
            for finding in record_findings:
                if logged < REVIEW_LOG_LIMIT:
                    log.warning("budgetsite 审核: %s", finding.format())
                logged += 1
            if self.config.review_notice:
                record = self.archive.get(year, code)
                assert record is not None
                self._notices[f"{year}/{code}.md"] = render_notice(record, record_findings)
        if logged > REVIEW_LOG_LIMIT:
            # A province-size archive can have 100,000 findings: the log names the first ones
            # and points to the command that lists them all, with file and line.
            log.warning("budgetsite 审核: 另有 %d 条审核意见未在此列出；运行 budgetsite check %s 查看全部。",
                        logged - REVIEW_LOG_LIMIT, self.config.data_dir)
        # Open data and provenance: a frozen year must not change silently (see provenance.py).
        # Its files are made now, to check and publish its manifest; every other file is made
        # on the second core while MkDocs renders the pages, and joined in on_env.
        dates = frozen_dates(read_frozen(self.data_dir)[0])
        frozen, self.downloads, errors = check_all(self.archive, self.data_dir, build_downloads(self.archive, dates, set(dates)))
        if errors:
            raise PluginError(RecordsInvalid(errors).report())
        self._pending = start(self.archive, dates, [None, *(y for y in self.archive.years() if y not in dates)],
                              keep_pieces=_SERVING[0])
        self.manifests = publishable_manifests(self.archive, frozen, self.downloads)
        self._frozen = tuple((y, f.frozen, f.updated, sha256(self.manifests[f"{y}/manifest.json"]))
                             for y, f in sorted(frozen.items()) if f"{y}/manifest.json" in self.manifests)
        for year in stale_years(self.archive, frozen, self.downloads):
            log.warning("budgetsite: %d 年有修订尚未写入冻结清单，请运行 budgetsite freeze %d 并提交 data/%d/manifest.json", year, year, year)

    # Runs after other plugins have added their files, so that hand-written
    # pages of theirs are seen when deciding which generated page to skip.
    @event_priority(-50)
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.archive is not None
        options = SiteOptions(site_name=config.site_name, directory_urls=config.use_directory_urls,
                              home=self.config.home, reference=self.config.reference, frozen=self._frozen)
        handwritten = [f.src_uri for f in files.documentation_pages()]
        for page in generate_pages(self.archive, options):
            if files.get_file_from_path(page.src_uri) is not None:
                level = log.info if page.kind == "home" else log.warning
                level("budgetsite: docs/%s is hand-written and replaces the generated page of that name", page.src_uri)
                continue
            self._titles[page.src_uri] = page.title
            generated = File.generated(config, page.src_uri, content=page.markdown)
            if page.kind in ("document", "department", "projects"):
                # Reached from year and department pages, deliberately not in the nav.
                generated.inclusion = InclusionLevel.NOT_IN_NAV
            files.append(generated)
            for uri, content in page.files.items():
                files.append(File.generated(config, uri, content=content))
        for uri, content in self.manifests.items():
            files.append(File.generated(config, uri, content=content))
        if self.config.assets:
            for uri in [*ASSET_URIS.values(), *([SEARCH_JS] if self.config.search else [])]:
                files.append(File.generated(config, uri, abs_src_path=str(ASSETS_DIR / Path(uri).name)))
            for file in reading_mode_files(config):
                files.append(file)
        if self._auto_nav:
            config.nav = navigation(self.archive, options) + [u for u in handwritten if u != "index.md"]
        pages = len(files.documentation_pages())
        self._converted, self._written = _Progress("转换页面", pages), _Progress("写出页面", pages)
        return files

    def on_pre_page(self, page: Any, config: MkDocsConfig, files: Files) -> Any:
        self._converted()
        return page

    def on_post_page(self, output: str, page: Any, config: MkDocsConfig) -> str:
        self._written()
        return output

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        install_footer(env, self.config)
        # Pages are converted; MkDocs copies the files next. No page's Markdown links to a
        # download (the links are raw HTML), so adding them only now changes nothing else.
        if self._pending is not None:
            start_join = time.perf_counter()
            background = self._pending.in_background
            self.downloads = self.downloads + self._pending.result()
            self._pending = None
            log.info("budgetsite: %d download files (%s; waited %.1f s), %d frozen years", len(self.downloads),
                     "made in a worker process" if background else "made here", time.perf_counter() - start_join, len(self.manifests))
        for download in self.downloads:
            files.append(File.generated(config, download.path, content=download.content))
        return env

    def on_build_error(self, error: Exception) -> None:
        if self._pending is not None:
            self._pending.close()
            self._pending = None

    def on_page_markdown(self, markdown: str, page: Any, config: MkDocsConfig, files: Files) -> str:
        # Material prints page.meta.title unfiltered but pipes an H1-derived title
        # through `striptags`, which un-escapes entities: a department named
        # "</title><script>" would break out of <title>. An escaped meta title is
        # safe in every template that shows it.
        title = self._titles.get(page.file.src_uri)
        if title is not None:
            page.meta["title"] = h(title)
        notice = self._notices.get(page.file.src_uri)
        if notice and page.file.generated_by == "budgetsite":
            heading, _, rest = markdown.partition("\n\n")
            return f"{heading}\n\n{notice}\n\n{rest}"
        return markdown

    def on_page_content(self, html: str, page: Any, config: MkDocsConfig, files: Files) -> str:
        # Pages generated from records are searched through budgetsite's own sharded index;
        # left in Material's index they would make every page view download all of them.
        if self.config.search and page.file.generated_by == "budgetsite" and page.file.src_uri != REFERENCE_URI:
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        return html

    def on_post_build(self, config: MkDocsConfig) -> None:
        if not self.config.search or self.archive is None:
            return
        du = config.use_directory_urls
        documents = archive_documents(self.archive.records, lambda r: page_url(f"{r.year}/{r.unit.code}.md", du))
        files = build_index(documents)
        write_index(files, Path(config.site_dir))
        stats = index_stats(files)
        log.info("budgetsite: search index of %d documents, %d shards, %.0f KB of postings",
                 stats["documents"], stats["shards"], stats["postings_bytes"] / 1024)

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        server.watch(str(self.data_dir))
        return server


def check_search_config(config: MkDocsConfig) -> None:
    """Chinese search needs Material's search plugin with lang zh, and jieba to segment words.

    Without them Material's search silently finds nothing for Chinese text; fail the build instead.
    """
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is None:
        raise PluginError(
            "站内搜索需要 Material 的 search 插件：请在 mkdocs.yml 的 plugins 中加入 `- search: {lang: zh}`。\n"
            "budgetsite search needs Material's search plugin: add `- search: {lang: zh}` to plugins in mkdocs.yml "
            "(or set `search: false` under budgetsite)."
        )
    langs = [str(x) for x in (getattr(search.config, "lang", None) or [])]
    if not langs and str(config.theme.get("language") or "").startswith("zh"):
        langs = ["zh"]  # Material's search takes the theme's language when lang is not set
    if not any(x == "zh" or x.startswith("zh") for x in langs):
        raise PluginError(
            f"站内搜索的语言必须包含中文：mkdocs.yml 中 search 插件的 lang 为 {langs or '未设置'}，请设为 `lang: zh`。\n"
            f"The search language must include Chinese: the search plugin's lang is {langs or 'unset'}; set `lang: zh`. "
            "Otherwise Chinese queries silently return nothing."
        )
    try:
        import jieba  # noqa: F401 - only checking that it is there
    except ImportError:
        raise PluginError(
            "站内搜索需要中文分词库 jieba，但当前环境没有安装：请运行 `pip install jieba`（或 `pip install -e .`）。\n"
            "Chinese search needs the jieba word segmenter, which is not installed: run `pip install jieba`. "
            "Without it Material's search silently returns nothing for Chinese queries."
        ) from None
