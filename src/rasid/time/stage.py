"""The time stage: ``doc.dates`` from the clean text, anchored on the publication date.

Only sentences that hold a digit or a date word (month, weekday, relative day, named period,
«منذ»-like words) are parsed (see :mod:`rasid.time.gate`); the others cannot hold a date.
"""
from __future__ import annotations

import re
from functools import lru_cache

from rasid.doc import Document
from rasid.pipeline import CLEAN, DATES, SENTENCES
from rasid.time.calendar import late_in_utc_day, parse_anchor
from rasid.time.gate import gate_pattern, gated_ranges
from rasid.time.lexicon import time_lexicon
from rasid.time.parse import parse_ranges


CLITICS = "وفبل"        # the proclitics a date word may carry (rasid.time.grammar START)


@lru_cache(maxsize=1)
def date_gate() -> re.Pattern[str]:
    """Every date pattern needs a digit or one of these words."""
    lex = time_lexicon()
    words = [*lex.months, *lex.hijri_months, *lex.weekdays, *lex.relative_days, *lex.named_periods, *lex.ago_words]
    return gate_pattern(words, clitics=CLITICS)


class TimeStage:
    name = "time"
    requires = frozenset({CLEAN, SENTENCES})
    provides = frozenset({DATES})

    def __call__(self, doc: Document) -> None:
        anchor = parse_anchor(doc.meta.published)
        ranges = [(r.start, r.end) for r in gated_ranges(doc.text, doc.sentences, date_gate())]
        doc.dates = parse_ranges(doc.text, anchor, ranges, late_in_utc_day(doc.meta.published))
