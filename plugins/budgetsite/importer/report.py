"""What reading a document finds besides the fields: problems, notes, and text no field can hold.

Every line is either placed in a field, noted as a deliberately ignored
artefact (page numbers, running headers, the 目录), kept in its project's
``unplaced`` list, or reported as a problem with its line.
"""

from __future__ import annotations

from .source import Line


class Report:
    """Problems (the document cannot be imported) and notes (what was left out on purpose), in the order found."""

    def __init__(self) -> None:
        self.problems: list[tuple[Line | None, str]] = []
        self.notes: list[tuple[Line | None, str]] = []

    def problem(self, line: Line | None, message: str) -> None:
        self.problems.append((line, message))

    def note(self, line: Line | None, message: str) -> None:
        self.notes.append((line, message))


class Unplaced:
    """Text no field can hold, kept in document order for the project's ``unplaced`` list."""

    def __init__(self) -> None:
        self.items: list[tuple[int, int, str]] = []

    def add(self, line: Line, text: str) -> None:
        self.items.append((line.no, len(self.items), text))

    def texts(self) -> list[str]:
        return [text for _, _, text in sorted(self.items)]
