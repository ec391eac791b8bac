"""What the seed document says, read straight from its text export, for fidelity checks."""

from __future__ import annotations

from conftest import SEED_TEXT


def seed_lines() -> list[str]:
    """The seed's lines without the 目录 (its entries are headings with page numbers)."""
    lines = SEED_TEXT.read_text(encoding="utf-8").splitlines()
    start = lines.index("目 录")
    end = lines.index("第一部分", start)
    return lines[:start] + lines[end:]


def seed_paragraphs() -> list[str]:
    """The prose of the seed (cover, headings, goals, project titles and units), in order.

    Lines broken at a page end are joined back ("…以及" + "劳动竞赛…"), and the part headings
    printed on two lines ("第一部分" / "部门整体绩效目标") are one heading.
    """
    prose = [line.strip() for line in seed_lines() if line.strip() and "\t" not in line]
    out: list[str] = []
    for n, line in enumerate(prose):
        if n and out[-1] in ("第一部分", "第二部分"):
            out[-1] += " " + line
        elif n and len(prose[n - 1]) >= 25 and not prose[n - 1].endswith("。") and not line[0].isdigit():
            out[-1] += line  # the rest of a sentence cut at the end of a printed page
        else:
            out.append(line)
    return out


def seed_tables() -> list[list[list[str]]]:
    """Each table of the seed as its text export prints it: one row per line, cells as written (blank where merged).

    A project's table is two: the header block (项目编码 … 绩效目标) and the indicators (from 一级指标).
    """
    out: list[list[list[str]]] = []
    previous_blank = True
    for line in seed_lines():
        if "\t" in line:
            cells = [c.strip() for c in line.split("\t")]
            if previous_blank or cells[0] == "一级指标":
                out.append([])
            out[-1].append(cells)
        previous_blank = "\t" not in line
    return out


def seed_header_grid(rows: list[list[str]]) -> list[list[str]]:
    """A project's header block as the page lays out the seed's 7-column grid, merged cells expanded.

    The text export leaves a merged cell's other columns blank: 项目编码 spans two columns and
    项目名称 three; 资金用途 and 绩效目标 span the six data columns; the rowspan headings repeat
    in the rows they cover; the last 资金支出计划 time point spans what is left of the row, and each
    value stands under its time point.
    """
    code, budget, purpose, periods, values, goals = rows
    points = [(cell, values[i]) for i, cell in enumerate(periods) if i and cell]
    fill = 7 - len(points)
    return [
        [code[0], code[1], code[1], code[3], code[4], code[4], code[4]],
        budget,
        [budget[0]] + [purpose[1]] * 6,
        [periods[0]] + [p for p, _ in points] + [points[-1][0]] * (fill - 1),
        [periods[0]] + [v for _, v in points] + [points[-1][1]] * (fill - 1),
        [goals[0]] + [goals[1]] * 6,
    ]


def seed_indicator_grid(rows: list[list[str]]) -> list[list[str]]:
    """An indicator table with the blank (merged) 一级/二级 cells filled from the row above, as the printed table shows them."""
    out = [rows[0][:6]]
    for row in rows[1:]:
        cells = row[:6]
        out.append([cells[0] or out[-1][0], cells[1] or out[-1][1], *cells[2:]])
    return out


def seed_page_grids() -> list[list[list[str]]]:
    """The seed's tables as its page must show them, in order: each project's header block, then its indicators."""
    return [seed_header_grid(t) if t[0][0] == "项目编码" else seed_indicator_grid(t) for t in seed_tables()]
