"""A year's records and self-evaluations cut down to what the pages over every year show, as plain JSON.

A sharded build (``budgetsite build --shards``) builds each year on its own; the home page,
the page of every year, the departments and each department's history are then made from
these summaries, never from the records again, so that assembling ten years holds ten small
summaries in memory rather than every indicator of every document. The single build makes
the same pages from summaries made in memory (``site.generate_pages`` with ``part="archive"``
is given :func:`summarised`), so both ways give the same bytes; ``tests/test_shards.py``
compares the two sites file by file.

What a summary keeps: who (year, department, unit, status, cover, money unit), each project's
code, name, unit, money unit and budget, the revisions, and each self-evaluation's projects
with their funds and total scores. Everything else (goals, indicators, details, text) is
emptied. A renderer of those pages that starts using an emptied field shows up as a
difference in that test.

The JSON is the dataclasses' own fields (Decimals as their exact text) read back through
the type hints, so a summary is inspectable and no code is ever loaded from it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import types
import typing
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Literal, Union, get_args, get_origin

from .collection import Archive
from .evaluation_model import Evaluation
from .model import Project, Record, Source

FORMAT = "budgetsite-summary/1"


def _strip_project(project: Project) -> Project:
    return dataclasses.replace(project, details=[], purpose="", spending_plan=[], goals=[], mid_goals=[], indicators=[],
                               indicator_grid=None, other_grids=[], unplaced=[], title="")


def strip_record(record: Record, keep_source: bool = False) -> Record:
    """The record with only what the pages over every year show; its source only when ``keep_source``."""
    stripped = dataclasses.replace(
        record, overall_goals=[], sub_goals=[], safeguards=[], department_tables=[], unplaced=[], meta=None,
        projects=[_strip_project(p) for p in record.projects])
    stripped.source = record.source if keep_source and record.source is not None else None
    return stripped


def strip_evaluation(evaluation: Evaluation) -> Evaluation:
    projects = [dataclasses.replace(p, indicators=[], goal_expected="", goal_actual="", problems="", measures="", unplaced=[])
                for p in evaluation.projects]
    stripped = dataclasses.replace(evaluation, projects=projects)
    stripped.source = None
    return stripped


def summarised(archive: Archive, example: tuple[int, str] | None = None) -> Archive:
    """The archive of summaries; the record ``example`` (year, unit code) keeps its source (the data-format page's example)."""
    return Archive([strip_record(r, keep_source=(r.year, r.unit.code) == example) for r in archive.records],
                   [strip_evaluation(e) for e in archive.evaluations])


def reference_example(archive: Archive) -> tuple[int, str] | None:
    """The oldest record (year, unit code): the data-format page's worked example."""
    if not archive.records:
        return None
    oldest = min(archive.records, key=lambda r: (r.year, r.unit.code))
    return oldest.year, oldest.unit.code


# -- JSON -----------------------------------------------------------------------------------


def to_plain(value: Any) -> Any:
    """Dataclasses by their init fields, Decimals as exact text; a record's source as file, text and hash."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    if isinstance(value, Source):
        return {"file": value.file, "text": value.text, "sha256": value.sha256}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init and f.name != "source"}
        source = getattr(value, "source", None)
        if source is not None:
            out["source"] = to_plain(source)
        return out
    return value


def _reachable_hints(*roots: type) -> dict[type, dict[str, Any]]:
    """The type hints of every dataclass a summary holds, resolved once (annotations are strings here)."""
    out: dict[type, dict[str, Any]] = {}
    todo = list(roots)
    while todo:
        cls = todo.pop()
        if cls in out:
            continue
        out[cls] = typing.get_type_hints(cls)
        for hint in out[cls].values():
            stack = [hint]
            while stack:
                t = stack.pop()
                stack += get_args(t)
                if dataclasses.is_dataclass(t) and isinstance(t, type) and t not in out and t is not Source:
                    todo.append(t)
    return out


_HINTS = _reachable_hints(Record, Evaluation)  # constants: computed once at import, never changed
_FIELDS = {cls: tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls) if f.init and f.name != "source") for cls, hints in _HINTS.items()}


def from_plain(kind: Any, data: Any) -> Any:
    """The inverse of :func:`to_plain` for the type ``kind``."""
    reader = _READERS.get(kind) or _reader(kind, dict(_READERS))
    return reader(data)


def _same(value: Any) -> Any:
    return value


def _reader(kind: Any, made: dict[Any, Callable[[Any], Any]]) -> Callable[[Any], Any]:
    """A function reading ``kind`` from plain JSON, worked out once per type (``made``: those worked out so far)."""
    if kind in made:
        return made[kind]
    origin = get_origin(kind)
    reader: Callable[[Any], Any]
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(kind) if a is not type(None)]
        if len(options) != 1:
            raise TypeError(f"ambiguous union {kind}")
        inner = _reader(options[0], made)
        reader = _same if inner is _same else (lambda data: None if data is None else inner(data))
    elif origin is list:
        (item,) = get_args(kind)
        each = _reader(item, made)
        reader = list if each is _same else (lambda data: [each(v) for v in data])
    elif origin is dict:
        _, item = get_args(kind)
        each = _reader(item, made)
        reader = dict if each is _same else (lambda data: {k: each(v) for k, v in data.items()})
    elif origin is Literal or kind in (str, int, bool, Any):
        reader = _same
    elif kind is Decimal:
        reader = Decimal
    elif kind is Source:
        reader = lambda data: Source(file=data["file"], text=data["text"], sha256=data["sha256"])  # noqa: E731
    elif dataclasses.is_dataclass(kind):
        made[kind] = lambda data: reader(data)  # a dataclass holding its own kind, read through this
        fields = [(name, _reader(hint, made)) for name, hint in _FIELDS[kind]]
        source = _reader(Source, made)

        def reader(data: Any) -> Any:
            obj = kind(**{name: read(data[name]) for name, read in fields if name in data})
            if "source" in data:
                obj.source = source(data["source"])
            return obj
    else:
        raise TypeError(f"no reader for {kind!r}")
    made[kind] = reader
    return reader


def _readers() -> dict[Any, Callable[[Any], Any]]:
    made: dict[Any, Callable[[Any], Any]] = {}
    for cls in _HINTS:
        _reader(cls, made)
    return made


# Constants like _FIELDS: worked out once at import (an assembly reads 100,000s of values), never changed.
_READERS = types.MappingProxyType(_readers())


def dumps(archive: Archive) -> bytes:
    """A summarised archive (see :func:`summarised`) as JSON."""
    return json.dumps({"format": FORMAT, "records": to_plain(archive.records), "evaluations": to_plain(archive.evaluations)},
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def loads(data: bytes) -> Archive:
    return loads_digested(data)[0]


def loads_digested(data: bytes) -> tuple[Archive, dict[tuple[str, int, str], str]]:
    """The summarised archive, and the SHA-256 of each summary's JSON by ("record" or "evaluation", year, unit code):
    what the department pages made from it depend on (page_store.department_keys)."""
    plain = json.loads(data)
    if plain.get("format") != FORMAT:
        raise ValueError(f"not a {FORMAT} summary")
    records = [from_plain(Record, r) for r in plain["records"]]
    evaluations = [from_plain(Evaluation, e) for e in plain["evaluations"]]
    digests = {}
    for kind, objects, items in (("record", records, plain["records"]), ("evaluation", evaluations, plain["evaluations"])):
        for obj, item in zip(objects, items, strict=True):
            text = json.dumps(item, ensure_ascii=False, separators=(",", ":"))
            digests[kind, obj.year, obj.unit.code] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Archive(records, evaluations), digests
