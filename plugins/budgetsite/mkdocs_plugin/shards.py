"""A sharded build through MkDocs: each year its own ``mkdocs build``, then an assembly (budgetsite.shardplan).

``budgetsite build --shards`` runs :func:`build_all`; a CI system's job matrix runs
``budgetsite build --shard YEAR`` per year and ``budgetsite build --assemble`` last
(manual/scaling.md). Each is an ordinary MkDocs build of the site's own ``mkdocs.yml`` with the
plugin told, through :attr:`BudgetSitePlugin.job`, which part of the site to make:

* a shard makes its year's pages, open data and manifest, with stand-ins for the pages over
  every year (so that its pages carry the whole site's navigation), and writes under
  ``shardplan.META`` the year's summary, its part of the archive-wide files, its search index
  and the list of files it owns;
* the assembly makes the pages over every year from the summaries, the archive-wide files from
  the parts, merges the search indexes, and puts each shard's own files beside them, all in the
  folder that is swapped in as ``site/`` when complete.
"""

from __future__ import annotations

import gc
import gzip
import json
import multiprocessing
import os
import re
import secrets
import shutil
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.utils import get_build_timestamp

from .. import routes, summaries
from ..build import BuildPlan, LogLine
from ..collection import Archive
from ..export.files import YearPart, archive_downloads
from ..page_store import PageStore, StoredPage, department_keys
from ..search.partial import IndexMerge, YearIndex
from ..shardplan import (
    FILES,
    KEY,
    META,
    PART,
    SEARCH,
    SUMMARY,
    AssembleJob,
    ShardJob,
    check_shards,
    common_inputs,
    current_key,
    data_years,
    shard_folder,
    shard_key,
    stale_shards,
)
from ..sitedir import discard
from ..spare import exclusive_folders, take

SHARD_DIR = ".budgetsite/shards"  # beside mkdocs.yml, unless --shard-dir says otherwise
PAGES = ".pages"  # in the shard folder: the department pages earlier assemblies made (page_store.py)


# -- inside the plugin ----------------------------------------------------------------------------


def write_meta(site_dir: Path, job: ShardJob, summary: bytes, part: YearPart, search: bytes, own: list[str]) -> None:
    """What the assembly needs of this shard; the key last, so that a shard killed before it is rebuilt."""
    meta = site_dir / META
    meta.mkdir(parents=True, exist_ok=True)
    (meta / SUMMARY).write_bytes(summary)
    (meta / PART).write_text(json.dumps(part.plain(), ensure_ascii=False), "utf-8")
    (meta / SEARCH).write_bytes(search)
    (meta / FILES).write_text(json.dumps(sorted(own), ensure_ascii=False), "utf-8")
    (meta / KEY).write_text(job.key, "utf-8")


def write_search_documents(site_dir: Path, index: YearIndex) -> list[str]:
    """A shard's search documents, written into its folder; their paths (they are its own files)."""
    folder = site_dir / routes.SEARCH_INDEX / "d" / str(index.year)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for path, data in index.document_files().items():
        (site_dir / routes.SEARCH_INDEX / path).write_bytes(data)
        out.append(f"{routes.SEARCH_INDEX}/{path}")
    return out


def shard_summary(archive: Archive) -> bytes:
    return summaries.dumps(summaries.summarised(archive, summaries.reference_example(archive)))


