"""`rasid bench serve`: concurrent readers against `rasid serve` while articles are being ingested.

1. A fresh database is seeded with ``rasid run`` over the first ``--seed-articles`` distinct
   articles of a JSON Lines corpus (default: the shared news corpus).
2. ``rasid serve`` starts on 127.0.0.1 (a free port) with a random write token.
3. For ``--seconds``: ``--readers`` concurrent readers (httpx, asyncio) fetch ``/api/events``,
   ``/api/events/{id}``, ``/api/search``, ``/api/articles`` and the web pages; meanwhile a writer
   POSTs the next ``--ingest-articles`` articles to ``/api/ingest`` one by one, and a separate
   ``rasid ingest`` process writes ``--cli-ingest-articles`` more into the same database file.
4. The report: requests, errors (5xx, transport errors, "database is locked" anywhere, including
   the server's log), latency p50/p95/p99 per kind, and what the writers did.

Loopback only; every loop is bounded in count and time. Exit code 0 when there was no error.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import math
import random
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rasid.engine.bench import DEFAULT_CORPUS, contract_row, distinct_rows, read_corpus_rows
from rasid.errors import UsageError

LOCKED = "database is locked"
READY_TIMEOUT = 60.0
REQUEST_TIMEOUT = 30.0
MAX_REQUESTS = 200_000
# Reader request kinds and their weights: the API is read more than the pages.
READ_MIX = (("events", 4), ("event", 3), ("search", 3), ("articles", 1), ("page_events", 1),
            ("page_event", 1), ("page_search", 1), ("page_timeline", 1))


@dataclass(slots=True)
class LoadOptions:
    readers: int = 50
    seconds: float = 20.0
    corpus: str = DEFAULT_CORPUS
    seed_articles: int = 300
    ingest_articles: int = 200
    cli_ingest_articles: int = 200
    max_requests: int = MAX_REQUESTS


@dataclass(slots=True)
class Sample:
    kind: str
    seconds: float
    status: int
    error: str | None = None


@dataclass(slots=True)
class Targets:
    """What readers ask for: ids and words found in the seeded database."""

    event_ids: list[str]
    words: list[str]


@dataclass(slots=True)
class KindStats:
    requests: int
    errors: int
    p50_ms: float
    p95_ms: float
    p99_ms: float


@dataclass(slots=True)
class LoadResult:
    readers: int
    seconds: float
    seed_articles: int
    seed_events: int
    requests: int
    errors: int
    locked: int
    stale_ids: int
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    by_kind: dict[str, KindStats] = field(default_factory=dict)
    error_examples: list[str] = field(default_factory=list)
    ingest_posts: int = 0
    ingest_errors: int = 0
    ingest_p50_ms: float = 0.0
    cli_ingest_exit: int | None = None
    cli_ingest_summary: str = ""

    def summary(self) -> str:
        lines = [
            f"serve: {self.readers} readers for {self.seconds:.0f} s over {self.seed_articles} seeded articles "
            f"({self.seed_events} events): {self.requests} requests ({self.requests_per_second:.0f}/s), "
            f"errors {self.errors}, database is locked {self.locked}, stale ids {self.stale_ids}; "
            f"latency p50 {self.p50_ms:.0f} ms, p95 {self.p95_ms:.0f} ms, p99 {self.p99_ms:.0f} ms",
            f"writers: {self.ingest_posts} POST /api/ingest (errors {self.ingest_errors}, p50 "
            f"{self.ingest_p50_ms:.0f} ms); rasid ingest process exit {self.cli_ingest_exit}: {self.cli_ingest_summary}",
        ]
        for kind, stats in sorted(self.by_kind.items()):
            lines.append(f"  {kind:14} {stats.requests:6d} requests, {stats.errors} errors, p50 {stats.p50_ms:.0f} "
                         f"ms, p95 {stats.p95_ms:.0f} ms, p99 {stats.p99_ms:.0f} ms")
        lines += [f"  error: {example}" for example in self.error_examples]
        return "\n".join(lines)


# -- statistics --------------------------------------------------------------------------------
def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile of ``values`` (0 when empty)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(share * len(ordered) - 1e-9)))
    return ordered[rank - 1]


def kind_stats(samples: list[Sample]) -> KindStats:
    millis = [s.seconds * 1000 for s in samples]
    return KindStats(len(samples), sum(1 for s in samples if s.error), round(percentile(millis, 0.50), 1),
                     round(percentile(millis, 0.95), 1), round(percentile(millis, 0.99), 1))


# -- the corpus and the seeded database ----------------------------------------------------------
def corpus_batches(corpus: Path, sizes: list[int]) -> list[list[dict[str, Any]]]:
    """Consecutive batches of distinct CONTRACT rows of ``corpus`` with the given sizes."""
    rows, _ = distinct_rows(read_corpus_rows(corpus), sum(sizes))
    rows = [contract_row(r) for r in rows]
    batches, start = [], 0
    for size in sizes:
        batches.append(rows[start:start + size])
        start += size
    if not batches[0]:
        raise UsageError("the benchmark corpus has no articles: give --corpus FILE.jsonl", source=str(corpus))
    return batches


def write_rows(rows: list[dict[str, Any]], path: Path) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def rasid_command(*argv: str) -> list[str]:
    return [sys.executable, "-m", "rasid", *argv]


def seed_database(rows_file: Path, db: Path) -> None:
    done = subprocess.run(rasid_command("run", str(rows_file), "--db", str(db)), capture_output=True, text=True,
                          timeout=3600)
    if done.returncode not in (0, 3) or not db.exists():
        raise UsageError(f"seeding the benchmark database failed: {done.stderr.strip()[-300:]}")


# -- the server ------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(db: Path, port: int, token: str, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as handle:
        return subprocess.Popen(rasid_command("serve", "--db", str(db), "--port", str(port), "--token", token),
                                stdout=handle, stderr=subprocess.STDOUT)


def wait_until_ready(base: str, process: subprocess.Popen[bytes]) -> None:
    import httpx

    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise UsageError(f"rasid serve exited with code {process.returncode}: see its log")
        try:
            if httpx.get(base + "/api/events?limit=1", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise UsageError(f"rasid serve did not answer within {READY_TIMEOUT:.0f} s")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=20)


def discover_targets(base: str) -> Targets:
    """Event ids and title words of the seeded database (what the readers will ask for)."""
    import httpx

    with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT) as client:
        events = client.get("/api/events", params={"limit": 500}).json()["items"]
        articles = client.get("/api/articles", params={"limit": 200}).json()["items"]
    words = sorted({w for a in articles for w in (a.get("title") or "").split() if len(w) > 3 and w.isalpha()})
    return Targets([e["id"] for e in events] or ["ev-none"], words[:200] or ["خبر"])


# -- readers ---------------------------------------------------------------------------------------
def request_for(kind: str, targets: Targets, rnd: random.Random) -> tuple[str, dict[str, Any]]:
    """The path and query parameters of one reader request of ``kind``."""
    event_id, word = rnd.choice(targets.event_ids), rnd.choice(targets.words)
    return {
        "events": ("/api/events", {"limit": 20, "offset": rnd.randrange(0, max(1, len(targets.event_ids)))}),
        "event": (f"/api/events/{event_id}", {}),
        "search": ("/api/search", {"q": word}),
        "articles": ("/api/articles", {"limit": 20}),
        "page_events": ("/", {}),
        "page_event": (f"/events/{event_id}", {}),
        "page_search": ("/search", {"q": word}),
        "page_timeline": ("/timeline", {}),
    }[kind]


def classify(kind: str, status: int, body: str) -> str | None:
    """The error of a reader response, or None when it is a good answer."""
    if LOCKED in body:
        return f"{kind}: {LOCKED}"
    if status >= 500:
        return f"{kind}: HTTP {status} {body[:120]!r}"
    if status not in (200, 404):
        return f"{kind}: HTTP {status}"
    return None


async def one_reader(client: Any, number: int, targets: Targets, deadline: float, budget: int,
                     samples: list[Sample]) -> None:
    rnd = random.Random(number)
    kinds, weights = zip(*READ_MIX)
    for _ in range(budget):
        if time.monotonic() >= deadline:
            return
        kind = rnd.choices(kinds, weights)[0]
        path, params = request_for(kind, targets, rnd)
        started = time.perf_counter()
        try:
            response = await client.get(path, params=params)
            status, error = response.status_code, classify(kind, response.status_code, response.text)
        except Exception as exc:  # every transport failure is a counted error of the benchmark
            status, error = 0, f"{kind}: {type(exc).__name__}: {exc}"
        samples.append(Sample(kind, time.perf_counter() - started, status, error))


async def run_readers(base: str, targets: Targets, readers: int, seconds: float, max_requests: int) -> list[Sample]:
    import httpx

    samples: list[Sample] = []
    deadline = time.monotonic() + seconds
    budget = max(1, max_requests // readers)
    limits = httpx.Limits(max_connections=readers, max_keepalive_connections=readers)
    async with httpx.AsyncClient(base_url=base, timeout=REQUEST_TIMEOUT, limits=limits) as client:
        await asyncio.gather(*(one_reader(client, n, targets, deadline, budget, samples) for n in range(readers)))
    return samples


# -- writers ---------------------------------------------------------------------------------------
def post_articles(base: str, token: str, rows: list[dict[str, Any]], stop: threading.Event,
                  samples: list[Sample]) -> None:
    """POST each row to /api/ingest, one at a time, until the rows run out or ``stop`` is set."""
    import httpx

    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT * 4) as client:
        for row in rows:
            if stop.is_set():
                return
            body = {k: row[k] for k in ("text", "published", "outlet", "title", "url") if row.get(k)}
            started = time.perf_counter()
            try:
                response = client.post("/api/ingest", json=body, headers=headers)
                error = None if response.status_code in (200, 201, 202, 422) else f"ingest: HTTP {response.status_code} {response.text[:120]!r}"
                status = response.status_code
            except Exception as exc:  # counted as a writer error in the report
                status, error = 0, f"ingest: {type(exc).__name__}: {exc}"
            samples.append(Sample("ingest", time.perf_counter() - started, status, error))


def start_cli_ingest(rows_file: Path, db: Path, log: Path) -> subprocess.Popen[bytes] | None:
    if not rows_file.stat().st_size:
        return None
    with log.open("wb") as handle:
        return subprocess.Popen(rasid_command("ingest", str(rows_file), "--db", str(db)), stdout=handle,
                                stderr=subprocess.STDOUT)


def finish_cli_ingest(process: subprocess.Popen[bytes] | None, log: Path, timeout: float) -> tuple[int | None, str]:
    if process is None:
        return None, "not run"
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=20)
        return None, "killed: did not finish in time"
    lines = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    return process.returncode, (lines[0] if lines else "")


# -- the benchmark -----------------------------------------------------------------------------------
def bench_serve(options: LoadOptions) -> LoadResult:
    corpus = Path(options.corpus)
    seed_rows, post_rows, cli_rows = corpus_batches(
        corpus, [options.seed_articles, options.ingest_articles, options.cli_ingest_articles])
    with tempfile.TemporaryDirectory(prefix="rasid-loadbench-") as tmp:
        folder = Path(tmp)
        db = folder / "bench.db"
        seed_database(write_rows(seed_rows, folder / "seed.jsonl"), db)
        token, port = secrets.token_urlsafe(16), free_port()
        server = start_server(db, port, token, folder / "server.log")
        try:
            return _measure(options, folder, db, f"http://127.0.0.1:{port}", token, server, post_rows, cli_rows,
                            len(seed_rows))
        finally:
            stop_server(server)


def _measure(options: LoadOptions, folder: Path, db: Path, base: str, token: str,
             server: subprocess.Popen[bytes], post_rows: list[dict[str, Any]], cli_rows: list[dict[str, Any]],
             seeded: int) -> LoadResult:
    wait_until_ready(base, server)
    targets = discover_targets(base)
    writes: list[Sample] = []
    stop = threading.Event()
    writer = threading.Thread(target=post_articles, args=(base, token, post_rows, stop, writes), daemon=True)
    cli = start_cli_ingest(write_rows(cli_rows, folder / "cli.jsonl"), db, folder / "cli.log")
    writer.start()
    started = time.monotonic()
    reads = asyncio.run(run_readers(base, targets, options.readers, options.seconds, options.max_requests))
    elapsed = time.monotonic() - started
    stop.set()
    writer.join(timeout=REQUEST_TIMEOUT * 4)
    cli_exit, cli_summary = finish_cli_ingest(cli, folder / "cli.log", timeout=max(60.0, options.seconds * 6))
    server_log = (folder / "server.log").read_text(encoding="utf-8", errors="replace")
    return build_result(options, reads, writes, elapsed, seeded, len(targets.event_ids), server_log,
                        cli_exit, cli_summary + _locked_note(folder / "cli.log"))


def _locked_note(log: Path) -> str:
    return f" ({LOCKED}!)" if log.exists() and LOCKED in log.read_text(encoding="utf-8", errors="replace") else ""


def build_result(options: LoadOptions, reads: list[Sample], writes: list[Sample], elapsed: float, seeded: int,
                 events: int, server_log: str, cli_exit: int | None, cli_summary: str) -> LoadResult:
    errors = [s.error for s in reads if s.error]
    server_locked = server_log.count(LOCKED)
    locked = sum(1 for e in errors + [s.error for s in writes if s.error] if LOCKED in (e or "")) + server_locked
    overall = kind_stats(reads)
    by_kind = {kind: kind_stats([s for s in reads if s.kind == kind]) for kind in sorted({s.kind for s in reads})}
    examples = sorted(set(errors + [s.error for s in writes if s.error]))[:5]
    if server_locked or "Traceback" in server_log:
        examples.append("server log: " + server_log.strip().splitlines()[-1][:200])
    return LoadResult(
        readers=options.readers, seconds=round(elapsed, 1), seed_articles=seeded, seed_events=events,
        requests=len(reads), errors=len(errors), locked=locked,
        stale_ids=sum(1 for s in reads if s.status == 404), requests_per_second=round(len(reads) / elapsed, 1),
        p50_ms=overall.p50_ms, p95_ms=overall.p95_ms, p99_ms=overall.p99_ms, by_kind=by_kind,
        error_examples=examples, ingest_posts=len(writes), ingest_errors=sum(1 for s in writes if s.error),
        ingest_p50_ms=round(percentile([s.seconds * 1000 for s in writes], 0.5), 1),
        cli_ingest_exit=cli_exit, cli_ingest_summary=cli_summary)


def failed(result: LoadResult) -> bool:
    """True when the run saw any reader or writer error, a locked database, or a failed CLI ingest."""
    return bool(result.errors or result.ingest_errors or result.locked or result.cli_ingest_exit not in (0, 3, None))


# -- the command -----------------------------------------------------------------------------------
def register_bench(sub: argparse._SubParsersAction) -> None:
    """Adds `rasid bench serve`."""
    p = sub.add_parser("serve", help="concurrent readers against rasid serve while articles are ingested",
                       description="Seed a database, start rasid serve on 127.0.0.1, ingest in parallel (POST and "
                                   "a rasid ingest process) and fire concurrent readers; report errors and latency.",
                       epilog="examples:\n  rasid bench serve\n  rasid bench serve --readers 50 --seconds 20\n"
                              "  rasid bench serve --readers 10 --seconds 5 --corpus rows.jsonl --seed-articles 50",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--readers", type=int, default=50, help="concurrent readers (default 50)")
    p.add_argument("--seconds", type=float, default=20.0, help="how long the readers run (default 20)")
    p.add_argument("--corpus", default=DEFAULT_CORPUS, metavar="FILE", help=f"JSON Lines corpus (default: {DEFAULT_CORPUS})")
    p.add_argument("--seed-articles", type=int, default=300, metavar="N", help="articles read into the database first")
    p.add_argument("--ingest-articles", type=int, default=200, metavar="N", help="articles POSTed during the run")
    p.add_argument("--cli-ingest-articles", type=int, default=200, metavar="N",
                   help="articles a parallel 'rasid ingest' process writes during the run")
    p.add_argument("--max-requests", type=int, default=MAX_REQUESTS, metavar="N", help="cap on reader requests")
    p.add_argument("--json", default=None, metavar="OUT", help="also write the result as JSON to OUT")
    p.set_defaults(func=run_bench_serve)


def run_bench_serve(args: argparse.Namespace) -> int:
    if args.readers < 1 or args.seconds <= 0 or args.seed_articles < 1:
        raise UsageError("--readers, --seconds and --seed-articles must be positive")
    if not Path(args.corpus).is_file():
        raise UsageError("benchmark corpus not found: give --corpus FILE", source=args.corpus)
    options = LoadOptions(args.readers, args.seconds, args.corpus, args.seed_articles, args.ingest_articles,
                          args.cli_ingest_articles, args.max_requests)
    result = bench_serve(options)
    print(result.summary())
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(asdict(result), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 1 if failed(result) else 0
