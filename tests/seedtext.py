"""What the seed document says, read straight from its text export, for fidelity checks."""

from __future__ import annotations

from conftest import SEED_TEXT


def seed_lines() -> list[str]:
    """The seed's lines without the 目录 (its entries are headings with page numbers)."""
    lines = SEED_TEXT.read_text(encoding="utf-8").splitlines()
    start = lines.index("目 录")
    end = lines.index("第一部分", start)
    return lines[:start] + lines[end:]


def seed_cells() -> list[str]:
    """Every non-empty cell or line of prose, as written."""
    return [cell.strip() for line in seed_lines() for cell in line.split("\t") if cell.strip()]


def seed_indicator_rows() -> list[list[str]]:
    """Indicator rows, blank 一级/二级 cells filled from the row above as the merged original shows them."""
    rows: list[list[str]] = []
    inside = False
    for line in seed_lines():
        cells = line.split("\t")
        if cells[0] == "一级指标":
            inside = True
            continue
        if not line.strip():
            inside = False
            continue
        if inside:
            cells = [c.strip() for c in cells[:6]]
            if not cells[0]:
                cells[0] = rows[-1][0]
            if not cells[1]:
                cells[1] = rows[-1][1]
            rows.append(cells)
    return rows
