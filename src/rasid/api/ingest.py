"""``POST /api/ingest``: one article (text, URL or uploaded file) stored and read in the request.

The input becomes :class:`~rasid.ingest.RawArticle` items exactly as the ``rasid ingest`` readers
make them (URLs through the ingest module's safe fetcher, private addresses refused); they are
cleaned, checked against the stored articles for near-duplicates (an index kept by the server
and caught up with articles other processes stored), stored and read under the write lock. The
corpus re-resolution is NOT done here: the route hands it to :mod:`rasid.api.resolution`.
"""
from __future__ import annotations

import asyncio
import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import PurePath, PureWindowsPath
from typing import Any, Callable, Iterable, Iterator

from pydantic import BaseModel, Field

from rasid.doc import ArticleMeta
from rasid.errors import InputError
from rasid.ingest import RawArticle, decode_bytes, iter_articles
from rasid.ingest.article import InputFailure, make_article, require_text
from rasid.ingest.reader import html_article
from rasid.ingest.records import iso_date
from starlette.concurrency import run_in_threadpool

from rasid.api.resolution import lower_priority
from rasid.api.stores import StoreAccess
from rasid.errors import StoreError
from rasid.store import Store

MAX_INGEST_BYTES = 5_000_000
UPLOAD_KINDS = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html"}
URL_SCHEMES = ("http://", "https://")


class IngestText(BaseModel):
    """An article given as text (``text``) or as a URL to fetch (``url`` alone)."""

    text: str | None = Field(default=None, max_length=MAX_INGEST_BYTES, description="the article, raw")
    published: str | None = Field(default=None, max_length=64, description="ISO date of publication")
    outlet: str | None = Field(default=None, max_length=500)
    title: str | None = Field(default=None, max_length=2000)
    url: str | None = Field(default=None, max_length=4000, description="source URL; fetched when no text is given")


@dataclass(slots=True)
class IngestOutcome:
    """What one ingest request did."""

    articles: list[str] = field(default_factory=list)
    report: dict[str, Any] = field(default_factory=dict)

    resolution: dict[str, Any] | None = None      # the background resolution's status for this request

    @property
    def created(self) -> bool:
        return bool(self.report.get("added"))

    @property
    def changed(self) -> bool:
        """True when an article was stored or read: the corpus needs a new resolution."""
        return bool(self.report.get("added") or self.report.get("read"))

    def to_dict(self) -> dict[str, Any]:
        return {"articles": self.articles, "created": self.created, "report": self.report,
                "resolution": self.resolution}


def text_article(body: IngestText) -> RawArticle:
    """The article of a JSON text body (``published`` checked as an ISO date)."""
    raw = require_text(body.text or "", "request body")
    published = iso_date(body.published, "published") if body.published else None
    meta = ArticleMeta(source=body.url or "api", url=body.url, outlet=body.outlet, title=body.title,
                       published=published, published_basis="caller" if published else None)
    return make_article(raw, meta)


def upload_article(filename: str, data: bytes) -> RawArticle:
    """The article of an uploaded ``.txt`` or ``.html`` file."""
    name = PureWindowsPath(filename or "upload.txt").name   # drops "/" and "\\" folders and drive letters
    kind = UPLOAD_KINDS.get(PurePath(name).suffix.lower())
    if kind is None:
        raise InputError(f"cannot read {name!r}: upload a .txt or .html file", source="upload")
    if not data.strip():
        raise InputError("empty file: nothing to read", source=name)
    if kind == "html":
        return html_article(decode_bytes(data, name, markup=True).text, source=name, url=None)
    return make_article(require_text(decode_bytes(data, name).text, name), ArticleMeta(source=name))


def checked_url(url: str) -> str:
    """``url`` when it is an http(s) URL (the fetcher checks its addresses)."""
    url = url.strip()
    if not url.lower().startswith(URL_SCHEMES):
        raise InputError("give an http:// or https:// URL", source=url or "url")
    return url


def url_items(url: str) -> Callable[..., Iterable[Any]]:
    """An article source for ``run_corpus`` that fetches ``url`` safely (no private addresses)."""
    def source(paths: Any, *, allow_private: bool = False) -> Iterator[RawArticle | InputFailure]:
        return iter_articles([url], allow_private=False)
    return source


def fixed_items(items: list[RawArticle]) -> Callable[..., Iterable[Any]]:
    def source(paths: Any, *, allow_private: bool = False) -> Iterator[RawArticle | InputFailure]:
        return iter(items)
    return source


class _Recorder:
    """Wraps an article source and remembers the ids of the articles it yielded."""

    def __init__(self, source: Callable[..., Iterable[Any]]) -> None:
        self.source = source
        self.ids: list[str] = []
        self.failures: list[InputFailure] = []

    def __call__(self, paths: Any, *, allow_private: bool = False) -> Iterator[Any]:
        for item in self.source(paths, allow_private=False):
            if isinstance(item, InputFailure):
                self.failures.append(item)
            else:
                self.ids.append(item.meta.id)
            yield item


PAGE = 1000        # stored articles loaded at a time when the near-duplicate index catches up


