"""Department pages an assembly made before, kept by the inputs they were made from and linked into the next site.

An assembly (``budgetsite build --shards``) makes each department's history page from the summaries of
that department's records: about 1,000 pages at 1,000 documents a year, a third of the assembly's time.
A corrected record changes one department's page; a clerk publishing corrections one by one should not
wait for the other 999 to be made again. So after each assembly the files of every department page (its
HTML, the CSV of each of its tables) are kept, as hard links, in a store beside the shards, under a
**key**: a SHA-256 over everything the page's bytes depend on: the inputs common to every shard (the
program, the tools, the configuration and its settings, docs/, the data folder's own files; see
``shardplan.common_inputs``) and the summaries of the department's records and self-evaluations, in order.
The next assembly links, instead of making, every page whose key is unchanged; a page whose files are no
longer all in the store is made again.

The store (``<shard folder>/.pages/``): ``index.json``, written last and replaced by one rename, names
for each page its key, its files (relative to the site) and its sitemap entry, and the generation folder
that holds the files. Each assembly puts the pages it made into a new generation folder; a generation no
page names any more is deleted. Files in the store are never written again, only linked and deleted: a
site's hard link to one keeps its bytes whatever happens to the store.

No MkDocs here: plain paths ('/'-separated, relative to a site folder).
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from . import routes
from .collection import Archive

FORMAT = "budgetsite-pages/1"
INDEX = "index.json"


@dataclass(frozen=True)
class StoredPage:
    key: str
    generation: str
    files: tuple[str, ...]  # the page's HTML first, then the files beside it; relative to the site
    sitemap: str  # its <url> entry in sitemap.xml, as MkDocs wrote it when the page was made


def department_keys(archive: Archive, digests: Mapping[tuple[str, int, str], str], common: str) -> dict[str, str]:
    """The key of each department page (by source URI), from ``digests``: the SHA-256 of each summary's JSON,
    by ("record" or "evaluation", year, unit code); ``common``: the hex digest of the inputs common to every shard."""
    evaluations: dict[str, list[str]] = {}
    for e in sorted(archive.evaluations, key=lambda e: (e.unit.code, e.year)):
        evaluations.setdefault(e.unit.code, []).append(f"{e.year}:{digests['evaluation', e.year, e.unit.code]}")
    keys = {}
    for code, records in archive.departments().items():
        parts = [FORMAT, common, code, *(f"{r.year}:{digests['record', r.year, code]}" for r in records), "evaluations",
                 *evaluations.get(code, [])]
        keys[routes.department_page(code)] = hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()
    return keys


class PageStore:
    """The store at ``root`` (created when first saved into)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def index(self) -> dict[str, StoredPage]:
        """The stored pages by source URI; empty if there is no index or it cannot be read."""
        try:
            plain = json.loads((self.root / INDEX).read_text("utf-8"))
            if plain.get("format") != FORMAT:
                return {}
            return {uri: StoredPage(p["key"], p["generation"], tuple(p["files"]), p["sitemap"]) for uri, p in plain["pages"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return {}

    def matching(self, keys: Mapping[str, str]) -> dict[str, StoredPage]:
        """The stored pages whose key is in ``keys`` (source URI -> key) and whose files are all in the store."""
        out = {}
        for uri, page in self.index().items():
            if keys.get(uri) == page.key and _safe(page) and all(os.path.isfile(self._path(page, rel)) for rel in page.files):
                out[uri] = page
        return out

    def link(self, pages: Iterable[StoredPage], site_dir: Path) -> None:
        """Put the files of ``pages`` into ``site_dir``, as hard links (a copy on another file system)."""
        made: set[str] = set()
        for page in pages:
            for rel in page.files:
                parent = os.path.join(site_dir, os.path.dirname(rel))
                if parent not in made:
                    os.makedirs(parent, exist_ok=True)
                    made.add(parent)
                _link(self._path(page, rel), os.path.join(site_dir, rel))

    def save(self, kept: Mapping[str, StoredPage], made: Mapping[str, tuple[str, tuple[str, ...], str]], site_dir: Path) -> None:
        """The index of this site's department pages: ``kept`` (linked from the store) and ``made`` (source URI ->
        key, files, sitemap entry; their files in ``site_dir`` are linked into a new generation); then every
        generation no page names any more is deleted."""
        self.root.mkdir(parents=True, exist_ok=True)
        pages = dict(kept)
        if made:
            generation = f"g-{secrets.token_hex(8)}"
            folder = self.root / generation
            made_dirs: set[str] = set()
            for uri, (key, files, sitemap) in made.items():
                for rel in files:
                    target = os.path.join(folder, rel)
                    parent = os.path.dirname(target)
                    if parent not in made_dirs:
                        os.makedirs(parent, exist_ok=True)
                        made_dirs.add(parent)
                    _link(os.path.join(site_dir, rel), target)
                pages[uri] = StoredPage(key, generation, files, sitemap)
        plain = {"format": FORMAT, "pages": {uri: {"key": p.key, "generation": p.generation, "files": list(p.files), "sitemap": p.sitemap}
                                              for uri, p in sorted(pages.items())}}
        temporary = self.root / f".{INDEX}.{secrets.token_hex(4)}"
        temporary.write_text(json.dumps(plain, ensure_ascii=False), "utf-8")
        os.replace(temporary, self.root / INDEX)
        named = {p.generation for p in pages.values()}
        for entry in os.scandir(self.root):
            if entry.name == INDEX or entry.name in named:
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                os.unlink(entry.path)

    def _path(self, page: StoredPage, rel: str) -> str:
        return os.path.join(self.root, page.generation, rel)


def _safe(page: StoredPage) -> bool:
    """An index entry that names only files inside its generation folder (the index is read, never trusted)."""
    if not page.generation.startswith("g-") or "/" in page.generation or "\\" in page.generation or not page.files:
        return False
    return all(rel and "\\" not in rel and "\x00" not in rel and all(part not in ("", ".", "..") for part in rel.split("/"))
               for rel in page.files)


def _link(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except FileExistsError:
        raise
    except OSError:  # another file system
        shutil.copy2(source, target)
