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

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
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
from ..search.partial import YearIndex, merge
from ..shardplan import (
    FILES,
    META,
    PART,
    SEARCH,
    SUMMARY,
    AssembleJob,
    ShardJob,
    check_shards,
    common_inputs,
    data_years,
    shard_folder,
    shard_key,
)

SHARD_DIR = ".budgetsite/shards"  # beside mkdocs.yml, unless --shard-dir says otherwise


# -- inside the plugin ----------------------------------------------------------------------------


def write_meta(site_dir: Path, job: ShardJob, archive: Archive, part: YearPart, search: YearIndex, own: list[str]) -> None:
    """What the assembly needs of this shard; the key last, so that a shard killed before it is rebuilt."""
    meta = site_dir / META
    meta.mkdir(parents=True, exist_ok=True)
    (meta / SUMMARY).write_bytes(summaries.dumps(summaries.summarised(archive, summaries.reference_example(archive))))
    (meta / PART).write_text(json.dumps(part.plain(), ensure_ascii=False), "utf-8")
    (meta / SEARCH).write_bytes(search.dumps())
    (meta / FILES).write_text(json.dumps(sorted(own), ensure_ascii=False), "utf-8")
    (meta / "key").write_text(job.key, "utf-8")


def assembly_plan(job: AssembleJob) -> BuildPlan:
    """The archive of every shard's summary, and the archive-wide files made from their parts."""
    records, evaluations, parts = [], [], []
    for folder in job.shards:
        shard = summaries.loads((folder / META / SUMMARY).read_bytes())
        records += shard.records
        evaluations += shard.evaluations
        parts.append(YearPart.from_plain(json.loads((folder / META / PART).read_text("utf-8"))))
    archive = Archive(records, evaluations)
    log = [LogLine("info", f"budgetsite: assembling {len(job.shards)} shards, {len(records)} records")]
    return BuildPlan(archive, {}, {}, archive_downloads(parts), {}, (), [], log)


def assemble_files(job: AssembleJob, site_dir: Path, search: bool) -> dict[str, int]:
    """Merge the shards' search indexes (when the site has search) and put each shard's own files into ``site_dir``."""
    root = site_dir / routes.SEARCH_INDEX
    if root.exists():
        shutil.rmtree(root)

    def write(rel: str, data: bytes) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def indexes() -> Iterator[YearIndex]:  # one year in memory at a time
        for folder in job.shards:
            yield YearIndex.loads((folder / META / SEARCH).read_bytes())

    stats = merge(indexes(), write) if search else {"documents": 0, "shards": 0}
    for folder in job.shards:
        for rel in json.loads((folder / META / FILES).read_text("utf-8")):
            parts = PurePosixPath(rel).parts
            if not parts or PurePosixPath(rel).is_absolute() or ".." in parts or parts[0] == META:
                raise PluginError(f"budgetsite: 分片 {folder} 列出的文件 {rel!r} 不在网站文件夹内；请删除该分片文件夹后重新构建。")
            target = site_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(folder / rel, target)  # same file system: no copy (shard files are never written again)
            except OSError:
                shutil.copy2(folder / rel, target)
    return stats


_URL = re.compile(r"\s*<url>.*?</url>", re.S)
_LOC = re.compile(r"<loc>(.*?)</loc>", re.S)


def _sitemap_blocks(text: str) -> tuple[str, list[str], str]:
    blocks = _URL.findall(text)
    head = text[: text.index(blocks[0])] if blocks else text[: text.index("</urlset>")]
    tail = text[text.rindex("</urlset>"):]
    return head, blocks, tail


def write_sitemap(site_dir: Path, config: MkDocsConfig, shards: tuple[Path, ...] = (), own: dict[Path, set[str]] | None = None) -> None:
    """The sitemap with its pages in address order, the shards' pages added: the same whichever way the site was built."""
    path = site_dir / "sitemap.xml"
    if not path.exists():
        return
    head, blocks, tail = _sitemap_blocks(path.read_text("utf-8"))
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


def own_pages(shards: tuple[Path, ...]) -> dict[Path, set[str]]:
    return {folder: set(json.loads((folder / META / FILES).read_text("utf-8"))) for folder in shards}


# -- the command ----------------------------------------------------------------------------------


def _settings(config: MkDocsConfig) -> list[tuple[str, str]]:
    return [("site_url", str(config.site_url)), ("use_directory_urls", str(config.use_directory_urls)), ("site_name", config.site_name)]


