"""Corpus entities: KB-linked mentions grouped by KB id, unknown names grouped by name key.

A corpus of 30k articles holds about a million entity mentions, so they are not kept as dicts:
each article id and each mention text is stored once (``Interner``) and a mention is four
integers in its entity's ``array`` (article, start, end, text). The CONTRACT mention dicts are
built only when the entity dicts are (``to_dicts``).
"""
from __future__ import annotations

from array import array
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterator

from rasid.resolve.ids import stable_id
from rasid.resolve.kbview import KBView
from rasid.resolve.keys import name_key

MENTION_WIDTH = 4          # integers per stored mention: article, start, end, text


class Interner:
    """Each distinct string once, numbered in order of arrival."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self.values: list[str] = []

    def number(self, value: str) -> int:
        found = self.numbers.get(value)
        if found is None:
            found = self.numbers[value] = len(self.values)
            self.values.append(value)
        return found


@dataclass(slots=True)
class EntityDraft:
    """An entity being gathered from its mentions (packed: see ``MENTION_WIDTH``)."""

    id: str
    kb_id: str | None
    key: str
    types: Counter = field(default_factory=Counter)
    surfaces: Counter = field(default_factory=Counter)
    packed: array = field(default_factory=lambda: array("q"))


class EntityIndex:
    """Builds CONTRACT ENTITY dicts; gives every actor and place an entity id."""

    def __init__(self, kb: KBView) -> None:
        self.kb = kb
        self.drafts: dict[str, EntityDraft] = {}
        self.articles = Interner()
        self.texts = Interner()

    def ref(self, kb_id: str | None, name: str, type_: str | None = None) -> str | None:
        """The entity id for a KB id (when known) or a name; None when there is neither."""
        if kb_id and self.kb.known(kb_id):
            draft = self._draft(("kb", kb_id), kb_id, "")
        else:
            key = name_key(name) if name else ""
            if not key:
                return None
            draft = self._draft(("name", key), None, key)
        if name:
            draft.surfaces[name] += 1
        if type_:
            draft.types[type_] += 1
        return draft.id

    def add_mention(self, article: str, entity: dict[str, Any]) -> None:
        text = entity.get("text") or ""
        entity_id = self.ref(entity.get("kb_id"), text, entity.get("type"))
        if entity_id is None:
            return
        start, end = int(entity.get("start") or 0), int(entity.get("end") or 0)
        self.drafts[entity_id].packed.extend((self.articles.number(article), start, end, self.texts.number(text)))

    def _draft(self, identity: tuple[str, str], kb_id: str | None, key: str) -> EntityDraft:
        entity_id = stable_id("ent", *identity)
        if entity_id not in self.drafts:
            self.drafts[entity_id] = EntityDraft(entity_id, kb_id, key)
        return self.drafts[entity_id]

    def kb_id_of(self, entity_id: str) -> str | None:
        draft = self.drafts.get(entity_id)
        return draft.kb_id if draft else None

    def to_dicts(self) -> list[dict[str, Any]]:
        return list(self.iter_dicts())

    def iter_dicts(self) -> Iterator[dict[str, Any]]:
        """The entity dicts of :meth:`to_dicts`, built one at a time as they are taken."""
        return (self._to_dict(self.drafts[i]) for i in sorted(self.drafts))

    def mentions_of(self, draft: EntityDraft) -> list[dict[str, Any]]:
        """The draft's mentions, one per (article, start, end) (the last text seen wins), in that order."""
        latest: dict[tuple[int, int, int], int] = {}
        packed = draft.packed
        for i in range(0, len(packed), MENTION_WIDTH):
            latest[(packed[i], packed[i + 1], packed[i + 2])] = packed[i + 3]
        articles, texts = self.articles.values, self.texts.values
        order = sorted(latest, key=lambda k: (articles[k[0]], k[1], k[2]))
        return [{"article": articles[k[0]], "start": k[1], "end": k[2], "text": texts[latest[k]]} for k in order]

    def _to_dict(self, draft: EntityDraft) -> dict[str, Any]:
        entry = self.kb.entry(draft.kb_id)
        surfaces = sorted(draft.surfaces, key=lambda s: (-draft.surfaces[s], s))
        type_ = _majority(draft.types) or (entry.type if entry else None) or "MISC"
        aliases = sorted(set(surfaces) | set(entry.aliases_ar if entry else ()))
        return {
            "id": draft.id, "kb_id": draft.kb_id, "type": type_,
            "name_ar": (entry.name_ar if entry and entry.name_ar else (surfaces[0] if surfaces else draft.key)),
            "name_en": entry.name_en if entry else None, "aliases": aliases,
            "parent_kb_id": entry.parent if entry else None,
            "country": (entry.country or self.kb.country(draft.kb_id)) if entry else None,
            "lat": entry.lat if entry else None, "lon": entry.lon if entry else None,
            "mentions": self.mentions_of(draft),
        }


def _majority(counter: Counter) -> str | None:
    if not counter:
        return None
    return sorted(counter, key=lambda t: (-counter[t], t))[0]
