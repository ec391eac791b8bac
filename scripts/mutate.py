#!/usr/bin/env python3
"""A small mutation run over the core modules: does the suite notice a one-line bug?

Each mutation below replaces one exact piece of a core module (an operator swapped, a constant
changed, a line switched off). For each one, a copy of the repository is mutated and the fast
tests that cover that module run against it (no browser tests, no whole-site builds); a failing
test run "kills" the mutant, a passing one lets it "survive". The run prints every result, the
survivors and the score (killed / total).

    .venv/bin/python scripts/mutate.py                 # the working tree's tests
    .venv/bin/python scripts/mutate.py --rev a0ca3fc   # the tests (and code) of an older commit
    .venv/bin/python scripts/mutate.py --only escape   # mutations of one module

The working tree is never modified: mutants live in a temporary copy, imported first through
PYTHONPATH (subprocesses such as ``python -m budgetsite.cli`` inherit it).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = "plugins/budgetsite"

# The fast tests that cover each module. A file missing from an older commit is left out.
TESTS: dict[str, tuple[str, ...]] = {
    "values.py": ("tests/test_values.py", "tests/test_load.py", "tests/test_properties_values.py"),
    "render/escape.py": ("tests/test_render.py", "tests/test_properties_escape.py"),
    "search/tokens.py": ("tests/test_search_index.py", "tests/test_properties_tokens.py"),
    "tables.py": ("tests/test_tables_model.py", "tests/test_render.py", "tests/test_export_exact.py", "tests/test_export_serialisers.py"),
    "export/csv.py": ("tests/test_export_serialisers.py", "tests/test_export_exact.py", "tests/test_properties_escape.py"),
    "load.py": ("tests/test_load.py", "tests/test_properties_pipeline.py"),
    "provenance.py": ("tests/test_provenance_freeze.py", "tests/test_provenance_branches.py", "tests/test_check_exit_codes.py"),
    "frozen_registry.py": ("tests/test_provenance_registry.py", "tests/test_provenance_holds.py"),
    "review/rules.py": ("tests/test_review_rules.py", "tests/test_check_exit_codes.py"),
    "export/written.py": ("tests/test_export_pieces.py",),
    "export/parallel.py": ("tests/test_export_pieces.py", "tests/test_export_worker.py"),
}


@dataclass(frozen=True)
class Mutation:
    module: str  # under plugins/budgetsite/
    old: str | tuple[str, ...]  # must occur exactly once in the module (the first of the spellings that does)
    new: str
    what: str


M = Mutation
MUTATIONS: tuple[Mutation, ...] = (
    # values.py
    M("values.py", r'AMOUNT_RE = re.compile(r"-?\d+(\.\d+)?")', r'AMOUNT_RE = re.compile(r"\d+(\.\d+)?")', "negative amounts refused"),
    M("values.py", "        return Decimal(text)\n", "        return Decimal(text).normalize()\n", "5.00 becomes 5"),
    M("values.py", 'comparator=COMPARATORS.get(op, "=") if op else "=",', 'comparator="=",', "comparator ignored"),
    M("values.py", "explicit_comparator=op is not None,", "explicit_comparator=True,", "every comparator explicit"),
    M("values.py", '">=": "≥",', '">=": "≤",', ">= read as ≤"),
    M("values.py", 'PERCENT_UNITS = {"%", "％", "百分比", "百分率", "百分之"}', 'PERCENT_UNITS = {"%", "％", "百分率", "百分之"}', "百分比 not a percent"),
    M("values.py", "    return parse_amount(normalised[:-1])", "    return parse_amount(normalised)", "percent sign kept"),
    # render/escape.py
    M("render/escape.py", ('    return text_out.replace("\\r\\n", "\\n").replace("\\n", "<br>")', '    return _LINE_BREAK.sub("<br>", text_out)'),
      "    return text_out", "md() keeps raw newlines"),
    M("render/escape.py", '_MARKDOWN_SPECIAL = "\\\\`*_{}[]()#+-!|~^=:$"', '_MARKDOWN_SPECIAL = "\\\\`_{}[]()#+-!|~^=:$"', "* not escaped"),
    M("render/escape.py", '_MARKDOWN_SPECIAL = "\\\\`*_{}[]()#+-!|~^=:$"', '_MARKDOWN_SPECIAL = "\\\\`*_[]()#+-!|~^=:$"', "{ } not escaped"),
    M("render/escape.py", '    if digits and text_out[digits : digits + 1] == ".":', "    if False:", "1. not escaped"),
    M("render/escape.py", "    return html.escape(str(text), quote=True)\n", "    return html.escape(str(text), quote=False)\n", "h() leaves quotes"),
    M("render/escape.py", ('    return h(text).replace("\\r\\n", "\\n").replace("\\n", "<br>")', '    return _LINE_BREAK.sub("<br>", h(text))'),
      "    return h(text)", "h_multiline drops breaks"),
    # search/tokens.py
    M("search/tokens.py", "\\uf900-\\ufaff\\U00020000-\\U0002fa1f", "\\uf900-\\ufaff", "CJK Extension B dropped"),
    M("search/tokens.py", "        n = 2 if han else ALNUM_GRAM", "        n = 2", "codes cut in bigrams"),
    M("search/tokens.py", "        if len(run) <= n:", "        if len(run) == 1:", "two-character codes dropped"),
    M("search/tokens.py", "            for i in range(len(run) - n + 1):", "            for i in range(len(run) - n):", "last gram dropped"),
    M("search/tokens.py", '    return unicodedata.normalize("NFKC", text).lower()', '    return unicodedata.normalize("NFKC", text)', "no lower case"),
    M("search/tokens.py", '    return unicodedata.normalize("NFKC", text).lower()', "    return text.lower()", "no NFKC"),
    M("search/tokens.py", "        h = (h * 0x01000193) & 0xFFFFFFFF", "        h = (h * 0x01000193) & 0x7FFFFFFF", "hash truncated"),
    # tables.py
    M("tables.py", "        keys = [tuple(entry_text(row[c]) for c in merge_cols[: depth + 1]) for row in rows]",
      "        keys = [tuple(entry_text(row[c]) for c in merge_cols[depth : depth + 1]) for row in rows]", "merge across the column to the left"),
    M("tables.py", "                    out[j][col] = 0", "                    out[j][col] = 1", "covered cells printed"),
    M("tables.py", "    if isinstance(value, Decimal) and str(value) == text:", "    if isinstance(value, Decimal):", "cell text replaced by its value"),
    M("tables.py", "    if entry is None:\n        return \"\"\n    if isinstance(entry, Cell):", "    if entry is None:\n        return \"-\"\n    if isinstance(entry, Cell):", "blank shown as -"),
    M("tables.py", "        return self.rows + ((self.footer,) if self.footer else ())", "        return self.rows", "footer dropped from downloads"),
    # export/csv.py
    M("export/csv.py", 'FORMULA_START = ("=", "+", "-", "@", "\\t", "\\r")', 'FORMULA_START = ("=", "+", "-", "\\t", "\\r")', "@ not neutralised"),
    M("export/csv.py", 'BOM = "\\ufeff"', 'BOM = ""', "no BOM"),
    M("export/csv.py", "        return \"'\" + text", "        return text", "formulas not neutralised"),
    M("export/csv.py", r'PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?%?|[=+-]")', r'PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?%?|[=+-].*")',
      "any comparator-led text passes"),
    M("export/csv.py", 'return csv.writer(lines, lineterminator="\\r\\n", quoting=csv.QUOTE_MINIMAL)',
      'return csv.writer(lines, lineterminator="\\n", quoting=csv.QUOTE_MINIMAL)', "LF lines"),
    # load.py
    M("load.py", "        if project.code in first:", "        if False:", "duplicate project codes accepted"),
    M("load.py", "            if key in seen:", "            if False:", "duplicate keys accepted"),
    M("load.py", "    if year is not None and record.year != year:", "    if year is None and record.year != year:", "year/folder mismatch accepted"),
    M("load.py", '            hint = "不要使用千位分隔符，"', '            hint = ""', "no thousands-separator hint"),
    M("load.py", "        return None, sorted(reader.errors)", "        return None, reader.errors[:1]", "only the first error"),
    M("load.py", '        line = data[: exc.start].count(b"\\n") + 1', '        line = data[: exc.start].count(b"\\n")', "encoding error line off by one"),
    M("load.py", "            if name not in seen and is_required(f):", "            if name not in seen and not is_required(f):", "missing fields accepted"),
    # provenance.py
    M("provenance.py", '            if len(record.revisions) <= int(entry.get("revisions", 0)):',
      '            if len(record.revisions) < int(entry.get("revisions", 0)):', "change without a new revision accepted"),
    M("provenance.py", "                changed.add(record.unit.code)\n                if again:", "                changed.add(record.unit.code)\n                if True:",
      "record added after freezing accepted"),
    M("provenance.py", "        for file in sorted(set(recorded) - set(current)):", "        for file in []:", "record removed after freezing accepted"),
    M("provenance.py", "            if path not in now:", "            if path not in now and path in now:", "download no longer made accepted"),
    M("provenance.py", "            elif now[path] != digest:", "            elif False:", "changed download accepted"),
    M("provenance.py", "        if changed or again:", "        if changed:", "re-freeze checks downloads"),
    M("provenance.py", '"revisions": len(r.revisions),', '"revisions": 0,', "manifest forgets revisions"),
    M("provenance.py", "        if manifest_bytes(fresh) != base.path.read_bytes():", "        if manifest_bytes(fresh) == base.path.read_bytes():", "stale years inverted"),
    M("provenance.py", "            elif previous and rev.date < previous:", "            elif previous and rev.date > previous:", "revision order inverted"),
    M("provenance.py", "            if value_text(value) != after:", "            if False:", "revision after-value unchecked"),
    # frozen_registry.py
    M("frozen_registry.py", "        if year not in manifests:", "        if False:", "registered year's manifest may vanish"),
    M("frozen_registry.py", "        elif _sha256(manifests[year]) != digest:", "        elif False:", "hand-edited manifest accepted"),
    M("frozen_registry.py", "    for year in sorted(set(manifests) - set(listed)) if refreeze is None else []:",
      "    for year in []:", "unregistered manifest accepted"),
    M("frozen_registry.py", "        if manifest.is_file():", "        if True:", "site being replaced not consulted"),
    # review/rules.py
    M("review/rules.py", "    if b.fiscal + b.other != b.total:", "    if b.fiscal != b.total:", "budget sum ignores 其他资金"),
    M("review/rules.py", "        if pct is None or pct < 0 or pct > 100:", "        if pct is None or pct < 0 or pct > 1000:", "plan over 100% accepted"),
    M("review/rules.py", "        if previous is not None and pct < previous[1]:", "        if previous is not None and pct <= previous[1]:", "flat plan refused"),
    M("review/rules.py", "        elif last[0] != len(project.spending_plan) - 1 or last[1] != 100:", "        elif last[0] != len(project.spending_plan) - 1:",
      "final point below 100% accepted"),
    M("review/rules.py", "            if in_money_unit > project.budget.total:", "            if in_money_unit >= project.budget.total:", "cost equal to budget refused"),
    M("review/rules.py", "        return q.number >= 1000", "        return q.number > 1000", "1000 without unit accepted"),
    M("review/rules.py", '"元": Decimal("0.0001")', '"元": Decimal("0.001")', "元 to 万元 wrong"),
    M("review/rules.py", r'MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")', r'MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9]{8}(?![0-9])")',
      "mobile numbers missed"),
    M("review/rules.py", "    return _ID_CHECK[total % 11] == digits[17]", "    return True", "ID check digit ignored"),
    M("review/rules.py", "        if not q.explicit_comparator and not WORDED_COMPARATOR.search(text):", "        if not q.explicit_comparator:",
      "worded comparators refused"),
    # export/written.py, export/parallel.py: the open data written straight into the site
    M("export/written.py", '    if rel.is_absolute() or not rel.parts or ".." in rel.parts:', "    if rel.is_absolute():",
      "a path leaving the site folder written"),
    M("export/written.py", "hashlib.sha256(download.content).hexdigest(), len(download.content)",
      "hashlib.sha256(download.content).hexdigest(), len(download.path)", "size misreported"),
    M("export/parallel.py", "    groups = [y for y in (None, *archive.years()) if years is None or y in years]",
      "    groups = [y for y in archive.years() if years is None or y in years]", "archive-wide files not written"),
    M("export/parallel.py", "        written = write_all(site_dir, archive, frozen, years, pieces)",
      "        written = write_all(site_dir, archive, frozen, years, DocumentPieces())", "worker's pieces lost for serve"),
)


def snapshot(rev: str | None, target: Path) -> None:
    """The repository at ``rev`` (a commit), or the working tree's tracked and new files."""
    if rev:
        archive = subprocess.run(["git", "archive", "--format=tar", rev], cwd=REPO, check=True, capture_output=True).stdout
        tar = target.parent / "snapshot.tar"
        tar.write_bytes(archive)
        with tarfile.open(tar) as t:
            t.extractall(target, filter="data")
        return
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO, check=True,
                            capture_output=True).stdout.decode("utf-8").split("\0")
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def run_tests(root: Path, tests: list[str]) -> tuple[int, str]:
    if not tests:
        return 5, "no tests for this module"
    env = dict(os.environ, PYTHONPATH=str(root / "plugins"), NO_MKDOCS_2_WARNING="1", CI="1")
    for name in ("COVERAGE_PROCESS_START", "COVERAGE_PROCESS_CONFIG"):
        env.pop(name, None)  # mutants are not measured
    command = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-p", "no:randomly", "-m", "not browser and not slow", *tests]
    result = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
    tail = (result.stdout.strip().splitlines() or [""])[-1]
    return result.returncode, tail


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rev", help="run the tests of this commit instead of the working tree")
    parser.add_argument("--only", help="only the mutations of modules whose path contains this text")
    args = parser.parse_args()
    chosen = [m for m in MUTATIONS if not args.only or args.only in m.module]
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="budgetsite-mutate-") as tmp:
        root = Path(tmp) / "repo"
        root.mkdir()
        snapshot(args.rev, root)
        originals = {m.module: (root / PACKAGE / m.module).read_text(encoding="utf-8") for m in chosen}
        selections = {module: [t for t in TESTS[module] if (root / t).exists()] for module in originals}
        for module, tests in selections.items():
            code, tail = run_tests(root, tests)
            if code != 0:  # the unmutated code must pass, or every mutant would look killed
                print(f"baseline run of {module} failed ({tail}); fix the tests first", file=sys.stderr)
                return 2
        killed: list[Mutation] = []
        survived: list[Mutation] = []
        for m in chosen:
            source = originals[m.module]
            old = next((o for o in ((m.old,) if isinstance(m.old, str) else m.old) if source.count(o) == 1), None)
            if old is None:
                print(f"mutation {m.module}: {m.what!r} does not match exactly once; update MUTATIONS", file=sys.stderr)
                return 2
            path = root / PACKAGE / m.module
            path.write_text(source.replace(old, m.new), encoding="utf-8")
            try:
                code, tail = run_tests(root, selections[m.module])
            finally:
                path.write_text(source, encoding="utf-8")
            # 1: a test failed; 2: the mutant broke collection (e.g. an import). 0 or 5 (nothing ran): survived.
            (killed if code in (1, 2) else survived).append(m)
            print(f"{'killed  ' if code in (1, 2) else 'SURVIVED'} {m.module}: {m.what}  [{tail}]", flush=True)
    total = len(killed) + len(survived)
    print(f"\nsurvivors ({len(survived)}):")
    for m in survived:
        print(f"  {m.module}: {m.what}")
    print(f"mutation score: {len(killed)}/{total} killed ({100 * len(killed) / total:.0f} %) in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
