"""The site an assembly replaced, taken apart for the next one: its folders that still hold a shard's very files.

An assembled site (``budgetsite build --shards``) is almost all hard links to its shards' files:
175,000 at 11,000 documents, and making each link costs about 60 µs here, 10 s in all. Deleting
the replaced site costs as much again. So the replaced site is kept (``sitedir.SiteSwap.spare``)
and the next assembly moves into its new site, with one rename each, the folders that hold
exactly a shard's files under that folder: the same files (same inode, same file system), no
more, no fewer. A shard that was rebuilt has new files, so its folders are linked afresh; what is
left of the spare is deleted. Nothing in the spare is ever written, only moved or deleted, and
the published site is never touched: it is a different folder.

No MkDocs here: plain paths ('/'-separated, relative to a site folder).
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from pathlib import Path
from typing import TypeVar

Owner = TypeVar("Owner", bound=Hashable)


def exclusive_folders(files: Mapping[Owner, Iterable[str]]) -> dict[Owner, list[str]]:
    """For each owner, the largest folders under which every file is its own (none holds another owner's file)."""
    owners: defaultdict[str, set[Owner]] = defaultdict(set)
    split = {owner: [rel.split("/") for rel in paths] for owner, paths in files.items()}
    for owner, paths in split.items():
        for parts in paths:
            for depth in range(1, len(parts)):
                owners["/".join(parts[:depth])].add(owner)
    out: dict[Owner, list[str]] = {}
    for owner, paths in split.items():
        found: set[str] = set()
        for parts in paths:
            for depth in range(1, len(parts)):
                folder = "/".join(parts[:depth])
                if len(owners[folder]) == 1:
                    found.add(folder)
                    break
        out[owner] = sorted(found)
    return out


def inodes(root: str) -> dict[str, int] | None:
    """Every file under ``root`` by its relative path, with its inode; None if ``root`` cannot be read or holds
    anything but folders and regular files."""
    out: dict[str, int] = {}
    todo = [("", root)]
    while todo:
        prefix, path = todo.pop()
        try:
            entries = os.scandir(path)
        except OSError:
            return None
        with entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    todo.append((f"{prefix}{entry.name}/", entry.path))
                elif entry.is_file(follow_symlinks=False):
                    out[prefix + entry.name] = entry.inode()
                else:
                    return None
    return out


def take(spare: Path, source: Path, folder: str, files: list[str], target: Path) -> bool:
    """Move ``spare/folder`` to ``target/folder`` if it holds exactly ``files`` (relative to ``folder``), each the very
    file of ``source/folder``; False, and nothing moved, otherwise."""
    held = inodes(os.path.join(spare, folder))
    if held is None or len(held) != len(files):
        return False
    try:
        if os.stat(spare).st_dev != os.stat(source).st_dev:
            return False
    except OSError:
        return False
    shard = inodes(os.path.join(source, folder))
    if shard is None or any(name not in held or held[name] != shard.get(name) for name in files):
        return False
    destination = os.path.join(target, folder)
    if os.path.lexists(destination):
        return False
    os.makedirs(os.path.dirname(destination), exist_ok=True)
    try:
        os.rename(os.path.join(spare, folder), destination)
    except OSError:
        return False
    return True
