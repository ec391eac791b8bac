"""Reading one YAML record into a :class:`~budgetsite.model.Record`.

The YAML is composed into nodes, not constructed into Python objects, so that
every value keeps its exact source text (``5.00`` stays ``5.00``) and its line
and column, duplicate keys can be caught, and every error in the file is
collected before anything is reported.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import re
import types
import typing
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:  # libyaml through PyYAML (a dependency of MkDocs): composes ~10x faster than pure-Python ruamel
    import yaml as _pyyaml

    _FAST_LOADER: Any = _pyyaml.CSafeLoader
    SCALAR: tuple[type, ...] = (ScalarNode, _pyyaml.ScalarNode)
    MAPPING: tuple[type, ...] = (MappingNode, _pyyaml.MappingNode)
    SEQUENCE: tuple[type, ...] = (SequenceNode, _pyyaml.SequenceNode)
except (ImportError, AttributeError):  # pragma: no cover - no libyaml: ruamel alone, same results
    _FAST_LOADER = None
    SCALAR, MAPPING, SEQUENCE = (ScalarNode,), (MappingNode,), (SequenceNode,)

from . import hygiene, limits
from .errors import RecordError
from .model import Record, Source, is_required, schema_fields
from .values import parse_amount

NULL_TAG = "tag:yaml.org,2002:null"
_INVALID = object()


def decode_bytes(data: bytes) -> tuple[str | None, str | None, int]:
    """Text of a data file, or (None, reason, line) when it is not UTF-8."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, "文件是 UTF-16 编码，请另存为 UTF-8 编码（不带 BOM 亦可）。", 1
    try:
        return data.decode("utf-8"), None, 0
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
    if b"\x00" in data:
        return None, "文件不是文本文件（含有二进制内容），请确认选择了正确的 YAML 文件。", line
    return None, f"文件不是 UTF-8 编码（{encoding_guess(data)}），请用编辑器另存为 UTF-8 编码后再试。", line


def encoding_guess(data: bytes) -> str:
    """What a file that is not UTF-8 looks like, for the message a clerk reads."""
    try:
        data.decode("gb18030")
    except UnicodeDecodeError:
        return "无法识别的编码"
    return "看起来是 GBK（GB2312/GB18030）编码"


