"""`mkdocs serve` after a bad edit: the open browser tab shows the error (file, line, message), and the
site again once the file is fixed, instead of waiting for minutes with the error only in the terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import make_data_dir, write_site_config
from test_serve import fetch_until, free_port

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def line_of(text: str, needle: str) -> int:
    return next(n for n, ln in enumerate(text.splitlines(), start=1) if needle in ln)


def test_a_bad_edit_shows_an_error_page_in_the_browser_and_the_fix_brings_the_site_back(browser, tmp_path: Path) -> None:
    data = make_data_dir(tmp_path)
    config = write_site_config(tmp_path, data)
    port = free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL=f"http://127.0.0.1:{port}/")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
                              cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    record = data / "2021" / "711001.yaml"
    good = record.read_text(encoding="utf-8")
    url = f"http://127.0.0.1:{port}/2021/711001/"
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        fetch_until(url, lambda html: "市级劳动模范春节慰问资金" in html)
        tab = context.new_page()
        tab.goto(url)
        tab.wait_for_selector("text=市级劳动模范春节慰问资金")
        bad = good.replace("total: 20.00", "total: 20万元")
        record.write_text(bad, encoding="utf-8")
        # The tab reloads by itself (MkDocs' live reload) into the error page.
        heading = tab.wait_for_selector("#bs-build-error", timeout=90_000)
        assert "网站未能生成：数据文件有 1 处错误" in heading.inner_text()
        row = tab.inner_text("tbody tr")
        assert "data/2021/711001.yaml" in row and f"\t{line_of(bad, 'total: 20万元')}\t" in row
        assert "projects[1].budget.total" in row and "去掉“万元”" in row and "第 2 个项目“市级劳动模范春节慰问资金”" in row
        # Every address answers with the error while the data is broken, the home page too.
        assert "网站未能生成" in fetch_until(f"http://127.0.0.1:{port}/", lambda html: "网站未能生成" in html)
        record.write_text(good, encoding="utf-8")
        tab.wait_for_selector(".md-content >> text=市级劳动模范春节慰问资金", timeout=90_000)  # the themed page, not the error list
        assert tab.query_selector("#bs-build-error") is None
    finally:
        context.close()
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "Traceback" not in output
    assert "data/2021/711001.yaml" in output  # the terminal has the list too
