"""Reconciling one figure (killed, injured, ...) over an event's sources: FIGURE and discrepancy.

Policy (docs/RECONCILIATION.md): ``low`` is the most conservative credible lower bound,
``high`` the largest figure stated, ``best`` the latest figure when the toll evolves, else the
(lower) median of the precise figures; vague words give a conventional low only when no source
gives a number.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from rasid.resolve.config import FigureData
from rasid.resolve.quantities import Reading, read_quantity
from rasid.resolve.records import MentionRecord
from rasid.text.normalize import normalize

STAGE_RATIO = 0.10


@dataclass(frozen=True)
class Source:
    """One mention's figure for one field."""

    article: str
    published: date | None
    reading: Reading
    quantity: dict[str, Any]
    early: bool
    update: bool

    @property
    def precise(self) -> bool:
        return self.reading.kind != "vague" and self.reading.point is not None


@dataclass(frozen=True)
class FigureResult:
    figure: dict[str, Any] | None
    kind: str | None
    sources: list[Source]
    note: str = ""


def _has_cue(sentence: str, cues: tuple[str, ...]) -> bool:
    text = normalize(sentence or "")
    return any(cue in text for cue in cues)


def sources_of(records: list[MentionRecord], field: str, data: FigureData) -> list[Source]:
    out = []
    for record in records:
        quantity = record.figure(field)
        reading = read_quantity(quantity, data)
        if reading is None or quantity is None:
            continue
        sentence = record.mention.get("sentence") or ""
        out.append(Source(record.article, record.published, reading, quantity,
                          _has_cue(sentence, data.early_cues), _has_cue(sentence, data.update_cues)))
    return out


def article_figure(sources: list[Source], data: FigureData) -> Source:
    """One article's figure: its largest number; a bound (ما لا يقل عن) given for that number wins
    over the bare number, and a cue anywhere in the article for that number is kept."""
    precise = [s for s in sources if s.precise]
    if not precise:
        return sources[0]
    top = max(s.reading.point or 0 for s in precise)
    same = [s for s in precise if same_value(s.reading.point or 0, top, data)]
    chosen = next((s for s in same if s.reading.kind == "lower"), same[0])
    return Source(chosen.article, chosen.published, chosen.reading, chosen.quantity,
                  any(s.early for s in same), any(s.update for s in same))


def by_article(sources: list[Source], data: FigureData) -> list[Source]:
    """One source per article (an article repeating its toll is one source, not several)."""
    grouped: dict[str, list[Source]] = {}
    for source in sources:
        grouped.setdefault(source.article, []).append(source)
    return [article_figure(group, data) for group in grouped.values()]


def same_value(x: int, y: int, data: FigureData) -> bool:
    return abs(x - y) <= data.conflict_tolerance_ratio * max(x, y)


def _lower_median(values: list[int]) -> int:
    ordered = sorted(values)
    return ordered[(len(ordered) - 1) // 2]


def final_stage(precise: list[Source]) -> list[Source]:
    """The sources whose figure is within 10% of the largest (the latest stage of a growing toll)."""
    top = max(s.reading.point or 0 for s in precise)
    return [s for s in precise if (s.reading.point or 0) >= top * (1 - STAGE_RATIO)]


def is_evolving(precise: list[Source], data: FigureData) -> bool:
    """A toll that grows: in publication order, or (no order) every smaller figure can be superseded."""
    dated = [s for s in precise if s.published]
    if len(dated) == len(precise) and len({s.published for s in dated}) > 1:
        ordered = sorted(dated, key=lambda s: (s.published, s.reading.point or 0))
        return _grows(ordered, data)
    top = final_stage(precise)
    smaller = [s for s in precise if s not in top]
    if not smaller:
        return False
    return all(s.reading.kind == "lower" or s.early for s in smaller) or any(s.update for s in top)


def _grows(ordered: list[Source], data: FigureData) -> bool:
    """In publication order the toll never falls: a later figure is at least the largest so far,
    or is only a lower bound (ما لا يقل عن 25 after 27 does not contradict it)."""
    largest = 0
    for source in ordered:
        point = source.reading.point or 0
        if point < largest and not same_value(point, largest, data) and source.reading.kind != "lower":
            return False
        largest = max(largest, point)
    return largest > (ordered[0].reading.point or 0)


def classify(sources: list[Source], data: FigureData) -> str | None:
    """The discrepancy kind between the sources' figures, or None when they agree."""
    precise = [s for s in sources if s.precise]
    if precise and len(precise) < len(sources):
        return "vague_vs_precise"
    points = [s.reading.point or 0 for s in precise]
    if len(points) < 2 or all(same_value(min(points), p, data) for p in points):
        return None
    return "evolving" if is_evolving(precise, data) else "conflict"


def _best(precise: list[Source], kind: str | None) -> tuple[int, str]:
    if kind == "evolving":
        dated = [s for s in precise if s.published]
        if len(dated) == len(precise):
            return max(s.reading.point or 0 for s in dated), "largest figure of a toll that grows with publication date"
        pool = [s.reading.point or 0 for s in final_stage(precise)]
        return _lower_median(pool), f"median of the {len(pool)} latest-stage figure(s) of a growing toll"
    pool = [s.reading.point or 0 for s in precise]
    if kind is None or len(pool) == 1:
        return _lower_median(pool), f"figure given by {len(pool)} source(s)"
    return _lower_median(pool), f"lower median of {len(pool)} conflicting figures"


def _low(precise: list[Source], kind: str | None) -> int:
    pool = final_stage(precise) if kind == "evolving" else precise
    lows = [s.reading.low for s in pool if s.reading.low is not None]
    return min(lows) if lows else min(s.reading.point or 0 for s in pool)


def _high(precise: list[Source]) -> int:
    return max(max(s.reading.point or 0, s.reading.high or 0) for s in precise)


def reconcile_figure(records: list[MentionRecord], field: str, data: FigureData) -> FigureResult:
    """The FIGURE of ``field`` over the records and the kind of disagreement between them."""
    sources = by_article(sources_of(records, field, data), data)
    if not sources:
        return FigureResult(None, None, [])
    kind = classify(sources, data)
    precise = [s for s in sources if s.precise]
    if not precise:
        lows = [s.reading.vague_low for s in sources if s.reading.vague_low]
        low = min(lows) if lows else None
        basis = "only vague figures; low is the conventional value of the vague word (ACLED)" if low else "only vague figures"
        return FigureResult({"low": low, "best": None, "high": None, "basis": basis}, kind, sources)
    best, basis = _best(precise, kind)
    figure = {"low": min(_low(precise, kind), best), "best": best, "high": max(_high(precise), best), "basis": basis}
    return FigureResult(figure, kind, sources, _note(kind, field))


def _note(kind: str | None, field: str) -> str:
    return {
        "evolving": f"the {field} toll grows across reports; later figures supersede earlier ones",
        "conflict": f"sources give different {field} figures and none supersedes the others",
        "vague_vs_precise": f"some sources give a vague {field} figure, others a precise one",
    }.get(kind or "", "")


def discrepancy_values(sources: list[Source]) -> list[dict[str, Any]]:
    return [{"article": s.article, "value": s.quantity.get("value") if not s.quantity.get("parts") else s.reading.point,
             "text": s.quantity.get("text") or "", "qualifier": s.quantity.get("qualifier")} for s in sources]
