"""Events grouped by month for the timeline page (undated events last)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Bucket:
    """The events of one period (``YYYY-MM``, ``YYYY`` for year-level dates, or None: undated)."""

    period: str | None
    events: list[dict[str, Any]]
    share: float        # events / the largest bucket, for the bar width


def event_period(event: dict[str, Any]) -> str | None:
    """The month of the event (its year when only the year is known), or None."""
    value = str((event.get("date") or {}).get("value") or "")
    if len(value) >= 7 and value[4] == "-":
        return value[:7]
    return value[:4] if len(value) >= 4 and value[:4].isdigit() else None


def timeline_buckets(events: list[dict[str, Any]]) -> list[Bucket]:
    groups: dict[str | None, list[dict[str, Any]]] = {}
    for event in events:
        groups.setdefault(event_period(event), []).append(event)
    largest = max((len(g) for g in groups.values()), default=1)
    dated = sorted(p for p in groups if p is not None)
    order: list[str | None] = [*dated, *([None] if None in groups else [])]
    return [Bucket(p, sorted(groups[p], key=lambda e: str((e.get("date") or {}).get("value") or "")),
                   len(groups[p]) / largest) for p in order]
