"""Documents that tell the truth: every command in README and the staff manual is spelled the one way
that works from a new shell, parses, and names files that exist; the manual is apart from the public
site; the field reference in the repository is the one the schema makes today."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from budgetsite.cli import build_parser
from budgetsite.collection import load_archive
from budgetsite.render.reference import render_reference_manual
from budgetsite.site import PUBLIC_PAGES, SiteOptions, navigation
from conftest import REPO

MANUAL = sorted((REPO / "manual").glob("*.md"))
DOCUMENTS = [REPO / "README.md", REPO / "bench" / "README.md", *MANUAL, *sorted((REPO / "docs").glob("*.md"))]
PROGRAMS = ("bin/budgetsite", "bin/mkdocs", "bash scripts/", ".venv/bin/python")
# Files the manual's own steps create before they are named (the fictional 示例县示例局, a benchmark's output).
CREATED_BY_THE_STEPS = {"data/2021/799001.yaml", "old.yaml", "bench/out/data", "site/"}


def commands(path: Path) -> list[str]:
    """Every command: lines of code blocks and inline code spans that start with a program of the project."""
    text = path.read_text(encoding="utf-8")
    found = []
    for block in re.findall(r"```(?:bash|sh)?\n(.*?)```", text, re.S):
        found += [ln.strip() for ln in block.splitlines()]
    found += re.findall(r"`([^`\n]+)`", text)
    found += [ln.strip() for ln in text.splitlines() if ln.startswith("    ") and ln.strip().startswith(PROGRAMS)]  # indented blocks
    out = []
    for line in found:
        line = re.sub(r"^SITE_URL=\S+ ", "", line.split("  #")[0].strip())
        if line.startswith(PROGRAMS) or re.match(r"(budgetsite|mkdocs) (check|import|freeze|diff|revise|generate|reference|build|serve)\b", line):
            out.append(line)
    return out


ALL = [(p.relative_to(REPO).as_posix(), c) for p in DOCUMENTS for c in commands(p)]


def test_the_documents_have_commands_to_check() -> None:
    assert len(ALL) > 40
    assert {"README.md", "manual/corrections.md", "manual/data-entry.md"} <= {doc for doc, _ in ALL}


@pytest.mark.parametrize(("doc", "command"), ALL, ids=[f"{d}: {c}" for d, c in ALL])
def test_every_command_works_from_a_new_shell_as_written(doc: str, command: str) -> None:
    """Point 1 and 12: one spelling (bin/…), no absolute virtual-environment path, arguments that parse."""
    assert not command.startswith(("budgetsite ", "mkdocs ")), f"{doc}: `{command}` needs an activated .venv; write bin/{command}"
    words = [w.strip("[]") for w in shlex.split(command.replace("…", ""))]
    if words[0] == "bin/budgetsite":
        if len(words) > 2:  # `bin/budgetsite check` alone is prose naming the command
            build_parser().parse_args(words[1:])
    elif words[0] == "bin/mkdocs":
        assert len(words) == 1 or words[1] in ("build", "serve"), command
    elif words[0] == "bash":
        assert (REPO / words[1]).is_file(), command
    elif words[0] == ".venv/bin/python":
        assert words[1] == "-m" or (REPO / words[1]).is_file(), command
    for word in words[1:]:
        if re.fullmatch(r"(data|manual|docs|bench|scripts|tests)/[\w./-]+", word) and word not in CREATED_BY_THE_STEPS:
            assert (REPO / word).exists() or "<" in word, f"{doc}: `{command}` names {word}, which a fresh clone does not have"


def test_no_internal_references_in_the_documents() -> None:
    """Point 12: no absolute paths of one machine, no issue numbers or engineers; every link resolves."""
    for path in DOCUMENTS:
        text = path.read_text(encoding="utf-8")
        shown = path.relative_to(REPO)
        assert "/work/" not in text, shown
        assert not re.search(r"第 ?\d+ ?号问题|工程师|issue \d+", text, re.I), shown
        for target in re.findall(r"\]\(([^)#:]+\.md)(?:#[^)]*)?\)", text):
            if path.parent.name == "docs" and target == "data-format.md":
                continue  # generated on the site
            assert (path.parent / target).is_file(), f"{shown} links {target}, which is not in the repository"


def test_the_field_reference_in_the_manual_is_current() -> None:
    """Point 11: readable without building, and regenerated here: a schema change without `bin/budgetsite reference` fails."""
    archive = load_archive(REPO / "data")
    oldest = min(archive.records, key=lambda r: (r.year, r.unit.code))
    assert oldest.source is not None
    expected = render_reference_manual(oldest.source.file, oldest.source.text)
    written = (REPO / "manual" / "field-reference.md").read_text(encoding="utf-8")
    assert written == expected, "manual/field-reference.md is out of date: run bin/budgetsite reference manual/field-reference.md"


def test_the_cli_writes_the_same_field_reference(tmp_path: Path) -> None:
    from conftest import run_cli

    out = tmp_path / "ref.md"
    result = run_cli("reference", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8") == (REPO / "manual" / "field-reference.md").read_text(encoding="utf-8")


def test_the_public_navigation_holds_only_what_a_reader_needs(archive) -> None:
    """Point 13: the staff manual is not on the citizens' site."""
    handwritten = sorted(p.name for p in (REPO / "docs").glob("*.md"))
    assert sorted(uri for _, uri in PUBLIC_PAGES) == handwritten  # every public page is a reader's page
    nav = navigation(archive, SiteOptions(), handwritten)
    labels = [next(iter(item)) for item in nav]
    assert labels == ["首页", "历年公开", "部门", "开放数据", "搜索说明", "下载文件校验", "关于本站", "数据格式说明"]
    staff = {"import.md", "maintainers.md", "review.md", "scaling.md", "corrections.md", "data-entry.md"}
    assert not staff & set(handwritten)
    assert {p.name for p in MANUAL} >= {"README.md", "import.md", "data-entry.md", "review.md", "corrections.md", "scaling.md", "field-reference.md"}


