"""Generated pages' HTML blocks kept out of Python-Markdown, and put back after it.

A generated page is mostly HTML (tables, download lists, notices) between a few Markdown
headings. Python-Markdown passes such blocks through unchanged, but only after running an HTML
parser over every tag to find where each block ends: at 1,000 documents that was most of the
time spent converting pages. :func:`stash` replaces each top-level HTML block (a part between
blank lines that starts with a block-level tag) by a placeholder paragraph, and :func:`restore`
puts the block back in place of the ``<p>`` Markdown made of it. Headings, paragraphs of escaped
record text and the table of contents go through Markdown as before.

The placeholder carries a digest of the page, which record text cannot contain (it would have to
contain the digest of the page it is part of).
"""

from __future__ import annotations

import hashlib
import re

# Python-Markdown's block-level tags that our renderers start a block with.
BLOCK_START = re.compile(r"<(div|table|p|ul|ol|section|figure|details|nav|script|svg|h[1-6]|form|dl|blockquote)[\s>]")


def stash(markdown: str) -> tuple[str, list[str], str]:
    """The Markdown with each HTML block replaced by a placeholder line; the blocks; the placeholder's stem."""
    stem = "bsraw" + hashlib.sha256(markdown.encode("utf-8")).hexdigest()[:16]
    blocks: list[str] = []
    parts = markdown.split("\n\n")
    for i, part in enumerate(parts):
        if BLOCK_START.match(part):
            parts[i] = f"{stem}x{len(blocks)}"
            blocks.append(part)
    return "\n\n".join(parts), blocks, stem


class RestoreError(ValueError):
    """Markdown did not keep a placeholder as a paragraph of its own: a renderer produced something unexpected."""


def restore(html: str, blocks: list[str], stem: str) -> str:
    """Each placeholder paragraph replaced by its HTML block."""
    if not blocks:
        return html
    pieces = re.split(f"<p>({stem}x[0-9]+)</p>", html)
    seen = 0
    for i in range(1, len(pieces), 2):
        n = int(pieces[i][len(stem) + 1:])
        if n != seen:
            raise RestoreError(f"HTML block {seen} of the page was not kept as a paragraph of its own")
        pieces[i] = blocks[n]
        seen += 1
    if seen != len(blocks):
        raise RestoreError(f"HTML block {seen} of the page was not kept as a paragraph of its own")
    return "".join(pieces)
