"""The named-entity taggers: IOB2 labels with coarse types PER, ORG, LOC, MISC.

``get_tagger()`` loads, once per process (lazily), the neural tagger
(``rasid/models/ner-neural.npz``, see :mod:`rasid.entities.neural_tagger`) when it is
packaged, else the CRF (``rasid/models/ner.crfsuite``, class :class:`Tagger`). The
environment variable ``RASID_NER_TAGGER=crf`` (or ``neural``) forces one of them. Tag one
sentence at a time: the models were trained on sentences, and long sequences are slower.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from rasid.doc import Token
from rasid.entities.conll import chunks
from rasid.entities.consistency import propagate_labels, span_scores
from rasid.entities.features import FeatureExtractor, FeatureResources, load_resources
from rasid.errors import ResourceError, UsageError
from rasid.model import EntityMention
from rasid.resources import model_path

if TYPE_CHECKING:
    from rasid.entities.neural_tagger import NeuralTagger

MODEL_NAME = "ner.crfsuite"
NEURAL_MODEL_NAME = "ner-neural.npz"
TAGGER_ENV = "RASID_NER_TAGGER"
TAGGER_KINDS = ("crf", "neural")
SpanScores = dict[tuple[int, int], float]   # (first token, end token) of a labelled span -> its score
MAX_SEGMENT_TOKENS = 200      # news sentences stay under ~140 tokens; the tagger was trained on ≤ 100
SENTENCE_END = frozenset({".", "!", "?", "\u061f", "\u2026"})


def sentence_segments(text: str, tokens: Sequence[Token]) -> list[list[Token]]:
    """``tokens`` cut after sentence-final punctuation, where a line break separates two tokens,
    and every MAX_SEGMENT_TOKENS tokens (a text without punctuation must not become one sequence
    as long as the article: the tagger's memory grows with the longest sequence)."""
    segments: list[list[Token]] = []
    current: list[Token] = []
    for token in tokens:
        if current and (len(current) >= MAX_SEGMENT_TOKENS or "\n" in text[current[-1].end:token.start]):
            segments.append(current)
            current = []
        current.append(token)
        if token.text in SENTENCE_END:
            segments.append(current)
            current = []
    if current:
        segments.append(current)
    return segments


def spans_to_mentions(text: str, segment: Sequence[Token], labels: list[str],
                      scores: dict[tuple[int, int], float | None]) -> list[EntityMention]:
    """Entity mentions of one segment's labels, offsets into ``text``."""
    out = []
    for chunk in chunks(labels):
        start, end = segment[chunk.start].start, segment[chunk.end - 1].end
        out.append(EntityMention(start, end, text[start:end], chunk.type, None,
                                 scores[(chunk.start, chunk.end)], "tagger"))
    return out


class TaggerBase:
    """What both taggers share: a model file reopened after pickling, and document tagging.

    A subclass opens its model in ``_open`` and labels a document's sentences in ``_label``
    (IOB2 labels and, when asked for confidence, a score per labelled span).
    """

    def __init__(self, model: Path, resources: FeatureResources | None = None) -> None:
        self.model = Path(model)
        self._resources = resources
        self._open()

    def _open(self) -> None:
        raise NotImplementedError

    def _label(self, sentences: list[list[str]], confidence: bool) -> tuple[list[list[str]], list[SpanScores]]:
        raise NotImplementedError

    def __getstate__(self) -> dict[str, Any]:
        return {"model": self.model, "resources": self._resources}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.model, self._resources = state["model"], state["resources"]
        self._open()

    def tag_spans(self, text: str, tokens: Sequence[Token], *, confidence: bool = False) -> list[EntityMention]:
        """Entity mentions over ``tokens`` (offsets into ``text``).

        ``tokens`` may span a whole document: they are tagged sentence by sentence, cut after
        sentence-final punctuation and at line breaks, as the training corpus was; the labels are
        then made consistent across the document (:mod:`rasid.entities.consistency`).
        With ``confidence`` a mention's score is the mean marginal probability of its labels
        (a forward-backward pass: about a tenth of the neural tagger's time); without, the
        tagger's own mentions have score None (not computed) and propagated ones
        :data:`~rasid.entities.consistency.PROPAGATED_SCORE`.
        """
        return self.tag_spans_many([(text, tokens)], confidence=confidence)[0]

    def tag_spans_many(self, documents: Sequence[tuple[str, Sequence[Token]]], *,
                       confidence: bool = False) -> list[list[EntityMention]]:
        """``tag_spans`` for several (text, tokens) documents: their sentences are labelled
        together (the neural tagger batches them), label consistency stays per document."""
        segmented = [sentence_segments(text, tokens) for text, tokens in documents]
        words = [[t.text for t in segment] for segments in segmented for segment in segments]
        tagged, scores = self._label(words, confidence)
        out: list[list[EntityMention]] = []
        offset = 0
        for (text, _), segments in zip(documents, segmented):
            end = offset + len(segments)
            out.append(_document_mentions(text, segments, tagged[offset:end], scores[offset:end]))
            offset = end
        return out


def _document_mentions(text: str, segments: list[list[Token]], tagged: list[list[str]],
                       scores: list[SpanScores]) -> list[EntityMention]:
    """One document's mentions from its segments' labels, made consistent across the document."""
    words = [[t.text for t in segment] for segment in segments]
    consistent = propagate_labels(words, tagged, norms=[[t.norm for t in segment] for segment in segments])
    return [mention
            for segment, before, after, scored in zip(segments, tagged, consistent, scores)
            for mention in spans_to_mentions(text, segment, after, span_scores(before, after, scored))]


class Tagger(TaggerBase):
    """A loaded CRF model with its feature extractor. Picklable (reopens the model file)."""

    def _open(self) -> None:
        import pycrfsuite

        if not self.model.is_file():
            raise ResourceError("NER model is missing: run `rasid train ner`", source=str(self.model))
        self._crf = pycrfsuite.Tagger()
        try:
            self._crf.open(str(self.model))
        except (OSError, ValueError) as exc:
            raise ResourceError(f"NER model cannot be read ({exc}): run `rasid train ner`",
                                source=str(self.model)) from exc
        self.features = FeatureExtractor(self._resources if self._resources is not None else load_resources())

    def clear_caches(self) -> int:
        """Empty the word-feature cache (before a phase that needs the memory); the entries dropped."""
        cache = self.features._cache
        dropped = len(cache)
        cache.clear()
        return dropped

    @property
    def labels(self) -> list[str]:
        return list(self._crf.labels())

    def tag(self, tokens: list[str]) -> list[str]:
        """IOB2 labels (B-PER, I-ORG, O, ...) for the tokens of one sentence."""
        if not tokens:
            return []
        return list(self._crf.tag(self.features.sentence(tokens)))

    def tag_many(self, sentences: Sequence[list[str]]) -> list[list[str]]:
        """IOB2 labels for each sentence."""
        return [self.tag(s) for s in sentences]

    def _label(self, sentences: list[list[str]], confidence: bool) -> tuple[list[list[str]], list[SpanScores]]:
        tagged, scores = [], []
        for words in sentences:
            labels = self.tag(words)
            tagged.append(labels)
            scores.append({(c.start, c.end): self._mean_marginal(labels, c.start, c.end) for c in chunks(labels)}
                          if confidence else {})
        return tagged, scores

    def _mean_marginal(self, labels: list[str], start: int, end: int) -> float:
        """Mean marginal probability of the chosen labels over tokens ``start:end`` of the last tag() call."""
        total = sum(self._crf.marginal(labels[i], i) for i in range(start, end))
        return round(total / (end - start), 4)


def tagger_kind() -> str:
    """``crf`` or ``neural``: ``$RASID_NER_TAGGER`` if set, else neural when its model is packaged."""
    kind = os.environ.get(TAGGER_ENV, "").strip().lower()
    if kind and kind not in TAGGER_KINDS:
        raise UsageError(f"{TAGGER_ENV}={kind!r}: expected one of {', '.join(TAGGER_KINDS)}")
    if kind:
        return kind
    return "neural" if model_path(NEURAL_MODEL_NAME).is_file() else "crf"


def load_tagger(kind: str) -> "Tagger | NeuralTagger":
    """A fresh packaged tagger of ``kind`` (``crf`` or ``neural``)."""
    if kind == "neural":
        from rasid.entities.neural_tagger import NeuralTagger

        return NeuralTagger(model_path(NEURAL_MODEL_NAME))
    if kind == "crf":
        return Tagger(model_path(MODEL_NAME))
    raise UsageError(f"unknown tagger {kind!r}: expected one of {', '.join(TAGGER_KINDS)}")


@lru_cache(maxsize=1)
def get_tagger() -> "Tagger | NeuralTagger":
    """The packaged tagger (see the module docstring), loaded once."""
    return load_tagger(tagger_kind())
