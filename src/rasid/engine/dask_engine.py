"""The Dask engine: clean + read every article on Dask workers, store on the driver, then resolve.

The driver streams the input (``rasid.ingest.iter_articles``) and keeps at most ``window`` chunks
of articles in flight; each chunk travels as plain texts and metadata dicts (not Documents) and
comes back as the cleaned fields plus the reading dict. Results are stored in input order, each
article with its reading all-or-nothing and each chunk in one commit (``Store.batch``), so the
database (and the export) is the same as the local engine's whatever the scheduling, and a run
killed at any point leaves whole articles only (it loses at most the chunk being stored).
Re-running skips every article already stored with a reading (nothing is processed twice, none is
lost); articles stored without a reading (``rasid ingest``, failed reads) are read in a second pass.
Workers build the pipeline once per process (``rasid.pipeline.default_pipeline`` is a module cache).
"""
from __future__ import annotations

import logging
import os
import resource
import sys
from collections import deque
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Sequence

from rasid.doc import ArticleMeta, Document, Removal
from rasid.engine.local import (FATAL_READ_ERRORS, ArticleSource, LazyNearDuplicateIndex, ProgressSink,
                                Resolver, RunFailure, RunReport, _fill_totals, _progress_factory,
                                default_articles, default_resolver, in_parts, ingest_into, resolve_store)
from rasid.errors import UsageError
from rasid.store.base import Store, StoredArticle
from rasid.store.records import article_id_for, article_row, content_hash_for

WINDOW_PER_WORKER = 3          # chunks in flight per worker: enough to keep every worker busy
DEFAULT_CHUNK = 16             # articles per task: 4 -> 16 cut the driver CPU of a 3k run 10.3 -> 9.2 s (BENCHMARKS Dask)
SCHEDULER_TIMEOUT_S = 20
STORED_META_FIELDS = ("external_id", "source", "url", "outlet", "published", "published_basis", "title",
                      "author", "genre", "content_hash", "near_duplicate_of")


@dataclass(frozen=True, slots=True)
class ArticleTask:
    """One article as sent to a worker: its raw text and metadata, no Document."""

    article_id: str
    raw: str
    meta: dict[str, Any]
    cleaned: bool = False          # True: already stored cleaned; only read it


@dataclass(slots=True)
class ArticleOutcome:
    """What a worker returns for one article: the cleaned fields and the reading (or why not)."""

    article_id: str
    text: str = ""
    removed: list[dict[str, Any]] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    reading: dict[str, Any] | None = None
    clean_error: str | None = None
    read_error: str | None = None
    tokens: int = 0


# -- worker side --------------------------------------------------------------------------------
def worker_pipeline() -> Any:
    """The full pipeline of this worker process, its data loaded on first use and kept (one per process)."""
    from rasid.engine.local import default_reader

    return default_reader.pipeline()


def warm_up_worker() -> int:
    """Build the pipeline and load its data now (so timing excludes it); returns the process id."""
    worker_pipeline()
    return os.getpid()


def process_chunk(tasks: list[ArticleTask]) -> list[ArticleOutcome]:
    """Clean and read every task of a chunk (the unit of work sent to a Dask worker), exactly as
    the local engine does; the chunk's documents are read together (shared tagging batches)."""
    outcomes = [ArticleOutcome(task.article_id, meta=dict(task.meta)) for task in tasks]
    readable: list[tuple[ArticleOutcome, Document]] = []
    for task, outcome in zip(tasks, outcomes):
        doc = _cleaned_document(task, outcome)
        if doc is not None:
            readable.append((outcome, doc))
    _read_all(readable)
    return outcomes


def process_article(task: ArticleTask) -> ArticleOutcome:
    """Clean (unless stored cleaned) and read one article."""
    return process_chunk([task])[0]


def _cleaned_document(task: ArticleTask, outcome: ArticleOutcome) -> Document | None:
    """The document to read: cleaned now into ``outcome`` (None when cleaning failed, with
    ``outcome.clean_error`` set), or over the stored raw text of an article cleaned at ingest."""
    if task.cleaned:
        return Document.from_text(task.raw, ArticleMeta(id=outcome.article_id, **outcome.meta))
    try:
        doc = _clean_into(outcome, task)
    except FATAL_READ_ERRORS:
        raise
    except Exception as exc:  # reported per article; the run goes on
        outcome.clean_error = f"cleaning failed ({type(exc).__name__}: {exc}); the article was not stored"
        return None
    doc.meta = ArticleMeta(id=outcome.article_id, **outcome.meta)
    return doc


def _read_all(readable: list[tuple[ArticleOutcome, Document]]) -> None:
    """Read the documents with the local engine's reader; each outcome gets its reading or error."""
    from rasid.engine.local import default_reader, read_batch

    results = read_batch(default_reader, [doc for _, doc in readable])
    for (outcome, doc), result in zip(readable, results):
        if isinstance(result, Exception):
            outcome.read_error = f"reading failed ({type(result).__name__}: {result}); the article stays unread"
        else:
            outcome.reading, outcome.tokens = result, len(doc.tokens)


