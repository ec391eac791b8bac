"""`mkdocs serve` rebuilds when a record under data/ changes, with the same plugin instance and only that record re-parsed."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import make_data_dir, write_site_config

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch_until(url: str, predicate, timeout: float = 90.0) -> str:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                last = response.read().decode("utf-8")
            if predicate(last):
                return last
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} never matched; last response began: {last[:200]!r}")


def test_serve_rebuilds_when_a_record_changes(tmp_path: Path) -> None:
    data = make_data_dir(tmp_path)
    config = write_site_config(tmp_path, data)
    port = free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL=f"http://127.0.0.1:{port}/")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
                              cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = f"http://127.0.0.1:{port}/2021/711001/"
        fetch_until(url, lambda html: "市级劳动模范春节慰问资金" in html)
        record = data / "2021" / "711001.yaml"
        record.write_text(record.read_text(encoding="utf-8").replace("name: 市级劳动模范春节慰问资金", "name: 市级劳动模范春节慰问资金（已更新）"), encoding="utf-8")
        html = fetch_until(url, lambda html: "市级劳动模范春节慰问资金（已更新）" in html)
        assert "130821215ZG8SLNX0HFWL" in html
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "Traceback" not in output
    # The record cache lives on the plugin instance only: the rebuild parsing one record of
    # three shows that MkDocs kept the instance (and its cache) between builds.
    loads = [line.split("budgetsite: ", 1)[1] for line in output.splitlines() if "records, 2 years" in line]
    assert loads[:2] == ["3 records, 2 years (3 parsed, the rest unchanged since the last build)",
                         "3 records, 2 years (1 parsed, the rest unchanged since the last build)"], output


def test_loading_the_configuration_again_keeps_the_plugin_instance(tmp_path: Path) -> None:
    """What `mkdocs serve` does on every rebuild (get_config): MkDocs 1.6 reuses a plugin that defines on_startup."""
    from mkdocs.config import load_config

    config = write_site_config(tmp_path, make_data_dir(tmp_path))
    first = load_config(config_file=str(config)).plugins["budgetsite"]
    second = load_config(config_file=str(config)).plugins["budgetsite"]
    assert first is second and hasattr(first, "on_startup")
    assert first.cache is second.cache and first.pieces is second.pieces


def fetch_error_page(url: str, timeout: float = 90.0) -> str:
    """The error page: served with status 404 at every address but the home page, so read the error's body."""
    import urllib.error

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                body = response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            body = exc.read().decode("utf-8")
        except OSError:
            body = ""
        if "网站未能生成" in body:
            return body
        time.sleep(0.5)
    raise AssertionError(f"{url} never showed the error page")


def test_serve_started_on_bad_data_serves_the_error_page_then_the_site(tmp_path: Path) -> None:
    """Issue 12, point 9: `mkdocs serve` used to give up (first build) or hang every request (a rebuild)."""
    data = make_data_dir(tmp_path)
    record = data / "2021" / "711001.yaml"
    good = record.read_text(encoding="utf-8")
    record.write_text(good.replace("status: 草案", "status: 征求意见稿"), encoding="utf-8")
    config = write_site_config(tmp_path, data)
    port = free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL=f"http://127.0.0.1:{port}/")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
                              cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        page = fetch_error_page(f"http://127.0.0.1:{port}/2021/711001/")
        assert "data/2021/711001.yaml" in page and "status" in page and "征求意见稿" in page
        record.write_text(good, encoding="utf-8")
        fetch_until(f"http://127.0.0.1:{port}/2021/711001/", lambda html: "市级劳动模范春节慰问资金" in html and "网站未能生成" not in html)
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "Traceback" not in output
