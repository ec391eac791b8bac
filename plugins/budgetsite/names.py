"""Which files under the data folder are records, and the site addresses that each record takes.

A record's identity is its canonical path: an ASCII year folder, a unit code, one
``.yaml`` extension (``2021/711001.yaml``). The manifests key records by this path
and the site derives every address from it, so a name must mean one file only:
anything else under the data folder (``.yml``, ``.YAML``, a second extension, a
non-ASCII year folder, a folder named like a file, a symbolic link) is reported,
never skipped (only the frozen years' own files are expected: each year's manifest and
store of frozen versions, and the registry of frozen years), and a record whose addresses would overwrite another's, or the
site's own (``index``, a year's download files), is refused before anything is written.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from . import kinds, routes
from .errors import RecordError, display_path
from .model import CODE_PATTERN, Record

YEAR_FOLDER = routes.YEAR_FOLDER
EXTENSION = ".yaml"
UNIT_CODE = re.compile(CODE_PATTERN, re.ASCII)
# The document kinds a year folder holds, by how the file name ends before ".yaml": (ending, kind),
# longest ending first, from the one naming table (kinds.py).
KINDS: tuple[tuple[str, str], ...] = tuple((k.suffix, k.kind) for k in kinds.KINDS)
# Names in a year folder that are not records: the frozen manifest and the store of frozen versions.
# (Beside the year folders, only the registry of frozen years, routes.FROZEN_YEARS.)
YEAR_ENTRIES = {routes.MANIFEST_NAME: "file", routes.FROZEN_STORE: "folder"}
# Operating-system litter that says nothing about the data; every other stray name is reported.
IGNORED = frozenset({".gitkeep", ".gitignore", ".DS_Store", "Thumbs.db", "desktop.ini"})
FROZEN_VERSION = re.compile(r"[0-9a-f]{64}\.yaml", re.ASCII)
RESERVED_CODES = ("index",)  # and any four-digit code, which reads as a year


@dataclass(frozen=True)
class DataFile:
    path: Path
    year: int
    code: str
    kind: str


def _kind(stem: str) -> tuple[str, str] | None:
    for ending, kind in KINDS:
        if stem.endswith(ending) and UNIT_CODE.fullmatch(stem[: len(stem) - len(ending)] or "-"):
            return stem[: len(stem) - len(ending)], kind
    return None


def reserved_code(code: str) -> str | None:
    """Why ``code`` cannot be a unit code, or None."""
    if code.casefold() in RESERVED_CODES:
        return f"“{code}”是网站自用的名称（年度首页 index）"
    if YEAR_FOLDER.fullmatch(code):
        return f"“{code}”是四位数字，会与年度的地址和下载文件（如 downloads/<年度>/<年度>.xlsx）冲突"
    return None


def data_files(data_dir: Path) -> tuple[list[DataFile], list[RecordError]]:
    """Every record file under ``data_dir``, and an error for every other entry that is not expected there."""
    found: list[DataFile] = []
    errors: list[RecordError] = []
    label = data_dir.name
    where = f"记录文件应放在 {label}/<年度>/<单位编码>{EXTENSION}，例如 {label}/2021/711001{EXTENSION}"
    for entry, kind in _entries(data_dir, errors):
        shown = display_path(entry)
        if kind == "link":
            errors.append(RecordError(shown, 1, 1, "", "这是一个符号链接。数据文件夹中不能有符号链接（会把别处的文件公开出去）；请换成文件或文件夹本身。"))
        elif kind == "dir" and YEAR_FOLDER.fullmatch(entry.name):
            found += _year_folder(entry, int(entry.name), errors)
        elif entry.name in IGNORED or (entry.name == routes.FROZEN_YEARS and kind == "file"):
            continue  # the registry of frozen years (frozen_registry.py) is checked where frozen years are
        elif kind == "dir":
            errors.append(RecordError(shown, 1, 1, "", f"记录文件位置不对：“{entry.name}”不是年度文件夹（年度文件夹名为四位半角数字，如 2021）；{where}。"))
        else:
            errors.append(RecordError(shown, 1, 1, "", f"记录文件位置不对：此文件不在年度文件夹中，不会被发布；{where}。"))
    return found, errors


def _entries(folder: Path, errors: list[RecordError]) -> list[tuple[Path, str]]:
    """The entries of a folder as (path, "link" | "dir" | "file" | "other"), symbolic links not followed."""
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
            out = []
            for e in entries:
                mode = e.stat(follow_symlinks=False).st_mode
                kind = "link" if stat.S_ISLNK(mode) else "dir" if stat.S_ISDIR(mode) else "file" if stat.S_ISREG(mode) else "other"
                out.append((Path(e.path), kind))
            return out
    except OSError as exc:
        errors.append(RecordError(display_path(folder), 1, 1, "", f"无法读取此文件夹（{exc.strerror or exc}）；请检查文件夹的权限。"))
        return []


def _year_folder(folder: Path, year: int, errors: list[RecordError]) -> list[DataFile]:
    found = []
    for entry, kind in _entries(folder, errors):
        shown, name = display_path(entry), entry.name
        if kind == "link":
            errors.append(RecordError(shown, 1, 1, "", "这是一个符号链接。记录必须是年度文件夹中的普通文件，不能指向别处；请把文件本身复制到这里。"))
            continue
        expected = YEAR_ENTRIES.get(name)
        if expected is not None and (kind == "file") == (expected == "file"):
            if name == routes.FROZEN_STORE:
                _frozen_store(entry, errors)
            continue
        if name in IGNORED:
            continue
        stem, ext = (name[: -len(EXTENSION)], name[-len(EXTENSION):]) if len(name) > len(EXTENSION) else (name, "")
        problem = _file_name_problem(name, stem, ext, kind)
        if problem:
            errors.append(RecordError(shown, 1, 1, "", f"{problem}；记录文件名应为 <单位编码>{EXTENSION}（小写扩展名，如 711001{EXTENSION}）。"))
            continue
        code, what = _kind(stem) or ("", "")
        found.append(DataFile(entry, year, code, what))
    return found


def _frozen_store(folder: Path, errors: list[RecordError]) -> None:
    """The store holds only what ``budgetsite freeze`` writes there: regular files named by their SHA-256."""
    for entry, kind in _entries(folder, errors):
        if kind != "file" or not FROZEN_VERSION.fullmatch(entry.name):
            errors.append(RecordError(display_path(entry), 1, 1, "", f"冻结版本文件夹 {routes.FROZEN_STORE}/ 中只能有 budgetsite freeze 写出的 "
                                                                     "<SHA-256>.yaml 普通文件；请从版本库恢复该文件夹，不要手工放入其他文件。"))


def _file_name_problem(name: str, stem: str, ext: str, kind: str) -> str | None:
    if kind == "dir":
        return f"“{name}”是文件夹，不是记录文件；年度文件夹中不能有其他文件夹，请移走或改名"
    if kind != "file":
        return "这不是普通文件（可能是设备或管道），请移走"
    if ext != EXTENSION:
        lower = name.lower()
        if lower.endswith((".yml", ".yaml")):
            return f"扩展名“{name[name.rfind('.'):]}”不对，只有 {EXTENSION} 文件是记录（同一记录不能有两个文件名）"
        return f"“{name}”不是记录文件，不会被发布；请移出数据文件夹"
    if "." in stem:
        return f"文件名“{name}”有两个扩展名"
    if _kind(stem) is None:
        return f"文件名“{stem}”不是合法的单位编码（只能用半角字母、数字、下划线和连字符，以字母或数字开头）"
    why = reserved_code(stem)
    if why:
        return f"单位编码{why}，不能作为文件名"
    return None


# -- the addresses each record takes ----------------------------------------------------

@dataclass(frozen=True)
class Claim:
    """An address of the site and who takes it."""

    address: str
    file: str  # the record that takes it ("" for the site itself)
    line: int
    column: int
    field: str


def site_claims(years: Iterable[int]) -> list[Claim]:
    """Addresses the site itself takes whatever records there are."""
    fixed = [routes.HOME, routes.DEPARTMENTS_PAGE, routes.YEARS_PAGE, routes.REFERENCE_PAGE, routes.API_INDEX, routes.RECORD_SCHEMA,
             routes.INDEX_SCHEMA, routes.archive_files().index, routes.archive_files().package]
    for year in years:
        fixed += [routes.year_page(year), routes.projects_page(year), routes.manifest(year), *_collection(routes.year_files(year))]
    return [Claim(a, "", 0, 0, "") for a in fixed]


def _collection(files: routes.YearFiles) -> list[str]:
    return [files.xlsx, *files.csv.values(), files.index, files.package]


def record_claims(record: Record) -> list[Claim]:
    """The pages and files one record takes, each located at the field its address comes from."""
    assert record.source is not None
    src = record.source
    line, col = src.position("unit.code")
    docs = routes.document_files(record.year, record.unit.code)
    own = [routes.document_page(record.year, record.unit.code), routes.department_page(record.unit.code),
           docs.json, docs.xlsx, docs.yaml, *docs.csv.values()]
    claims = [Claim(a, src.file, line, col, "unit.code") for a in own]
    for i, project in enumerate(record.projects):
        files = routes.project_files(record.year, record.unit.code, project.code)
        p_line, p_col = src.position(f"projects[{i}].code")
        claims += [Claim(a, src.file, p_line, p_col, f"projects[{i}].code") for a in (files.project, files.indicators)]
        anchor = routes.project_anchor(project.code)
        claims.append(Claim(f"{routes.document_page(record.year, record.unit.code)}#{anchor.casefold()}", src.file, p_line, p_col, f"projects[{i}].code"))
    return claims


def address_collisions(records: list[Record]) -> list[RecordError]:
    """Every address two records (or a record and the site) would both write, compared as a case-insensitive file system would.

    A department's page is shared by its records of every year, so its address is claimed once per unit code.
    """
    taken: dict[str, Claim] = {}
    for claim in site_claims({r.year for r in records}):
        taken[claim.address.casefold()] = claim
    for record in records:
        page = routes.document_page(record.year, record.unit.code)
        for anchor in routes.DOCUMENT_ANCHORS:
            taken.setdefault(f"{page}#{anchor}".casefold(), Claim(f"{page}#{anchor}", "", 0, 0, ""))
    errors: list[RecordError] = []
    codes: set[str] = set()
    for record in sorted(records, key=lambda r: (r.year, r.unit.code)):
        shared = routes.department_page(record.unit.code)
        for claim in record_claims(record):
            if claim.address == shared and record.unit.code in codes:
                continue  # the same department's page, from another year
            other = taken.setdefault(claim.address.casefold(), claim)
            if other is claim:
                continue
            whose = f"网站自身的 {other.address}" if not other.file else f"{other.file} 第 {other.line} 行的 {other.address}"
            errors.append(RecordError(claim.file, claim.line, claim.column, claim.field,
                                      f"此编码生成的地址 {claim.address} 与 {whose} 冲突（不区分大小写的文件系统上是同一个文件）；请核对编码。"))
        codes.add(record.unit.code)
    return sorted(set(errors))
