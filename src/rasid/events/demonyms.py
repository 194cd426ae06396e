"""Demonyms (العراقية، الصوماليين، الأفغان) and the country they name, from ``data/places/demonyms.json``.

:func:`demonyms_in` reads the demonyms of a run of token keys (see :func:`rasid.events.lexicon.token_keys`).
A feminine singular demonym usually qualifies a place or an institution (العاصمة الصومالية), and any
demonym right after a place noun does (الجيش المالي): those are ``strong``; other masculine and plural
forms name people, who may be foreigners where the event happened. A demonym after a border noun
(قرب الحدود الصومالية) names a neighbour and is skipped; after a forces noun (القوات الأوغندية) it names
people, not where. Masculine forms also match with the accusative alef (جنديا ماليا).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from rasid.errors import ResourceError
from rasid.resources import load_json, require_keys
from rasid.text.normalize import normalize

DEMONYMS_FILE = "places/demonyms.json"
FORMS = ("masculine", "feminine", "plural", "feminine_plural")
STRONG_FORMS = frozenset({"feminine"})
MAX_WORDS = 2
ACCUSATIVE = "ا"


@dataclass(frozen=True, slots=True)
class DemonymForm:
    country: str
    strong: bool


@dataclass(frozen=True, slots=True)
class Demonyms:
    forms: dict[tuple[str, ...], DemonymForm]   # normalized words -> country
    agent_nouns: frozenset[str]
    ambiguous: frozenset[tuple[str, ...]]
    place_nouns: frozenset[str]
    first_words: frozenset[str] = frozenset()   # first word of every form (a cheap test per token)
    border_nouns: frozenset[str] = frozenset()  # الحدود: the demonym after it names a neighbour
    deployed_nouns: frozenset[str] = frozenset()  # القوات: the demonym after it names people


@dataclass(frozen=True, slots=True)
class DemonymHit:
    start: int                 # token index
    end: int
    country: str
    strong: bool
    after_place: bool = False       # right after a place or institution noun (الجيش المالي)


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(normalize(w) for w in phrase.split())


def _country_forms(iso: str, entry: dict[str, list[str]]) -> dict[tuple[str, ...], DemonymForm]:
    if len(iso) != 2 or not iso.isupper():
        raise ResourceError(f"bad country code {iso!r} (expected ISO 3166-1 alpha-2)", source=DEMONYMS_FILE)
    require_keys(entry, FORMS, f"{DEMONYMS_FILE}:{iso}")
    forms = {_words(w): DemonymForm(iso, kind in STRONG_FORMS) for kind in FORMS for w in entry[kind]}
    forms.update({_accusative(w): DemonymForm(iso, False) for w in entry["masculine"] if _accusative(w) not in forms})
    return forms


def _accusative(phrase: str) -> tuple[str, ...]:
    """مالي -> ماليا (single words; a phrase keeps its words)."""
    words = _words(phrase)
    return (words[0] + ACCUSATIVE,) if len(words) == 1 else words


@lru_cache(maxsize=1)
def demonyms() -> Demonyms:
    """The validated demonym table (loaded once)."""
    data = load_json(DEMONYMS_FILE)
    require_keys(data, ("countries", "agent_nouns", "ambiguous", "place_nouns", "border_nouns", "deployed_nouns"),
                 DEMONYMS_FILE)
    forms: dict[tuple[str, ...], DemonymForm] = {}
    for iso, entry in data["countries"].items():
        for words, form in _country_forms(iso, entry).items():
            forms.setdefault(words, form)
    ambiguous = {_words(w) for w in data["ambiguous"]} | {_accusative(w) for w in data["ambiguous"]}
    return Demonyms(forms, frozenset(normalize(w) for w in data["agent_nouns"]),
                    frozenset(ambiguous),
                    frozenset(normalize(w) for w in data["place_nouns"]),
                    frozenset(words[0] for words in forms),
                    frozenset(normalize(w) for w in data["border_nouns"]),
                    frozenset(normalize(w) for w in data["deployed_nouns"]))


def demonyms_in(keys: Sequence[frozenset[str]], table: Demonyms | None = None) -> list[DemonymHit]:
    """Demonyms among token keys, except those right after an agent noun (غارة إسرائيلية) and
    ambiguous ones (المالية) not right after a place noun."""
    table = table or demonyms()
    out: list[DemonymHit] = []
    for i in range(len(keys)):
        hit = _hit_at(keys, i, table)
        if hit is not None and _counts(keys, hit, table):
            before = keys[hit.start - 1] if hit.start > 0 else frozenset()
            if before & table.deployed_nouns:
                out.append(DemonymHit(hit.start, hit.end, hit.country, False, False))
                continue
            after_place = bool(before & table.place_nouns)
            out.append(DemonymHit(hit.start, hit.end, hit.country, hit.strong or after_place, after_place))
    return out


def _hit_at(keys: Sequence[frozenset[str]], i: int, table: Demonyms) -> DemonymHit | None:
    if table.first_words and not keys[i] & table.first_words:
        return None
    for size in range(MAX_WORDS, 0, -1):
        if i + size > len(keys):
            continue
        for words in _phrases(keys[i:i + size]):
            form = table.forms.get(words)
            if form is not None:
                return DemonymHit(i, i + size, form.country, form.strong)
    return None


def _phrases(keysets: Sequence[frozenset[str]]) -> list[tuple[str, ...]]:
    phrases: list[tuple[str, ...]] = [()]
    for keyset in keysets:
        phrases = [p + (k,) for p in phrases for k in keyset]
    return phrases


def _counts(keys: Sequence[frozenset[str]], hit: DemonymHit, table: Demonyms) -> bool:
    before = keys[hit.start - 1] if hit.start > 0 else frozenset()
    if before & table.agent_nouns or before & table.border_nouns:
        return False
    if any(p in table.ambiguous for p in _phrases(keys[hit.start:hit.end])):
        return bool(before & table.place_nouns)
    return True
