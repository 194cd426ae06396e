"""Token features for the NER tagger: computed once per distinct word and cached.

A word's features (its normalized form, clitic-stripped stem, affixes, shape, gazetteer
types, distributional cluster) do not depend on the sentence, so they are computed once per
word form, with the strings already prefixed for each window offset (-2..+2). A sentence's
features are then concatenations of cached lists plus a few pair features (bigrams,
multi-word gazetteer matches). No regexes in the hot loop.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

from rasid.errors import ResourceError
from rasid.resources import data_path
from rasid.text.clitics import lookup_keys
from rasid.text.normalize import normalize

GAZETTEER_FILE = "ner/gazetteer.tsv"
CLUSTERS_FILE = "ner/clusters.tsv"
CONTEXT_FILE = "ner/name_context.tsv"
VECTORS_FILE = "ner/vectors.tsv"
VECTOR_FILE_SCALE = 100
VECTOR_WINDOW = (-1, 0, 1)
CONTEXT_KINDS = ("TITLE", "SPEECH", "ORGHEAD", "LOCHEAD")
GAZETTEER_TYPES = ("PER", "ORG", "LOC")
MAX_GAZETTEER_WORDS = 6
CACHE_LIMIT = 50_000      # ~3 KB per word: ~150 MB when full; 20k cost ~10% CPU, 300k ~0.5 GB more at 10k articles (BENCHMARKS Scaling)
WINDOW = (-2, -1, 1, 2)
CLUSTER_PREFIXES = (4, 8, 12)
_NONE: list[str] = []
_BOS = ["BOS"]
_EOS = ["EOS"]


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Name lists by type, keyed by normalized words: single words and multi-word names."""

    single: dict[str, frozenset[str]] = field(default_factory=dict)
    multi: dict[str, tuple[tuple[tuple[str, ...], str], ...]] = field(default_factory=dict)

    def types_of(self, word: str) -> frozenset[str]:
        """Types of the single-word entries matching one of ``word``'s clitic keys."""
        found: set[str] = set()
        for key in lookup_keys(word):
            found.update(self.single.get(key, ()))
        return frozenset(found)