class _Reader:
    def __init__(self, file: str):
        self.file = file
        self.errors: list[RecordError] = []
        self.positions: dict[str, tuple[int, int]] = {}

    def error(self, node: Node | None, path: str, message: str, *, at: tuple[int, int] | None = None) -> None:
        if at is None:
            at = (node.start_mark.line + 1, node.start_mark.column + 1) if node is not None else (1, 1)
        self.errors.append(RecordError(self.file, at[0], at[1], path, message))

    # -- one function per kind of schema type -------------------------------------------
    def convert(self, node: Node, tp: Any, path: str, label: str, meta: dict[str, Any]) -> Any:
        self.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        origin = typing.get_origin(tp)
        if origin in (types.UnionType, typing.Union):
            inner = [a for a in typing.get_args(tp) if a is not type(None)]
            if _is_null(node):
                return None
            return self.convert(node, inner[0], path, label, meta)
        if dataclasses.is_dataclass(tp):
            return self.mapping(node, tp, path, label)
        if origin is list:
            return self.sequence(node, typing.get_args(tp)[0], path, label, meta)
        if not isinstance(node, SCALAR):
            kind = "映射（键: 值）" if isinstance(node, MAPPING) else "列表"
            self.error(node, path, f"{label}应为单个值，实际写成了{kind}；请检查缩进或去掉多余的“- ”。")
            return _INVALID
        if _is_null(node):
            if meta.get("blank_ok") or not meta.get("required", True):
                return "" if tp is str else None
            self.error(node, path, f"{label}不能为空，请填写。")
            return _INVALID
        too_long = limits.scalar_problem(node.value, number=tp in (int, Decimal))
        if too_long:
            self.error(node, path, f"{label}{too_long}")
            return _INVALID
        text = node.value.strip()
        if tp is str:
            return self.string(node, text, path, label, meta)
        if tp is int:
            if re.fullmatch(r"[0-9]+", text):
                return int(text)
            self.error(node, path, f"{label}应为整数（如 2021），实际为“{text}”。")
            return _INVALID
        if tp is Decimal:
            return self.amount(node, text, path, label)
        if origin is Literal:
            choices = typing.get_args(tp)
            if text in choices:
                return text
            self.error(node, path, f"{label}应为 {' 或 '.join(choices)}，实际为“{text}”。")
            return _INVALID
        raise TypeError(f"unsupported schema type {tp!r}")  # a programming error, not a data error

    def string(self, node: ScalarNode, text: str, path: str, label: str, meta: dict[str, Any]) -> Any:
        if not text and meta.get("required", True) and not meta.get("blank_ok"):
            self.error(node, path, f"{label}不能为空，请填写。")
            return _INVALID
        pattern = meta.get("pattern")
        if pattern and len(text) > limits.MAX_CODE_CHARS:
            self.error(node, path, f"{label}有 {len(text)} 个字符，超过上限 {limits.MAX_CODE_CHARS} 个（编码会成为文件名和网址）。")
            return _INVALID
        if pattern and text and not re.fullmatch(pattern, text):
            self.error(node, path, f"{label}只能由字母、数字、下划线和连字符组成，实际为“{text}”。")
            return _INVALID
        return text

    def amount(self, node: ScalarNode, text: str, path: str, label: str) -> Any:
        value = parse_amount(text)
        if value is not None:
            return value
        hint = ""
        if "," in text or "，" in text:
            hint = "不要使用千位分隔符，"
        elif re.search(r"[^\d.\-]", text):
            hint = "只写数字，不要带单位或文字，"
        self.error(node, path, f"{label}应为金额（精确小数，如 5.00），实际为“{text}”；{hint}请改为数字。")
        return _INVALID

    def sequence(self, node: Node, item_tp: Any, path: str, label: str, meta: dict[str, Any]) -> Any:
        if _is_null(node):
            return []
        if not isinstance(node, SEQUENCE):
            self.error(node, path, f"{label}应为列表（每项以“- ”开头），实际写成了单个值或映射。")
            return _INVALID
        items = [self.convert(child, item_tp, f"{path}[{i}]", f"{label}第 {i + 1} 项", {"required": True}) for i, child in enumerate(node.value)]
        return _INVALID if any(item is _INVALID for item in items) else items

    def mapping(self, node: Node, cls: type, path: str, label: str) -> Any:
        if not isinstance(node, MAPPING):
            self.error(node, path, f"{label}应为映射（“键: 值”的形式），实际为“{_preview(node)}”。")
            return _INVALID
        hints, fields = _schema(cls)
        seen: dict[str, Node] = {}
        values: dict[str, Any] = {}
        ok = True
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, SCALAR) else ""
            child_path = f"{path}.{key}" if path else key
            if key in seen:
                first = seen[key].start_mark.line + 1
                self.error(key_node, child_path, f"字段重复：第 {first} 行已经写过“{key}”，请删除或合并其中一个。")
                ok = False
                continue
            seen[key] = key_node
            f = fields.get(key)
            if f is None:
                close = difflib.get_close_matches(key, list(fields), n=1)
                hint = f"是不是“{close[0]}”？" if close else f"可用字段：{'、'.join(fields)}。"
                self.error(key_node, child_path, f"未知字段“{key}”，{hint}")
                ok = False
                continue
            meta = dict(f.metadata, required=is_required(f))
            value = self.convert(value_node, hints[key], child_path, f"{f.metadata['label']}（{key}）", meta)
            if value is _INVALID:
                ok = False
            else:
                values[key] = value
        for name, f in fields.items():
            if name not in seen and is_required(f):
                where = f"{path}.{name}" if path else name
                self.error(node, where, f"缺少必填字段“{name}”（{f.metadata['label']}）：{f.metadata['doc']}")
                ok = False
        return cls(**values) if ok else _INVALID


Schema = tuple[dict[str, Any], dict[str, dataclasses.Field[Any]]]


def _schema_of(cls: type) -> Schema:
    return typing.get_type_hints(cls), {f.name: f for f in schema_fields(cls)}


def _schemas(root: type) -> dict[type, Schema]:
    """Type hints and YAML fields of every schema class a record holds, computed once at import, not per mapping node."""
    out: dict[type, Schema] = {}
    todo = [root]
    while todo:
        cls = todo.pop()
        if cls in out:
            continue
        out[cls] = _schema_of(cls)
        hints, fields = out[cls]
        todo += [t for name in fields for t in _types_in(hints[name]) if dataclasses.is_dataclass(t)]
    return out


def _types_in(tp: Any) -> list[Any]:
    return [tp, *(t for arg in typing.get_args(tp) for t in _types_in(arg))]


SCHEMAS = types.MappingProxyType(_schemas(Record))


def _schema(cls: type) -> Schema:
    return SCHEMAS.get(cls) or _schema_of(cls)


def _is_null(node: Node) -> bool:
    return isinstance(node, SCALAR) and node.tag == NULL_TAG


def _preview(node: Node) -> str:
    if isinstance(node, SCALAR):
        return node.value[:40]
    return "列表" if isinstance(node, SEQUENCE) else "映射"


def _yaml_problem(exc: MarkedYAMLError) -> str:
    problem = exc.problem or "无法解析"
    known = {
        "found character '\\t' that cannot start any token": "使用了 Tab 字符，缩进只能用空格",
        "mapping values are not allowed here": "此处不能出现冒号；含冒号的文字请整体加引号",
        "could not find expected ':'": "缺少冒号“:”",
    }
    for english, chinese in known.items():
        if english in problem:
            return f"{chinese}（{problem}）"
    return problem


