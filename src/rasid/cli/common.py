"""Helpers shared by the commands: default paths, progress bars, example-rich help."""
from __future__ import annotations

import argparse
import os
from pathlib import Path

from rasid.progress import Progress, progress  # noqa: F401  (re-exported for the commands)


def default_db() -> str:
    """The default database: ``$RASID_DB``, else ``rasid.db`` in the user's data directory."""
    if os.environ.get("RASID_DB"):
        return os.environ["RASID_DB"]
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return str(base / "rasid" / "rasid.db")


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=None, metavar="DB",
                        help="SQLite file or postgresql:// URL (default: $RASID_DB or ~/.local/share/rasid/rasid.db)")


def resolve_db(args: argparse.Namespace) -> str:
    return args.db or default_db()


def command_parser(sub: argparse._SubParsersAction, name: str, help_text: str, examples: str) -> argparse.ArgumentParser:
    """A subcommand parser whose --help ends with examples."""
    return sub.add_parser(name, help=help_text, description=help_text,
                          epilog="examples:\n" + examples,
                          formatter_class=argparse.RawDescriptionHelpFormatter)
