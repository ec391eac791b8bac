"""The 信息公开 metadata block at the top of a document page, as government portals show it."""

from __future__ import annotations

from ..model import Meta, Record, schema_fields
from ..tables import Column, Table
from .escape import h
from .page import PageContext

# Portals lay the block out as label/value pairs, two pairs to a row.
PAIRS_PER_ROW = 2


def metadata_items(meta: Meta | None) -> list[tuple[str, str]]:
    if meta is None:
        return []
    return [(f.metadata["label"], getattr(meta, f.name)) for f in schema_fields(Meta) if getattr(meta, f.name)]


def render_metadata(record: Record, page: PageContext) -> str:
    items = metadata_items(record.meta)
    if not items:
        return ""
    rows = []
    for i in range(0, len(items), PAIRS_PER_ROW):
        pairs = items[i : i + PAIRS_PER_ROW]
        cells = []
        for n, (label, value) in enumerate(pairs, start=1):
            # The last value of a short row spans the cells of the missing pairs.
            span = 1 + 2 * (PAIRS_PER_ROW - len(pairs)) if n == len(pairs) else 1
            colspan = f' colspan="{span}"' if span > 1 else ""
            cells.append(f'<th scope="row">{h(label)}</th><td{colspan}>{h(value)}</td>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return (
        '<div class="bs-table-wrap bs-meta-wrap"><table class="bs-meta">'
        '<caption class="bs-caption">公开信息</caption>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    ) + page.attach_csv(Table("公开信息", (Column("label", "项目"), Column("value", "内容")), tuple(items)), "下载本表（CSV）")
