"""The document object: one article, its raw text, its cleaned text and annotation layers.

Cleaning produces ``text`` from ``raw`` by keeping and replacing pieces of it; an
:class:`OffsetMap` maps every offset of ``text`` back into ``raw``. All annotation layers
(sentences, tokens, entities, dates, quantities, events) hold character offsets into
``text``; :meth:`Document.raw_span` turns any of them into offsets into ``raw``.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported for annotations only
    from rasid.model import EntityMention, EventMention, Quantity, TimeExpr


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of clean text that came from ``raw[raw_start:raw_end]``."""

    clean_start: int
    clean_end: int
    raw_start: int
    raw_end: int

    @property
    def verbatim(self) -> bool:
        return (self.clean_end - self.clean_start) == (self.raw_end - self.raw_start)


class OffsetMap:
    """Maps offsets of the clean text to offsets of the raw text."""

    def __init__(self, pieces: list[Piece]) -> None:
        self.pieces = pieces
        self._starts = [p.clean_start for p in pieces]

    @classmethod
    def identity(cls, length: int) -> "OffsetMap":
        return cls([Piece(0, length, 0, length)] if length else [])

    def _piece_at(self, offset: int) -> Piece | None:
        i = bisect.bisect_right(self._starts, offset) - 1
        return self.pieces[i] if i >= 0 else None

    def to_raw(self, offset: int, *, end: bool = False) -> int:
        """Raw offset of clean ``offset``; with ``end=True`` for the end of a span."""
        if not self.pieces:
            return 0
        probe = offset - 1 if end and offset > 0 else offset
        piece = self._piece_at(probe)
        if piece is None:
            return self.pieces[0].raw_start
        if piece.verbatim:
            delta = min(offset, piece.clean_end) - piece.clean_start
            return piece.raw_start + delta
        return piece.raw_end if end else piece.raw_start

    def span_to_raw(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            r = self.to_raw(start)
            return r, r
        return self.to_raw(start), self.to_raw(end, end=True)


class TextBuilder:
    """Builds a clean text from pieces of a raw text, recording the offset map."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self._parts: list[str] = []
        self._pieces: list[Piece] = []
        self._length = 0

    def keep(self, raw_start: int, raw_end: int) -> None:
        """Copy ``raw[raw_start:raw_end]`` verbatim."""
        if raw_end > raw_start:
            self._add(self.raw[raw_start:raw_end], raw_start, raw_end)

    def replace(self, raw_start: int, raw_end: int, text: str) -> None:
        """Put ``text`` in place of ``raw[raw_start:raw_end]`` (may be empty raw, e.g. a newline)."""
        if text:
            self._add(text, raw_start, raw_end)

    def _add(self, text: str, raw_start: int, raw_end: int) -> None:
        self._parts.append(text)
        self._pieces.append(Piece(self._length, self._length + len(text), raw_start, raw_end))
        self._length += len(text)

    @property
    def length(self) -> int:
        return self._length

    def build(self) -> tuple[str, OffsetMap]:
        return "".join(self._parts), OffsetMap(self._pieces)


@dataclass(slots=True)
class Removal:
    """A part of the raw text that cleaning dropped (raw offsets)."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True, slots=True)
class Span:
    """A plain span of the clean text (sentences, paragraphs)."""

    start: int
    end: int


@dataclass(slots=True, unsafe_hash=True)
class Token:
    """A token of the clean text with its matching key (normalized, clitics not stripped).

    Treat as immutable (hashable by value); not ``frozen`` because a frozen dataclass is ~4x
    slower to construct and every article builds hundreds of tokens.
    """

    start: int
    end: int
    text: str
    norm: str


@dataclass(slots=True)
class ArticleMeta:
    """What is known about an article besides its text."""

    id: str = ""
    source: str | None = None
    outlet: str | None = None
    published: str | None = None
    published_basis: str | None = None
    title: str | None = None
    author: str | None = None
    url: str | None = None
    external_id: str | None = None
    genre: str | None = None
    content_hash: str | None = None
    near_duplicate_of: str | None = None


@dataclass(slots=True)
class Document:
    """One article flowing through the pipeline."""

    raw: str
    meta: ArticleMeta = field(default_factory=ArticleMeta)
    text: str = ""
    offsets: OffsetMap = field(default_factory=lambda: OffsetMap([]))
    removed: list[Removal] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    entities: list["EntityMention"] = field(default_factory=list)
    dates: list["TimeExpr"] = field(default_factory=list)
    quantities: list["Quantity"] = field(default_factory=list)
    events: list["EventMention"] = field(default_factory=list)
    layers_done: set[str] = field(default_factory=set)
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_text(cls, raw: str, meta: ArticleMeta | None = None) -> "Document":
        """A document whose clean text is its raw text (cleaning not run yet)."""
        doc = cls(raw=raw, meta=meta or ArticleMeta())
        doc.text = raw
        doc.offsets = OffsetMap.identity(len(raw))
        return doc

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw offsets of the clean span ``text[start:end]``."""
        return self.offsets.span_to_raw(start, end)

    def sentence_of(self, offset: int) -> Span | None:
        """The sentence holding clean ``offset``, if sentences were split."""
        starts = [s.start for s in self.sentences]
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0 and self.sentences[i].start <= offset < self.sentences[i].end:
            return self.sentences[i]
        return None
