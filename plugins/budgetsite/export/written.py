"""Open-data files written straight into a site folder, remembered by path, SHA-256 and size only.

A province's open data is gigabytes: a build that kept every file's bytes until the
site generator copied them would hold all of them at once. :func:`write_downloads`
writes each file as it is made and keeps a :class:`WrittenFile` (no bytes) for
whoever still needs the list: the log's count, a check of the site's paths.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .files import Download


@dataclass(frozen=True)
class WrittenFile:
    path: str  # relative to the site root, '/'-separated (as Download.path)
    sha256: str  # hex digest of the bytes written
    size: int  # bytes
    year: int | None  # as Download.year


def written(download: Download) -> WrittenFile:
    """What writing ``download`` leaves behind (also what the tests compare with the files on disk)."""
    return WrittenFile(download.path, hashlib.sha256(download.content).hexdigest(), len(download.content), download.year)


def site_path(site_dir: Path, path: str) -> Path:
    """Where a download's path lands in the site folder; a path that would leave it is a bug, refused."""
    rel = PurePosixPath(path)
    if rel.is_absolute() or not rel.parts or ".." in rel.parts:
        raise ValueError(f"open-data path outside the site folder: {path!r}")
    return Path(site_dir, *rel.parts)


def write_downloads(site_dir: Path, downloads: Iterable[Download]) -> list[WrittenFile]:
    """Write each file under ``site_dir`` (folders made as needed, an existing file replaced)."""
    folders: set[Path] = set()
    out = []
    for download in downloads:
        target = site_path(site_dir, download.path)
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)  # exist_ok: the page writer makes folders meanwhile
            folders.add(target.parent)
        target.write_bytes(download.content)
        out.append(written(download))
    return out
