"""The knowledge base of actors and places: an alias index over validated entries, linking, scanning.

Records live in ``rasid/data/kb/`` (schema in docs/DATA.md); :mod:`rasid.entities.kb_schema` validates
them and :mod:`rasid.entities.kb_load` reads the files. :func:`get_kb` loads everything once (lazily)
and indexes every alias under its normalized key; :meth:`KnowledgeBase.find_in_text` scans a text
for known names in one pass.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Sequence

from rasid.doc import Token
from rasid.entities import gazetteer
from rasid.entities.cues import get_cues, without_article
from rasid.entities.kb_load import CURATED_FILES, GENERATED_PLACES, GENERATED_UN, load_entries
from rasid.entities.kb_schema import (LEVELS, PLACE_COLUMNS, PLACE_TYPES, TYPES, Designation, KBEntry, KBMatch,
                                      entry_from_record, read_jsonl, read_places_tsv, template_records)
from rasid.entities.link import (LinkRules, get_rules, head_type, name_key, plural_variants, skeleton,
                                 skeletons_match, strip_heads, surface_keys)
from rasid.errors import ResourceError
from rasid.resources import load_lines
from rasid.text.segment import tokenize

__all__ = ["CURATED_FILES", "GENERATED_PLACES", "GENERATED_UN", "LEVELS", "PLACE_COLUMNS", "PLACE_TYPES", "TYPES",
           "Designation", "KBEntry", "KBMatch", "KnowledgeBase", "LinkContext", "entry_from_record", "get_kb",
           "load_entries", "read_jsonl", "read_places_tsv", "template_records"]

SKELETON_TYPES = frozenset({"PER", "GPE", "LOC", "FAC"})
MAX_ANCESTORS = 12
MAX_MEMO = 50_000               # memoized skeleton lookups kept per process
# Scores for ambiguous names (طرابلس): a country name means the country; a big city beats a small
# namesake unless the article names the small one's country; a named ancestor counts more.
COUNTRY_PRIOR = 4.0
HEAD_LEVEL_MATCH = 6.0          # «مقاطعة أونتاريو»: the province, even against a big city of that name
HEAD_LEVEL_MISMATCH = -2.0
CURATED_PRIOR = 2.0
ALIAS_OF_ANCESTOR_PENALTY = 6.0  # a town whose alias is the own name of its province («تكساس»: Texas, not Waxahachie)
POPULATION_WEIGHT = 0.8
CONTEXT_COUNTRY_BONUS = 2.0
CONTEXT_LINEAGE_BONUS = 3.0
MIN_IMPORTED_KEY = 3            # imported names shorter than this are function words (إن، من)
MIN_LISTED_PERSON_WORDS = 3     # imported person names shorter than this are common names


@dataclass(slots=True)
class LinkContext:
    """What else the article mentions: countries and knowledge-base ids, for ambiguous names."""

    countries: Counter = field(default_factory=Counter)
    ids: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, kb: "KnowledgeBase", ids: Iterable[str]) -> "LinkContext":
        ctx = cls()
        for kb_id in ids:
            ctx.ids.add(kb_id)
            ctx.ids.update(kb.ancestors(kb_id))
            country = kb.country_of(kb_id)
            if country:
                ctx.countries[country] += 1
        return ctx

@dataclass(frozen=True, slots=True)
class LinkLookup:
    """The context-free part of linking one surface: candidate ids, its head word, a generic name?"""

    ids: tuple[str, ...]
    head: str | None
    generic: bool


# ---------------------------------------------------------------- the knowledge base

class KnowledgeBase:
    """Entries by id, an index from normalized alias keys to ids, and linking."""

    def __init__(self, entries: Iterable[KBEntry], *, ambiguous_words: Iterable[str] = ()) -> None:
        self.rules: LinkRules = get_rules()
        self.entries: dict[str, KBEntry] = {}
        for e in entries:
            self._add_entry(e)
        self._check_parents()
        self.ambiguous_words = frozenset(name_key(w) for w in ambiguous_words)
        self.trie = gazetteer.TokenTrie()
        self.org_tail_trie = gazetteer.TokenTrie()
        self.branch_tails: dict[str, gazetteer.TokenTrie] = {}
        self._skeletons: dict[str, list[str]] | None = None
        self._skeleton_deletions: dict[str, list[str]] | None = None
        self._skeleton_hits: dict[tuple[str, bool], tuple[str, ...]] = {}
        self._link_memo: dict[tuple[str, str | None], LinkLookup] = {}
        self._ancestors: dict[str, list[str]] = {}
        self._head_words: dict[str, str | None] = {}
        self._can_start: dict[str, bool] = {}     # word -> may begin a match (the tries are built above)
        self._skeleton_names: dict[tuple[str, str], str] = {}
        for e in self.entries.values():
            self._index(e)
        self._index_branches()

    def build_indexes(self) -> None:
        """Build now the indexes otherwise built on first use (spelling skeletons, their
        one-deletion variants): about 0.7 s, for a process that will link many names."""
        if self.rules.max_edits == 1:
            self.skeleton_deletions
        else:
            self.skeletons

    def clear_caches(self) -> int:
        """Empty the per-word and per-surface memos (not the indexes); the entries dropped."""
        memos = (self._skeleton_hits, self._link_memo, self._head_words, self._can_start, self._skeleton_names)
        dropped = sum(len(memo) for memo in memos)
        for memo in memos:
            memo.clear()
        tries = (self.trie, self.org_tail_trie, *self.branch_tails.values())
        return dropped + sum(trie.clear_caches() for trie in tries)

    def _add_entry(self, e: KBEntry) -> None:
        old = self.entries.get(e.id)
        if old is None:
            self.entries[e.id] = e
            return
        if old.curated and e.curated:
            raise ResourceError(f"duplicate id {e.id}; ids must be unique", source="rasid/data/kb")
        keep, other = (old, e) if old.curated else (e, old)
        keep.aliases_ar.extend(a for a in other.names() if a not in keep.aliases_ar and a != keep.name_ar)
        for attr in ("lat", "lon", "level", "country", "parent"):
            if getattr(keep, attr) is None:
                setattr(keep, attr, getattr(other, attr))
        keep.population = max(keep.population, other.population)
        self.entries[e.id] = keep

    def _check_parents(self) -> None:
        for e in self.entries.values():
            if e.parent is not None and e.parent not in self.entries:
                raise ResourceError(f"record {e.id}: parent {e.parent} is unknown; fix the data file",
                                    source="rasid/data/kb")

    def _index(self, e: KBEntry) -> None:
        for name in e.names():
            key = name_key(name)
            if not self._indexable(e, key):
                continue
            for k in [key, *plural_variants(key)]:
                self.trie.add(k, e.id)
            if e.type == "ORG":
                rest, head = strip_heads(key, self.rules)
                if head is not None and rest:
                    self.org_tail_trie.add(rest, e.id)

    @property
    def skeletons(self) -> dict[str, list[str]]:
        """Skeleton -> ids of people and places, built on first use (only linking needs it)."""
        if self._skeletons is None:
            index: dict[str, list[str]] = {}
            for e in self.entries.values():
                if e.type not in SKELETON_TYPES:
                    continue
                for name in e.names():
                    key = name_key(name)
                    if key and any("\u0621" <= ch <= "\u064a" for ch in key) and self._indexable(e, key):
                        ids = index.setdefault(skeleton(key, self.rules), [])
                        if e.id not in ids:
                            ids.append(e.id)
            self._skeletons = index
        return self._skeletons

    def _indexable(self, e: KBEntry, key: str) -> bool:
        if not key:
            return False
        if e.curated:
            return True
        if key in self.ambiguous_words or len(key) < MIN_IMPORTED_KEY:
            return False
        return e.type != "PER" or key.count(" ") + 1 >= MIN_LISTED_PERSON_WORDS

    def _index_branches(self) -> None:
        """For every organization with sub-organizations: the distinctive tails of their names.

        "ولاية خراسان" under the Islamic State gives the tail "خراسان", so "داعش خراسان" and
        "داعش في خراسان" reach the Khorasan branch.
        """
        for e in self.entries.values():
            if e.type != "ORG" or not e.parent:
                continue
            for anc in self.ancestors(e.id):
                parent_keys = {name_key(n) for n in self.entries[anc].names()}
                for name in e.names():
                    tail = self._tail(name_key(name), parent_keys)
                    if tail:
                        self.branch_tails.setdefault(anc, gazetteer.TokenTrie()).add(tail, e.id)

    def _tail(self, key: str, parent_keys: set[str]) -> str | None:
        rest, head = strip_heads(key, self.rules)
        if head in self.rules.branch_heads:
            return rest
        for pk in parent_keys:
            if pk and key.startswith(pk + " "):
                tail = key[len(pk) + 1:]
                tail_rest, tail_head = strip_heads(tail, self.rules)
                tail = tail_rest if tail_head or tail.split(" ")[0] in self.rules.connectors else tail
                words = tail.split(" ")
                return " ".join(words[1:]) if words[0] in self.rules.connectors and len(words) > 1 else tail
        return None

    # ----------------------------------------------------------- lookups

    def get(self, kb_id: str | None) -> KBEntry | None:
        return self.entries.get(kb_id) if kb_id else None

    def __len__(self) -> int:
        return len(self.entries)

    def ancestors(self, kb_id: str) -> list[str]:
        """Parents up the chain (city -> province -> country; branch -> group)."""
        cached = self._ancestors.get(kb_id)
        if cached is not None:
            return cached
        out: list[str] = []
        e = self.entries.get(kb_id)
        while e is not None and e.parent and e.parent not in out and len(out) < MAX_ANCESTORS:
            out.append(e.parent)
            e = self.entries.get(e.parent)
        self._ancestors[kb_id] = out
        return out

    def compatible(self, a: str, b: str) -> bool:
        """Same entity, or one is an ancestor of the other."""
        return a == b or a in self.ancestors(b) or b in self.ancestors(a)

    def place_within(self, inner: str, outer: str) -> bool:
        """``inner`` is ``outer`` or lies inside it."""
        return inner == outer or outer in self.ancestors(inner)

    def country_of(self, kb_id: str) -> str | None:
        e = self.entries.get(kb_id)
        if e is None:
            return None
        if e.country:
            return e.country
        for anc in self.ancestors(kb_id):
            a = self.entries[anc]
            if a.country:
                return a.country
        return None

    def _ids_for_key(self, key: str) -> list[str]:
        ids = list(self.trie.get(key))
        for variant in plural_variants(key):
            ids.extend(i for i in self.trie.get(variant) if i not in ids)
        return ids

    def candidates(self, surface: str) -> list[KBEntry]:
        """Every entry one of whose names matches ``surface`` (clitics, heads, plural folded)."""
        ids: list[str] = []
        for key in surface_keys(surface):
            ids.extend(i for i in self._ids_for_key(key) if i not in ids)
            rest, head = strip_heads(key, self.rules)
            if head is not None and rest:
                found = self._ids_for_key(rest)
                if head in self.rules.org_heads or head in self.rules.branch_heads:
                    found = found + list(self.org_tail_trie.get(rest))
                ids.extend(i for i in found if i not in ids)
        return [self.entries[i] for i in ids]

    def link(self, surface: str, type_hint: str | None = None,
             context: LinkContext | Iterable[str] | None = None) -> KBEntry | None:
        """The entry ``surface`` names, or None; ``context`` settles ambiguous names."""
        ctx = context if isinstance(context, LinkContext) or context is None else LinkContext.of(self, context)
        lookup = self._link_lookup(surface, type_hint)
        found = [self.entries[i] for i in lookup.ids]
        if lookup.generic:
            found = self._in_context(found, ctx)
        return self.choose(found, type_hint=type_hint, head=lookup.head, context=ctx, surface=surface)

    def _link_lookup(self, surface: str, type_hint: str | None) -> "LinkLookup":
        """What :meth:`link` finds for ``surface`` before the article's context settles it; memoized."""
        memo_key = (surface, type_hint)
        cached = self._link_memo.get(memo_key)
        if cached is None:
            cached = self._find_for_link(surface, type_hint)
            if len(self._link_memo) >= MAX_MEMO:
                self._link_memo.clear()
            self._link_memo[memo_key] = cached
        return cached

    def _find_for_link(self, surface: str, type_hint: str | None) -> "LinkLookup":
        keys = surface_keys(surface)
        head = strip_heads(keys[0], self.rules)[1] if keys else None
        found = self.candidates(surface)
        if not found:
            found = self._compound(surface)
        if not found and (type_hint is None or type_hint in SKELETON_TYPES) and not self._demonym(keys):
            found = self._by_skeleton(surface, fuzzy=type_hint in SKELETON_TYPES)
        if type_hint == "PER":
            found = [e for e in found if e.type == "PER"] or [e for e in found if e.type != "ORG"]
        generic = self.generic_name(gazetteer.token_norms(tokenize(surface)))
        return LinkLookup(tuple(e.id for e in found), head, generic)

    def _demonym(self, keys: Sequence[str]) -> bool:
        """A one-word nationality adjective (الإسرائيلي، هندي): never a spelling variant of a place."""
        demonyms = get_cues().demonyms
        return bool(keys) and " " not in keys[0] and any(without_article(k) in demonyms for k in keys)

    def _compound(self, surface: str) -> list[KBEntry]:
        """Names made of several known names ("داعش - ولاية خراسان"): the one match covering them."""
        matches = self.find_in_text(surface)
        if len(matches) == 1 and matches[0].end - matches[0].start >= 0.6 * len(surface.strip()):
            return [matches[0].entry]
        return []

    def _by_skeleton(self, surface: str, fuzzy: bool) -> list[KBEntry]:
        """Transliteration variants of person and place names (تورنتو / تورونتو, بروكسل / بركسل); memoized."""
        rest = strip_heads(name_key(surface), self.rules)[0]
        cached = self._skeleton_hits.get((rest, fuzzy))
        if cached is None:
            cached = tuple(e.id for e in self._skeleton_variants(rest, fuzzy))
            if len(self._skeleton_hits) >= MAX_MEMO:
                self._skeleton_hits.clear()
            self._skeleton_hits[(rest, fuzzy)] = cached
        return [self.entries[i] for i in cached]

    def _skeleton_variants(self, rest: str, fuzzy: bool) -> list[KBEntry]:
        sk = skeleton(rest, self.rules)
        exact = [self.entries[i] for i in self.skeletons.get(sk, [])
                 if skeletons_match(rest, self._name_with_skeleton(i, sk), self.rules, fuzzy=False)]
        if exact or not fuzzy:
            return exact
        out = []
        for other, ids in self._skeleton_bucket(sk):
            out.extend(self.entries[i] for i in ids
                       if skeletons_match(rest, self._name_with_skeleton(i, other), self.rules))
        return out

    def _skeleton_bucket(self, sk: str) -> list[tuple[str, list[str]]]:
        """Skeletons possibly one edit from ``sk`` (same first letter and word count checked later)."""
        if self.rules.max_edits != 1:
            n_words = sk.count(" ")
            return [(k, ids) for k, ids in self.skeletons.items()
                    if k[:1] == sk[:1] and abs(len(k) - len(sk)) <= self.rules.max_edits and k.count(" ") == n_words]
        near: set[str] = set()
        for variant in _deletions(sk):
            near.update(self.skeleton_deletions.get(variant, ()))
        return [(k, self.skeletons[k]) for k in sorted(near) if k[:1] == sk[:1]]

    @property
    def skeleton_deletions(self) -> dict[str, list[str]]:
        """One-deletion variants of every skeleton -> skeletons (candidates for one edit)."""
        if self._skeleton_deletions is None:
            index: dict[str, list[str]] = {}
            for k in self.skeletons:
                for variant in _deletions(k):
                    index.setdefault(variant, []).append(k)
            self._skeleton_deletions = index
        return self._skeleton_deletions

    def _name_with_skeleton(self, kb_id: str, sk: str) -> str:
        """The first name key of ``kb_id`` with skeleton ``sk`` (else its Arabic name); memoized."""
        found = self._skeleton_names.get((kb_id, sk))
        if found is None:
            keys = (name_key(name) for name in self.entries[kb_id].names())
            found = next((k for k in keys if skeleton(k, self.rules) == sk), self.entries[kb_id].name_ar)
            if len(self._skeleton_names) >= MAX_MEMO:
                self._skeleton_names.clear()
            self._skeleton_names[(kb_id, sk)] = found
        return found

    # ----------------------------------------------------------- choosing among candidates

    def choose(self, found: Sequence[KBEntry], *, type_hint: str | None = None, head: str | None = None,
               context: LinkContext | None = None, surface: str | None = None) -> KBEntry | None:
        """The most plausible candidate given the type hint, a head word, the article's context and
        the ``surface`` written (see :meth:`_aliases_of_an_ancestor`)."""
        if not found:
            return None
        if len(found) == 1:
            return found[0]
        demoted = self._aliases_of_an_ancestor(found, surface) if surface else frozenset()
        scored = [(self._score(e, type_hint, head, context) - (ALIAS_OF_ANCESTOR_PENALTY if e.id in demoted else 0.0),
                   -n, e) for n, e in enumerate(found)]
        return max(scored, key=lambda t: (t[0], t[1]))[2]

    def _aliases_of_an_ancestor(self, found: Sequence[KBEntry], surface: str) -> frozenset[str]:
        """Imported candidates that have ``surface`` only as an alias while it is the own name of
        another candidate containing them: «تكساس» is Texas's name, and an alias of the town
        Waxahachie in Texas; «الأرجنتين» an alias of San Juan (GeoNames alternate names hold such
        slips). A candidate whose own name is a spelling variant of ``surface`` (توكيو / طوكيو) is
        no slip; curated entries' aliases were reviewed: neither is demoted."""
        keys = frozenset(surface_keys(surface))
        own = {e.id for e in found if name_key(e.name_ar) in keys}
        if not own:
            return frozenset()
        return frozenset(e.id for e in found
                         if not e.curated and e.id not in own and own.intersection(self.ancestors(e.id))
                         and not skeletons_match(surface, e.name_ar, self.rules, fuzzy=False))

    def _score(self, e: KBEntry, type_hint: str | None, head: str | None, ctx: LinkContext | None) -> float:
        score = CURATED_PRIOR if e.curated else 0.0
        score += _type_fit(e, type_hint) + self._head_fit(e, head)
        if e.level == "country":
            score += COUNTRY_PRIOR
        score += math.log10(e.population + 1) * POPULATION_WEIGHT
        if ctx is not None:
            score += self._context_fit(e, ctx)
        return score

    def _head_fit(self, e: KBEntry, head: str | None) -> float:
        if head is None:
            return 0.0
        announced = head_type(head, self.rules)
        if announced == "ORG":
            return 3.0 if e.type == "ORG" else -3.0
        level = self.rules.place_heads.get(head)
        if level is not None and e.is_place:
            return HEAD_LEVEL_MATCH if e.level == level else HEAD_LEVEL_MISMATCH
        return 0.0

    def _context_fit(self, e: KBEntry, ctx: LinkContext) -> float:
        score = 0.0
        lineage = [a for a in (e.id, *self.ancestors(e.id)) if self.entries[a].level != "country"]
        if any(a in ctx.ids for a in lineage):
            score += CONTEXT_LINEAGE_BONUS
        country = self.country_of(e.id)
        if country and ctx.countries.get(country, 0):
            score += CONTEXT_COUNTRY_BONUS
        return score

    # ----------------------------------------------------------- scanning a text

    def find_in_text(self, text: str, tokens: Sequence[Token] | None = None) -> list[KBMatch]:
        """Known names in ``text``: longest, non-overlapping, compounds merged, ambiguity settled."""
        toks = [t for t in (tokens if tokens is not None else tokenize(text)) if t.norm not in gazetteer.SKIPPED_INSIDE]
        return self.find_in_words(text, toks, gazetteer.token_norms(toks))

    def find_in_words(self, text: str, toks: Sequence[Token], norms: Sequence[str]) -> list[KBMatch]:
        """:meth:`find_in_text` over tokens already filtered (no dashes) with their :func:`token_norms`."""
        raw = self._scan(norms)
        heads = [head or self._place_head_before(norms, first) for first, _, _, head in raw]
        surfaces = [" ".join(norms[first:last + 1]) for first, last, _, _ in raw]
        first_pass = [self.choose([self.entries[i] for i in hit[2]], head=heads[n], surface=surfaces[n])
                      for n, hit in enumerate(raw)]
        out = []
        for n, (first, last, ids, head) in enumerate(raw):
            entry = first_pass[n]
            generic = self.generic_name(norms[first:last + 1])
            if len(ids) > 1 or generic:
                others = [e.id for k, e in enumerate(first_pass) if e is not None and raw[k][2] != ids]
                context = LinkContext.of(self, others)
                found = [self.entries[i] for i in ids]
                entry = self.choose(self._in_context(found, context) if generic else found,
                                    head=heads[n], context=context, surface=surfaces[n])
            if entry is not None:
                start, end = toks[first].start, toks[last].end
                out.append(KBMatch(start, end, entry, text[start:end], head, self._weak(entry, first, last)))
        return out

    def _place_head_before(self, norms: Sequence[str], first: int) -> str | None:
        """The place head word right before word ``first`` («في مقاطعة أونتاريو»), clitics allowed."""
        if first == 0:
            return None
        keys = gazetteer.word_key_tuple(norms[first - 1])
        return next((without_article(k) for k in keys if without_article(k) in self.rules.place_heads), None)

    def generic_name(self, words: Sequence[str]) -> bool:
        """A name made only of generic words and place heads («المحافظة الوسطى»): many countries have one."""
        def kinds(word: str) -> set[str]:
            keys = {without_article(k) for k in gazetteer.word_key_tuple(word)} | set(gazetteer.word_key_tuple(word))
            return {("generic" if k in self.rules.generic_words else "head") for k in keys
                    if k in self.rules.generic_words or k in self.rules.place_heads}
        found = [kinds(w) for w in words]
        return bool(words) and all(found) and any("generic" in k for k in found)

    def _in_context(self, found: Sequence[KBEntry], context: LinkContext | None) -> list[KBEntry]:
        """The candidates whose country the article names elsewhere (for generic names)."""
        if context is None:
            return []
        return [e for e in found if self.country_of(e.id) in context.countries]

    def _weak(self, entry: KBEntry, first: int, last: int) -> bool:
        """An imported (not curated) one-word place name: often a common word (كان، بيان)."""
        return not entry.curated and first == last and entry.level != "country"

    def _scan(self, norms: Sequence[str]) -> list[tuple[int, int, tuple[str, ...], str | None]]:
        found: list[tuple[int, int, tuple[str, ...], str | None]] = []
        starting = self._starting_words(norms)
        i = 0
        while i < len(norms):
            hit = self._match_at(norms, i) if norms[i] in starting else None
            if hit is None:
                i += 1
                continue
            hit = self._extend_compound(norms, hit)
            found.append(hit)
            i = hit[1] + 1
        return found

    def _starting_words(self, norms: Sequence[str]) -> set[str]:
        """The distinct words of ``norms`` that can begin a match: a name's first word or a head word.

        Each distinct word costs one dictionary look-up once it has been seen in any text.
        """
        memo = self._can_start
        out: set[str] = set()
        for word in set(norms):
            flag = memo.get(word)
            if flag is None:
                flag = bool(self.trie.starts(word)) or self._head_word(word) is not None
                if len(memo) >= MAX_MEMO:
                    memo.clear()
                memo[word] = flag
            if flag:
                out.add(word)
        return out

    def _match_at(self, norms: Sequence[str], i: int) -> tuple[int, int, tuple[str, ...], str | None] | None:
        """The longest known name at word ``i``; a leading head word (تنظيم ...) may precede it."""
        direct = self.trie.longest_at(norms, i)
        head = self._head_word(norms[i])
        if head is not None and i + 1 < len(norms):
            tail = self.org_tail_trie.longest_at(norms, i + 1)
            # "تنظيم داعش" is the group itself; "فرع لتنظيم داعش" is an unnamed branch, not the group.
            after = _longer(self.trie.longest_at(norms, i + 1), tail) if head in self.rules.org_heads else tail
            if after is not None and (direct is None or after.last > direct.last):
                ids = self._prefer_orgs(after.ids) if head in self.rules.org_heads else after.ids
                return (i, after.last, ids, head)
        if direct is None:
            return None
        key_head = direct.key.split(" ")[0]
        return (i, direct.last, direct.ids, key_head if self.rules.is_head(key_head) else None)

    def _head_word(self, norm: str) -> str | None:
        """The organization or branch head word ``norm`` is (clitics allowed: لتنظيم), or None; memoized."""
        if norm in self._head_words:
            return self._head_words[norm]
        found = next((k for k in gazetteer.word_key_tuple(norm)
                      if k in self.rules.org_heads or k in self.rules.branch_heads), None)
        if len(self._head_words) >= MAX_MEMO:
            self._head_words.clear()
        self._head_words[norm] = found
        return found

    def _prefer_orgs(self, ids: tuple[str, ...]) -> tuple[str, ...]:
        orgs = tuple(i for i in ids if self.entries[i].type == "ORG")
        return orgs or ids

    def _extend_compound(self, norms: Sequence[str], hit: tuple[int, int, tuple[str, ...], str | None]
                         ) -> tuple[int, int, tuple[str, ...], str | None]:
        """Merge "PARENT [connectors] BRANCH" and "BRANCH [connectors] PARENT" into the branch."""
        first, last, ids, head = hit
        orgs = [i for i in ids if self.entries[i].type == "ORG"]
        if not orgs:
            return hit
        j = last + 1
        gap = 0
        while j < len(norms) and gap < self.rules.compound_max_gap and self._is_connector(norms[j]):
            j, gap = j + 1, gap + 1
        if j >= len(norms):
            return hit
        merged = self._merge_with(orgs, norms, j)
        if merged is None:
            return hit
        end, branch = merged
        return (first, end, (branch,), head)

    def _is_connector(self, norm: str) -> bool:
        return any(k in self.rules.connectors for k in gazetteer.word_key_tuple(norm)) or norm in self.rules.connectors

    def _merge_with(self, orgs: list[str], norms: Sequence[str], j: int) -> tuple[int, str] | None:
        nxt = self._match_at(norms, j)
        if nxt is not None:
            for other in nxt[2]:
                for mine in orgs:
                    if other != mine and self.compatible(mine, other) and self.entries[other].type == "ORG":
                        specific = other if mine in self.ancestors(other) else mine
                        return nxt[1], specific
        for mine in orgs:
            tails = self.branch_tails.get(mine)
            hit = tails.longest_at(norms, j) if tails is not None else None
            if hit is not None:
                return hit.last, hit.ids[0]
        return None



@lru_cache(maxsize=1)
def get_kb() -> KnowledgeBase:
    """The packaged knowledge base, loaded and indexed once per process."""
    return KnowledgeBase(load_entries(), ambiguous_words=load_lines("kb/ambiguous_place_words.tsv"))


def _deletions(sk: str) -> set[str]:
    """``sk`` and every string one character shorter than it."""
    return {sk, *(sk[:k] + sk[k + 1:] for k in range(len(sk)))}


def _longer(a: gazetteer.TokenMatch | None, b: gazetteer.TokenMatch | None) -> gazetteer.TokenMatch | None:
    if a is None or b is None:
        return a or b
    return b if b.last > a.last else a


def _type_fit(e: KBEntry, type_hint: str | None) -> float:
    if type_hint is None:
        return 0.0
    if type_hint == e.type:
        return 5.0
    if type_hint in ("LOC", "GPE", "FAC") and e.is_place:
        return 4.0
    return -5.0
