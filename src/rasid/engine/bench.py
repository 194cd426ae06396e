"""`rasid bench ingest`: throughput of ingest + clean + store on a real news corpus, one core.

The corpus (JSON Lines, gzip allowed, rows with ``id, text, title, url, source, time``) is read,
exact duplicate texts are removed and the rows are written as CONTRACT JSON Lines to a temporary
file BEFORE timing; then the local engine ingests that file into a fresh temporary SQLite
database (no reading, no resolution) and the wall time and peak RSS are reported.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import resource
import sqlite3
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, Iterator

from rasid.errors import UsageError

DEFAULT_CORPUS = "../shared/data/news/ant_v2_multisource.jsonl.gz"
DEFAULT_LIMIT = 5000


@dataclass(slots=True)
class IngestBenchResult:
    corpus: str
    cleaned: bool
    articles: int
    duplicates_removed: int
    added: int
    failed: int
    seconds: float
    clean_seconds: float
    articles_per_second: float
    peak_rss_mb: float
    cpus: int
    python: str
    sqlite: str

    def summary(self) -> str:
        label = "ingest" if self.cleaned else "ingest without cleaning"
        return (f"{label}: {self.articles} articles in {self.seconds:.1f} s = {self.articles_per_second:.0f} "
                f"articles/s on {self.cpus} core(s) (clean {self.clean_seconds:.1f} s, read + hash + "
                f"near-duplicates + store {self.seconds - self.clean_seconds:.1f} s); "
                f"added {self.added}, failed {self.failed}; "
                f"peak RSS {self.peak_rss_mb:.0f} MB ({self.duplicates_removed} exact duplicates removed before timing)")


def read_corpus_rows(path: Path) -> Iterator[dict[str, Any]]:
    """The JSON objects of a (possibly gzipped) JSON Lines file."""
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    yield json.loads(line)
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot read the benchmark corpus ({exc}): give --corpus FILE.jsonl[.gz]",
                         source=str(path)) from exc


def distinct_rows(rows: Iterator[dict[str, Any]], limit: int | None) -> tuple[list[dict[str, Any]], int]:
    """Rows with an exact text not seen before (at most ``limit``), and how many were dropped."""
    seen: set[str] = set()
    kept: list[dict[str, Any]] = []
    dropped = 0
    for row in rows:
        text = row.get("text") or ""
        if text in seen:
            dropped += 1
            continue
        seen.add(text)
        kept.append(row)
        if limit is not None and len(kept) >= limit:
            break
    return kept, dropped


def contract_row(row: dict[str, Any]) -> dict[str, Any]:
    """A corpus row as a CONTRACT section 1 input row."""
    return {"id": row.get("id"), "text": row.get("text") or "", "title": row.get("title"),
            "url": row.get("url"), "outlet": row.get("source"), "published": iso_time(row.get("time"))}


def iso_time(value: str | None) -> str | None:
    """An RFC 822 time ("Sun, 18 Feb 2018 21:35:43 +0400") as ISO 8601, else the value as given."""
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError):
        return value


def pin_to_one_core() -> int:
    """Restrict this process to one CPU (where the OS allows it); the number of CPUs now usable."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def peak_rss_mb() -> float:
    """Peak resident set size of this process in MB (ru_maxrss is KB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def bench_ingest(corpus: Path, limit: int | None = DEFAULT_LIMIT, *, progress: bool = False,
                 skip_clean: bool = False) -> IngestBenchResult:
    """Time ingest + clean + store of ``corpus`` (exact duplicates removed first) on one core.

    ``skip_clean`` stores the raw text uncleaned, to attribute time between cleaning and the rest.
    """
    from rasid.engine.local import default_clean, run_corpus
    from rasid.store import open_store

    clean_time = [0.0]

    def timed_clean(doc: Any) -> None:
        if skip_clean:
            return
        started = time.perf_counter()
        default_clean(doc)
        clean_time[0] += time.perf_counter() - started

    rows, dropped = distinct_rows(read_corpus_rows(corpus), limit)
    cpus = pin_to_one_core()
    with tempfile.TemporaryDirectory(prefix="rasid-bench-") as tmp:
        inputs = Path(tmp) / "articles.jsonl"
        inputs.write_text("".join(json.dumps(contract_row(r), ensure_ascii=False) + "\n" for r in rows),
                          encoding="utf-8")
        with open_store(str(Path(tmp) / "bench.db")) as store:
            start = time.perf_counter()
            report = run_corpus([str(inputs)], store, read=False, resolve=False, progress=progress,
                                clean=timed_clean)
            seconds = time.perf_counter() - start
    return IngestBenchResult(
        corpus=str(corpus), cleaned=not skip_clean, articles=len(rows), duplicates_removed=dropped, added=report.added,
        failed=len(report.failed), seconds=round(seconds, 2), clean_seconds=round(clean_time[0], 2),
        articles_per_second=round(len(rows) / seconds, 1), peak_rss_mb=round(peak_rss_mb(), 1), cpus=cpus,
        python=platform.python_version(), sqlite=sqlite3.sqlite_version)


def register_bench(sub: argparse._SubParsersAction) -> None:
    """Adds `rasid bench ingest`."""
    p = sub.add_parser("ingest", help="ingest + clean + store throughput on a news corpus (one core)",
                       description="Ingest + clean + store throughput on one core, exact duplicates removed first.",
                       epilog="examples:\n  rasid bench ingest\n  rasid bench ingest --limit 20000 --json var/bench-ingest.json\n"
                              "  rasid bench ingest --corpus ../shared/data/news/ant_v1_jawharafm.jsonl.gz",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", default=DEFAULT_CORPUS, metavar="FILE", help=f"JSON Lines corpus (default: {DEFAULT_CORPUS})")
    p.add_argument("--limit", type=int, default=DEFAULT_LIMIT, metavar="N",
                   help=f"distinct articles to time (default {DEFAULT_LIMIT}; 0 for all)")
    p.add_argument("--json", default=None, metavar="OUT", help="also write the result as JSON to OUT")
    p.add_argument("--skip-clean", action="store_true",
                   help="do not clean (diagnostic: time of reading, hashing, near-duplicates and storing alone)")
    p.set_defaults(func=run_bench_ingest)
    from rasid.engine.benchrun import register_extract_run    # `rasid bench extract` and `rasid bench run`

    register_extract_run(sub)


def run_bench_ingest(args: argparse.Namespace) -> int:
    corpus = Path(args.corpus)
    if not corpus.is_file():
        raise UsageError("benchmark corpus not found: give --corpus FILE", source=str(corpus))
    result = bench_ingest(corpus, args.limit or None, progress=sys.stderr.isatty(), skip_clean=args.skip_clean)
    print(result.summary())
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(asdict(result), indent=2) + "\n", encoding="utf-8")
    return 0
