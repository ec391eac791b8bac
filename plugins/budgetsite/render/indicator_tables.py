"""A project's 绩效指标 as a :class:`~budgetsite.tables.Table`: the site's six columns, or the columns the original printed."""

from __future__ import annotations

from ..model import Indicator, IndicatorGrid, Project
from ..tables import INDICATOR_COLUMNS, Cell, Column, Entry, Table
from ..values import parse_quantity

# Grid columns whose equal neighbours print as one merged cell, as in the originals.
MERGED_KEYS = frozenset({"level1", "level2"})


def indicator_table(project: Project) -> Table:
    """The 绩效指标 grid of a project, as the official table prints it (一级/二级 cells merged over equal neighbours)."""
    return Table(f"{project.name} 绩效指标", INDICATOR_COLUMNS, tuple(_indicator_row(i) for i in project.indicators))


def _indicator_row(ind: Indicator) -> tuple[Entry, ...]:
    quantity = ind.quantity
    value: Entry = Cell.of(ind.value, quantity.number) if quantity else ind.value
    return (ind.level1, ind.level2, ind.name, ind.description, value, ind.basis)


def grid_table(project: Project, grid: IndicatorGrid) -> Table:
    """A project's grid, captioned with the original's caption or the project's name."""
    return grid_table_of(grid, project.name)


def grid_table_of(grid: IndicatorGrid, owner: str) -> Table:
    """The grid with the original's headers in the original's order (``owner`` names it when it has no caption).

    A blank 一级/二级 cell below a filled one is the same merged cell (tables print
    the name only on a group's first row), so it takes the name above and merges
    with it, exactly as an equal name written on every row does.
    """
    columns = tuple(
        Column(f"c{n}", c.header, "quantity" if c.key == "value" else "text", merge=c.key in MERGED_KEYS)
        for n, c in enumerate(grid.columns)
    )
    rows: list[tuple[Entry, ...]] = []
    above: list[str] = [""] * len(columns)
    for raw in grid.rows:
        row: list[Entry] = []
        for n, (text, column) in enumerate(zip(raw, columns)):
            if column.merge and text:
                above[n] = text
                for later in range(n + 1, len(columns)):
                    above[later] = ""  # a new group: the names below it start afresh
            elif column.merge:
                text = above[n]
            quantity = parse_quantity(text) if column.kind == "quantity" else None
            row.append(Cell.of(text, quantity.number) if quantity else text)
        rows.append(tuple(row))
    return Table(grid.caption or f"{owner} 绩效指标", columns, tuple(rows))
