"""Open-data files written into the site on the machine's second core while the site's pages are rendered.

:func:`start` returns at once; :meth:`Pending.result` waits and gives each file's
path, SHA-256 and size (:class:`.written.WrittenFile`), in the order of
:func:`.files.build_downloads`. The files themselves are already in the site
folder: their bytes never travel back, so the process that renders the pages
never holds the open data (a province's is gigabytes).

When a second core is there and the process can fork safely (one thread, a POSIX
system) and enough documents have no pieces yet, a forked worker process makes
and writes the files from its copy of the archive, and sends back the list, with
the per-document pieces when the caller keeps them for the next build (``mkdocs
serve``). Otherwise the files are made and written in this process when the
result is asked for. Either way they are written one group at a time (the
archive-wide files, then each year's), so only one group's bytes are held at once.

The job reaches the worker through fork itself (the child starts with the
parent's memory), so the archive is never pickled. Every file is a pure function
of the records, so where it was made does not change its bytes (tests compare
both ways, on disk).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Collection
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ..collection import Archive
from .files import DocumentPieces, build_downloads
from .written import WrittenFile, write_downloads

MIN_DOCUMENTS = 100  # below this, forking costs more than it saves


def write_all(site_dir: Path, archive: Archive, frozen: dict[int, str], years: Collection[int | None] | None,
              pieces: DocumentPieces) -> list[WrittenFile]:
    """``build_downloads(archive, frozen, years, pieces)`` written into ``site_dir``, one group at a time.

    The groups come in build_downloads' own order (archive-wide first, then year by year), and the
    files of a group are those of the full list (tests/test_export_pieces.py), so the order is the same.
    """
    groups = [y for y in (None, *archive.all_years()) if years is None or y in years]
    out: list[WrittenFile] = []
    for group in groups:
        out += write_downloads(site_dir, build_downloads(archive, frozen, {group}, pieces))
    return out


def _work(conn: Connection, site_dir: Path, archive: Archive, frozen: dict[int, str], years: Collection[int | None] | None,
          pieces: DocumentPieces, keep_pieces: bool) -> None:
    """In the worker: write the files, send back their hashes, and the pieces it made when they will be reused.

    For a one-off build, sending the pieces back would put the open data in the parent's memory after all.
    """
    try:
        before = pieces.keys()
        written = write_all(site_dir, archive, frozen, years, pieces)
        conn.send((written, pieces.new_since(before) if keep_pieces else [], None))
    except BaseException as exc:  # noqa: BLE001 - the parent re-raises it where the result is asked for
        conn.send(([], [], exc))
    finally:
        conn.close()


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1 and _cores() >= 2


class Pending:
    """Downloads being written (by a worker process, or on demand here)."""

    def __init__(self, site_dir: Path, archive: Archive, frozen: dict[int, str], years: Collection[int | None] | None,
                 pieces: DocumentPieces, background: bool, keep_pieces: bool = True) -> None:
        self._args = (site_dir, archive, frozen, years, pieces)
        self._result: list[WrittenFile] | None = None
        self._process: Any = None
        self._conn: Connection | None = None
        if background:
            context = multiprocessing.get_context("fork")
            receive, send = context.Pipe(duplex=False)
            self._process = context.Process(target=_work, args=(send, *self._args, keep_pieces), daemon=True)
            self._process.start()
            send.close()  # the worker holds the sending end; EOF here then means the worker died
            self._conn = receive

    def close(self, *, stop: bool = True) -> None:
        """Give up on the result (a failed build): stop the worker. ``stop=False``: it has finished, wait for its exit."""
        if self._process is not None:
            if stop:
                self._process.terminate()
            self._process.join()
            self._process = None
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    @property
    def in_background(self) -> bool:
        return self._process is not None

    def result(self) -> list[WrittenFile]:
        """Wait until every file is written; each one's path, SHA-256 and size."""
        if self._result is None:
            if self._process is not None and self._conn is not None:
                try:
                    written, made, error = self._conn.recv()  # before join(): a large result fills the pipe
                except EOFError:
                    self._process.join()
                    raise RuntimeError(f"the open-data worker process ended without a result (exit code {self._process.exitcode})") from None
                finally:
                    self.close(stop=False)
                if error is not None:
                    raise error
                self._args[4].add(made)
                self._result = written
            else:
                self._result = write_all(*self._args)
        return self._result


def start(archive: Archive, frozen: dict[int, str] | None = None, years: Collection[int | None] | None = None,
          *, site_dir: Path, pieces: DocumentPieces | None = None, background: bool | None = None, keep_pieces: bool = True) -> Pending:
    """Begin writing the downloads into ``site_dir`` (see the module docstring); ``background`` forces the choice (tests).

    ``site_dir`` must no longer be emptied by anyone (MkDocs cleans it after ``on_pre_build``).
    ``pieces`` are the per-document pieces of earlier builds; with ``keep_pieces`` the worker's
    new pieces are added to them (worth it only when another build follows, as in ``mkdocs serve``).
    """
    pieces = pieces if pieces is not None else DocumentPieces()
    if background is None:
        records = archive.records if years is None else [r for r in archive.records if r.year in years]
        background = can_fork() and pieces.missing(records) >= MIN_DOCUMENTS
    return Pending(Path(site_dir), archive, dict(frozen or {}), years, pieces, background, keep_pieces)
