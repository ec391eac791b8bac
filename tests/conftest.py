"""Shared test fixtures: one realistic data set (the seed, a second department,
a second year), site builds, a loopback HTTP server and a headless Chromium."""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
SEED_TEXT = FIXTURES / "seed" / "000_1d0447c68cba06dd.txt"
SEED_RECORD = REPO / "data" / "2021" / "711001.yaml"
CHROMIUM = Path(os.environ.get("BUDGETSITE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu"]

# In CI a missing browser is a failure, never a silent skip.
REQUIRE_BROWSER = bool(os.environ.get("CI") or os.environ.get("BUDGETSITE_REQUIRE_BROWSER"))

# Property tests: modest example counts (two shared cores), no deadline (timing is not what they
# test). In CI the examples are derandomized and no example database is read or written, so every
# run tries the very same inputs; locally ("dev") each run explores new ones and remembers failures.
settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True, database=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))


def make_data_dir(target: Path) -> Path:
    """The shared fixture data set: the real seed plus two fictional records."""
    data = target / "data"
    shutil.copytree(FIXTURES / "extra", data)
    (data / "2021").mkdir(exist_ok=True)
    shutil.copy(SEED_RECORD, data / "2021" / "711001.yaml")
    return data


def write_site_config(root: Path, data_dir: Path, *, docs: Path | None = None, extra: str = "") -> Path:
    """A mkdocs.yml like the shipped one, pointed at ``data_dir``."""
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("data_dir: data", f"data_dir: {data_dir.as_posix()}")
    config = config.replace("docs_dir: docs", f"docs_dir: {(docs or REPO / 'docs').as_posix()}")
    config = config.replace("site_dir: site", f"site_dir: {(root / 'site').as_posix()}")
    path = root / "mkdocs.yml"
    path.write_text(config + extra, encoding="utf-8")
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# The fixture site is built for the port it is served on: Material's instant
# navigation only follows links that match site_url's sitemap.
SITE_PORT = _free_port()
SITE_URL = f"http://127.0.0.1:{SITE_PORT}/"


def run_build(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL=SITE_URL)
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(config), *args],
                          capture_output=True, text=True, env=env, cwd=config.parent)


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "budgetsite.cli", *args], capture_output=True, text=True, cwd=cwd or REPO)


@pytest.fixture(scope="session")
def fixture_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_data_dir(tmp_path_factory.mktemp("fixture"))


# A revision entry for the seed's first project (5.00 → 6.00), shared by the provenance tests.
REVISION = """
revisions:
  - date: 2024-04-01
    note: 根据县财政局批复调整预算数
    changes:
      - {path: "projects[130821212EHVWVXYA137X].budget.total", before: "5.00", after: "6.00"}
"""


def register_manifest(data: Path, year: int = 2021) -> None:
    """Register a manifest a test rewrote by hand, as `budgetsite freeze` registers the ones it writes.

    The registry of frozen years refuses hand-edited manifests (tests/test_provenance_registry.py);
    tests that edit one to reach a later check (a download no longer made, as after a change of
    the program) register it first, so that the check they test is the one that answers.
    """
    from budgetsite.frozen_registry import read_registry, registered, registry_file
    from budgetsite.routes import manifest_file

    registry, _ = read_registry(data)
    registry_file(data).write_bytes(registered(registry, year, manifest_file(data, year).read_bytes()))


def plan_errors(data: Path) -> list[str]:
    """Every error the build plan reports for a data folder, formatted as `check` prints them (none: [])."""
    from budgetsite.build import plan_build
    from budgetsite.errors import RecordsInvalid

    try:
        plan_build(data)
    except RecordsInvalid as exc:
        return [e.format() for e in exc.errors]
    return []


@pytest.fixture(scope="session")
def archive(fixture_data: Path):
    """The fixture data set, loaded once (tests read it, none changes it)."""
    from budgetsite.collection import load_archive

    return load_archive(fixture_data)


@pytest.fixture(scope="session")
def downloads(archive) -> dict[str, bytes]:
    """Every open-data file of the fixture data set, by path."""
    from budgetsite.export import build_downloads

    return {d.path: d.content for d in build_downloads(archive)}


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture data set built once with the shipped configuration and docs."""
    root = tmp_path_factory.mktemp("built")
    data = make_data_dir(root)
    result = run_build(write_site_config(root, data))
    assert result.returncode == 0, result.stderr
    return root / "site"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - signature from the base class
        pass


@functools.cache
def _serve(directory: str, port: int = 0) -> str:
    handler = functools.partial(_QuietHandler, directory=directory)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> str:
    """The built fixture site, served on loopback."""
    return _serve(str(built_site), SITE_PORT)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM}: install Debian's chromium package (apt-get install -y chromium)"
        if REQUIRE_BROWSER:
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: object, site_url: str) -> Iterator[object]:
    """A fresh page that records every request and console error, for assertions."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    pg = context.new_page()
    pg.requests = []  # type: ignore[attr-defined]
    pg.console_errors = []  # type: ignore[attr-defined]
    pg.on("request", lambda r: pg.requests.append(r.url))  # type: ignore[attr-defined]
    pg.on("console", lambda m: pg.console_errors.append(m.text) if m.type == "error" else None)  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.console_errors.append(str(e)))  # type: ignore[attr-defined]
    yield pg
    context.close()



EVALUATION_FIXTURES = FIXTURES / "evaluation"
SEED_EVALUATION_TEXT = EVALUATION_FIXTURES / "711001-2021-selfeval.txt"  # made-up results for a seed project: tests only


@pytest.fixture(scope="session")
def evaluation_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture data set with two self-evaluations, built: the fictional 712001 one (YAML), and one for a
    seed project imported from its text export with ``budgetsite import`` (made-up results, never in data/).
    Returns the folder holding data/, site/ and build.log."""
    root = tmp_path_factory.mktemp("evaluation")
    data = make_data_dir(root)
    shutil.copy(EVALUATION_FIXTURES / "data" / "2021" / "712001-evaluation.yaml", data / "2021")
    imported = run_cli("import", str(SEED_EVALUATION_TEXT), "--year", "2021", cwd=root)
    assert imported.returncode == 0, imported.stderr
    result = run_build(write_site_config(root, data))
    assert result.returncode == 0, result.stderr
    (root / "build.log").write_text(result.stderr, encoding="utf-8")
    return root


def search_document(files: dict[str, bytes], doc_id: int) -> dict:
    """The stored search document of global id ``doc_id`` (d/<year>/<number>.json, found from the manifest's spans)."""
    for year, start, end in json.loads(files["manifest.json"])["years"]:
        if start <= doc_id < end:
            return json.loads(files[f"d/{year}/{doc_id - start}.json"])
    raise KeyError(doc_id)
