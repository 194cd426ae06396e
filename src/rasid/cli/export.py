"""`rasid export` (being built: the owner of this command replaces this module)."""
from __future__ import annotations

from rasid.errors import UsageError


def register(sub) -> None:
    p = sub.add_parser("export", help="(not built yet)")
    p.set_defaults(func=_run)


def _run(args) -> int:
    raise UsageError("'rasid export' is not built yet")
