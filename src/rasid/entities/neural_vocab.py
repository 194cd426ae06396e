"""Word keys and per-word inputs of the neural NER tagger (shared by training and tagging).

A token becomes three things that do not depend on its sentence (so they are computed once
per word form): a word id (its key, else its clitic-stripped keys, else UNK), character ids
(of the normalized form, with begin/end marks) and a bag of discrete feature ids (gazetteer
types, word-cluster bit prefixes, shape, stripped proclitic). One thing depends on the
sentence: the multi-word gazetteer mark (B-/I- + type), an id in :data:`MARKS`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from rasid.entities.features import FeatureResources, proclitic_prefix, word_shape
from rasid.errors import ResourceError
from rasid.text.clitics import lookup_key_tuple
from rasid.text.normalize import normalize

PAD, UNK = 0, 1
MAX_CHARS = 24
CHAR_BEGIN, CHAR_END = "\x02", "\x03"
FEATURE_SLOTS = 8
CLUSTER_PREFIXES = (4, 8, 12)
MARKS = ("", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC")
_DIGITS_TO_ZERO = str.maketrans({d: "0" for d in "123456789"})


def word_key(token: str) -> str:
    """The embedding key of a token: normalized, every digit folded to 0."""
    return (normalize(token) or token).translate(_DIGITS_TO_ZERO)


def feature_strings(token: str, resources: FeatureResources) -> list[str]:
    """The discrete features of one word form (at most FEATURE_SLOTS strings)."""
    keys = lookup_key_tuple(token)
    norm = keys[0] if keys else (normalize(token) or token)
    stem = min(keys, key=len) if keys else norm
    gazetteer, clusters = resources.gazetteer.single, resources.clusters
    types = sorted({kind for key in keys for kind in gazetteer.get(key, ())})
    cluster = next((clusters[k] for k in keys if k in clusters), "")
    feats = [f"g={t}" for t in types]
    feats += [f"c{n}={cluster[:n]}" for n in CLUSTER_PREFIXES] if cluster else ["c=unk"]
    feats += [f"sh={word_shape(token)}", f"pre={proclitic_prefix(norm, stem)}"]
    return feats[:FEATURE_SLOTS]


def multiword_marks(tokens: list[str], resources: FeatureResources, stems: list[str] | None = None) -> list[int]:
    """Ids in MARKS where a multi-word gazetteer name matches the stems (longest first).

    ``stems`` are the tokens' :func:`stem` values when the caller has them cached.
    """
    stems = stems if stems is not None else [stem(t) for t in tokens]
    marks = [0] * len(tokens)
    multi = resources.gazetteer.multi
    i = 0
    while i < len(stems):
        step = 1
        for words, kind in multi.get(stems[i], ()):
            if tuple(stems[i:i + len(words)]) == words:
                marks[i] = MARKS.index("B-" + kind)
                for j in range(i + 1, i + len(words)):
                    marks[j] = MARKS.index("I-" + kind)
                step = len(words)
                break
        i += step
    return marks


def stem(token: str) -> str:
    """The shortest clitic key of ``token`` (as the gazetteer's multi-word names are keyed)."""
    keys = lookup_key_tuple(token)
    return min(keys, key=len) if keys else (normalize(token) or token)


@dataclass(frozen=True, slots=True)
class WordIds:
    word: int
    chars: tuple[int, ...]
    features: tuple[int, ...]


@dataclass(slots=True)
class Vocabulary:
    """Index tables for words, characters and discrete features (0 = padding, 1 = unknown)."""

    words: list[str]
    chars: list[str]
    features: list[str]
    resources: FeatureResources = field(default_factory=FeatureResources)
    _word_index: dict[str, int] = field(init=False, repr=False)
    _char_index: dict[str, int] = field(init=False, repr=False)
    _feature_index: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        for name, table in (("words", self.words), ("chars", self.chars), ("features", self.features)):
            if len(table) < 2 or table[PAD] != "<pad>" or table[UNK] != "<unk>":
                raise ResourceError(f"neural NER vocabulary '{name}' must start with <pad>, <unk>")
        self._word_index = {w: i for i, w in enumerate(self.words)}
        self._char_index = {c: i for i, c in enumerate(self.chars)}
        self._feature_index = {f: i for i, f in enumerate(self.features)}

    def word_id(self, token: str, key: str | None = None) -> int:
        """Id of the token's key (``key``: its :func:`word_key` when known), else of its first
        clitic-stripped key known, else UNK."""
        found = self._word_index.get(word_key(token) if key is None else key)
        if found is not None:
            return found
        for stripped in lookup_key_tuple(token)[1:]:
            found = self._word_index.get(stripped.translate(_DIGITS_TO_ZERO))
            if found is not None:
                return found
        return UNK

    def ids(self, token: str) -> WordIds:
        """Word, character and feature ids of one token."""
        key = word_key(token)
        letters = CHAR_BEGIN + key + CHAR_END
        if len(letters) > MAX_CHARS:
            half = MAX_CHARS // 2
            letters = letters[:half] + letters[-half:]
        char_of, feature_of = self._char_index.get, self._feature_index.get
        chars = tuple([char_of(c, UNK) for c in letters])
        feats = tuple([feature_of(f, UNK) for f in feature_strings(token, self.resources)])
        return WordIds(self.word_id(token, key), chars, feats)


def char_table(tokens: list[str], min_count: int = 2) -> list[str]:
    """Characters seen at least ``min_count`` times in the keys of ``tokens`` (sorted)."""
    counts: dict[str, int] = {}
    for token in tokens:
        for ch in word_key(token):
            counts[ch] = counts.get(ch, 0) + 1
    return ["<pad>", "<unk>", CHAR_BEGIN, CHAR_END] + sorted(c for c, n in counts.items() if n >= min_count)


def feature_table(tokens: list[str], resources: FeatureResources, min_count: int = 2) -> list[str]:
    """Feature strings seen at least ``min_count`` times over ``tokens`` (sorted)."""
    counts: dict[str, int] = {}
    for token in tokens:
        for f in feature_strings(token, resources):
            counts[f] = counts.get(f, 0) + 1
    return ["<pad>", "<unk>"] + sorted(f for f, n in counts.items() if n >= min_count)
