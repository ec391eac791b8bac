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
import unicodedata
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
from .errors import RecordError, project_context
from .evaluation_model import Evaluation
from .model import IndicatorGrid, Project, Record, Source, is_required, schema_fields
from .money import unit_problem
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


def read_amount(text: str) -> tuple[Decimal | None, str]:
    """An amount as a clerk types it, or None and what exactly is wrong with it.

    A Chinese input method types full-width digits and points (３．２０); NFKC makes them
    the ASCII a table means. Anything else is named exactly, so the clerk knows what to delete.
    """
    normal = unicodedata.normalize("NFKC", text).strip()
    value = parse_amount(normal)
    if value is not None:
        return value, ""
    if "," in normal:
        return None, "不要使用千位分隔符（逗号），"
    if "。" in normal:
        return None, "小数点写成了句号“。”，应写“.”，"
    if re.search(r"\d\s+[\d.]|[\d.]\s+\d", normal):
        return None, "数字中间有空格，"
    words = "".join(dict.fromkeys(re.findall(r"[^\d.\-\s]+", normal)))
    if words and re.search(r"\d", normal):
        return None, f"只写数字，去掉“{words}”（金额单位写在 money_unit），"
    if words:
        return None, "只写数字，不要带单位或文字，"
    return None, ""


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
        value, hint = read_amount(text)
        if value is not None:
            return value
        self.error(node, path, f"{label}应为金额（精确小数，如 5.00），实际为“{text}”；{hint}请改为数字。")
        return _INVALID

    def sequence(self, node: Node, item_tp: Any, path: str, label: str, meta: dict[str, Any]) -> Any:
        if _is_null(node):
            return []
        if not isinstance(node, SEQUENCE):
            self.error(node, path, f"{label}应为列表（每项以“- ”开头），实际写成了单个值或映射。")
            return _INVALID
        # blank_ok reaches the items: the cells of an indicator grid's rows may be blank.
        item_meta = {"required": True, "blank_ok": meta.get("blank_ok", False)}
        items = [self.convert(child, item_tp, f"{path}[{i}]", f"{label}第 {i + 1} 项", item_meta) for i, child in enumerate(node.value)]
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


SCHEMAS = types.MappingProxyType(_schemas(Record) | _schemas(Evaluation))


def _schema(cls: type) -> Schema:
    return SCHEMAS.get(cls) or _schema_of(cls)


def _is_null(node: Node) -> bool:
    return isinstance(node, SCALAR) and node.tag == NULL_TAG


def _preview(node: Node) -> str:
    if isinstance(node, SCALAR):
        return node.value[:40]
    return "列表" if isinstance(node, SEQUENCE) else "映射"


# The parser's words, in the words of someone who edits YAML by hand. The most specific first.
YAML_PROBLEMS: tuple[tuple[str, str], ...] = (
    ("found character '\\t' that cannot start any token", "使用了 Tab 字符，缩进只能用空格"),
    ("mapping values are not allowed here", "此处不能出现冒号：如果这一行是一个字段，它的缩进多了，应与上面的同级字段对齐；"
                                            "如果是含冒号“: ”的文字，请整体加引号"),
    ("could not find expected ':'", "缺少冒号“:”（每个字段写成“字段名: 值”）"),
    ("expected <block end>, but found '<block mapping start>'", "缩进不一致：这一行比上面的同级字段多缩进或少缩进了"),
    ("expected <block end>, but found '<block sequence start>'", "缩进不一致：以“- ”开头的这一行与上面的同级内容没有对齐"),
    ("expected <block end>, but found '-'", "缩进不一致：以“- ”开头的这一行与上面的同级内容没有对齐"),
    ("expected <block end>", "缩进不一致：这一行与上面的同级内容没有对齐"),
    ("did not find expected '-' indicator", "列表的每一项都要以“- ”开头，且彼此对齐"),
    ("did not find expected key", "缩进不一致，或列表项缺少“- ”"),
    ("found unexpected end of stream", "引号没有配对：有一个引号没有结束"),
    ("found unknown escape character", "双引号中的反斜杠“\\”后面是无法识别的字符；请改用单引号或去掉反斜杠"),
    ("expected ',' or ']'", "方括号“[ ]”没有配对，或其中的文字含逗号、冒号未加引号"),
    ("expected ',' or '}'", "花括号“{ }”没有配对，或其中的文字含逗号、冒号未加引号"),
    ("that cannot start any token", "这个字符不能出现在值的开头；整段文字请加引号"),
    ("found undefined alias", "以“*”开头的文字会被当成引用；请整体加引号"),
    ("expected a single document", "文件中出现了“---”分隔的第二份内容；一个文件只写一份记录"),
    ("while scanning a simple key", "这一行缺少冒号“:”，或上一行的引号没有结束"),
)


