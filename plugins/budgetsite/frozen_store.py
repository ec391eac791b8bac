"""The frozen versions of a year's records, kept by content: ``data/<year>/frozen/<sha256>.yaml``.

A manifest names each frozen record by its SHA-256; the store keeps the bytes that
hash to it, so a later change can be checked field by field against exactly what
was published. A file in the store is named by its own hash: it cannot be swapped
for another version without the name giving it away, and every version ever frozen
stays (a re-freeze adds the new one, never replaces the old).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from . import routes
from .errors import RecordError, display_path
from .limits import read_limited


def store_dir(data_dir: Path, year: int) -> Path:
    return Path(data_dir) / str(year) / routes.FROZEN_STORE


def version_path(data_dir: Path, year: int, digest: str) -> Path:
    return store_dir(data_dir, year) / f"{digest}.yaml"


def read_version(data_dir: Path, year: int, digest: str) -> tuple[bytes | None, RecordError | None]:
    """The frozen bytes whose SHA-256 is ``digest``, or why they cannot be had."""
    path = version_path(data_dir, year, digest)
    shown = display_path(path)
    if not os.path.lexists(path):
        return None, RecordError(shown, 1, 1, "", "冻结时的版本缺失，无法核对冻结后的修改。请从版本库恢复此文件"
                                                  "（如 git checkout <冻结时的提交> -- " + shown + "）。")
    data, error = read_limited(path, shown)
    if data is None:
        return None, error
    if hashlib.sha256(data).hexdigest() != digest:
        return None, RecordError(shown, 1, 1, "", "冻结版本的内容与文件名中的 SHA-256 不符（文件被改动过）；请从版本库恢复此文件。")
    return data, None


def keep_version(data_dir: Path, year: int, data: bytes) -> Path:
    """Add ``data`` to the year's store (nothing happens if that version is already there)."""
    digest = hashlib.sha256(data).hexdigest()
    path = version_path(data_dir, year, digest)
    if path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == digest:
        return path
    write_atomically(path, data)
    return path


def write_atomically(path: Path, data: bytes) -> None:
    """Write beside the target and rename over it: a reader sees the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def has_versions(data_dir: Path, year: int) -> bool:
    folder = store_dir(data_dir, year)
    return folder.is_dir() and not folder.is_symlink() and any(p.suffix == ".yaml" for p in folder.iterdir())
