"""The figures stage: ``doc.quantities`` from the clean text.

Numbers inside dates are not figures: when the time stage ran before (``"dates"`` in
``doc.layers_done``) its spans are reused, otherwise dates are found here. When the entity stage
ran before, words inside named entities are never read as singular or dual nouns (مقتل عثمان).
"""
from __future__ import annotations

from rasid.doc import Document
from rasid.figures.quantities import find_quantities
from rasid.pipeline import CLEAN, DATES, ENTITIES, QUANTITIES, SENTENCES, TOKENS


class FigureStage:
    name = "figures"
    requires = frozenset({CLEAN, SENTENCES, TOKENS})
    provides = frozenset({QUANTITIES})

    def __call__(self, doc: Document) -> None:
        dates = [(d.start, d.end) for d in doc.dates] if DATES in doc.layers_done else None
        names = [(e.start, e.end) for e in doc.entities] if ENTITIES in doc.layers_done else None
        doc.quantities = find_quantities(doc.text, dates=dates, names=names)