class Assembly:
    """The assembly's work inside its MkDocs build, in two steps around MkDocs making the pages over every year.

    :meth:`plan` (once MkDocs has emptied ``site_dir``) puts the built shards' files in, whole folders of them
    taken from ``spare`` (the site the last assembly replaced) where they are still the same, and starts the
    search index with their years; then waits for the summaries of the shards still building (any year) and
    returns the plan of the pages. :meth:`finish` (after MkDocs has written them) completes the search index,
    waits for those shards, puts their files in, and writes the archive-wide files from every year's part.
    """

    def __init__(self, job: AssembleJob, site_dir: Path, spare: Path | None, search: bool) -> None:
        self.job, self.site_dir, self.spare, self.search = job, site_dir, spare, search
        self.linked: dict[Path, list[str]] = {}  # each shard's files in site_dir so far
        self.index = IndexMerge(self._write_index)
        self.merged: set[Path] = set()  # the years already in the index
        self.waiting: dict[Path, YearIndex] = {}  # built years after a building one, read while waiting for it
        self._made: set[str] = set()
        self.store = PageStore(job.store) if job.store is not None and job.common else None
        self.page_keys: dict[str, str] = {}  # each department page's key (page_store.py), when there is a store
        self.reused: dict[str, StoredPage] = {}  # the department pages linked from the store, not made again
        self.made: dict[str, tuple[str, ...]] = {}  # the department pages MkDocs makes: their files, the HTML first

    def _write_index(self, rel: str, data: bytes) -> None:
        path = os.path.join(self.site_dir, routes.SEARCH_INDEX, rel)
        parent = os.path.dirname(path)
        if parent not in self._made:
            os.makedirs(parent, exist_ok=True)
            self._made.add(parent)
        with open(path, "wb") as f:
            f.write(data)

    def plan(self) -> BuildPlan:
        job = self.job
        ready = {folder: own_files(folder) for folder in job.shards if folder not in job.pending}
        folders = exclusive_folders(ready) if self.spare is not None and self.spare.is_dir() else {}
        for folder, files in ready.items():
            link_files(folder, files, self.site_dir, self.spare, folders.get(folder, []))
        self.linked.update(ready)
        # The built shards' summaries first, then those of the shards still building (which may be any year).
        read = {folder: summaries.loads_digested((folder / META / SUMMARY).read_bytes()) for folder in ready}
        if self.search:  # the built years' postings too, in the index or beside it, before waiting
            for folder in job.shards:
                if folder in job.pending:
                    break
                self.index.add(YearIndex.loads((folder / META / SEARCH).read_bytes()))
                self.merged.add(folder)
            self.waiting = {f: YearIndex.loads((f / META / SEARCH).read_bytes()) for f in ready if f not in self.merged}
        read.update((folder, summaries.loads_digested(pending.summary())) for folder, pending in job.pending.items())
        records = [r for folder in job.shards for r in read[folder][0].records]
        archive = Archive(records, [e for folder in job.shards for e in read[folder][0].evaluations])
        if self.store is not None:
            digests = {k: v for folder in job.shards for k, v in read[folder][1].items()}
            self.page_keys = department_keys(archive, digests, job.common)
            self.reused = self.store.matching(self.page_keys)
        log = [LogLine("info", f"budgetsite: assembling {len(job.shards)} shards, {len(records)} records")]
        # The archive-wide files are written last (finish): they need the parts of the shards still being built.
        return BuildPlan(archive, {}, {}, [], {}, (), [], log)

    def finish(self, written: set[str]) -> dict[str, int]:
        """``written``: the paths MkDocs has written (pages, hand-written files, the theme); no other file may have one."""
        job = self.job
        stats = {"documents": 0, "shards": 0}
        if self.search:
            for folder in job.shards:
                if folder not in self.merged:
                    pending = job.pending.get(folder)
                    self.index.add(YearIndex.loads(pending.search()) if pending else self.waiting.pop(folder))
            stats = self.index.finish()
        failed: list[ShardFailed] = []
        for pending in job.pending.values():  # all of them: every failed year is named, and none is left running
            try:
                pending.finish()
            except ShardFailed as exc:
                failed.append(exc)
        if len(failed) > 1:
            raise PluginError("budgetsite: " + failed_message([f.year for f in failed]))
        if failed:
            raise failed[0]
        for folder in job.pending:
            self.linked[folder] = files = own_files(folder)
            check_disjoint(folder, files, written)
            link_files(folder, files, self.site_dir)  # built just now: nothing in the spare is theirs
        if self.store is not None and self.reused:  # MkDocs wrote none of their files: their pages were left out of this build
            clash = sorted(written.intersection(rel for page in self.reused.values() for rel in page.files))
            if clash:
                raise PluginError(f"budgetsite: {clash[0]} 既是保存的部门页面文件，又是 docs/、主题或全站页面中的文件；"
                                  f"请删除 {self.store.root} 后重新构建。")
            self.store.link(self.reused.values(), self.site_dir)
        parts = [YearPart.from_plain(json.loads((folder / META / PART).read_text("utf-8"))) for folder in job.shards]
        downloads = archive_downloads(parts)
        refuse_clash(written, [d.path for d in downloads])
        for download in downloads:
            path = self.site_dir / download.path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(download.content)
        return stats


    def keep_pages(self, sitemap: dict[str, str]) -> None:
        """Keep this site's department pages for the next assembly (``sitemap``: MkDocs' entries, by output file).
        Done before waiting for the shards still building: a page is kept by the key of what it was made from, so it
        stays right for that key even if a shard then fails."""
        if self.store is not None:
            made = {uri: (self.page_keys[uri], files, sitemap.get(files[0], "")) for uri, files in self.made.items() if uri in self.page_keys}
            self.store.save(self.reused, made, self.site_dir)


