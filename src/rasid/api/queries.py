"""Queries the API and the web pages share, over the store's query methods.

Filtering, counting and paging happen in the store (indexed SQL, SQLite and PostgreSQL), so a page of a
listing costs O(page), not O(corpus).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rasid.store import EventFilters, Store
from rasid.store.base import EntityFilters

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
    """Outlet, title, date, URL and source of articles, looked up once per request."""

    store: Store
    _cache: dict[str, dict[str, Any]] = field(default_factory=dict)

    def preload(self, article_ids: list[str]) -> None:
        """Look up the summaries of ``article_ids`` in one query."""
        missing = [a for a in dict.fromkeys(article_ids) if a not in self._cache]
        if missing:
            found = self.store.article_summaries(missing)
            for article_id in missing:
                self._cache[article_id] = found.get(article_id) or empty_summary(article_id)

    def summary(self, article_id: str) -> dict[str, Any]:
        self.preload([article_id])
        return self._cache[article_id]


def empty_summary(article_id: str) -> dict[str, Any]:
    return {"id": article_id, "outlet": None, "title": None, "published": None, "url": None, "source": None}


def mention_articles(events: list[dict[str, Any]]) -> list[str]:
    return [str(m.get("article")) for e in events for m in e.get("mentions") or []]


def is_kb_id(value: str) -> bool:
    """Knowledge-base ids look like ``org:al-shabaab`` or ``gpe:SO``."""
    kind, sep, rest = value.partition(":")
    return bool(sep and kind.isalpha() and rest and " " not in value)


def store_filters(query: EventQuery) -> EventFilters:
    """The store filters of ``query``: an actor is a kb id, an entity id, or else part of a name."""
    actor = query.actor.strip() if query.actor else None
    by_id = bool(actor) and (is_kb_id(actor) or actor.startswith(ENTITY_ID_PREFIX))
    return EventFilters(
        type=query.type or None, country=query.country.strip().upper() if query.country else None,
        since=query.date_from.isoformat() if query.date_from else None,
        until=query.date_to.isoformat() if query.date_to else None,
        actor=actor if by_id else None, text=query.q or None,
        actor_name=actor if actor and not by_id else None)


def list_events(store: Store, query: EventQuery, *, total: bool = True) -> Page:
    """Events matching ``query``, one page of them, and their total (-1 when ``total`` is False)."""
    filters = store_filters(query)
    items = store.select_events(filters, query.limit, query.offset)
    return Page(items, store.count_events(filters) if total else -1, query.limit, query.offset)


def event_discrepancies(store: Store, event: dict[str, Any]) -> list[dict[str, Any]]:
    """The event's discrepancies: those it carries, else those the corpus lists for it."""
    return event.get("discrepancies") or store.discrepancies_of(str(event.get("id")))


def event_detail(store: Store, event_id: str) -> dict[str, Any] | None:
    """The event with its discrepancies and each mention's article (outlet, title, published)."""
    event = store.event(event_id)
    if event is None:
        return None
    index = ArticleIndex(store)
    index.preload(mention_articles([event]))
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
    return [{"id": e["id"], "type": e.get("type"), "date": e.get("date")} for e in store.events_of_article(article_id)]


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
    return store.entity(key)


def find_profile(store: Store, key: str) -> dict[str, Any] | None:
    """The profile of the entity whose id or knowledge-base id is ``key``."""
    profile = store.profile(key)
    if profile is None:
        entity = store.entity(key)
        profile = store.profile(str(entity["id"])) if entity else None
    return profile


def entity_events(store: Store, entity_id: str) -> list[dict[str, Any]]:
    """Events where the entity is an actor or the place."""
    return store.events_of_entity(entity_id)


def entity_detail(store: Store, key: str) -> dict[str, Any] | None:
    """An entity with its profile (or null) and the events it takes part in."""
    entity = find_entity(store, key)
    if entity is None:
        return None
    return {**entity, "profile": store.profile(str(entity["id"])),
            "events": [e["id"] for e in entity_events(store, str(entity["id"]))]}


def profile_detail(store: Store, key: str) -> dict[str, Any] | None:
    """A profile, its entity and the events of that entity (the profile's own and those found here)."""
    profile = find_profile(store, key)
    if profile is None:
        return None
    entity = find_entity(store, str(profile.get("entity")))
    found = [e["id"] for e in entity_events(store, str(profile.get("entity")))]
    events = list(dict.fromkeys(list(profile.get("events") or []) + found))
    return {**profile, "entity_record": entity, "events": events}


def list_entities(store: Store, type_: str | None, q: str | None, limit: int, offset: int) -> Page:
    """Entities of a type and/or whose names hold ``q`` (normalized), one page and the total."""
    filters = EntityFilters(type_ or None, q.strip() if q and q.strip() else None)
    return Page(store.select_entities(filters, limit, offset), store.count_entities(filters), limit, offset)


def list_profiles(store: Store, limit: int, offset: int) -> Page:
    return Page(store.select_profiles(limit, offset), store.count_profiles(), limit, offset)


def list_discrepancies(store: Store, kind: str | None, limit: int, offset: int) -> Page:
    return Page(store.select_discrepancies(kind, limit, offset), store.count_discrepancies(kind), limit, offset)


def list_articles(store: Store, limit: int, offset: int) -> Page:
    return Page(store.articles(limit, offset), store.count_articles(), limit, offset)
