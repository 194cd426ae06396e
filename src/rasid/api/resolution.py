"""Corpus re-resolution for the web process, in the background: one at a time, requests coalesced.

``POST /api/ingest`` stores and reads its article inside the request, then asks for a new
resolution with :meth:`BackgroundResolver.request` and gets a ticket number. One worker thread
runs the resolutions one after the other; requests that arrive while one runs are served by a
single next run (it resolves everything stored by then). By default the resolution runs in a
child process (``python -m rasid.api.resolution DB``), so it neither holds the server's GIL nor
blocks readers: they keep reading the previous resolution (SQLite WAL) until the new one is
committed in one transaction.

    resolver = BackgroundResolver("news.db")
    ticket = resolver.request()
    resolver.wait(ticket, timeout=1.0)      # True once a run that started after the request ended
    resolver.status().to_dict(ticket)
"""
from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable

from rasid.errors import StoreError

ResolveRunner = Callable[[str], None]       # resolves the database at this URL; raises on failure
RESOLVE_TIMEOUT = 3600.0                    # seconds one background resolution may take
CLOSE_TIMEOUT = 60.0                        # seconds shutdown waits for a running resolution
STDERR_TAIL = 300                           # characters of a failed child's stderr kept in the error
BACKGROUND_NICENESS = 10                    # child processes yield the CPU to the server's readers
LOG = logging.getLogger("rasid.api")


def lower_priority() -> None:
    """Lower this process's CPU priority (background work must not slow the readers down)."""
    if hasattr(os, "nice"):
        os.nice(BACKGROUND_NICENESS)


def resolve_in_subprocess(db: str) -> None:
    """Resolve ``db`` in a child Python process (StoreError with its last words when it fails)."""
    try:
        done = subprocess.run([sys.executable, "-m", "rasid.api.resolution", db], capture_output=True,
                              text=True, timeout=RESOLVE_TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        raise StoreError(f"background resolution took over {RESOLVE_TIMEOUT:.0f} s: run 'rasid run --db DB'",
                         source=db) from exc
    if done.returncode != 0:
        tail = " ".join(done.stderr.split())[-STDERR_TAIL:] or f"exit code {done.returncode}"
        raise StoreError(f"background resolution failed ({tail}): run 'rasid run --db DB' to see why", source=db)


def resolve_in_process(db: str) -> None:
    """Resolve ``db`` in this process (the child's work; also a runner for tests)."""
    from rasid.engine.local import RunReport, resolve_store
    from rasid.store import open_store

    with open_store(db, create=False) as store:
        resolve_store(store, RunReport())


@dataclass(frozen=True, slots=True)
class ResolutionStatus:
    """Where the background resolution stands; tickets are numbered from 1 per server process."""

    running: bool
    requested: int              # the last ticket given
    resolved: int               # every ticket up to this one is in the saved resolution
    failed: int                 # the last ticket whose run failed (0: none)
    last_error: str | None
    last_seconds: float | None  # duration of the last finished run

    def ticket_state(self, ticket: int) -> str:
        """``done``, ``failed``, ``pending`` (queued or running) or ``unknown`` (not given yet)."""
        if ticket < 1 or ticket > self.requested:
            return "unknown"
        if ticket <= self.resolved:
            return "done"
        return "failed" if ticket <= self.failed else "pending"

    def to_dict(self, ticket: int | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {"state": "running" if self.running else "idle", "requested": self.requested,
                               "resolved": self.resolved, "failed": self.failed, "last_error": self.last_error,
                               "last_seconds": self.last_seconds}
        if ticket is not None:
            out.update(ticket=ticket, ticket_state=self.ticket_state(ticket))
        return out


class BackgroundResolver:
    """One worker thread running ``runner(db)``; requests made while it runs are coalesced."""

    def __init__(self, db: str, runner: ResolveRunner = resolve_in_subprocess) -> None:
        self.db = db
        self._runner = runner
        self._cond = threading.Condition()
        self._requested = self._started = self._resolved = self._failed = 0
        self._last_error: str | None = None
        self._last_seconds: float | None = None
        self._thread: threading.Thread | None = None
        self._closed = False

    def request(self) -> int:
        """Ask for a resolution of everything stored now; the ticket that tracks it."""
        with self._cond:
            self._requested += 1
            ticket = self._requested
            if self._thread is None and not self._closed:
                self._thread = threading.Thread(target=self._work, name="rasid-resolve", daemon=True)
                self._thread.start()
        return ticket

    def wait(self, ticket: int, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for ``ticket``'s run to end; True when it ended (done or failed)."""
        with self._cond:
            return self._cond.wait_for(lambda: self._finished(ticket), timeout)

    def status(self) -> ResolutionStatus:
        with self._cond:
            return ResolutionStatus(self._thread is not None, self._requested, self._resolved, self._failed,
                                    self._last_error, self._last_seconds)

    def close(self, timeout: float = CLOSE_TIMEOUT) -> None:
        """Take no new runs; wait up to ``timeout`` s for a running one (pending ones are left for later)."""
        with self._cond:
            self._closed = True
            thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _finished(self, ticket: int) -> bool:
        return ticket <= max(self._resolved, self._failed) or (self._closed and self._thread is None)

    def _next_target(self) -> int | None:
        """The ticket the next run covers, or None when there is nothing to do (the worker then ends)."""
        with self._cond:
            if self._closed or self._started == self._requested:
                self._thread = None
                self._cond.notify_all()
                return None
            self._started = self._requested
            return self._started

    def _work(self) -> None:
        while (target := self._next_target()) is not None:
            started = time.monotonic()
            error = self._run_once()
            with self._cond:
                if error is None:
                    self._resolved, self._last_error = target, None
                else:
                    self._failed, self._last_error = target, error
                self._last_seconds = round(time.monotonic() - started, 3)
                self._cond.notify_all()

    def _run_once(self) -> str | None:
        """Run the resolution; its error as one line (also logged), or None."""
        try:
            self._runner(self.db)
        except Exception as exc:  # reported through status() and the log; the next request retries
            message = " ".join(str(exc).split()) or type(exc).__name__
            LOG.error("rasid: background resolution failed: %s", message)
            return message
        return None


def main(argv: list[str]) -> int:
    """``python -m rasid.api.resolution DB``: resolve the database (what the child process does)."""
    if len(argv) != 1:
        print("usage: python -m rasid.api.resolution DB", file=sys.stderr)
        return 2
    lower_priority()
    resolve_in_process(argv[0])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
