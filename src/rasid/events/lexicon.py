"""Event language data: trigger patterns and context cues, loaded from ``data/events/``.

A pattern is a sequence of normalized words matched on clitic-stripped token keys
(:func:`rasid.text.clitics.lookup_keys`); a trailing ``*`` on a word matches any ending.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable, Sequence

from rasid.errors import ResourceError
from rasid.model import EVENT_TYPES
from rasid.resources import load_json, require_keys
from rasid.text.clitics import lookup_keys
from rasid.text.normalize import normalize

TRIGGERS_FILE = "events/triggers.json"
CUES_FILE = "events/cues.json"
FORMS = ("noun", "verb", "phrase")
CANDIDATE_CACHE_SIZE = 50_000


@dataclass(frozen=True, slots=True)
class PatternWord:
    stem: str
    prefix: bool

    def matches(self, keys: frozenset[str]) -> bool:
        if not self.prefix:
            return self.stem in keys
        return any(k.startswith(self.stem) for k in keys)


@dataclass(frozen=True, slots=True)
class Pattern:
    words: tuple[PatternWord, ...]
    text: str
    max_gap: int = 0

    def match_at(self, keysets: Sequence[frozenset[str]], i: int, hi: int) -> int | None:
        """End index (exclusive) when the pattern matches starting at token ``i``, else None."""
        if not self.words[0].matches(keysets[i]):
            return None
        pos = i + 1
        for word in self.words[1:]:
            limit = min(hi, pos + self.max_gap + 1)
            found = next((j for j in range(pos, limit) if word.matches(keysets[j])), None)
            if found is None:
                return None
            pos = found + 1
        return pos

    @property
    def has_wildcard(self) -> bool:
        return any(w.prefix for w in self.words)


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    pattern: Pattern
    type: str | None
    subtype: str | None = None
    weight: float = 0.5
    form: str = "noun"
    plural: bool = False
    ambiguous: bool = False
    group_subject: bool = False         # an event only with an armed group as its subject (قتل)


@dataclass(frozen=True, slots=True)
class TypeInfo:
    plover: str
    priority: int


@dataclass(frozen=True, slots=True)
class Match:
    """A pattern found over tokens ``[start, end)`` of a token list."""

    start: int
    end: int
    label: str
    entry: Any = None


@dataclass(slots=True)
class Matcher:
    """Finds labeled patterns over token key sets, indexed by the first word."""

    exact: dict[str, list[tuple[Pattern, str, Any]]] = field(default_factory=dict)
    prefixed: dict[str, list[tuple[Pattern, str, Any]]] = field(default_factory=dict)
    cache: dict[frozenset[str], tuple[tuple[Pattern, str, Any], ...]] = field(default_factory=dict)

    def add(self, pattern: Pattern, label: str, entry: Any = None) -> None:
        first = pattern.words[0]
        table = self.prefixed if first.prefix else self.exact
        key = first.stem[:2] if first.prefix else first.stem
        table.setdefault(key, []).append((pattern, label, entry))
        self.cache.clear()

    def _candidates(self, keys: frozenset[str]) -> tuple[tuple[Pattern, str, Any], ...]:
        """Patterns whose first word matches a token with ``keys``, without repeats (cached:
        newswire vocabulary repeats, and most tokens start no pattern; a full cache restarts
        empty, so that the words of later articles are cached too)."""
        found = self.cache.get(keys)
        if found is None:
            unique = {id(c[0]): c for c in self._lookup(keys)}.values()
            found = tuple(c for c in unique if c[0].words[0].matches(keys))
            if len(self.cache) >= CANDIDATE_CACHE_SIZE:
                self.cache.clear()
            self.cache[keys] = found
        return found

    def _lookup(self, keys: frozenset[str]) -> Iterable[tuple[Pattern, str, Any]]:
        for k in keys:
            yield from self.exact.get(k, ())
        for h in {k[:2] for k in keys}:
            yield from self.prefixed.get(h, ())

    def has_candidates(self, keys: frozenset[str]) -> bool:
        return bool(self._candidates(keys))

    def scan(self, keysets: Sequence[frozenset[str]], lo: int, hi: int) -> list[Match]:
        """Every match starting in ``[lo, hi)`` and ending by ``hi``."""
        out: list[Match] = []
        for i in range(lo, hi):
            for pattern, label, entry in self._candidates(keysets[i]):
                end = pattern.match_at(keysets, i, hi)
                if end is not None:
                    out.append(Match(i, end, label, entry))
        return out


@dataclass(slots=True)
class Lexicon:
    triggers: Matcher
    cues: Matcher
    types: dict[str, TypeInfo]
    cue_names: frozenset[str]

    def plover(self, event_type: str) -> str | None:
        info = self.types.get(event_type)
        return info.plover if info else None

    def clear_caches(self) -> int:
        """Empty both matchers' candidate caches (memory for a later phase); the entries dropped."""
        dropped = len(self.triggers.cache) + len(self.cues.cache)
        self.triggers.cache.clear()
        self.cues.cache.clear()
        return dropped


