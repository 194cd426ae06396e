"""What the readers yield: a :class:`RawArticle` per article, an :class:`InputFailure` per bad input.

Readers never raise for one bad input; they yield an :class:`InputFailure` naming the input
(a path, ``path:line N`` for a row, ``path:entry N`` for a feed entry, or a URL) and a one-line
reason that says what is wrong and what to do, and go on with the next input.
"""
from __future__ import annotations

from dataclasses import dataclass

from rasid.doc import ArticleMeta
from rasid.errors import InputError
from rasid.ingest.ids import content_hash, id_from_hash


@dataclass(slots=True)
class RawArticle:
    """One article read from an input, before cleaning.

    ``raw`` is plain text (for HTML: the main text trafilatura extracted); ``html`` keeps the
    original page when the input was HTML. ``meta.id`` and ``meta.content_hash`` are derived
    from ``raw`` (see :mod:`rasid.ingest.ids`).
    """

    raw: str
    meta: ArticleMeta
    html: str | None = None


@dataclass(frozen=True, slots=True)
class InputFailure:
    """An input (file, row, entry or URL) that could not be read, and why."""

    source: str
    reason: str


def failure_from(error: InputError, source: str) -> InputFailure:
    """An :class:`InputFailure` from a Rasid input error (named after ``error.source`` if set), on one line."""
    return InputFailure(source=error.source or source, reason=" ".join(error.message.split()))


def make_article(raw: str, meta: ArticleMeta, html: str | None = None) -> RawArticle:
    """A :class:`RawArticle` whose id and content hash are filled in from ``raw``."""
    meta.content_hash = content_hash(raw)
    meta.id = id_from_hash(meta.content_hash)
    return RawArticle(raw=raw, meta=meta, html=html)


def require_text(raw: str, source: str) -> str:
    """``raw`` unchanged, or an :class:`InputError` when it holds no visible text."""
    if not raw.strip():
        raise InputError("no text: the input is empty or only whitespace; give an article with text",
                         source=source)
    return raw
