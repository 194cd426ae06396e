"""`rasid export --db DB --format json|jsonl|csv`: the reconciled corpus (CONTRACT section 2)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rasid.cli.common import add_db_argument, command_parser, resolve_db
from rasid.errors import UsageError

EXAMPLES = """  rasid export --db news.db --format json --out corpus.json
  rasid export --db news.db --format jsonl --out -        one record per line, each with a "kind"
  rasid export --db news.db --format csv --out events.csv  one row per event (GTD style)
"""


def register(sub: argparse._SubParsersAction) -> None:
    from rasid.store.exporters import EXPORT_FORMATS

    p = command_parser(sub, "export", "write the corpus: articles, entities, events, profiles, discrepancies",
                       EXAMPLES)
    add_db_argument(p)
    p.add_argument("--format", choices=EXPORT_FORMATS, default="json")
    p.add_argument("--out", default="-", metavar="FILE", help="output file, - for standard output (default)")
    p.set_defaults(func=run_export)


def run_export(args: argparse.Namespace) -> int:
    from rasid.store import open_store
    from rasid.store.exporters import write_export

    with open_store(resolve_db(args), create=False) as store:
        export = store.export()
    if args.out == "-":
        write_export(export, args.format, sys.stdout)
        return 0
    out = Path(args.out)
    if out.is_dir():
        raise UsageError(f"--out {out} is a folder: give a file name")
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as handle:
        write_export(export, args.format, handle)
    return 0