def refuse_clash(copied: set[str], downloads: list[str]) -> None:
    """An open-data file at the path of a file MkDocs writes (docs/, the theme): one would overwrite the other."""
    clash = sorted(copied.intersection(downloads))
    if clash:
        raise PluginError(f"budgetsite: {clash[0]} 既是 docs/（或主题）中的文件，又是开放数据文件（共 {len(clash)} 个同名），"
                          f"两者会互相覆盖；请改名或删除 docs/ 中的文件。")


def failed_message(years: list[int], why: str = "（错误见上）") -> str:
    return f"分片构建失败：{'、'.join(str(y) for y in years)} 年{why}；网站未更新。"


def own_files(folder: Path) -> list[str]:
    """The files a shard lists as its own, each checked to lie inside the site folder."""
    files = json.loads((folder / META / FILES).read_text("utf-8"))
    for rel in files:
        parts = rel.split("/") if isinstance(rel, str) else []
        if not parts or not all(parts) or "\\" in rel or "\x00" in rel or ".." in parts or "." in parts or parts[0] == META:
            raise PluginError(f"budgetsite: 分片 {folder} 列出的文件 {rel!r} 不在网站文件夹内；请删除该分片文件夹后重新构建。")
    return files


def link_files(folder: Path, files: list[str], site_dir: Path, spare: Path | None = None, candidates: Sequence[str] = ()) -> None:
    """Put a shard's own files into ``site_dir``: the ``candidates`` folders moved from ``spare`` where they hold exactly
    these files, every other file as a hard link (a shard's files are never written again)."""
    within: dict[str, list[str]] = {c: [] for c in candidates}
    for rel in files:
        for depth in range(rel.count("/"), 0, -1):
            top = rel.rsplit("/", depth)[0]
            if top in within:
                within[top].append(rel[len(top) + 1:])
                break
    moved = {c for c, names in within.items() if spare is not None and take(spare, folder, c, names, site_dir)}
    made: set[str] = set()
    source, target = str(folder), str(site_dir)
    for rel in files:
        if moved and any(rel.startswith(c + "/") for c in moved if len(c) < len(rel)):
            continue
        parent = os.path.dirname(rel)
        if parent not in made:  # 100,000s of files in a few 1,000 folders: one mkdir each
            os.makedirs(os.path.join(target, parent), exist_ok=True)
            made.add(parent)
        try:
            os.link(os.path.join(source, rel), os.path.join(target, rel))
        except OSError:  # another file system: a copy
            shutil.copy2(os.path.join(source, rel), os.path.join(target, rel))


def check_disjoint(folder: Path, files: list[str], written: set[str]) -> None:
    """Refuse a site where MkDocs writes a file that is also a shard's (``written``: every path it writes).

    The shards' files are hard links: MkDocs writing one would change that shard, and the published site, in place.
    Checked for the shards already built before MkDocs writes anything, for the others before their files go in.
    """
    both = sorted(written.intersection(files))
    if both:
        raise PluginError(f"budgetsite: {both[0]} 既是 {folder.name} 年分片中的文件，又是 docs/、主题或全站页面中的文件"
                          f"（共 {len(both)} 个）；请改名或删除 docs/ 中的文件。")


_URL = re.compile(r"\s*<url>.*?</url>", re.S)
_LOC = re.compile(r"<loc>(.*?)</loc>", re.S)


