"""Arguments of an event mention: figures, date, place, actors, attribution.

Each function reads one sentence view (and the event's token range in it) and returns plain
annotation objects of :mod:`rasid.model`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from rasid.events.context import COMMA, SentenceView, Trigger
from rasid.model import ActorRef, EntityMention, Place, Quantity, TimeExpr

FIGURE_CATEGORIES = ("killed", "injured", "arrested", "kidnapped", "sentenced")
PLACE_TYPES = ("LOC", "GPE", "FAC")
ACTOR_TYPES = ("ORG", "PER")
PRECISION_RANK = {"site": 0, "city": 1, "region": 2, "country": 3}
KB_KIND_PRECISION = {
    "site": "site", "facility": "site", "fac": "site", "building": "site", "airport": "site",
    "city": "city", "town": "city", "village": "city", "district": "city", "neighborhood": "city",
    "region": "region", "province": "region", "admin1": "region", "state": "region",
    "governorate": "region", "area": "region", "country": "country",
}
TYPE_PRECISION = {"FAC": "site", "GPE": "city", "LOC": "region"}
QUOTES = frozenset("«»\"“”'‘’()")
MAX_SOURCE_TOKENS = 6
ACTOR_WINDOW = 5


class KnowledgeBase(Protocol):
    def get(self, kb_id: str) -> Any: ...


@dataclass(slots=True)
class EventRange:
    """Token range ``[lo, hi)`` of one event inside its sentence, and its main trigger."""

    lo: int
    hi: int
    trigger: Trigger


# ---------------------------------------------------------------- figures

def assign_quantities(view: SentenceView, triggers: list[Trigger]) -> None:
    """Give every categorized figure of the sentence to the nearest trigger, preferring the
    trigger before it in the same clause (قتل 12 في تفجير ... reads the trigger after)."""
    if not triggers:
        return
    for q in view.quantities:
        category = q.category or _uncategorized_arrest(view, q, triggers)
        if category not in FIGURE_CATEGORIES:
            continue
        if q.category is None:
            q = _with_category(q, category)
        _nearest_trigger(view, view.index_at(q.start), triggers).quantities.append(q)


def _with_category(q: Quantity, category: str) -> Quantity:
    return Quantity(q.start, q.end, q.text, q.value, q.qualifier, category, q.counted, list(q.parts))


def _uncategorized_arrest(view: SentenceView, q: Quantity, triggers: list[Trigger]) -> str | None:
    """A person count right after an arrest trigger (اعتقال 19 شخصا) counts the arrested."""
    i = view.index_at(q.start)
    for trig in triggers:
        if trig.type == "arrest" and 0 <= i - trig.end <= 3 and q.counted:
            return "arrested"
    return None


def _nearest_trigger(view: SentenceView, i: int, triggers: list[Trigger]) -> Trigger:
    clause = view.clause_of[min(i, len(view.tokens) - 1)]
    same = [t for t in triggers if t.clause == clause]
    before = [t for t in same if t.start <= i]
    if before:
        return before[-1]
    if same:
        return same[0]
    earlier = [t for t in triggers if t.start <= i]
    return earlier[-1] if earlier else triggers[0]


def figures_of(trigs: list[Trigger]) -> dict[str, Quantity]:
    """The first figure of each category among the event's triggers."""
    out: dict[str, Quantity] = {}
    for trig in trigs:
        for q in sorted(trig.quantities, key=lambda q: q.start):
            out.setdefault(q.category or "", q)
    return {k: v for k, v in out.items() if k in FIGURE_CATEGORIES}


# ---------------------------------------------------------------- date

def date_of(view: SentenceView, rng: EventRange, taken: set[int]) -> TimeExpr | None:
    """The resolved date nearest the trigger in the event's range, else a free one of the sentence."""
    usable = [d for d in view.dates if d.value and id(d) not in taken]
    if not usable:
        return None
    trig_at = view.tokens[rng.trigger.start].start
    inside = [d for d in usable if _in_range(view, d.start, rng)]
    pool = inside or usable
    return min(pool, key=lambda d: abs(d.start - trig_at))


