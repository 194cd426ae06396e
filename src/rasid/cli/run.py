"""`rasid run PATH... --db DB`: ingest, then read and reconcile everything new."""
from __future__ import annotations

import argparse
import sys

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
    print(f"articles {report.articles} (added {report.added}, duplicates {report.skipped_duplicates}, "
          f"near-duplicates {report.near_duplicates}), read {report.read}, "
          f"events {report.events}, discrepancies {report.discrepancies}")
    failures = list(report.failed) + list(report.read_failed)
    print_failures(failures, sys.stderr)
    return InputError.exit_code if failures else 0
