"""Atomic builds: a reader of site/ sees the complete old site or the complete new one, whatever happens to the build.

`mkdocs build` writes the new site beside the old one and swaps it in whole (budgetsite.sitedir);
these tests kill real builds at random moments, run two at once, and fail one after its pages are
written, and compare site/ file by file with complete builds of the same data.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from budgetsite.sitedir import SiteBusy, SiteSwap
from budgetsite.synth import write
from conftest import SEED_RECORD, SITE_URL, write_site_config

DOCS = 30


def snapshot(site: Path) -> dict[str, str]:
    """Every file of a site folder and its SHA-256 (empty for a missing folder)."""
    if not site.is_dir():
        return {}
    return {p.relative_to(site).as_posix(): hashlib.sha256(_content(p)).hexdigest() for p in sorted(site.rglob("*")) if p.is_file()}


def _content(path: Path) -> bytes:
    """A file's bytes; a .gz file's uncompressed bytes, since its header holds the time of the build (sitemap.xml.gz)."""
    data = path.read_bytes()
    if path.suffix != ".gz":
        return data
    try:
        return gzip.decompress(data)
    except (OSError, EOFError):  # a cut-off file: its bytes, which match no complete site's
        return data


def start_build(config: Path, *args: str) -> subprocess.Popen[str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL=SITE_URL)
    return subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-f", str(config), *args], cwd=config.parent, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def use_data(data: Path, seed: int) -> None:
    shutil.rmtree(data, ignore_errors=True)
    write(data, DOCS, seed)


@pytest.fixture(scope="module")
def two_sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[int, dict[str, str]], float]:
    """A site folder, its config, the complete site of each of two data sets (seeds 1 and 2) and how long a build takes."""
    root = tmp_path_factory.mktemp("atomic")
    data = root / "data"
    config = write_site_config(root, data)
    sites: dict[int, dict[str, str]] = {}
    took = 0.0
    for seed in (2, 1):  # the site of seed 1 is left in place
        use_data(data, seed)
        start = time.perf_counter()
        build = start_build(config)
        _, err = build.communicate()
        took = max(took, time.perf_counter() - start)
        assert build.returncode == 0, err
        sites[seed] = snapshot(root / "site")
    assert sites[1] != sites[2] and len(sites[1]) > 100
    return root, config, sites, took


def test_a_build_killed_at_random_moments_leaves_the_old_site_or_the_new_one(two_sites: tuple[Path, Path, dict[int, dict[str, str]], float]) -> None:
    root, config, sites, took = two_sites
    site = root / "site"
    current = 1
    moments = random.Random(13).sample(range(5, 100), 4)
    seen = set()
    for percent in moments:
        other = 3 - current
        use_data(root / "data", other)
        build = start_build(config)
        time.sleep(took * percent / 100)
        os.killpg(build.pid, signal.SIGKILL)
        build.wait()
        now = snapshot(site)
        assert now in (sites[current], sites[other]), f"killed at {percent}% of a build: site/ is neither complete site ({len(now)} files)"
        current = 1 if now == sites[1] else 2
        seen.add(now == sites[other])
    # The next build tidies what the killed ones left beside site/.
    use_data(root / "data", 3 - current)
    build = start_build(config)
    _, err = build.communicate()
    assert build.returncode == 0, err
    assert snapshot(site) == sites[3 - current]
    # The replaced site is deleted by a process of its own (sitedir.discard), without holding up the build.
    for _ in range(600):
        left = sorted(p.name for p in root.iterdir() if p.name.startswith(".site"))
        if left == [".site.lock"]:
            break
        assert all(name.startswith(".site.trash-") or name == ".site.lock" for name in left), left
        time.sleep(0.1)
    assert left == [".site.lock"]


def test_two_builds_at_once_never_leave_a_broken_site(two_sites: tuple[Path, Path, dict[int, dict[str, str]], float]) -> None:
    root, config, sites, _ = two_sites
    use_data(root / "data", 2)
    runs = [start_build(config) for _ in range(2)]
    results = [(run.wait(), run.communicate()[1]) for run in runs]
    codes = sorted(code for code, _ in results)
    assert codes == [0, 1], results
    (refused,) = [err for code, err in results if code == 1]
    assert "另一个构建正在写" in refused and "Traceback" not in refused
    assert snapshot(root / "site") == sites[2]


def test_a_strict_build_that_fails_after_writing_its_pages_keeps_the_old_site(two_sites: tuple[Path, Path, dict[int, dict[str, str]], float]) -> None:
    root, config, sites, _ = two_sites
    before = snapshot(root / "site")
    use_data(root / "data", 1 if before == sites[2] else 2)
    (root / "data" / "2021").mkdir(exist_ok=True)
    shutil.copy(SEED_RECORD, root / "data" / "2021" / "711001.yaml")
    # The seed's review findings are warnings: --strict aborts after post_build, when the new site is already complete.
    build = start_build(config, "--strict")
    out, err = build.communicate()
    assert build.returncode == 1 and "strict mode" in out + err and "search index of" in err, out + err
    assert snapshot(root / "site") == before


def test_the_lock_refuses_a_second_writer_and_is_released(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "page.html").write_text("old", encoding="utf-8")
    first = SiteSwap(site)
    building = first.begin()
    (building / "page.html").write_text("new", encoding="utf-8")
    with pytest.raises(SiteBusy, match="另一个构建正在写"):
        SiteSwap(site).begin()
    assert (site / "page.html").read_text(encoding="utf-8") == "old"
    first.commit()
    assert (site / "page.html").read_text(encoding="utf-8") == "new" and not building.exists()
    again = SiteSwap(site)
    again.begin()
    again.abort()
    assert (site / "page.html").read_text(encoding="utf-8") == "new"


def test_a_site_left_aside_by_a_build_killed_between_two_renames_comes_back(tmp_path: Path) -> None:
    """Where the system cannot exchange two folders atomically, the old site is renamed aside first."""
    site = tmp_path / "site"
    aside = tmp_path / ".site.old-1-abcd"
    aside.mkdir()
    (aside / "page.html").write_text("old", encoding="utf-8")
    swap = SiteSwap(site)
    swap.begin()
    assert (site / "page.html").read_text(encoding="utf-8") == "old" and not aside.exists()
    swap.abort()
