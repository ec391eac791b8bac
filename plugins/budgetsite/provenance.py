"""Provenance: freezing a published year, and revision history.

``budgetsite freeze YEAR`` writes ``data/<year>/manifest.json``: the SHA-256
of every record of the year and of every open-data file made from them
(:func:`budgetsite.export.build_downloads`), and keeps each record's frozen bytes
in ``data/<year>/frozen/<sha256>.yaml`` (frozen_store.py). From then on the year
is frozen: a build, ``budgetsite check`` and a re-freeze refuse a record whose
bytes differ from the manifest unless its new ``revisions`` entries describe
exactly the difference from the frozen version, field by field (what
``budgetsite diff`` prints), and keep the older entries as they were; they also
refuse a download whose bytes changed although none of its records did (a change
of export format must be re-frozen on purpose), and a year whose manifest is gone
or edited: freezing also registers the manifest's SHA-256 in ``data/frozen-years.json``
(frozen_registry.py), and :func:`read_frozen` holds every manifest against it.

The manifest published at ``/<year>/manifest.json`` is recomputed at build time
by the same function: while nothing has changed it is byte-for-byte the
committed file; after a recorded revision it would list the new hashes, so the build
refuses until ``budgetsite freeze`` has brought the committed file up to date (the site
never publishes a manifest other than the one in version control).
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
import re
import typing
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import routes
from .collection import Archive
from .errors import RecordError, RecordsInvalid, display_path
from .export import Download
from .export.jsonapi import dumps, source_name
from .fieldpaths import MISSING, describe, resolve, value_text
from .frozen_registry import check_registry, read_registry, registered, registry_file
from .frozen_store import has_versions, keep_version, read_version, version_path, write_atomically
from .load import parse_record
from .model import Change, Project, Record, schema_fields
from .names import YEAR_FOLDER

MANIFEST_FORMAT = "budgetsite-manifest/1"
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


# -- manifests ----------------------------------------------------------------------------

def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def compute_manifest(archive: Archive, year: int, downloads: Iterable[Download], *, frozen: str, updated: str) -> dict[str, Any]:
    records = [
        {"file": source_name(r), "sha256": r.source.sha256 if r.source else "", "revisions": len(r.revisions), "status": r.status}
        for r in sorted(archive.by_year(year), key=lambda r: source_name(r))
    ]
    files = [{"path": d.path, "sha256": sha256(d.content), "size": len(d.content)}
             for d in sorted((d for d in downloads if d.year == year), key=lambda d: d.path)]
    return {"format": MANIFEST_FORMAT, "year": year, "frozen": frozen, "updated": updated, "records": records, "files": files}


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
    return dumps(manifest)


@dataclass(frozen=True)
class FrozenYear:
    """A frozen year as the site shows it."""

    year: int
    frozen: str  # first frozen, YYYY-MM-DD
    updated: str  # last re-frozen
    manifest_sha256: str  # of the manifest the site publishes


@dataclass(frozen=True)
class Frozen:
    """A year's committed manifest."""

    year: int
    path: Path
    data: dict[str, Any]

    @property
    def frozen(self) -> str:
        return str(self.data.get("frozen", ""))

    @property
    def updated(self) -> str:
        return str(self.data.get("updated", self.frozen))

    def records(self) -> dict[str, dict[str, Any]]:
        return {e["file"]: e for e in self.data.get("records", [])}

    def files(self) -> dict[str, str]:
        return {e["path"]: e["sha256"] for e in self.data.get("files", [])}


