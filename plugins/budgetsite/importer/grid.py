"""An indicator grid with the columns the original printed: its header, then its rows, from any source.

The header says which column is which (``tables.INDICATOR_COLUMNS`` and
``tables.INDICATOR_GRID_COLUMNS`` with their aliases; ``(长期)``/``(年度)`` marks
a term); a column the site does not know is kept with key ``""``, never
refused. Rows come three ways: rows of a tabular source as they are; cells one
per line, counted off by the number of columns (a 一级/二级 name written only on
a group's first row is recognised by its vocabulary); and rows run together on
one line, split at the level names and at the value at the end. A grid that
stops in the middle of a row is refused with the line and the column expected next.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType

from ..model import GridColumn, IndicatorGrid
from ..tables import INDICATOR_COLUMNS, INDICATOR_GRID_COLUMNS
from .cells import SIGN_OFF_LABELS, key, label_key
from .cellstream import Token
from .labels import GRID_CAPTIONS, LEVEL1_NAMES, TABLE_TITLE, is_level1, is_level2
from .report import Report, Unplaced
from .source import Line

KEY_BY_HEADER = MappingProxyType({label_key(h): c.key for c in (*INDICATOR_COLUMNS, *INDICATOR_GRID_COLUMNS)
                                  for h in (c.header, *c.aliases)})
_TERM = re.compile(r"[(（]?(长期|中期|年度|当年)[)）]?")
_HEADER_WORDS = sorted({*KEY_BY_HEADER, *GRID_CAPTIONS}, key=len, reverse=True)
_HEADER_RUN = re.compile(rf"(?:{'|'.join(map(re.escape, _HEADER_WORDS))})(?:[(（](?:长期|中期|年度)[)）])?")
# A value at the end of a run-together row: a number with its comparator and unit, or a stock qualitative phrase.
QUANTITY_AT_END = re.compile(r"([≥≤＞＜>=<＝]\s*)?\d+(\.\d+)?\s*(%|％|[\u4e00-\u9fff/]{1,4})?$")
QUALITATIVE = sorted((
    "稳步提高", "巩固提高", "持续改善", "效果明显", "显著提升", "按计划实施", "不超预算", "符合相关规定", "逐步提高", "有所提高",
    "明显改善", "进一步提高", "不断提升", "稳步提升", "持续提升", "明显提升", "显著提高", "有效提升", "按时完成", "按期完成",
    "及时", "达标", "合格", "良好", "优良", "较好", "提高", "改善", "有效", "是",
), key=len, reverse=True)
RUN_TOGETHER_KEYS = ("level1", "level2", "name", "value")


@dataclass
class GridRead:
    grid: IndicatorGrid | None
    after: int  # index of the first token after the grid


def is_caption(k: str) -> bool:
    """绩效指标, or 绩效指标(权重分值90分,…): a caption, perhaps with a note in brackets."""
    return k in GRID_CAPTIONS or any(k.startswith(c) and k[len(c) : len(c) + 1] in "(（" for c in GRID_CAPTIONS)


def is_grid_start(token: Token) -> bool:
    k = key(token.text)
    return token.label is None and (is_caption(k) or column_key(k) == "level1" or _run_headers(token.text) is not None)


def column_key(header: str) -> str:
    k = label_key(header)
    # 指标值(或计划水平), 二级指标(长期): the words in brackets say more than which column it is.
    return KEY_BY_HEADER.get(k) or KEY_BY_HEADER.get(_TERM.sub("", k)) or KEY_BY_HEADER.get(re.sub(r"[(（][^)）]*[)）]", "", k), "")


def read_grid(toks: list[Token], start: int, report: Report, unplaced: Unplaced) -> GridRead:
    caption = ""
    i = start
    run = _run_headers(toks[i].text)
    if run is not None and len(run) > 1:
        return _run_together(toks, i, run, report)
    same_row = toks[i].row >= 0 and i + 1 < len(toks) and toks[i + 1].row == toks[i].row
    if is_caption(key(toks[i].text)) and not same_row:  # a caption in the header row is its merged first column
        caption = toks[i].text
        i += 1
        while i < len(toks) and not toks[i].text and toks[i].row < 0:
            i += 1  # the blank cell beside the caption
    if i < len(toks) and toks[i].row >= 0:
        return _by_rows(toks, i, caption, report, unplaced)
    headers: list[Token] = []
    while i < len(toks) and toks[i].text and column_key(toks[i].text):
        headers.append(toks[i])
        i += 1
    if not headers:
        report.problem(toks[start].line, "这里应是绩效指标表的表头（一级指标、二级指标、三级指标、指标值……），没有找到")
        return GridRead(None, i)
    columns = _columns([h.text for h in headers])
    rows, i = _counted_rows(toks, i, columns, report)
    return GridRead(IndicatorGrid(caption=caption, columns=columns, rows=rows), i)


def _columns(headers: list[str]) -> list[GridColumn]:
    keys = [column_key(h) for h in headers]
    terms = ["长期" if re.search("长期|中期", h) else "年度" if re.search("年度|当年", h) else "" for h in headers]
    if "长期" not in terms:
        terms = [""] * len(headers)
    for term in set(terms):
        # 指标内容 in place of 三级指标 names the indicator.
        mine = [n for n, t in enumerate(terms) if t == term]
        if not any(keys[n] == "name" for n in mine):
            first = next((n for n in mine if keys[n] == "description"), None)
            if first is not None:
                keys[first] = "name"
    return [GridColumn(header=h, key=k, term=t) for h, k, t in zip(headers, keys, terms)]  # type: ignore[arg-type]


def _ends_grid(token: Token) -> bool:
    return token.label is not None or bool(TABLE_TITLE.match(key(token.text)))


def _counted_rows(toks: list[Token], i: int, columns: list[GridColumn], report: Report) -> tuple[list[list[str]], int]:
    """Cells one per line: each row is as many cells as there are columns, less the level names a group's later rows leave out."""
    width = len(columns)
    levels = 0
    while levels < width and columns[levels].key in ("level1", "level2"):
        levels += 1
    rows: list[list[str]] = []
    while i < len(toks) and not _ends_grid(toks[i]):
        end = next((j for j in range(i, len(toks)) if _ends_grid(toks[j])), len(toks))
        if not any(t.text for t in toks[i:end]):
            return rows, end  # blank cells after the last row
        k = key(toks[i].text)
        skip = 0
        nxt = key(toks[i + 1].text) if i + 1 < len(toks) else ""
        level1 = columns[0].key == "level1" and is_level1(k) and (not is_level2(k) or levels < 2 or is_level2(nxt))
        if levels and not level1:
            skip = 1 if levels > 1 and columns[0].key == "level1" and is_level2(k) else levels
        need = width - skip
        cells = toks[i : i + need]
        stop = next((n for n, t in enumerate(cells) if _ends_grid(t)), None)
        if len(cells) < need or stop is not None:
            got = stop if stop is not None else len(cells)
            last = cells[got - 1] if got else toks[i - 1]
            report.problem(last.line, f"绩效指标表在这里中断：这一行只有 {got + skip} 个单元格，应有 {width} 个，"
                                      f"下一个应是“{columns[skip + got].header}”列；请核对原文是否完整")
            return rows, i + got
        rows.append([""] * skip + [t.text for t in cells])
        i += need
    return rows, i


