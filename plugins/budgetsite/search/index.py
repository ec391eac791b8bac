"""A static, sharded inverted index of the archive for ``assets/search.js``.

Layout under ``search/budgetsite/`` of the built site:

``manifest.json``
    format version, number of shards and documents, and for each year the range of
    document ids it holds (ids are in archive order: newest year first, then unit code),
    so that the client narrows results to one year before fetching anything else.
``s/<n>.json``
    one shard: ``{token: postings}`` for the tokens whose FNV-1a hash modulo the number of
    shards is ``n``. A query fetches only the shards of its own tokens.
``d/<id>.json``
    one document: year, department, unit, page address, its names and codes (``n``: what a
    name match is checked against) and its sections (anchor, title, text). Fetched only for
    the results shown, to confirm each query term as a substring of the compacted text (see
    ``tokens.py``), to rank it and to pick the section (project) to link to and quote.

Postings are a string of base-36 numbers joined by commas, one per document holding the
token: ``(id - previous id) * 16 + weight``, where weight's low three bits are the
token's count in the document (capped at 7) and bit 8 says it occurs in a name or code
(department, unit, project name, project code).

Tokens are those of ``tokens.py`` (bigrams across punctuation, trigrams of codes) plus every
single Chinese character of the text (``unigrams``), so that a one-character query (县, 局, 费)
finds every document holding it. On 10,000 synthetic documents the characters add 0.76 KB of
postings per document (2.49 → 3.25 KB) and the longest list (a character in every document) is
about 20 KB; see ``bench/search_scale.py``.

Every file is a function of one document (``d/``) or of the postings in id order (``s/``,
``manifest.json``): indexes of single years, ids offset, concatenate token by token.

Everything here is plain data built from records; the page renderer is not involved. All
JSON is written with ``<``, ``>`` and ``&`` escaped, so it stays inert even if embedded.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .. import money, routes
from ..evaluation_model import Evaluation
from ..model import Record
from ..titles import document_title, evaluation_title
from .tokens import HAN_CHAR, compact, compact_tokens, tokens

INDEX_FORMAT = 3  # 2: text compacted across punctuation, single characters indexed, names stored; 3: d/<year>/<number>.json
INDEX_DIR = routes.SEARCH_INDEX
TARGET_SHARD_BYTES = 8_000
MAX_SHARDS = 4096
TITLE_FLAG = 8
TF_CAP = 7


@dataclass(frozen=True)
class Section:
    anchor: str  # "" for the top of the page
    title: str
    text: str


@dataclass
class SearchDocument:
    year: int
    department: str
    unit_code: str
    unit_name: str
    url: str  # page address relative to the site root, e.g. "2021/711001/"
    title: str
    sections: list[Section]
    names: list[str] = field(default_factory=list)  # text whose tokens weigh more


def _join(*parts: object) -> str:
    return " ".join(str(p) for p in parts if p not in (None, ""))


def record_document(record: Record, url: str) -> SearchDocument:
    """What search knows about one record: its header, part one and each project, as sections."""
    c = record.cover
    cover = (c.name_line, c.title, c.prepared_by, c.reviewed_by) if c is not None else ()
    sections = [
        Section("", document_title(record), _join(record.department, record.unit.code, record.unit.name, record.status, *cover)),
    ]
    part1 = [f"{g.title}：{g.text}" for g in record.overall_goals] + [f"{g.title}：{g.text}" for g in record.sub_goals]
    part1 += record.safeguards
    if part1:
        sections.append(Section("part-1", "第一部分 部门整体绩效目标", "\n".join(part1)))
    names = [record.department, record.unit.code, record.unit.name]
    for table in record.department_tables:
        lines = [table.title, *(_join(d.label, d.value) for d in table.details), *table.mid_goals, *table.goals,
                 *(_join(*row) for row in (table.indicator_grid.rows if table.indicator_grid else [])), *table.unplaced]
        sections.append(Section("department-tables", table.title or "部门整体支出绩效目标表", "\n".join(x for x in lines if x)))
    for project in record.projects:
        unit = record.project_unit(project)
        own_unit = record.project_money_unit(project)
        b = project.budget
        lines = [
            _join("项目编码", project.code, "项目名称", project.name),
            _join("实施单位", unit.code, unit.name),
            _join("预算数", b.total, "财政资金", b.fiscal, "其他资金", b.other, own_unit,
                  f"（预算数{money.converted_note(b.total, own_unit)}）" if own_unit != money.AGGREGATE_UNIT else "") if b else "",
            *(_join(d.label, d.value) for d in project.details),
            project.purpose,
            *project.goals,
            *(_join(i.level1, i.level2, i.name, i.description, i.value, i.basis) for i in project.indicators),
            *project.unplaced,
        ]
        sections.append(Section(project.code, project.name, "\n".join(x for x in lines if x)))
        names += [project.code, project.name]
    if record.unplaced:
        sections.append(Section("unplaced", "未能识别的内容", "\n".join(record.unplaced)))
    return SearchDocument(year=record.year, department=record.department, unit_code=record.unit.code,
                          unit_name=record.unit.name, url=url, title=document_title(record), sections=sections, names=names)


def evaluation_document(evaluation: Evaluation, url: str) -> SearchDocument:
    """A self-evaluation: one section per project, anchored at the project's result, with every figure and sentence."""
    title = evaluation_title(evaluation.department, evaluation.year)
    sections = [Section("", title, _join(evaluation.department, evaluation.unit.code, evaluation.unit.name, "项目支出绩效自评表", "绩效自评"))]
    names = [evaluation.department, evaluation.unit.code, evaluation.unit.name]
    for n, p in enumerate(evaluation.projects, start=1):
        lines = [
            _join("项目编码", p.code, "项目名称", p.name, "自评结果"),
            *(_join(f.name, "全年预算数", f.adjusted, "全年执行数", f.spent, "执行率", f.rate, "得分", f.score) for f in p.funds),
            p.goal_expected, p.goal_actual,
            *(_join(i.level1, i.level2, i.name, i.target, "实际完成值", i.actual, "得分", i.score, i.reason) for i in p.indicators),
            _join("总分", p.total_score, "评价结论", p.conclusion), p.problems, p.measures, *p.unplaced,
        ]
        sections.append(Section(routes.result_anchor(p.code, n), f"{p.name}（自评结果）", "\n".join(x for x in lines if x)))
        names += [x for x in (p.code, p.name) if x]
    return SearchDocument(year=evaluation.year, department=evaluation.department, unit_code=evaluation.unit.code,
                          unit_name=evaluation.unit.name, url=url, title=title, sections=sections, names=names)


