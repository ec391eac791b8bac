"""Rendering: golden Markdown for the seed, escaping, merged indicator cells."""

from __future__ import annotations

import os
from pathlib import Path

import markdown
import pytest

from budgetsite.collection import Archive
from budgetsite.model import ZERO, Budget, Indicator, Project
from budgetsite.render.document import indicator_table, render_document
from budgetsite.render.escape import h, md
from budgetsite.render.page import PageContext
from budgetsite.render.tables import table_html
from budgetsite.routes import relative_url
from budgetsite.site import SiteOptions, generate_pages, navigation
from htmltext import tables

GOLDEN = Path(__file__).parent / "golden"


def check_golden(name: str, text: str, directory: Path = GOLDEN) -> None:
    """Compare with the golden file. Only UPDATE_GOLDEN=1 (exactly) rewrites a differing file, and that run fails:
    an update is reviewed in the diff and confirmed by a run without it, never mistaken for a pass."""
    path = directory / name
    old = path.read_text(encoding="utf-8") if path.exists() else None
    if old == text:
        return
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
        pytest.fail(f"{name} updated from the current output: review `git diff {path}` and rerun without UPDATE_GOLDEN")
    assert old == text, f"{name} differs from the golden file; if the change is intended, rerun with UPDATE_GOLDEN=1 and review the diff"


@pytest.mark.parametrize("setting", [None, "", "0", "true", "yes"])
def test_golden_files_are_only_rewritten_by_update_golden_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setting: str | None) -> None:
    (tmp_path / "g.md").write_text("旧\n", encoding="utf-8")
    if setting is None:
        monkeypatch.delenv("UPDATE_GOLDEN", raising=False)
    else:
        monkeypatch.setenv("UPDATE_GOLDEN", setting)
    with pytest.raises(AssertionError, match="differs from the golden file"):
        check_golden("g.md", "新\n", tmp_path)
    assert (tmp_path / "g.md").read_text(encoding="utf-8") == "旧\n"
    check_golden("g.md", "旧\n", tmp_path)  # equal: passes


def test_an_update_golden_run_rewrites_and_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "g.md").write_text("旧\n", encoding="utf-8")
    monkeypatch.setenv("UPDATE_GOLDEN", "1")
    with pytest.raises(pytest.fail.Exception, match="g.md updated from the current output"):
        check_golden("g.md", "新\n", tmp_path)
    assert (tmp_path / "g.md").read_text(encoding="utf-8") == "新\n"
    check_golden("g.md", "新\n", tmp_path)  # nothing left to update: passes


def test_seed_document_markdown_is_golden(archive) -> None:
    pages = {p.src_uri: p for p in generate_pages(archive, SiteOptions(site_name="承德县部门预算绩效公开"))}
    check_golden("2021-711001.md", pages["2021/711001.md"].markdown)
    check_golden("2021-index.md", pages["2021/index.md"].markdown)
    check_golden("departments-711001.md", pages["departments/711001.md"].markdown)


def test_pages_and_navigation(archive) -> None:
    options = SiteOptions()
    uris = [p.src_uri for p in generate_pages(archive, options)]
    assert uris[:4] == ["index.md", "years/index.md", "2022/index.md", "2021/index.md"]
    assert {"2022/711001.md", "2021/711001.md", "2021/712001.md", "departments/711001.md", "departments/712001.md", "data-format.md"} <= set(uris)
    nav = navigation(archive, options)
    flat = str(nav)
    assert "years/index.md" in flat and "2021" not in flat  # the same navigation whatever years there are
    assert "711001.md" not in flat  # documents are reached from their year page, not the nav


def test_the_pages_of_a_year_and_the_pages_over_every_year_make_the_whole_site(archive) -> None:
    whole = {p.src_uri: p for p in generate_pages(archive, SiteOptions())}
    across = {p.src_uri: p for p in generate_pages(archive, SiteOptions(part="archive"))}
    shards = [{p.src_uri: p for p in generate_pages(Archive([r for r in archive.records if r.year == y],
                                                            [e for e in archive.evaluations if e.year == y]), SiteOptions(part="year"))}
              for y in archive.years()]
    assert not any(p.placeholder for p in across.values())
    own = [{uri: p for uri, p in shard.items() if not p.placeholder} for shard in shards]
    # Each shard stands in for the pages over every year (so that its navigation is the site's), and those only.
    assert all({uri for uri, p in shard.items() if p.placeholder} == set(across) - {"departments/711001.md", "departments/712001.md"}
               for shard in shards)
    joined = {**across, **{uri: p for o in own for uri, p in o.items()}}
    assert sorted(joined) == sorted(whole) and sum(map(len, own)) + len(across) == len(whole)
    assert all(joined[uri].markdown == whole[uri].markdown for uri in whole)


@pytest.mark.parametrize(
    "hostile",
    ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "a | b | c", "*强调* _x_", "[点我](javascript:alert(1))", "{{ config }}", "{% include x %}", "1. 列表", "# 标题", "`code`", "&amp; &lt;"],
)
def test_record_text_renders_as_literal_text(hostile: str) -> None:
    html = markdown.markdown(md(hostile), extensions=["attr_list", "tables", "md_in_html", "toc"])
    assert html.startswith("<p>") and html.count("<") == 2  # only the paragraph tags survive
    from html import unescape

    assert unescape(html[3:-4]) == hostile


def test_html_escape() -> None:
    assert h('<a href="x">') == "&lt;a href=&quot;x&quot;&gt;"


def indicator(level1: str, level2: str, name: str) -> Indicator:
    return Indicator(level1=level1, level2=level2, name=name, description="", value="", basis="")


def test_indicator_cells_merge_like_the_original() -> None:
    rows = [
        indicator("产出指标", "数量指标", "a"),
        indicator("产出指标", "数量指标", "b"),
        indicator("产出指标", "质量指标", "c"),
        indicator("效益指标", "质量指标", "d"),  # same 二级 text under another 一级: not merged across
        indicator("满意度指标", "服务对象满意度指标", "e"),
    ]
    html = table_html(indicator_table(Project(code="P1", name="项目", budget=Budget(total=ZERO, fiscal=ZERO, other=ZERO), indicators=rows)), row_headers=True)
    assert html.count('rowspan="3">产出指标') == 1
    assert html.count('rowspan="2">数量指标') == 1
    assert html.count(">质量指标<") == 2
    (table,) = tables(html)
    assert [r[:3] for r in table["grid"][1:]] == [
        ["产出指标", "数量指标", "a"], ["产出指标", "数量指标", "b"], ["产出指标", "质量指标", "c"],
        ["效益指标", "质量指标", "d"], ["满意度指标", "服务对象满意度指标", "e"],
    ]


def test_project_anchor_is_the_project_code(archive) -> None:
    record = archive.get(2021, "711001")
    text = render_document(record, PageContext("2021/711001.md"))
    assert "{#130821212EHVWVXYA137X}" in text and "{#130821215ZG8SLNX0HFWL}" in text


@pytest.mark.parametrize(
    "src, dest, directory_urls, expected",
    [
        ("2021/index.md", "2021/711001.md", True, "711001/"),
        ("index.md", "2021/index.md", True, "2021/"),
        ("2021/711001.md", "departments/711001.md", True, "../../departments/711001/"),
        ("2021/711001.md", "index.md", True, "../../"),
        ("departments/711001.md", "2021/711001.md", False, "../2021/711001.html"),
        ("index.md", "index.md", True, "./"),
    ],
)
def test_relative_urls(src: str, dest: str, directory_urls: bool, expected: str) -> None:
    assert relative_url(src, dest, directory_urls) == expected
