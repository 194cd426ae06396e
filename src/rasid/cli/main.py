"""`rasid` entry point: builds the argument parser from one module per command."""
from __future__ import annotations

import argparse
import importlib
import sys

from rasid import __version__
from rasid.errors import RasidError

# Each module defines ``register(subparsers)`` that adds its command(s) and sets ``func``.
COMMAND_MODULES = (
    "ingest", "run", "extract", "export", "report", "search", "articles",
    "serve", "eval", "train", "bench",
)

EPILOG = """examples:
  rasid run samples/ --db rasid.db          ingest, read and reconcile a folder
  rasid extract --jsonl in.jsonl --out -    read documents, print JSON Lines
  rasid export --db rasid.db --format json --out corpus.json
  rasid serve --db rasid.db                 web UI and REST API on http://127.0.0.1:8000
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rasid", description="Rasid (راصد): Arabic security news into a source-attributed event database.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"rasid {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"rasid.cli.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except RasidError as exc:
        print(f"rasid: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("rasid: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
