"""The search index: tokens, postings, shards, escaping, and the build's Chinese-search checks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from budgetsite.collection import load_archive
from budgetsite.routes import page_url
from budgetsite.search import SearchDocument, Section, archive_documents, build_index, fnv1a, tokens
from budgetsite.search.index import decode_postings, encode_postings, shard_count
from conftest import make_data_dir, run_build, search_document, write_site_config


def test_chinese_runs_give_bigrams_and_codes_trigrams() -> None:
    assert list(tokens("劳动模范")) == ["劳动", "动模", "模范"]
    assert list(tokens("县")) == ["县"]
    assert list(tokens("ZG8SL")) == ["zg8", "g8s", "8sl"]
    assert list(tokens("５.00 万元")) == ["5", "00", "万元"]  # full-width digits are normalised
    assert list(tokens("≥90%，")) == ["90"]
    # Any part of a word or code is made of the tokens of the whole.
    whole = set(tokens("130821215ZG8SLNX0HFWL 示范引领作用"))
    for part in ["ZG8SLNX0HFWL", "8215", "示范", "引领作用", "范引"]:
        assert set(tokens(part)) <= whole


def test_fnv1a_is_the_32_bit_hash_over_utf16_units() -> None:
    assert fnv1a("") == 0x811C9DC5
    assert fnv1a("a") == 0xE40C292C  # the published FNV-1a 32 test vector
    h = 0x811C9DC5
    for unit in (0xD840, 0xDC00):  # an astral character is two UTF-16 code units, as in JavaScript
        h = ((h ^ unit) * 0x01000193) & 0xFFFFFFFF
    assert fnv1a("𠀀") == h


def test_postings_round_trip() -> None:
    entries = [(0, 1), (1, 9), (7, 15), (1000, 3), (123456, 8)]
    assert decode_postings(encode_postings(entries)) == entries


def test_shard_count_grows_with_the_index() -> None:
    assert shard_count(100) == 1
    assert shard_count(1_000_000) == 128
    assert shard_count(10**12) == 4096


def _doc(year: int, name: str, text: str, url: str) -> SearchDocument:
    return SearchDocument(year=year, department=name, unit_code="1", unit_name=name, url=url, title=name,
                          sections=[Section("", name, name), Section("P1", "项目", text)], names=[name])


def test_index_files_find_each_token_in_its_shard() -> None:
    docs = [_doc(2022, "甲局", "劳动模范慰问", "2022/1/"), _doc(2021, "乙局", "示范引领 劳动", "2021/1/"), _doc(2021, "丙局", "其他", "2021/2/")]
    files = build_index(docs)
    manifest = json.loads(files["manifest.json"])
    assert manifest["docs"] == 3 and manifest["years"] == [[2022, 0, 1], [2021, 1, 3]]
    shards = manifest["shards"]

    def postings(token: str) -> list[int]:
        shard = json.loads(files[f"s/{fnv1a(token) % shards}.json"])
        return [doc_id for doc_id, _ in decode_postings(shard[token])] if token in shard else []

    assert postings("劳动") == [0, 1]
    assert postings("模范") == [0]
    assert postings("引领") == [1]
    assert postings("乙局") == [1]
    weights = dict(decode_postings(json.loads(files[f"s/{fnv1a('乙局') % shards}.json"])["乙局"]))
    assert weights[1] & 8  # a department name weighs more
    stored = search_document(files, 1)
    assert stored["url"] == "2021/1/" and stored["s"][1] == ["P1", "项目", "示范引领 劳动"]


def test_documents_of_a_year_must_be_contiguous() -> None:
    with pytest.raises(ValueError, match="^documents of 2021 are not contiguous$"):
        build_index([_doc(2021, "甲", "", "a"), _doc(2022, "乙", "", "b"), _doc(2021, "丙", "", "c")])


def test_index_json_is_inert_markup_free() -> None:
    evil = '</script><img src=x onerror=alert(1)>&amp;'
    files = build_index([_doc(2021, evil, evil, "2021/1/")])
    for content in files.values():
        assert b"<" not in content and b">" not in content and b"&" not in content
    assert search_document(files, 0)["dep"] == evil


def test_seed_sections_carry_project_anchors(fixture_data: Path) -> None:
    archive = load_archive(fixture_data)
    docs = archive_documents(archive.records, lambda r: page_url(f"{r.year}/{r.unit.code}.md"))
    seed = next(d for d in docs if d.year == 2021 and d.unit_code == "711001")
    assert seed.url == "2021/711001/"
    anchors = [s.anchor for s in seed.sections]
    assert anchors == ["", "part-1", "130821212EHVWVXYA137X", "130821215ZG8SLNX0HFWL"]
    project = seed.sections[3]
    assert project.title == "市级劳动模范春节慰问资金"
    assert "130821215ZG8SLNX0HFWL" in project.text and "示范引领" in project.text and "20.00" in project.text
    assert "厂务公开" in seed.sections[1].text


@pytest.mark.slow
def test_build_fails_when_search_language_is_not_chinese(tmp_path: Path) -> None:
    data = make_data_dir(tmp_path)
    config = write_site_config(tmp_path, data)
    config.write_text(config.read_text(encoding="utf-8").replace("lang: zh", "lang: en"), encoding="utf-8")
    result = run_build(config)
    assert result.returncode != 0
    assert "站内搜索的语言必须包含中文" in result.stderr and "lang: zh" in result.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.slow
def test_build_fails_when_jieba_is_missing(tmp_path: Path) -> None:
    hide = tmp_path / "hide"
    hide.mkdir()
    (hide / "jieba.py").write_text('raise ImportError("jieba hidden for this test")\n', encoding="utf-8")
    data = make_data_dir(tmp_path)
    config = write_site_config(tmp_path, data)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=os.pathsep.join([str(hide), os.environ.get("PYTHONPATH", "")]))
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(config)], capture_output=True, text=True,
                            env=env, cwd=tmp_path)
    assert result.returncode != 0
    assert "jieba" in result.stderr and "pip install jieba" in result.stderr


def test_built_site_has_the_index_and_the_projects_pages(built_site: Path) -> None:
    manifest = json.loads((built_site / "search" / "budgetsite" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["docs"] == 3
    assert sorted(y for y, _, _ in manifest["years"]) == [2021, 2022]
    assert (built_site / "projects" / "2021" / "index.html").exists()
    assert (built_site / "assets" / "budgetsite" / "search.js").exists()


def _all_postings(files: dict[str, bytes]) -> dict[str, list[tuple[int, int]]]:
    out = {}
    for name, content in files.items():
        if name.startswith("s/"):
            out.update({t: decode_postings(p) for t, p in json.loads(content).items()})
    return out


def test_words_across_punctuation_and_single_characters_are_indexed() -> None:
    files = build_index([_doc(2021, "虚构县某某局", "破产、改制企业职工。鹮", "2021/1/")])
    postings = _all_postings(files)
    assert "产改" in postings  # 破产、改制 gives the bigram across the 、
    for char in "县局破鹮":
        assert char in postings, char
    assert postings["县"][0][1] & 8 and not postings["鹮"][0][1] & 8  # in the name, or in the text only
    stored = search_document(files, 0)
    assert stored["n"] == ["虚构县某某局"]
    assert json.loads(files["manifest.json"])["v"] == 3


def test_indexes_of_single_years_concatenate_into_the_archive_index() -> None:
    """What an assembly of per-year indexes relies on: one token's postings are the years' lists, ids offset."""
    newer = [_doc(2022, "甲局", "劳动模范慰问", "2022/1/"), _doc(2022, "乙局", "县、局", "2022/2/")]
    older = [_doc(2021, "丙局", "示范引领 劳动", "2021/1/"), _doc(2021, "丁县", "县", "2021/2/")]
    whole = _all_postings(build_index(newer + older))
    parts = [_all_postings(build_index(newer)), _all_postings(build_index(older))]
    joined: dict[str, list[tuple[int, int]]] = {}
    for offset, part in zip((0, len(newer)), parts):
        for token, entries in part.items():
            joined.setdefault(token, []).extend((doc_id + offset, w) for doc_id, w in entries)
    assert joined == whole
    assert search_document(build_index(older), 1) == search_document(build_index(newer + older), 3)


def test_an_index_merged_a_year_at_a_time_from_postings_alone_is_the_same_index() -> None:
    from budgetsite.search.partial import IndexMerge, YearIndex, merge, year_index

    docs = {2023: [_doc(2023, "甲局", "劳动模范慰问", "2023/1/")],
            2022: [_doc(2022, "乙局", "示范引领 劳动", "2022/1/"), _doc(2022, "丙局", "其他", "2022/2/")],
            2021: [_doc(2021, "丁局", "劳动 模范", "2021/1/")]}
    whole: dict[str, bytes] = {}
    merge((year_index(y, d) for y, d in docs.items()), whole.__setitem__)
    # As an assembly does: each year's postings read back from a shard (documents apart), added as they come.
    steps: dict[str, bytes] = {}
    merged = IndexMerge(steps.__setitem__)
    for year, year_docs in docs.items():
        index = year_index(year, year_docs)
        steps.update(index.document_files())  # written by the year's shard
        merged.add(YearIndex.loads(index.dumps()))
    merged.finish()
    assert steps == whole
    with pytest.raises(ValueError, match="newest first"):
        merged.add(year_index(2024, [_doc(2024, "戊局", "劳动", "2024/1/")]))
