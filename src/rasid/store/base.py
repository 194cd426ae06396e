"""The storage interface: one abstract :class:`Store`, one implementation per backend.

The SQL backends share one implementation (:mod:`rasid.store.sql`, with a small dialect each) and
keep what only they have in their own module; what is shared beyond SQL (turning documents into
rows, search terms, CONTRACT records) lives in backend-neutral modules of this package.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

from rasid.doc import Document
from rasid.store.records import readings_fingerprint, to_json
from rasid.text.normalize import normalize

EXPORT_SCHEMA = "rasid.export/1"


@dataclass(frozen=True, slots=True)
class AddResult:
    """What :meth:`Store.add_article` did: the article's id and whether it was new."""

    article_id: str
    created: bool
    near_duplicate_of: str | None = None


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One article matching a full-text query, with a snippet of the clean text."""

    article_id: str
    title: str | None
    snippet: str
    outlet: str | None = None
    published: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article_id, "title": self.title, "snippet": self.snippet,
                "outlet": self.outlet, "published": self.published}


@dataclass(slots=True)
class StoredArticle:
    """An article as stored: enough to rebuild its :class:`Document` and to export it."""

    id: str
    raw: str
    text: str
    meta: dict[str, Any]
    removed: list[dict[str, Any]]
    reading: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class EventFilters:
    """Filters of :meth:`Store.events`; ``None`` means no filter on that field."""

    type: str | None = None
    country: str | None = None
    since: str | None = None          # ISO date: events whose latest possible date is >= since
    until: str | None = None          # ISO date: events whose earliest possible date is <= until
    actor: str | None = None          # knowledge-base id or entity id of an actor
    text: str | None = None           # words in the event's names and sentences (normalized)
    actor_name: str | None = None     # part of an actor's name (normalized); see Store.select_events


@dataclass(frozen=True, slots=True)
class EntityFilters:
    """Filters of :meth:`Store.select_entities`; ``None`` means no filter on that field."""

    type: str | None = None
    name: str | None = None           # part of a name, English name or alias (normalized)


ARTICLE_SUMMARY_FIELDS = ("outlet", "title", "published", "url", "source")


def name_key(text: str) -> str:
    """A name as the name filters compare it: normalized, lower case, single spaces."""
    return " ".join(normalize(text).lower().split())


def event_actor_names(event: dict[str, Any]) -> list[str]:
    """The name keys of an event's actors."""
    return [key for key in (name_key(a.get("name") or "") for a in event.get("actors") or []) if key]


def entity_names(entity: dict[str, Any]) -> list[str]:
    """The name keys of an entity: Arabic and English names and aliases."""
    names = [entity.get("name_ar"), entity.get("name_en"), *(entity.get("aliases") or [])]
    return [key for key in (name_key(str(n)) for n in names if n) if key]


def holds_name(keys: list[str], wanted: str | None) -> bool:
    """True when ``wanted`` (a name part) is inside one of ``keys``; an empty ``wanted`` matches all."""
    part = name_key(wanted or "")
    return not part or any(part in key for key in keys)


def event_articles(event: dict[str, Any]) -> list[str]:
    """Ids of the articles an event's mentions come from."""
    return list(dict.fromkeys(str(m["article"]) for m in event.get("mentions") or [] if m.get("article")))


def involves_entity(event: dict[str, Any], entity_id: str) -> bool:
    """True when the entity is an actor or the place of the event."""
    return (any(a.get("entity") == entity_id for a in event.get("actors") or [])
            or (event.get("location") or {}).get("entity") == entity_id)


def page_of(items: list[Any], limit: int | None, offset: int) -> list[Any]:
    return items[offset:] if limit is None else items[offset:offset + limit]


@dataclass(frozen=True, slots=True)
class StoreStats:
    articles: int
    read: int
    events: int
    entities: int
    profiles: int
    discrepancies: int
    failures: int

    def to_dict(self) -> dict[str, int]:
        return {"articles": self.articles, "read": self.read, "events": self.events,
                "entities": self.entities, "profiles": self.profiles,
                "discrepancies": self.discrepancies, "failures": self.failures}


@dataclass(frozen=True, slots=True)
class Failure:
    source: str
    reason: str
    time: str


