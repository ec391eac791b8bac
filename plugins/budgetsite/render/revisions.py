"""The revision history of a document: when, why, and what changed."""

from __future__ import annotations

from ..fieldpaths import describe
from ..model import Record
from ..tables import Column, Table
from .escape import h
from .page import PageContext
from .tables import html_table

REVISION_COLUMNS = (Column("date", "修订日期"), Column("note", "修订原因"), Column("changes", "修改内容"))


def revision_notice(record: Record) -> str:
    """A line at the top of the page when the document was revised after publication."""
    if not record.revisions:
        return ""
    last = record.revisions[-1]
    return (
        '<div class="bs-status bs-status--revised" role="note">'
        f"本文本公开后修订过 <strong>{len(record.revisions)}</strong> 次，最近一次在 {h(last.date)}："
        f'{h(last.note)}。<a href="#revisions">查看修订记录</a></div>'
    )


def change_text(record: Record, path: str, before: str, after: str) -> str:
    """'项目“…” 预算规模 预算数：5.00 → 6.00'."""
    blank = "（空）"
    return f"{describe(record, path)}：{before or blank} → {after or blank}"


def render_revisions(record: Record, page: PageContext) -> str:
    if not record.revisions:
        return ""
    rows = []
    for rev in record.revisions:
        changes = "；".join(change_text(record, c.path, c.before, c.after) for c in rev.changes) or "（未列出）"
        rows.append((rev.date, rev.note, changes))
    table = html_table(Table(f"{record.department} {record.year} 年文本的修订记录", REVISION_COLUMNS, tuple(rows)), page)
    return "\n\n".join(["## 修订记录 {#revisions}", table])

