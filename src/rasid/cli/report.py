"""`rasid report`: an analyst's brief (Markdown or HTML) of a database, with citations."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rasid.cli.common import add_db_argument, command_parser, resolve_db
from rasid.errors import UsageError

EXAMPLES = """  rasid report --db rasid.db --format md
  rasid report --db rasid.db --format html --out brief.html
"""


def register(sub: argparse._SubParsersAction) -> None:
    p = command_parser(sub, "report", "write an analyst's brief of events and organizations, citing the articles",
                       EXAMPLES)
    add_db_argument(p)
    p.add_argument("--format", choices=("md", "html"), default="md", help="Markdown (default) or HTML")
    p.add_argument("--out", default="-", metavar="FILE", help="output file (default: standard output)")
    p.set_defaults(func=run)


def load_export(db: str) -> dict:
    from rasid.store import open_store
    store = open_store(db, create=False)
    try:
        return store.export()
    finally:
        store.close()


def render(export: dict, fmt: str) -> str:
    from rasid.resolve.report import render_html, render_markdown
    if fmt == "md":
        return render_markdown(export)
    if fmt == "html":
        return render_html(export)
    raise UsageError(f"unknown format {fmt!r}: use md or html")


def write(text: str, out: str) -> None:
    if out == "-":
        sys.stdout.write(text)
        return
    try:
        Path(out).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc.strerror}; choose a writable path with --out") from exc


def run(args: argparse.Namespace) -> int:
    write(render(load_export(resolve_db(args)), args.format), args.out)
    return 0
