"""The optional review notice on a document page: the finance bureau's findings, beside the untouched text."""

from __future__ import annotations

from ..review import Finding
from .escape import h


def render_notice(findings: list[Finding]) -> str:
    """A box listing the reviewer's findings; the document itself is never changed."""
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
