"""``budgetsite revise``: write the revision entry of a correction into the record itself.

The entry is the one ``budgetsite diff`` prints (:func:`provenance.diff_records`), with a
reason the clerk typed; nothing is written unless the reason is a reason and the record,
with its new entry, loads without an error. The clerk never pastes YAML by hand.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .errors import RecordsInvalid, display_path
from .load import MAPPING, SEQUENCE, _child, _is_null, compose, parse_record
from .model import Change
from .provenance import NOTE_HINT, diff_records, note_problem, revision_yaml


class ReviseFailed(Exception):
    """A correction that cannot be written as asked; the message is for the clerk."""


@dataclass(frozen=True)
class Revised:
    path: Path
    changes: list[Change]


def committed_version(path: Path) -> bytes:
    """The file as last committed (``git show HEAD:path``): the text the public has seen."""
    path = path.resolve()
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=path.parent, capture_output=True, text=True, check=True).stdout.strip()
        rel = path.relative_to(Path(top).resolve()).as_posix()
        return subprocess.run(["git", "show", f"HEAD:{rel}"], cwd=top, capture_output=True, check=True).stdout
    except (OSError, ValueError, subprocess.CalledProcessError):
        raise ReviseFailed(f"无法从版本库（git）取得 {display_path(path)} 修改前的版本；"
                           "请用 --from 指定修改前的文件，如 --from 旧文件.yaml。") from None


def entry_text(text: str, entry: str) -> str:
    """``text`` with ``entry`` (lines starting "  - date:") added at the end of ``revisions:``."""
    root = compose(text)
    node = _child(root, "revisions") if isinstance(root, MAPPING) else None
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    if node is None:
        return "".join(lines) + "revisions:\n" + entry
    if isinstance(node, SEQUENCE) and node.value and not node.flow_style:
        dash = node.value[0].start_mark.column - 2  # the entries already there set the indentation
        if dash == 0:
            entry = "".join(line[2:] for line in entry.splitlines(keepends=True))
        end = node.end_mark.line  # the first line after the block: insert there
        end = end if node.end_mark.column == 0 else end + 1
        return "".join(lines[:end]) + entry + "".join(lines[end:])
    if _is_null(node) or (isinstance(node, SEQUENCE) and not node.value):
        key_line = node.start_mark.line
        lines[key_line] = "revisions:\n"
        return "".join(lines[: key_line + 1]) + entry + "".join(lines[key_line + 1:])
    raise ReviseFailed("revisions 不是“- ”开头的列表，无法自动添加；请按数据格式说明改正后再试。")


def revise(path: Path, old: bytes, note: str, today: str) -> Revised:
    """Add the revision entry between ``old`` and the file as it is now; raise ReviseFailed or RecordsInvalid."""
    problem = note_problem(note)
    if problem:
        raise ReviseFailed(f"{problem}；{NOTE_HINT}")
    shown = display_path(path)
    new_bytes = path.read_bytes()
    before, before_errors = parse_record(old, f"{shown}（修改前）")
    after, after_errors = parse_record(new_bytes, shown)
    if before is None or after is None:
        raise RecordsInvalid(before_errors + after_errors)
    changes = diff_records(before, after)
    if not changes:
        raise ReviseFailed(f"{shown} 与修改前的版本没有不同，不需要修订记录。请先修改文件，再运行此命令。")
    text = entry_text(new_bytes.decode("utf-8-sig"), revision_yaml(changes, today, note.strip()))
    record, errors = parse_record(text.encode("utf-8"), shown)
    if record is None:
        raise RecordsInvalid(errors)
    _replace(path, text)
    return Revised(path, changes)


def _replace(path: Path, text: str) -> None:
    """All or nothing: a clerk's file is never left half-written."""
    tmp = path.with_name(f".{path.name}.revise")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)

