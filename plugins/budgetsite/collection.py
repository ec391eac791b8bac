"""The whole archive: every record under a data folder, checked together."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import routes
from .errors import RecordError, RecordsInvalid, display_path
from .evaluation_load import parse_evaluation
from .evaluation_match import EvaluationMatch, match_evaluation
from .evaluation_model import Evaluation
from .kinds import EVALUATION, TARGETS
from .limits import read_limited
from .load import parse_record
from .model import Record
from .names import YEAR_FOLDER, address_collisions, data_files


@dataclass
class Archive:
    """All records, newest year first, then by unit code."""

    records: list[Record]
    evaluations: list[Evaluation] = field(default_factory=list)  # self-evaluations (<unit code>-evaluation.yaml)
    _index: dict[tuple[int, str], Record] = field(init=False, repr=False)
    _evaluations: dict[tuple[int, str], Evaluation] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.records.sort(key=lambda r: (-r.year, r.unit.code))
        self.evaluations.sort(key=lambda e: (-e.year, e.unit.code))
        self._index = {r.key: r for r in self.records}
        self._evaluations = {e.key: e for e in self.evaluations}

    def years(self) -> list[int]:
        return sorted({r.year for r in self.records}, reverse=True)

    def all_years(self) -> list[int]:
        """Years with records or self-evaluations, newest first."""
        return sorted({r.year for r in self.records} | {e.year for e in self.evaluations}, reverse=True)

    def by_year(self, year: int) -> list[Record]:
        return [r for r in self.records if r.year == year]

    def get(self, year: int, code: str) -> Record | None:
        return self._index.get((year, code))

    def evaluation(self, year: int, code: str) -> Evaluation | None:
        """The self-evaluation answering the targets of ``year``, if one is published."""
        return self._evaluations.get((year, code))

    def match(self, year: int, code: str) -> EvaluationMatch | None:
        """The self-evaluation of (year, code) paired with its targets; None when there is no self-evaluation."""
        evaluation = self._evaluations.get((year, code))
        return match_evaluation(self._index.get((year, code)), evaluation) if evaluation is not None else None

    def matches(self) -> list[EvaluationMatch]:
        """Every self-evaluation paired with its targets, oldest year first."""
        return [match_evaluation(self._index.get(e.key), e) for e in sorted(self.evaluations, key=lambda e: (e.year, e.unit.code))]

    def departments(self) -> dict[str, list[Record]]:
        """Records per unit code, oldest year first."""
        out: dict[str, list[Record]] = defaultdict(list)
        for record in sorted(self.records, key=lambda r: (r.unit.code, r.year)):
            out[record.unit.code].append(record)
        return dict(sorted(out.items()))


class RecordCache:
    """Parsed records keyed on path and content hash, so a rebuild re-parses only what changed."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[str, Record | Evaluation | None, list[RecordError]]] = {}
        self.parsed = 0  # how many files were actually parsed, for tests and benchmarks

    def load(self, data: bytes, file: str, year: int, code: str) -> tuple[Record | None, list[RecordError]]:
        return self._load(data, file, year, code, parse_record, Evaluation)  # type: ignore[return-value]

    def load_evaluation(self, data: bytes, file: str, year: int, code: str) -> tuple[Evaluation | None, list[RecordError]]:
        return self._load(data, file, year, code, parse_evaluation, Record)  # type: ignore[return-value]

    def _load(self, data: bytes, file: str, year: int, code: str, parse: Callable[..., tuple[Any, list[RecordError]]],
              other: type) -> tuple[Any, list[RecordError]]:
        """Parsed once per content: a file renamed from one kind to the other (``other``) is parsed again."""
        digest = hashlib.sha256(data).hexdigest()
        cached = self._entries.get(file)
        if cached and cached[0] == digest and not isinstance(cached[1], other):
            return cached[1], cached[2]
        self.parsed += 1
        document, errors = parse(data, file, expect_year=year, expect_code=code)
        self._entries[file] = (digest, document, errors)
        return document, errors


def record_files(data_dir: Path) -> tuple[list[tuple[Path, int, str, str]], list[RecordError]]:
    """Every record file as (path, year, unit code, kind), and errors for everything else found under ``data_dir`` (names.py)."""
    files, errors = data_files(data_dir)
    return [(f.path, f.year, f.code, f.kind) for f in files], errors


# Names a clerk may have given a record placed outside a year folder (names.py reports each such file).
RECORD_SUFFIXES = (".yaml", ".yml")


def misplaced_files(data_dir: Path) -> list[Path]:
    """Record files outside <year>/: reported as misplaced, and read all the same for their other errors."""
    return [path for path in sorted(data_dir.rglob("*"))
            if path.suffix in RECORD_SUFFIXES and not path.is_symlink() and path.is_file() and not path.name.startswith(".")
            and routes.FROZEN_STORE not in (rel := path.relative_to(data_dir).parts)  # frozen versions, kept by hash
            and (len(rel) != 2 or not YEAR_FOLDER.fullmatch(rel[0]))]


def load_archive(data_dir: Path, cache: RecordCache | None = None, progress: Callable[[int, int], None] | None = None,
                 years: Collection[int] | None = None) -> Archive:
    """Load and check every record (of ``years`` only, when given: one shard of a sharded build); raise
    :class:`RecordsInvalid` listing every problem.

    ``progress(done, total)`` is called after each file, for progress lines on large archives.
    """
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise RecordsInvalid([RecordError(display_path(data_dir), 1, 1, "", "数据文件夹不存在（或不是文件夹）；请检查 mkdocs.yml 中 budgetsite 插件的 data_dir 设置，或命令中的数据文件夹。")])
    cache = cache or RecordCache()
    files, errors = record_files(data_dir)
    if years is not None:
        files = [f for f in files if f[1] in years]
    loaders = {TARGETS.kind: cache.load, EVALUATION.kind: cache.load_evaluation}
    loaded: dict[str, list] = {kind: [] for kind in loaders}
    # Targets first, then self-evaluations: the order in which their pages and checks need them.
    ordered = sorted(files, key=lambda f: list(loaders).index(f[3]))
    for done, (path, year, code, kind) in enumerate(ordered, start=1):
        data, unreadable = read_limited(path, display_path(path))
        if data is None:
            errors += [unreadable] if unreadable else []
            continue
        document, document_errors = loaders[kind](data, display_path(path), year, code)
        errors.extend(document_errors)
        if document is not None:
            loaded[kind].append(document)
        if progress is not None:
            progress(done, len(files))
    records: list[Record] = loaded[TARGETS.kind]
    evaluations: list[Evaluation] = loaded[EVALUATION.kind]
    errors.extend(_duplicate_codes_across_records(records))
    errors.extend(address_collisions(records))
    if errors:
        # One run lists everything: the other errors of a misplaced file too.
        for path in misplaced_files(data_dir):
            data, _ = read_limited(path, display_path(path))  # a refused file is already reported by name
            if data is not None:
                errors.extend(parse_record(data, display_path(path))[1])
        raise RecordsInvalid(errors, loaded=records)
    return Archive(records, evaluations)


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
