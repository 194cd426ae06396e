"""The local engine: ingest -> clean -> store, then read what is unread, then resolve the corpus.

Every article is stored in its own transaction and every reading in another, so a run killed
at any point leaves only whole articles and whole readings behind; re-running the same input
adds nothing, reads only what is still unread and re-resolves only when the readings changed.
The steps are injectable (``articles``, ``clean``, ``reader``, ``resolver``) for tests and
for other engines.
"""
from __future__ import annotations

import itertools
import sys
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Protocol, Sequence

from rasid.doc import ArticleMeta, Document
from rasid.errors import ResourceError, StoreError
from rasid.store.base import Store, StoredArticle
from rasid.store.records import article_id_for, article_row, content_hash_for

ArticleSource = Callable[..., Iterable[Any]]          # iter_articles(paths, allow_private=...)
Cleaner = Callable[[Document], None]
Reader = Callable[[Document], dict[str, Any]]
Resolver = Callable[[list[dict[str, Any]], Iterable[dict[str, Any]]], Any]   # (articles, slim readings in id order)


class ProgressSink(Protocol):
    def advance(self, n: int = 1) -> None: ...
    def close(self) -> None: ...


ProgressFactory = Callable[[int | None, str], ProgressSink]


@dataclass(frozen=True, slots=True)
class RunFailure:
    """An input or article that could not be processed, and why (one line)."""

    source: str
    reason: str


@dataclass(slots=True)
class RunReport:
    """What one run did."""

    added: int = 0
    skipped_duplicates: int = 0
    near_duplicates: int = 0
    failed: list[RunFailure] = field(default_factory=list)
    read: int = 0
    read_failed: list[RunFailure] = field(default_factory=list)
    resolved: bool = False
    articles: int = 0
    events: int = 0
    entities: int = 0
    discrepancies: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"added": self.added, "skipped_duplicates": self.skipped_duplicates,
                "near_duplicates": self.near_duplicates,
                "failed": [{"source": f.source, "reason": f.reason} for f in self.failed],
                "read": self.read,
                "read_failed": [{"source": f.source, "reason": f.reason} for f in self.read_failed],
                "resolved": self.resolved, "articles": self.articles, "events": self.events,
                "entities": self.entities, "discrepancies": self.discrepancies}


# -- default steps (imported lazily: nothing heavy at import time) ----------------------------
def default_articles(paths: Sequence[str], *, allow_private: bool = False) -> Iterable[Any]:
    from rasid.ingest import iter_articles

    return iter_articles(paths, allow_private=allow_private)


def default_clean(doc: Document) -> None:
    """``rasid.clean.clean_document``; marks the document cleaned so that reading reuses its text."""
    from rasid.clean import clean_document
    from rasid.pipeline import CLEAN

    clean_document(doc)
    doc.layers_done.add(CLEAN)


class PipelineReader:
    """The default reader: the pipeline's stages a document still lacks (all of them over a raw
    text), then its reading. ``many`` reads several documents at once (their sentences are
    tagged in shared batches, which is faster); each document's error comes back in its place."""

    def __init__(self) -> None:
        self.warm = False

    def __call__(self, doc: Document) -> dict[str, Any]:
        from rasid.reading import read_document

        self.pipeline().complete(doc)
        return read_document(doc).to_dict()

    def many(self, docs: list[Document]) -> list[dict[str, Any] | Exception]:
        errors = self.pipeline().complete_many(docs)
        return [_reading_or_error(doc) if error is None else error for doc, error in zip(docs, errors)]


    def pipeline(self) -> Any:
        """The default pipeline, its data loaded by reading one sentence the first time, then the
        loaded heap settled (:func:`rasid.engine.memory.settle_loaded_heap`)."""
        from rasid.pipeline import default_pipeline

        pipeline = default_pipeline()
        if not self.warm:
            from rasid.engine.memory import settle_loaded_heap
            from rasid.entities.kb import get_kb

            pipeline(Document.from_text(WARM_UP_TEXT, ArticleMeta()))
            get_kb().build_indexes()
            settle_loaded_heap()
            self.warm = True
        return pipeline