def parse_pattern(text: str, max_gap: int = 0, *, where: str) -> Pattern:
    """A pattern from its data form; words are normalized so data may keep hamzas and ta marbuta."""
    raw_words = text.split()
    if not raw_words:
        raise ResourceError(f"empty pattern: give at least one word", source=where)
    words = []
    for n, raw in enumerate(raw_words):
        prefix = raw.endswith("*")
        stem = normalize(raw.rstrip("*"))
        if len(stem) < (1 if prefix and n else 2):
            raise ResourceError(f"pattern word {raw!r} is shorter than two letters", source=where)
        words.append(PatternWord(stem, prefix))
    return Pattern(tuple(words), text, max_gap)


def _trigger_entry(obj: dict[str, Any], where: str) -> TriggerEntry:
    require_keys(obj, ("pattern", "type"), where)
    etype = obj["type"]
    if etype is not None and etype not in EVENT_TYPES:
        raise ResourceError(f"unknown event type {etype!r}; use one of {EVENT_TYPES}", source=where)
    form = obj.get("form", "noun")
    if form not in FORMS:
        raise ResourceError(f"unknown form {form!r}; use one of {FORMS}", source=where)
    weight = float(obj.get("weight", 0.5))
    if not 0.0 <= weight <= 1.0:
        raise ResourceError(f"weight {weight} is outside 0..1", source=where)
    pattern = parse_pattern(obj["pattern"], int(obj.get("max_gap", 0)), where=where)
    return TriggerEntry(pattern, etype, obj.get("subtype"), weight, form,
                        bool(obj.get("plural", False)), bool(obj.get("ambiguous", False)),
                        bool(obj.get("group_subject", False)))


def _types(obj: dict[str, Any], where: str) -> dict[str, TypeInfo]:
    out = {}
    for name, info in obj.items():
        if name not in EVENT_TYPES:
            raise ResourceError(f"unknown event type {name!r} in 'types'", source=where)
        require_keys(info, ("plover", "priority"), f"{where}:types.{name}")
        out[name] = TypeInfo(info["plover"], int(info["priority"]))
    missing = set(EVENT_TYPES) - set(out)
    if missing:
        raise ResourceError(f"'types' lacks {sorted(missing)}", source=where)
    return out


def build_lexicon(trigger_data: dict[str, Any], cue_data: dict[str, Any]) -> Lexicon:
    """Validate and compile the two data files (given as parsed JSON)."""
    require_keys(trigger_data, ("types", "triggers"), TRIGGERS_FILE)
    triggers = Matcher()
    for n, obj in enumerate(trigger_data["triggers"]):
        entry = _trigger_entry(obj, f"{TRIGGERS_FILE}:triggers[{n}]")
        triggers.add(entry.pattern, "trigger", entry)
    cues = Matcher()
    names = []
    for name, block in cue_data.items():
        if name == "about":
            continue
        require_keys(block, ("patterns",), f"{CUES_FILE}:{name}")
        names.append(name)
        for text in block["patterns"]:
            cues.add(parse_pattern(text, where=f"{CUES_FILE}:{name}"), name)
    return Lexicon(triggers, cues, _types(trigger_data["types"], TRIGGERS_FILE), frozenset(names))


@lru_cache(maxsize=1)
def get_lexicon() -> Lexicon:
    """The packaged lexicon, built once per process."""
    return build_lexicon(load_json(TRIGGERS_FILE), load_json(CUES_FILE))


@lru_cache(maxsize=65536)
def token_keys(word: str) -> frozenset[str]:
    """Clitic-stripped lookup keys of a token (cached: newswire vocabulary repeats)."""
    return frozenset(lookup_keys(word))


def is_definite(word: str) -> bool:
    """Whether a token carries the article (الهجوم، وبالهجوم، للهجوم)."""
    keys = token_keys(word)
    return any(k.startswith("ال") and k[2:] in keys for k in keys) or any(k.startswith("لل") for k in keys)
