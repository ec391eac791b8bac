"""Page addresses, computed the way MkDocs does, so generated HTML can link between pages."""

from __future__ import annotations

import posixpath


def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """'2021/711001.md' -> '2021/711001/' (or '2021/711001.html'); 'index.md' -> ''."""
    stem, _ = posixpath.splitext(src_uri)
    if directory_urls:
        if posixpath.basename(stem) == "index":
            parent = posixpath.dirname(stem)
            return f"{parent}/" if parent else ""
        return f"{stem}/"
    return f"{stem}.html"


def relative_url(from_src: str, to_src: str, directory_urls: bool = True, anchor: str = "") -> str:
    """The link from one page to another, relative, as MkDocs writes it."""
    src = page_url(from_src, directory_urls)
    dest = page_url(to_src, directory_urls)
    base = src if src.endswith("/") or src == "" else posixpath.dirname(src)
    rel = posixpath.relpath(dest or ".", base or ".")
    if dest.endswith("/") or dest == "":
        rel = "./" if rel == "." else rel + "/"
    return rel + (f"#{anchor}" if anchor else "")


def asset_url(from_src: str, asset: str, directory_urls: bool = True) -> str:
    """A link from a page to a static file such as 'downloads/2021.csv'."""
    src = page_url(from_src, directory_urls)
    base = src if src.endswith("/") or src == "" else posixpath.dirname(src)
    return posixpath.relpath(asset, base or ".")
