"""Unrelated headlines with no header: runs of headline-like lines after the body has begun.

A body subheading is one short line followed by a paragraph. Widgets of other stories show up
as several short lines in a row, often at the end, whose words the article does not use. A run
is dropped only when it is long enough for its place (middle or tail) AND its words are mostly
foreign to the rest of the article.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rasid.clean.boilerplate import Verdicts, is_body_like, is_headline_like
from rasid.clean.lines import Line
from rasid.clean.patterns import setting, word_set
from rasid.text.clitics import lookup_keys

_WORD = re.compile(r"[^\W\d_]{2,}")
# Short vowels, shadda and sukun (not tanween fath, common in headlines): verse and quotations carry them.
_VOWELS = re.compile("[\u064c-\u0652]")


@dataclass(frozen=True, slots=True)
class Run:
    """Consecutive headline-like kept lines (blank and removed lines between them ignored)."""

    lines: tuple[int, ...]
    at_tail: bool


def drop_unrelated_headlines(lines: list[Line], verdicts: Verdicts) -> None:
    """Mark runs of unrelated headlines after the body start as ``related_headlines``."""
    kept = [line for line in lines if verdicts.kept(line)]
    body_start = next((k for k, line in enumerate(kept) if is_body_like(line)), None)
    if body_start is None:
        return
    runs = [r for r in _runs(kept[body_start + 1:]) if _long_enough(r) and not _introduced_or_verse(lines, r)]
    if not runs:
        return
    vocabulary = _VocabularyCache(kept)
    for run in runs:
        if vocabulary.overlap(run.lines) < float(setting("related_overlap_max")):
            for index in run.lines:
                verdicts.kinds[index] = "related_headlines"


def _runs(kept: list[Line]) -> list[Run]:
    runs: list[Run] = []
    current: list[int] = []
    for line in kept:
        if is_headline_like(line):
            current.append(line.index)
            continue
        if current:
            runs.append(Run(tuple(current), at_tail=False))
        current = []
    if current:
        runs.append(Run(tuple(current), at_tail=True))
    return runs


def _introduced_or_verse(lines: list[Line], run: Run) -> bool:
    """A run the body introduces (previous line ends with ':'), that ends with ':', or verse (vowelled)."""
    before = next((lines[i] for i in range(run.lines[0] - 1, -1, -1) if not lines[i].blank), None)
    if before is not None and before.display.rstrip().endswith(":"):
        return True
    texts = [lines[i].display for i in run.lines]
    return any(t.rstrip().endswith(":") for t in texts) or sum(len(_VOWELS.findall(t)) for t in texts) >= 2 * len(texts)


def _long_enough(run: Run) -> bool:
    needed = setting("related_run_tail") if run.at_tail else setting("related_run_middle")
    return len(run.lines) >= int(needed)


class _VocabularyCache:
    """Content-word keys of the kept lines, computed once per page and only when needed."""

    def __init__(self, kept: list[Line]) -> None:
        self._words = {line.index: _content_words(line.key) for line in kept}
        self._keys: dict[str, frozenset[str]] = {}

    def _keys_of(self, word: str) -> frozenset[str]:
        keys = self._keys.get(word)
        if keys is None:
            keys = self._keys[word] = frozenset(lookup_keys(word))
        return keys

    def overlap(self, run: tuple[int, ...]) -> float:
        """Share of the run's content words that the rest of the page also uses."""
        inside = set(run)
        elsewhere: set[str] = set()
        for index, words in self._words.items():
            if index not in inside:
                for word in words:
                    elsewhere |= self._keys_of(word)
        run_words = [w for index in run for w in self._words.get(index, ())]
        if not run_words:
            return 1.0
        shared = sum(1 for w in run_words if self._stem_keys(w) & elsewhere)
        return shared / len(run_words)

    def _stem_keys(self, word: str) -> frozenset[str]:
        """The run word's keys without the bare form, so a shared clitic alone never matches."""
        return frozenset(k for k in self._keys_of(word) if len(k) >= 3)


def _content_words(key: str) -> list[str]:
    stop = word_set("stopwords")
    return [w for w in _WORD.findall(key) if w not in stop and len(w) >= 3]
