"""``iter_articles``: every article of files, folders and URLs, one failure per bad input.

Inputs (see :mod:`rasid.ingest.walk` for how folders are walked):

========================  ==================================================================
``.txt``                  one article per file (UTF-8 with/without BOM, UTF-16 BOM, cp1256)
``.html`` ``.htm``        trafilatura main text; title, author, date (basis ``meta``), sitename
``.jsonl`` ``.csv``       one article per line/row; ``id`` kept as ``external_id`` (``.gz`` ok)
``.xml`` ``.rss`` ``.atom``  RSS/Atom feed, one article per entry
``http://`` ``https://``  a page, or a feed when the content type or the body says so
========================  ==================================================================

Each article gets ``meta.id`` and ``meta.content_hash`` from its text
(:mod:`rasid.ingest.ids`). Nothing raises out of :func:`iter_articles` for one bad input: a
Rasid :class:`~rasid.errors.InputError` or an operating-system error (a file vanished between
listing and reading, permission denied) becomes an :class:`InputFailure` and iteration goes on.
"""
from __future__ import annotations

import zlib
from typing import TYPE_CHECKING, Callable, Iterable, Iterator
from urllib.parse import urlsplit

from rasid.doc import ArticleMeta
from rasid.errors import InputError
from rasid.ingest.article import InputFailure, RawArticle, failure_from, make_article, require_text
from rasid.ingest.encoding import decode_bytes, read_limited
from rasid.ingest.html import extract_page
from rasid.ingest.records import Record, iter_csv, iter_jsonl
from rasid.ingest.walk import InputRef, iter_inputs, os_reason

if TYPE_CHECKING:
    from rasid.ingest.feeds import Feed
    from rasid.ingest.fetch import FetchedPage, Fetcher

Item = RawArticle | InputFailure
FEED_CONTENT_TYPES = ("rss", "atom")


def iter_articles(paths: Iterable[str], *, allow_private: bool = False, max_bytes: int = 50_000_000,
                  fetcher: "Fetcher | None" = None) -> Iterator[Item]:
    """Every article in ``paths`` (files, folders, URLs), or an :class:`InputFailure` per bad input."""
    reader = _Reader(allow_private=allow_private, max_bytes=max_bytes, fetcher=fetcher)
    try:
        for ref in iter_inputs(paths):
            if isinstance(ref, InputFailure):
                yield ref
            else:
                yield from reader.read(ref)
    finally:
        reader.close()


class _Reader:
    """Reads one input at a time; owns the fetcher it had to create."""

    def __init__(self, *, allow_private: bool, max_bytes: int, fetcher: "Fetcher | None") -> None:
        self.allow_private = allow_private
        self.max_bytes = max_bytes
        self._fetcher = fetcher
        self._owns_fetcher = False

    def read(self, ref: InputRef) -> Iterator[Item]:
        """The items of one input; its errors become failures named after the input."""
        readers: dict[str, Callable[[str], Iterator[Item]]] = {
            "text": self._text, "html": self._html, "jsonl": self._jsonl, "csv": self._csv,
            "feed": self._feed_file, "url": self._url}
        try:
            yield from readers[ref.kind](ref.location)
        except InputError as exc:
            yield failure_from(exc, ref.location)
        except OSError as exc:
            yield InputFailure(ref.location, os_reason(exc))
        except (EOFError, zlib.error) as exc:
            yield InputFailure(ref.location, f"corrupt or truncated gzip data ({exc}): re-create the .gz file")

    def close(self) -> None:
        if self._owns_fetcher and self._fetcher is not None:
            self._fetcher.close()

    def _bytes(self, path: str) -> bytes:
        data = read_limited(path, self.max_bytes)
        if not data.strip():
            raise InputError("empty file: nothing to read", source=path)
        return data

    def _text(self, path: str) -> Iterator[Item]:
        raw = require_text(decode_bytes(self._bytes(path), path).text, path)
        yield make_article(raw, ArticleMeta(source=path))

    def _html(self, path: str) -> Iterator[Item]:
        page = decode_bytes(self._bytes(path), path, markup=True).text
        yield html_article(page, source=path, url=None)

    def _jsonl(self, path: str) -> Iterator[Item]:
        yield from _records(iter_jsonl(path, self.max_bytes), path)

    def _csv(self, path: str) -> Iterator[Item]:
        yield from _records(iter_csv(path, self.max_bytes), path)

    def _feed_file(self, path: str) -> Iterator[Item]:
        from rasid.ingest.feeds import parse_feed

        yield from feed_articles(parse_feed(self._bytes(path), path), source=path, url=None)

    def _url(self, url: str) -> Iterator[Item]:
        page = self.fetcher().fetch(url)
        yield from page_articles(page, source=url)

    def fetcher(self) -> "Fetcher":
        if self._fetcher is None:
            from rasid.ingest.fetch import Fetcher

            self._fetcher = Fetcher(allow_private=self.allow_private, max_bytes=self.max_bytes)
            self._owns_fetcher = True
        return self._fetcher


def _records(records: Iterable[Record | InputError], path: str) -> Iterator[Item]:
    for record in records:
        if isinstance(record, InputError):
            yield failure_from(record, path)
        else:
            yield record_article(record, path)


def record_article(record: Record, path: str) -> RawArticle:
    """A JSON Lines / CSV record as an article (``published`` from the caller)."""
    meta = ArticleMeta(source=path, external_id=record.external_id, url=record.url, outlet=record.outlet,
                       title=record.title, author=record.author, published=record.published,
                       published_basis="caller" if record.published else None)
    return make_article(record.text, meta)


def html_article(page: str, *, source: str, url: str | None) -> RawArticle:
    """An HTML page as an article: trafilatura's main text, the page kept in ``html``."""
    found = extract_page(page, source, url)
    meta = ArticleMeta(source=source, url=url or found.url, outlet=found.sitename or host_outlet(url),
                       title=found.title, author=found.author, published=found.date,
                       published_basis="meta" if found.date else None)
    return make_article(found.text, meta, html=page)


def feed_articles(feed: "Feed", *, source: str, url: str | None) -> Iterator[Item]:
    """Each entry of a parsed feed as an article, or a failure per broken entry."""
    for entry in feed.entries:
        if isinstance(entry, InputError):
            yield failure_from(entry, source)
            continue
        meta = ArticleMeta(source=source, url=entry.url, outlet=feed.title or host_outlet(url),
                           title=entry.title, author=entry.author, published=entry.published,
                           published_basis="meta" if entry.published else None)
        yield make_article(entry.text, meta)


def page_articles(page: "FetchedPage", *, source: str) -> Iterator[Item]:
    """A fetched page: a feed (by content type or body) or an HTML page."""
    from rasid.ingest.feeds import looks_like_feed, parse_feed

    content_type = page.content_type.split(";", 1)[0].strip().lower()
    if _is_feed_type(content_type) or looks_like_feed(page.body):
        yield from feed_articles(parse_feed(page.body, source), source=source, url=page.url)
        return
    if not page.body.strip():
        raise InputError("the server sent an empty page", source=source)
    text = decode_bytes(page.body, source, markup=True, declared=_charset(page.content_type)).text
    yield html_article(text, source=source, url=page.url)


def _is_feed_type(content_type: str) -> bool:
    return any(marker in content_type for marker in FEED_CONTENT_TYPES)


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip('"').lower()
    return None


def host_outlet(url: str | None) -> str | None:
    """The host of ``url`` without a leading ``www.``, as a fallback outlet name."""
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None
