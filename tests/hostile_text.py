"""Generated record text for the property tests, and the Markdown renderer the shipped site uses.

The text mixes what could turn data into markup or break it on the way: Markdown (``*``, ``#``,
``1.``, ``|``, links), HTML tags and entities, Jinja (``{{ }}``, ``{% %}``), attribute lists,
control characters, every kind of line break, spreadsheet formula starts, and astral characters
(CJK Extension B, two UTF-16 code units each), beside ordinary Chinese text and codes.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import markdown
import yaml
from hypothesis import strategies as st

from conftest import REPO

FRAGMENTS = (
    "*", "**", "_", "__", "`", "```", "~~", "^^", "==", "#", "# ", "## ", "1. ", "1) ", "- ", "+ ", "> ", "|", " | ",
    "[x](javascript:alert(1))", "![a](b.png)", "<https://x.cn>", "<script>alert(1)</script>", "</p>", "<b>", "</td>",
    "<!-- c -->", "&amp;", "&", "&#x41;", "&lt;", "{{ x }}", "{% if x %}", "{#", "#}", "{: .cls }", "{#id}", "$x$", "\\",
    "\\*", ":", "::", "!", "[", "]", "(", ")", "---", "***", "=", "+", "-", "@", "=SUM(A1)", "5.00", "0", "100.00%",
    "\n", "\n\n", "\r\n", "\r", "\t", "    ", " ", "\u3000", "\x00", "\x01", "\x02", "\x03", "\x0b", "\x0c", "\x1b", "\x7f",
    "\x85", "\u2028", "\u2029", "\ufeff", "\u200b", "𠀀", "𪚥", "𠮷", "劳动模范", "绩效", "承德县", "ＡＢＣ１２３", "abc", "X1Y2", "123",
)
# Characters drawn one by one: printable ASCII, controls, Chinese (BMP), CJK Extension B.
CHARACTERS = st.one_of(
    st.characters(min_codepoint=0x00, max_codepoint=0x7F),
    st.characters(min_codepoint=0x80, max_codepoint=0x9F),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF),
)


def hostile_text(*, min_size: int = 1, max_size: int = 12) -> st.SearchStrategy[str]:
    """A string of fragments and single characters, any of which may break escaping."""
    return st.lists(st.one_of(st.sampled_from(FRAGMENTS), CHARACTERS), min_size=min_size, max_size=max_size).map("".join)


# What a reader can see: control characters (other than line breaks and tabs) are invisible and
# Python-Markdown itself deletes STX and ETX, so they are compared after removal.
INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\u200b\ufeff]")


def visible(text: str) -> str:
    """Text as a reader compares it: invisible characters removed, any run of white space one space."""
    return re.sub(r"\s+", " ", INVISIBLE.sub("", text)).strip()


def record_text(text: str) -> str:
    """What a record field holds after loading: the loader strips the value (and NFC is not applied)."""
    return text.strip()


class _IgnoreTags(yaml.SafeLoader):
    pass


_IgnoreTags.add_multi_constructor("!", lambda loader, suffix, node: None)


@functools.cache
def _extensions() -> tuple[list[str], dict[str, dict]]:
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoreTags)  # noqa: S506 - tags ignored
    names: list[str] = []
    options: dict[str, dict] = {}
    for item in config["markdown_extensions"]:
        if isinstance(item, dict):
            ((name, opts),) = item.items()
            names.append(name)
            options[name] = opts or {}
        else:
            names.append(item)
    return names, options


def render_markdown(text: str) -> str:
    """HTML from Markdown with exactly the markdown_extensions of the shipped mkdocs.yml."""
    names, options = _extensions()
    return markdown.markdown(text, extensions=names, extension_configs=options)


def yaml_quoted(text: str) -> str:
    """A YAML double-quoted scalar that loads back as exactly ``text`` (every non-printable escaped)."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch.isprintable() and ch not in "\u2028\u2029" or ch == " ":
            out.append(ch)
        elif ord(ch) > 0xFFFF:
            out.append(f"\\U{ord(ch):08x}")
        else:
            out.append(f"\\u{ord(ch):04x}")
    return '"' + "".join(out) + '"'


def nfkc_lower(text: str) -> str:
    """The search normalisation, written out here independently of search/tokens.py."""
    return unicodedata.normalize("NFKC", text).lower()
