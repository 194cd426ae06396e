"""The entity stage: tagger spans and knowledge-base matches merged into ``doc.entities``.

One gazetteer scan per document (:meth:`KnowledgeBase.find_in_text` over ``doc.tokens``)
plus the trained tagger when its model is installed. Overlaps are settled in favour of the
longer span; the knowledge base fixes types (a LOC that is a country or city becomes GPE, a
site FAC) and gives kb ids; organizations the tagger missed are added from the scan.
"""
from __future__ import annotations

import bisect
import importlib
import re
from typing import Callable, Protocol, Sequence

from rasid.doc import Document, Token
from rasid.entities import gazetteer
from rasid.entities.cues import Cues, get_cues
from rasid.entities.dateline import find_dateline
from rasid.entities.kb import KBEntry, KBMatch, KnowledgeBase, LinkContext, get_kb
from rasid.entities.link import cluster_key, name_key, word_key_tuple
from rasid.entities.positions import (adjective_position, after_head_and_adjective, demonym_key,
                                      direction_before_place, is_definite,
                                      is_head_word, locative_before,
                                      locative_clitic, raw_prefix_length, trim_length)
from rasid.entities.rules import facilities, title_persons, word_view
from rasid.errors import ResourceError
from rasid.model import EntityMention
from rasid.pipeline import CLEAN, ENTITIES, SENTENCES, TOKENS

ADDED_FROM_KB = frozenset({"ORG", "GPE", "FAC"})
CURATED_PERSON_PREFIX = "per:"
TAGGER_MODULE = "rasid.entities.tagger"
CAPITAL_KIND = "capital"
PLACE_TAGS = frozenset({"LOC", "GPE", "FAC"})
WORD_RE = re.compile(r"\w+")


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

    @property
    def cues(self) -> Cues:
        return get_cues()

    def __call__(self, doc: Document) -> None:
        self._finish(doc, self.tagger.tag_spans(doc.text, doc.tokens) if self.tagger is not None else [])

    def pipe(self, docs: Sequence[Document]) -> None:
        """``__call__`` for several documents, their sentences tagged in shared batches."""
        tagger = self.tagger
        if tagger is None or not hasattr(tagger, "tag_spans_many"):
            for doc in docs:
                self(doc)
            return
        for doc, tagged in zip(docs, tagger.tag_spans_many([(doc.text, doc.tokens) for doc in docs])):
            self._finish(doc, tagged)

    def _finish(self, doc: Document, tagged: list[EntityMention]) -> None:
        """The document's entities from the tagger's mentions ``tagged``, the KB and the rules."""
        kb, cues = self.kb, self.cues
        tokens = [t for t in doc.tokens if t.norm not in gazetteer.SKIPPED_INSIDE]
        norms = gazetteer.token_norms(tokens)
        starts = [t.start for t in tokens]
        matches = [m for m in kb.find_in_words(doc.text, tokens, norms)
                   if _place_reading_ok(m, norms, _index(starts, m.start), kb, cues)]
        tagged = [t for t in tagged if not _adjective_span(t, norms, starts, kb, cues)
                  and not _after_non_place_word(norms, _index(starts, t.start), kb)]
        matches, tagged = _without_direction_words(matches, tagged, norms, starts)
        view = word_view(doc.text, tokens, norms, _known_spans(matches, starts))
        ruled = title_persons(view, cues) + facilities(view, cues, tagged)
        context = LinkContext.of(kb, [m.entry.id for m in matches])
        entities = merge(doc.text, [*tagged, *ruled], matches, kb, context)
        doc.entities = [trim_proclitics(doc.text, e, tokens, norms, starts, kb) for e in entities]
        _set_dateline(doc, matches, cues)


def _known_spans(matches: Sequence[KBMatch], starts: Sequence[int]) -> dict[int, int]:
    """First token -> last token of every knowledge-base match."""
    return {_index(starts, m.start): _index(starts, m.end - 1) for m in matches}


def _index(starts: Sequence[int], offset: int) -> int:
    """Index of the token starting at (or containing) ``offset``."""
    return max(bisect.bisect_right(starts, offset) - 1, 0)


# ---------------------------------------------------------------- place readings

def _place_reading_ok(m: KBMatch, norms: Sequence[str], i: int, kb: KnowledgeBase, cues: Cues) -> bool:
    """A KB place match is a place here: not an adjective, and weak names only in a place context."""
    if not m.entry.is_place:
        return True
    if _after_non_place_word(norms, i, kb):
        return False
    if _one_word(m) and _demonym_or_adjective(norms, i, kb, cues, m.entry):
        return False
    return not m.weak or _strong_place(m, norms, i, kb, cues)