WARM_UP_TEXT = "قتل شخص في انفجار عبوة ناسفة يوم الأحد."


def _reading_or_error(doc: Document) -> dict[str, Any] | Exception:
    from rasid.reading import read_document

    try:
        return read_document(doc).to_dict()
    except Exception as exc:  # noqa: BLE001 - returned in the document's place, reported by the caller
        return exc


default_reader = PipelineReader()


def read_batch(reader: Reader, docs: list[Document]) -> Iterator[dict[str, Any] | Exception]:
    """Each document's reading, or the exception reading it raised (fatal ones are raised).

    Lazy for a reader without ``many``: a reading can be stored before the next is made."""
    many = getattr(reader, "many", None)
    results = many(docs) if many is not None else (_call_reader(reader, doc) for doc in docs)
    for result in results:
        if isinstance(result, FATAL_READ_ERRORS):
            raise result
        yield result


def _call_reader(reader: Reader, doc: Document) -> dict[str, Any] | Exception:
    try:
        return reader(doc)
    except FATAL_READ_ERRORS:
        raise
    except Exception as exc:  # noqa: BLE001 - returned in the document's place, reported by the caller
        return exc


def default_resolver(articles: list[dict[str, Any]], readings: Iterable[dict[str, Any]]) -> Any:
    from rasid.resolve import resolve_corpus

    return resolve_corpus(articles, readings, lazy_entities=True)     # taken once, by save_resolution


def stderr_progress(total: int | None, label: str) -> ProgressSink:
    from rasid.progress import Progress   # silent when stderr is not a tty

    return Progress(total, label)


class _NoProgress:
    def advance(self, n: int = 1) -> None:
        return None

    def close(self) -> None:
        return None


# -- the run ----------------------------------------------------------------------------------
def run_corpus(paths: Sequence[str], store: Store, *, read: bool = True, resolve: bool = True,
               allow_private: bool = False, progress: bool | ProgressFactory = True,
               articles: ArticleSource | None = None, clean: Cleaner | None = None,
               reader: Reader | None = None, resolver: Resolver | None = None,
               near_duplicates: bool = True) -> RunReport:
    """Ingest ``paths`` into ``store``; then read unread articles and resolve the corpus.

    ``articles``, ``clean``, ``reader`` and ``resolver`` default to the real steps
    (``rasid.ingest.iter_articles``, ``rasid.clean.clean_document``, the default pipeline with
    ``rasid.reading.read_document``, ``rasid.resolve.resolve_corpus``).
    """
    report = RunReport()
    bars = _progress_factory(progress)
    items = (articles or default_articles)(paths, allow_private=allow_private)
    reader = reader or default_reader
    failed_reading: set[str] = set()
    ingest_into(store, items, report, clean=clean or default_clean, bar=bars(None, "ingest"),
                near_duplicates=near_duplicates, reader=reader if read else None, failed_reading=failed_reading)
    if read:
        stats = store.stats()
        read_unread(store, report, reader=reader, bar=bars(stats.articles - stats.read, "read"),
                    skip=failed_reading)
    if read and resolve:
        resolve_store(store, report, resolver=resolver or default_resolver)
    _fill_totals(store, report)
    return report


def _progress_factory(progress: bool | ProgressFactory) -> ProgressFactory:
    if callable(progress):
        return progress
    return stderr_progress if progress else (lambda total, label: _NoProgress())


INGEST_BATCH = 200     # articles per commit; each article is still all-or-nothing inside a batch


