"""Full-text search over the archive: a static sharded index that the browser fetches per query token."""

from .index import (
    INDEX_DIR,
    SearchDocument,
    Section,
    archive_documents,
    build_index,
    index_stats,
    record_document,
    write_archive_index,
    write_index,
)
from .tokens import fnv1a, normalize, tokens

__all__ = [
    "INDEX_DIR", "SearchDocument", "Section", "archive_documents", "build_index", "fnv1a", "index_stats",
    "normalize", "record_document", "tokens", "write_archive_index", "write_index",
]
