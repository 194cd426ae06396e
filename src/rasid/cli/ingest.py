"""`rasid ingest` (being built: the owner of this command replaces this module)."""
from __future__ import annotations

from rasid.errors import UsageError


def register(sub) -> None:
    p = sub.add_parser("ingest", help="(not built yet)")
    p.set_defaults(func=_run)


def _run(args) -> int:
    raise UsageError("'rasid ingest' is not built yet")
