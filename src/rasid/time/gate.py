"""A cheap pre-filter before a parser runs: the sentences that may hold what it looks for.

A gate is a regex that matches wherever a parser's pattern must have an anchor (a digit, a
month name, a trigger word) as a whole word, possibly after a glued proclitic; it is a superset
test, so skipping a sentence without a gate hit never loses a match. Consecutive hit sentences are merged into one range so
a parser still sees expressions that run across their boundary.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from rasid.doc import Span
from rasid.time.folded import fold
from rasid.time.grammar import alternation


@dataclass(frozen=True, slots=True)
class TextRange:
    """A stretch of the clean text to parse: ``text[start:end]``."""

    start: int
    end: int


def gate_pattern(words: Iterable[str], digits: bool = True, clitics: str = "") -> re.Pattern[str]:
    """A regex over folded text matching any digit (when ``digits``) or any of the folded ``words``
    as a whole word, optionally after one or more of the proclitic letters ``clitics``."""
    prefix = f"[{clitics}]*" if clitics else ""
    body = rf"(?<!\w){prefix}{alternation(words)}(?!\w)"
    return re.compile(rf"\d|{body}" if digits else body)


def gated_ranges(text: str, sentences: Sequence[Span], gate: re.Pattern[str]) -> list[TextRange]:
    """Ranges of consecutive sentences holding a gate hit; the whole text when there are no sentences."""
    folded = fold(text)
    if not sentences:
        return [TextRange(0, len(text))] if gate.search(folded.text) else []
    marked = [n for n, s in enumerate(sentences)
              if gate.search(folded.text, folded.to_folded(s.start), folded.to_folded(s.end))]
    return _merged(sentences, marked)


def _merged(sentences: Sequence[Span], marked: list[int]) -> list[TextRange]:
    ranges: list[TextRange] = []
    previous = -2
    for n in marked:
        if n == previous + 1 and ranges:
            ranges[-1] = TextRange(ranges[-1].start, sentences[n].end)
        else:
            ranges.append(TextRange(sentences[n].start, sentences[n].end))
        previous = n
    return ranges