def test_the_built_site_has_no_staff_pages(built_site: Path) -> None:
    home = (built_site / "index.html").read_text(encoding="utf-8")
    for title in ("导入部门文本", "数据维护指南", "审核检查", "规模与分片构建", "发布更正"):
        assert title not in home
    for label in ("开放数据", "搜索说明", "下载文件校验", "关于本站", "数据格式说明"):
        assert f">{label}<" in home or f"\n    {label}\n" in home or label in home
    assert not (built_site / "import").exists() and not (built_site / "scaling").exists()


def test_the_import_page_shows_what_import_prints(tmp_path: Path) -> None:
    """Figures that agree: the summary line manual/import.md shows is the one importing the seed prints."""
    from conftest import SEED_TEXT, run_cli

    result = run_cli("import", str(SEED_TEXT), "-o", str(tmp_path / "2021" / "711001.yaml"))
    assert result.returncode == 0, result.stderr
    page = (REPO / "manual" / "import.md").read_text(encoding="utf-8")
    shown = [ln for ln in page.splitlines() if ln.startswith("  审核意见")]
    printed = [ln for ln in result.stdout.splitlines() if ln.startswith("  审核意见")]
    assert shown == printed and len(printed) == 1
    assert "2 个项目，18 条绩效指标" in result.stdout and "2 个项目，18 条绩效指标" in page


def test_the_review_page_shows_what_check_prints_on_the_shipped_data() -> None:
    from conftest import run_cli

    result = run_cli("check", "data")
    assert result.returncode == 0, result.stderr
    page = (REPO / "manual" / "review.md").read_text(encoding="utf-8")
    sample = re.search(r"```\n(检查通过.*?)  ……\n```", page, re.S)
    assert sample is not None
    assert result.stdout.startswith(sample.group(1))
