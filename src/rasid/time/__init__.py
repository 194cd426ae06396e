"""rasid.time: dates and periods in Arabic text, resolved against the publication date.

Public: :func:`parse_dates` and :class:`TimeStage` (loaded lazily, so importing the package is cheap).
"""
from __future__ import annotations

from typing import Any

__all__ = ["parse_dates", "TimeStage"]


def __getattr__(name: str) -> Any:
    if name == "parse_dates":
        from rasid.time.parse import parse_dates
        return parse_dates
    if name == "TimeStage":
        from rasid.time.stage import TimeStage
        return TimeStage
    raise AttributeError(f"module 'rasid.time' has no attribute {name!r}")
