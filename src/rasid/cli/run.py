"""`rasid run PATH... --db DB`: ingest, then read and reconcile everything new."""
from __future__ import annotations

import argparse
import sys
from typing import Any

from rasid.cli.common import add_db_argument, command_parser, resolve_db
from rasid.cli.ingest import add_allow_private_argument
from rasid.errors import InputError, UsageError

EXAMPLES = """  rasid run samples/ --db news.db        ingest a folder, read the new articles, reconcile
  rasid run --db news.db                 read and reconcile what is already stored
  rasid run rows.jsonl --db news.db --engine local
  rasid run rows.jsonl --db news.db --engine dask --workers 2         a local Dask cluster of 2 processes
  rasid run rows.jsonl --db postgresql://rasid@db/news --engine dask --scheduler tcp://10.0.0.5:8786
exit codes: 0 all inputs and articles were read, 3 some failed (listed on stderr), other on fatal errors
"""


def register(sub: argparse._SubParsersAction) -> None:
    p = command_parser(sub, "run", "ingest, then read and reconcile everything new", EXAMPLES)
    p.add_argument("paths", nargs="*", metavar="PATH", help="files, folders, JSON Lines / CSV, feeds or URLs")
    add_db_argument(p)
    p.add_argument("--engine", default="local", choices=("local", "dask"), help="where to run (default: local)")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="Dask scheduler to use with --engine dask (default: start a local cluster)")
    p.add_argument("--top", type=int, default=8, metavar="N",
                   help="list the N events with the most sources after the summary (default: 8, 0 = none)")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="worker processes of the local Dask cluster (default: one per CPU)")
    add_allow_private_argument(p)
    p.set_defaults(func=run_run)


def engine_options(args: argparse.Namespace) -> dict[str, object]:
    """Options only the Dask engine takes; asking for them with another engine is a usage error."""
    options = {name: getattr(args, name) for name in ("scheduler", "workers") if getattr(args, name) is not None}
    if options and args.engine != "dask":
        raise UsageError(f"--{' and --'.join(options)} need --engine dask")
    return options


def run_run(args: argparse.Namespace) -> int:
    from rasid.engine import run
    from rasid.engine.local import print_failures
    from rasid.store import open_store

    with open_store(resolve_db(args)) as store:
        report = run(args.paths, store, engine=args.engine, allow_private=args.allow_private,
                     **engine_options(args))
        top_events = most_reported(store.events(), args.top)
    print(f"articles {report.articles} (added {report.added}, duplicates {report.skipped_duplicates}, "
          f"near-duplicates {report.near_duplicates}), read {report.read}, "
          f"events {report.events}, discrepancies {report.discrepancies}")
    for line in event_lines(top_events):
        print(line)
    failures = list(report.failed) + list(report.read_failed)
    print_failures(failures, sys.stderr)
    return InputError.exit_code if failures else 0


def most_reported(events: list[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    """The ``limit`` events with the most mentions (then the most killed), for the summary."""
    def weight(event: dict[str, Any]) -> tuple[int, int]:
        killed = (event.get("killed") or {}).get("best") or 0
        return len(event.get("mentions") or []), killed
    return sorted(events, key=weight, reverse=True)[:max(limit, 0)]


def event_lines(events: list[dict[str, Any]]) -> list[str]:
    """One line per event: type, date, place, figures, sources, discrepancy kinds."""
    return [_event_line(e) for e in events]


def _event_line(event: dict[str, Any]) -> str:
    kind = event["type"] + (f"/{event['subtype']}" if event.get("subtype") else "")
    date = (event.get("date") or {}).get("value") or "?"
    place = event.get("location") or {}
    where = f"{place.get('name') or '?'}" + (f" ({place['country']})" if place.get("country") else "")
    figures = " ".join(f"{name} {_figure(event.get(name))}" for name in ("killed", "injured", "arrested")
                       if event.get(name))
    sources = len({m.get("article") for m in event.get("mentions") or []})
    flags = ",".join(sorted({d["kind"] for d in event.get("discrepancies") or []}))
    return f"  {kind:<22} {date:<10} {where:<28} {figures:<28} {sources} source(s)" + (f"  [{flags}]" if flags else "")


def _figure(figure: dict[str, Any]) -> str:
    low, best, high = figure.get("low"), figure.get("best"), figure.get("high")
    shown = str(best if best is not None else low)
    return shown + (f" ({low}-{high})" if low is not None and high is not None and low != high else "")
