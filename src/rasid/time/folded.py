"""Folded text: a matching form of a text whose offsets map back to the original.

Letters are folded (أ/إ/آ -> ا, ة -> ه, ى -> ي), digits become ASCII, and diacritics,
tatweel and invisible marks are dropped. Regexes run over :attr:`FoldedText.text`; spans found
there are turned back into spans of the original with :meth:`FoldedText.span`.
"""
from __future__ import annotations

from dataclasses import dataclass

from rasid.text.normalize import normalize, normalize_keep_length

_PLACEHOLDER = "\u200b"


@dataclass(frozen=True, slots=True)
class FoldedText:
    text: str                       # the folded form
    origin: tuple[int, ...] | None  # origin[i] = offset in the original of folded char i; None = identity
    length: int                     # length of the original

    def offset(self, i: int) -> int:
        """Original offset of folded offset ``i`` (a start)."""
        if self.origin is None:
            return i
        return self.origin[i] if i < len(self.origin) else self.length

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original span of the folded span ``[start, end)``."""
        if self.origin is None:
            return start, end
        if end <= start:
            s = self.offset(start)
            return s, s
        if end < len(self.origin):
            return self.origin[start], self.origin[end]
        return self.origin[start], self.length


def fold(text: str) -> FoldedText:
    """The folded form of ``text`` with its offset map."""
    same_length = normalize_keep_length(text)
    if _PLACEHOLDER not in same_length:
        return FoldedText(same_length, None, len(text))
    kept = [i for i, ch in enumerate(same_length) if ch != _PLACEHOLDER]
    return FoldedText("".join(same_length[i] for i in kept), tuple(kept), len(text))


def fold_word(word: str) -> str:
    """The folded form of a lexicon word or phrase (for building patterns), spaces collapsed."""
    return " ".join(normalize(word).split())