def _without_direction_words(matches: list[KBMatch], tagged: list[EntityMention], norms: Sequence[str],
                             starts: Sequence[int]) -> tuple[list[KBMatch], list[EntityMention]]:
    """One-word places that are a direction word before a place name («في شمالي الضفة») dropped."""
    at = {_index(starts, m.start) for m in matches if m.entry.is_place}
    at |= {_index(starts, t.start) for t in tagged if t.type in PLACE_TAGS}
    return ([m for m in matches if not (m.entry.is_place and _one_word(m)
                                        and direction_before_place(norms, _index(starts, m.start), at))],
            [t for t in tagged if not (t.type in PLACE_TAGS and " " not in t.text.strip()
                                       and direction_before_place(norms, _index(starts, t.start), at))])


def _after_non_place_word(norms: Sequence[str], i: int, kb: KnowledgeBase) -> bool:
    """The word before ``i`` makes what follows a reference, not a place («بتوقيت غرينتش»)."""
    return i > 0 and is_head_word(norms[i - 1], kb.rules.not_place_after)


def _one_word(m: KBMatch) -> bool:
    return " " not in m.text.strip()


def _demonym_or_adjective(norms: Sequence[str], i: int, kb: KnowledgeBase, cues: Cues,
                          entry: KBEntry | None = None) -> bool:
    """A nationality adjective (الجيش السوري، جندي هندي), not a place mention.

    A demonym form that is not the place's own name is always an adjective; one that is (السعودية)
    only after a definite noun (الحكومة السعودية); an ambiguous one (مالي، السليمانية) everywhere but
    in a locative context (في مالي، محافظة السليمانية).
    """
    key = demonym_key(norms[i], cues)
    if key is None:
        return adjective_position(norms, i, kb.rules, cues)
    if entry is None or not any(k in _name_keys(entry) for k in word_key_tuple(norms[i])):
        return True
    locative = locative_before(norms, i, kb.rules, definite_heads=False) or _has_locative_clitic(norms[i])
    if key in cues.ambiguous_demonyms:
        return not locative
    return not locative and i > 0 and is_definite(norms[i - 1])


def _name_keys(entry: KBEntry) -> set[str]:
    return {name_key(n) for n in entry.names()}


def _has_locative_clitic(norm: str) -> bool:
    return any(locative_clitic(norm, k) for k in word_key_tuple(norm)[1:])


def _strong_place(m: KBMatch, norms: Sequence[str], i: int, kb: KnowledgeBase, cues: Cues) -> bool:
    """A one-word imported place kept: after a locative or head, with ب, a capital or a big city."""
    if locative_before(norms, i, kb.rules) or after_head_and_adjective(norms, i, kb.rules, cues):
        return True
    if _has_locative_clitic(norms[i]):
        return True
    return m.entry.kind == CAPITAL_KIND or m.entry.population >= cues.strong_city_population


def _adjective_span(t: EntityMention, norms: Sequence[str], starts: Sequence[int], kb: KnowledgeBase,
                    cues: Cues) -> bool:
    """A tagged one-word place that is a nationality adjective."""
    if t.type not in PLACE_TAGS or " " in t.text.strip() or not norms:
        return False
    return _demonym_or_adjective(norms, _index(starts, t.start), kb, cues)


# ---------------------------------------------------------------- spans and dateline

def trim_proclitics(text: str, e: EntityMention, tokens: Sequence[Token], norms: Sequence[str],
                    starts: Sequence[int], kb: KnowledgeBase) -> EntityMention:
    """``e`` without the proclitics glued to its first word (لداعش -> داعش); offsets stay in ``text``."""
    if not tokens:
        return e
    i = _index(starts, e.start)
    if tokens[i].start != e.start:
        return e
    known = _KnownFirstWords(kb, get_cues())
    letters = trim_length(norms[i], known, linked=e.kb_id is not None or e.source == "rule")
    cut = raw_prefix_length(tokens[i].text, letters)
    if cut <= 0 or e.start + cut >= e.end:
        return e
    e.start += cut
    e.text = text[e.start:e.end]
    return e


class _KnownFirstWords:
    """Container view: words that begin a knowledge-base name, head words, facility heads, titles."""

    def __init__(self, kb: KnowledgeBase, cues: Cues) -> None:
        self.kb, self.cues = kb, cues

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        return (key in self.kb.trie.root.children or self.kb.rules.is_head(key)
                or key in self.cues.facility_heads or key in self.cues.person_titles)


def _set_dateline(doc: Document, matches: Sequence[KBMatch], cues: Cues) -> None:
    """``doc.extra["dateline"] = (start, end)`` when the text opens with a wire dateline."""
    places = [(m.start, m.end) for m in matches if m.entry.is_place]

    def covered(start: int, end: int) -> bool:
        words = [(w.start(), w.end()) for w in WORD_RE.finditer(doc.text, start, end)]
        return bool(words) and all(any(a <= ws and we <= b for a, b in places) for ws, we in words)

    found = find_dateline(doc.text, cues.dateline, covered)
    if found is not None:
        doc.extra["dateline"] = (found.start, found.end)
    else:
        doc.extra.pop("dateline", None)


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