def _in_range(view: SentenceView, offset: int, rng: EventRange) -> bool:
    return rng.lo <= view.index_at(offset) < rng.hi


# ---------------------------------------------------------------- place

def place_of(view: SentenceView, rng: EventRange, entities: list[EntityMention],
             kb: KnowledgeBase | None) -> tuple[Place | None, str | None]:
    """The most specific place of the event's range (else the sentence), resolved through the KB."""
    places = [e for e in entities if e.type in PLACE_TYPES]
    inside = [e for e in places if _in_range(view, e.start, rng)] or places
    if not inside:
        return None, None
    resolved = [(e, resolve_place(e, kb)) for e in inside]
    trig_at = view.tokens[rng.trigger.start].start
    best_ent, best = min(resolved, key=lambda p: (_rank(p[1]), abs(p[0].start - trig_at)))
    if best.precision == "site" and best.lat is None:
        best = _site_near_city(best, [p for _, p in resolved])
    return best, best_ent.text


def _rank(place: Place) -> int:
    return PRECISION_RANK.get(place.precision or "", len(PRECISION_RANK))


def _site_near_city(site: Place, others: list[Place]) -> Place:
    """A site without coordinates takes the country and coordinates of a city next to it."""
    cities = [p for p in others if p.precision in ("city", "region") and p.lat is not None]
    if not cities:
        return site
    city = min(cities, key=_rank)
    return Place(site.name, site.kb_id, site.country or city.country, city.lat, city.lon, "site")


def resolve_place(ent: EntityMention, kb: KnowledgeBase | None) -> Place:
    entry = kb.get(ent.kb_id) if (kb is not None and ent.kb_id) else None
    if entry is None:
        return Place(ent.text, None, None, None, None, TYPE_PRECISION.get(ent.type))
    return Place(name=getattr(entry, "name_ar", None) or ent.text, kb_id=ent.kb_id,
                 country=getattr(entry, "country", None), lat=getattr(entry, "lat", None),
                 lon=getattr(entry, "lon", None), precision=_precision(entry, ent.type))


def _precision(entry: Any, ent_type: str) -> str | None:
    for attr in ("level", "kind", "type"):
        value = getattr(entry, attr, None)
        if isinstance(value, str) and value.lower() in KB_KIND_PRECISION:
            return KB_KIND_PRECISION[value.lower()]
    return TYPE_PRECISION.get(ent_type)


# ---------------------------------------------------------------- actors

def actors_of(view: SentenceView, rng: EventRange, entities: list[EntityMention], event_type: str) -> list[ActorRef]:
    """Actors of the event with their roles, read from cue words next to ORG/PER entities."""
    actors: list[ActorRef] = []
    used: set[int] = set()
    for cue, role in _role_cues(event_type):
        for m in view.cues.get(cue, ()):
            if not (rng.lo <= m.start < rng.hi or cue == "claim_verbs"):
                continue
            ent = _entity_after(view, m.end, entities, used)
            if ent is not None and _claim_ok(view, cue, m.end, ent):
                used.add(id(ent))
                actors.append(ActorRef(ent.text, role, ent.kb_id, ent.start, ent.end))
    actors.extend(_default_actors(view, rng, entities, event_type, used))
    return actors


def _role_cues(event_type: str) -> list[tuple[str, str]]:
    cues = [("claim_verbs", "claimed_by"), ("perpetrator_cues", "perpetrator"), ("accusation_cues", "accused")]
    return cues if event_type in ("attack", "claim", "plot_foiled", "threat", "armed_clash") else cues[2:]


def _claim_ok(view: SentenceView, cue: str, after: int, ent: EntityMention) -> bool:
    """A claim verb's subject counts only when مسؤولية follows it (أعلن X مسؤوليته) or the verb is تبنى."""
    if cue != "claim_verbs":
        return True
    j = view.index_at(ent.end)
    tail = view.keys[j:j + 3]
    return any(k.startswith("مسوولي") or k.startswith("مسيولي") for ks in tail for k in ks) or \
        any(k.startswith("تبن") for k in view.keys[max(after - 1, 0)])


