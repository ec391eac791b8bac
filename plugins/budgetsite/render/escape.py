"""Escaping record text before it reaches Markdown or HTML.

Record text is data, never markup: ``<script>``, ``|``, ``*``, ``[x](javascript:…)``,
``{{ }}`` and ``{% %}`` must all show up as the literal characters.
"""

from __future__ import annotations

import html
import re

# Every ASCII character that Markdown, its extensions (attr_list, tables, pymdownx
# marks, emoji, arithmatex) or a template engine could give meaning to. Numeric
# character references are inert in all of them and render as the character itself.
_MARKDOWN_SPECIAL = "\\`*_{}[]()#+-!|~^=:$"
_TABLE = {ord(c): f"&#{ord(c)};" for c in _MARKDOWN_SPECIAL}
# Python-Markdown reads CR LF, a lone CR and LF each as a line end.
_LINE_BREAK = re.compile(r"\r\n?|\n")
# Leading blanks would make an indented code block of the paragraph.
_LEADING_BLANKS = re.compile(r"^[ \t]+")


def h(text: object) -> str:
    """Text for an HTML element or attribute value."""
    return html.escape(str(text), quote=True)


def md(text: object) -> str:
    """Text for a Markdown paragraph or heading: nothing in it can become markup."""
    escaped = html.escape(str(text), quote=True)
    # html.escape produced entities with "&", "#" and ";": translate only the
    # characters outside those entities.
    out = []
    i = 0
    while i < len(escaped):
        ch = escaped[i]
        if ch == "&":
            end = escaped.index(";", i)
            out.append(escaped[i : end + 1])
            i = end + 1
            continue
        out.append(_TABLE.get(ord(ch), ch))
        i += 1
    # "1. text" at the start of a paragraph would become an ordered list.
    text_out = "".join(out)
    digits = len(text_out) - len(text_out.lstrip("0123456789"))
    if digits and text_out[digits : digits + 1] == ".":
        text_out = text_out[:digits] + "&#46;" + text_out[digits + 1 :]
    text_out = _LEADING_BLANKS.sub(lambda m: "".join(f"&#{ord(c)};" for c in m.group()), text_out)
    # Line breaks inside a value would end a paragraph or table cell early.
    return _LINE_BREAK.sub("<br>", text_out)


def h_multiline(text: object) -> str:
    """HTML text that keeps the line breaks of the source."""
    return _LINE_BREAK.sub("<br>", h(text))