def _yaml_problem(exc: MarkedYAMLError) -> str:
    problem = f"{exc.context or ''} {exc.problem or ''}"
    for english, chinese in YAML_PROBLEMS:
        if english in problem:
            return chinese
    # A refusal not met before: say so plainly, keep the parser's words for the maintainer.
    return f"这一行的写法无法识别（解析器提示：{(exc.problem or exc.context or '').strip()}）"


def _unclosed_quote_line(text: str, error_line: int) -> int | None:
    """The line, at or just above an error, whose double quotes do not pair: where the clerk must look."""
    lines = text.splitlines()
    for n in range(min(error_line, len(lines)), max(0, error_line - 4), -1):
        line = lines[n - 1].split(" #")[0]
        if line.replace('\\"', "").count('"') % 2:
            return n
    return None


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


def read_yaml(data: bytes, file: str, what: str = "记录") -> tuple[str, Node | None, list[RecordError]]:
    """A record file's text and YAML nodes, or why it cannot be read: encoding, emptiness, refused input,
    syntax (with the line where an unclosed quote opens), nesting, and characters escaped in quotes.

    Shared by every kind of record (``what`` names it in messages: 记录, 自评记录)."""
    text, reason, line = decode_bytes(data)
    if text is None:
        return "", None, [RecordError(file, line, 1, "", reason or "")]
    if not text.strip():
        return text, None, [RecordError(file, 1, 1, "", f"文件为空，请填写{what}内容（可参照数据格式说明页面中的示例）。")]
    refused = refused_input(data, text, file)
    if refused:
        return text, None, refused
    try:
        root = compose(text)
    except MarkedYAMLError as exc:
        # An unclosed quote is found at the end of the file; the clerk needs the line where it opened.
        unclosed = "quoted scalar" in (exc.context or "") and exc.context_mark is not None
        mark = exc.context_mark if unclosed else (exc.problem_mark or exc.context_mark)
        line_no, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        quote = _unclosed_quote_line(text, line_no)
        if quote is not None:
            return text, None, [RecordError(file, quote, 1, "", f"YAML 语法错误，第 {quote} 行：引号没有配对，缺少结束的引号“\"”。请在这段文字末尾补上引号。")]
        return text, None, [RecordError(file, line_no, col, "", f"YAML 语法错误，第 {line_no} 行：{_yaml_problem(exc)}。请检查这一行及上一行的缩进、冒号和引号。")]
    except YAMLError as exc:
        return text, None, [RecordError(file, 1, 1, "", f"YAML 语法错误：{exc}")]
    except RecursionError:  # the limits above keep a record out of here; this keeps a traceback out of the rest
        return text, None, [RecordError(file, 1, 1, "", f"文件结构嵌套过深，无法读取（上限 {limits.MAX_DEPTH} 层）；请检查缩进和括号。")]
    if root is None:
        return text, None, [RecordError(file, 1, 1, "", f"文件中没有内容（只有注释），请填写{what}内容。")]
    refused = _escaped_controls(root, file) if "\\" in text else []  # raw ones were refused above
    return text, root, sorted(refused)