def _clean_into(outcome: ArticleOutcome, task: ArticleTask) -> Document:
    """Clean the task's text into ``outcome`` (what the driver stores); the cleaned document."""
    from rasid.engine.local import default_clean

    doc = Document.from_text(task.raw, _meta_of({**task.meta, "id": task.article_id}))
    default_clean(doc)
    row = article_row(doc)                 # the values the store keeps (e.g. source falls back to url)
    outcome.text = doc.text
    outcome.removed = [{"start": r.start, "end": r.end, "kind": r.kind} for r in doc.removed]
    outcome.meta = {name: getattr(row, name) for name in STORED_META_FIELDS}
    return doc


def _meta_of(values: dict[str, Any]) -> ArticleMeta:
    return ArticleMeta(**{k: v for k, v in values.items() if k in _ARTICLE_META_FIELDS})


_ARTICLE_META_FIELDS = frozenset(ArticleMeta.__slots__)


def process_cpu_seconds() -> float:
    """User + system CPU seconds used so far by this process (run on workers by the benchmarks)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_rss_mb() -> float:
    """Peak resident set size of this process in MB (run on workers by the benchmarks)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


# -- the cluster ----------------------------------------------------------------------------------
@contextmanager
def dask_client(scheduler: str | None = None, workers: int | None = None) -> Iterator[Any]:
    """A client of the scheduler at ``scheduler``, else of a new LocalCluster of ``workers`` processes."""
    import dask
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout=SCHEDULER_TIMEOUT_S)
        except (OSError, TimeoutError) as exc:
            raise UsageError(f"cannot reach the Dask scheduler ({exc}): start it or drop --scheduler",
                             source=scheduler) from exc
        with client:
            yield client
        return
    count = workers or os.cpu_count() or 1
    if count < 1:
        raise UsageError(f"--workers must be at least 1, not {count}")
    with dask.config.set(WORKER_ENVIRON), \
            LocalCluster(n_workers=count, threads_per_worker=1, processes=True, dashboard_address=":0",
                         silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client


# Dask's nanny starts workers with MALLOC_TRIM_THRESHOLD_=65536. Setting it also switches off
# glibc's adaptive mmap threshold, so every NumPy temporary above 128 KB (the tagger's batches) is
# mapped and unmapped again: 770,000 page faults and 2.4 s of system time per 600 articles, where
# the same reading in the driver process takes 57,000 and 0.5 s. Local workers start without it.
WORKER_ENVIRON = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}


def worker_count(client: Any) -> int:
    return max(1, len(client.scheduler_info().get("workers", {})))


# -- the driver -----------------------------------------------------------------------------------
OutcomeHandler = Callable[[ArticleTask, ArticleOutcome], None]


def run_corpus(paths: Sequence[str], store: Store, *, workers: int | None = None, scheduler: str | None = None,
               read: bool = True, resolve: bool = True, allow_private: bool = False,
               progress: bool | Callable[..., ProgressSink] = True, near_duplicates: bool = True,
               articles: ArticleSource | None = None, resolver: Resolver | None = None,
               chunk: int = DEFAULT_CHUNK, window: int | None = None, client: Any = None) -> RunReport:
    """Ingest, clean and read ``paths`` on Dask workers into ``store``; then resolve the corpus.

    ``client`` reuses a connected Dask client (else one is made from ``scheduler``/``workers``).
    With ``read=False`` nothing needs workers: the local engine ingests.
    """
    report = RunReport()
    bars = _progress_factory(progress)
    items = (articles or default_articles)(paths, allow_private=allow_private)
    if not read:
        ingest_into(store, items, report, bar=bars(None, "ingest"), near_duplicates=near_duplicates)
        _fill_totals(store, report)
        return report
    with _client_of(client, scheduler, workers) as active:
        size = window or WINDOW_PER_WORKER * worker_count(active)
        driver = Driver(store, report, LazyNearDuplicateIndex(store) if near_duplicates else None)
        bar = bars(None, "run")
        try:
            stream(active, driver.new_tasks(items), driver.store_new, size, chunk, bar, scope=store.batch)
            stream(active, driver.unread_tasks(), driver.store_reading, size, chunk, bar, scope=store.batch)
        finally:
            bar.close()
    if resolve:
        resolve_store(store, report, resolver=resolver or default_resolver)
    _fill_totals(store, report)
    return report


@contextmanager
def _client_of(client: Any, scheduler: str | None, workers: int | None) -> Iterator[Any]:
    if client is not None:
        yield client
        return
    with dask_client(scheduler, workers) as made:
        yield made


def stream(client: Any, tasks: Iterable[ArticleTask], handle: OutcomeHandler, window: int, chunk: int,
           bar: ProgressSink, work: Callable[[list[ArticleTask]], list[Any]] = process_chunk,
           scope: Callable[[], AbstractContextManager[Any]] = nullcontext) -> None:
    """Send ``tasks`` in chunks with at most ``window`` chunks in flight; handle results in input order.

    ``work`` is the worker function applied to each chunk (a module-level function, so that
    workers import it instead of unpickling code). The results of one chunk are handled inside
    one ``scope()`` (the driver passes ``Store.batch``: one commit per chunk, not per article).
    """
    from distributed import KilledWorker

    pending: deque[tuple[list[ArticleTask], Any]] = deque()
    for part in chunks(tasks, chunk):
        pending.append((part, client.submit(work, part, pure=False)))
        if len(pending) >= window:
            _finish(pending.popleft(), handle, bar, KilledWorker, scope)
    while pending:
        _finish(pending.popleft(), handle, bar, KilledWorker, scope)


