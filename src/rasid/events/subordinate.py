"""Descriptions of a person inside an event sentence, whose words do not describe the event.

In «هجوم ... أسفر عن مقتل 84 شخصا في تأبين القائد X، أحد أبرز القادة الذي قتلته غارة في عام
2020» the apposition and the relative clause after the person tell the person's own story: their
trigger words (غارة) must not set the main event's subtype, and their dates must not date it.

A description starts right after a person mention that follows an earlier trigger of the
sentence, and covers either the relative clause opened there (X الذي ...) or the comma segment
after it (X، ...) when that segment opens with an apposition head or holds a relative pronoun
(cue lists ``relative_pronouns`` and ``apposition_heads`` of data/events/cues.json). It ends at
the next comma or clause break.
"""
from __future__ import annotations

from dataclasses import dataclass

from rasid.events.context import COMMA, SentenceView, Trigger
from rasid.model import EntityMention

PERSON_TYPES = ("PER",)


@dataclass(frozen=True, slots=True)
class TokenRange:
    """Sentence-relative token indices ``lo`` (inclusive) to ``hi`` (exclusive)."""

    lo: int
    hi: int

    def holds(self, i: int) -> bool:
        return self.lo <= i < self.hi


def person_descriptions(view: SentenceView, entities: list[EntityMention], triggers: list[Trigger]) -> list[TokenRange]:
    """Token ranges describing a person mentioned after the first trigger of the sentence."""
    if not triggers or not view.tokens:
        return []
    first = min(t.start for t in triggers)
    out: list[TokenRange] = []
    for ent in entities:
        if ent.type not in PERSON_TYPES or ent.end > view.span.end:
            continue
        after = view.index_at(ent.end - 1) + 1
        if view.index_at(ent.start) <= first or after >= len(view.tokens):
            continue
        described = _description_after(view, after)
        if described is not None and not _has_figure(view, described):
            out.append(described)
    return out


def _description_after(view: SentenceView, i: int) -> TokenRange | None:
    if _starts(view, "relative_pronouns", i):
        return TokenRange(i, _segment_end(view, i))
    if view.tokens[i].text not in COMMA or i + 1 >= len(view.tokens):
        return None
    lo = i + 1
    hi = _segment_end(view, lo)
    if view.clause_of[lo] != view.clause_of[i]:
        return None
    if _starts(view, "apposition_heads", lo) or view.has_cue("relative_pronouns", lo, hi):
        return TokenRange(lo, hi)
    return None


def _has_figure(view: SentenceView, described: TokenRange) -> bool:
    """A casualty figure inside tells the event itself (المسلح X الذي قتل 5 أشخاص)."""
    return any(described.holds(view.index_at(q.start)) for q in view.casualty_figures())


def described_dates(view: SentenceView, ranges: list[TokenRange]) -> set[int]:
    """``id`` of the dates of the sentence that lie inside a description."""
    return {id(d) for d in view.dates if inside_any(ranges, view.index_at(d.start))}


def _starts(view: SentenceView, cue: str, i: int) -> bool:
    return any(m.start == i for m in view.cues.get(cue, ()))


def _segment_end(view: SentenceView, lo: int) -> int:
    """The first comma or clause break after ``lo``, or the sentence end."""
    clause = view.clause_of[lo]
    for j in range(lo + 1, len(view.tokens)):
        if view.tokens[j].text in COMMA or view.clause_of[j] != clause:
            return j
    return len(view.tokens)


def inside_any(ranges: list[TokenRange], i: int) -> bool:
    return any(r.holds(i) for r in ranges)
