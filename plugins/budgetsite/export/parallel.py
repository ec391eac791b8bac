"""Open-data files made on the machine's second core while the site's pages are rendered.

:func:`start` returns at once; :meth:`Pending.result` gives the same list as
:func:`.files.build_downloads` (same files, same bytes, same order). When a
second core is there and the process can fork safely (one thread, a POSIX
system) and enough documents are not cached yet, a forked worker process makes
the files from its copy of the archive and sends them back, with the
per-document pieces so that the next build (``mkdocs serve``) finds them in the
cache. Otherwise the files are made in this process when the result is asked for.

Every file is a pure function of the records, so where it was made does not
change its bytes (tests compare both ways).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Collection
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from ..collection import Archive
from .files import Download, build_downloads, cached_documents, uncached

MIN_DOCUMENTS = 100  # below this, forking costs more than it saves

_JOB: tuple[Archive, dict[int, str], Collection[int | None] | None, bool] | None = None


def _work() -> tuple[list[Download], list[tuple[Any, Any]]]:
    """In the worker: the files, and the pieces it made (inherited through fork, so not pickled in).

    The pieces only pay off when another build follows in this process (``mkdocs serve``);
    for a one-off build, sending them back would double the open data held in memory.
    """
    assert _JOB is not None
    archive, frozen, years, keep_pieces = _JOB
    before = set(cached_documents())
    downloads = build_downloads(archive, frozen, years)
    if not keep_pieces:
        return downloads, []
    return downloads, [(k, v) for k, v in cached_documents().items() if k not in before]


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1 and _cores() >= 2


class Pending:
    """Downloads being made (in a worker process, or on demand here)."""

    def __init__(self, archive: Archive, frozen: dict[int, str], years: Collection[int | None] | None, background: bool,
                 keep_pieces: bool = True) -> None:
        self._args = (archive, frozen, years)
        self._future: Future[tuple[list[Download], list[tuple[Any, Any]]]] | None = None
        self._executor: ProcessPoolExecutor | None = None
        self._result: list[Download] | None = None
        if background:
            global _JOB
            _JOB = (*self._args, keep_pieces)
            try:
                self._executor = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
                self._future = self._executor.submit(_work)  # forks here: the worker sees _JOB
            finally:
                _JOB = None

    def close(self) -> None:
        """Give up on the result (a failed build): the worker ends after its current job."""
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = self._future = None

    @property
    def in_background(self) -> bool:
        return self._future is not None

    def result(self) -> list[Download]:
        if self._result is None:
            if self._future is not None and self._executor is not None:
                try:
                    downloads, pieces = self._future.result()
                finally:
                    self._executor.shutdown(wait=True)
                cached_documents().update(pieces)
                self._result = downloads
            else:
                self._result = build_downloads(*self._args)
        return self._result


def start(archive: Archive, frozen: dict[int, str] | None = None, years: Collection[int | None] | None = None,
          *, background: bool | None = None, keep_pieces: bool = True) -> Pending:
    """Begin making the downloads (see the module docstring); ``background`` forces the choice (tests).

    ``keep_pieces=False`` (a one-off build) leaves the worker's per-document pieces out of this
    process's cache.
    """
    if background is None:
        records = archive.records if years is None else [r for r in archive.records if r.year in years]
        background = can_fork() and uncached(records) >= MIN_DOCUMENTS
    return Pending(archive, dict(frozen or {}), years, background, keep_pieces)
