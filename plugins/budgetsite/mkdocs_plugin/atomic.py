"""`mkdocs build` writes the new site beside the old one and swaps it in whole (budgetsite.sitedir)."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from ..sitedir import SiteBusy, SiteSwap


def begin(config: MkDocsConfig, command: str) -> SiteSwap | None:
    """Point ``site_dir`` at an empty sibling folder, under the site's lock; only for `mkdocs build`.

    `mkdocs serve` builds into its own temporary folder and gh-deploy pushes ``site_dir`` before
    shutdown, so both, and builds through the Python API (no on_startup), write ``site_dir`` in place.
    """
    if command != "build":
        return None
    swap = SiteSwap(Path(config.site_dir))
    try:
        config.site_dir = str(swap.begin())
    except SiteBusy as exc:
        raise PluginError(f"budgetsite: {exc}") from None
    return swap


def mark(swap: SiteSwap | None, *, ready: bool) -> None:
    if swap is not None:
        swap.ready = ready


def finish(swap: SiteSwap | None) -> None:
    """At shutdown: swap in a build that reached its end, throw away any other (an error, Ctrl-C, --strict)."""
    if swap is None:
        return
    if not swap.ready:
        swap.abort()
        return
    try:
        swap.commit()
    except SiteBusy as exc:
        raise PluginError(f"budgetsite: {exc}") from None