def ingest_into(store: Store, items: Iterable[Any], report: RunReport, *, clean: Cleaner = default_clean,
                bar: ProgressSink | None = None, near_duplicates: bool = True,
                batch_size: int = INGEST_BATCH, reader: Reader | None = None,
                failed_reading: set[str] | None = None) -> RunReport:
    """Clean and store every RawArticle of ``items``; record every InputFailure.

    Articles are committed ``batch_size`` at a time; a run killed mid-batch loses only that
    batch's articles (never part of one), and re-running adds them. With a ``reader``, each
    committed batch is then read from its cleaned documents (cleaning is not done twice), each
    reading in its own transaction; the ids whose reading failed go to ``failed_reading``.
    """
    bar = bar or _NoProgress()
    index = LazyNearDuplicateIndex(store) if near_duplicates else None
    iterator = iter(items)
    try:
        while True:
            count, added = _ingest_batch(store, itertools.islice(iterator, batch_size), report, clean, index, bar)
            if reader is not None:
                _read_documents(store, added, report, reader, failed_reading)
            if not count:
                break
    finally:
        bar.close()
    return report


def _ingest_batch(store: Store, items: Iterable[Any], report: RunReport, clean: Cleaner,
                  index: "LazyNearDuplicateIndex | None", bar: ProgressSink) -> tuple[int, list[Document]]:
    """Ingest one batch in one commit: the number of items it held (0 at the end) and the new documents."""
    count = 0
    added: list[Document] = []
    with store.batch():
        for item in items:
            doc = _ingest_one(store, item, report, clean, index)
            if doc is not None:
                added.append(doc)
            bar.advance()
            count += 1
    return count, added


def _read_documents(store: Store, docs: list[Document], report: RunReport, reader: Reader,
                    failed_reading: set[str] | None) -> None:
    """Read documents just stored (with the metadata as stored), each reading in its own transaction."""
    for part in in_parts(docs, READ_BATCH):
        for doc in part:
            doc.meta = stored_meta(doc)
        for doc, result in zip(part, read_batch(reader, part)):
            if not _store_reading(store, doc.meta.id, doc.meta.source or doc.meta.id, result, report) \
                    and failed_reading is not None:
                failed_reading.add(doc.meta.id)


READ_BATCH = 16                # documents read together (their sentences share tagging batches)


