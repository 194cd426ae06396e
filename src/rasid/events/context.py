"""One sentence seen by the event reader: its tokens, trigger matches, cue matches and clauses.

Everything here is index arithmetic over the sentence's tokens; the language knowledge is
in ``data/events/`` (see :mod:`rasid.events.lexicon`).
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any, Sequence

from rasid.doc import Document, Span, Token
from rasid.events.lexicon import Lexicon, Match, TriggerEntry, is_definite, token_keys
from rasid.model import EntityMention, Quantity, TimeExpr

CLAUSE_PUNCT = frozenset(";؛")
COMMA = frozenset(",،")
QUESTION_MARKS = frozenset("?؟")
CASUALTY = ("killed", "injured")


@dataclass(slots=True)
class Trigger:
    """A trigger match in a sentence (token indices are sentence-relative)."""

    start: int
    end: int
    entry: TriggerEntry
    type: str
    definite: bool = False
    factive: bool = False
    anaphoric: bool = False
    clause: int = 0
    quantities: list[Quantity] = field(default_factory=list)
    subject: EntityMention | None = None        # the armed group doing it, when read from the verb's subject

    @property
    def subtype(self) -> str | None:
        return self.entry.subtype


@dataclass(slots=True)
class SentenceView:
    """Tokens, cues, clauses and layers of one sentence."""

    doc: Document
    span: Span
    tokens: list[Token]
    keys: list[frozenset[str]]
    cues: dict[str, list[Match]]
    clause_of: list[int]
    quantities: list[Quantity]
    dates: list[TimeExpr]
    token_ends: list[int] = field(default_factory=list)

    def text_of(self, i: int, j: int) -> str:
        """Clean text from token ``i`` to token ``j - 1``."""
        return self.doc.text[self.tokens[i].start:self.tokens[j - 1].end]

    def has_cue(self, name: str, lo: int = 0, hi: int | None = None) -> bool:
        hi = len(self.tokens) if hi is None else hi
        return any(lo <= m.start and m.end <= hi for m in self.cues.get(name, ()))

    def cue_before(self, name: str, i: int, window: int | None = None) -> Match | None:
        """The nearest cue ``name`` ending at or before token ``i`` in the same clause."""
        best = None
        for m in self.cues.get(name, ()):
            if m.end <= i and self.clause_of[m.start] == self.clause_of[i]:
                if window is None or i - m.end <= window:
                    if best is None or m.end > best.end:
                        best = m
        return best

    def cue_after(self, name: str, i: int, window: int) -> Match | None:
        for m in self.cues.get(name, ()):
            if i <= m.start <= i + window and self.clause_of[m.start] == self.clause_of[min(i, len(self.tokens) - 1)]:
                return m
        return None

    def index_at(self, offset: int) -> int:
        """Index of the token holding or following clean ``offset``."""
        if len(self.token_ends) != len(self.tokens):
            self.token_ends = [t.end for t in self.tokens]
        return bisect.bisect_right(self.token_ends, offset)

    def is_question(self) -> bool:
        last = self.doc.text[self.span.start:self.span.end].rstrip()
        return bool(last) and (last[-1] in QUESTION_MARKS or self.has_cue("question", 0, 1))

    def casualty_figures(self) -> list[Quantity]:
        return [q for q in self.quantities if q.category in CASUALTY]


def _tokens_in(doc: Document, span: Span, starts: list[int]) -> list[Token]:
    lo = bisect.bisect_left(starts, span.start)
    hi = bisect.bisect_left(starts, span.end)
    return doc.tokens[lo:hi]


def _clauses(tokens: list[Token], cues: dict[str, list[Match]]) -> list[int]:
    """Clause number of every token: a new clause after ; or after a comma before a boundary word."""
    boundary_starts = {m.start for m in cues.get("clause_boundaries", ())}
    clause, out = 0, []
    for n, tok in enumerate(tokens):
        if tok.text in CLAUSE_PUNCT:
            clause += 1
        elif n in boundary_starts and n > 0 and tokens[n - 1].text in COMMA:
            clause += 1
        out.append(clause)
    return out


def _inside(span: Span, start: int, end: int) -> bool:
    return span.start <= start and end <= span.end


@dataclass(slots=True)
class SpanIndex:
    """Annotations sorted by start, to take those inside a sentence by bisection."""

    items: list[Any]
    starts: list[int]

    @classmethod
    def of(cls, items: Sequence[Any]) -> "SpanIndex":
        ordered = sorted(items, key=lambda x: x.start)
        return cls(ordered, [x.start for x in ordered])

    def inside(self, span: Span) -> list[Any]:
        lo = bisect.bisect_left(self.starts, span.start)
        hi = bisect.bisect_left(self.starts, span.end)
        return [x for x in self.items[lo:hi] if x.end <= span.end]


@dataclass(slots=True)
class DocumentIndex:
    """The document's tokens, figures, dates and entities indexed for per-sentence slicing."""

    token_starts: list[int]
    quantities: SpanIndex
    dates: SpanIndex
    entities: SpanIndex

    @classmethod
    def of(cls, doc: Document) -> "DocumentIndex":
        return cls([t.start for t in doc.tokens], SpanIndex.of(doc.quantities), SpanIndex.of(doc.dates),
                   SpanIndex.of(doc.entities))


