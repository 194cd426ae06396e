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

from rasid.events.demonyms import demonyms
from rasid.events.lexicon import token_keys
from rasid.resolve.records import PlaceKey
from rasid.text.normalize import normalize

_WORD = re.compile(r"[\w\u0600-\u06ff]+")
ARTICLE = "ال"
MASCULINE_ENDING = "ي"


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
