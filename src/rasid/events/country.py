"""The country of an event mention when its place is not linked, or is linked against the sentence.

The chain, first that gives a country wins (documented in docs/EVALUATION.md, Extraction):

1. the linked place of the event (:func:`rasid.events.arguments.place_of`) — unless a country
   named in the sentence (a country entity, or a demonym qualifying a place: العاصمة الصومالية)
   contradicts it; then a place of the sentence in that country, else that country;
2. the knowledge-base country of any GPE/LOC/FAC entity of the sentence;
3. places the knowledge base finds in the sentence text itself (strong matches only);
4. a demonym qualifying a place or institution (مدينة بيشاور الباكستانية، الجيش المالي);
5. a name after a province word (محافظة، ولاية، إقليم) with one country among its KB candidates;
6. a demonym naming people (جنود أمريكيين);
7. the article's dominant country: the country most mentioned in the article.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol, Sequence

from rasid.doc import Document
from rasid.events.context import SentenceView
from rasid.events.dateline import dateline_end
from rasid.events.demonyms import DemonymHit, demonyms_in
from rasid.events.lexicon import token_keys
from rasid.model import EntityMention, Place
from rasid.resources import load_json, require_keys
from rasid.text.normalize import normalize

PLACE_WORDS_FILE = "places/place_words.json"
PLACE_ENTITY_TYPES = ("GPE", "LOC", "FAC")
ARTICLE_COUNTRY_KEY = "article_country"
TEXT_PLACES_KEY = "sentence_kb_places"
KAF = "ك"
GLUED_IN = "ب"                                  # بمقديشو
INTRODUCERS = frozenset({"في"})
GLUED_PREFIXES = "وفبل"                         # بإقليم، والحدود
WITH, FROM = "مع", "من"                      # الحدود مع النيجر، المدعومة من إيران
ARTICLE = "ال"
PROVINCE_NAME_WORDS = 2


class CountryKB(Protocol):
    """``get`` is required; ``country_of``, ``find_in_text`` and ``candidates`` (rasid.entities.kb) are
    used when the knowledge base has them (a small test KB may not)."""

    def get(self, kb_id: str) -> Any: ...


def kb_country(kb: CountryKB, kb_id: str) -> str | None:
    if hasattr(kb, "country_of"):
        return kb.country_of(kb_id)  # type: ignore[attr-defined]
    return getattr(kb.get(kb_id), "country", None)


@dataclass(frozen=True, slots=True)
class CountryClue:
    country: str
    source: str          # entity | text | demonym | province | people | article
    text: str


@dataclass(frozen=True, slots=True)
class PlaceWords:
    province_nouns: frozenset[str]
    not_country_heads: frozenset[str]   # ولاية النيجر, نهر النيجر: not the country
    border_words: frozenset[str]        # قرب الحدود (مع) النيجر: a neighbour
    local_heads: frozenset[str]         # حي دار السلام: a neighbourhood, not the Tanzanian city
    container_words: frozenset[str]     # X في Y, X جنوب غرب Y: Y contains X
    affiliation_words: frozenset[str]   # الموالية لإيران: a patron, not where


@lru_cache(maxsize=1)
def place_words() -> PlaceWords:
    data = load_json(PLACE_WORDS_FILE)
    keys = ("province_nouns", "not_country_heads", "border_words", "local_heads", "container_words", "affiliation_words")
    require_keys(data, keys, PLACE_WORDS_FILE)
    return PlaceWords(*(frozenset(normalize(w) for w in data[key]) for key in keys))


def province_nouns() -> frozenset[str]:
    return place_words().province_nouns


def locate(place: Place | None, place_text: str | None, view: SentenceView, entities: list[EntityMention],
           kb: CountryKB | None) -> tuple[Place | None, str | None]:
    """The event's place with a country from the chain above (the place itself is kept when known)."""
    named = {c.country for c in _country_level_clues(view, entities, kb)}
    if place is not None and place.country and (not named or place.country in named):
        return place, place_text
    clue = first_clue(view, entities, kb, within=named if place is not None and place.country else None)
    if clue is None:
        return place, place_text
    if place is not None and place.country is None:
        return Place(place.name, place.kb_id, clue.country, place.lat, place.lon, place.precision), place_text
    return Place(clue.text, None, clue.country, None, None, "country"), clue.text


