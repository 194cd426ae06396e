"""Organization profiles aggregated from per-article claims, with anachronism checks."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from rasid.resolve.entities import EntityIndex
from rasid.resolve.kbview import KBView
from rasid.resolve.records import MentionRecord

LIST_FIELDS = {"composition": "composition", "area": "areas", "leader": "leaders", "media_outlet": "media_outlets"}
_YEAR = re.compile(r"^(\d{4})")


@dataclass
class ClaimRef:
    """A claim with the article that makes it."""

    article: str
    claim: dict[str, Any]


@dataclass
class ProfileDraft:
    entity: str
    kb_id: str | None
    claims: list[ClaimRef] = field(default_factory=list)


def claim_year(claim: dict[str, Any]) -> int | None:
    m = _YEAR.match(str(claim.get("value") or claim.get("date") or ""))
    return int(m.group(1)) if m else None


class ProfileBuilder:
    """Gathers claims per organization entity and renders CONTRACT PROFILE dicts."""

    def __init__(self, kb: KBView, entities: EntityIndex) -> None:
        self.kb, self.entities = kb, entities
        self.drafts: dict[str, ProfileDraft] = {}

    def add_claims(self, article: str, claims: list[dict[str, Any]]) -> None:
        for claim in claims:
            org = str(claim.get("org") or "")
            kb_id = org if self.kb.known(org) else None
            entity = self.entities.ref(kb_id, claim.get("org_text") or ("" if kb_id else org), "ORG")
            if entity is None:
                continue
            self._draft(entity, kb_id).claims.append(ClaimRef(article, claim))

    def add_actor(self, entity: str) -> None:
        self._draft(entity, self.entities.kb_id_of(entity))

    def _draft(self, entity: str, kb_id: str | None) -> ProfileDraft:
        if entity not in self.drafts:
            self.drafts[entity] = ProfileDraft(entity, kb_id)
        return self.drafts[entity]

    def build(self, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [self._profile(self.drafts[e], events) for e in sorted(self.drafts)]

    def _profile(self, draft: ProfileDraft, events: list[dict[str, Any]]) -> dict[str, Any]:
        profile: dict[str, Any] = {"entity": draft.entity, "kb_id": draft.kb_id}
        profile["founded"] = _grouped(draft.claims, "founded", ("value",))
        profile["size_estimates"] = _grouped(draft.claims, "size_estimate", ("low", "high", "by"))
        for kind, key in LIST_FIELDS.items():
            profile[key] = _grouped(draft.claims, kind, ("value",))
        profile["designations"] = [_renamed(d, "designation_kind", "kind")
                                   for d in _grouped(draft.claims, "designation", ("date", "by", "designation_kind"))]
        profile["events"] = [e["id"] for e in events if self._involved(draft, e)]
        return profile

    def _involved(self, draft: ProfileDraft, event: dict[str, Any]) -> bool:
        for actor in event.get("actors") or []:
            entity = actor.get("entity")
            if entity == draft.entity:
                return True
            actor_kb = self.entities.kb_id_of(entity) if entity else None
            if draft.kb_id and actor_kb and self.kb.is_descendant_or_same(actor_kb, draft.kb_id):
                return True
        return False

    def anachronisms(self, records: list[MentionRecord]) -> list[dict[str, Any]]:
        """Founding years after every event their article reports, or after its publication."""
        latest_event_year: dict[str, int] = defaultdict(int)
        published_year: dict[str, int] = {}
        for record in records:
            if record.interval is not None:
                latest_event_year[record.article] = max(latest_event_year[record.article], record.interval.earliest.year)
            if record.published:
                published_year[record.article] = record.published.year
        out = []
        for entity in sorted(self.drafts):
            out.extend(self._anachronism(self.drafts[entity], latest_event_year, published_year))
        return out

    def _anachronism(self, draft: ProfileDraft, event_year: dict[str, int],
                     published_year: dict[str, int]) -> list[dict[str, Any]]:
        founded = [c for c in draft.claims if c.claim.get("kind") == "founded" and claim_year(c.claim)]
        bad = [c for c in founded if _impossible(c, event_year, published_year)]
        if not bad:
            return []
        values = [{"article": c.article, "value": c.claim.get("value"), "text": c.claim.get("text") or ""} for c in founded]
        worst = bad[0]
        note = (f"founding year {claim_year(worst.claim)} in article {worst.article} is later than the events "
                f"it reports or its publication")
        return [{"subject": draft.entity, "field": "founded", "kind": "anachronism", "values": values, "note": note}]


def _impossible(ref: ClaimRef, event_year: dict[str, int], published_year: dict[str, int]) -> bool:
    year = claim_year(ref.claim) or 0
    if ref.article in published_year and year > published_year[ref.article]:
        return True
    return bool(event_year.get(ref.article)) and year > event_year[ref.article]


def _renamed(item: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    return {(new if k == old else k): v for k, v in item.items()}


def _grouped(claims: list[ClaimRef], kind: str, keys: tuple[str, ...]) -> list[dict[str, Any]]:
    """Claims of one kind grouped by their value fields, each with its first text and all articles."""
    groups: dict[tuple[Any, ...], dict[str, Any]] = {}
    for ref in claims:
        if ref.claim.get("kind") != kind:
            continue
        identity = tuple(ref.claim.get(k) for k in keys)
        item = groups.setdefault(identity, {**{k: ref.claim.get(k) for k in keys}, "text": ref.claim.get("text") or "",
                                            "articles": []})
        if ref.article not in item["articles"]:
            item["articles"].append(ref.article)
    return [groups[k] for k in sorted(groups, key=lambda t: tuple("" if v is None else str(v) for v in t))]
