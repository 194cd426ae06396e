"""The dateline of a wire story: «دبي، الإمارات العربية المتحدة (CNN) --», «بغداد - رويترز:», «(أ ف ب) -».

:func:`find_dateline` looks only at the first line of the clean text, within ``max_chars`` and
``max_words``, for one of three shapes:

1. ``[PLACES] (AGENCY) SEP`` — a parenthesized agency followed by a separator;
2. ``PLACES SEP AGENCY [SEP]`` — an agency after a dash, closed by a colon or dash;
3. ``PLACES SEP`` — when every word before the separator is a known place (``is_place`` says so).

Agencies and separators are data (``cues.json``, ``dateline``). The span covers the dateline up to
and including its last separator; the entities inside it are kept, and the event module can skip
the span as an event place.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from rasid.entities.cues import DatelineCues
from rasid.text.normalize import normalize

_SENTENCE_PUNCT = re.compile(r"[.!؟?\"«»]")
_AGENCY_NOISE = re.compile(r"[\s.]+")


@dataclass(frozen=True, slots=True)
class Dateline:
    start: int
    end: int


def _agency_key(text: str) -> str:
    return _AGENCY_NOISE.sub("", normalize(text).lower())


def _is_agency(text: str, cues: DatelineCues) -> bool:
    key = _agency_key(text)
    return bool(key) and any(_agency_key(a) == key for a in cues.agencies)


def _separator_at(text: str, pos: int, cues: DatelineCues) -> int:
    """End of the separator starting at ``pos`` after spaces, or -1."""
    p = pos
    while p < len(text) and text[p] in " \t\u00a0":
        p += 1
    for sep in cues.separators:
        if text.startswith(sep, p):
            return p + len(sep)
    return -1


def _prefix_ok(prefix: str, cues: DatelineCues) -> bool:
    return len(prefix.split()) <= cues.max_words and not _SENTENCE_PUNCT.search(prefix)


def _parenthesized(text: str, start: int, limit: int, cues: DatelineCues) -> Dateline | None:
    """Shape 1: ``[PLACES] (AGENCY) SEP``."""
    open_at = text.find("(", start, limit)
    close_at = text.find(")", open_at + 1, limit) if open_at >= 0 else -1
    if close_at < 0 or not _prefix_ok(text[start:open_at], cues):
        return None
    if not _is_agency(text[open_at + 1:close_at], cues):
        return None
    end = _separator_at(text, close_at + 1, cues)
    return Dateline(start, end) if end > 0 else None


def _dashed(text: str, start: int, limit: int, cues: DatelineCues,
            is_place: Callable[[int, int], bool]) -> Dateline | None:
    """Shapes 2 and 3: ``PLACES SEP AGENCY [SEP]`` or ``PLACES SEP``."""
    for m in re.finditer(r"\s[-–—]+|:", text[start:limit]):
        sep_start, sep_end = start + m.start(), start + m.end()
        prefix = text[start:sep_start]
        if not prefix.strip() or not _prefix_ok(prefix, cues):
            return None
        agency = _agency_after(text, sep_end, limit, cues)
        if agency is not None:
            return Dateline(start, agency)
        if is_place(start, sep_start):
            return Dateline(start, sep_end)
        return None
    return None


def _agency_after(text: str, pos: int, limit: int, cues: DatelineCues) -> int | None:
    """End of ``AGENCY SEP`` right after ``pos`` (the closing separator is required)."""
    for m in re.finditer(r"[:\-–—]", text[pos:limit]):
        if _is_agency(text[pos:pos + m.start()], cues):
            return pos + m.end()
    return None


def find_dateline(text: str, cues: DatelineCues, is_place: Callable[[int, int], bool] = lambda a, b: False
                  ) -> Dateline | None:
    """The dateline at the start of ``text``, or None. ``is_place(start, end)``: the words there are places."""
    start = len(text) - len(text.lstrip())
    line_end = text.find("\n", start)
    limit = min(start + cues.max_chars, len(text) if line_end < 0 else line_end)
    return _parenthesized(text, start, limit, cues) or _dashed(text, start, limit, cues, is_place)