def parse_record(data: bytes, file: str, *, expect_year: int | None = None, expect_code: str | None = None) -> tuple[Record | None, list[RecordError]]:
    text, root, errors = read_yaml(data, file)
    if errors or root is None:
        return None, errors
    reader = _Reader(file)
    record = reader.mapping(root, Record, "", "记录")
    # The identity and uniqueness checks read the nodes, not the record, so that they are
    # reported in the same run as every other error of the file.
    if isinstance(root, MAPPING):
        _check_identity(root, reader, expect_year, expect_code)
        _check_unique_projects(root, reader)
        _check_money_units(root, reader)
    if record is not _INVALID:
        _check_grids(record, reader)
    if reader.errors:
        return None, sorted(with_project_context(reader.errors, root))
    record.source = Source.build(file, text, hashlib.sha256(data).hexdigest(), reader.positions)
    return record, []


def refused_input(data: bytes, text: str, file: str) -> list[RecordError]:
    """What refuses a file before it is parsed: its size, refused characters, nesting and aliases (limits.py, hygiene.py)."""
    size = limits.file_size_error(file, len(data))
    if size is not None:
        return [size]
    return sorted(hygiene.text_errors(text, file) + limits.structure_errors(text, file, _scan))


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


def _child(node: Node | None, key: str) -> Node | None:
    if not isinstance(node, MAPPING):
        return None
    return next((v for k, v in node.value if isinstance(k, SCALAR) and k.value == key), None)


def _scalar(node: Node | None) -> str | None:
    return node.value.strip() if isinstance(node, SCALAR) and not _is_null(node) else None


def _project_nodes(root: Node) -> list[Node]:
    projects = _child(root, "projects")
    return list(projects.value) if isinstance(projects, SEQUENCE) else []


def project_names(root: Node | None) -> list[str]:
    """The name of each project as written, for messages that name projects as clerks do."""
    return [_scalar(_child(node, "name")) or "" for node in _project_nodes(root)] if root is not None else []


PROJECT_PATH = re.compile(r"projects\[(\d+)\]")


def with_project_context(errors: list[RecordError], root: Node | None) -> list[RecordError]:
    names = project_names(root)
    out = []
    for e in errors:
        m = PROJECT_PATH.match(e.field)
        if m and int(m.group(1)) < len(names) and not e.context:
            e = dataclasses.replace(e, context=project_context(int(m.group(1)) + 1, names[int(m.group(1))]))
        out.append(e)
    return out


