"""Document-level label consistency: a name tagged once is tagged wherever it recurs nearby.

A tagger labels each sentence on its own, so a name it recognizes in one sentence (``قال وزير
الدفاع رامسفيلد``) is often missed in the next (``وأضاف رامسفيلد``). :func:`propagate_labels` looks
at the names the tagger found within ``window`` sentences and labels untagged occurrences of the
same words (an attached single-letter proclitic such as و or ب allowed) with the type the tagger
gave them most often. Only untagged words change; a tagged span is never altered.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Sequence

from rasid.entities.conll import chunks
from rasid.text.normalize import normalize

PROCLITIC_LETTERS = frozenset("وفبلك")   # one-letter proclitics that attach to a name: وبغداد، لرامسفيلد
MIN_STEM_LETTERS = 3                     # a proclitic is stripped only when this much remains
PROPAGATED_SCORE = 0.5                   # the score of a mention labelled by propagation, not by the tagger

Name = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ConsistencySettings:
    """How far a name travels and which names count (tuned on the ANERcorp DEV split)."""

    window: int = 15          # sentences before and after
    min_letters: int = 3      # a one-word name shorter than this is not propagated
    max_words: int = 4        # longest name looked for


def without_proclitic(word: str) -> str | None:
    """``word`` without one attached proclitic letter, or None when it has none."""
    if len(word) > MIN_STEM_LETTERS and word[0] in PROCLITIC_LETTERS:
        return word[1:]
    return None


def name_forms(words: Name) -> list[Name]:
    """The name as written and, when its first word carries a proclitic, without it."""
    bare = without_proclitic(words[0])
    return [words] if bare is None else [words, (bare, *words[1:])]


def tagged_names(norms: Sequence[str], labels: Sequence[str], settings: ConsistencySettings) -> dict[Name, Counter]:
    """The names one sentence's labels mark, each with its type counts."""
    found: dict[Name, Counter] = {}
    for start, end, kind in label_spans(labels):
        words = tuple(norms[start:end])
        if end - start == 1 and len(words[0]) < settings.min_letters:
            continue
        for form in name_forms(words):
            found.setdefault(form, Counter())[kind] += 1
    return found


def label_spans(labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) of every entity of ``labels``, read as :func:`rasid.entities.conll.chunks` reads them."""
    return [(c.start, c.end, c.type) for c in chunks(list(labels))]


def _nearby(names: Sequence[dict[Name, Counter]], i: int, window: int) -> dict[Name, Counter]:
    merged: dict[Name, Counter] = defaultdict(Counter)
    for j in range(max(0, i - window), min(len(names), i + window + 1)):
        for name, kinds in names[j].items():
            merged[name].update(kinds)
    return merged


def _match_at(norms: Sequence[str], labels: Sequence[str], i: int, known: dict[Name, Counter],
              max_words: int) -> tuple[int, str] | None:
    """The longest untagged run at ``i`` that is a known name: (length, type)."""
    for length in range(min(max_words, len(norms) - i), 0, -1):
        if any(label != "O" for label in labels[i:i + length]):
            continue
        for form in name_forms(tuple(norms[i:i + length])):
            kinds = known.get(form)
            if kinds:
                return length, kinds.most_common(1)[0][0]
    return None


def fill_sentence(norms: Sequence[str], labels: Sequence[str], known: dict[Name, Counter],
                  max_words: int) -> list[str]:
    """``labels`` with untagged occurrences of ``known`` names labelled."""
    out = list(labels)
    i = 0
    while i < len(norms):
        hit = _match_at(norms, out, i, known, max_words) if out[i] == "O" else None
        if hit is None:
            i += 1
            continue
        length, kind = hit
        out[i:i + length] = ["B-" + kind] + ["I-" + kind] * (length - 1)
        i += length
    return out


def propagate_labels(sentences: Sequence[Sequence[str]], labels: Sequence[Sequence[str]],
                     settings: ConsistencySettings | None = None) -> list[list[str]]:
    """IOB2 labels of consecutive sentences of one document, made consistent across sentences."""
    settings = settings or ConsistencySettings()
    norms = [[normalize(word) for word in sentence] for sentence in sentences]
    names = [tagged_names(n, l, settings) for n, l in zip(norms, labels)]
    return [fill_sentence(n, l, _nearby(names, i, settings.window), settings.max_words)
            for i, (n, l) in enumerate(zip(norms, labels))]


def span_scores(before: Sequence[str], after: Sequence[str], scored: dict[tuple[int, int], float]
                ) -> dict[tuple[int, int], float]:
    """Scores of the spans of ``after``: the tagger's own (``scored``) or :data:`PROPAGATED_SCORE`."""
    own = {(start, end) for start, end, _ in label_spans(before)}
    return {(start, end): scored.get((start, end), 0.0) if (start, end) in own else PROPAGATED_SCORE
            for start, end, _ in label_spans(after)}
