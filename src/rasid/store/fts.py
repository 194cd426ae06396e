"""Full-text search terms over normalized Arabic, shared by every backend.

Each word of an article is indexed with all its clitic-stripped keys (``وبدمشق`` is indexed as
``وبدمشق بدمشق دمشق``), so a query word finds the word with any proclitic, diacritic or letter
variant. Search is symmetric: a query word is looked up under its own normalized form OR any of
its clitic-stripped keys (``بدمشق`` finds ``دمشق``; stripped keys shorter than
:data:`QUERY_STEM_MIN` letters are left out, they would match common short words). Snippets are
cut around the first matching word.
"""
from __future__ import annotations

import re
from functools import lru_cache

from rasid.text.clitics import lookup_keys
from rasid.text.normalize import DIACRITICS, INVISIBLES, TATWEEL, normalize
from rasid.text.segment import tokenize

_WORD_RUN = re.compile("(?:[^\\W_]|[" + re.escape("".join(sorted(DIACRITICS | INVISIBLES | {TATWEEL}))) + "])+")
QUERY_STEM_MIN = 3            # shortest clitic-stripped query key that is searched for
_LETTER_RUN = re.compile(r"[^\W_]+")
_PRESENTATION_FORM = re.compile("[\ufb50-\ufefc]")
WORD_CACHE_SIZE = 50_000       # distinct normalized words whose index keys are kept
SNIPPET_CONTEXT = 80          # characters of context on each side of the first match
ELLIPSIS = "…"


@lru_cache(maxsize=50_000)
def word_keys(word: str) -> tuple[str, ...]:
    """The normalized keys under which ``word`` is indexed (only word-like keys)."""
    keys = lookup_keys(word)
    if not keys:
        base = normalize(word)
        keys = [base] if base else []
    return tuple(k for k in keys if k.isalnum())


def _is_word(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


@lru_cache(maxsize=10_000)
def _joined_keys(word: str) -> str:
    return " ".join(word_keys(word))


def index_terms(text: str) -> str:
    """The text an index stores for ``text``: every word's keys, space-separated.

    Words are runs of letters, digits, diacritics, tatweel and joiners (so marks never split a
    word); each distinct written word's keys are computed once per process (cached). The text
    is normalized once as a whole (which deletes those marks, so the runs become plain letter
    runs), unless it holds presentation forms, whose unfolding may add spaces inside a word.
    """
    if _PRESENTATION_FORM.search(text):
        return " ".join(map(_joined_keys, _WORD_RUN.findall(text)))
    return " ".join(map(_NORMALIZED_WORD_KEYS.__getitem__, _LETTER_RUN.findall(normalize(text))))


class _JoinedKeyCache(dict):
    """Normalized word -> its keys joined by spaces, shared by all articles (emptied when full).

    A plain dict is used because a hit is then one C-level lookup inside ``map``.
    """

    def __missing__(self, word: str) -> str:
        if len(self) >= WORD_CACHE_SIZE:
            self.clear()
        joined = self[word] = " ".join(word_keys(word))
        return joined


_NORMALIZED_WORD_KEYS = _JoinedKeyCache()


def query_words(query: str) -> list[str]:
    """The normalized words of a query (one index key each), without duplicates."""
    words: dict[str, None] = {}
    for token in tokenize(query):
        if _is_word(token.text):
            key = normalize(token.text).lower()
            if key.isalnum():
                words.setdefault(key, None)
    return list(words)


def query_key_groups(query: str) -> list[list[str]]:
    """One group per query word: the word's normalized form, then its clitic-stripped keys.

    A document matches a group when it holds any of its keys (its words are indexed under all
    their keys, so ``بدمشق`` in a query finds ``دمشق``, ``لدمشق`` and ``وبدمشق`` in a text).
    """
    groups: dict[tuple[str, ...], None] = {}
    for word in query_words(query):
        stripped = (k.lower() for k in word_keys(word) if len(k) >= QUERY_STEM_MIN)
        groups.setdefault(tuple(dict.fromkeys([word, *stripped])), None)
    return [list(group) for group in groups]


def fts5_match(words: list[str]) -> str:
    """An FTS5 MATCH expression requiring every word (each quoted, so no query syntax leaks in)."""
    return " AND ".join(map(_quoted, words))


def fts5_match_groups(groups: list[list[str]]) -> str:
    """An FTS5 MATCH expression requiring one key of every group (see :func:`query_key_groups`)."""
    return " AND ".join(_quoted(g[0]) if len(g) == 1 else "(" + " OR ".join(map(_quoted, g)) + ")"
                        for g in groups)


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def snippet(text: str, words: list[str], context: int = SNIPPET_CONTEXT) -> str:
    """A piece of ``text`` around the first word whose keys include one of ``words``."""
    wanted = set(words)
    for match in _WORD_RUN.finditer(text):      # lazily: the first match ends the scan
        if wanted.intersection(k.lower() for k in word_keys(match.group())):
            return _window(text, match.start(), match.end(), context)
    return _window(text, 0, 0, context)


def _window(text: str, start: int, end: int, context: int) -> str:
    left, right = max(0, start - context), min(len(text), end + context)
    piece = " ".join(text[left:right].split())
    prefix = ELLIPSIS if left > 0 else ""
    suffix = ELLIPSIS if right < len(text) else ""
    return prefix + piece + suffix
