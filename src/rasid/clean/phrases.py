"""Phrase lists matched as word sequences: a dictionary lookup per word instead of big regexes.

Phrases are normalized (``rasid.text.normalize.normalize``) and lower-cased, then split into
words; a text is matched through its word list. Phrases holding punctuation or symbols
(``©``, ``الصورة:``) are matched as plain substrings instead.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Iterator

from rasid.text.normalize import normalize

WORD = re.compile(r"[^\W_]+")


def phrase_words(phrase: str) -> tuple[str, ...]:
    """The normalized, lower-cased words of ``phrase``."""
    return tuple(WORD.findall(normalize(phrase).lower()))


def _is_plain(phrase: str) -> bool:
    return " ".join(WORD.findall(phrase)) == " ".join(phrase.split())


@dataclass(frozen=True, slots=True)
class PhraseSet:
    """Word-sequence phrases plus substring phrases (those with symbols)."""

    sequences: frozenset[tuple[str, ...]]
    firsts: frozenset[str]
    longest: int
    substrings: tuple[str, ...]

    @classmethod
    def of(cls, phrases: Iterable[str]) -> "PhraseSet":
        plain, symbols = [], []
        for p in phrases:
            form = normalize(p).lower().strip()
            if form:
                (plain if _is_plain(form) else symbols).append(form)
        sequences = frozenset(t for t in map(phrase_words, plain) if t)
        return cls(sequences, frozenset(t[0] for t in sequences), max(map(len, sequences), default=0), tuple(symbols))

    def hits(self, words: list[str] | tuple[str, ...]) -> Iterator[tuple[int, int]]:
        """(position, length) of each non-overlapping occurrence in ``words``, longest phrase first."""
        firsts = self.firsts
        if firsts.isdisjoint(words):
            return
        free = 0
        for i in [k for k, word in enumerate(words) if word in firsts]:
            if i >= free:
                n = self._longest_at(words, i)
                if n:
                    yield i, n
                    free = i + n

    def _longest_at(self, words: list[str] | tuple[str, ...], i: int) -> int:
        """Length of the longest phrase starting at ``words[i]`` (0 when none)."""
        sequences = self.sequences
        for n in range(min(self.longest, len(words) - i), 0, -1):
            if tuple(words[i:i + n]) in sequences:
                return n
        return 0

    def count(self, words: list[str] | tuple[str, ...]) -> int:
        return sum(1 for _ in self.hits(words))

    def opening(self, words: list[str] | tuple[str, ...]) -> int:
        """Length of the longest phrase that ``words`` start with (0 when none)."""
        if not words or words[0] not in self.firsts:
            return 0
        return self._longest_at(words, 0)

    def equals(self, words: list[str] | tuple[str, ...]) -> bool:
        return tuple(words) in self.sequences

    def substring_in(self, text: str) -> bool:
        """True when one of the symbol phrases occurs in (normalized, lower-cased) ``text``."""
        return any(s in text for s in self.substrings)

    def substring_at_start(self, text: str) -> bool:
        stripped = text.lstrip(" •*-–—|#>»«\"'“”(")
        return any(stripped.startswith(s) for s in self.substrings)
