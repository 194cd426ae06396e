"""rasid.ingest: reading articles from files, folders, feeds and URLs.

Public interface::

    iter_articles(paths, *, allow_private=False, max_bytes=50_000_000, fetcher=None)
        -> Iterator[RawArticle | InputFailure]
    read_text_file(path) -> str                        # encoding detection (rasid.ingest.encoding)
    content_hash(text) -> str; article_id(text) -> str # stable ids (rasid.ingest.ids)
    NearDuplicateIndex(threshold=0.8).add(id, text) -> id of an earlier near-duplicate | None
    near_duplicate_key(text) -> MinHash signature      # (rasid.ingest.neardup)
    Fetcher(allow_private=False, ...).fetch(url) -> FetchedPage   # safe URL fetching (rasid.ingest.fetch)

Importing this package is cheap: trafilatura, feedparser and httpx load on first use.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rasid.ingest.article import InputFailure, RawArticle
from rasid.ingest.encoding import decode_bytes, read_text_file
from rasid.ingest.ids import article_id, content_hash
from rasid.ingest.neardup import DEFAULT_THRESHOLD, NearDuplicateIndex, flag_near_duplicates, text_signature
from rasid.ingest.reader import iter_articles

if TYPE_CHECKING:
    from rasid.ingest.fetch import FetchedPage, Fetcher

near_duplicate_key = text_signature

__all__ = [
    "DEFAULT_THRESHOLD", "FetchedPage", "Fetcher", "InputFailure", "NearDuplicateIndex", "RawArticle",
    "article_id", "content_hash", "decode_bytes", "flag_near_duplicates", "iter_articles",
    "near_duplicate_key", "read_text_file",
]


def __getattr__(name: str) -> Any:
    """``Fetcher`` and ``FetchedPage`` are imported on first use (they pull in httpx)."""
    if name in ("Fetcher", "FetchedPage"):
        from rasid.ingest import fetch

        return getattr(fetch, name)
    raise AttributeError(f"module 'rasid.ingest' has no attribute {name!r}")