def _plugin(config: MkDocsConfig) -> Any:
    plugin = config.plugins.get("budgetsite")
    if plugin is None:
        raise SystemExit(f"{config.config_file_path}: 没有启用 budgetsite 插件，无法分片构建。")
    return plugin


def _keys(config_file: Path) -> tuple[MkDocsConfig, Path, dict[int, str]]:
    config = load_config(str(config_file))
    plugin = _plugin(config)
    base = config_file.resolve().parent
    data_dir = base / plugin.config.data_dir
    common = common_inputs(data_dir, config_file, Path(config.docs_dir), _settings(config))
    keys = {y: shard_key(common, data_dir, y) for y in data_years(data_dir)}
    return config, base, keys


def _run(config: MkDocsConfig, job: ShardJob | AssembleJob) -> None:
    _plugin(config).job = job
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def build_shard(config_file: Path, year: int, shard_dir: Path | None = None) -> None:
    """One year's shard (a CI job of the matrix); rebuilt even when its key has not changed."""
    config, base, keys = _keys(config_file)
    if year not in keys:
        raise SystemExit(f"数据文件夹中没有 {year} 年。")
    config.site_dir = str(shard_folder(shard_dir or base / SHARD_DIR, year))
    _run(config, ShardJob(year, keys[year]))


def assemble(config_file: Path, shard_dir: Path | None = None, known: tuple[MkDocsConfig, Path, dict[int, str]] | None = None) -> None:
    """The site from the shards of every year, each checked to be built from today's inputs (``known``: the keys, worked out already)."""
    config, base, keys = known or _keys(config_file)
    hint = f"bin/budgetsite build --shard {{year}} -f {config_file}"
    shards = check_shards(shard_dir or base / SHARD_DIR, keys, hint)
    _run(config, AssembleJob(tuple(shards)))


def build_all(config_file: Path, shard_dir: Path | None = None, jobs: int = 0, log: Any = print) -> dict[str, Any]:
    """Every shard whose key changed, ``jobs`` at a time in their own processes, then the assembly. Timings, for the log."""
    from ..shardplan import current_key

    known = config, base, keys = _keys(config_file)
    shard_dir = shard_dir or base / SHARD_DIR
    todo = [y for y, key in keys.items() if current_key(shard_folder(shard_dir, y)) != key]
    jobs = jobs or max(1, min(len(todo), os.cpu_count() or 1))
    log(f"budgetsite: {len(keys)} 个年度，{len(todo)} 个分片需要构建（其余未变，直接使用），同时 {jobs} 个")
    started = time.perf_counter()
    running: list[tuple[int, subprocess.Popen[bytes]]] = []
    failed: list[int] = []
    queue = list(todo)
    while queue or running:
        while queue and len(running) < jobs:
            year = queue.pop(0)
            cmd = [sys.executable, "-m", "budgetsite.cli", "build", "--shard", str(year), "-f", str(config_file), "--shard-dir", str(shard_dir)]
            running.append((year, subprocess.Popen(cmd)))
        time.sleep(0.05)
        for item in list(running):
            year, proc = item
            if proc.poll() is not None:
                running.remove(item)
                if proc.returncode:
                    failed.append(year)
    shards_s = time.perf_counter() - started
    if failed:
        raise SystemExit(f"分片构建失败：{'、'.join(str(y) for y in sorted(failed))} 年（错误见上）；网站未更新。")
    started = time.perf_counter()
    assemble(config_file, shard_dir, known)
    return {"years": len(keys), "built": todo, "shards_s": shards_s, "assemble_s": time.perf_counter() - started}


def command(config_file: Path, *, shard: int | None, assemble_only: bool, shard_dir: Path | None, jobs: int) -> int:
    """``budgetsite build``: its exit code; errors as sentences (the records' errors as MkDocs reports them)."""
    if not config_file.is_file():
        print(f"找不到网站配置文件 {config_file}；请在网站文件夹中运行，或用 -f 指定 mkdocs.yml。", file=sys.stderr)
        return 1
    try:
        if shard is not None:
            build_shard(config_file, shard, shard_dir)
        elif assemble_only:
            assemble(config_file, shard_dir)
        else:
            done = build_all(config_file, shard_dir, jobs)
            print(f"构建完成：{done['years']} 个年度，重新构建 {len(done['built'])} 个分片 {done['shards_s']:.1f} 秒，"
                  f"组装 {done['assemble_s']:.1f} 秒。")
    except MkDocsException as exc:
        print(f"构建失败：{exc}", file=sys.stderr)
        return 1
    return 0