def _sitemap_blocks(text: str) -> tuple[str, list[str], str]:
    blocks = _URL.findall(text)
    head = text[: text.index(blocks[0])] if blocks else text[: text.index("</urlset>")]
    tail = text[text.rindex("</urlset>"):]
    return head, blocks, tail


def sitemap_entries(site_dir: Path, config: MkDocsConfig) -> dict[str, str]:
    """The entries of the sitemap MkDocs wrote, by output file (2021/711001/index.html)."""
    path = site_dir / "sitemap.xml"
    return {_page_of(b, config): b for b in _sitemap_blocks(path.read_text("utf-8"))[1]} if path.exists() else {}


def write_sitemap(site_dir: Path, config: MkDocsConfig, shards: tuple[Path, ...] = (), own: dict[Path, set[str]] | None = None,
                  extra: Sequence[str] = ()) -> None:
    """The sitemap with its pages in address order, the shards' pages and the ``extra`` entries added: the same whichever
    way the site was built."""
    path = site_dir / "sitemap.xml"
    if not path.exists():
        return
    head, blocks, tail = _sitemap_blocks(path.read_text("utf-8"))
    blocks += [b for b in extra if b]
    for folder in shards:
        shard_map = folder / "sitemap.xml"
        pages = (own or {}).get(folder, set())
        if shard_map.exists():
            blocks += [b for b in _sitemap_blocks(shard_map.read_text("utf-8"))[1] if _page_of(b, config) in pages]
    blocks.sort(key=lambda b: _LOC.search(b).group(1))  # type: ignore[union-attr]
    text = head + "".join(blocks) + tail
    path.write_text(text, "utf-8")
    packed = site_dir / "sitemap.xml.gz"
    # The time MkDocs put in its header (the newest page date, so the same all day): kept, as a single build keeps it.
    mtime = int.from_bytes(packed.read_bytes()[4:8], "little") if packed.exists() else get_build_timestamp()
    with open(packed, "wb") as f, gzip.GzipFile(fileobj=f, filename=str(packed), mode="wb", mtime=mtime) as gz:
        gz.write(text.encode("utf-8"))


def _page_of(block: str, config: MkDocsConfig) -> str:
    """The output file of a sitemap entry, relative to the site: 2021/711001/ -> 2021/711001/index.html."""
    loc = _LOC.search(block).group(1)  # type: ignore[union-attr]
    base = config.site_url or ""
    rel = loc[len(base):] if base and loc.startswith(base) else loc.lstrip("/")
    return rel + "index.html" if rel.endswith("/") or rel == "" else rel


# -- the command ----------------------------------------------------------------------------------


def _settings(config: MkDocsConfig) -> list[tuple[str, str]]:
    return [("site_url", str(config.site_url)), ("use_directory_urls", str(config.use_directory_urls)), ("site_name", config.site_name)]


def _plugin(config: MkDocsConfig) -> Any:
    plugin = config.plugins.get("budgetsite")
    if plugin is None:
        raise SystemExit(f"{config.config_file_path}: 没有启用 budgetsite 插件，无法分片构建。")
    return plugin


@dataclass(frozen=True)
class Inputs:
    """The site's configuration, its folder, each year's shard key and the digest of the inputs common to every shard."""

    config: MkDocsConfig
    base: Path
    keys: dict[int, str]
    common: str


def _keys(config_file: Path, only: int | None = None) -> Inputs:
    """The inputs of every year's shard, or (``only``) of that year's alone."""
    config = load_config(str(config_file))
    plugin = _plugin(config)
    base = config_file.resolve().parent
    data_dir = base / plugin.config.data_dir
    common = common_inputs(data_dir, config_file, Path(config.docs_dir), _settings(config))
    keys = {y: shard_key(common, data_dir, y) for y in data_years(data_dir) if only is None or y == only}
    return Inputs(config, base, keys, common.hexdigest())


def _run(config: MkDocsConfig, job: ShardJob | AssembleJob) -> None:
    _plugin(config).job = job
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def build_shard(config_file: Path, year: int, shard_dir: Path | None = None, report: Callable[[bytes], None] | None = None) -> None:
    """One year's shard (a CI job of the matrix); rebuilt even when its key has not changed."""
    inputs = _keys(config_file, only=year)
    config, base, keys = inputs.config, inputs.base, inputs.keys
    if year not in keys:
        raise SystemExit(f"数据文件夹中没有 {year} 年。")
    config.site_dir = str(shard_folder(shard_dir or base / SHARD_DIR, year))
    _run(config, ShardJob(year, keys[year], report))


