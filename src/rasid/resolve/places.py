"""Places that only an adjective of nationality gave (الإسرائيلي، البلجيكية، السودانية).

Reading may place an event in the country of a demonym in its sentence (قتل جنديين إسرائيليين،
وكالة الصحافة الفرنسية). Such a country often names the victims' or the source's nationality,
not where the event happened, so resolution treats it as weak: it never vetoes a pair by
country, counts only as country-level evidence (two mentions with the same demonym: the same
place), and yields to any other place of the same event. Blocking still files the mention under
the demonym's country (blocks stay small). Demonyms come from ``data/places/demonyms.json`` (through
``rasid.events.demonyms``); forms that are also names (مالي، قطري) are not demonyms here.
"""
from __future__ import annotations

import re
from functools import lru_cache

from rasid.entities.link import edit_distance_at_most, letters, skeleton
from rasid.events.demonyms import demonyms
from rasid.events.lexicon import token_keys
from rasid.resolve.records import PlaceKey
from rasid.text.normalize import normalize

_WORD = re.compile(r"[\w\u0600-\u06ff]+")
ARTICLE = "ال"
MASCULINE_ENDING = "ي"
MIN_VARIANT_SKELETON = 3     # letters of a skeleton one letter away from another spelling


@lru_cache(maxsize=4096)
def is_demonym_name(name: str) -> bool:
    """A one-word name that is a demonym with the article (الإسرائيلية) or a masculine one (بلجيكي)."""
    words = _WORD.findall(normalize(name))
    if len(words) != 1:
        return False
    word, table = words[0], demonyms()
    keys = token_keys(word)
    forms = [(k,) for k in keys if (k,) in table.forms and (k,) not in table.ambiguous]
    if not forms:
        return False
    return any(ARTICLE + k[0] in keys or word.startswith(ARTICLE) for k in forms) or word.endswith(MASCULINE_ENDING)


def is_demonym_place(place: PlaceKey | None) -> bool:
    return place is not None and bool(place.name) and is_demonym_name(place.name)


@lru_cache(maxsize=4096)
def spelling_keys(name: str) -> frozenset[str]:
    """Blocking keys under which two spelling variants of a place meet: its skeleton and the
    skeleton with one letter dropped (كرتش -> كرش meets كرش)."""
    key = skeleton(name)
    if not key or letters(key) < MIN_VARIANT_SKELETON - 1:
        return frozenset()
    return frozenset({key} | {key[:i] + key[i + 1:] for i in range(1, len(key) - 1) if key[i] != " "})


def spelling_variants(a: PlaceKey, b: PlaceKey) -> bool:
    """One place written two ways, one linked to the KB and the other not («كيرتش» / «كيرش»).

    The unlinked spelling's country came from its context (a disputed territory may be given to
    either country), so two such places do not veto each other on country. The skeletons (letters
    without long vowels and articles, ``entities.link.skeleton``) are equal, or one letter apart
    when both have at least ``MIN_VARIANT_SKELETON`` letters and share their first and last
    letters (تش / ش for "ch"). Two KB places, two unlinked ones, or one name written alike (an
    unlinked «طرابلس» was left unlinked as ambiguous, and its context's country is then the
    clue: Libya, not Lebanon's Tripoli) are not variants.
    """
    if bool(a.kb_id) == bool(b.kb_id) or not a.name or not b.name or a.key == b.key:
        return False
    x, y = skeleton(a.name), skeleton(b.name)
    if not x or not y or x.count(" ") != y.count(" "):
        return False
    if x == y:
        return letters(x) >= MIN_VARIANT_SKELETON - 1
    return (min(letters(x), letters(y)) >= MIN_VARIANT_SKELETON and x[0] == y[0] and x[-1] == y[-1]
            and edit_distance_at_most(x, y, 1))
