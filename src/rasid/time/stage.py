"""The time stage: ``doc.dates`` from the clean text, anchored on the publication date."""
from __future__ import annotations

from rasid.doc import Document
from rasid.pipeline import CLEAN, DATES, SENTENCES
from rasid.time.calendar import parse_anchor
from rasid.time.parse import parse_dates


class TimeStage:
    name = "time"
    requires = frozenset({CLEAN, SENTENCES})
    provides = frozenset({DATES})

    def __call__(self, doc: Document) -> None:
        doc.dates = parse_dates(doc.text, parse_anchor(doc.meta.published))