def assemble(config_file: Path, shard_dir: Path | None = None, known: Inputs | None = None,
             pending: dict[int, RunningShard] | None = None) -> None:
    """The site from the shards of every year, each checked to be built from today's inputs (``known``: the keys, worked out
    already); ``pending``: the shards still being built beside it, checked when they finish."""
    inputs = known or _keys(config_file)
    config, keys = inputs.config, inputs.keys
    shard_dir = shard_dir or inputs.base / SHARD_DIR
    hint = f"bin/budgetsite build --shard {{year}} -f {config_file}"
    pending = pending or {}
    check_shards(shard_dir, {y: k for y, k in keys.items() if y not in pending}, hint)
    folders = tuple(shard_folder(shard_dir, y) for y in keys)
    _run(config, AssembleJob(folders, {shard.folder: shard for shard in pending.values()}, shard_dir / PAGES, inputs.common))
    stale = stale_shards(shard_dir, keys)
    for folder in stale:  # the site no longer has their years: renamed at once, deleted in the background
        trash = folder.parent / f".{folder.name}.trash-{os.getpid()}-{secrets.token_hex(4)}"
        os.rename(folder, trash)
        discard(trash)
    if stale:
        print(f"已删除数据中不再有的年度的分片：{'、'.join(f.name for f in stale)}。")


class ShardFailed(PluginError):
    def __init__(self, year: int, why: str) -> None:
        super().__init__("budgetsite: " + failed_message([year], why))
        self.year, self.why = year, why


class RunningShard:
    """A shard built in a process of its own; with ``early``, its summary and search index come back through a pipe
    as soon as each is made, so that the assembly can run beside it."""

    def __init__(self, config_file: Path, year: int, key: str, shard_dir: Path, early: bool) -> None:
        ctx = multiprocessing.get_context("spawn")  # a fresh interpreter, as a CI job's, on every system
        self.year, self.key, self.folder = year, key, shard_folder(shard_dir, year)
        receive, send = ctx.Pipe(duplex=False) if early else (None, None)
        self.process = ctx.Process(target=_shard_process, args=(str(config_file), year, str(shard_dir), send))
        self.process.start()
        self._messages: list[bytes] = []
        self._arrived = [threading.Event(), threading.Event()]  # the summary, the search index
        if receive is not None and send is not None:
            send.close()  # the child's end: the pipe reads EOF once the child ends
            # Read at once: a child writing 2 MB into a pipe nobody reads would wait for the reader.
            threading.Thread(target=self._read, args=(receive,), daemon=True).start()
        else:
            for event in self._arrived:
                event.set()

    def _read(self, receive: Connection) -> None:
        try:
            for event in self._arrived:
                self._messages.append(receive.recv_bytes())
                event.set()
        except (EOFError, OSError):
            pass  # the shard failed before: the waiting side finds the message missing and asks finish() why
        finally:
            receive.close()
            for event in self._arrived:
                event.set()

    def _message(self, n: int) -> bytes:
        self._arrived[n].wait()
        if len(self._messages) <= n:
            self.finish()
            raise PluginError(f"budgetsite: {self.year} 年的分片没有交回摘要；请删除 {self.folder} 后重新构建。")
        return self._messages[n]

    def summary(self) -> bytes:
        return self._message(0)

    def search(self) -> bytes:
        return self._message(1)

    def finish(self) -> None:
        self.process.join()
        if self.process.exitcode != 0:
            raise ShardFailed(self.year, "（错误见上）")
        if current_key(self.folder) != self.key:
            raise ShardFailed(self.year, "：数据、配置或程序在构建期间被修改，请重新运行 bin/budgetsite build --shards")

    def running(self) -> bool:
        return self.process.exitcode is None


