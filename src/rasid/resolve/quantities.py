"""One source's figure read as bounds: what a QUANTITY (with its parts) says about a count."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rasid.resolve.config import FigureData
from rasid.resolve.keys import word_key
from rasid.text.normalize import normalize


@dataclass(frozen=True)
class Reading:
    """A figure as bounds: ``low`` certain lower bound, ``point`` the stated number, ``high`` an upper bound.

    ``vague_low`` is the conventional low of a vague word (ACLED: dozens = 12) and is used only
    when no source gives a number. ``kind`` is ``exact``, ``lower`` (at least / more than),
    ``approx`` (about / nearly), ``upper`` (at most / less than) or ``vague``.
    """

    low: int | None
    point: int | None
    high: int | None
    kind: str
    vague_low: int | None = None
    has_vague_part: bool = False


def vague_value(text: str, data: FigureData) -> int | None:
    """The conventional low value of the vague word in ``text`` (عشرات -> 12), else None."""
    for word in normalize(text or "").split():
        for key in (normalize(word), word_key(word)):
            if key in data.vague_values:
                return data.vague_values[key]
    return None


def _single(value: int | None, qualifier: str, text: str, data: FigureData) -> Reading:
    if qualifier == "vague" or value is None:
        return Reading(None, None, None, "vague", vague_value(text, data))
    if qualifier == "exact":
        return Reading(value, value, value, "exact")
    if qualifier == "at_least":
        return Reading(value, value, None, "lower")
    if qualifier == "more_than":
        return Reading(value + 1, value + 1, None, "lower")
    if qualifier == "nearly":
        return Reading(None, value, value, "approx")
    if qualifier == "about":
        return Reading(None, value, None, "approx")
    if qualifier == "at_most":
        return Reading(None, value, value, "upper")
    return Reading(None, max(value - 1, 0), max(value - 1, 0), "upper")  # less_than


def _sum_parts(parts: list[Reading]) -> Reading:
    precise = [p for p in parts if p.point is not None]
    vague = [p for p in parts if p.point is None]
    point = sum(p.point for p in precise) if precise else None
    low = sum(p.low if p.low is not None else 0 for p in precise) if precise else None
    if vague:
        vague_low = sum(p.vague_low or 0 for p in vague) + (point or 0)
        low_or_none = low if low else None
        return Reading(low_or_none, point, None, "vague", vague_low or None, has_vague_part=True)
    exact = all(p.kind == "exact" for p in precise)
    high = sum(p.high for p in precise) if all(p.high is not None for p in precise) else None
    kind = "exact" if exact else ("lower" if high is None and all(p.low is not None for p in precise) else "approx")
    return Reading(low if kind != "approx" else None, point, high, kind)


def read_quantity(quantity: dict[str, Any] | None, data: FigureData) -> Reading | None:
    """The bounds of a CONTRACT QUANTITY; parts are summed (13 soldiers + dozens of civilians)."""
    if not quantity:
        return None
    parts = quantity.get("parts") or []
    if parts:
        return _sum_parts([_single(p.get("value"), p.get("qualifier") or "exact", p.get("text") or p.get("who") or "", data)
                           for p in parts])
    return _single(quantity.get("value"), quantity.get("qualifier") or "exact", quantity.get("text") or "", data)