def read_frozen(data_dir: Path, *, refreeze: int | None = None) -> tuple[dict[int, Frozen], list[RecordError]]:
    """Every year's manifest under ``data_dir``, and errors for unreadable ones and for any disagreement with the registry of frozen years.

    ``refreeze``: the year ``budgetsite freeze`` is freezing, which may be missing from the registry.
    """
    found: dict[int, Frozen] = {}
    registry, unreadable = read_registry(data_dir)
    errors = list(unreadable)
    present: dict[int, bytes] = {}
    for path in sorted(Path(data_dir).glob(f"*/{routes.MANIFEST_NAME}")):
        if YEAR_FOLDER.fullmatch(path.parent.name) and path.is_file():
            try:
                present[int(path.parent.name)] = path.read_bytes()
            except OSError as exc:
                errors.append(RecordError(display_path(path), 1, 1, "", f"冻结清单无法读取（{exc.strerror or exc}）；请检查此文件的权限。"))
    if not unreadable:  # an unreadable registry is the one thing to fix first: until it is restored, no manifest can be held against it
        errors += check_registry(data_dir, registry, present, refreeze=refreeze)
    registered_years = registry.years if registry is not None else {}
    # A manifest that is not the registered one was edited by hand: restoring it is the one fix, already said.
    altered = {y for y, content in present.items() if y in registered_years and sha256(content) != registered_years[y]}
    for folder in sorted(Path(data_dir).iterdir() if Path(data_dir).is_dir() else []):
        if YEAR_FOLDER.fullmatch(folder.name) and folder.is_dir() and not routes.manifest_file(data_dir, int(folder.name)).exists() \
                and int(folder.name) not in registered_years and has_versions(data_dir, int(folder.name)):
            errors.append(RecordError(display_path(routes.manifest_file(data_dir, int(folder.name))), 1, 1, "",
                                      f"{folder.name} 年有冻结版本（{routes.FROZEN_STORE}/），但冻结清单不见了。已公开的年度不能悄悄失去清单；"
                                      "请从版本库恢复此文件。"))
    for year, content in sorted(present.items()):
        path = routes.manifest_file(data_dir, year)
        shown = display_path(path)
        try:
            data = json.loads(content.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            if year in altered:
                continue
            errors.append(RecordError(shown, getattr(exc, "lineno", 1), getattr(exc, "colno", 1), "",
                                      f"冻结清单无法读取（{exc}）；请从版本库恢复此文件。"))
            continue
        if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT or data.get("year") != year:
            if year in altered:
                continue
            errors.append(RecordError(shown, 1, 1, "", f"不是 {year} 年的冻结清单（format 应为 {MANIFEST_FORMAT}，year 应为 {year}）；请从版本库恢复此文件。"))
            continue
        listed = data.get("records")
        files = [e.get("file") if isinstance(e, dict) else None for e in (listed if isinstance(listed, list) else [None])]
        if len(set(files)) != len(files) or not all(isinstance(f, str) and f.startswith(f"{year}/") for f in files):
            if year in altered:
                continue
            errors.append(RecordError(shown, 1, 1, "", f"冻结清单中的记录列表不对（有重复的文件，或文件不在 {year}/ 中）；请从版本库恢复此文件。"))
            continue
        found[year] = Frozen(year, path, data)
    return found, errors


def frozen_dates(frozen: dict[int, Frozen]) -> dict[int, str]:
    return {y: f.frozen for y, f in frozen.items()}


def check_frozen(archive: Archive, frozen: dict[int, Frozen], downloads: list[Download], data_dir: Path, *,
                 refreeze: int | None = None) -> list[RecordError]:
    """Every way in which the data differs from the frozen manifests, as located errors.

    For the year ``refreeze`` (``budgetsite freeze`` on a frozen year) only what a new freeze
    must not paper over is reported: records changed without a revision, records removed.
    """
    errors: list[RecordError] = []
    for year, base in sorted(frozen.items()):
        again = year == refreeze
        shown_manifest = display_path(base.path)
        current = {source_name(r): r for r in archive.by_year(year)}
        recorded = base.records()
        how = f"{year} 年已于 {base.frozen} 冻结（{shown_manifest}）"
        changed: set[str] = set()
        for file in sorted(set(recorded) - set(current)):
            changed.add(Path(file).stem)
            errors.append(RecordError(display_path(Path(data_dir) / file), 1, 1, "",
                                      f"{how}，但此记录文件已被删除或改名。已公开的文本不能撤下；请从版本库恢复此文件。"))
        for file, record in sorted(current.items()):
            assert record.source is not None
            entry = recorded.get(file)
            if entry is None:
                changed.add(record.unit.code)
                if again:
                    continue
                errors.append(RecordError(record.source.file, 1, 1, "",
                                          f"{how}，但此记录是冻结后新增的。确需补充公开时，请运行 bin/budgetsite freeze {year} 重新冻结该年度。"))
                continue
            if entry.get("sha256") == record.source.sha256:
                continue
            changed.add(record.unit.code)
            errors += verify_revisions(record, entry, data_dir, year, how)
        if changed or again:
            continue  # recorded revisions explain changed downloads; the manifest is recomputed on publication
        now = {d.path: sha256(d.content) for d in downloads if d.year == year}
        for path, digest in sorted(base.files().items()):
            if path not in now:
                errors.append(RecordError(shown_manifest, 1, 1, "", f"{how}，但下载文件 {path} 不再生成（记录没有变化）。"
                                          f"已公开的下载文件不能悄悄消失；如确认是有意的，请运行 bin/budgetsite freeze {year} 重新冻结。"))
            elif now[path] != digest:
                errors.append(RecordError(shown_manifest, 1, 1, "", f"{how}，但下载文件 {path} 的内容与清单不同（记录没有变化，"
                                          f"可能是网站程序改变了导出格式）。如确认无误，请运行 bin/budgetsite freeze {year} 重新冻结。"))
    return errors


def verify_revisions(record: Record, entry: dict[str, Any], data_dir: Path, year: int, how: str) -> list[RecordError]:
    """A frozen record that changed: its new ``revisions`` must describe exactly the difference from the frozen version.

    The frozen bytes come from the year's store (frozen_store.py), named by the SHA-256 the
    manifest lists; the difference is :func:`diff_records` (what ``budgetsite diff`` prints).
    Revisions made before the freeze must be kept as they were.
    """
    assert record.source is not None
    src = record.source
    data, missing = read_version(data_dir, year, str(entry.get("sha256", "")))
    if data is None:
        assert missing is not None
        return [RecordError(src.file, 1, 1, "", f"{how}，此文件在冻结后被修改，但无法取得冻结时的版本来核对修改："
                                                f"{missing.file}：{missing.message}")]
    store = display_path(version_path(data_dir, year, str(entry["sha256"])))
    old, old_errors = parse_record(data, store, expect_year=year, expect_code=record.unit.code)
    if old is None:
        return [RecordError(src.file, 1, 1, "", f"{how}，但冻结时的版本 {store} 无法读取（{old_errors[0].message}）；请从版本库恢复它。")]
    errors: list[RecordError] = []

    def err(path: str, message: str) -> None:
        line, col = src.position(path)
        errors.append(RecordError(src.file, line, col, path, message))

    kept = len(old.revisions)
    for i, rev in enumerate(old.revisions):
        if i >= len(record.revisions) or record.revisions[i] != rev:
            err(f"revisions[{i}]" if i < len(record.revisions) else "revisions",
                f"{how}；冻结时已有的第 {i + 1} 条修订记录（{rev.date}）被改动或删除。已公开的修订历史不能改写；请恢复原样，新的修改另加一条。")
    hint = f"可用 budgetsite diff {store} {src.file} 生成"
    if len(record.revisions) <= kept:
        line, col = src.position("revisions") if record.revisions else (1, 1)
        errors.append(RecordError(
            src.file, line, col, "revisions" if record.revisions else "",
            f"{how}，但此文件在冻结后被修改，且没有新增修订记录（revisions）。"
            "如是误改，请从版本库恢复原文件；如确需修改，请在 revisions 中新增一条修订"
            f"（date 日期、note 原因、changes 修改内容，{hint}），然后运行 budgetsite freeze {year} 更新清单。"))
        return errors
    expected = {c.path: (c.before, c.after) for c in diff_records(old, record)}
    stated: dict[str, tuple[str, str, str]] = {}  # path -> (first before, last after, where the last change is)
    for i in range(kept, len(record.revisions)):
        for j, change in enumerate(record.revisions[i].changes):
            where, path = f"revisions[{i}].changes[{j}]", _canonical(change.path, record, old)
            if path in stated and change.before != stated[path][1]:
                err(f"{where}.before", f"“{change.path}”的原值应为上一条修订的新值“{stated[path][1]}”，实际写的是“{change.before}”。")
            stated[path] = (stated[path][0] if path in stated else change.before, change.after, where)
    last = f"revisions[{len(record.revisions) - 1}]"
    for path, (before, after) in expected.items():
        if path not in stated:
            err(last, f"{how}；冻结后“{describe(record, path) if resolve(record, path)[1] is not MISSING else path}”（{path}）"
                      f"从“{before}”改成了“{after}”，但新增的修订记录没有写这一处。每处修改都要写进 changes（{hint}）。")
            continue
        first, final, where = stated[path]
        if first != before:
            err(f"{where}.before", f"修订记录中“{path}”的原值写的是“{first}”，但冻结时的版本中是“{before}”；请核对（{hint}）。")
        if final != after and _is_item(record, old, path):
            err(f"{where}.after", f"修订记录中“{path}”的新值写的是“{final}”，应为“{after}”（{hint}）。")
    for path, (_first, _final, where) in stated.items():
        if path not in expected:
            err(f"{where}.path", f"修订记录列出了“{path}”，但与冻结时的版本相比，这一处没有改动；请删去这一条，或核对路径（{hint}）。")
    return errors


def _canonical(path: str, record: Record, old: Record) -> str:
    """``projects[0].x`` as ``projects[<code>].x`` (the form diff_records writes), by position in the current or the frozen record."""
    head, sep, rest = path.partition("]")
    if not (head.startswith("projects[") and head[9:].isdigit()):
        return path
    i = int(head[9:])
    for r in (record, old):
        if i < len(r.projects):
            return f"projects[{r.projects[i].code}]{rest}"
    return path


def _is_item(record: Record, old: Record, path: str) -> bool:
    """A path that names a whole item (a project added or removed), whose new value ``check_records`` cannot compare."""
    value = resolve(record, path)[1]
    return value is MISSING or dataclasses.is_dataclass(value) or isinstance(value, list) or resolve(old, path)[1] is MISSING


def stale_years(archive: Archive, frozen: dict[int, Frozen], downloads: list[Download]) -> list[int]:
    """Frozen years whose committed manifest no longer matches (after recorded revisions)."""
    out = []
    for year, base in sorted(frozen.items()):
        fresh = compute_manifest(archive, year, downloads, frozen=base.frozen, updated=base.updated)
        if manifest_bytes(fresh) != base.path.read_bytes():
            out.append(year)
    return out


def publishable_manifests(archive: Archive, frozen: dict[int, Frozen], downloads: list[Download]) -> dict[str, bytes]:
    """``<year>/manifest.json`` for each frozen year, hashing exactly the files this build publishes."""
    return {
        routes.manifest(year): manifest_bytes(compute_manifest(archive, year, downloads, frozen=base.frozen, updated=base.updated))
        for year, base in sorted(frozen.items())
        if year in archive.years()
    }


def frozen_years(frozen: dict[int, Frozen], manifests: dict[str, bytes]) -> tuple[FrozenYear, ...]:
    """The frozen years the site publishes a manifest for, with that manifest's SHA-256."""
    return tuple(FrozenYear(y, f.frozen, f.updated, sha256(manifests[routes.manifest(y)]))
                 for y, f in sorted(frozen.items()) if routes.manifest(y) in manifests)


def write_manifest(data_dir: Path, archive: Archive, frozen: dict[int, Frozen], downloads: list[Download], year: int, today: str) -> Path:
    """Write (or bring up to date) a year's manifest, from a plan already checked with ``refreeze=year``."""
    base = frozen.get(year)
    manifest = compute_manifest(archive, year, downloads, frozen=base.frozen if base else today, updated=today)
    for entry in manifest["records"]:
        data = (Path(data_dir) / entry["file"]).read_bytes()
        if sha256(data) != entry["sha256"]:
            raise RecordsInvalid([RecordError(display_path(Path(data_dir) / entry["file"]), 1, 1, "",
                                              "冻结过程中此文件被修改了；请确认文件已保存，再运行一次 budgetsite freeze。")])
        keep_version(data_dir, year, data)  # before the manifest: a manifest never names a version the store lacks
    path = routes.manifest_file(data_dir, year)
    content = manifest_bytes(manifest)
    write_atomically(path, content)
    # The registry last: killed in between, the manifest disagrees with it and every build stops until restored.
    registry, problems = read_registry(data_dir)
    if problems:
        raise RecordsInvalid(problems)
    write_atomically(registry_file(data_dir), registered(registry, year, content))
    return path


# -- revisions ----------------------------------------------------------------------------

def diff_records(old: Record, new: Record) -> list[Change]:
    """Field-level differences, projects matched by code, for a new ``revisions`` entry."""
    out: list[Change] = []
    _diff(old, new, "", out)
    return out


def _summary(value: Any) -> str:
    for name in ("name", "title", "period", "code"):
        if hasattr(value, name):
            return str(getattr(value, name))
    return value_text(value)


def _diff(old: Any, new: Any, path: str, out: list[Change]) -> None:
    if dataclasses.is_dataclass(old) and dataclasses.is_dataclass(new):
        for f in schema_fields(type(new)):
            if f.name == "revisions" and not path:
                continue
            _diff(getattr(old, f.name, None), getattr(new, f.name), f"{path}.{f.name}" if path else f.name, out)
        return
    if isinstance(old, list) or isinstance(new, list):
        old, new = old or [], new or []
        if all(isinstance(p, Project) for p in [*old, *new]):
            olds = {p.code: p for p in old}
            news = {p.code: p for p in new}
            for code in [*olds, *(c for c in news if c not in olds)]:
                step = f"{path}[{code}]"
                if code in olds and code in news:
                    _diff(olds[code], news[code], step, out)
                else:
                    out.append(Change(path=step, before=_summary(olds[code]) if code in olds else "",
                                      after=_summary(news[code]) if code in news else ""))
            return
        for i in range(max(len(old), len(new))):
            step = f"{path}[{i}]"
            if i < len(old) and i < len(new):
                _diff(old[i], new[i], step, out)
            else:
                out.append(Change(path=step, before=_summary(old[i]) if i < len(old) else "", after=_summary(new[i]) if i < len(new) else ""))
        return
    if dataclasses.is_dataclass(old) or dataclasses.is_dataclass(new):  # an optional mapping added or removed
        out.append(Change(path=path, before="（有）" if old is not None else "", after="（有）" if new is not None else ""))
        return
    if value_text(old) != value_text(new):
        out.append(Change(path=path, before=value_text(old), after=value_text(new)))


# Reasons that say nothing: the public page prints the note as the reason of the correction.
PLACEHOLDER_NOTES = frozenset({
    "无", "没有", "暂无", "略", "修改", "修订", "更正", "改正", "调整", "变更", "更新", "原因", "修改原因", "请填写修改原因",
    "待填", "待补", "待定", "xxx", "todo", "tbd", "fixme", "test", "测试", "note", "none", "null", "na", "n/a",
})
MIN_NOTE_CHARS = 4  # 更正笔误: the shortest reason worth publishing


def note_problem(note: str) -> str | None:
    """Why a revision note is not a reason (None when it is one), in the clerk's words."""
    bare = re.sub(r"[\s\W_]+", "", unicodedata.normalize("NFKC", note)).lower()
    if not bare:
        return "修订说明（note）是空的"
    if bare in PLACEHOLDER_NOTES or re.fullmatch(r"x+|\?+|0+|1+|a+", bare) or "请填写" in bare:
        return f"修订说明（note）“{note.strip()}”是占位内容，不是修改原因"
    if len(bare) < MIN_NOTE_CHARS:
        return f"修订说明（note）“{note.strip()}”太短，看不出为什么修改"
    return None


NOTE_HINT = "请写明为什么修改（至少 4 个字），如“根据县财政局批复调整预算数”；网站的修订历史会公开这句话。"


def revision_yaml(changes: list[Change], today: str, note: str = "") -> str:
    """A ``revisions`` entry (strings JSON-quoted, which YAML reads as is); without a note, a blank the clerk must fill."""
    lines = [f"  - date: {today}", f"    note: {json.dumps(note, ensure_ascii=False)}", "    changes:"]
    for c in changes:
        lines.append(f"      - {{path: {json.dumps(c.path, ensure_ascii=False)}, before: {json.dumps(c.before, ensure_ascii=False)}, "
                     f"after: {json.dumps(c.after, ensure_ascii=False)}}}")
    if not changes:
        lines[-1] = "    changes: []"
    return "\n".join(lines) + "\n"


def _valid_date(text: str) -> bool:
    if not DATE_RE.fullmatch(text):
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def check_records(records: Iterable[Record]) -> list[RecordError]:
    """Checks on ``meta`` and ``revisions`` that need more than one field at a time."""
    errors: list[RecordError] = []
    for record in records:
        src = record.source
        assert src is not None

        def err(path: str, message: str, src: Any = src) -> None:
            line, col = src.position(path)
            errors.append(RecordError(src.file, line, col, path, message))

        if record.meta is not None:
            for name in ("published", "written"):
                value = getattr(record.meta, name)
                if value and not _valid_date(value):
                    label = typing.cast(str, next(f for f in schema_fields(type(record.meta)) if f.name == name).metadata["label"])
                    err(f"meta.{name}", f"{label}应写作 年-月-日（如 2021-03-15），实际为“{value}”。")
        last_after: dict[str, tuple[str, str]] = {}
        previous = ""
        for i, rev in enumerate(record.revisions):
            problem = note_problem(rev.note)
            if problem:
                err(f"revisions[{i}].note", f"{problem}；{NOTE_HINT}")
            if not _valid_date(rev.date):
                err(f"revisions[{i}].date", f"修订日期应写作 年-月-日（如 2021-06-30），实际为“{rev.date}”。")
            elif previous and rev.date < previous:
                err(f"revisions[{i}].date", f"修订记录应按日期先后排列：{rev.date} 早于上一条的 {previous}。")
            else:
                previous = rev.date
            for j, change in enumerate(rev.changes):
                where = f"revisions[{i}].changes[{j}]"
                labels, value = resolve(record, change.path)
                if value is MISSING and change.after != "":
                    err(f"{where}.path", f"修改字段“{change.path}”在本文件中不存在；请写成 projects[项目编码].budget.total 这样的路径，"
                                         "或用 bin/budgetsite revise 自动生成。")
                    continue
                if value is MISSING or dataclasses.is_dataclass(value) or isinstance(value, list):
                    continue  # an item added or removed: nothing to compare
                last_after[change.path] = (where, change.after)
        for path, (where, after) in last_after.items():
            _, value = resolve(record, path)
            if value_text(value) != after:
                err(f"{where}.after", f"修订记录中“{describe(record, path)}”的新值为“{after}”，但文件中该字段现在是“{value_text(value)}”；请核对。")
    return errors