def read_record(path: Path, display: str | None = None, *, expect_year: int | None = None, expect_code: str | None = None) -> tuple[Record | None, list[RecordError]]:
    """Load and validate one record file; returns the record or every error found in it."""
    file = display or path.as_posix()
    data, error = limits.read_limited(path, file)
    if data is None:
        return None, [error] if error else []
    return parse_record(data, file, expect_year=expect_year, expect_code=expect_code)


def compose(text: str) -> Node | None:
    """The node tree of ``text``: through libyaml when it can read the text, else ruamel.

    Both give the same nodes (source text of every scalar, 0-based line and column in
    characters, the same null resolution, the only tag the reader looks at). Anything
    libyaml refuses goes to ruamel, whose messages are the ones users see.
    """
    if _FAST_LOADER is not None:
        try:
            return _pyyaml.compose(text, Loader=_FAST_LOADER)  # type: ignore[no-any-return]
        except Exception:  # noqa: BLE001 - any refusal: let ruamel say what is wrong
            pass
    return YAML(typ="rt").compose(text)


def parse_record(data: bytes, file: str, *, expect_year: int | None = None, expect_code: str | None = None) -> tuple[Record | None, list[RecordError]]:
    text, reason, line = decode_bytes(data)
    if text is None:
        return None, [RecordError(file, line, 1, "", reason or "")]
    if not text.strip():
        return None, [RecordError(file, 1, 1, "", "文件为空，请填写记录内容（可参照数据格式说明页面中的示例）。")]
    size = limits.file_size_error(file, len(data))
    if size is not None:
        return None, [size]
    refused = hygiene.text_errors(text, file) + limits.structure_errors(text, file, _scan)
    if refused:
        return None, sorted(refused)
    try:
        root = compose(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line_no, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return None, [RecordError(file, line_no, col, "", f"YAML 语法错误：{_yaml_problem(exc)}。请检查这一行及上一行的缩进、冒号和引号。")]
    except YAMLError as exc:
        return None, [RecordError(file, 1, 1, "", f"YAML 语法错误：{exc}")]
    except RecursionError:  # the limits above keep a record out of here; this keeps a traceback out of the rest
        return None, [RecordError(file, 1, 1, "", f"文件结构嵌套过深，无法读取（上限 {limits.MAX_DEPTH} 层）；请检查缩进和括号。")]
    if root is None:
        return None, [RecordError(file, 1, 1, "", "文件中没有内容（只有注释），请填写记录内容。")]
    refused = _escaped_controls(root, file) if "\\" in text else []  # raw ones were refused above
    if refused:
        return None, sorted(refused)
    reader = _Reader(file)
    record = reader.mapping(root, Record, "", "记录")
    if record is not _INVALID:
        _check_identity(record, reader, expect_year, expect_code)
        _check_unique_projects(record, reader)
    if reader.errors:
        return None, sorted(reader.errors)
    record.source = Source.build(file, text, hashlib.sha256(data).hexdigest(), reader.positions)
    return record, []


def _scan(text: str) -> Iterator[Any]:
    """The YAML tokens of ``text``, stopping quietly at a syntax error (compose reports it, located)."""
    scanner = _pyyaml.scan(text, Loader=_FAST_LOADER) if _FAST_LOADER is not None else YAML(typ="rt").scan(text)
    try:
        yield from scanner
    except YAMLError:
        return
    except Exception as exc:  # noqa: BLE001 - libyaml's own errors (yaml.YAMLError) are not ruamel's
        if type(exc).__module__.startswith("yaml"):
            return
        raise


def _escaped_controls(root: Node, file: str) -> list[RecordError]:
    """Refused characters that only appear once a value is parsed, such as "\\e" or "\\u202e" in double quotes."""
    errors = []
    for node in limits.scalars(root):
        message = hygiene.value_error(node.value)
        if message:
            errors.append(RecordError(file, node.start_mark.line + 1, node.start_mark.column + 1, "", message))
    return errors[: hygiene.MAX_REPORTED]


def _check_identity(record: Record, reader: _Reader, year: int | None, code: str | None) -> None:
    if year is not None and record.year != year:
        reader.error(None, "year", f"年度（year）为 {record.year}，但文件放在 {year} 年的文件夹里；请改正年度或把文件移到 {record.year} 文件夹。", at=reader.positions["year"])
    if code is not None and record.unit.code != code:
        reader.error(None, "unit.code", f"单位编码（unit.code）为“{record.unit.code}”，但文件名是 {code}.yaml；文件名必须是单位编码。", at=reader.positions["unit.code"])


def _check_unique_projects(record: Record, reader: _Reader) -> None:
    first: dict[str, int] = {}
    for i, project in enumerate(record.projects):
        path = f"projects[{i}].code"
        if project.code in first:
            line = reader.positions[f"projects[{first[project.code]}].code"][0]
            reader.error(None, path, f"项目编码“{project.code}”与第 {line} 行的项目重复；同一年度内项目编码不得重复。", at=reader.positions[path])
        else:
            first[project.code] = i