class NearDuplicateCache:
    """The server's near-duplicate index over every stored clean text, built once, then caught up.

    Articles are never deleted and are numbered in commit order, so the articles stored since
    the last catch-up are those after the ones already seen. Used under the write lock only.
    """

    def __init__(self) -> None:
        self._index: Any = None
        self._seen = 0

    def catch_up(self, store: Store) -> None:
        """Index the articles stored since the last call (by any process)."""
        from rasid.ingest.neardup import NearDuplicateIndex

        if self._index is None:
            self._index = NearDuplicateIndex()
        while batch := store.articles(limit=PAGE, offset=self._seen):
            for article in batch:
                if article["id"] not in self._index:
                    self._index.add(article["id"], article["text"])
            self._seen += len(batch)

    def cleaner(self) -> Callable[[Any], None]:
        """The ingest ``clean`` step: clean the document, then mark it when it repeats a stored text."""
        from rasid.engine.local import default_clean

        def clean(doc: Any) -> None:
            default_clean(doc)
            doc.meta.near_duplicate_of = self._index.add(doc.meta.id, doc.text)
        return clean


def read_articles(store: Store, article_ids: list[str], report: Any) -> None:
    """Read those of ``article_ids`` that have no reading yet; a failed reading is reported, not raised."""
    from rasid.engine.local import FATAL_READ_ERRORS, RunFailure, default_reader, document_of

    for article_id in article_ids:
        stored = store.article(article_id)
        if stored is None or stored.reading is not None:
            continue
        try:
            reading = default_reader(document_of(stored))
        except FATAL_READ_ERRORS:
            raise
        except Exception as exc:  # reported in the answer's report; the article stays unread
            reason = f"reading failed ({type(exc).__name__}: {exc}); the article stays unread"
            report.read_failed.append(RunFailure(stored.meta.get("source") or article_id, reason))
            continue
        store.set_reading(article_id, reading)
        report.read += 1


def run_ingest(store: Store, source: Callable[..., Iterable[Any]],
               near_duplicates: NearDuplicateCache | None = None) -> IngestOutcome:
    """Store and read the articles of ``source``; InputError when none could be read.

    The corpus is not re-resolved here (see :mod:`rasid.api.resolution`).
    """
    from rasid.engine.local import RunReport, ingest_into

    cache = near_duplicates or NearDuplicateCache()
    cache.catch_up(store)
    recorder = _Recorder(source)
    report = RunReport()
    ingest_into(store, recorder([], allow_private=False), report, clean=cache.cleaner(), near_duplicates=False)
    if recorder.failures and not recorder.ids:
        first = recorder.failures[0]
        raise InputError(first.reason, source=first.source)
    ids = list(dict.fromkeys(recorder.ids))
    read_articles(store, ids, report)
    stats = store.stats()
    report.articles, report.events = stats.articles, stats.events
    report.entities, report.discrepancies = stats.entities, stats.discrepancies
    return IngestOutcome(ids, report.to_dict())


# -- where a request's ingest runs --------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class IngestRequest:
    """What one POST gives to ingest: ready articles (text, upload) or a URL to fetch. Picklable."""

    articles: tuple[RawArticle, ...] = ()
    url: str | None = None

    def source(self) -> Callable[..., Iterable[Any]]:
        return url_items(self.url) if self.url else fixed_items(list(self.articles))


_WORKER_STATE: dict[str, NearDuplicateCache] = {}      # per database, inside the ingest child process


def ingest_job(db: str, request: IngestRequest) -> IngestOutcome:
    """Store and read ``request`` into ``db`` (runs in the ingest child process, one at a time)."""
    from rasid.store import open_store

    cache = _WORKER_STATE.setdefault(db, NearDuplicateCache())
    with open_store(db, create=False) as store:
        return run_ingest(store, request.source(), cache)


class ProcessIngester:
    """Runs each ingest in one long-lived child process that keeps the pipeline loaded.

    Reading an article is pure-Python work; done in the server process it would hold the
    interpreter lock for its whole duration and readers would wait. One worker, so ingests run
    one at a time (SQLite would serialize their writes anyway), at a lower CPU priority.
    """

    def __init__(self, db: str) -> None:
        self.db = db
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    async def run(self, request: IngestRequest) -> IngestOutcome:
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._executor(), ingest_job, self.db, request)
        except BrokenProcessPool as exc:
            self._discard()
            raise StoreError("the ingest worker process stopped: send the article again") from exc

    def close(self) -> None:
        self._discard()

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                                 initializer=lower_priority)
            return self._pool

    def _discard(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


class InlineIngester:
    """Runs each ingest in a server thread under the write lock (tests, or no child processes)."""

    def __init__(self, stores: StoreAccess) -> None:
        self._stores = stores
        self._cache = NearDuplicateCache()

    async def run(self, request: IngestRequest) -> IngestOutcome:
        return await run_in_threadpool(self._locked, request)

    def close(self) -> None:
        return None

    def _locked(self, request: IngestRequest) -> IngestOutcome:
        with self._stores.writer() as store:
            return run_ingest(store, request.source(), self._cache)
