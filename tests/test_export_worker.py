"""The open-data worker process: its failures reach the build as errors, never as a hang or a lost file."""

from __future__ import annotations

import os
import time

import pytest

from budgetsite.export import parallel


def test_an_error_in_the_worker_is_raised_where_the_result_is_asked_for(archive, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object) -> list:
        raise ValueError("坏的记录")

    monkeypatch.setattr(parallel, "build_downloads", fail)  # the forked worker starts with this module as patched
    pending = parallel.start(archive, background=True)
    assert pending.in_background
    with pytest.raises(ValueError, match="坏的记录"):
        pending.result()
    assert not pending.in_background


def test_a_worker_that_dies_is_reported_with_its_exit_code(archive, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "build_downloads", lambda *args: os._exit(7))
    pending = parallel.start(archive, background=True)
    with pytest.raises(RuntimeError, match=r"ended without a result \(exit code 7\)"):
        pending.result()


def test_a_failed_build_stops_the_worker(archive, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "build_downloads", lambda *args: time.sleep(60))
    pending = parallel.start(archive, background=True)
    process = pending._process
    pending.close()
    assert not pending.in_background and process.exitcode is not None and process.exitcode < 0  # terminated, not finished