@dataclass(frozen=True, slots=True)
class FeatureResources:
    gazetteer: Gazetteer = field(default_factory=Gazetteer)
    clusters: dict[str, str] = field(default_factory=dict)
    context: dict[str, frozenset[str]] = field(default_factory=dict)
    vectors: dict[str, tuple[float, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class WordFeatures:
    """Cached features of one word form: its own, and those it lends at each window offset."""

    own: list[str]
    at_offset: dict[int, list[str]]
    key: str
    dense: dict[int, list[tuple[str, float]]]


def parse_gazetteer(lines: list[str], where: str) -> Gazetteer:
    """``name<TAB>TYPE`` lines (names normalized, words separated by spaces)."""
    single: dict[str, set[str]] = {}
    multi: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        name, _, kind = line.rstrip("\n").partition("\t")
        words = tuple(name.split())
        if kind not in GAZETTEER_TYPES or not words or len(words) > MAX_GAZETTEER_WORDS:
            raise ResourceError(f"line {number}: expected 'name<TAB>PER|ORG|LOC' (≤{MAX_GAZETTEER_WORDS} words)",
                                source=where)
        if len(words) == 1:
            single.setdefault(words[0], set()).add(kind)
        else:
            multi.setdefault(words[0], []).append((words, kind))
    return Gazetteer({k: frozenset(v) for k, v in single.items()},
                     {k: tuple(sorted(v, key=lambda e: -len(e[0]))) for k, v in multi.items()})


def parse_clusters(lines: list[str], where: str) -> dict[str, str]:
    """``word<TAB>bitpath`` lines -> {word: bitpath}."""
    clusters: dict[str, str] = {}
    for number, line in enumerate(lines, 1):
        word, _, path = line.rstrip("\n").partition("\t")
        if not word or not path or set(path) - {"0", "1"}:
            raise ResourceError(f"line {number}: expected 'word<TAB>bits'", source=where)
        clusters[word] = path
    return clusters


def parse_name_context(lines: list[str], where: str) -> dict[str, frozenset[str]]:
    """``word<TAB>KIND`` lines (one word, KIND in CONTEXT_KINDS) -> {normalized word: kinds}."""
    kinds: dict[str, set[str]] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        word, _, kind = line.rstrip("\n").partition("\t")
        key = normalize(word.strip())
        if kind not in CONTEXT_KINDS or not key or " " in key:
            raise ResourceError(f"line {number}: expected 'word<TAB>{'|'.join(CONTEXT_KINDS)}'", source=where)
        kinds.setdefault(key, set()).add(kind)
    return {k: frozenset(v) for k, v in kinds.items()}


def parse_vectors(lines: list[str], where: str) -> dict[str, tuple[float, ...]]:
    """``word<TAB>n1 n2 ...`` lines (unit-vector components × VECTOR_FILE_SCALE) -> feature values.

    Values are rescaled by sqrt(dimensions) so each component has a root-mean-square near 1.
    """
    vectors: dict[str, tuple[float, ...]] = {}
    width = 0
    for number, line in enumerate(lines, 1):
        word, _, numbers = line.rstrip("\n").partition("\t")
        try:
            values = [int(n) for n in numbers.split()]
        except ValueError:
            values = []
        width = width or len(values)
        if not word or not values or len(values) != width:
            raise ResourceError(f"line {number}: expected 'word<TAB>' and {width or 'N'} integers", source=where)
        factor = math.sqrt(width) / VECTOR_FILE_SCALE
        vectors[word] = tuple(round(v * factor, 3) for v in values)
    return vectors


def _read_lines(name: str) -> list[str]:
    return data_path(name).read_text(encoding="utf-8").splitlines()


def _optional_lines(name: str) -> list[str]:
    """Lines of an optional packaged data file ([] when it is not there)."""
    path = data_path(GAZETTEER_FILE).parent.parent / name
    return path.read_text(encoding="utf-8").splitlines() if path.is_file() else []


@lru_cache(maxsize=1)
def load_resources() -> FeatureResources:
    """The packaged gazetteer and word clusters, plus the optional name-context cues and vectors.

    ``ner/name_context.tsv`` and ``ner/vectors.tsv`` are not shipped (both lowered DEV F1);
    the tagger uses them when they are present, so a model trained with them needs them.
    """
    return FeatureResources(parse_gazetteer(_read_lines(GAZETTEER_FILE), f"rasid/data/{GAZETTEER_FILE}"),
                            parse_clusters(_read_lines(CLUSTERS_FILE), f"rasid/data/{CLUSTERS_FILE}"),
                            parse_name_context(_optional_lines(CONTEXT_FILE), f"rasid/data/{CONTEXT_FILE}"),
                            parse_vectors(_optional_lines(VECTORS_FILE), f"rasid/data/{VECTORS_FILE}"))


def word_shape(word: str) -> str:
    """A coarse shape: digits, latin, arabic, punctuation, or mixed."""
    kinds = set()
    for ch in word:
        if ch.isdigit():
            kinds.add("d")
        elif "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u08ff" or "\ufb50" <= ch <= "\ufefc":
            kinds.add("a")
        elif ch.isalpha():
            kinds.add("l")
        else:
            kinds.add("p")
    return "".join(sorted(kinds)) or "empty"


def proclitic_prefix(norm: str, stem: str) -> str:
    """What clitic stripping removed from the front of ``norm`` ('' when nothing)."""
    if stem and norm.endswith(stem):
        return norm[: len(norm) - len(stem)]
    return ""


class FeatureExtractor:
    """Turns sentences (lists of token strings) into crfsuite attribute lists."""

    def __init__(self, resources: FeatureResources | None = None) -> None:
        self.resources = resources if resources is not None else FeatureResources()
        self._cache: dict[str, WordFeatures] = {}

    def word(self, token: str) -> WordFeatures:
        cached = self._cache.get(token)
        if cached is None:
            if len(self._cache) >= CACHE_LIMIT:
                self._cache.clear()
            cached = self._cache[token] = self._compute(token)
        return cached

    def _compute(self, token: str) -> WordFeatures:
        keys = lookup_keys(token)
        norm = keys[0] if keys else (normalize(token) or token)
        stem = min(keys, key=len) if keys else norm
        cluster = self._cluster(keys)
        gazetteer = self.resources.gazetteer
        gaz = sorted({kind for key in keys for kind in gazetteer.single.get(key, ())})
        near = [f"w={norm}", f"s={stem}", f"sh={word_shape(token)}"]
        near += [f"g={t}" for t in gaz]
        near += [f"c{n}={cluster[:n]}" for n in CLUSTER_PREFIXES if cluster]
        cues = [f"q={kind}" for kind in self._context_kinds(keys)]
        near += cues
        far = [f"s={stem}"] + [f"g={t}" for t in gaz] + ([f"c8={cluster[:8]}"] if cluster else []) + cues
        own = near + self._own_only(token, norm, stem, cluster)
        at_offset = {o: [f"{o}:{f}" for f in (near if o in (-1, 1) else far)] for o in WINDOW}
        return WordFeatures(own, at_offset, stem, self._dense(keys))

    def _dense(self, keys: list[str]) -> dict[int, list[tuple[str, float]]]:
        """Vector components of the most literal clitic key that has a vector, named per offset."""
        vectors = self.resources.vectors
        vector = next((vectors[k] for k in keys if k in vectors), ())
        return {o: [(f"{o}:v{d}", v) for d, v in enumerate(vector)] for o in VECTOR_WINDOW}

    def _context_kinds(self, keys: list[str]) -> list[str]:
        """Name-context kinds (TITLE, SPEECH, ...) of the first clitic key listed in the cue file."""
        context = self.resources.context
        for key in keys:
            if key in context:
                return sorted(context[key])
        return []

    def _cluster(self, keys: list[str]) -> str:
        """The cluster of the most literal clitic key that has one ('' if none)."""
        clusters = self.resources.clusters
        for key in keys:
            if key in clusters:
                return clusters[key]
        return ""

    @staticmethod
    def _own_only(token: str, norm: str, stem: str, cluster: str) -> list[str]:
        feats = ["bias", f"pre={proclitic_prefix(norm, stem)}", f"len={min(len(stem), 8)}"]
        feats += [f"suf{n}={stem[-n:]}" for n in (1, 2, 3) if len(stem) > n]
        feats += [f"sp{n}={stem[:n]}" for n in (2, 3) if len(stem) > n]
        if cluster:
            feats.append(f"c={cluster}")
        elif len(norm) > 1:
            feats.append("c=unk")
        if token != norm:
            feats.append("raw=" + token)
        return feats

    def sentence(self, tokens: list[str]) -> list[list[str]] | list[dict[str, float]]:
        """crfsuite items for each token: attribute lists, or {attribute: value} when vectors are loaded."""
        binary = self._binary_sentence(tokens)
        if not self.resources.vectors:
            return binary
        words = [self.word(t) for t in tokens]
        items: list[dict[str, float]] = []
        for i, feats in enumerate(binary):
            item = dict.fromkeys(feats, 1.0)
            for offset in VECTOR_WINDOW:
                if 0 <= i + offset < len(words):
                    item.update(words[i + offset].dense[offset])
            items.append(item)
        return items

    def _binary_sentence(self, tokens: list[str]) -> list[list[str]]:
        """Attribute lists for each token of one sentence (window lists concatenated, no lookups)."""
        words = [self.word(t) for t in tokens]
        keys = [w.key for w in words]
        gaz_tags = self._multiword_gazetteer(keys)
        last = len(words) - 1
        minus2 = [_NONE, _NONE] + [w.at_offset[-2] for w in words]
        minus1 = [_BOS] + [w.at_offset[-1] for w in words]
        plus1 = [w.at_offset[1] for w in words] + [_EOS]
        plus2 = [w.at_offset[2] for w in words] + [_NONE, _NONE]
        out: list[list[str]] = []
        for i, w in enumerate(words):
            feats = w.own + minus2[i] + minus1[i] + plus1[i + 1] + plus2[i + 2]
            feats.append("b-=" + keys[i - 1] + "|" + keys[i] if i else "b-=BOS")
            feats.append("b+=" + keys[i] + "|" + keys[i + 1] if i < last else "b+=EOS")
            if gaz_tags[i]:
                feats.append("mg=" + gaz_tags[i])
            out.append(feats)
        return out

    def _multiword_gazetteer(self, keys: list[str]) -> list[str]:
        """B-/I- type marks where a multi-word gazetteer name matches the stems (longest first)."""
        marks = [""] * len(keys)
        multi = self.resources.gazetteer.multi
        i = 0
        while i < len(keys):
            step = 1
            for words, kind in multi.get(keys[i], ()):
                if tuple(keys[i:i + len(words)]) == words:
                    marks[i] = "B-" + kind
                    for j in range(i + 1, i + len(words)):
                        marks[j] = "I-" + kind
                    step = len(words)
                    break
            i += step
        return marks
