"""Where a wire dateline ends («دبي، الإمارات العربية المتحدة (CNN) --», «بغداد - رويترز:»).

The place of a dateline is where the story was filed, not where the event happened, so the event
stage reads the first sentence only after it. The entity stage exposes the span as
``doc.extra["dateline"]``; when it is absent this module recognizes the shape itself at the very
start of the text: up to a few words that are all place names (or nothing), then an outlet in
parentheses followed by a separator, or a separator, an outlet and a closing separator.
"""
from __future__ import annotations

import re
from typing import Sequence

from rasid.doc import Document
from rasid.model import EntityMention

PLACE_TYPES = ("GPE", "LOC")
MAX_PLACE_WORDS = 6
_SEPARATOR = r"(?:--|[-–—:])"
_PARENTHESIZED = re.compile(rf"\s*(?P<places>[^\n().:!?؟«»\"\-–—]{{0,80}}?)\s*\((?P<outlet>[^()\n]{{1,40}})\)\s*{_SEPARATOR}")
_DASHED = re.compile(rf"\s*(?P<places>[^\n().:!?؟«»\"\-–—]{{1,80}}?)\s*[-–—]\s*(?P<outlet>[^\n().:!?؟«»\"\-–—]{{1,30}}?)\s*(?::|--)")
_WORD = re.compile(r"[^\W\d_]+")
_JOINERS = frozenset({"و"})


def dateline_end(doc: Document) -> int:
    """Offset in ``doc.text`` where the dateline ends (0 when the text opens with none)."""
    given = doc.extra.get("dateline")
    if given is not None:
        return int(given[1])
    return recognized_end(doc.text, doc.entities)


def recognized_end(text: str, entities: Sequence[EntityMention]) -> int:
    """End of a dateline recognized at the start of ``text`` (0 when there is none)."""
    places = [(e.start, e.end) for e in entities if e.type in PLACE_TYPES]
    for pattern in (_PARENTHESIZED, _DASHED):
        m = pattern.match(text)
        if m and _only_places(text, m.start("places"), m.end("places"), places, allow_empty=pattern is _PARENTHESIZED):
            return m.end()
    return 0


def _only_places(text: str, start: int, end: int, places: list[tuple[int, int]], allow_empty: bool) -> bool:
    """Whether every word of ``text[start:end]`` lies inside a place entity (joiners aside)."""
    words = [w for w in _WORD.finditer(text, start, end) if w.group() not in _JOINERS]
    if not words:
        return allow_empty
    if len(words) > MAX_PLACE_WORDS:
        return False
    return all(any(a <= w.start() and w.end() <= b for a, b in places) for w in words)
