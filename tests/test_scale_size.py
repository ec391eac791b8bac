"""Site bytes per document do not grow with the number of documents (sizes, never times)."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetsite import synth
from conftest import run_build, write_site_config

pytestmark = pytest.mark.slow


def _build(root: Path, n: int) -> Path:
    data = root / "data"
    synth.write(data, n, seed=11)
    result = run_build(write_site_config(root, data))
    assert result.returncode == 0, result.stderr[-3000:]
    return root / "site"


def _sizes(site: Path) -> tuple[int, list[int]]:
    """(bytes of everything but the theme's fixed assets, sizes of the document pages)."""
    total = 0
    pages = []
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        rel = path.relative_to(site).parts
        if rel[0] == "assets":
            continue  # Material's and budgetsite's CSS/JS: the same at any N
        total += path.stat().st_size
        if len(rel) == 3 and rel[0].isdigit() and rel[2] == "index.html":
            pages.append(path.stat().st_size)
    return total, pages


def test_bytes_per_document_do_not_grow_with_n(tmp_path: Path) -> None:
    small_total, small_pages = _sizes(_build(tmp_path / "small", 20))
    large_total, large_pages = _sizes(_build(tmp_path / "large", 80))
    assert len(small_pages) == 20 and len(large_pages) == 80
    # A document page does not embed anything that grows with the archive (such as the nav).
    small_page, large_page = sum(small_pages) / 20, sum(large_pages) / 80
    assert large_page <= small_page * 1.15, (small_page, large_page)
    # Nor does the site as a whole: per document, four times the documents cost no more.
    assert large_total / 80 <= small_total / 20 * 1.15, (small_total / 20, large_total / 80)
