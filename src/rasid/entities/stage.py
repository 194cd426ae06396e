"""The entity stage: tagger spans and knowledge-base matches merged into ``doc.entities``.

One gazetteer scan per document (:meth:`KnowledgeBase.find_in_text` over ``doc.tokens``)
plus the trained tagger when its model is installed. Overlaps are settled in favour of the
longer span; the knowledge base fixes types (a LOC that is a country or city becomes GPE, a
site FAC) and gives kb ids; organizations the tagger missed are added from the scan.
"""
from __future__ import annotations

import bisect
import importlib
from typing import Callable, Protocol, Sequence

from rasid.doc import Document, Token
from rasid.entities.kb import KBEntry, KBMatch, KnowledgeBase, LinkContext, get_kb
from rasid.entities.link import cluster_key, word_keys
from rasid.errors import ResourceError
from rasid.model import EntityMention
from rasid.pipeline import CLEAN, ENTITIES, SENTENCES, TOKENS

ADDED_FROM_KB = frozenset({"ORG", "GPE", "FAC"})
CURATED_PERSON_PREFIX = "per:"
TAGGER_MODULE = "rasid.entities.tagger"


class Tagger(Protocol):
    def tag_spans(self, text: str, tokens: Sequence[Token]) -> list[EntityMention]: ...


def default_tagger() -> Tagger | None:
    """The trained tagger when its module and model exist, else None (gazetteer only)."""
    try:
        module = importlib.import_module(TAGGER_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name and TAGGER_MODULE.startswith(exc.name):
            return None
        raise
    try:
        return module.get_tagger()
    except (ResourceError, FileNotFoundError):
        return None


def kb_type(entry: KBEntry, tagged: str | None = None) -> str:
    """The type the knowledge base gives: places by level, organizations and people as they are."""
    if entry.type == "FAC" or entry.level == "site":
        return "FAC"
    if entry.type in ("GPE", "LOC"):
        return "LOC" if entry.type == "LOC" else "GPE"
    if entry.type == "PER" and tagged not in (None, "PER"):
        return tagged
    return entry.type


class EntityStage:
    name = "entities"
    requires = frozenset({CLEAN, SENTENCES, TOKENS})
    provides = frozenset({ENTITIES})

    def __init__(self, tagger: Tagger | None | Callable[[], Tagger | None] = default_tagger,
                 kb: KnowledgeBase | None = None) -> None:
        self._tagger_source = tagger
        self._tagger: Tagger | None = None
        self._tagger_loaded = False
        self._kb = kb

    @property
    def kb(self) -> KnowledgeBase:
        if self._kb is None:
            self._kb = get_kb()
        return self._kb

    @property
    def tagger(self) -> Tagger | None:
        if not self._tagger_loaded:
            source = self._tagger_source
            self._tagger = source() if callable(source) and not hasattr(source, "tag_spans") else source
            self._tagger_loaded = True
        return self._tagger

    def __getstate__(self) -> dict:
        """Pickle without the loaded data (workers rebuild it lazily)."""
        source = self._tagger_source if self._tagger_source is default_tagger else None
        return {"_tagger_source": source or default_tagger, "_tagger": None, "_tagger_loaded": False, "_kb": None}

    def __setstate__(self, state: dict) -> None:
        for key, value in state.items():
            setattr(self, key, value)

    def __call__(self, doc: Document) -> None:
        matches = [m for m in self.kb.find_in_text(doc.text, doc.tokens)
                   if not m.weak or _after_locative(m, doc.tokens, self.kb)]
        tagged = self.tagger.tag_spans(doc.text, doc.tokens) if self.tagger is not None else []
        context = LinkContext.of(self.kb, [m.entry.id for m in matches])
        doc.entities = merge(doc.text, tagged, matches, self.kb, context)


def _after_locative(m: KBMatch, tokens: Sequence[Token], kb: KnowledgeBase) -> bool:
    """The word right before ``m`` is a locative (في، قرب، شمال) or a place head (مدينة)."""
    i = bisect.bisect_left([t.start for t in tokens], m.start) - 1
    if i < 0:
        return False
    rules = kb.rules
    return any(k in rules.locatives or k in rules.place_heads for k in word_keys(tokens[i].norm))


def merge(text: str, tagged: Sequence[EntityMention], matches: Sequence[KBMatch], kb: KnowledgeBase,
          context: LinkContext | None = None) -> list[EntityMention]:
    """Tagger spans and KB matches as one sorted, non-overlapping list (longest span wins)."""
    candidates = [_from_match(m) for m in matches]
    by_span = {(m.start, m.end): m for m in matches}
    for t in tagged:
        candidates.append(_linked_tag(t, by_span.get((t.start, t.end)), kb, context))
    chosen = _non_overlapping(candidates)
    return [_cut_to(text, e) for e in chosen if _keep(e)]


def _from_match(m: KBMatch) -> EntityMention:
    return EntityMention(m.start, m.end, m.text, kb_type(m.entry), kb_id=m.entry.id, score=1.0, source="kb")


def _linked_tag(t: EntityMention, match: KBMatch | None, kb: KnowledgeBase,
                context: LinkContext | None) -> EntityMention:
    entry = match.entry if match is not None else kb.link(t.text, type_hint=t.type, context=context)
    if entry is not None and not _types_agree(t.type, entry):
        entry = None
    if entry is None:
        return EntityMention(t.start, t.end, t.text, t.type, None, t.score, t.source or "tagger")
    return EntityMention(t.start, t.end, t.text, kb_type(entry, t.type), entry.id, t.score, "tagger")


def _types_agree(tagged: str, entry: KBEntry) -> bool:
    """A tagger type and a KB entry fit: places with places, people with people, ORG with ORG."""
    if tagged in ("LOC", "GPE", "FAC"):
        return entry.is_place
    if tagged == "PER":
        return entry.type == "PER"
    if tagged == "ORG":
        return entry.type == "ORG"
    return True


def _rank(e: EntityMention) -> tuple[int, int, int]:
    """Longer spans first; on equal length prefer linked, then tagger spans."""
    return (e.end - e.start, e.kb_id is not None, e.source == "tagger")


def _non_overlapping(candidates: list[EntityMention]) -> list[EntityMention]:
    taken: list[EntityMention] = []
    for e in sorted(candidates, key=_rank, reverse=True):
        if all(e.end <= o.start or e.start >= o.end for o in taken):
            taken.append(e)
    return sorted(taken, key=lambda e: (e.start, e.end))


def _keep(e: EntityMention) -> bool:
    """KB-only matches: organizations, places and facilities; people only from the curated list."""
    if e.source != "kb" or e.type in ADDED_FROM_KB or e.type == "LOC":
        return True
    return e.type == "PER" and (e.kb_id or "").startswith(CURATED_PERSON_PREFIX)


def _cut_to(text: str, e: EntityMention) -> EntityMention:
    e.text = text[e.start:e.end]
    return e


def entity_cluster_key(mention: EntityMention) -> str:
    """Cross-article key of a mention: its kb id, or the cluster key of its text."""
    return mention.kb_id or f"{mention.type}:{cluster_key(mention.text)}"
