"""One cluster of mention records -> one CONTRACT EVENT with reconciled fields and discrepancies."""
from __future__ import annotations

from collections import Counter
from typing import Any

from rasid.resolve.config import FigureData, Policy
from rasid.resolve.dates import most_specific_consistent
from rasid.resolve.entities import EntityIndex
from rasid.resolve.figures import discrepancy_values, reconcile_figure
from rasid.resolve.ids import stable_id
from rasid.resolve.kbview import KBView
from rasid.resolve.places import is_demonym_place
from rasid.resolve.records import FIGURE_FIELDS, MentionRecord, PlaceKey, entity_ref
from rasid.resolve.similarity import own_dates


class EventBuilder:
    """Builds events from clusters; shares the entity index so actors and places get entity ids."""

    def __init__(self, policy: Policy, figures: FigureData, kb: KBView, entities: EntityIndex) -> None:
        self.policy, self.figures, self.kb, self.entities = policy, figures, kb, entities
        self._taken: set[str] = set()

    def unique_id(self, cluster: list[MentionRecord]) -> str:
        """The cluster's content id; a deterministic suffix when two clusters hash alike."""
        base = event_id = event_id_of(cluster)
        n = 1
        while event_id in self._taken:
            event_id, n = stable_id("ev", base, str(n)), n + 1
        self._taken.add(event_id)
        return event_id

    def build(self, cluster: list[MentionRecord]) -> dict[str, Any]:
        event_id = self.unique_id(cluster)
        event_type = self.main_type(cluster)
        discrepancies: list[dict[str, Any]] = []
        event: dict[str, Any] = {
            "id": event_id, "type": event_type, "subtype": self.main_subtype(cluster, event_type),
            "plover": _first(r.event.get("plover") for r in cluster if r.type == event_type),
            "date": self.date(cluster, event_id, discrepancies),
            "location": self.location(cluster, event_id, discrepancies),
            "actors": self.actors(cluster),
        }
        for field in FIGURE_FIELDS:
            event[field] = self.figure(cluster, field, event_id, discrepancies)
        discrepancies.extend(self.perpetrator_conflicts(cluster, event_id))
        event["mentions"] = [r.mention for r in cluster]
        event["discrepancies"] = discrepancies
        return event

    def main_type(self, cluster: list[MentionRecord]) -> str:
        counts = Counter(r.type for r in cluster)
        non_claim = [t for t in counts if t != "claim"] or list(counts)
        order = {t: i for i, t in enumerate(self.policy.type_main_order)}
        return sorted(non_claim, key=lambda t: (-counts[t], order.get(t, len(order)), t))[0]

    def main_subtype(self, cluster: list[MentionRecord], event_type: str) -> str | None:
        counts = Counter(r.subtype for r in cluster if r.type == event_type and r.subtype)
        if not counts:
            return None
        spec = self.policy.subtype_specificity
        return sorted(counts, key=lambda s: (-spec.get(s, 0), -counts[s], s))[0]

    def date(self, cluster: list[MentionRecord], event_id: str, out: list[dict[str, Any]]) -> dict[str, Any] | None:
        dated = [r for r in own_dates(cluster) if r.interval is not None]
        choice, consistent = most_specific_consistent([r.interval for r in dated if r.interval])
        if choice is None:
            return None
        if not consistent:
            values = [{"article": r.article, "value": r.interval.value if r.interval else None,
                       "text": r.mention.get("date_text") or ""} for r in dated]
            out.append(_discrepancy(event_id, "date", "conflict", values, "the sources' dates exclude each other"))
        return choice.to_dict()

    def location(self, cluster: list[MentionRecord], event_id: str, out: list[dict[str, Any]]) -> dict[str, Any] | None:
        placed = [r for r in cluster if r.place is not None]
        if not placed:
            return None
        rank = self.policy.precision_rank
        best = sorted(placed, key=lambda r: (is_demonym_place(r.place), -self._support(r.place, placed),
                                             -rank.get(r.place.precision or "", 0), r.sort_key))[0].place
        assert best is not None
        others = [r for r in placed if r.place and self._worth_a_look(r.place, best)]
        if others:
            kind = "conflict" if any(r.place and r.place.country and best.country and r.place.country != best.country
                                     for r in others) else "soft"
            values = [{"article": r.article, "value": r.place.name if r.place else None,
                       "text": r.mention.get("location_text") or (r.place.name if r.place else "")} for r in placed]
            out.append(_discrepancy(event_id, "location", kind, values,
                                    "the sources name different places; neither lies within the other"))
        return self._location_dict(best)

    def _worth_a_look(self, place: PlaceKey, best: PlaceKey) -> bool:
        """A distinct place not within the chosen one, or containing it only at region level."""
        if place.kb_id and place.kb_id == best.kb_id or (place.key and place.key == best.key):
            return False
        if "country" in (place.precision, best.precision) or not place.key or not best.key:
            return bool(place.country and best.country and place.country != best.country)
        if place.kb_id and best.kb_id and self.kb.within(best.kb_id, place.kb_id):
            return place.precision == "region"
        if place.kb_id and best.kb_id and self.kb.within(place.kb_id, best.kb_id):
            return best.precision == "region"
        return True

    def _support(self, place: PlaceKey | None, placed: list[MentionRecord]) -> int:
        return sum(1 for r in placed if place is not None and r.place is not None and self._compatible(r.place, place))

    def _compatible(self, a: PlaceKey, b: PlaceKey) -> bool:
        if a.kb_id and b.kb_id:
            return self.kb.within(a.kb_id, b.kb_id) or self.kb.within(b.kb_id, a.kb_id)
        if a.key and a.key == b.key:
            return True
        return (a.precision == "country" or b.precision == "country" or not a.key or not b.key) and a.country == b.country

    def _location_dict(self, place: PlaceKey) -> dict[str, Any]:
        entry = self.kb.entry(place.kb_id)
        return {"entity": self.entities.ref(place.kb_id, place.name, "LOC"), "name": place.name,
                "country": place.country, "lat": place.lat if place.lat is not None else (entry.lat if entry else None),
                "lon": place.lon if place.lon is not None else (entry.lon if entry else None),
                "precision": place.precision}

    def actors(self, cluster: list[MentionRecord]) -> list[dict[str, Any]]:
        seen: dict[tuple[str, str], dict[str, Any]] = {}
        for record in cluster:
            for actor in record.event.get("actors") or []:
                name = actor.get("name") or ""
                entity = self.entities.ref(entity_ref(actor), name)
                role = actor.get("role") or ""
                key = (entity or name, role)
                if key not in seen:
                    seen[key] = {"entity": entity, "name": name, "role": role}
        return [seen[k] for k in sorted(seen, key=lambda k: (k[1], k[0]))]

    def figure(self, cluster: list[MentionRecord], field: str, event_id: str,
               out: list[dict[str, Any]]) -> dict[str, Any] | None:
        result = reconcile_figure(cluster, field, self.figures)
        if result.kind:
            out.append(_discrepancy(event_id, field, result.kind, discrepancy_values(result.sources), result.note))
        return result.figure

    def perpetrator_conflicts(self, cluster: list[MentionRecord], event_id: str) -> list[dict[str, Any]]:
        linked = [(r, a) for r in cluster for a in r.perpetrators(self.policy) if a.kb_id]
        ids = sorted({a.kb_id for _, a in linked if a.kb_id})
        clash = any(not self.kb.compatible(x, y) for i, x in enumerate(ids) for y in ids[i + 1:])
        if not clash:
            return []
        values = [{"article": r.article, "value": a.kb_id, "text": a.name} for r, a in linked]
        return [_discrepancy(event_id, "perpetrator", "conflict", values,
                             "sources attribute the event to organizations the knowledge base does not relate")]


def event_id_of(cluster: list[MentionRecord]) -> str:
    parts = [f"{r.article}:{r.mention.get('start')}:{r.mention.get('end')}:{r.type}:{r.event.get('id') or ''}:"
             f"{r.mention.get('location_text') or ''}" for r in cluster]
    return stable_id("ev", *parts)


def _discrepancy(subject: str, field: str, kind: str, values: list[dict[str, Any]], note: str) -> dict[str, Any]:
    return {"subject": subject, "field": field, "kind": kind, "values": values, "note": note}


def _first(values: Any) -> Any:
    for value in values:
        if value:
            return value
    return None
