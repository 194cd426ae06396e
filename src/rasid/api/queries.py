"""Queries the API and the web pages share, written over the store's public methods only.

What the store does not offer yet (actor by name or entity id, totals for paging, the events of
an entity, an article's events) is computed here from ``Store.events()`` and friends.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rasid.store import EventFilters, Store
from rasid.text.normalize import normalize

ENTITY_ID_PREFIX = "ent-"


@dataclass(frozen=True, slots=True)
class EventQuery:
    """Filters and paging of an event listing; ``None`` means no filter."""

    type: str | None = None
    actor: str | None = None          # knowledge-base id, entity id or a name
    country: str | None = None        # ISO 3166 alpha-2
    date_from: date | None = None
    date_to: date | None = None
    q: str | None = None
    limit: int = 50
    offset: int = 0


@dataclass(slots=True)
class Page:
    """One page of a listing and the total number of matches."""

    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int

    def to_dict(self) -> dict[str, Any]:
        return {"items": self.items, "total": self.total, "limit": self.limit, "offset": self.offset}

    @property
    def has_next(self) -> bool:
        return self.offset + self.limit < self.total


@dataclass(slots=True)
class ArticleIndex:
    """Outlet, title and date of articles, looked up once per request."""

    store: Store
    _cache: dict[str, dict[str, Any]] = field(default_factory=dict)

    def summary(self, article_id: str) -> dict[str, Any]:
        if article_id not in self._cache:
            stored = self.store.article(article_id)
            meta = stored.meta if stored else {}
            self._cache[article_id] = {"id": article_id, "outlet": meta.get("outlet"), "title": meta.get("title"),
                                       "published": meta.get("published"), "url": meta.get("url"),
                                       "source": meta.get("source")}
        return self._cache[article_id]


def is_kb_id(value: str) -> bool:
    """Knowledge-base ids look like ``org:al-shabaab`` or ``gpe:SO``."""
    kind, sep, rest = value.partition(":")
    return bool(sep and kind.isalpha() and rest and " " not in value)


def store_filters(query: EventQuery) -> EventFilters:
    """The part of ``query`` the store filters itself."""
    actor = query.actor.strip() if query.actor else None
    return EventFilters(
        type=query.type or None, country=query.country.strip().upper() if query.country else None,
        since=query.date_from.isoformat() if query.date_from else None,
        until=query.date_to.isoformat() if query.date_to else None,
        actor=actor if actor and is_kb_id(actor) else None, text=query.q or None)


def actor_matches(event: dict[str, Any], actor: str) -> bool:
    """True when an actor of ``event`` is the entity id ``actor`` or its name holds ``actor``."""
    if actor.startswith(ENTITY_ID_PREFIX):
        return any(a.get("entity") == actor for a in event.get("actors") or [])
    wanted = normalize(actor).strip()
    return bool(wanted) and any(wanted in normalize(a.get("name") or "") for a in event.get("actors") or [])


def list_events(store: Store, query: EventQuery) -> Page:
    """Events matching ``query``, one page of them, and their total."""
    events = store.events(store_filters(query))
    actor = (query.actor or "").strip()
    if actor and not is_kb_id(actor):
        events = [e for e in events if actor_matches(e, actor)]
    return Page(events[query.offset:query.offset + query.limit], len(events), query.limit, query.offset)


def paged(items: list[dict[str, Any]], limit: int, offset: int) -> Page:
    return Page(items[offset:offset + limit], len(items), limit, offset)


def event_discrepancies(store: Store, event: dict[str, Any]) -> list[dict[str, Any]]:
    """The event's discrepancies: those it carries, else those the corpus lists for it."""
    own = event.get("discrepancies") or []
    return own or [d for d in store.discrepancies() if d.get("subject") == event.get("id")]


def event_detail(store: Store, event_id: str) -> dict[str, Any] | None:
    """The event with its discrepancies and each mention's article (outlet, title, published)."""
    event = store.event(event_id)
    if event is None:
        return None
    index = ArticleIndex(store)
    detail = dict(event)
    detail["mentions"] = [dict(m, article_info=index.summary(str(m.get("article"))))
                          for m in event.get("mentions") or []]
    detail["discrepancies"] = event_discrepancies(store, event)
    return detail


def removed_parts(raw: str, removed: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each removed part with its kind and raw text."""
    return [{"start": r["start"], "end": r["end"], "kind": r.get("kind"), "text": raw[r["start"]:r["end"]]}
            for r in removed]


def article_events(store: Store, article_id: str) -> list[dict[str, Any]]:
    """Ids, types and dates of the events this article mentions."""
    return [{"id": e["id"], "type": e.get("type"), "date": e.get("date")} for e in store.events()
            if any(m.get("article") == article_id for m in e.get("mentions") or [])]


def article_detail(store: Store, article_id: str) -> dict[str, Any] | None:
    """An article: metadata, clean text, raw text, removed parts (kind and text), entities, events."""
    stored = store.article(article_id)
    if stored is None:
        return None
    reading = stored.reading or {}
    return {"id": stored.id, **stored.meta, "text": stored.text, "raw": stored.raw,
            "removed": removed_parts(stored.raw, stored.removed), "entities": reading.get("entities") or [],
            "read": stored.reading is not None, "events": article_events(store, article_id)}


def find_entity(store: Store, key: str) -> dict[str, Any] | None:
    """The entity whose id or knowledge-base id is ``key``."""
    return next((e for e in store.entities() if key in (e.get("id"), e.get("kb_id"))), None)


def find_profile(store: Store, key: str) -> dict[str, Any] | None:
    """The profile of the entity whose id or knowledge-base id is ``key``."""
    return next((p for p in store.profiles() if key in (p.get("entity"), p.get("kb_id"))), None)


def entity_events(store: Store, entity_id: str) -> list[dict[str, Any]]:
    """Events where the entity is an actor or the place."""
    return [e for e in store.events()
            if any(a.get("entity") == entity_id for a in e.get("actors") or [])
            or (e.get("location") or {}).get("entity") == entity_id]


def entity_detail(store: Store, key: str) -> dict[str, Any] | None:
    """An entity with its profile (or null) and the events it takes part in."""
    entity = find_entity(store, key)
    if entity is None:
        return None
    return {**entity, "profile": find_profile(store, str(entity["id"])),
            "events": [e["id"] for e in entity_events(store, str(entity["id"]))]}


def profile_detail(store: Store, key: str) -> dict[str, Any] | None:
    """A profile, its entity and the events of that entity (the profile's own and those found here)."""
    profile = find_profile(store, key)
    entity = find_entity(store, key)
    if profile is None:
        return None
    entity = entity or find_entity(store, str(profile.get("entity")))
    found = [e["id"] for e in entity_events(store, str(profile.get("entity")))]
    events = list(dict.fromkeys(list(profile.get("events") or []) + found))
    return {**profile, "entity_record": entity, "events": events}


def filter_entities(entities: list[dict[str, Any]], type_: str | None, q: str | None) -> list[dict[str, Any]]:
    """Entities of a type and/or whose names hold ``q`` (normalized)."""
    wanted = normalize(q).strip() if q else ""
    def names(e: dict[str, Any]) -> str:
        return normalize(" ".join([e.get("name_ar") or "", e.get("name_en") or "", *(e.get("aliases") or [])]))
    return [e for e in entities if (not type_ or e.get("type") == type_)
            and (not wanted or wanted in names(e) or wanted.lower() in names(e).lower())]