def _finish(item: tuple[list[ArticleTask], Any], handle: OutcomeHandler, bar: ProgressSink,
            killed: type[BaseException], scope: Callable[[], AbstractContextManager[Any]] = nullcontext) -> None:
    part, future = item
    try:
        outcomes = future.result()
    except killed as exc:          # the chunk killed its workers (e.g. out of memory): fail its articles
        reason = f"a Dask worker died on this article ({exc}); re-run to retry"
        outcomes = [ArticleOutcome(t.article_id, meta=dict(t.meta), **_failure_field(t, reason)) for t in part]
    finally:
        future.release()
    with scope():
        for task, outcome in zip(part, outcomes):
            handle(task, outcome)
    bar.advance(len(part))


def _failure_field(task: ArticleTask, reason: str) -> dict[str, str]:
    return {"read_error": reason} if task.cleaned else {"clean_error": reason}


def chunks(tasks: Iterable[ArticleTask], size: int) -> Iterator[list[ArticleTask]]:
    """Consecutive lists of ``size`` tasks (the last may be shorter)."""
    return in_parts(tasks, size)


class Driver:
    """The driver's side of a run: which articles to send, and storing what comes back."""

    def __init__(self, store: Store, report: RunReport, index: LazyNearDuplicateIndex | None) -> None:
        self.store, self.report, self.index = store, report, index
        self.failed_reading: set[str] = set()     # read this run and failed: not retried in the same run

    def new_tasks(self, items: Iterable[Any]) -> Iterator[ArticleTask]:
        """A task per input article not stored yet; failures and stored articles are accounted for."""
        for item in items:
            if not hasattr(item, "raw"):
                self.store.record_failure(item.source, item.reason)
                self.report.failed.append(RunFailure(item.source, item.reason))
                continue
            task = new_task(item.raw, item.meta)
            if self.store.has_article(task.article_id):
                self.report.skipped_duplicates += 1
                continue
            yield task

    def unread_tasks(self) -> Iterator[ArticleTask]:
        """A task per stored article without a reading (except those that failed in this run)."""
        for stored in self.store.unread_articles():
            if stored.id not in self.failed_reading:
                yield stored_task(stored)

    def store_new(self, task: ArticleTask, outcome: ArticleOutcome) -> None:
        """Store a new article with its reading in one transaction (or record why not)."""
        source = task.meta.get("source") or task.meta.get("url") or task.article_id
        if outcome.clean_error:
            self.report.failed.append(RunFailure(source, outcome.clean_error))
            return
        doc = document_from(task, outcome)
        if self.index is not None and not self.store.has_article(task.article_id):
            doc.meta.near_duplicate_of = self.index.add(task.article_id, doc.text)
        result = self.store.add_article(doc, outcome.reading)
        if not result.created:
            self.report.skipped_duplicates += 1
            return
        self.report.added += 1
        self.report.near_duplicates += result.near_duplicate_of is not None
        self._account_reading(source, task.article_id, outcome)

    def store_reading(self, task: ArticleTask, outcome: ArticleOutcome) -> None:
        """Store the reading of an article that was stored unread."""
        if outcome.reading is not None:
            self.store.set_reading(task.article_id, outcome.reading)
        self._account_reading(task.meta.get("source") or task.article_id, task.article_id, outcome)

    def _account_reading(self, source: str, article_id: str, outcome: ArticleOutcome) -> None:
        if outcome.reading is not None:
            self.report.read += 1
            return
        self.failed_reading.add(article_id)
        self.report.read_failed.append(RunFailure(source, outcome.read_error or "no reading returned"))


def new_task(raw: str, meta: ArticleMeta) -> ArticleTask:
    """The task of a freshly read input article (its id from its content hash, as the store gives it)."""
    doc = Document.from_text(raw, meta)
    content_hash = content_hash_for(doc)
    values = {k: getattr(meta, k) for k in _ARTICLE_META_FIELDS if k != "id"}
    values["content_hash"] = content_hash
    return ArticleTask(article_id_for(content_hash), raw, values)


def stored_task(stored: StoredArticle) -> ArticleTask:
    return ArticleTask(stored.id, stored.raw, dict(stored.meta), cleaned=True)


def document_from(task: ArticleTask, outcome: ArticleOutcome) -> Document:
    """The cleaned Document rebuilt from a worker's outcome (what ``Store.add_article`` needs)."""
    meta = _meta_of({**outcome.meta, "id": task.article_id})
    removed = [Removal(r["start"], r["end"], r["kind"]) for r in outcome.removed]
    return Document(raw=task.raw, meta=meta, text=outcome.text, removed=removed)