@dataclass(slots=True)
class ResolutionRecords:
    """A corpus resolution as plain CONTRACT dicts (what :meth:`Store.save_resolution` stores)."""

    events: list[dict[str, Any]] = field(default_factory=list)
    entities: Iterable[dict[str, Any]] = field(default_factory=list)   # taken once
    profiles: list[dict[str, Any]] = field(default_factory=list)
    discrepancies: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def of(cls, resolution: Any) -> "ResolutionRecords":
        """Accept a ``Resolution`` object (attributes) or a dict with the same four keys.

        Nothing is copied: lists are kept as they are, and ``entities`` may be any iterable
        (a generator is taken lazily, once, by the store); other parts are listed when they
        are not lists (the store reads the events more than once).
        """
        def part(name: str) -> Any:
            value = resolution.get(name) if isinstance(resolution, dict) else getattr(resolution, name, None)
            return value if value is not None else []

        def listed(name: str) -> list[dict[str, Any]]:
            value = part(name)
            return value if isinstance(value, list) else list(value)
        return cls(listed("events"), part("entities"), listed("profiles"), listed("discrepancies"))


class Store(ABC):
    """A Rasid database: articles with their readings, the corpus resolution, failures."""

    @abstractmethod
    def add_article(self, doc: Document, reading: dict[str, Any] | None = None) -> AddResult:
        """Store a cleaned document in ONE transaction; the same content twice is stored once."""

    @abstractmethod
    def set_reading(self, article_id: str, reading: dict[str, Any]) -> None:
        """Store the reading (CONTRACT section 1 object) of an article, in one transaction."""

    @abstractmethod
    def articles(self, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """CONTRACT ARTICLE dicts in ingest order."""

    @abstractmethod
    def article(self, article_id: str) -> StoredArticle | None:
        """One stored article (raw, clean text, metadata, reading) or None."""

    @abstractmethod
    def has_article(self, article_id: str) -> bool:
        """True when an article with this id is stored."""

    @abstractmethod
    def unread_articles(self) -> Iterator[StoredArticle]:
        """Articles without a reading, in ingest order."""

    @abstractmethod
    def iter_readings(self) -> Iterator[dict[str, Any]]:
        """Stored readings in ingest order."""

    def iter_reading_parts(self) -> Iterator[dict[str, Any]]:
        """The stored readings reduced to what resolution reads, in ascending article id order.

        Each item is ``rasid.resolve.inputs.slim_reading`` of a reading. This default keeps the
        slim readings in memory to sort them; a store that can page by id streams them instead.
        """
        from rasid.resolve.inputs import slim_reading

        return iter(sorted((slim_reading(r) for r in self.iter_readings()), key=lambda r: str(r["id"])))

    def readings_fingerprint(self) -> str:
        """Identity of the stored readings: what a resolution would be computed from."""
        return readings_fingerprint((str(r.get("id")), to_json(r)) for r in self.iter_readings())

    @abstractmethod
    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Articles whose title or text holds every word of ``query`` (clitics and diacritics ignored)."""

    @abstractmethod
    def save_resolution(self, resolution: Any, fingerprint: str | None = None) -> None:
        """Replace the previous resolution atomically; ``fingerprint`` identifies its input."""

    @abstractmethod
    def resolution_fingerprint(self) -> str | None:
        """The fingerprint given with the last saved resolution, or None."""

    @abstractmethod
    def events(self, filters: EventFilters | None = None, limit: int | None = None,
               offset: int = 0) -> list[dict[str, Any]]:
        """CONTRACT EVENT dicts matching ``filters``, in the order the resolution gave them."""

    @abstractmethod
    def event(self, event_id: str) -> dict[str, Any] | None:
        """One CONTRACT EVENT or None."""

    @abstractmethod
    def entities(self) -> list[dict[str, Any]]: ...

    @abstractmethod
    def profiles(self) -> list[dict[str, Any]]: ...

    @abstractmethod
    def discrepancies(self) -> list[dict[str, Any]]: ...

    @abstractmethod
    def record_failure(self, source: str, reason: str) -> None:
        """Remember an input that could not be read."""

    @abstractmethod
    def failures(self) -> list[Failure]: ...

    @abstractmethod
    def stats(self) -> StoreStats: ...

    @abstractmethod
    def close(self) -> None: ...

    # -- queries of the web process --------------------------------------------------------
    # Defaults written over the methods above (every backend has them); a backend overrides
    # them with indexed SQL so that a page costs O(page) and not O(corpus).
    def select_events(self, filters: EventFilters | None = None, limit: int | None = None,
                      offset: int = 0) -> list[dict[str, Any]]:
        """Like :meth:`events`, with every filter applied, including ``actor_name``."""
        filters = filters or EventFilters()
        if not filters.actor_name:
            return self.events(filters, limit, offset)
        plain = EventFilters(filters.type, filters.country, filters.since, filters.until, filters.actor, filters.text)
        found = [e for e in self.events(plain) if holds_name(event_actor_names(e), filters.actor_name)]
        return page_of(found, limit, offset)

    def count_events(self, filters: EventFilters | None = None) -> int:
        """How many events :meth:`select_events` finds without paging."""
        return len(self.select_events(filters))

    def events_of_article(self, article_id: str) -> list[dict[str, Any]]:
        """Events with a mention from the article, in resolution order."""
        return [e for e in self.events() if article_id in event_articles(e)]

    def events_of_entity(self, entity_id: str) -> list[dict[str, Any]]:
        """Events where the entity (its id) is an actor or the place, in resolution order."""
        return [e for e in self.events() if involves_entity(e, entity_id)]

    def entity(self, key: str) -> dict[str, Any] | None:
        """The entity whose id, else whose knowledge-base id, is ``key``."""
        entities = self.entities()
        return (next((e for e in entities if e.get("id") == key), None)
                or next((e for e in entities if e.get("kb_id") == key), None))

    def select_entities(self, filters: EntityFilters | None = None, limit: int | None = None,
                        offset: int = 0) -> list[dict[str, Any]]:
        """Entities of a type and/or with a name holding ``filters.name``, in resolution order."""
        filters = filters or EntityFilters()
        found = [e for e in self.entities() if (not filters.type or e.get("type") == filters.type)
                 and holds_name(entity_names(e), filters.name)]
        return page_of(found, limit, offset)

    def count_entities(self, filters: EntityFilters | None = None) -> int:
        return len(self.select_entities(filters))

    def profile(self, entity_id: str) -> dict[str, Any] | None:
        """The profile of the entity with this id (not a knowledge-base id: see :meth:`entity`)."""
        return next((p for p in self.profiles() if p.get("entity") == entity_id), None)

    def select_profiles(self, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        return page_of(self.profiles(), limit, offset)

    def count_profiles(self) -> int:
        return self.stats().profiles

    def select_discrepancies(self, kind: str | None = None, limit: int | None = None,
                             offset: int = 0) -> list[dict[str, Any]]:
        found = [d for d in self.discrepancies() if not kind or d.get("kind") == kind]
        return page_of(found, limit, offset)

    def count_discrepancies(self, kind: str | None = None) -> int:
        return len(self.select_discrepancies(kind))

    def discrepancies_of(self, subject: str) -> list[dict[str, Any]]:
        """Discrepancies about one event or entity id."""
        return [d for d in self.discrepancies() if d.get("subject") == subject]

    def count_articles(self) -> int:
        return self.stats().articles

    def article_summaries(self, article_ids: list[str]) -> dict[str, dict[str, Any]]:
        """``{id: {id, outlet, title, published, url, source}}`` of the stored articles among ``article_ids``."""
        out: dict[str, dict[str, Any]] = {}
        for article_id in dict.fromkeys(article_ids):
            stored = self.article(article_id)
            if stored is not None:
                out[article_id] = {"id": article_id, **{k: stored.meta.get(k) for k in ARTICLE_SUMMARY_FIELDS}}
        return out

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group several article transactions into one commit; each article stays all-or-nothing.

        Backends without batching run every article in its own transaction (this default).
        """
        yield

    def export(self) -> dict[str, Any]:
        """The whole corpus as CONTRACT section 2 (one JSON-ready object)."""
        return {
            "schema": EXPORT_SCHEMA,
            "articles": self.articles(),
            "entities": self.entities(),
            "events": self.events(),
            "profiles": self.profiles(),
            "discrepancies": self.discrepancies(),
        }

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
