"""The done-when check of bench/unit_totals.py, smaller: year totals recomputed from the YAML agree with the site.

The script reads the YAML itself (PyYAML's BaseLoader, fractions) and shares no code with the
site's arithmetic; here it runs on a small synthetic archive with departments in 元, both on the
pages the core makes and on a site built by MkDocs, and is shown to catch a wrong figure.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from budgetsite import routes, synth
from conftest import REPO

SCRIPT = REPO / "bench" / "unit_totals.py"


def _script():
    spec = importlib.util.spec_from_file_location("unit_totals", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_year_totals_recomputed_from_the_yaml_agree_with_pages_and_files() -> None:
    result = subprocess.run([sys.executable, str(SCRIPT), "--docs", "80", "--seed", "3"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1].startswith("checked=") and lines[-1].endswith(" mismatches=0")
    assert int(lines[-1].split()[0].split("=")[1]) > 500
    assert any(" in 元" in ln and not ln.split(": ", 1)[1].startswith("0 ") for ln in lines)


@pytest.mark.slow
def test_the_check_agrees_with_a_site_built_by_mkdocs() -> None:
    result = subprocess.run([sys.executable, str(SCRIPT), "--docs", "30", "--build"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "built site" in result.stdout and result.stdout.rstrip().endswith("mismatches=0")


def test_the_check_catches_a_wrong_total(tmp_path: Path) -> None:
    ut = _script()
    data = tmp_path / "data"
    synth.write(data, 40, seed=5)
    docs = ut.read_docs(data)
    assert {d.unit for d in docs} == {"元", "万元"}
    site = ut.Published(data, None)
    year = min(d.year for d in docs)
    page = routes.year_page(year)
    year_docs = [d for d in docs if d.year == year]
    right = ut.cents(sum(d.total for d in year_docs))
    assert f"预算数合计 <strong>{right}</strong> 万元" in site.pages[page]
    # the figure a site gets by adding 元 and 万元 as one number
    wrong = ut.cents(sum(d.own_total for d in year_docs))
    site.pages[page] = site.pages[page].replace(f"预算数合计 <strong>{right}</strong>", f"预算数合计 <strong>{wrong}</strong>")
    checker = ut.Checker()
    ut.check_year(year, year_docs, site, checker)
    assert [m.split(":")[0] for m in checker.mismatches] == [f"{year} year page summary 预算数合计"]
