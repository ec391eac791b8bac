"""From a department's document (text export or Word .docx) to a YAML record.

``import_document`` reads the file, parses its layout and returns the record
together with its YAML text, already checked by the same loader the site
uses; anything it cannot read raises :class:`ImportFailed` listing every
problem with its line and text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import display_path
from ..load import parse_record
from ..model import Record
from .emit import dump_record
from .parse import Parser
from .source import ImportFailed, Line, read_source

__all__ = ["ImportFailed", "ImportResult", "import_document"]


@dataclass
class ImportResult:
    record: Record  # as loaded back from ``yaml``
    yaml: str
    kind: str  # "文本", "Word", "Excel" or "PDF"
    notes: list[str]  # what was deliberately left out (目录, page numbers, running headers), with lines

    @property
    def default_path(self) -> Path:
        return Path("data") / str(self.record.year) / f"{self.record.unit.code}.yaml"


def import_document(path: Path, *, year: int | None = None, unit: str | None = None, file: str | None = None) -> ImportResult:
    """The record of the document at ``path``; ``year`` and ``unit`` supply what the document does not print."""
    path = Path(path)
    shown = file or display_path(path)
    lines, kind, read_notes = read_source(path, shown)
    parser = Parser(lines, year=year, unit=unit)
    record = parser.parse()
    if record is None or parser.problems:
        problems = parser.problems or [(None, "无法识别文本结构")]
        raise ImportFailed(shown, problems)
    text = dump_record(record, path.name)
    loaded, errors = parse_record(text.encode("utf-8"), f"{shown} → YAML", expect_year=record.year, expect_code=record.unit.code)
    if loaded is None:
        # The document was read but a value does not fit the schema (e.g. a project code with spaces).
        raise ImportFailed(shown, [(None, f"生成的记录不符合数据格式：{e.field}：{e.message}") for e in errors])
    notes = [_note(shown, line, message) for line, message in read_notes + parser.notes]
    return ImportResult(record=loaded, yaml=text, kind=kind, notes=notes)


def _note(file: str, line: Line | None, message: str) -> str:
    if line is None:
        return f"{file}: {message}"
    if not line.is_text_line:
        return f"{file}（{line.where}）: {message}：“{line.text.strip()}”"
    return f"{file}:{line.no}: {message}：“{line.text.strip()}”"
