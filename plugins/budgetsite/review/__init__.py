"""Review checks (财政局审核) over loaded records: findings for the reviewer, never edits."""

from __future__ import annotations

from collections import Counter

from ..collection import Archive
from .evaluation import review_evaluation
from .frameworks import BUILTIN, DEFAULT, Framework, FrameworkChoice, FrameworkError, load_framework
from .rules import ERROR, INFO, RULES, WARNING, Finding, review_projects, review_record
from .units import unit_changes

__all__ = [
    "BUILTIN", "DEFAULT", "ERROR", "INFO", "RULES", "WARNING", "Finding", "Framework", "FrameworkChoice", "FrameworkError",
    "load_framework", "review_archive", "review_evaluation", "review_projects", "review_record", "summary",
]


def review_archive(archive: Archive, choice: FrameworkChoice | None = None) -> dict[tuple[int, str], list[Finding]]:
    """Findings per record key (year, unit code); records without findings are left out."""
    choice = choice or FrameworkChoice.build()
    out: dict[tuple[int, str], list[Finding]] = {}
    across_years = unit_changes(archive)
    for record in sorted(archive.records, key=lambda r: (r.year, r.unit.code)):
        findings = sorted(review_record(record, choice.for_year(record.year)) + across_years.get(record.key, []))
        if findings:
            out[record.key] = findings
    # A self-evaluation's findings (and its targets' unmatched rows) join its department-year's.
    for match in archive.matches():
        findings = review_evaluation(match, choice.for_year(match.evaluation.year).scoring)
        if findings:
            out[match.evaluation.key] = sorted(out.get(match.evaluation.key, []) + findings)
    return out


def summary(findings: list[Finding]) -> str:
    counts = Counter(f.severity for f in findings)
    head = f"审核意见 {len(findings)} 条（{ERROR} {counts.get(ERROR, 0)} 条，{WARNING} {counts.get(WARNING, 0)} 条"
    return head + (f"，{INFO} {counts[INFO]} 条）" if counts.get(INFO) else "）")
