"""The site's own CSS and JavaScript: added to the pages' head and served from the site itself, never a CDN.

Order matters: the stylesheets and scripts are listed in the order the pages load them.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

from .. import routes

ASSETS_DIR = Path(__file__).resolve().parent.parent / "assets"


def stylesheets() -> list[str]:
    return [routes.asset("budgetsite.css"), routes.asset("govsite.css")]


def scripts(search: bool) -> list[str]:
    # search.js opens the archive's own index; reading-mode.js runs the 长辈版 switch.
    return [routes.asset("budgetsite.js"), *([routes.asset("search.js")] if search else []), routes.asset("reading-mode.js")]


def register(config: MkDocsConfig, *, search: bool) -> None:
    """Add the site's assets to every page (once: on_config runs again on each `mkdocs serve` rebuild)."""
    for uri in stylesheets():
        if uri not in config.extra_css:
            config.extra_css.append(uri)
    for uri in scripts(search):
        if not any(str(s) == uri for s in config.extra_javascript):
            config.extra_javascript.append(uri)


def asset_files(config: MkDocsConfig, *, search: bool) -> list[File]:
    return [File.generated(config, uri, abs_src_path=str(ASSETS_DIR / Path(uri).name)) for uri in [*stylesheets(), *scripts(search)]]
