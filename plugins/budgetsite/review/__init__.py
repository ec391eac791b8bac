"""Review checks (财政局审核) over loaded records: findings for the reviewer, never edits."""

from __future__ import annotations

from collections import Counter

from ..collection import Archive
from ..model import Record
from ..render.escape import h
from .frameworks import BUILTIN, DEFAULT, Framework, FrameworkChoice, FrameworkError, load_framework
from .rules import ERROR, RULES, WARNING, Finding, review_record

__all__ = [
    "BUILTIN", "DEFAULT", "ERROR", "RULES", "WARNING", "Finding", "Framework", "FrameworkChoice", "FrameworkError",
    "load_framework", "render_notice", "review_archive", "review_record", "summary",
]


def review_archive(archive: Archive, choice: FrameworkChoice | None = None) -> dict[tuple[int, str], list[Finding]]:
    """Findings per record key (year, unit code); records without findings are left out."""
    choice = choice or FrameworkChoice.build()
    out: dict[tuple[int, str], list[Finding]] = {}
    for record in sorted(archive.records, key=lambda r: (r.year, r.unit.code)):
        findings = review_record(record, choice.for_year(record.year))
        if findings:
            out[record.key] = findings
    return out


def summary(findings: list[Finding]) -> str:
    counts = Counter(f.severity for f in findings)
    return f"审核意见 {len(findings)} 条（{ERROR} {counts.get(ERROR, 0)} 条，{WARNING} {counts.get(WARNING, 0)} 条）"


def render_notice(record: Record, findings: list[Finding]) -> str:
    """An optional box on the document page listing the reviewer's findings; the document itself is untouched."""
    if not findings:
        return ""
    items = "".join(
        f'<li><span class="bs-review__rule">{h(f.severity)} {h(f.rule)}</span> {h(f.message)}</li>' for f in findings
    )
    return (
        '<div class="bs-review" role="note" aria-label="审核提示">'
        f"<p><strong>审核提示</strong>：财政局审核发现本文本有 {len(findings)} 处可能的问题（见下）。"
        "以下内容不是原文，原文照录于本页，未作任何修改。</p>"
        f"<ul>{items}</ul></div>"
    )
