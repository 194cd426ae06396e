"""The storage interface: one abstract :class:`Store`, one implementation per backend.

Every backend keeps its SQL in its own module; what is shared (turning documents into rows,
search terms, CONTRACT records) lives in backend-neutral modules of this package.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterator

from rasid.doc import Document
from rasid.store.records import readings_fingerprint, to_json

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
    actor: str | None = None          # knowledge-base id of an actor
    text: str | None = None           # words in the event's names and sentences (normalized)


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
    entities: list[dict[str, Any]] = field(default_factory=list)
    profiles: list[dict[str, Any]] = field(default_factory=list)
    discrepancies: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def of(cls, resolution: Any) -> "ResolutionRecords":
        """Accept a ``Resolution`` object (attributes) or a dict with the same four keys."""
        def part(name: str) -> list[dict[str, Any]]:
            value = resolution.get(name) if isinstance(resolution, dict) else getattr(resolution, name, None)
            return [dict(item) for item in (value or [])]
        return cls(part("events"), part("entities"), part("profiles"), part("discrepancies"))


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
