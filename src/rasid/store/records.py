"""Backend-neutral records: documents to article rows, rows to CONTRACT dicts, event index fields."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable

from rasid.doc import Document
from rasid.errors import StoreError
from rasid.ingest.ids import content_hash as content_hash_of
from rasid.ingest.ids import id_from_hash
from rasid.text.normalize import normalize


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def to_json(value: Any) -> str:
    """Compact JSON for storage: key order as given, real Arabic characters."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def article_id_for(content_hash: str) -> str:
    """The article id derived from its content hash (the same rule as :mod:`rasid.ingest.ids`)."""
    return id_from_hash(content_hash)


@dataclass(slots=True)
class ArticleRow:
    """The column values of one article."""

    id: str
    external_id: str | None
    source: str | None
    url: str | None
    outlet: str | None
    published: str | None
    published_basis: str | None
    title: str | None
    author: str | None
    genre: str | None
    raw: str
    text: str
    removed: str
    content_hash: str
    near_duplicate_of: str | None
    ingested_at: str


def content_hash_for(doc: Document) -> str:
    """The document's content hash: the one ingest computed, else the hash of its raw text."""
    return doc.meta.content_hash or content_hash_of(doc.raw)


def article_id_of(doc: Document) -> str:
    """The id the store gives ``doc`` (derived from its content hash)."""
    return article_id_for(content_hash_for(doc))


def article_row(doc: Document) -> ArticleRow:
    """The row for a cleaned document (its id comes from its content hash)."""
    meta = doc.meta
    content_hash = content_hash_for(doc)
    removed = [{"start": r.start, "end": r.end, "kind": r.kind} for r in doc.removed]
    return ArticleRow(
        id=article_id_for(content_hash), external_id=meta.external_id,
        source=meta.source or meta.url, url=meta.url, outlet=meta.outlet,
        published=meta.published, published_basis=meta.published_basis, title=meta.title,
        author=meta.author, genre=meta.genre, raw=doc.raw, text=doc.text,
        removed=to_json(removed), content_hash=content_hash,
        near_duplicate_of=meta.near_duplicate_of, ingested_at=utc_now())


ARTICLE_EXPORT_FIELDS = ("id", "external_id", "source", "outlet", "published", "published_basis",
                         "title", "genre", "text", "removed")


def contract_article(row: dict[str, Any]) -> dict[str, Any]:
    """CONTRACT ARTICLE from a row mapping (``removed`` as stored JSON)."""
    out = {name: row[name] for name in ARTICLE_EXPORT_FIELDS}
    out["removed"] = json.loads(row["removed"]) if isinstance(row["removed"], str) else row["removed"]
    return out


def stamp_reading(reading: dict[str, Any], article_id: str) -> dict[str, Any]:
    """The reading with its ``id`` set to the stored article's id."""
    return {**reading, "id": article_id}


@dataclass(slots=True)
class EventIndex:
    """The filterable columns of a CONTRACT EVENT."""

    id: str
    type: str | None
    subtype: str | None
    date_earliest: str | None
    date_latest: str | None
    country: str | None
    search_text: str
    actor_kb_ids: list[str]


def event_index(event: dict[str, Any], entity_kb: dict[str, str]) -> EventIndex:
    """Index columns of ``event``; ``entity_kb`` maps entity ids to knowledge-base ids."""
    date = event.get("date") or {}
    location = event.get("location") or {}
    return EventIndex(
        id=str(event["id"]), type=event.get("type"), subtype=event.get("subtype"),
        date_earliest=date.get("earliest") or date.get("value"),
        date_latest=date.get("latest") or date.get("value"),
        country=location.get("country"), search_text=_event_search_text(event),
        actor_kb_ids=actor_kb_ids(event, entity_kb))


def _event_search_text(event: dict[str, Any]) -> str:
    location = event.get("location") or {}
    parts = [location.get("name")] + [a.get("name") for a in event.get("actors") or []]
    parts += [m.get("sentence") for m in event.get("mentions") or []]
    return normalize(" ".join(p for p in parts if p)).lower()


def actor_kb_ids(event: dict[str, Any], entity_kb: dict[str, str]) -> list[str]:
    ids: dict[str, None] = {}
    for actor in event.get("actors") or []:
        entity = actor.get("entity")
        for key in (entity_kb.get(entity or ""), actor.get("kb_id"), entity):
            if key:
                ids.setdefault(str(key), None)
    return list(ids)


def entity_kb_map(entities: Iterable[dict[str, Any]]) -> dict[str, str]:
    """Entity id -> knowledge-base id, for entities that have one."""
    return {str(e["id"]): str(e["kb_id"]) for e in entities if e.get("id") and e.get("kb_id")}


def readings_fingerprint(pairs: Iterable[tuple[str, str]]) -> str:
    """A hash of (article id, reading JSON) pairs: the input identity of a resolution."""
    return sorted_readings_fingerprint(sorted(pairs))


def sorted_readings_fingerprint(pairs: Iterable[tuple[str, str]]) -> str:
    """:func:`readings_fingerprint` of pairs streamed in ascending article id order.

    Each pair is hashed as it comes (nothing is kept); an id out of order raises StoreError,
    since the hash would then differ from the one of the same pairs sorted.
    """
    digest = hashlib.sha256()
    previous: str | None = None
    for article_id, reading_json in pairs:
        if previous is not None and article_id < previous:
            raise StoreError(f"readings are not in ascending id order ({article_id!r} after {previous!r}): "
                             "the store must list them sorted by id")
        previous = article_id
        digest.update(article_id.encode("utf-8") + b"\0" + reading_json.encode("utf-8") + b"\0")
    return digest.hexdigest()
