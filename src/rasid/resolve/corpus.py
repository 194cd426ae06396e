"""``resolve_corpus``: readings of many articles -> events, entities, profiles, discrepancies."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from rasid.resolve.article import build_units
from rasid.resolve.cluster import cluster_records
from rasid.resolve.config import FigureData, Policy, load_figure_data, load_policy
from rasid.resolve.entities import EntityIndex
from rasid.resolve.events import EventBuilder
from rasid.resolve.kbview import KBView, KnowledgeBaseLike
from rasid.resolve.profiles import ProfileBuilder
from rasid.resolve.inputs import in_id_order
from rasid.resolve.records import MentionRecord, add_reading_records, article_of
from rasid.resolve.similarity import Scorer


@dataclass
class Resolution:
    """The corpus-level result: CONTRACT dicts, deterministic in content and order.

    ``entities`` is a list, or a one-time iterator when resolved with ``lazy_entities`` (each
    entity dict is then built when taken, e.g. by ``Store.save_resolution``).
    """

    events: list[dict[str, Any]] = field(default_factory=list)
    entities: Iterable[dict[str, Any]] = field(default_factory=list)
    profiles: list[dict[str, Any]] = field(default_factory=list)
    discrepancies: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"events": self.events, "entities": self.entities, "profiles": self.profiles,
                "discrepancies": self.discrepancies}


def _event_order(event: dict[str, Any]) -> tuple[str, str]:
    date = event.get("date") or {}
    return (date.get("earliest") or "9999", event["id"])


def event_clusters(records: list[MentionRecord], articles: list[dict[str, Any]], policy: Policy,
                   figure_data: FigureData, view: KBView) -> list[list[MentionRecord]]:
    """Mentions grouped within each article first, then the groups clustered across articles."""
    genres = {str(a["id"]): str(a.get("genre") or "news") for a in articles}
    units = build_units(records, genres, Scorer(policy, figure_data, view), policy, figure_data)
    clusters = cluster_records([u.record for u in units], Scorer(policy, figure_data, view), policy)
    return [sorted((m for unit_record in c for m in units[unit_record.index].members), key=lambda r: r.sort_key)
            for c in clusters]


@dataclass
class CorpusInputs:
    """What the resolution keeps from the streamed readings: mention records, entities, profiles."""

    records: list[MentionRecord]
    entities: EntityIndex
    profiles: ProfileBuilder


def gather_inputs(articles: list[dict[str, Any]], readings: Iterable[dict[str, Any]], policy: Policy,
                  view: KBView) -> CorpusInputs:
    """Consume the readings (in id order) one at a time into records, entity mentions and claims."""
    by_id = {str(a["id"]): a for a in articles}
    records: list[MentionRecord] = []
    entities = EntityIndex(view)
    profiles = ProfileBuilder(view, entities)
    for reading in readings:
        article = article_of(by_id, reading)
        add_reading_records(records, reading, article, policy, view)
        article_id = str(reading["id"])
        for entity in reading.get("entities") or []:
            entities.add_mention(article_id, entity)
        profiles.add_claims(article_id, reading.get("claims") or [])
    return CorpusInputs(records, entities, profiles)


def resolve_corpus(articles: list[dict[str, Any]], readings: Iterable[dict[str, Any]],
                   kb: KnowledgeBaseLike | None = None, *, lazy_entities: bool = False) -> Resolution:
    """Merge the readings' event mentions into events and build entities, profiles and discrepancies.

    ``articles`` are CONTRACT ARTICLE dicts; ``readings`` are per-article ``Reading.to_dict()``
    outputs (``reading["id"] == article["id"]``), optionally with ``claims``: a list (sorted here)
    or a stream in ascending id order (``Store.iter_reading_parts``), consumed one reading at a
    time so that only what resolution keeps stays in memory. ``kb`` defaults to the packaged
    knowledge base. With ``lazy_entities`` the result's ``entities`` is a one-time iterator that
    builds each entity dict when it is taken (a store saving them never holds them all).
    """
    articles = sorted(articles, key=lambda a: str(a["id"]))
    policy, figure_data, view = load_policy(), load_figure_data(), KBView(kb)
    inputs = gather_inputs(articles, in_id_order(readings), policy, view)
    records, entities, profiles = inputs.records, inputs.entities, inputs.profiles
    builder = EventBuilder(policy, figure_data, view, entities)
    events = sorted((builder.build(c) for c in event_clusters(records, articles, policy, figure_data, view)),
                    key=_event_order)
    for event in events:
        for actor in event["actors"]:
            if actor["role"] in policy.perpetrator_roles and actor.get("entity") and entities.kb_id_of(actor["entity"]):
                profiles.add_actor(actor["entity"])
    profile_dicts = profiles.build(events)
    discrepancies = [d for e in events for d in e["discrepancies"]] + profiles.anachronisms(records)
    records.clear()        # the events hold what they keep (the mention dicts): free the rest before the entity dicts
    entity_dicts = entities.iter_dicts() if lazy_entities else entities.to_dicts()
    return Resolution(events, entity_dicts, profile_dicts, discrepancies)