def _entity_after(view: SentenceView, i: int, entities: list[EntityMention], used: set[int]) -> EntityMention | None:
    if i >= len(view.tokens):
        return None
    lo = view.tokens[i].start
    hi = view.tokens[min(i + ACTOR_WINDOW, len(view.tokens)) - 1].end
    for ent in entities:
        if ent.type in ACTOR_TYPES and lo <= ent.start <= hi and id(ent) not in used:
            return ent
    return None


def _default_actors(view: SentenceView, rng: EventRange, entities: list[EntityMention],
                    event_type: str, used: set[int]) -> list[ActorRef]:
    """Authorities of arrests, trials, plots and designations; victims of assassinations and kidnappings."""
    inside = [e for e in entities if e.type in ACTOR_TYPES and id(e) not in used and _in_range(view, e.start, rng)]
    trig_at = view.tokens[rng.trigger.start].start
    out: list[ActorRef] = []
    if event_type in ("arrest", "legal_action", "plot_foiled", "designation") and inside:
        first = min(inside, key=lambda e: abs(e.start - trig_at))
        out.append(ActorRef(first.text, "authority", first.kb_id, first.start, first.end))
        role = "target" if event_type == "designation" else "arrested"
        for ent in inside:
            if ent is not first and ent.start > trig_at and (ent.type == "ORG" if role == "target" else ent.type == "PER"):
                out.append(ActorRef(ent.text, role, ent.kb_id, ent.start, ent.end))
    if event_type == "attack" and rng.trigger.subtype in ("assassination", "kidnapping"):
        for ent in inside:
            if ent.type == "PER" and ent.start > trig_at:
                out.append(ActorRef(ent.text, "victim", ent.kb_id, ent.start, ent.end))
    return out


# ---------------------------------------------------------------- attribution

def attribution_of(view: SentenceView, claim_free: bool = True) -> str | None:
    """The source of the sentence as written: after وفق/بحسب/نقلا عن, or the subject of a
    reporting verb followed by إن/أن or a ب-phrase (قالت الشرطة إن، أفادت مصادر بمقتل)."""
    for m in view.cues.get("attribution_preps", ()):
        phrase = _source_phrase(view, m.end)
        if phrase:
            return phrase
    for m in view.cues.get("attribution_verbs", ()):
        if claim_free and view.cue_after("claim_verbs", m.start, 0) and _mentions_claim(view, m.end):
            continue
        phrase = _source_phrase(view, m.end, need_stop=True)
        if phrase:
            return phrase
    return None


def _mentions_claim(view: SentenceView, i: int) -> bool:
    return any(k.startswith("مسوولي") for ks in view.keys[i:i + 6] for k in ks)


def _source_phrase(view: SentenceView, i: int, need_stop: bool = False) -> str | None:
    """Tokens from ``i`` up to a stop word, punctuation, a figure or a date, at most a few words."""
    stops = {m.start for m in view.cues.get("attribution_stops", ())}
    blocked = _figure_and_date_tokens(view)
    j, stopped = i, False
    while j < len(view.tokens) and j - i < MAX_SOURCE_TOKENS:
        tok = view.tokens[j]
        if j in stops or j in blocked or (not tok.text[0].isalnum() and tok.text not in QUOTES):
            stopped = True
            break
        j += 1
    if need_stop and not stopped:
        return None
    while j > i and view.tokens[j - 1].text in QUOTES and view.tokens[j - 1].text not in "»”)":
        j -= 1
    if j <= i or (j == i + 1 and view.tokens[i].text in QUOTES):
        return None
    return view.text_of(i, j)


def _figure_and_date_tokens(view: SentenceView) -> set[int]:
    out: set[int] = set()
    for span in [*view.quantities, *view.dates]:
        a, b = view.index_at(span.start), view.index_at(max(span.end - 1, span.start))
        out.update(range(a, b + 1))
    return out


def perpetrator_text(actors: list[ActorRef]) -> str | None:
    for role in ("perpetrator", "claimed_by"):
        for a in actors:
            if a.role == role:
                return a.name
    return None


def comma_before(view: SentenceView, i: int) -> bool:
    return i > 0 and view.tokens[i - 1].text in COMMA