def _shard_process(config_file: str, year: int, shard_dir: str, send: Connection | None) -> None:
    """A shard's process (spawned): ``budgetsite build --shard YEAR``, telling ``send`` its summary early."""

    def report(message: bytes) -> None:
        assert send is not None
        send.send_bytes(message)

    code = command(Path(config_file), shard=year, assemble_only=False, shard_dir=Path(shard_dir), jobs=0,
                   report=report if send is not None else None)
    sys.exit(code)


def build_all(config_file: Path, shard_dir: Path | None = None, jobs: int = 0, log: Any = print) -> dict[str, Any]:
    """Every shard whose key changed, ``jobs`` at a time in their own processes, and the assembly. Timings, for the log.

    When fewer shards need building than there are ``jobs`` (a new year, a corrected record), the assembly runs beside
    them on the free processor, from their summaries as soon as they have read their records; otherwise after them.
    """
    known = _keys(config_file)
    keys = known.keys
    shard_dir = shard_dir or known.base / SHARD_DIR
    todo = [y for y, key in keys.items() if current_key(shard_folder(shard_dir, y)) != key]
    jobs = jobs or os.cpu_count() or 1
    beside = 0 < len(todo) < jobs
    log(f"budgetsite: {len(keys)} 个年度，{len(todo)} 个分片需要构建（其余未变，直接使用），同时 {min(jobs, max(len(todo), 1))} 个"
        + ("，组装同时进行" if beside else ""))
    started = time.perf_counter()
    if beside:
        pending = {y: RunningShard(config_file, y, keys[y], shard_dir, early=True) for y in todo}
        try:
            assemble(config_file, shard_dir, known, pending)
        finally:
            for shard in pending.values():
                shard.process.join()  # a failed assembly still lets its shards finish: they are reused next time
        return {"years": len(keys), "built": todo, "shards_s": None, "assemble_s": time.perf_counter() - started}
    running: list[RunningShard] = []
    failed: list[int] = []
    queue = list(todo)
    while queue or running:
        while queue and len(running) < jobs:
            year = queue.pop(0)
            running.append(RunningShard(config_file, year, keys[year], shard_dir, early=False))
        time.sleep(0.05)
        for shard in list(running):
            if not shard.running():
                running.remove(shard)
                if shard.process.exitcode:
                    failed.append(shard.year)
    shards_s = time.perf_counter() - started
    if failed:
        raise SystemExit(failed_message(sorted(failed)))
    started = time.perf_counter()
    assemble(config_file, shard_dir, known)
    return {"years": len(keys), "built": todo, "shards_s": shards_s, "assemble_s": time.perf_counter() - started}


def command(config_file: Path, *, shard: int | None, assemble_only: bool, shard_dir: Path | None, jobs: int,
            report: Callable[[bytes], None] | None = None) -> int:
    """``budgetsite build``: its exit code; errors as sentences (the records' errors as MkDocs reports them)."""
    if not config_file.is_file():
        print(f"找不到网站配置文件 {config_file}；请在网站文件夹中运行，或用 -f 指定 mkdocs.yml。", file=sys.stderr)
        return 1
    try:
        if shard is not None:
            build_shard(config_file, shard, shard_dir, report)
        elif assemble_only:
            assemble(config_file, shard_dir)
        else:
            done = build_all(config_file, shard_dir, jobs)
            if done["shards_s"] is None:
                print(f"构建完成：{done['years']} 个年度，重新构建 {len(done['built'])} 个分片并同时组装，共 {done['assemble_s']:.1f} 秒。")
            else:
                print(f"构建完成：{done['years']} 个年度，重新构建 {len(done['built'])} 个分片 {done['shards_s']:.1f} 秒，"
                      f"组装 {done['assemble_s']:.1f} 秒。")
    except MkDocsException as exc:
        # MkDocs has logged the reason just above; "Aborted with a BuildError!" would tell a clerk nothing.
        print("构建失败（原因见上）；网站未更新。" if str(exc).startswith("Aborted with") else f"构建失败：{exc}", file=sys.stderr)
        return 1
    finally:
        # The process ends next (the command line, a shard's process): its few 100 MB of records, pages and postings,
        # much of it in reference cycles, are left to the operating system rather than collected object by object
        # on exit, which took 1 to 1.5 s here, on the critical path of an assembly waiting for its shard.
        gc.freeze()
    return 0
