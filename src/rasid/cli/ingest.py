"""`rasid ingest PATH... --db DB`: read, clean and store articles (no reading yet)."""
from __future__ import annotations

import argparse
import sys

from rasid.cli.common import add_db_argument, command_parser, resolve_db
from rasid.errors import InputError

EXAMPLES = """  rasid ingest articles/ --db news.db            every .txt/.html/.jsonl/.csv file under a folder
  rasid ingest feed.xml rows.jsonl --db news.db   an RSS/Atom feed and JSON Lines rows (id, text, ...)
  rasid ingest https://example.org/a.html --db news.db
exit codes: 0 every input was read, 3 some inputs failed (listed on stderr), other on fatal errors
"""


def register(sub: argparse._SubParsersAction) -> None:
    p = command_parser(sub, "ingest", "store articles: clean them, skip duplicates, flag near-duplicates",
                       EXAMPLES)
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, JSON Lines / CSV, feeds or URLs")
    add_db_argument(p)
    add_allow_private_argument(p)
    p.set_defaults(func=run_ingest)


def add_allow_private_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("--allow-private", action="store_true",
                   help="allow URLs that resolve to private or loopback addresses")


def run_ingest(args: argparse.Namespace) -> int:
    from rasid.engine.local import print_failures, run_corpus
    from rasid.store import open_store

    with open_store(resolve_db(args)) as store:
        report = run_corpus(args.paths, store, read=False, resolve=False, allow_private=args.allow_private)
    print(f"added {report.added}, duplicates {report.skipped_duplicates}, "
          f"near-duplicates {report.near_duplicates}, failed {len(report.failed)}")
    print_failures(report.failed, sys.stderr)
    return InputError.exit_code if report.failed else 0
