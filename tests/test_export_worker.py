"""The open-data worker process: its failures reach the build as errors, never as a hang or a lost file.

The worker writes straight into the site folder that `mkdocs build` swaps in at the end, so a
worker that fails must fail the build and leave the old site in place (the last tests run real builds).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from budgetsite.export import parallel
from conftest import REPO, SITE_URL, make_data_dir, write_site_config


def test_an_error_in_the_worker_is_raised_where_the_result_is_asked_for(archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object) -> list:
        raise ValueError("坏的记录")

    monkeypatch.setattr(parallel, "build_downloads", fail)  # the forked worker starts with this module as patched
    pending = parallel.start(archive, site_dir=tmp_path, background=True)
    assert pending.in_background
    with pytest.raises(ValueError, match="坏的记录"):
        pending.result()
    assert not pending.in_background


def test_a_worker_that_dies_is_reported_with_its_exit_code(archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "build_downloads", lambda *args: os._exit(7))
    pending = parallel.start(archive, site_dir=tmp_path, background=True)
    with pytest.raises(RuntimeError, match=r"ended without a result \(exit code 7\)"):
        pending.result()


def test_a_failed_build_stops_the_worker(archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "build_downloads", lambda *args: time.sleep(60))
    pending = parallel.start(archive, site_dir=tmp_path, background=True)
    process = pending._process
    pending.close()
    assert not pending.in_background and process.exitcode is not None and process.exitcode < 0  # terminated, not finished


def test_a_worker_that_cannot_write_fails_with_the_path(archive, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "downloads").write_bytes(b"")  # a file where the downloads folder must go
    for background in (True, False):
        pending = parallel.start(archive, site_dir=site, background=background)
        with pytest.raises(OSError, match="downloads"):
            pending.result()


# `mkdocs build` in a child process whose open-data job is patched first: forced into a worker
# (the fixture data set is far below MIN_DOCUMENTS), and failing when the test asks for it.
BUILD = """
import os, sys
from budgetsite.export import parallel
parallel.MIN_DOCUMENTS = 0
if os.environ.get("WORKER_FAILS") == "error":
    def fail(*args):
        raise ValueError("坏的记录")
    parallel.build_downloads = fail
elif os.environ.get("WORKER_FAILS") == "exit":
    parallel.build_downloads = lambda *args: os._exit(9)
from mkdocs.__main__ import cli
sys.argv = ["mkdocs", "build", "-f", sys.argv[1]]
cli()
"""


def build(config: Path, fails: str = "", *, patched: bool = True) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL=SITE_URL, WORKER_FAILS=fails)
    command = [sys.executable, "-c", BUILD, str(config)] if patched else [sys.executable, "-m", "mkdocs", "build", "-f", str(config)]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=config.parent)


def snapshot(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.skipif(not parallel.can_fork(), reason="the worker needs fork and a second core")
def test_a_build_whose_worker_fails_keeps_the_old_site_and_a_worker_build_equals_one_without(tmp_path: Path) -> None:
    config = write_site_config(tmp_path, make_data_dir(tmp_path))
    plain = build(config, patched=False)  # few documents: every file made in the build process
    assert plain.returncode == 0, plain.stderr
    old = snapshot(tmp_path / "site")
    assert "downloads/2021/711001.xlsx" in old and "api/index.json" in old
    count = sum(1 for line in plain.stderr.splitlines() if line.endswith(" download files"))
    assert count == 1
    made = build(config)
    assert made.returncode == 0, made.stderr
    assert snapshot(tmp_path / "site") == old  # the worker wrote the very same files
    assert [line.split("budgetsite: ")[1] for line in made.stderr.splitlines() if line.endswith(" download files")] == \
        [line.split("budgetsite: ")[1] for line in plain.stderr.splitlines() if line.endswith(" download files")]
    # Exit code 9 in the message also shows the files were made in a worker: in-process, os._exit would end the build silently.
    for fails, message in (("error", "坏的记录"), ("exit", "exit code 9")):
        failed = build(config, fails)
        assert failed.returncode != 0
        assert message in failed.stderr
        assert snapshot(tmp_path / "site") == old
        assert not list(tmp_path.glob(".site.building-*"))  # the half-written site is thrown away


def test_a_docs_file_at_an_open_data_path_fails_the_build(tmp_path: Path) -> None:
    """The worker writes into the site while MkDocs copies docs/: two files at one path would race, so the build refuses."""
    docs = tmp_path / "docs"
    shutil.copytree(REPO / "docs", docs)
    (docs / "downloads" / "2021").mkdir(parents=True)
    (docs / "downloads" / "2021" / "711001.yaml").write_text("手写的文件\n", encoding="utf-8")
    config = write_site_config(tmp_path, make_data_dir(tmp_path), docs=docs)
    failed = build(config, patched=False)
    assert failed.returncode != 0
    assert "downloads/2021/711001.yaml 既是 docs/（或主题）中的文件，又是开放数据文件（共 1 个同名）" in failed.stderr
    assert not (tmp_path / "site").exists() and not list(tmp_path.glob(".site.building-*"))
