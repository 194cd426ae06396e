"""Helpers shared by the commands: default paths, progress bars, example-rich help."""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Iterable, Iterator, TypeVar

T = TypeVar("T")


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


class Progress:
    """A one-line progress bar on stderr when it is a terminal; silent otherwise."""

    def __init__(self, total: int | None, label: str, *, enabled: bool | None = None) -> None:
        self.total, self.label, self.count = total, label, 0
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._start = self._last = time.monotonic()

    def advance(self, n: int = 1) -> None:
        self.count += n
        now = time.monotonic()
        if self.enabled and (now - self._last > 0.1 or self.count == self.total):
            self._last = now
            self._draw(now)

    def _draw(self, now: float) -> None:
        rate = self.count / max(now - self._start, 1e-9)
        if self.total:
            filled = int(30 * self.count / self.total)
            bar = "█" * filled + "·" * (30 - filled)
            line = f"\r{self.label} {bar} {self.count}/{self.total} ({rate:.0f}/s)"
        else:
            line = f"\r{self.label} {self.count} ({rate:.0f}/s)"
        sys.stderr.write(line)
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")
            sys.stderr.flush()


def progress(items: Iterable[T], total: int | None, label: str) -> Iterator[T]:
    bar = Progress(total, label)
    try:
        for item in items:
            yield item
            bar.advance()
    finally:
        bar.close()
