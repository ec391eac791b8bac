"""A sharded build's plan: which years there are, what each year's shard is made from, and what it hands on.

``budgetsite build --shards`` builds each year as its own MkDocs build (a *shard*, a plain
folder: the year's pages and files, and under :data:`META` what the assembly needs of it),
then assembles the site from the shards. A shard is rebuilt only when its **key** changes: a
SHA-256 over everything its bytes depend on (the year's folder under ``data/``, the data
folder's own files, the site's configuration and hand-written pages, the program's own files
and the versions of MkDocs and Material). Publishing a new year or correcting one record
therefore rebuilds that year and the assembly, nothing else.

No MkDocs here: the adapter (``mkdocs_plugin/shards.py``) runs the builds.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Protocol

from .errors import RecordError, RecordsInvalid, display_path
from .names import YEAR_FOLDER

META = ".budgetsite-shard"  # inside a shard's folder: the assembly's inputs, never published
KEY, SUMMARY, PART, SEARCH, FILES = "key", "summary.json", "part.json", "search.json", "files.json"
FORMAT = "budgetsite-shard/1"
PACKAGE = Path(__file__).resolve().parent
TOOLS = ("mkdocs", "mkdocs-material", "pymdown-extensions", "markdown", "jieba")


@dataclass(frozen=True)
class ShardJob:
    """Build one year's shard (the plugin's pages and files of that year only)."""

    year: int
    key: str
    # Called with the year's summary, then with its search index (the bytes written under META), as soon
    # as each is made, before any page is: an assembly running beside the shard starts on them.
    report: Callable[[bytes], None] | None = field(default=None, compare=False)


class PendingShard(Protocol):
    """A shard still being built while the assembly runs beside it (``budgetsite build --shards``)."""

    def summary(self) -> bytes:
        """Its summary, once its records are read (waits until then)."""

    def search(self) -> bytes:
        """Its search index (the postings), once made (waits until then)."""

    def finish(self) -> None:
        """Wait until the shard is complete; raise if it failed or was built from other inputs."""


@dataclass(frozen=True)
class AssembleJob:
    """Build the pages over every year and put the shards' files beside them."""

    shards: tuple[Path, ...]  # each year's shard folder, newest year first
    # The shards of ``shards`` still being built, by folder: the assembly makes everything else first.
    pending: Mapping[Path, PendingShard] = field(default_factory=dict, compare=False)
    # The department pages made by earlier assemblies (page_store.py) and the hex digest of the inputs common to
    # every shard (:func:`common_inputs`), part of each page's key; None: every page is made.
    store: Path | None = None
    common: str = ""


@dataclass
class InputDigest:
    """What a shard's bytes depend on, hashed in a fixed order."""

    parts: list[tuple[str, str]] = field(default_factory=list)

    def add_text(self, name: str, text: str) -> None:
        self.parts.append((name, hashlib.sha256(text.encode("utf-8")).hexdigest()))

    def add_tree(self, name: str, root: Path, skip: frozenset[str] = frozenset()) -> None:
        """Every file under ``root`` by its relative path and content (a symlink by where it points: names.py refuses
        them), in path order; folders named in ``skip`` left out."""
        if not root.exists():
            self.parts.append((name, "absent"))
            return
        found: list[tuple[str, str]] = []
        todo = [("", str(root))]
        while todo:  # os.scandir, not Path.rglob: 11,000 record files are hashed before any shard can start
            prefix, folder = todo.pop()
            with os.scandir(folder) as entries:
                for entry in entries:
                    rel = prefix + entry.name
                    if entry.is_symlink():
                        found.append((rel, "symlink:" + os.readlink(entry.path)))
                    elif entry.is_dir():
                        if entry.name not in skip:
                            todo.append((rel + "/", entry.path))
                    elif entry.is_file():
                        with open(entry.path, "rb") as f:
                            found.append((rel, hashlib.sha256(f.read()).hexdigest()))
        self.parts += [(f"{name}/{rel}", digest) for rel, digest in sorted(found)]

    def hexdigest(self) -> str:
        return hashlib.sha256(json.dumps([FORMAT, *self.parts], ensure_ascii=False).encode("utf-8")).hexdigest()


def data_years(data_dir: Path) -> list[int]:
    """The years of the data folder (ASCII year folders), newest first."""
    if not data_dir.is_dir():
        return []
    return sorted((int(p.name) for p in data_dir.iterdir() if YEAR_FOLDER.fullmatch(p.name) and p.is_dir() and not p.is_symlink()),
                  reverse=True)


def common_inputs(data_dir: Path, config_file: Path, docs_dir: Path, settings: Iterable[tuple[str, str]]) -> InputDigest:
    """What every year's shard depends on alike: the program, the tools, the configuration, docs/, the data folder's own files."""
    digest = InputDigest()
    digest.add_tree("program", PACKAGE, skip=frozenset({"__pycache__"}))  # compiled files: written by imports, made from the sources
    for tool in TOOLS:
        try:
            digest.add_text(f"version/{tool}", metadata.version(tool))
        except metadata.PackageNotFoundError:
            digest.add_text(f"version/{tool}", "absent")
    digest.add_text("config", config_file.read_text("utf-8"))
    for name, value in settings:
        digest.add_text(f"setting/{name}", value)
    digest.add_tree("docs", docs_dir)
    for path in sorted(data_dir.iterdir()) if data_dir.is_dir() else []:
        if path.is_file():  # the data folder's own files (not other years' folders)
            digest.add_text(f"data/{path.name}", hashlib.sha256(path.read_bytes()).hexdigest())
    return digest


def shard_key(common: InputDigest, data_dir: Path, year: int) -> str:
    """The key of ``year``'s shard: the common inputs and everything in the year's folder."""
    digest = InputDigest(list(common.parts))
    digest.add_tree(f"data/{year}", data_dir / str(year))
    return digest.hexdigest()


def shard_folder(shard_dir: Path, year: int) -> Path:
    return shard_dir / str(year)


def current_key(folder: Path) -> str | None:
    """The key a finished shard was built with; None when there is none (never built, or a build that did not finish)."""
    try:
        return (folder / META / KEY).read_text("utf-8").strip()
    except OSError:
        return None


def stale_shards(shard_dir: Path, years: Iterable[int]) -> list[Path]:
    """The shard folders of years that are no longer in the data folder (a year taken out, or renamed)."""
    if not shard_dir.is_dir():
        return []
    wanted = {str(y) for y in years}
    return sorted(p for p in shard_dir.iterdir() if YEAR_FOLDER.fullmatch(p.name) and p.name not in wanted and p.is_dir() and not p.is_symlink())


def check_shards(shard_dir: Path, keys: dict[int, str], rebuild_hint: str) -> list[Path]:
    """The shard folders of every year, newest first, each built from today's inputs; else every missing or stale one at once."""
    errors = []
    for year, key in keys.items():
        folder = shard_folder(shard_dir, year)
        found = current_key(folder)
        if found != key:
            what = "还没有构建" if found is None else "的输入（数据、配置或程序）已经改变"
            errors.append(RecordError(display_path(folder), 1, 1, "", f"{year} 年的分片{what}；请先运行 {rebuild_hint.format(year=year)}。"))
    if errors:
        raise RecordsInvalid(errors)
    return [shard_folder(shard_dir, y) for y in keys]