def first_clue(view: SentenceView, entities: list[EntityMention], kb: CountryKB | None,
               within: set[str] | None = None) -> CountryClue | None:
    """The first clue of the chain (only clues for countries ``within`` when given)."""
    for step in (_entity_clues, _text_clues, _strong_demonym_clues, _weak_text_clues, _province_clues,
                 _people_clues):
        found = [c for c in step(view, entities, kb) if within is None or c.country in within]
        if found:
            return found[0]
    country = article_country(view.doc, kb)
    return CountryClue(country, "article", country) if country and (within is None or country in within) else None


def named_places(entities: list[EntityMention], text: str | None = None) -> list[EntityMention]:
    """Entities minus place entities that are only a province word (ولاية, محافظة): no name, no place;
    nor a word read after a glued ك (كمين read as ك + مين), in the span or, given ``text``, just before it."""
    nouns = province_nouns()
    kept = [e for e in entities if e.type not in PLACE_ENTITY_TYPES
            or (len(e.text.split()) > 1 or not token_keys(e.text) & nouns) and not _kaf_glued_entity(e)
            and not (text is not None and (_after_glued_kaf(e, text) or _not_the_country(e.kb_id, e.start, text)))]
    return kept if text is None else _without_foreign_namesakes(kept, text)


def _without_foreign_namesakes(entities: list[EntityMention], text: str) -> list[EntityMention]:
    """Drop a linked name whose country differs from the place that contains it: after a local head
    (حي دار السلام بمدينة أم درمان: not Tanzania), or with only container words before the next place
    (كنيسة سانتا ماريا في إسطنبول، المنطقة الخضراء في بغداد)."""
    linked = [e for e in entities if e.type in PLACE_ENTITY_TYPES and e.kb_id and not _is_country_id(e.kb_id)]
    if len(linked) < 2:
        return entities
    dropped = [e for e in linked if _contradicted_by_container(e, entities, text)]
    return [e for e in entities if e not in dropped]


def _contradicted_by_container(ent: EntityMention, entities: list[EntityMention], text: str) -> bool:
    local = _after_local_head(ent.start, text)
    after = {_country_id(e.kb_id) for e in entities if e.type in PLACE_ENTITY_TYPES and e.kb_id
             and ent.end <= e.start <= ent.end + CONTAINER_SPAN and (local or _only_container_words(text[ent.end:e.start]))}
    after.discard(None)
    return bool(after) and _country_id(ent.kb_id) not in after


def _only_container_words(gap: str) -> bool:
    words = [normalize(w) for w in _WORDS_BEFORE.findall(gap)]
    return bool(words) and all(_forms(w) & place_words().container_words for w in words)


def _after_local_head(start: int, text: str) -> bool:
    words = _WORDS_BEFORE.findall(text[max(0, start - WORDS_BEFORE_SPAN):start])
    return bool(words) and bool(_forms(normalize(words[-1])) & place_words().local_heads)


@lru_cache(maxsize=4096)
def _country_id(kb_id: str | None) -> str | None:
    from rasid.entities.kb import get_kb       # the entity engineer's KB; loaded on first use
    return get_kb().country_of(kb_id) if kb_id else None


_WORDS_BEFORE = re.compile(r"\w+")
WORDS_BEFORE_SPAN = 40
CONTAINER_SPAN = 40                              # حي X بمدينة Y / ناحية X جنوب غرب Y: Y this close after X


def _not_the_country(kb_id: str | None, start: int, text: str) -> bool:
    """A country named as a state, river, neighbour or patron (ولاية النيجر، نهر النيجر، الحدود مع النيجر،
    الموالية لإيران)."""
    if kb_id is None or not _is_country_id(kb_id):
        return False
    words = [normalize(w) for w in _WORDS_BEFORE.findall(text[max(0, start - WORDS_BEFORE_SPAN):start])][-3:]
    if words and len(words[-1]) == 1:
        words = words[:-1]                 # لإيران: the glued ل is outside the entity
    words = words[-2:]
    if not words:
        return False
    pw = place_words()
    last = _forms(words[-1])
    return bool(last & (pw.not_country_heads | pw.border_words | pw.affiliation_words)) or \
        (len(words) == 2 and words[-1] in (WITH, FROM) and bool(_forms(words[0]) & (pw.border_words | pw.affiliation_words)))