def _b36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if not n:
            return out


# Most postings are small numbers (a document near the previous one): looked up, not computed.
_B36_SMALL = tuple(_b36(n) for n in range(36**3))


def _dump(data: object) -> bytes:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").encode("utf-8")


def encode_postings(entries: Iterable[tuple[int, int]]) -> str:
    out = []
    prev = -1
    small = _B36_SMALL
    for doc_id, weight in entries:
        n = (doc_id - prev) * 16 + weight
        out.append(small[n] if n < 46656 else _b36(n))
        prev = doc_id
    return ",".join(out)


def decode_postings(text: str) -> list[tuple[int, int]]:
    """The inverse of :func:`encode_postings` (the client does the same in JavaScript)."""
    out = []
    doc_id = -1
    for part in text.split(","):
        n = int(part, 36)
        doc_id += n // 16
        out.append((doc_id, n % 16))
    return out


def unigrams(text: str) -> list[str]:
    """Each Chinese character of ``text``: the tokens of a one-character query."""
    return HAN_CHAR.findall(compact(text))


def _weights(doc: SearchDocument) -> dict[str, int]:
    counts: Counter[str] = Counter()
    chars: Counter[str] = Counter()
    for s in doc.sections:
        text = compact(f"{s.title} {s.text}")
        counts.update(compact_tokens(text))
        chars.update(HAN_CHAR.findall(text))
    # A run of one character is a token already: its count is within the character's own.
    counts.update({c: n - counts[c] for c, n in chars.items()})
    named = {t for name in doc.names for t in (*tokens(name), *unigrams(name))}
    return {t: (n if n < TF_CAP else TF_CAP) | (TITLE_FLAG if t in named else 0) for t, n in counts.items()}


