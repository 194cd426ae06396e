"""rasid.figures: numbers, qualifiers and what a figure counts.

Public: :func:`parse_number`, :func:`find_quantities`, :class:`FigureStage` (loaded lazily).
"""
from __future__ import annotations

from typing import Any

__all__ = ["parse_number", "find_quantities", "FigureStage"]


def __getattr__(name: str) -> Any:
    if name == "parse_number":
        from rasid.figures.numbers import parse_number
        return parse_number
    if name == "find_quantities":
        from rasid.figures.quantities import find_quantities
        return find_quantities
    if name == "FigureStage":
        from rasid.figures.stage import FigureStage
        return FigureStage
    raise AttributeError(f"module 'rasid.figures' has no attribute {name!r}")
