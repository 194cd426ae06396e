"""Which event word a date of the sentence belongs to.

A date phrase follows the event noun or verb it modifies (قتل 5 في يناير، اغتيال القائد في 2020),
so a date belongs to the last event word before it in its clause, else to the first one after it
in its clause. Event words are the triggers and the casualty words of the figures lexicon
(مقتل، اغتيال، إصابة). An event word right after a temporal preposition (عقب، بعد، إثر، منذ)
names another event used as a time reference; its dates never date the main event, nor do the
dates of another event of the sentence.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from rasid.events.arguments import EventRange
from rasid.events.context import SentenceView, Trigger
from rasid.figures.lexicon import figures_lexicon
from rasid.figures.quantities import word_keys
from rasid.model import TimeExpr
from rasid.time.folded import fold

REFERENCE_WINDOW = 0          # the event word right after the preposition (بعد مقتل، not بعد أن أطلق)


@dataclass(slots=True)
class DateOwners:
    """Token index of the event word owning each date of a sentence (by ``id`` of the TimeExpr)."""

    owner: dict[int, int] = field(default_factory=dict)
    position: dict[int, int] = field(default_factory=dict)       # token index of the date
    references: set[int] = field(default_factory=set)            # token indices of reference words

    def positions_of(self, cluster: list[Trigger]) -> list[int]:
        starts = {t.start for t in cluster}
        return [self.position[d] for d, at in self.owner.items() if at in starts]

    def foreign(self, cluster: list[Trigger], main: Trigger, clusters: list[list[Trigger]]) -> set[int]:
        """Dates owned by a reference word other than the event's main trigger (even one grouped into
        ``cluster``), or by another event's trigger."""
        mine = {t.start for t in cluster}
        others = {t.start for c in clusters if c is not cluster for t in c}
        return {d for d, at in self.owner.items()
                if (at in self.references and at != main.start) or (at not in mine and at in others)}


def event_words(view: SentenceView, triggers: list[Trigger]) -> list[tuple[int, int]]:
    """(start, end) token spans of the triggers and of the casualty words, in order."""
    spans = {t.start: (t.start, t.end) for t in triggers}
    for i, tok in enumerate(view.tokens):
        if i not in spans and is_casualty_word(tok.text):
            spans[i] = (i, i + 1)
    return [spans[i] for i in sorted(spans)]


@lru_cache(maxsize=65536)
def is_casualty_word(word: str) -> bool:
    """مقتل، اغتيال، إصابة (with clitics): a category trigger word of the figures lexicon."""
    categories = figures_lexicon().triggers
    return any(k in categories for k in word_keys(fold(word).text))


def date_owners(view: SentenceView, triggers: list[Trigger]) -> DateOwners:
    if not view.dates:
        return DateOwners()
    words = event_words(view, triggers)
    out = DateOwners(references={s for s, _ in words if is_reference(view, s)})
    for d in view.dates:
        i = min(view.index_at(d.start), len(view.tokens) - 1)
        out.position[id(d)] = i
        owner = owner_of(view, words, i, out.references)
        if owner is not None:
            out.owner[id(d)] = owner
    return out


def owner_of(view: SentenceView, words: list[tuple[int, int]], i: int, references: set[int]) -> int | None:
    """The last event word before the date in its clause, else the first after it unless that one
    is a reference (قال ... السبت إنه ... بعد إصابته: the date modifies the main verb)."""
    clause = view.clause_of[i]
    same = [(s, e) for s, e in words if view.clause_of[s] == clause]
    before = [s for s, e in same if e <= i]
    if before:
        return before[-1]
    after = [s for s, _ in same if s > i]
    return after[0] if after and after[0] not in references else None


def is_reference(view: SentenceView, start: int) -> bool:
    """عقب مقتل ...، بعد هجوم ...: the event word names another event as a time reference."""
    return view.cue_before("reference_preps", start, window=REFERENCE_WINDOW) is not None


def unresolved_weekday(view: SentenceView, rng: EventRange, foreign: set[int]) -> TimeExpr | None:
    """A weekday of the event's range that could not be resolved (no publication date): kept
    with its weekday and no value."""
    for d in view.dates:
        if d.value is None and d.weekday is not None and id(d) not in foreign \
                and rng.lo <= view.index_at(d.start) < rng.hi:
            return d
    return None
