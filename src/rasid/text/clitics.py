"""Clitic-aware lookup keys: the forms of a word with proclitics (و ف ب ل ك ال س) stripped."""
from __future__ import annotations

from functools import lru_cache

from rasid.text.normalize import normalize

CONJUNCTIONS = ("و", "ف")
PREPOSITIONS = ("ب", "ل", "ك")
ARTICLE = "ال"
LAM_ARTICLE = "لل"          # ل + ال contracted
FUTURE = "س"
MIN_STEM = 2
MAX_CACHED_WORDS = 50_000


def _strip_article(word: str) -> list[str]:
    out = []
    if word.startswith(LAM_ARTICLE) and len(word) - 2 >= MIN_STEM:
        out.append(word[2:])               # للجيش -> جيش
        out.append("ال" + word[2:])        # للجيش -> الجيش
    if word.startswith(ARTICLE) and len(word) - 2 >= MIN_STEM:
        out.append(word[2:])
    return out


def lookup_keys(word: str, *, with_article: bool = True) -> list[str]:
    """Normalized candidate keys for ``word``, most literal first, without duplicates.

    ``lookup_keys("وبالموصل")`` -> ["وبالموصل", "بالموصل", "الموصل", "موصل"]; keys shorter
    than two letters are never produced. Used to look words up in gazetteers and lexicons.
    """
    return list(lookup_key_tuple(word, with_article))


@lru_cache(maxsize=MAX_CACHED_WORDS)
def lookup_key_tuple(word: str, with_article: bool = True) -> tuple[str, ...]:
    """:func:`lookup_keys` as an immutable tuple, cached per written word."""
    base = normalize(word)
    keys = [base]
    stems = [base]
    if base[:1] in CONJUNCTIONS and len(base) - 1 >= MIN_STEM:
        stems.append(base[1:])
    for stem in list(stems):
        if stem[:1] in PREPOSITIONS and len(stem) - 1 >= MIN_STEM:
            stems.append(stem[1:])
        if stem[:1] == FUTURE and len(stem) - 1 > MIN_STEM + 1:
            stems.append(stem[1:])
    for stem in stems:
        keys.append(stem)
        if with_article:
            keys.extend(_strip_article(stem))
    seen: dict[str, None] = {}
    for k in keys:
        if len(k) >= MIN_STEM:
            seen.setdefault(k, None)
    return tuple(seen)


def strip_proclitics(word: str) -> str:
    """The shortest key of :func:`lookup_keys` (the bare stem), normalized."""
    keys = lookup_key_tuple(word)
    return min(keys, key=len) if keys else normalize(word)
