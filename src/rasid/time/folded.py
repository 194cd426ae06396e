"""Folded text: a matching form of a text whose offsets map back to the original.

Letters are folded (أ/إ/آ -> ا, ة -> ه, ى -> ي), digits become ASCII, and diacritics,
tatweel and invisible marks are dropped. Regexes run over :attr:`FoldedText.text`; spans found
there are turned back into spans of the original with :meth:`FoldedText.span`.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from rasid.text.normalize import (ALEF_MAQSURA, ALEF_VARIANTS, ARABIC_INDIC_DIGITS, DIACRITICS, FARSI_YA, HA,
                                  HAMZA_ON_WAW, HAMZA_ON_YA, INVISIBLES, KAF_VARIANTS, PERSIAN_DIGITS, TATWEEL,
                                  TA_MARBUTA, WAW, YA, normalize)

_MARKS = re.compile("[" + re.escape("".join(sorted(DIACRITICS | INVISIBLES | {TATWEEL}))) + "]")


# The same folding as rasid.text.normalize (letters and digits, same length), done with str.replace,
# which is several times faster than str.translate on non-ASCII text.
_REPLACEMENTS = tuple(
    list(ALEF_VARIANTS.items()) + [(ALEF_MAQSURA, YA), (FARSI_YA, YA), (TA_MARBUTA, HA), (HAMZA_ON_WAW, WAW),
                                   (HAMZA_ON_YA, YA)] + list(KAF_VARIANTS.items())
    + [(d, str(i)) for i, d in enumerate(ARABIC_INDIC_DIGITS)] + [(d, str(i)) for i, d in enumerate(PERSIAN_DIGITS)]
)


def fold_same_length(text: str) -> str:
    """Letters folded and digits made ASCII, keeping every offset."""
    for old, new in _REPLACEMENTS:
        if old in text:
            text = text.replace(old, new)
    return text


@dataclass(frozen=True, slots=True)
class FoldedText:
    text: str                       # the folded form
    dropped: tuple[int, ...]        # original offsets of the dropped marks, ascending
    length: int                     # length of the original

    @property
    def _keys(self) -> list[int]:
        return [d - k for k, d in enumerate(self.dropped)]

    def offset(self, i: int) -> int:
        """Original offset of folded offset ``i`` (marks right before it are skipped)."""
        if not self.dropped:
            return i
        return min(self.length, i + bisect.bisect_right(self._keys, i))

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original span of the folded span ``[start, end)`` (marks right after it included)."""
        if not self.dropped:
            return start, end
        keys = self._keys
        first = start + bisect.bisect_right(keys, start)
        last = self.length if end >= len(self.text) else end + bisect.bisect_right(keys, end)
        return first, max(first, last)

    def to_folded(self, offset: int) -> int:
        """Folded offset of original ``offset``."""
        return offset - bisect.bisect_left(self.dropped, offset)


def fold(text: str) -> FoldedText:
    """The folded form of ``text`` with its offset map."""
    same_length = fold_same_length(text)
    dropped = tuple(m.start() for m in _MARKS.finditer(same_length))
    if not dropped:
        return FoldedText(same_length, (), len(text))
    return FoldedText(_MARKS.sub("", same_length), dropped, len(text))


def fold_word(word: str) -> str:
    """The folded form of a lexicon word or phrase (for building patterns), spaces collapsed."""
    return " ".join(normalize(word).split())
