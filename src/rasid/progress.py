"""A one-line progress bar on stderr for long work (silent when stderr is not a terminal)."""
from __future__ import annotations

import sys
import time
from typing import Iterable, Iterator, TypeVar

T = TypeVar("T")


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
