"""One shape for every problem found in a data file.

Finance staff read these messages, so each one names the file, the line and
column, the field path (with its Chinese label) and what to do, in Chinese.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Control characters (except the line feed), bidi controls, zero-width characters and the lone surrogates
# that stand for undecodable bytes in a file name: a message that
# quotes record text or a file name must print what is there, not let it drive the terminal.
_UNPRINTABLE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\u2028\u2029\ufeff\ud800-\udfff]")


def terminal_safe(text: str) -> str:
    """``text`` with every such character written as an escape (``\\x1b``, ``\\u202e``), so a terminal shows it as it is."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


@dataclass(frozen=True, order=True)
class RecordError:
    """A problem in one data file, located as precisely as the source allows."""

    file: str
    line: int
    column: int
    field: str
    message: str
    # The part of the document in the clerk's words, such as 第 3 个项目“工会经费”: field
    # paths count from 0 (they are what revisions record), clerks count from 1 and by name.
    context: str = ""

    def format(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        context = f"（{self.context}）" if self.context else ""
        if self.field:
            return terminal_safe(f"{where}: 字段 {self.field}{context}：{self.message}")
        return terminal_safe(f"{where}: {context}{self.message}")

    __str__ = format


class RecordsInvalid(Exception):
    """Raised when one or more data files cannot be published as they are.

    ``loaded`` holds the records that did load, so that ``budgetsite check`` can still
    review them in the same run instead of one problem per run.
    """

    def __init__(self, errors: list[RecordError], loaded: list[Any] | None = None):
        self.errors = sorted(errors)
        self.loaded = loaded or []
        super().__init__(self.report())

    def report(self) -> str:
        files = {e.file for e in self.errors}
        head = f"数据文件有 {len(self.errors)} 处错误（涉及 {len(files)} 个文件），请逐条修改后重新构建："
        return "\n".join([head, *(f"  {e.format()}" for e in self.errors)])


def project_context(number: int, name: str) -> str:
    """第 3 个项目“工会经费”: a project as the clerk counts (from 1) and names it."""
    return f"第 {number} 个项目“{name}”" if name else f"第 {number} 个项目"


def display_path(path: Path, base: Path | None = None) -> str:
    """The path as a clerk would type it: relative to the working folder when possible."""
    path = Path(path)
    for root in (base, Path.cwd()):
        if root is None:
            continue
        # Without resolving first: a symbolic link is named as itself, not as the file it points to.
        for mine, theirs in ((Path(os.path.abspath(path)), Path(os.path.abspath(root))), (path.resolve(), Path(root).resolve())):
            try:
                return mine.relative_to(theirs).as_posix()
            except ValueError:
                continue
    return path.as_posix()
