"""Generated pages' HTML blocks kept out of Python-Markdown (render/raw_blocks.py) give the same page."""

from __future__ import annotations

import re

import markdown
import pytest

from budgetsite.render.raw_blocks import RestoreError, restore, stash
from budgetsite.site import SiteOptions, generate_pages

EXTENSIONS = ["attr_list", "md_in_html", "tables", "toc"]


def convert(text: str) -> str:
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs={"toc": {"permalink": True}}).convert(text)


def tight(html: str) -> str:
    """Whitespace between tags does not show."""
    return re.sub(r">\s+<", "><", html).strip()


def test_every_generated_page_converts_to_the_same_html_with_its_blocks_kept_aside(archive) -> None:
    pages = list(generate_pages(archive, SiteOptions()))
    stashed_blocks = 0
    for page in pages:
        text, blocks, stem = stash(page.markdown)
        stashed_blocks += len(blocks)
        assert tight(restore(convert(text), blocks, stem)) == tight(convert(page.markdown)), page.src_uri
    assert stashed_blocks > 3 * len(pages)  # the tables, lists and notices of every page went around Markdown


def test_record_text_is_still_markdown_and_cannot_pose_as_a_placeholder() -> None:
    text = "# 标题 {#top}\n\n<div class=\"x\"><p>a</p></div>\n\n段落 **粗体**\n\n<table><tr><td>1</td></tr></table>\n"
    out, blocks, stem = stash(text)
    assert len(blocks) == 2 and "段落 **粗体**" in out and "<div" not in out
    html = restore(convert(out), blocks, stem)
    assert "<strong>粗体</strong>" in html and '<div class="x"><p>a</p></div>' in html and 'id="top"' in html
    # A paragraph that happens to read like another page's placeholder is left alone.
    forged = f"{stem}x0"
    other, other_blocks, other_stem = stash(text + f"\n{forged}\n")
    assert other_stem != stem and forged in restore(convert(other), other_blocks, other_stem)


def test_a_placeholder_markdown_did_not_keep_is_an_error() -> None:
    out, blocks, stem = stash("<div>a</div>\n\n<div>b</div>\n")
    with pytest.raises(RestoreError):
        restore(convert(out).replace(f"<p>{stem}x1</p>", ""), blocks, stem)
    with pytest.raises(RestoreError):
        restore(convert(out).replace(f"<p>{stem}x0</p>", ""), blocks, stem)
