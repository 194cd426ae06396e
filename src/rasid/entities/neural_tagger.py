"""The neural NER tagger behind the ``Tagger`` interface (``tag``, ``tag_many``, ``tag_spans``, ``labels``).

NumPy only: it loads ``rasid/models/ner-neural.npz`` (written by ``rasid train ner-neural``).
Sentences are tagged in batches of :data:`BATCH_SENTENCES`; asked for confidence, a mention's
score is the mean CRF marginal probability of its chosen labels (in [0, 1]).
"""
from __future__ import annotations

from typing import Any, Sequence

from rasid.entities.conll import chunks
from rasid.entities.features import load_resources
from rasid.entities.tagger import SpanScores, TaggerBase
from rasid.errors import ResourceError

BATCH_SENTENCES = 64


class NeuralTagger(TaggerBase):
    """A loaded BiLSTM-CRF model. Picklable (reloads the model file)."""

    def _open(self) -> None:
        from rasid.entities.neural_model import NeuralModel

        if not self.model.is_file():
            raise ResourceError("neural NER model is missing: run `rasid train ner-neural`", source=str(self.model))
        resources = self._resources if self._resources is not None else load_resources()
        self._net = NeuralModel.load(self.model, resources)

    def clear_caches(self) -> int:
        """Empty the per-word caches (before a phase that needs the memory); the entries dropped."""
        return self._net.clear_caches()

    @property
    def labels(self) -> list[str]:
        return list(self._net.labels)

    def tag(self, tokens: list[str]) -> list[str]:
        """IOB2 labels (B-PER, I-ORG, O, ...) for the tokens of one sentence."""
        return self.tag_many([tokens])[0]

    def tag_many(self, sentences: Sequence[list[str]]) -> list[list[str]]:
        """IOB2 labels for each sentence (batched by length: faster than one ``tag`` call per sentence)."""
        return self._label(list(sentences), False)[0]

    def _label(self, sentences: list[list[str]], confidence: bool) -> tuple[list[list[str]], list[SpanScores]]:
        """Labels (and span scores) of the sentences, batched by length: sentences of about the
        same length share a batch, so the recurrent loop runs few steps per batch."""
        from rasid.entities.neural_model import single_threaded_blas

        tagged: list[list[str]] = [[] for _ in sentences]
        scores: list[SpanScores] = [{} for _ in sentences]
        order = sorted((i for i, s in enumerate(sentences) if s), key=lambda i: len(sentences[i]))
        for k in range(0, len(order), BATCH_SENTENCES):
            chunk = order[k:k + BATCH_SENTENCES]
            with single_threaded_blas():
                values, labels = self._net.tag_batch([sentences[i] for i in chunk], confidence=confidence)
            for i, found, value in zip(chunk, labels, values):
                tagged[i] = found
                if confidence:
                    scores[i] = _chunk_scores(found, value)
        return tagged, scores


def _chunk_scores(labels: list[str], confidence: Any) -> dict[tuple[int, int], float]:
    """Mean marginal of each labelled span, clipped to [0, 1]."""
    return {(c.start, c.end): round(min(1.0, max(0.0, float(confidence[c.start:c.end].mean()))), 4)
            for c in chunks(labels)}
