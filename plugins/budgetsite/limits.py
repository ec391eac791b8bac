"""Limits on what one record file may hold, checked before (or while) it is parsed.

A record is one department's document for one year: the real ones are tens of
kilobytes, their longest paragraph a few hundred characters, their deepest field
six levels down (``projects[0].budget.sources[0].name``). The limits sit far above
that and far below what makes a build slow or large: rendering grows faster than
linearly in the length of one paragraph, and a YAML alias can multiply a 17 KB file
into gigabytes. Each limit is refused with the file, the line and the limit, never
by running out of time or memory. ``manual/data-entry.md`` lists them for the staff.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .errors import RecordError

MAX_FILE_BYTES = 2 * 1024 * 1024  # the seed is 10 KB; a document with 200 projects is about 600 KB
MAX_TEXT_CHARS = 10_000  # characters in one field; the longest real paragraph is under 2,000
MAX_CODE_CHARS = 64  # unit and project codes become file names and addresses
MAX_DEPTH = 20  # nesting levels; a record needs 6
MAX_NUMBER_CHARS = 24  # a number written with more characters than this is not an amount or a year
MAX_ERRORS_PER_LIMIT = 20  # a hostile file with a million bad characters still gets a short report

# What an anchor or an alias (``&a``, ``*a`` where a token starts) and a compact nested collection
# (``- - x``, ``? ? x``) look like: only a file with one of them, or with an indentation of MAX_DEPTH
# columns, is scanned token by token; flow brackets are counted separately, more cheaply.
_ANCHOR = re.compile(r"(?:^|[ \t\[{,])[&*][^ \t\r\n,\[\]{}]", re.MULTILINE)
_COMPACT = re.compile(r"[-?][ \t]+[-?](?:[ \t]|$)", re.MULTILINE)
_DEEP_INDENT = "\n" + " " * MAX_DEPTH


def file_size_error(file: str, size: int) -> RecordError | None:
    """Refuse a file by its size alone, before reading it."""
    if size <= MAX_FILE_BYTES:
        return None
    return RecordError(file, 1, 1, "", f"文件过大（{size:,} 字节，上限 {MAX_FILE_BYTES:,} 字节）。一份部门文本通常不足 1 MB；"
                                       "请确认没有把其他内容粘贴进来，或把过长的字段删减后再试。")


def structure_errors(text: str, file: str, scan: Any) -> list[RecordError]:
    """Anchors, aliases and nesting deeper than ``MAX_DEPTH``, found from the YAML tokens before any node is built.

    ``scan(text)`` yields tokens (PyYAML's or ruamel's scanner: linear in the text, nothing
    expanded). Records never need an alias: each value is written where the document has it,
    and an alias is how a small file expands into gigabytes ("billion laughs").
    """
    deep = _bracket_depth_error(text, file) if text.count("[") + text.count("{") > MAX_DEPTH else None
    if deep is not None:
        return [deep]  # libyaml looks ahead over a flow collection before it yields a token: too deep to scan
    if not (_DEEP_INDENT in text or (("&" in text or "*" in text) and _ANCHOR.search(text)) or _COMPACT.search(text)):
        return []
    errors: list[RecordError] = []
    depth = 0
    for token in scan(text):
        kind = type(token).__name__
        if kind in ("AnchorToken", "AliasToken"):
            if len(errors) < MAX_ERRORS_PER_LIMIT:
                what = "锚点（&）" if kind == "AnchorToken" else "别名（*）"
                errors.append(_at(file, token, f"使用了 YAML {what}“{token.value}”。记录中不允许锚点和别名（上限 0 个）："
                                                f"每个值请在原位照录原文；如果是文字中的 & 或 *，请给整段文字加引号。"))
        elif kind in ("BlockMappingStartToken", "BlockSequenceStartToken", "FlowMappingStartToken", "FlowSequenceStartToken"):
            depth += 1
            if depth > MAX_DEPTH:
                errors.append(_at(file, token, f"嵌套层次过深（超过 {MAX_DEPTH} 层，记录最多只需 6 层）；请检查缩进或多余的括号。"))
                break
        elif kind in ("BlockEndToken", "FlowMappingEndToken", "FlowSequenceEndToken"):
            depth -= 1
    return errors


def _bracket_depth_error(text: str, file: str) -> RecordError | None:
    depth = 0
    for m in _BRACKET.finditer(text):
        depth += 1 if m.group() in "[{" else -1
        if depth > MAX_DEPTH:
            line = text.count("\n", 0, m.start()) + 1
            column = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
            return RecordError(file, line, column, "", f"括号嵌套过深（超过 {MAX_DEPTH} 层，记录最多只需 6 层）；请检查多余的 [ 或 {{。")
    return None


_BRACKET = re.compile(r"[\[\]{}]")


def _at(file: str, token: Any, message: str) -> RecordError:
    mark = token.start_mark
    return RecordError(file, mark.line + 1, mark.column + 1, "", message)


def scalars(root: Any) -> Iterator[Any]:
    """Every scalar node under ``root``, without recursion (a file's depth is checked, but not trusted)."""
    todo = [root]
    while todo:
        node = todo.pop()
        value = node.value
        if isinstance(value, str):
            yield node
        elif isinstance(value, list):
            for item in reversed(value):
                todo.extend(reversed(item) if isinstance(item, tuple) else (item,))


def scalar_problem(value: str, *, number: bool) -> str | None:
    """Why one value is refused by its length (the text after the field's label), or None.

    Checked by the loader on every value it reads, before converting it: an int of 4,400 digits
    is an error in Python itself, and a paragraph of 10 MB makes page rendering take minutes.
    """
    if len(value) > MAX_TEXT_CHARS:
        return (f"有 {len(value):,} 个字符，超过单个字段的上限 {MAX_TEXT_CHARS:,} 个字符；"
                "请确认没有误粘贴其他内容，过长的段落请按原文分段填写。")
    if number and len(value) > MAX_NUMBER_CHARS:
        return f"“{value[:MAX_NUMBER_CHARS]}…”有 {len(value)} 个字符，超过数字的上限 {MAX_NUMBER_CHARS} 个字符；请核对。"
    return None


def read_limited(path: Path, file: str) -> tuple[bytes | None, RecordError | None]:
    """A record file's bytes, or why it cannot be read: a symlink, not a file, too large, no permission.

    The size comes from ``stat`` before anything is read, and reading stops one byte past the
    limit, so a file that grows while it is read is refused all the same.
    """
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None, RecordError(file, 1, 1, "", "文件不存在；请检查文件名和路径。")
    except OSError as exc:
        return None, RecordError(file, 1, 1, "", f"无法读取文件信息（{exc.strerror or exc}）；请检查文件夹的权限。")
    if stat.S_ISLNK(info.st_mode):
        return None, RecordError(file, 1, 1, "", "这是一个符号链接（快捷方式）。记录必须是数据文件夹中的普通文件，"
                                                 "不能指向别处的文件；请把文件本身复制到这里。")
    if stat.S_ISDIR(info.st_mode):
        return None, RecordError(file, 1, 1, "", "这是文件夹，不是记录文件；请改名（记录文件名为 <单位编码>.yaml）或移走。")
    if not stat.S_ISREG(info.st_mode):
        return None, RecordError(file, 1, 1, "", "这不是普通文件（可能是设备或管道）；请移走。")
    too_big = file_size_error(file, info.st_size)
    if too_big:
        return None, too_big
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        reason = "没有读取权限，请检查文件权限" if isinstance(exc, PermissionError) else (exc.strerror or str(exc))
        return None, RecordError(file, 1, 1, "", f"无法读取文件（{reason}）。")
    return (None, file_size_error(file, len(data))) if len(data) > MAX_FILE_BYTES else (data, None)
