"""The figures stage: ``doc.quantities`` from the clean text.

Numbers inside dates are not figures: when the time stage ran before (``"dates"`` in
``doc.layers_done``) its spans are reused, otherwise dates are found here. When the entity stage
ran before, words inside named entities are never read as singular or dual nouns (مقتل عثمان).

Only sentences that can hold a figure are read (see :mod:`rasid.time.gate`): a digit, a number
or vague word (عشرات), a vague or fatal phrase (حتى الموت), or a category trigger (مقتل جندي = 1).
"""
from __future__ import annotations

import re
from functools import lru_cache

from rasid.doc import Document
from rasid.figures.lexicon import figures_lexicon
from rasid.figures.numbers import number_lexicon
from rasid.figures.quantities import find_quantities
from rasid.model import Quantity
from rasid.pipeline import CLEAN, DATES, ENTITIES, QUANTITIES, SENTENCES, TOKENS
from rasid.time.gate import TextRange, gated_ranges
from rasid.time.grammar import alternation

TRIGGER_PREFIX = r"[وفبلك]*(?:ال)?"      # what may be glued before a trigger (rasid.figures.quantities START)


@lru_cache(maxsize=1)
def figure_gate() -> re.Pattern[str]:
    """A figure needs a digit, a number, vague word or phrase (at a word end), or a trigger (at a word start)."""
    nums, lex = number_lexicon(), figures_lexicon()
    amounts = alternation([*nums.additive, *nums.scales, *nums.duals, *nums.vague, *lex.vague_phrases,
                           *lex.fatal_phrases])
    triggers = alternation(lex.triggers)
    return re.compile(rf"\d|{amounts}(?!\w)|(?<!\w){TRIGGER_PREFIX}{triggers}")


class FigureStage:
    name = "figures"
    requires = frozenset({CLEAN, SENTENCES, TOKENS})
    provides = frozenset({QUANTITIES})

    def __call__(self, doc: Document) -> None:
        dates = [(d.start, d.end) for d in doc.dates] if DATES in doc.layers_done else None
        names = [(e.start, e.end) for e in doc.entities] if ENTITIES in doc.layers_done else None
        doc.quantities = [q for r in gated_ranges(doc.text, doc.sentences, figure_gate())
                          for q in _read_range(doc.text, r, dates, names)]


def _read_range(text: str, rng: TextRange, dates: list[tuple[int, int]] | None,
                names: list[tuple[int, int]] | None) -> list[Quantity]:
    inside = None if dates is None else [(max(s, rng.start), min(e, rng.end)) for s, e in dates
                                         if s < rng.end and rng.start < e]
    return find_quantities(text, rng.start, rng.end, dates=inside, names=names)
