"""A Reading: one document's contract output (CONTRACT section 1), built from its event mentions.

``extract(text, published=...)`` runs the default pipeline on a text; ``read_document(doc)``
reads a document the pipeline already processed. ``Reading.to_dict()`` is exactly one line of
``rasid extract`` output.

Figures from one mention (FIGURE low/best/high):
    exact n      -> low n,   best n,   high n
    at_least n   -> low n,   best n,   high null
    more_than n  -> low n+1, best n+1, high null
    about n      -> low null, best n,  high null
    nearly n     -> low null, best n,  high n
    at_most n    -> low null, best n,  high n
    less_than n  -> low null, best n-1, high n-1
    vague        -> all null (the basis keeps the words, e.g. عشرات)
A figure split in parts (13 soldiers and dozens of civilians) adds the parts' lower bounds into
``low``; ``best`` is that sum only when every part is exact.
"""
from __future__ import annotations

import hashlib
import importlib
import importlib.util
from dataclasses import dataclass, field
from typing import Any, Sequence

from rasid.doc import ArticleMeta, Document
from rasid.model import FIGURE_FIELDS, EventMention, Quantity, TimeExpr

CLAIMS_MODULE = "rasid.events.claims"


@dataclass(slots=True)
class Reading:
    """What one document says: its events, entities and profile claims, or why it could not be read."""

    id: str | None
    document: Document | None = None
    events: list[dict[str, Any]] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "events": self.events, "entities": self.entities}
        if self.error is not None:
            out["error"] = self.error
            return out
        if self.document is not None:
            for key in ("url", "outlet", "title"):
                value = getattr(self.document.meta, key)
                if value is not None:
                    out[key] = value
        out["claims"] = self.claims
        return out


def extract(text: str, published: str | None = None, id: str | None = None, url: str | None = None,
            outlet: str | None = None, title: str | None = None) -> Reading:
    """Read one text with the full pipeline (clean → segment → entities → time → figures → events)."""
    from rasid.pipeline import default_pipeline
    doc = Document.from_text(text, _meta(published, id, url, outlet, title))
    default_pipeline()(doc)
    return read_document(doc)


def extract_many(items: Sequence[dict[str, Any]]) -> list[Reading | Exception]:
    """:func:`extract` for several texts at once (``items``: keyword arguments of ``extract``),
    their sentences tagged in shared batches; each text's Reading or the exception it raised."""
    from rasid.pipeline import default_pipeline
    docs = [Document.from_text(item["text"], _meta(**{k: v for k, v in item.items() if k != "text"}))
            for item in items]
    errors = default_pipeline().complete_many(docs)
    out: list[Reading | Exception] = []
    for doc, error in zip(docs, errors):
        try:
            out.append(error if error is not None else read_document(doc))
        except Exception as exc:  # noqa: BLE001 - returned in the text's place, as its error
            out.append(exc)
    return out


def _meta(published: str | None = None, id: str | None = None, url: str | None = None,
          outlet: str | None = None, title: str | None = None) -> ArticleMeta:
    return ArticleMeta(id=id or "", published=published, url=url, outlet=outlet, title=title,
                       external_id=id, published_basis="caller" if published else None)


def read_document(doc: Document) -> Reading:
    """The Reading of a processed document."""
    article = doc.meta.id or ""
    events = [event_dict(doc, ev, article) for ev in doc.events]
    return Reading(id=doc.meta.external_id or doc.meta.id or None, document=doc, events=events,
                   entities=entity_dicts(doc), claims=claim_dicts(doc))


def entity_dicts(doc: Document) -> list[dict[str, Any]]:
    """Entities with offsets into the input text (``text == input[start:end]``)."""
    out = []
    for ent in doc.entities:
        start, end = doc.raw_span(ent.start, ent.end)
        out.append({"text": doc.raw[start:end], "start": start, "end": end, "type": ent.type, "kb_id": ent.kb_id})
    return out


def claim_dicts(doc: Document) -> list[dict[str, Any]]:
    """Profile claims from ``rasid.events.claims.extract_claims`` when that module is installed."""
    if importlib.util.find_spec(CLAIMS_MODULE) is None:
        return []
    claims = importlib.import_module(CLAIMS_MODULE).extract_claims(doc)
    return [c.to_dict() if hasattr(c, "to_dict") else dict(c) for c in claims]


