"""The segment stage: sentences and tokens of the clean text."""
from __future__ import annotations

from rasid.doc import Document
from rasid.pipeline import CLEAN, SENTENCES, TOKENS
from rasid.text.segment import split_sentences, tokenize


class SegmentStage:
    name = "segment"
    requires = frozenset({CLEAN})
    provides = frozenset({SENTENCES, TOKENS})

    def __call__(self, doc: Document) -> None:
        doc.sentences = split_sentences(doc.text)
        doc.tokens = tokenize(doc.text)
