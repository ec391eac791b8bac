"""The whole archive: every record under a data folder, checked together."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import RecordError, RecordsInvalid, display_path
from .limits import read_limited
from .load import parse_record
from .model import Record
from .names import address_collisions, data_files


@dataclass
class Archive:
    """All records, newest year first, then by unit code."""

    records: list[Record]
    _index: dict[tuple[int, str], Record] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.records.sort(key=lambda r: (-r.year, r.unit.code))
        self._index = {r.key: r for r in self.records}

    def years(self) -> list[int]:
        return sorted({r.year for r in self.records}, reverse=True)

    def by_year(self, year: int) -> list[Record]:
        return [r for r in self.records if r.year == year]

    def get(self, year: int, code: str) -> Record | None:
        return self._index.get((year, code))

    def departments(self) -> dict[str, list[Record]]:
        """Records per unit code, oldest year first."""
        out: dict[str, list[Record]] = defaultdict(list)
        for record in sorted(self.records, key=lambda r: (r.unit.code, r.year)):
            out[record.unit.code].append(record)
        return dict(sorted(out.items()))


class RecordCache:
    """Parsed records keyed on path and content hash, so a rebuild re-parses only what changed."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[str, Record | None, list[RecordError]]] = {}
        self.parsed = 0  # how many files were actually parsed, for tests and benchmarks

    def load(self, data: bytes, file: str, year: int, code: str) -> tuple[Record | None, list[RecordError]]:
        digest = hashlib.sha256(data).hexdigest()
        cached = self._entries.get(file)
        if cached and cached[0] == digest:
            return cached[1], cached[2]
        self.parsed += 1
        record, errors = parse_record(data, file, expect_year=year, expect_code=code)
        self._entries[file] = (digest, record, errors)
        return record, errors


def record_files(data_dir: Path) -> tuple[list[tuple[Path, int, str]], list[RecordError]]:
    """Every record file as (path, year, unit code), and errors for everything else found under ``data_dir`` (names.py)."""
    files, errors = data_files(data_dir)
    return [(f.path, f.year, f.code) for f in files if f.kind == "record"], errors


def load_archive(data_dir: Path, cache: RecordCache | None = None, progress: Callable[[int, int], None] | None = None) -> Archive:
    """Load and check every record; raise :class:`RecordsInvalid` listing every problem.

    ``progress(done, total)`` is called after each file, for progress lines on large archives.
    """
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise RecordsInvalid([RecordError(display_path(data_dir), 1, 1, "", "数据文件夹不存在（或不是文件夹）；请检查 mkdocs.yml 中 budgetsite 插件的 data_dir 设置，或命令中的数据文件夹。")])
    cache = cache or RecordCache()
    files, errors = record_files(data_dir)
    records: list[Record] = []
    for done, (path, year, code) in enumerate(files, start=1):
        data, unreadable = read_limited(path, display_path(path))
        if data is None:
            errors += [unreadable] if unreadable else []
            continue
        record, record_errors = cache.load(data, display_path(path), year, code)
        errors.extend(record_errors)
        if record is not None:
            records.append(record)
        if progress is not None:
            progress(done, len(files))
    errors.extend(_duplicate_codes_across_records(records))
    errors.extend(address_collisions(records))
    if errors:
        raise RecordsInvalid(errors)
    return Archive(records)


def _duplicate_codes_across_records(records: list[Record]) -> list[RecordError]:
    errors: list[RecordError] = []
    seen: dict[tuple[int, str], tuple[Record, int]] = {}
    for record in sorted(records, key=lambda r: (r.year, r.unit.code)):
        for i, project in enumerate(record.projects):
            key = (record.year, project.code)
            if key in seen:
                other, j = seen[key]
                assert other.source and record.source
                other_line = other.source.position(f"projects[{j}].code")[0]
                line, col = record.source.position(f"projects[{i}].code")
                errors.append(RecordError(record.source.file, line, col, f"projects[{i}].code",
                                          f"项目编码“{project.code}”在 {record.year} 年已被 {other.source.file} 第 {other_line} 行的项目使用；同一年度内项目编码不得重复。"))
            else:
                seen[key] = (record, i)
    return errors
