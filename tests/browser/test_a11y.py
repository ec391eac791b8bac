"""axe-core (bundled by the PyPI package axe-playwright-python) in Chromium: no serious or
critical violations on the home, year, document and department pages, in the normal
layout and in the 长辈版 reading mode."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    "year": "/2021/",
    "document": "/2021/711001/",
    "department": "/departments/711001/",
}
BLOCKING = {"serious", "critical"}
# All of axe's WCAG 2.0/2.1 A and AA rules plus its best practices.
OPTIONS = {"resultTypes": ["violations"]}


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node['failureSummary'].splitlines()[-1].strip()}")
    return "\n".join(lines)


def audit(page, site_url: str, path: str, reading: bool) -> list[dict]:
    if reading:
        page.add_init_script("localStorage.setItem('budgetsite.reading', '1')")
    page.goto(site_url + path)
    page.wait_for_selector(".bs-reading-toggle")
    assert page.evaluate("document.documentElement.classList.contains('bs-reading')") is reading
    return Axe().run(page, options=OPTIONS).response["violations"]


@pytest.mark.parametrize("reading", [False, True], ids=["normal", "reading-mode"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_or_critical_axe_violations(page, site_url: str, name: str, reading: bool) -> None:
    violations = audit(page, site_url, PAGES[name], reading)
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, f"{name} page{' (长辈版)' if reading else ''}:\n{describe(blocking)}"
    assert page.console_errors == []


def test_axe_finds_a_violation_when_there_is_one(page, site_url: str) -> None:
    """The audit is live: an image without a name and a low-contrast line are reported."""
    page.goto(site_url + PAGES["document"])
    page.evaluate("""() => {
        const p = document.createElement('p');
        p.textContent = '低对比度';
        p.style.color = '#dddddd';
        p.style.background = '#ffffff';
        document.querySelector('article').prepend(p);
        const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
        svg.setAttribute('role', 'img');
        document.querySelector('article').prepend(svg);
    }""")
    ids = {v["id"] for v in Axe().run(page, options=OPTIONS).response["violations"] if v["impact"] in BLOCKING}
    assert {"color-contrast", "svg-img-alt"} <= ids
