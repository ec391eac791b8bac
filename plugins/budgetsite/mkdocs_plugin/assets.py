"""The site's own CSS and JavaScript: added to the pages' head and served from the site itself, never a CDN.

Order matters: the stylesheets and scripts are listed in the order the pages load them.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

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


LUNR = "assets/javascripts/lunr/"
# What Material's search worker loads besides lunr.<lang>.min.js for some languages (its ``Ie`` in search.*.min.js).
LUNR_EXTRA = {"ja": ["tinyseg.js"], "hi": ["wordcut.js"], "th": ["wordcut.js"]}


def unused_theme_files(files: Files, config: MkDocsConfig) -> list[File]:
    """The theme's files no page ever loads: source maps (only a developer's tools fetch them), and the
    search worker's word splitters and stemmers of languages the site does not search in. At 100
    documents they were 2.2 MB, a sixth of the site."""
    search = config.plugins.get("material/search") or config.plugins.get("search")
    langs = list(getattr(getattr(search, "config", None), "lang", None) or ["en"]) if search is not None else []
    keep = {"min/lunr.stemmer.support.min.js", "min/lunr.multi.min.js"}
    keep |= {f"min/lunr.{lang}.min.js" for lang in langs} | {extra for lang in langs for extra in LUNR_EXTRA.get(lang, [])}
    theme = tuple(str(Path(d).resolve()) for d in config.theme.dirs)
    out = []
    for file in files:
        uri = file.src_uri
        if file.generated_by is not None or not file.abs_src_path or not str(Path(file.abs_src_path).resolve()).startswith(theme):
            continue  # the site's own files and hand-written ones are all published
        if uri.endswith(".map") or (uri.startswith(LUNR) and uri[len(LUNR):] not in keep):
            out.append(file)
    return out
