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


class NameIndex:
    """Where each tagged name occurs: name -> [(sentence, type)], and the words names start with."""

    def __init__(self, names: Sequence[dict[Name, Counter]]) -> None:
        self.where: dict[Name, list[tuple[int, str]]] = defaultdict(list)
        for i, found in enumerate(names):
            for name, kinds in found.items():
                self.where[name].extend((i, kind) for kind, n in kinds.items() for _ in range(n))
        self.first_words = frozenset(name[0] for name in self.where)

    def may_start(self, word: str) -> bool:
        return word in self.first_words or without_proclitic(word) in self.first_words

    def kind_near(self, name: Name, sentence: int, window: int) -> str | None:
        """The type the name was tagged with most often within ``window`` sentences, or None."""
        kinds = Counter(kind for i, kind in self.where.get(name, ()) if abs(i - sentence) <= window)
        return kinds.most_common(1)[0][0] if kinds else None


def _match_at(norms: Sequence[str], labels: Sequence[str], i: int, index: NameIndex, sentence: int,
              settings: ConsistencySettings) -> tuple[int, str] | None:
    """The longest untagged run at ``i`` that is a name tagged nearby: (length, type)."""
    if not index.may_start(norms[i]):
        return None
    for length in range(min(settings.max_words, len(norms) - i), 0, -1):
        if any(label != "O" for label in labels[i:i + length]):
            continue
        for form in name_forms(tuple(norms[i:i + length])):
            kind = index.kind_near(form, sentence, settings.window)
            if kind is not None:
                return length, kind
    return None


def fill_sentence(norms: Sequence[str], labels: Sequence[str], index: NameIndex, sentence: int,
                  settings: ConsistencySettings) -> list[str]:
    """``labels`` of sentence number ``sentence`` with untagged occurrences of nearby names labelled."""
    out = list(labels)
    i = 0
    while i < len(norms):
        hit = _match_at(norms, out, i, index, sentence, settings) if out[i] == "O" else None
        if hit is None:
            i += 1
            continue
        length, kind = hit
        out[i:i + length] = ["B-" + kind] + ["I-" + kind] * (length - 1)
        i += length
    return out


def propagate_labels(sentences: Sequence[Sequence[str]], labels: Sequence[Sequence[str]],
                     settings: ConsistencySettings | None = None, *,
                     norms: Sequence[Sequence[str]] | None = None) -> list[list[str]]:
    """IOB2 labels of consecutive sentences of one document, made consistent across sentences.

    ``norms`` (the normalized words, when the caller has them) saves normalizing ``sentences``.
    """
    settings = settings or ConsistencySettings()
    if norms is None:
        norms = [[normalize(word) for word in sentence] for sentence in sentences]
    index = NameIndex([tagged_names(n, l, settings) for n, l in zip(norms, labels)])
    if not index.where:
        return [list(l) for l in labels]
    return [fill_sentence(n, l, index, i, settings) if any(map(index.may_start, n)) else list(l)
            for i, (n, l) in enumerate(zip(norms, labels))]


def span_scores(before: Sequence[str], after: Sequence[str], scored: dict[tuple[int, int], float]
                ) -> dict[tuple[int, int], float | None]:
    """Scores of the spans of ``after``: the tagger's own (``scored``; None when it scored none)
    or :data:`PROPAGATED_SCORE`."""
    own = {(start, end) for start, end, _ in label_spans(before)}
    return {(start, end): scored.get((start, end)) if (start, end) in own else PROPAGATED_SCORE
            for start, end, _ in label_spans(after)}