def _by_rows(toks: list[Token], i: int, caption: str, report: Report, unplaced: Unplaced) -> GridRead:
    """A tabular source: the header row, then each row as it is, to the next labelled row."""
    by_row: dict[int, list[Token]] = {}
    order: list[int] = []
    j = i
    while j < len(toks) and toks[j].row >= 0:
        if toks[j].row not in by_row:
            first = toks[j]
            if order and (_ends_grid(first) or first.label is not None or is_grid_start(first)):
                break  # the next part, or the next grid (长期 then 年度绩效指标)
            order.append(first.row)
            by_row[first.row] = []
        by_row[toks[j].row].append(toks[j])
        j += 1
    header = [t.text for t in by_row[order[0]]]
    lead = 0
    if header and is_caption(key(header[0])):
        # 绩效指标 in a merged column to the left of the grid: the grid's caption, its column blank below.
        caption, lead = caption or header[0], 1
    while len(header) > lead and not header[-1]:
        header.pop()
    columns = _columns(header[lead:])
    rows = []
    for r in order[1:]:
        cells = [t.text for t in by_row[r]]
        if by_row[r][0].line.is_text_line:
            cells = _right_aligned(cells, lead + len(columns))
        cells = cells[lead:]
        extra = [c for c in cells[len(columns):] if c]
        if extra:
            unplaced.add(by_row[r][0].line, " ".join(extra))
        if any(cells):
            rows.append((cells + [""] * len(columns))[: len(columns)])
    if not any(c.key for c in columns):
        report.problem(by_row[order[0]][0].line, "绩效指标表的表头中没有可识别的列（一级指标、二级指标、三级指标、指标值……）")
    last = by_row[order[-1]]
    if j == len(toks) and len(order) > 1 and _cut_off(rows[-1] if rows else [], columns):
        # The document ends inside the grid's last row: it was cut off (a truncated download or copy).
        got = len([t for t in last if t.text])
        level = next(n for n, c in enumerate(rows[-1]) if c)
        report.problem(last[-1].line, f"文档在绩效指标表的这一行中断：这一行只有 {got} 个单元格（“{rows[-1][level]}”应在“{_level_column(rows[-1][level], columns)}”列），"
                                      f"后面还应有 {len(columns) - _level_index(rows[-1][level], columns) - got} 个单元格；请核对原文是否完整")
    return GridRead(IndicatorGrid(caption=caption, columns=columns, rows=rows), j)


