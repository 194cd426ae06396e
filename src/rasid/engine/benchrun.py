"""`rasid bench extract|run`: throughput and peak memory of reading and of whole runs, 1 core and Dask.

The corpus (the same JSON Lines rows as `rasid bench ingest`) is streamed once into a temporary
CONTRACT JSON Lines file with exact duplicate texts removed, BEFORE timing; no list of articles
is ever held (only hashes of the texts seen), so the peak memory measured is that of the work.

* ``extract``: clean + full pipeline + reading of every article, no store: in this process on one
  core, then on a local Dask cluster of 1..N worker processes (pipelines built before timing).
* ``run``: the whole ``rasid run`` (ingest, clean, store, read, resolve) into a fresh SQLite file,
  with the local engine (``--workers 0``) or the Dask engine with N workers.

Results print as one line each and go to ``--json OUT`` with the commit id, machine and command.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Iterator

from rasid.engine.bench import DEFAULT_CORPUS, contract_row, peak_rss_mb, read_corpus_rows
from rasid.errors import UsageError

DEFAULT_EXTRACT_LIMIT = 3000
DEFAULT_RUN_LIMIT = 1000


@dataclass(frozen=True, slots=True)
class Machine:
    cpus: int
    cpu_model: str
    ram_gb: float
    python: str
    system: str


@dataclass(frozen=True, slots=True)
class PreparedCorpus:
    """The de-duplicated input file written before timing."""

    path: str
    articles: int
    duplicates_removed: int
    words: int


@dataclass(slots=True)
class Measurement:
    """One timed configuration."""

    bench: str                     # extract | run
    engine: str                    # one-core | dask | local
    workers: int
    articles: int
    words: int
    tokens: int
    seconds: float
    articles_per_second: float
    words_per_second: float
    tokens_per_second: float
    driver_peak_rss_mb: float
    worker_peak_rss_mb: list[float] = field(default_factory=list)
    startup_seconds: float = 0.0
    driver_cpu_seconds: float = 0.0          # CPU (user + system) of this process, all its threads
    worker_cpu_seconds: list[float] = field(default_factory=list)   # CPU of each Dask worker, timed part only
    chunk: int = 0                           # articles per Dask task (0: no Dask)
    notes: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> str:
        where = "1 core, in process" if self.engine == "one-core" else f"{self.engine}, {self.workers} worker(s)"
        workers = f", workers {'/'.join(f'{m:.0f}' for m in self.worker_peak_rss_mb)} MB" if self.worker_peak_rss_mb else ""
        tokens = f", {self.tokens_per_second:,.0f} tokens/s" if self.tokens else ""
        cpu = "/".join(f"{c:.1f}" for c in self.worker_cpu_seconds)
        cpu_text = f"; CPU s driver {self.driver_cpu_seconds:.1f}" + (f", workers {cpu}" if cpu else "")
        phases = self.notes.get("peak_rss_mb_by_phase") or {}
        phase_text = ("; peak RSS after " + ", ".join(f"{k} {v:.0f} MB" for k, v in phases.items())) if phases else ""
        stages = self.notes.get("stage_seconds") or {}
        stage_text = ("; stages " + ", ".join(f"{k} {v:.1f} s" for k, v in stages.items())) if stages else ""
        return (f"{self.bench} [{where}]: {self.articles} articles in {self.seconds:.1f} s = "
                f"{self.articles_per_second:.1f} articles/s, {self.words_per_second:,.0f} words/s{tokens}; "
                f"peak RSS driver {self.driver_peak_rss_mb:.0f} MB{workers}{cpu_text}{phase_text}{stage_text}")


# -- environment ----------------------------------------------------------------------------------
def machine_info() -> Machine:
    return Machine(cpus=len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1,
                   cpu_model=_cpu_model(), ram_gb=_ram_gb(), python=platform.python_version(),
                   system=platform.platform())


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram_gb() -> float:
    try:
        return round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024 ** 3, 1)
    except (ValueError, OSError, AttributeError):
        return 0.0


def commit_id() -> str | None:
    """The git commit of the checkout this code runs from (with ``+dirty`` when files changed)."""
    here = Path(__file__).resolve().parent
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=here, capture_output=True,
                              text=True, timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=here,
                               capture_output=True, text=True, timeout=10, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return head + ("+dirty" if dirty else "")


# -- the corpus ---------------------------------------------------------------------------------
def prepare_corpus(corpus: Path, limit: int | None, out: Path) -> PreparedCorpus:
    """Stream distinct rows (by exact text) of ``corpus`` into ``out`` as CONTRACT JSON Lines."""
    seen: set[bytes] = set()
    kept = dropped = words = 0
    with out.open("w", encoding="utf-8") as handle:
        for row in read_corpus_rows(corpus):
            text = row.get("text") or ""
            digest = hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
            if digest in seen:
                dropped += 1
                continue
            seen.add(digest)
            handle.write(json.dumps(bench_row(row), ensure_ascii=False) + "\n")
            kept += 1
            words += len(text.split())
            if limit is not None and kept >= limit:
                break
    return PreparedCorpus(str(out), kept, dropped, words)


def bench_row(row: dict[str, Any]) -> dict[str, Any]:
    """The CONTRACT input row of a corpus row; a time that is no date is dropped (not a failed input)."""
    out = contract_row(row)
    if out["published"] and not _is_iso(out["published"]):
        out["published"] = None
    return out


def _is_iso(value: str) -> bool:
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def prepared_tasks(prepared: PreparedCorpus) -> Iterator[Any]:
    """An ArticleTask per prepared row, streamed from the file."""
    from rasid.engine.dask_engine import ArticleTask

    with open(prepared.path, encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            row = json.loads(line)
            meta = {k: row.get(k) for k in ("title", "url", "outlet", "published", "external_id")}
            meta["external_id"] = row.get("id")
            yield ArticleTask(f"bench-{number}", row["text"], meta)


# -- extract --------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ExtractCount:
    tokens: int
    events: int
    failed: bool = False


def extract_chunk(tasks: list[Any]) -> list[ExtractCount]:
    """Clean + full pipeline + reading of each task (what `rasid extract` does, the chunk's
    sentences tagged in shared batches as the engines do); runs on workers."""
    from rasid.doc import ArticleMeta, Document
    from rasid.engine.dask_engine import worker_pipeline
    from rasid.reading import read_document

    docs = [Document.from_text(task.raw, ArticleMeta(id=task.article_id,
                                                     **{k: v for k, v in task.meta.items() if v is not None}))
            for task in tasks]
    errors = worker_pipeline().complete_many(docs)
    return [ExtractCount(len(doc.tokens), len(read_document(doc).to_dict().get("events") or []))
            if error is None else ExtractCount(0, 0, failed=True) for doc, error in zip(docs, errors)]


def bench_extract_one_core(prepared: PreparedCorpus) -> Measurement:
    from rasid.engine.dask_engine import warm_up_worker

    from rasid.engine.dask_engine import DEFAULT_CHUNK, chunks, worker_pipeline

    warm_up_worker()
    stages = worker_pipeline().stage_seconds
    before = dict(stages)
    started, cpu_started = time.perf_counter(), time.process_time()
    counts = [count for chunk in chunks(prepared_tasks(prepared), DEFAULT_CHUNK) for count in extract_chunk(chunk)]
    seconds = time.perf_counter() - started
    result = _measurement("extract", "one-core", 0, prepared, seconds, counts)
    result.driver_cpu_seconds = round(time.process_time() - cpu_started, 2)
    result.notes["stage_seconds"] = {name: round(stages[name] - before.get(name, 0.0), 2) for name in stages}
    return result


def bench_extract_dask(prepared: PreparedCorpus, workers: int, scheduler: str | None = None,
                       chunk: int | None = None) -> Measurement:
    from rasid.engine.dask_engine import (DEFAULT_CHUNK, WINDOW_PER_WORKER, dask_client, stream, warm_up_worker,
                                          worker_count)

    chunk = chunk or DEFAULT_CHUNK
    counts: list[ExtractCount] = []
    started = time.perf_counter()
    with dask_client(scheduler, workers) as client:
        client.run(warm_up_worker)
        startup = time.perf_counter() - started
        size = WINDOW_PER_WORKER * worker_count(client)
        clock = CpuClock.start(client)
        stream(client, prepared_tasks(prepared), lambda task, count: counts.append(count), size, chunk,
               _Silent(), work=extract_chunk)
        seconds, driver_cpu, worker_cpu = clock.stop(client)
        worker_rss = _worker_peaks(client)
    result = _measurement("extract", "dask", worker_count_of(worker_rss, workers), prepared, seconds, counts)
    result.worker_peak_rss_mb, result.startup_seconds = worker_rss, round(startup, 2)
    result.driver_cpu_seconds, result.worker_cpu_seconds, result.chunk = driver_cpu, worker_cpu, chunk
    return result


@dataclass(slots=True)
class CpuClock:
    """Wall time, this process's CPU time and each Dask worker's CPU time of a timed part."""

    wall: float
    driver_cpu: float
    worker_cpu: dict[str, float]

    @classmethod
    def start(cls, client: Any) -> "CpuClock":
        from rasid.engine.dask_engine import process_cpu_seconds

        return cls(time.perf_counter(), time.process_time(), client.run(process_cpu_seconds))

    def stop(self, client: Any) -> tuple[float, float, list[float]]:
        """(wall seconds, driver CPU seconds, CPU seconds of each worker) since ``start``."""
        from rasid.engine.dask_engine import process_cpu_seconds

        wall, driver = time.perf_counter() - self.wall, time.process_time() - self.driver_cpu
        after = client.run(process_cpu_seconds)
        workers = [round(after[name] - self.worker_cpu.get(name, 0.0), 2) for name in sorted(after)]
        return wall, round(driver, 2), workers


def worker_count_of(worker_rss: list[float], asked: int) -> int:
    return len(worker_rss) or asked


def _worker_peaks(client: Any) -> list[float]:
    from rasid.engine.dask_engine import peak_rss_mb as worker_peak

    return [round(v, 1) for v in client.run(worker_peak).values()]


def _measurement(bench: str, engine: str, workers: int, prepared: PreparedCorpus, seconds: float,
                 counts: list[ExtractCount]) -> Measurement:
    tokens = sum(c.tokens for c in counts)
    return Measurement(
        bench=bench, engine=engine, workers=workers, articles=len(counts), words=prepared.words,
        tokens=tokens, seconds=round(seconds, 2), articles_per_second=round(len(counts) / seconds, 1),
        words_per_second=round(prepared.words / seconds), tokens_per_second=round(tokens / seconds),
        driver_peak_rss_mb=round(peak_rss_mb(), 1),
        notes={"events": sum(c.events for c in counts), "failed": sum(c.failed for c in counts)})


# -- run ----------------------------------------------------------------------------------------
def bench_run(prepared: PreparedCorpus, workers: int, folder: Path, scheduler: str | None = None,
              chunk: int | None = None) -> Measurement:
    """The whole run (ingest, clean, store, read, resolve) into a fresh SQLite file."""
    from rasid.engine.dask_engine import warm_up_worker
    from rasid.store import open_store

    with open_store(str(folder / f"run-{workers}.db")) as store:
        if workers == 0 and scheduler is None:
            warm_up_worker()                # the local engine reads in this process
            return _timed_run(prepared, store, None, "local", 0)
        from rasid.engine.dask_engine import dask_client

        started = time.perf_counter()
        with dask_client(scheduler, workers) as client:
            client.run(warm_up_worker)
            startup = time.perf_counter() - started
            result = _timed_run(prepared, store, client, "dask", workers, chunk)
            result.worker_peak_rss_mb = _worker_peaks(client)
        result.startup_seconds = round(startup, 2)
        return result


def _timed_run(prepared: PreparedCorpus, store: Any, client: Any, engine: str, workers: int,
               chunk: int | None = None) -> Measurement:
    from rasid.engine import dask_engine
    from rasid.engine.local import run_corpus as local_run

    resolve_seconds = [0.0]
    phases = PhasePeaks()

    def timed_resolver(articles: list[dict[str, Any]], readings: list[dict[str, Any]]) -> Any:
        from rasid.engine.local import default_resolver

        phases.mark("before resolution")
        begun = time.perf_counter()
        resolution = default_resolver(articles, readings)
        resolve_seconds[0] += time.perf_counter() - begun
        phases.mark("resolution")
        return resolution

    chunk = chunk or dask_engine.DEFAULT_CHUNK
    started, cpu_started = time.perf_counter(), time.process_time()
    if client is None:
        report = local_run([prepared.path], store, progress=phases.sink, resolver=timed_resolver)
        seconds, driver_cpu, worker_cpu = time.perf_counter() - started, time.process_time() - cpu_started, []
    else:
        clock = CpuClock.start(client)
        report = dask_engine.run_corpus([prepared.path], store, client=client, progress=phases.sink,
                                        resolver=timed_resolver, chunk=chunk)
        seconds, driver_cpu, worker_cpu = clock.stop(client)
    result = _measurement("run", engine, workers, prepared, seconds, [])
    result.driver_cpu_seconds, result.worker_cpu_seconds = round(driver_cpu, 2), worker_cpu
    result.chunk = chunk if client is not None else 0
    result.articles = report.articles
    result.articles_per_second = round(report.articles / seconds, 1)
    result.notes = {"resolve_seconds": round(resolve_seconds[0], 2), "added": report.added, "read": report.read,
                    "events": report.events,
                    "failed": len(report.failed) + len(report.read_failed), "discrepancies": report.discrepancies,
                    "peak_rss_mb_by_phase": phases.peaks}
    return result


class PhasePeaks:
    """Peak RSS (``ru_maxrss``, MB) of this process at the end of each phase of a run.

    The run's progress bars close at the end of ingest and of reading (``sink`` is the run's
    progress factory); the resolver marks the start and end of the resolution. ``ru_maxrss`` only
    grows, so each figure is the peak of the run up to that point.
    """

    def __init__(self) -> None:
        self.peaks: dict[str, float] = {}

    def mark(self, phase: str) -> None:
        self.peaks[phase] = round(peak_rss_mb(), 1)

    def sink(self, total: int | None, label: str) -> "_PhaseSink":
        return _PhaseSink(self, label)


class _PhaseSink:
    def __init__(self, phases: PhasePeaks, label: str) -> None:
        self.phases, self.label = phases, label

    def advance(self, n: int = 1) -> None:
        return None

    def close(self) -> None:
        self.phases.mark(self.label)


class _Silent:
    def advance(self, n: int = 1) -> None:
        return None

    def close(self) -> None:
        return None


# -- command line ---------------------------------------------------------------------------------
def register_extract_run(sub: argparse._SubParsersAction) -> None:
    """Adds `rasid bench extract` and `rasid bench run`."""
    for name, limit, helptext in (
            ("extract", DEFAULT_EXTRACT_LIMIT, "clean + pipeline + reading throughput, 1 core and Dask workers"),
            ("run", DEFAULT_RUN_LIMIT, "whole `rasid run` (ingest, store, read, resolve): time and peak memory")):
        p = sub.add_parser(name, help=helptext, description=helptext + "; exact duplicates removed first.",
                           epilog=f"examples:\n  rasid bench {name} --limit 3000 --workers 2 --json var/bench-{name}.json",
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        p.add_argument("--corpus", default=DEFAULT_CORPUS, metavar="FILE", help=f"JSON Lines corpus (default: {DEFAULT_CORPUS})")
        p.add_argument("--limit", type=int, default=limit, metavar="N",
                       help=f"distinct articles (default {limit}; 0 for all)")
        p.add_argument("--workers", type=int, default=None, metavar="N",
                       help="extract: also on Dask with 1..N workers; run: 0 = local engine, N = Dask engine "
                            "(default: extract 1 core only; run local)")
        p.add_argument("--scheduler", default=None, metavar="ADDRESS", help="use this Dask scheduler instead of a local cluster")
        p.add_argument("--chunk", type=int, default=None, metavar="N",
                       help="articles per Dask task (default: the Dask engine's DEFAULT_CHUNK)")
        p.add_argument("--json", default=None, metavar="OUT", help="also write the results as JSON to OUT")
        p.set_defaults(func=run_bench_extract if name == "extract" else run_bench_run)


def _corpus_of(args: argparse.Namespace) -> Path:
    corpus = Path(args.corpus)
    if not corpus.is_file():
        raise UsageError("benchmark corpus not found: give --corpus FILE", source=str(corpus))
    if args.workers is not None and args.workers < 0:
        raise UsageError("--workers must be 0 or more")
    if args.chunk is not None and args.chunk < 1:
        raise UsageError("--chunk must be at least 1 article per task")
    return corpus


def run_bench_extract(args: argparse.Namespace) -> int:
    corpus = _corpus_of(args)
    with tempfile.TemporaryDirectory(prefix="rasid-bench-") as tmp:
        prepared = prepare_corpus(corpus, args.limit or None, Path(tmp) / "articles.jsonl")
        results = [_report(bench_extract_one_core(prepared))]
        for count in range(1, (args.workers or 0) + 1):
            results.append(_report(bench_extract_dask(prepared, count, args.scheduler, args.chunk)))
    _write_json(args, corpus, prepared, results)
    return 0


def run_bench_run(args: argparse.Namespace) -> int:
    corpus = _corpus_of(args)
    with tempfile.TemporaryDirectory(prefix="rasid-bench-") as tmp:
        prepared = prepare_corpus(corpus, args.limit or None, Path(tmp) / "articles.jsonl")
        results = [_report(bench_run(prepared, args.workers or 0, Path(tmp), args.scheduler, args.chunk))]
    _write_json(args, corpus, prepared, results)
    return 0


def _report(result: Measurement) -> Measurement:
    print(result.summary(), flush=True)
    return result


def _write_json(args: argparse.Namespace, corpus: Path, prepared: PreparedCorpus, results: list[Measurement]) -> None:
    if not args.json:
        return
    record = {"commit": commit_id(), "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
              "machine": asdict(machine_info()), "command": " ".join(["rasid", *sys.argv[1:]]),
              "corpus": str(corpus), "articles": prepared.articles,
              "duplicates_removed": prepared.duplicates_removed, "results": [asdict(r) for r in results]}
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
