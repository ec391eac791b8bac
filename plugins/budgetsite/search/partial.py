"""The index of one year, and the archive's index merged from the years' (a sharded build's search).

A year's :class:`YearIndex` holds its documents' files (``d/<year>/<number>.json``: the client
finds a result's year and number from the manifest's spans of years) and, per token, the
postings of its own documents numbered from 0. Merging the years, newest first, renumbers the
postings only: because postings
are delta-encoded (``index.encode_postings``), only the first number of each token's list in
each year changes, so the merge never decodes a list and holds no more than the finished
index's postings. The single build merges the same per-year indexes, so the two ways give the
same files byte for byte.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .index import INDEX_FORMAT, SearchDocument, _b36, _dump, _weights, encode_postings, shard_count
from .tokens import fnv1a

FORMAT = "budgetsite-search-part/3"  # 2: names stored with each document, single characters indexed; 3: documents apart


@dataclass
class YearIndex:
    year: int
    count: int  # how many documents, numbered from 0 in this year
    postings: dict[str, tuple[str, int]]  # token -> (postings numbered from 0 in this year, the last document's number)
    # Each document's d/<year>/<number>.json, in number order; empty once a shard has written them into its own
    # folder (their names do not depend on the other years, so an assembly takes them as they are).
    documents: list[str] = field(default_factory=list)

    def document_files(self) -> dict[str, bytes]:
        """The documents' files, by path under ``search/budgetsite/``."""
        return {f"d/{self.year}/{i}.json": doc.encode("utf-8") for i, doc in enumerate(self.documents)}

    def dumps(self) -> bytes:
        """The postings only (what an assembly merges); the documents are files of their own."""
        return json.dumps({"format": FORMAT, "year": self.year, "count": self.count, "postings": self.postings},
                          ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    @classmethod
    def loads(cls, data: bytes) -> YearIndex:
        plain = json.loads(data)
        if plain.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} file")
        return cls(plain["year"], plain["count"], {t: (p[0], p[1]) for t, p in plain["postings"].items()})


def year_index(year: int, documents: list[SearchDocument]) -> YearIndex:
    """One year's documents (records first, then self-evaluations), numbered from 0."""
    postings: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
    for doc_id, doc in enumerate(documents):
        if doc.year != year:
            raise ValueError(f"a document of {doc.year} in the index of {year}")
        for token, weight in _weights(doc).items():
            postings[token].append((doc_id, weight))
    files = [_dump({"y": doc.year, "dep": doc.department, "u": doc.unit_code, "un": doc.unit_name, "url": doc.url, "t": doc.title,
                    "n": doc.names, "s": [[s.anchor, s.title, s.text] for s in doc.sections]}).decode("utf-8") for doc in documents]
    return YearIndex(year, len(files), {t: (encode_postings(p), p[-1][0]) for t, p in postings.items()}, files)


def _renumbered(encoded: str, offset: int, previous: int) -> str:
    """A year's postings of a token continued after ``previous`` (the last global id of the token so far)."""
    head, _, rest = encoded.partition(",")
    n = int(head, 36)
    first = offset + n // 16 - 1  # numbered from 0 in the year: its first delta is counted from -1
    renumbered = _b36((first - previous) * 16 + n % 16)
    return f"{renumbered},{rest}" if rest else renumbered


class IndexMerge:
    """The archive's index made from the years' indexes, newest year first, one year at a time: an assembly adds the
    years it has while it waits for another. Holds only the postings merged so far."""

    def __init__(self, write: Callable[[str, bytes], None]) -> None:
        self.write = write  # (path under search/budgetsite/, bytes)
        self.parts: dict[str, list[str]] = {}
        self.last: dict[str, int] = {}
        self.spans: list[list[int]] = []
        self.offset = 0
        self.newest_next: int | None = None  # the next year added must be older than this

    def add(self, part: YearIndex) -> None:
        """The next year (older than every year added); its documents are written if it carries them."""
        if self.newest_next is not None and part.year >= self.newest_next:
            raise ValueError(f"the index of {part.year} after that of {self.newest_next}: years must come newest first")
        self.newest_next = part.year
        for path, doc in part.document_files().items():
            self.write(path, doc)
        parts, last, offset = self.parts, self.last, self.offset
        for token, (encoded, final) in part.postings.items():
            parts.setdefault(token, []).append(_renumbered(encoded, offset, last.get(token, -1)))
            last[token] = offset + final
        if part.count:
            self.spans.append([part.year, offset, offset + part.count])
        self.offset += part.count

    def finish(self) -> dict[str, int]:
        """Write the postings' shards and the manifest; the counts, for the log."""
        encoded = {t: ",".join(p) for t, p in self.parts.items()}
        self.parts = {}
        total = sum(len(t.encode()) + len(p) + 6 for t, p in encoded.items())
        shards = shard_count(total)
        buckets: list[dict[str, str]] = [{} for _ in range(shards)]
        for token in sorted(encoded):
            buckets[fnv1a(token) % shards][token] = encoded[token]
        for i, bucket in enumerate(buckets):
            self.write(f"s/{i}.json", _dump(bucket))
        manifest = {"v": INDEX_FORMAT, "shards": shards, "docs": self.offset, "tokens": len(encoded), "years": self.spans}
        self.write("manifest.json", _dump(manifest))
        return {"documents": self.offset, "shards": shards, "postings_bytes": total}


def merge(years: Iterable[YearIndex], write: Callable[[str, bytes], None]) -> dict[str, int]:
    """Write the archive's index (paths under ``search/budgetsite/``) from the years' indexes, newest year first.

    The years' documents are written as they come (none for a year whose shard wrote its own); only the postings are
    held. Returns the counts for the log.
    """
    merged = IndexMerge(write)
    for part in years:
        merged.add(part)
    return merged.finish()