def shard_count(posting_bytes: int) -> int:
    """A power of two that keeps the average shard near TARGET_SHARD_BYTES."""
    n = 1
    while n < MAX_SHARDS and posting_bytes / n > TARGET_SHARD_BYTES:
        n *= 2
    return n


def build_index(documents: list[SearchDocument]) -> dict[str, bytes]:
    """Every file of the index, as ``{path under INDEX_DIR: content}``. Documents must be in id order, each year's together.

    Made the way a sharded build makes it: one index per year (``partial.year_index``), merged.
    """
    from .partial import merge, year_index  # partial builds on this module's encoding

    groups: list[tuple[int, list[SearchDocument]]] = []
    for doc in documents:
        if groups and groups[-1][0] == doc.year:
            groups[-1][1].append(doc)
        elif any(year == doc.year for year, _ in groups):
            raise ValueError(f"documents of {doc.year} are not contiguous")
        else:
            groups.append((doc.year, [doc]))
    files: dict[str, bytes] = {}
    merge((year_index(year, docs) for year, docs in groups), files.__setitem__)
    return files


def archive_documents(records: Iterable[Record], url_for: Callable[[Record], str]) -> list[SearchDocument]:
    return [record_document(r, url_for(r)) for r in records]


def index_stats(files: dict[str, bytes]) -> dict[str, float]:
    """Sizes for the benchmark and the build log."""
    shard_bytes = [len(v) for k, v in files.items() if k.startswith("s/")]
    doc_bytes = [len(v) for k, v in files.items() if k.startswith("d/")]
    docs = max(1, len(doc_bytes))
    return {
        "documents": len(doc_bytes),
        "shards": len(shard_bytes),
        "postings_bytes": sum(shard_bytes),
        "store_bytes": sum(doc_bytes),
        "postings_per_doc": sum(shard_bytes) / docs,
        "store_per_doc": sum(doc_bytes) / docs,
        "largest_shard": max(shard_bytes, default=0),
        "median_shard": sorted(shard_bytes)[len(shard_bytes) // 2] if shard_bytes else 0,
    }


def write_index(files: dict[str, bytes], site_dir: Path) -> None:
    """Write the index under ``site_dir/INDEX_DIR``, replacing an older one."""
    root = site_dir / INDEX_DIR
    if root.exists():
        shutil.rmtree(root)
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def year_documents(records: Iterable[Record], evaluations: Iterable[Evaluation], year: int, directory_urls: bool = True) -> list[SearchDocument]:
    """A year's documents in index order: its records (by unit code, as the archive lists them), then its self-evaluations."""
    docs = [record_document(r, routes.page_url(routes.document_page(r.year, r.unit.code), directory_urls)) for r in records if r.year == year]
    docs += [evaluation_document(e, routes.page_url(routes.evaluation_page(e.year, e.unit.code), directory_urls))
             for e in sorted(evaluations, key=lambda e: e.unit.code) if e.year == year]
    return docs


def write_archive_index(records: Iterable[Record], site_dir: Path, directory_urls: bool = True,
                        evaluations: Iterable[Evaluation] = ()) -> dict[str, int]:
    """Index every record's page (and every self-evaluation's) and write the index into the built site; its sizes, for the log."""
    from .partial import merge, year_index

    records, evaluations = list(records), list(evaluations)
    years = sorted({r.year for r in records} | {e.year for e in evaluations}, reverse=True)
    root = site_dir / INDEX_DIR
    if root.exists():
        shutil.rmtree(root)
    return merge((year_index(y, year_documents(records, evaluations, y, directory_urls)) for y in years), _writer(root))


def _writer(root: Path) -> Callable[[str, bytes], None]:
    def write(rel: str, data: bytes) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return write