def in_parts(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Consecutive lists of ``size`` items (the last may be shorter), read lazily."""
    iterator = iter(items)
    while part := list(itertools.islice(iterator, size)):
        yield part


def stored_meta(doc: Document) -> ArticleMeta:
    """The metadata of ``doc`` as the store keeps it (what reading a stored article sees)."""
    row = article_row(doc)
    return ArticleMeta(id=doc.meta.id, **{name: getattr(row, name) for name in _META_FIELDS
                                          if name != "id" and hasattr(row, name)})


def _is_failure(item: Any) -> bool:
    """True for an InputFailure(source, reason), False for a RawArticle(raw, meta, html)."""
    return not hasattr(item, "raw")


def _ingest_one(store: Store, item: Any, report: RunReport, clean: Cleaner,
                index: "LazyNearDuplicateIndex | None") -> Document | None:
    """Store one input article; the cleaned document when it was added, else None."""
    if _is_failure(item):
        store.record_failure(item.source, item.reason)
        report.failed.append(RunFailure(item.source, item.reason))
        return None
    doc = Document.from_text(item.raw, item.meta)
    doc.meta.content_hash = content_hash_for(doc)
    doc.meta.id = article_id_for(doc.meta.content_hash)
    if store.has_article(doc.meta.id):
        report.skipped_duplicates += 1
        return None
    clean(doc)
    if index is not None:
        doc.meta.near_duplicate_of = index.add(doc.meta.id, doc.text)
    result = store.add_article(doc)
    if not result.created:
        report.skipped_duplicates += 1
        return None
    report.added += 1
    report.near_duplicates += result.near_duplicate_of is not None
    return doc


class LazyNearDuplicateIndex:
    """A near-duplicate index over the stored clean texts, loaded when first needed."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._index: Any = None

    def add(self, article_id: str, text: str) -> str | None:
        """The id of an earlier near-duplicate of ``text`` (or None); indexes ``text``."""
        if self._index is None:
            self._index = self._load()
        return self._index.add(article_id, text)

    def _load(self) -> Any:
        from rasid.ingest.neardup import NearDuplicateIndex

        index = NearDuplicateIndex()
        for article in iter_articles_paged(self._store):
            index.add(article["id"], article["text"])
        return index


ARTICLE_PAGE = 1000            # articles loaded at a time when walking the whole store


def iter_articles_paged(store: Store, page: int = ARTICLE_PAGE) -> Iterable[dict[str, Any]]:
    """Every stored CONTRACT article in ingest order, loaded ``page`` at a time (memory stays flat)."""
    offset = 0
    while True:
        batch = store.articles(limit=page, offset=offset)
        yield from batch
        if len(batch) < page:
            return
        offset += page


def resolution_articles(store: Store) -> list[dict[str, Any]]:
    """The stored articles as the resolver needs them: CONTRACT ARTICLE dicts with only the
    fields it reads (``rasid.resolve.inputs.ARTICLE_FIELDS``), so memory holds no texts or titles."""
    from rasid.resolve.inputs import slim_article

    return [slim_article(a) for a in iter_articles_paged(store)]


def read_unread(store: Store, report: RunReport, *, reader: Reader = default_reader,
                bar: ProgressSink | None = None, skip: set[str] | frozenset[str] = frozenset()) -> RunReport:
    """Read every article that has no reading yet (except the ids in ``skip``, which failed in
    this run already); store each reading in its own transaction.

    An article whose reading raises is reported in ``report.read_failed`` (and stays unread, so a
    later run retries it); the others are still read.
    """
    bar = bar or _NoProgress()
    try:
        unread = (stored for stored in store.unread_articles() if stored.id not in skip)
        for part in in_parts(unread, READ_BATCH):
            docs = [document_of(stored) for stored in part]
            for stored, result in zip(part, read_batch(reader, docs)):
                _store_reading(store, stored.id, stored.meta.get("source") or stored.id, result, report)
                bar.advance()
    finally:
        bar.close()
    return report


# Errors that no other article would escape either: stop the run instead of failing every article.
FATAL_READ_ERRORS = (ImportError, MemoryError, StoreError, ResourceError)


def _store_reading(store: Store, article_id: str, source: str, result: dict[str, Any] | Exception,
                   report: RunReport) -> bool:
    """Store one reading (its own transaction); False (and reported) when reading it raised."""
    if isinstance(result, Exception):
        reason = f"reading failed ({type(result).__name__}: {result}); the article stays unread"
        report.read_failed.append(RunFailure(source, reason))
        return False
    store.set_reading(article_id, result)
    report.read += 1
    return True


def document_of(stored: StoredArticle) -> Document:
    """A fresh document over the stored raw text, with the stored metadata."""
    meta = ArticleMeta(id=stored.id, **{k: v for k, v in stored.meta.items() if k in _META_FIELDS})
    return Document.from_text(stored.raw, meta)


_META_FIELDS = frozenset(ArticleMeta.__slots__)


def resolve_store(store: Store, report: RunReport, *, resolver: Resolver = default_resolver) -> RunReport:
    """Resolve all readings unless the saved resolution was computed from exactly these readings.

    The resolver gets the articles without text and the readings as a stream of slim readings in
    article id order (``Store.iter_reading_parts``), so no run holds every whole reading at once.
    The reading's word caches are emptied first (``rasid.engine.memory``): the resolution reuses
    their memory.
    """
    from rasid.engine.memory import release_word_caches

    release_word_caches()
    fingerprint = store.readings_fingerprint()
    if fingerprint == store.resolution_fingerprint():
        return report
    resolution = resolver(resolution_articles(store), store.iter_reading_parts())
    store.save_resolution(resolution, fingerprint)
    report.resolved = True
    return report


def _fill_totals(store: Store, report: RunReport) -> None:
    stats = store.stats()
    report.articles, report.events = stats.articles, stats.events
    report.entities, report.discrepancies = stats.entities, stats.discrepancies


def print_failures(failures: Iterable[RunFailure], stream: Any = None) -> None:
    """Each failure as ``source: reason`` on stderr."""
    out = stream or sys.stderr
    for failure in failures:
        print(f"{failure.source}: {failure.reason}", file=out)