def entity_ref(kb_id: str | None) -> str | None:
    return f"ent-{kb_id}" if kb_id else None


def event_id(article: str, raw_start: int, raw_end: int, trigger_start: int | None) -> str:
    """Deterministic: the same article, sentence and trigger always give the same id."""
    key = f"{article}:{raw_start}:{raw_end}:{trigger_start}"
    return "ev-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def event_dict(doc: Document, ev: EventMention, article: str) -> dict[str, Any]:
    """A CONTRACT EVENT with exactly one MENTION (this document's)."""
    start, end = doc.raw_span(ev.start, ev.end)
    out: dict[str, Any] = {
        "id": event_id(article, start, end, ev.trigger_start),
        "type": ev.type, "subtype": ev.subtype, "plover": ev.plover,
        "date": date_dict(ev.date),
        "location": _location(ev),
        "actors": [{"entity": entity_ref(a.kb_id), "name": a.name, "role": a.role} for a in ev.actors],
    }
    for name in FIGURE_FIELDS:
        out[name] = figure(getattr(ev, name))
    out["mentions"] = [mention_dict(doc, ev, article, start, end)]
    out["discrepancies"] = []
    return out


def date_dict(date: TimeExpr | None) -> dict[str, Any]:
    """CONTRACT date; an unresolved weekday (no publication date) adds ``weekday`` (0 = Monday)."""
    if date is None:
        return {"value": None, "granularity": None, "earliest": None, "latest": None}
    return _with_weekday(date.to_dict(), date)


def _with_weekday(out: dict[str, Any], date: TimeExpr) -> dict[str, Any]:
    if date.value is None and date.weekday is not None:
        out["weekday"] = date.weekday
    return out


def _location(ev: EventMention) -> dict[str, Any] | None:
    place = ev.location
    if place is None:
        return None
    return {"entity": entity_ref(place.kb_id), "name": place.name, "country": place.country,
            "lat": place.lat, "lon": place.lon, "precision": place.precision}


def mention_dict(doc: Document, ev: EventMention, article: str, start: int, end: int) -> dict[str, Any]:
    out: dict[str, Any] = {
        "article": article, "start": start, "end": end, "sentence": doc.raw[start:end],
        "date_text": (ev.date.text or None) if ev.date else None,
        "date": _with_weekday({"value": ev.date.value, "granularity": ev.date.granularity}, ev.date) if ev.date else None,
        "location_text": ev.location_text,
    }
    for name in FIGURE_FIELDS:
        q = getattr(ev, name)
        out[name] = q.to_dict() if q is not None else None
    out["attributed_to"] = ev.attributed_to
    out["perpetrator_text"] = ev.perpetrator_text
    return out


def figure(q: Quantity | None) -> dict[str, Any] | None:
    """FIGURE of a single mention's quantity (see the module docstring), or None."""
    if q is None:
        return None
    if q.value is None and q.parts:
        return _parts_figure(q)
    low, best, high = bounds(q.value, q.qualifier)
    return {"low": low, "best": best, "high": high, "basis": f"one mention: {q.qualifier} «{q.text}»"}


def bounds(value: int | None, qualifier: str) -> tuple[int | None, int | None, int | None]:
    """(low, best, high) of one written figure."""
    if value is None:
        return None, None, None
    table = {
        "exact": (value, value, value), "at_least": (value, value, None),
        "more_than": (value + 1, value + 1, None), "about": (None, value, None),
        "nearly": (None, value, value), "at_most": (None, value, value),
        "less_than": (None, value - 1, value - 1),
    }
    return table.get(qualifier, (None, None, None))


def _parts_figure(q: Quantity) -> dict[str, Any]:
    lows = [bounds(p.value, p.qualifier)[0] or 0 for p in q.parts]
    low = sum(lows) if any(lows) else None
    exact = all(p.qualifier == "exact" and p.value is not None for p in q.parts)
    best = low if exact else None
    return {"low": low, "best": best, "high": best, "basis": f"one mention, split figure «{q.text}»: sum of the parts' lower bounds"}
