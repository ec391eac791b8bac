"""The search tokeniser against a reference written here, on literal cases and generated text.

The reference follows the rules of search/tokens.py's docstring with its own code (a loop over
characters, no regular expression): what separates two Chinese characters is dropped, Chinese
runs give bigrams, letter/digit runs give trigrams, a run no longer than its gram is one token,
everything else separates runs.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import example, given, settings

from budgetsite.search.tokens import compact, fnv1a, tokens
from hostile_text import hostile_text

# CJK Unified Ideographs and Extension A, compatibility ideographs, Extensions B to F and the
# compatibility supplement (astral: two UTF-16 code units each).
HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F))


def kind(ch: str) -> str:
    if any(lo <= ord(ch) <= hi for lo, hi in HAN_RANGES):
        return "han"
    if ch.isascii() and ch.isalnum():
        return "alnum"
    return ""


def reference_compact(text: str) -> str:
    norm = unicodedata.normalize("NFKC", text).lower()
    kept = []
    i = 0
    while i < len(norm):
        j = i
        while j < len(norm) and not kind(norm[j]):
            j += 1
        between_han = j > i and kept and kind(kept[-1]) == "han" and j < len(norm) and kind(norm[j]) == "han"
        if not between_han:
            kept += norm[i:j]
        if j < len(norm):
            kept.append(norm[j])
        i = j + 1
    return "".join(kept)


def reference_tokens(text: str) -> list[str]:
    out: list[str] = []
    norm = reference_compact(text)
    i = 0
    while i < len(norm):
        k = kind(norm[i])
        if not k:
            i += 1
            continue
        j = i
        while j < len(norm) and kind(norm[j]) == k:
            j += 1
        run = norm[i:j]
        n = 2 if k == "han" else 3
        out += [run] if len(run) <= n else [run[s:s + n] for s in range(len(run) - n + 1)]
        i = j
    return out


@pytest.mark.parametrize(("text", "expected"), [
    ("劳动模范", ["劳动", "动模", "模范"]),
    ("县", ["县"]),
    ("130821215ZG8", ["130", "308", "082", "821", "212", "121", "215", "15z", "5zg", "zg8"]),
    ("ＺＧ８", ["zg8"]),
    ("A-12_b", ["a", "12", "b"]),
    ("≥90 百分比", ["90", "百分", "分比"]),
    # CJK Extension B: one character each, though two UTF-16 code units.
    ("𠀀", ["𠀀"]),
    ("𠀀𠀁𠀂", ["𠀀𠀁", "𠀁𠀂"]),
    ("𪚥县", ["𪚥县"]),
    ("吉𠮷祥", ["吉𠮷", "𠮷祥"]),
    ("", []),
    ("，。！ ", []),
    # Separators between Chinese characters are dropped, so a word split by them is found whole.
    ("破产、改制企业", ["破产", "产改", "改制", "制企", "企业"]),
    ("破产 改制", ["破产", "产改", "改制"]),
    ("县，\n局", ["县局"]),
    ("费 12 费", ["费", "12", "费"]),
    ("劳动。A1", ["劳动", "a1"]),
])
def test_tokens_of_literal_cases(text: str, expected: list[str]) -> None:
    assert list(tokens(text)) == expected


def test_fnv1a_of_literal_cases() -> None:
    # FNV-1a (32 bit) over UTF-16 code units, worked out by hand-checked constants: "" is the offset basis.
    assert fnv1a("") == 0x811C9DC5
    assert fnv1a("a") == 0xE40C292C  # the published FNV-1a 32 test vector for "a"
    # An astral character is two code units (0xD840 0xDC00 for 𠀀), as JavaScript's charCodeAt sees it.
    h = 0x811C9DC5
    for unit in (0xD840, 0xDC00):
        h = ((h ^ unit) * 0x01000193) % 2**32
    assert fnv1a("𠀀") == h


@settings(max_examples=150)
@given(hostile_text(max_size=20))
@example("𠀀𠀁 劳动模范 130821215ZG8SLNX0HFWL")
@example("Ⅻ ﬁ ㈠ ＡＢＣ")
def test_tokens_follow_the_reference(text: str) -> None:
    assert list(tokens(text)) == reference_tokens(text)
    assert compact(text) == reference_compact(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("破产、改制企业", "破产改制企业"),
    ("破产，改制 5.00 万元", "破产改制 5.00 万元"),
    ("ＺＧ８ 劳动模范", "zg8 劳动模范"),
    ("「劳动」", "「劳动」"),
])
def test_compact_drops_only_what_separates_chinese_characters(text: str, expected: str) -> None:
    assert compact(text) == expected
