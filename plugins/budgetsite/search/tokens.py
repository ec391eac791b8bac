"""The search tokenizer. ``assets/search.js`` implements the very same rules in the browser.

Text is normalised (NFKC, lower case) and compacted: whatever separates two Chinese characters
(punctuation, spaces, line breaks, symbols) is dropped, so 破产、改制企业 and 破产 改制企业 read as
破产改制企业. Then it is cut into runs:

* a run of Chinese characters gives its character bigrams (劳动模范 → 劳动 动模 模范), or the
  character itself when the run is one character long. Any word of two or more characters,
  inside a longer word or not, is then found by the bigrams it is made of, without a dictionary;
* a run of ASCII letters and digits (project codes, unit codes, numbers) gives its trigrams
  (130821215zg8… → 130 308 …), or the whole run when it is at most three characters long,
  so any part of a code of three or more characters is found.

Everything else (punctuation, spaces, symbols) separates runs. A query is tokenized the same
way; the client keeps the documents that have every token of the query and then checks each
query term as a substring of the document's compacted text, which removes bigram coincidences.
The index adds, on its own side, every single Chinese character as a token (see ``index.py``),
so that a one-character query finds the documents holding it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

# CJK Unified Ideographs, Extension A, compatibility ideographs, Extensions B–F (astral).
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
RUN = re.compile(f"([{HAN}]+)|([0-9a-z]+)")
# A run of anything but Chinese characters, letters and digits, between two Chinese characters.
GAP = re.compile(f"(?<=[{HAN}])[^{HAN}0-9a-z]+(?=[{HAN}])")
HAN_CHAR = re.compile(f"[{HAN}]")

ALNUM_GRAM = 3


def normalize(text: str) -> str:
    """NFKC (full-width letters and digits become ASCII) and lower case."""
    return unicodedata.normalize("NFKC", text).lower()


def compact(text: str) -> str:
    """``text`` normalised, without the separators between Chinese characters: what a query term is matched against."""
    return GAP.sub("", normalize(text))


def tokens(text: str) -> Iterator[str]:
    """Every token of ``text``, in order, repeats included."""
    return iter(compact_tokens(compact(text)))


def compact_tokens(compacted: str) -> list[str]:
    """The tokens of text already through :func:`compact` (the index compacts each section once)."""
    out: list[str] = []
    for match in RUN.finditer(compacted):
        han, alnum = match.groups()
        run = han or alnum
        n = 2 if han else ALNUM_GRAM
        if len(run) <= n:
            out.append(run)
        else:
            out += [run[i : i + n] for i in range(len(run) - n + 1)]
    return out


def fnv1a(token: str) -> int:
    """32-bit FNV-1a over the UTF-16 code units of ``token`` (what JavaScript strings hold)."""
    h = 0x811C9DC5
    data = token.encode("utf-16-le")
    for i in range(0, len(data), 2):
        h ^= data[i] | (data[i + 1] << 8)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h
