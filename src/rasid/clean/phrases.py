"""Phrase lists matched as word sequences: a dictionary lookup per word instead of big regexes.

Phrases are normalized (``rasid.text.normalize.normalize``) and lower-cased, then split into
words; a text is matched through its word list. Phrases holding punctuation or symbols
(``©``, ``الصورة:``) are matched as plain substrings instead.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Sequence

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
    lengths: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False)  # by first word, longest first

    @classmethod
    def of(cls, phrases: Iterable[str]) -> "PhraseSet":
        plain, symbols = [], []
        for p in phrases:
            form = normalize(p).lower().strip()
            if form:
                (plain if _is_plain(form) else symbols).append(form)
        sequences = frozenset(t for t in map(phrase_words, plain) if t)
        lengths: dict[str, set[int]] = {}
        for t in sequences:
            lengths.setdefault(t[0], set()).add(len(t))
        return cls(sequences, frozenset(lengths), max(map(len, sequences), default=0), tuple(symbols),
                   {first: tuple(sorted(ns, reverse=True)) for first, ns in lengths.items()})

    def hits(self, words: Sequence[str], candidates: Iterable[int] | None = None) -> Iterator[tuple[int, int]]:
        """(position, length) of each non-overlapping occurrence in ``words``, longest phrase first.

        ``candidates`` (ascending positions that include every position of a first word of this
        set, see :func:`candidate_positions`) spares the scan of ``words`` when one word list is
        matched against many phrase sets.
        """
        firsts = self.firsts
        if candidates is None:
            if firsts.isdisjoint(words):
                return
            candidates = [k for k, word in enumerate(words) if word in firsts]
        free = 0
        for i in candidates:
            if i >= free and words[i] in firsts:
                n = self._longest_at(words, i)
                if n:
                    yield i, n
                    free = i + n

    def _longest_at(self, words: Sequence[str], i: int) -> int:
        """Length of the longest phrase starting at ``words[i]``, a first word (0 when none)."""
        sequences, room = self.sequences, len(words) - i
        for n in self.lengths[words[i]]:
            if n <= room and tuple(words[i:i + n]) in sequences:
                return n
        return 0

    def count(self, words: Sequence[str], candidates: Iterable[int] | None = None) -> int:
        return sum(1 for _ in self.hits(words, candidates))

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


def first_words(sets: Iterable[PhraseSet]) -> frozenset[str]:
    """Every word a phrase of one of ``sets`` starts with."""
    return frozenset().union(*(s.firsts for s in sets))


def candidate_positions(words: Sequence[str], firsts: frozenset[str]) -> list[int]:
    """Ascending positions of ``words`` holding one of ``firsts`` (see :func:`first_words`)."""
    if firsts.isdisjoint(words):
        return []
    return [k for k, word in enumerate(words) if word in firsts]
