"""Stable ids from content.

The id of an article depends only on its text: the text is put in its matching form
(:func:`rasid.text.normalize.normalize`: diacritics, tatweel, invisible marks, letter variants
and digits folded) and its whitespace collapsed, then hashed with SHA-256. The same article
ingested twice, from a file or a JSON Lines row, with different spacing or diacritics, gets the
same :func:`content_hash` and the same :func:`article_id` (``"art-"`` + 16 hex digits).
"""
from __future__ import annotations

import hashlib

from rasid.text.normalize import normalize

ARTICLE_ID_PREFIX = "art-"
ARTICLE_ID_HEX_DIGITS = 16


def matching_text(text: str) -> str:
    """The normalized text with every run of whitespace collapsed to one space."""
    return " ".join(normalize(text).split())


def content_hash(text: str) -> str:
    """SHA-256 (64 hex digits) of the matching form of ``text``."""
    return hashlib.sha256(matching_text(text).encode("utf-8")).hexdigest()


def article_id(text: str) -> str:
    """The article id for ``text``: ``"art-"`` + the first 16 hex digits of its content hash."""
    return id_from_hash(content_hash(text))


def id_from_hash(digest: str) -> str:
    """The article id for an already computed :func:`content_hash`."""
    return ARTICLE_ID_PREFIX + digest[:ARTICLE_ID_HEX_DIGITS]