def grid_from_rows(header: list[str], rows: list[list[str]], lines: list[Line], unplaced: Unplaced) -> IndicatorGrid:
    """A grid of a county document's project table: its header row and the rows below it, sign-off rows kept aside."""
    while header and not header[-1]:
        header = header[:-1]
    columns = _columns(header)
    out = []
    for cells, line in zip(rows, lines):
        if not any(cells):
            continue
        if label_key(cells[0]) in SIGN_OFF_LABELS:
            unplaced.add(line, " ".join(c for c in cells if c))
            continue
        extra = [c for c in cells[len(columns):] if c]
        if extra:
            unplaced.add(line, " ".join(extra))
        out.append((cells + [""] * len(columns))[: len(columns)])
    return IndicatorGrid(columns=columns, rows=out)


def _right_aligned(cells: list[str], width: int) -> list[str]:
    """A row of a page copied as text: trailing empty cells dropped, and the merged cells a web page leaves out restored on the left.

    A copied web table leaves out the cells that a cell above spans (rowspan), and
    those are the 一级/二级 names on the left of the row: the cells that remain
    are the rightmost ones.
    """
    while cells and not cells[-1]:
        cells = cells[:-1]
    return [""] * (width - len(cells)) + cells if len(cells) < width else cells


def _level_index(text: str, columns: list[GridColumn]) -> int:
    k = re.sub(r"[(（][^)）]*[)）]", "", key(text))
    want = "level1" if is_level1(k) and not is_level2(k) else "level2" if is_level2(k) else ""
    return next((n for n, c in enumerate(columns) if want and c.key == want), -1)


def _level_column(text: str, columns: list[GridColumn]) -> str:
    at = _level_index(text, columns)
    return columns[at].header if at >= 0 else ""


def _cut_off(row: list[str], columns: list[GridColumn]) -> bool:
    """Whether the last row, right-aligned, puts a 一级/二级 name where no such name belongs: the row stops early."""
    first = next((n for n, c in enumerate(row) if c), None)
    if first is None:
        return False
    at = _level_index(row[first], columns)
    return at >= 0 and at != first and columns[first].key not in ("level1", "level2")


def _run_headers(text: str) -> list[str] | None:
    """``绩效指标一级指标二级指标指标内容指标值`` → its header words; None unless the whole text is header words."""
    compact = re.sub(r"\s+", "", text)
    words: list[str] = []
    pos = 0
    while pos < len(compact):
        m = _HEADER_RUN.match(compact, pos)
        if not m:
            return None
        words.append(m.group())
        pos = m.end()
    return words or None


def _run_together(toks: list[Token], i: int, words: list[str], report: Report) -> GridRead:
    """Rows run together on one line each: split at the level names, and at the value the row ends with."""
    caption = words[0] if key(words[0]) in GRID_CAPTIONS else ""
    columns = _columns(words[1:] if caption else words)
    keys = [c.key for c in columns]
    if any(k not in RUN_TOGETHER_KEYS for k in keys) or len(set(keys)) != len(keys) or "name" not in keys or "value" not in keys:
        report.problem(toks[i].line, "绩效指标表的各列连在一起，只能拆分 一级指标、二级指标、三级指标（指标内容）、指标值 四列；"
                                     "这个表还有其他列，请从原网页或原文件复制带分隔的表格（如另存为 .xlsx）后再导入")
        return GridRead(None, len(toks))
    rows = []
    i += 1
    while i < len(toks) and not _ends_grid(toks[i]):
        cells = _split_row(toks[i].text, keys)
        if cells is None:
            report.problem(toks[i].line, "这一行的文字连在一起，无法分出三级指标和指标值（指标值应在行末，如 100%、≥90%、稳步提高）；"
                                         "请在原文中核对并用制表符分隔各列")
        else:
            rows.append(cells)
        i += 1
    return GridRead(IndicatorGrid(caption=caption, columns=columns, rows=rows), i)


def _split_row(text: str, keys: list[str]) -> list[str] | None:
    rest = text.strip()
    got: dict[str, str] = {}
    if "level1" in keys:
        first = next((n for n in sorted(LEVEL1_NAMES, key=len, reverse=True) if rest.startswith(n)), "")
        # 成本指标 is a 一级 in some frameworks and a 二级 under 产出指标 in others: a 一级 only when a 二级 follows it.
        if first and (not is_level2(first) or "level2" not in keys or _level2_prefix(rest[len(first):])):
            got["level1"] = first
            rest = rest[len(first) :]
    if "level2" in keys:
        got["level2"] = _level2_prefix(rest)
        rest = rest[len(got["level2"]) :]
    value = _value_at_end(rest)
    if value is None or not rest[: len(rest) - len(value)].strip():
        return None
    got["name"] = rest[: len(rest) - len(value)].strip()
    got["value"] = value
    return [got.get(k, "") for k in keys]


def _level2_prefix(text: str) -> str:
    return next((text[:n] for n in range(min(len(text), 20), 1, -1) if is_level2(text[:n])), "")


def _value_at_end(text: str) -> str | None:
    m = QUANTITY_AT_END.search(text)
    if m:
        return text[m.start() :]
    return next((q for q in QUALITATIVE if text.endswith(q)), None)
