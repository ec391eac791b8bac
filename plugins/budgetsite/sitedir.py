"""A site folder replaced whole: built beside the old one, swapped in by one rename, under a lock.

``mkdocs build`` cleans ``site/`` and then writes 30,000 files into it; a reader
(a web server, a deploy step copying it) would see every state in between, and a
build killed half-way would leave that state behind. Instead the new site is
written to a hidden sibling folder (``.site.building-<pid>``) and, once complete,
exchanged with ``site/`` in one atomic ``renameat2(RENAME_EXCHANGE)`` (Linux); the
old site is then deleted. Without that call (other systems, other file systems)
the old site is first renamed aside, then the new one renamed in: a reader can
find ``site/`` missing for that instant, never half-written, and the next build
puts a site left aside back. A lock file beside the folder (``.site.lock``, an
``flock``, released by the kernel if the build dies) lets one build at a time
write; a second one stops at once with a message.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path
from typing import IO

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: builds are not locked
    fcntl = None  # type: ignore[assignment]

RENAME_EXCHANGE = 2  # linux/fs.h


class SiteBusy(Exception):
    """Another build holds the site's lock, or the site folder cannot be prepared."""


class SiteSwap:
    """Build ``site_dir`` beside itself and swap it in when complete."""

    def __init__(self, site_dir: Path) -> None:
        self.site = Path(site_dir)
        self.lock_path = self.site.parent / f".{self.site.name}.lock"
        self.building = self.site.parent / f".{self.site.name}.building-{os.getpid()}-{secrets.token_hex(4)}"
        # An assembled site is mostly hard links to its shards' files; the site it replaces is kept here, not deleted,
        # and the next assembly moves whole folders out of it that are still its shards' (spare.py).
        self.spare = self.site.parent / f".{self.site.name}.spare"
        self.keep_replaced = False  # set by the caller: keep the replaced site as ``spare``
        self._lock: IO[bytes] | None = None
        self.ready = False  # set by the caller once the build in ``building`` is complete

    def _siblings(self, kind: str) -> list[Path]:
        return sorted(self.site.parent.glob(f".{self.site.name}.{kind}-*"))

    def begin(self) -> Path:
        """Take the lock, tidy what a killed build left, and return the empty folder to build into."""
        try:
            self.site.parent.mkdir(parents=True, exist_ok=True)
            self._lock = open(self.lock_path, "ab")  # noqa: SIM115 - held until commit() or abort()
        except OSError as exc:
            raise SiteBusy(f"无法在 {self.site.parent} 中准备构建（{exc.strerror or exc}）；请检查该文件夹的写入权限。") from None
        if fcntl is not None:
            try:
                fcntl.flock(self._lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                self._release()
                raise SiteBusy(f"另一个构建正在写 {self.site}（锁文件 {self.lock_path}）；请等它结束后再构建。"
                               f"{self.site} 保持上一次完整构建的内容。") from None
        try:
            aside = self._siblings("old")
            if aside and not os.path.lexists(self.site):
                os.rename(aside[-1], self.site)  # a build died between its two renames: the old site comes back
            for stale in self._siblings("building") + self._siblings("old"):
                shutil.rmtree(stale, ignore_errors=True)
            for replaced in self._siblings("trash"):  # being deleted by its own process, or left by one that was killed
                discard(replaced)
            self.building.mkdir()
        except OSError as exc:
            self._release()
            raise SiteBusy(f"无法在 {self.site.parent} 中准备构建（{exc.strerror or exc}）；请检查该文件夹的写入权限。") from None
        return self.building

    def commit(self) -> None:
        """Put the finished build in place of the old site, delete the old one, release the lock."""
        try:
            if not os.path.lexists(self.site):
                os.rename(self.building, self.site)
                return
            if not _exchange(self.building, self.site):
                aside = self.site.parent / f".{self.site.name}.old-{os.getpid()}-{secrets.token_hex(4)}"
                os.rename(self.site, aside)
                os.rename(self.building, self.site)
                self.building = aside
            trash = self.site.parent / f".{self.site.name}.trash-{os.getpid()}-{secrets.token_hex(4)}"
            if self.keep_replaced:
                if os.path.lexists(self.spare):
                    os.rename(self.spare, trash)
                    discard(trash)
                os.rename(self.building, self.spare)  # the old site, never published again: only taken apart
                return
            os.rename(self.building, trash)  # now the old site, under a name no build ever restores
            discard(trash)
        except OSError as exc:
            raise SiteBusy(f"新网站已生成在 {self.building}，但无法替换 {self.site}（{exc.strerror or exc}）；"
                           f"{self.site} 保持上一次完整构建的内容。") from None
        finally:
            self._release()

    def abort(self) -> None:
        """A failed build: leave the old site as it was."""
        shutil.rmtree(self.building, ignore_errors=True)
        self._release()

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.close()  # closing releases the flock
            self._lock = None


def discard(folder: Path) -> None:
    """Delete a replaced site in a process of its own: on some file systems deleting 100,000 files takes a minute,
    which a build need not wait for. The next build deletes whatever is left (``begin``)."""
    code = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"
    try:
        subprocess.Popen([sys.executable, "-c", code, str(folder)], start_new_session=True,
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where the system cannot."""
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    libc = ctypes.CDLL(name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd = -100
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))
