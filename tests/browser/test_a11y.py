"""axe-core (bundled by the PyPI package axe-playwright-python) in Chromium: no serious or
critical violations on the home, year, document and department pages, in the normal
layout and in the 长辈版 reading mode; none of any impact on the home page."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import _serve, make_data_dir, run_build, write_site_config

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


@pytest.mark.parametrize("reading", [False, True], ids=["normal", "reading-mode"])
def test_home_page_has_no_violations_of_any_impact(page, site_url: str, reading: bool) -> None:
    """The home page's search button is a real <button> (it was a label with role=button:
    axe's minor aria-allowed-role): not even minor or moderate findings are left there."""
    violations = audit(page, site_url, PAGES["home"], reading)
    assert not violations, describe(violations)
    assert page.locator(".bs-search-cta button[type=button]").is_visible()


FOOTER = {
    "footer_sponsor": "承德县财政局",
    "footer_site_code": '"1308210001"',
    "footer_icp": "冀ICP备12345678号-1",
    "footer_police": "冀公网安备13082102000001号",
    "footer_contact": "地址：承德县 电话：0314-0000000",
}


@pytest.fixture(scope="module")
def footer_site_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The fixture data built with every footer field set (links in the dark footer)."""
    root = tmp_path_factory.mktemp("a11y-footer")
    data = make_data_dir(root)
    config = write_site_config(root, data)
    lines = [line for line in config.read_text(encoding="utf-8").splitlines(keepends=True) if "footer_" not in line]
    options = "".join(f"      {k}: {v}\n" for k, v in FOOTER.items())
    anchor = f"data_dir: {data.as_posix()}\n"
    config.write_text("".join(lines).replace(anchor, anchor + options), encoding="utf-8")
    result = run_build(config)
    assert result.returncode == 0, result.stderr
    return _serve(str(root / "site"))


@pytest.mark.parametrize("reading", [False, True], ids=["normal", "reading-mode"])
def test_the_full_footer_has_no_serious_violations(page, footer_site_url: str, reading: bool) -> None:
    violations = audit(page, footer_site_url, "/2021/711001/", reading)
    assert page.locator(".bs-gov-footer a").count() == 2
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, describe(blocking)


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