def _forms(word: str) -> set[str]:
    """A word as written, without one glued و/ف/ب/ل (بإقليم، والحدود), and without the article (المنطقة)."""
    forms = {word, word[1:]} if word[:1] in GLUED_PREFIXES and len(word) > 3 else {word}
    return forms | {f[len(ARTICLE):] for f in forms if f.startswith(ARTICLE) and len(f) > len(ARTICLE) + 2}


@lru_cache(maxsize=4096)
def _is_country_id(kb_id: str) -> bool:
    from rasid.entities.kb import get_kb       # the entity engineer's KB; loaded on first use
    entry = get_kb().get(kb_id)
    return entry is not None and getattr(entry, "level", None) == "country"


def _after_glued_kaf(ent: EntityMention, text: str) -> bool:
    """A one-word linked place right after a word-initial ك (its span trimmed of the clitic)."""
    at = ent.start - 1
    glued = at >= 0 and text[at] == KAF and (at == 0 or not text[at - 1].isalpha())
    return glued and len(ent.text.split()) == 1 and ent.kb_id is not None and _kb_name_lacks_kaf_id(ent.kb_id)


def _kaf_glued_entity(ent: EntityMention) -> bool:
    """A place entity written with a glued ك (كمين read as ك + مين): almost always a common word."""
    return ent.text.startswith(KAF) and len(ent.text.split()) == 1 and ent.kb_id is not None and \
        not normalize(ent.text).startswith(KAF + KAF) and _kb_name_lacks_kaf(ent)


def _country_level_clues(view: SentenceView, entities: list[EntityMention], kb: CountryKB | None) -> list[CountryClue]:
    """Countries the sentence names: country entities and demonyms right after a place noun."""
    place_tokens = {view.index_at(e.end - 1) for e in entities if e.type in PLACE_ENTITY_TYPES}
    placed = [h for h in demonyms_in(view.keys) if h.after_place or h.start - 1 in place_tokens]
    return _entity_clues(view, entities, kb, countries_only=True) + \
        [CountryClue(h.country, "demonym", view.text_of(h.start, h.end)) for h in placed]


def _entity_clues(view: SentenceView, entities: list[EntityMention], kb: CountryKB | None,
                  countries_only: bool = False) -> list[CountryClue]:
    if kb is None:
        return []
    out = []
    for ent in entities:
        if ent.type not in PLACE_ENTITY_TYPES or not ent.kb_id:
            continue
        entry = kb.get(ent.kb_id)
        if countries_only and getattr(entry, "level", None) != "country":
            continue
        country = kb_country(kb, ent.kb_id)
        if country:
            out.append(CountryClue(country, "entity", ent.text))
    return out


def _text_clues(view: SentenceView, entities: list[EntityMention], kb: CountryKB | None) -> list[CountryClue]:
    return [c for c, weak, _ in _kb_text_places(view, kb) if not weak]


def _weak_text_clues(view: SentenceView, entities: list[EntityMention], kb: CountryKB | None) -> list[CountryClue]:
    """One-word imported names (often common words too) count only after في, a glued ب, or a place noun."""
    return [c for c, weak, names in _kb_text_places(view, kb) if weak and _introduced(view, c, names)]


def _kb_text_places(view: SentenceView, kb: CountryKB | None) -> list[tuple[CountryClue, bool, list[str]]]:
    """Places the KB finds in the sentence (cached on the view's document per sentence)."""
    if kb is None or not hasattr(kb, "find_in_text"):
        return []
    cache = view.doc.extra.setdefault(TEXT_PLACES_KEY, {})
    if view.span.start not in cache:
        sentence = view.doc.text[view.span.start:view.span.end]
        found = []
        for m in kb.find_in_text(sentence):  # type: ignore[attr-defined]
            country = kb_country(kb, m.entry.id) if getattr(m.entry, "is_place", False) else None
            if country and not _kaf_glued(m.text, m.entry) and not _not_the_country(m.entry.id, m.start, sentence):
                found.append((CountryClue(country, "text", m.text), bool(m.weak), m.entry.names()))
        cache[view.span.start] = found
    return cache[view.span.start]