def _at(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _check_identity(root: Node, reader: _Reader, year: int | None, code: str | None) -> None:
    year_node = _child(root, "year")
    written_year = _scalar(year_node)
    # A number past the limit is refused by the reader; int() of thousands of digits would raise.
    digits = written_year is not None and written_year.isdigit() and len(written_year) <= limits.MAX_NUMBER_CHARS
    if year is not None and year_node is not None and digits and int(written_year) != year:
        reader.error(year_node, "year", f"年度（year）为 {written_year}，但文件放在 {year} 年的文件夹里；请改正年度或把文件移到 {written_year} 文件夹。")
    code_node = _child(_child(root, "unit"), "code")
    written_code = _scalar(code_node)
    if code is not None and code_node is not None and written_code and written_code != code:
        reader.error(code_node, "unit.code", f"单位编码（unit.code）为“{written_code}”，但文件名是 {code}.yaml；"
                                             f"文件名必须是单位编码：把编码改为“{code}”，或把文件改名为 {written_code}.yaml。")


def _check_unique_projects(root: Node, reader: _Reader) -> None:
    first: dict[str, int] = {}
    for i, node in enumerate(_project_nodes(root)):
        code_node = _child(node, "code")
        code = _scalar(code_node)
        if code_node is None or not code:
            continue
        if code in first:
            reader.error(code_node, f"projects[{i}].code",
                         f"项目编码“{code}”与第 {first[code]} 行的项目重复；同一年度内项目编码不得重复。")
        else:
            first[code] = _at(code_node)[0]


@dataclasses.dataclass(frozen=True)
class Salvage:
    """The projects that could be read from a record that could not be: still worth reviewing."""

    source: Source
    money_unit: str
    projects: list[tuple[int, Project]]


def salvage_projects(data: bytes, file: str) -> Salvage | None:
    """Each project of a file with errors that reads cleanly on its own, with its index in the file.

    ``budgetsite check`` reviews them in the same run as it reports the errors, so that a
    clerk sees a wrong total beside a wrong unit code instead of on the next run.
    """
    text, _, _ = decode_bytes(data)
    if text is None:
        return None
    try:
        root = compose(text)
    except YAMLError:
        return None
    if not isinstance(root, MAPPING):
        return None
    positions: dict[str, tuple[int, int]] = {}
    projects: list[tuple[int, Project]] = []
    for i, node in enumerate(_project_nodes(root)):
        reader = _Reader(file)
        project = reader.convert(node, Project, f"projects[{i}]", f"第 {i + 1} 个项目", {"required": True})
        positions.update(reader.positions)
        if project is not _INVALID and not reader.errors:
            projects.append((i, project))
    money_unit = _scalar(_child(root, "money_unit")) or "万元"
    source = Source.build(file, text, hashlib.sha256(data).hexdigest(), positions)
    return Salvage(source, money_unit, projects)


def _check_money_units(root: Node, reader: _Reader) -> None:
    """Every money unit written must be one the aggregates can convert (an omitted one takes the record's, or 万元)."""
    nodes = [("money_unit", _child(root, "money_unit"))]
    nodes += [(f"projects[{i}].money_unit", _child(node, "money_unit")) for i, node in enumerate(_project_nodes(root))]
    for path, node in nodes:
        if not isinstance(node, SCALAR) or any(e.field == path for e in reader.errors):
            continue  # omitted, or already reported (wrong type)
        problem = unit_problem(None if _is_null(node) else node.value.strip())
        if problem:
            reader.error(node, path, f"金额单位（money_unit）{problem}")


def _check_grids(record: Record, reader: _Reader) -> None:
    """An indicator grid's rows have one cell per column, and the grid is the project's only indicator table."""
    for t, table in enumerate(record.department_tables):
        if table.indicator_grid is not None:
            _check_rows(table.indicator_grid, f"department_tables[{t}].indicator_grid", reader)
    for i, project in enumerate(record.projects):
        for g, other in enumerate(project.other_grids):
            _check_rows(other, f"projects[{i}].other_grids[{g}]", reader)
        grid = project.indicator_grid
        if grid is None:
            continue
        path = f"projects[{i}].indicator_grid"
        if f"projects[{i}].indicators" in reader.positions:
            reader.error(None, f"projects[{i}].indicators", "已有原样指标表（indicator_grid）时不要再填写 indicators（绩效指标由原样指标表读出）；请删除其中一个。",
                         at=reader.positions[f"projects[{i}].indicators"])
        for i_ind, (r, _) in enumerate(grid.indicator_rows()):
            # Indicators read from the grid are found on their row: a review finding names that line.
            at = reader.positions.get(f"{path}.rows[{r}]")
            if at is not None and f"projects[{i}].indicators" not in reader.positions:
                reader.positions[f"projects[{i}].indicators[{i_ind}]"] = at
        _check_rows(grid, path, reader)


def _check_rows(grid: IndicatorGrid, path: str, reader: _Reader) -> None:
    width = len(grid.columns)
    for r, row in enumerate(grid.rows):
        if len(row) != width:
            where = f"{path}.rows[{r}]"
            reader.error(None, where, f"原样指标表第 {r + 1} 行有 {len(row)} 个单元格，但 columns 有 {width} 列；"
                                      "每行的单元格应与列一一对应，空白单元格写 \"\"。", at=reader.positions.get(where, (1, 1)))
