"""Slim readings: only the parts of a reading that the resolution reads, streamed in id order.

A stored reading carries more than resolution needs (event-level figures and discrepancies,
the reading's title and outlet, ...). ``slim_reading`` keeps, per event, the fields that
``rasid.resolve.records`` reads, per entity mention its span, text, type and KB id, and the
claims as they are. ``in_id_order`` lets the corpus resolver consume readings one at a time
without holding them all: a list is sorted, any other iterable must already be in id order.
"""
from __future__ import annotations

import sys
from typing import Any, Iterable, Iterator

from rasid.errors import InputError
from rasid.resolve.titles import TITLE_PLACES_FIELD, title_place_matches

# Event fields resolution reads (records.build_record, events.EventBuilder).
EVENT_FIELDS = ("id", "type", "subtype", "plover", "date", "location", "actors", "mentions")
# Entity-mention fields resolution reads (entities.EntityIndex.add_mention).
ENTITY_FIELDS = ("text", "start", "end", "type", "kb_id")
# Article fields resolution reads (records.build_record, corpus.event_clusters): a field read
# anywhere else in ``rasid.resolve`` must be added here, or engines will not pass it. The title
# is read too, but kept only as its KB places (``slim_article``).
ARTICLE_FIELDS = ("id", "published", "genre")
# Strings up to this length (keys, types, countries, article ids, dates) are interned in slim
# readings: the resolution keeps these dicts for the whole corpus, and each parsed reading has
# its own copy of every key and value.
SHARED_STRING_MAX = 40


def slim_article(article: dict[str, Any]) -> dict[str, Any]:
    """The CONTRACT article with only the fields resolution reads (no text, title, outlet, ...),
    plus its title's KB places (ids only: ``titles.title_place_matches``) when it has a title."""
    slim = {name: article[name] for name in ARTICLE_FIELDS if name in article}
    places = title_place_matches(article.get("title"))
    if places:
        slim[TITLE_PLACES_FIELD] = tuple((sys.intern(kb_id), weak) for kb_id, weak in places)
    return slim


def slim_event(event: dict[str, Any]) -> dict[str, Any]:
    """The event with only the fields resolution reads (short strings shared, see :func:`shared`)."""
    return {name: shared(event[name]) for name in EVENT_FIELDS if name in event}


def shared(value: Any) -> Any:
    """``value`` (parsed JSON) with every key and every string of at most ``SHARED_STRING_MAX``
    characters interned: equal, but one object per distinct string across all readings."""
    if isinstance(value, str):
        return sys.intern(value) if len(value) <= SHARED_STRING_MAX else value
    if isinstance(value, dict):
        return {sys.intern(k) if isinstance(k, str) else k: shared(v) for k, v in value.items()}
    if isinstance(value, list):
        return [shared(item) for item in value]
    return value


def slim_entity(entity: dict[str, Any]) -> dict[str, Any]:
    """The entity mention with only its span, text, type and KB id."""
    return {name: entity[name] for name in ENTITY_FIELDS if name in entity}


def slim_reading(reading: dict[str, Any]) -> dict[str, Any]:
    """A reading dict with only ``id``, slim ``events`` and ``entities``, and ``claims`` as they are."""
    return {"id": reading.get("id"),
            "events": [slim_event(e) for e in reading.get("events") or []],
            "entities": [slim_entity(e) for e in reading.get("entities") or []],
            "claims": shared(list(reading.get("claims") or []))}


def reading_id(reading: dict[str, Any]) -> str:
    return str(reading.get("id"))


def in_id_order(readings: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The readings in ascending id order: a list or tuple is sorted, a stream is checked as it goes."""
    if isinstance(readings, (list, tuple)):
        return iter(sorted(readings, key=reading_id))
    return _checked_order(readings)


def _checked_order(readings: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    previous: str | None = None
    for reading in readings:
        current = reading_id(reading)
        if previous is not None and current < previous:
            raise InputError("readings streamed to the resolver are not in id order: "
                             "stream them sorted by article id or pass a list", source=current)
        previous = current
        yield reading