@lru_cache(maxsize=4096)
def _kb_name_lacks_kaf_id(kb_id: str) -> bool:
    from rasid.entities.kb import get_kb       # the entity engineer's KB; loaded on first use
    entry = get_kb().get(kb_id)
    return entry is not None and not any(normalize(n).startswith(KAF) for n in entry.names())


def _kb_name_lacks_kaf(ent: EntityMention) -> bool:
    return ent.kb_id is not None and _kb_name_lacks_kaf_id(ent.kb_id)


def _kaf_glued(surface: str, entry: Any) -> bool:
    """كنيس read as ك + نيس: the preposition ك is almost never glued to a place name."""
    return surface.startswith(KAF) and not any(normalize(n).startswith(KAF) for n in entry.names())


def _introduced(view: SentenceView, clue: CountryClue, entry_names: list[str]) -> bool:
    """After في or a place noun, or with a glued ب that the name itself does not begin with."""
    name = normalize(clue.text)
    own_ba = any(normalize(n).startswith(GLUED_IN) for n in entry_names)
    for i, tok in enumerate(view.tokens):
        word = normalize(tok.text)
        if not (word.endswith(name) or name.startswith(word)):
            continue
        glued = word[:len(word) - len(name)] if word.endswith(name) else ""
        if not own_ba and (glued.endswith(GLUED_IN) or name.startswith(GLUED_IN)):
            return True
        return i > 0 and bool(view.keys[i - 1] & (province_nouns() | INTRODUCERS))
    return False


def _demonym_clues(view: SentenceView, strong: bool) -> list[CountryClue]:
    hits = [h for h in demonyms_in(view.keys) if h.strong == strong]
    return [CountryClue(h.country, "demonym" if strong else "people", view.text_of(h.start, h.end)) for h in hits]


def _strong_demonym_clues(view: SentenceView, entities: list[EntityMention], kb: CountryKB | None) -> list[CountryClue]:
    return _demonym_clues(view, True)


def _people_clues(view: SentenceView, entities: list[EntityMention], kb: CountryKB | None) -> list[CountryClue]:
    return _demonym_clues(view, False)


def _province_clues(view: SentenceView, entities: list[EntityMention], kb: CountryKB | None) -> list[CountryClue]:
    if kb is None or not hasattr(kb, "candidates"):
        return []
    nouns = province_nouns()
    out = []
    for i, keys in enumerate(view.keys):
        if keys & nouns:
            clue = _province_name(view, i + 1, kb)
            if clue is not None:
                out.append(clue)
    return out


def _province_name(view: SentenceView, i: int, kb: Any) -> CountryClue | None:
    """The longest one- or two-word name after token ``i`` whose KB place candidates share one country."""
    for size in range(PROVINCE_NAME_WORDS, 0, -1):
        if i + size > len(view.tokens):
            continue
        surface = view.text_of(i, i + size)
        places = [e for e in kb.candidates(surface) if getattr(e, "is_place", False)]
        countries = {kb_country(kb, e.id) for e in places} - {None}
        if len(countries) == 1:
            return CountryClue(countries.pop(), "province", surface)
    return None


def article_country(doc: Document, kb: CountryKB | None) -> str | None:
    """The country most mentioned in the article (place entities and demonyms), computed once."""
    if ARTICLE_COUNTRY_KEY not in doc.extra:
        doc.extra[ARTICLE_COUNTRY_KEY] = _dominant_country(doc, kb)
    return doc.extra[ARTICLE_COUNTRY_KEY]


def _dominant_country(doc: Document, kb: CountryKB | None) -> str | None:
    """Places of the dateline (where the story was filed) do not count."""
    counts: Counter[str] = Counter()
    filed = dateline_end(doc)
    if kb is not None:
        for ent in named_places(doc.entities, doc.text):
            if ent.type in PLACE_ENTITY_TYPES and ent.kb_id and ent.start >= filed:
                country = kb_country(kb, ent.kb_id)
                if country:
                    counts[country] += 1
    counts.update(h.country for h in _document_demonyms([t for t in doc.tokens if t.start >= filed]))
    return counts.most_common(1)[0][0] if counts else None


def _document_demonyms(tokens: Sequence[Any]) -> list[DemonymHit]:
    return demonyms_in([token_keys(t.text) for t in tokens])