def sentence_keys(doc: Document, span: Span, token_starts: list[int]) -> tuple[list[Token], list[frozenset[str]]]:
    tokens = _tokens_in(doc, span, token_starts)
    return tokens, [token_keys(t.text) for t in tokens]


def sentence_view(doc: Document, span: Span, lexicon: Lexicon, token_starts: list[int],
                  index: DocumentIndex | None = None,
                  prepared: tuple[list[Token], list[frozenset[str]]] | None = None) -> SentenceView:
    tokens, keys = prepared or sentence_keys(doc, span, token_starts)
    cues: dict[str, list[Match]] = {}
    for m in lexicon.cues.scan(keys, 0, len(keys)):
        cues.setdefault(m.label, []).append(m)
    if index is None:
        index = DocumentIndex([], SpanIndex.of(doc.quantities), SpanIndex.of(doc.dates), SpanIndex.of([]))
    return SentenceView(doc, span, tokens, keys, cues, _clauses(tokens, cues),
                        index.quantities.inside(span), index.dates.inside(span))


def has_trigger_word(keys: Sequence[frozenset[str]], lexicon: Lexicon) -> bool:
    """Whether any token can start a trigger pattern (a cheap test before the full reading)."""
    return any(lexicon.triggers.has_candidates(k) for k in keys)


def _specificity(m: Match) -> tuple[int, int, int]:
    entry: TriggerEntry = m.entry
    return (m.end - m.start, 0 if entry.pattern.has_wildcard else 1, 1 if entry.type is None else 0)


def longest_triggers(view: SentenceView, lexicon: Lexicon) -> list[Match]:
    """Trigger matches, longest first at each place, never overlapping; non-event collocations win."""
    matches = lexicon.triggers.scan(view.keys, 0, len(view.keys))
    matches.sort(key=lambda m: (tuple(-x for x in _specificity(m)), m.start))
    taken: set[int] = set()
    kept: list[Match] = []
    for m in matches:
        cover = set(range(m.start, m.end))
        if cover & taken:
            continue
        taken |= cover
        kept.append(m)
    return sorted((m for m in kept if m.entry.type is not None), key=lambda m: m.start)


def is_factive(view: SentenceView, trig: Trigger) -> bool:
    """A definite trigger followed by a relative clause with a past event verb (الهجوم الذي وقع)."""
    if not trig.definite:
        return False
    rel = view.cue_after("relative_pronouns", trig.end, 2)
    return rel is not None and view.cue_after("factive_verbs", rel.end, 2) is not None


def make_trigger(view: SentenceView, m: Match) -> Trigger:
    word = view.tokens[m.start].text
    trig = Trigger(m.start, m.end, m.entry, m.entry.type, definite=is_definite(word),
                   clause=view.clause_of[m.start])
    trig.factive = is_factive(view, trig)
    anaphoric = view.has_cue("anaphoric", m.start, m.start + 1)
    trig.anaphoric = trig.definite and anaphoric and m.end - m.start == 1
    return trig
