"""Near-duplicate articles: the same story re-filed with small edits.

Two texts are near-duplicates when the Jaccard similarity of their sets of 5-word shingles is
at least :data:`DEFAULT_THRESHOLD` (0.8). Words are taken from the matching form of the text
(:func:`rasid.text.normalize.normalize`), so diacritics, letter variants, digits, punctuation and
spacing do not matter; a changed sentence or a different footer in a 300-word article keeps the
similarity well above 0.8.

The Jaccard similarity is estimated with MinHash by *one-permutation hashing*: every shingle is
hashed once (a 64-bit hash, the same in every process), the top bits choose one of
:data:`NUM_BINS` bins and each bin keeps its smallest value; empty bins borrow from the next
filled bin (rotation densification). The share of equal bins estimates the Jaccard similarity
(standard error about 0.05 at 0.8 with 64 bins). Candidates are found by LSH banding
(:data:`NUM_BINS` / :data:`BAND_ROWS` bands of :data:`BAND_ROWS` bins: a pair at Jaccard 0.8 is
a candidate with probability > 0.999, a pair at 0.3 with probability < 0.13), then checked
against the threshold. Cost is linear in the text length, about a millisecond per article.
"""
from __future__ import annotations

import re
import zlib
from array import array
from dataclasses import dataclass
from typing import Iterable, Iterator, TypeVar

from rasid.errors import UsageError
from rasid.text.normalize import normalize

DEFAULT_THRESHOLD = 0.8
SHINGLE_WORDS = 5
NUM_BINS = 64
BAND_ROWS = 4
_BIN_SHIFT = 64 - (NUM_BINS.bit_length() - 1)   # the top bits of a hash choose its bin
_MASK64 = (1 << 64) - 1
_ROTATION_STEP = 0x5BD1E995     # offset added per bin when an empty bin borrows a value
_WORD = re.compile(r"\w+")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class NearDuplicate:
    """An earlier article found similar to a new one, with the estimated Jaccard similarity."""

    id: str
    similarity: float


def shingle_words(text: str) -> list[str]:
    """The words of the matching form of ``text`` (letters and digits, punctuation dropped)."""
    return _WORD.findall(normalize(text))


def shingle_hashes(words: list[str], size: int = SHINGLE_WORDS) -> list[int]:
    """64-bit hashes of every run of ``size`` consecutive words (one run if there are fewer words).

    Words are hashed with CRC-32 and each run of word hashes with CPython's tuple hash (xxHash
    based; integers are never salted), so values are the same in every process of one Python
    version. Signatures are for in-memory comparison and are not meant to be stored.
    """
    hashes = [zlib.crc32(w.encode("utf-8")) for w in words]
    if len(hashes) <= size:
        return [hash(tuple(hashes)) & _MASK64] if hashes else []
    runs = zip(*(hashes[offset:] for offset in range(size)))
    return [hash(run) & _MASK64 for run in runs]


def minhash_signature(hashes: list[int]) -> array:
    """One-permutation MinHash of shingle hashes: :data:`NUM_BINS` values (empty when no shingles).

    The top bits of a hash choose its bin; each bin keeps its smallest hash.
    """
    if not hashes:
        return array("Q")
    smallest = {h >> _BIN_SHIFT: h for h in sorted(hashes, reverse=True)}
    if len(smallest) == NUM_BINS:
        return array("Q", [smallest[b] for b in range(NUM_BINS)])
    return array("Q", _densify(smallest))


def _densify(smallest: dict[int, int]) -> list[int]:
    """Fill each empty bin from the next filled bin to its right, offset by the distance."""
    out = []
    for b in range(NUM_BINS):
        distance = 0
        while (b + distance) % NUM_BINS not in smallest:
            distance += 1
        out.append((smallest[(b + distance) % NUM_BINS] + distance * _ROTATION_STEP) & _MASK64)
    return out


def text_signature(text: str) -> array:
    """The MinHash signature of the 5-word shingles of ``text``."""
    return minhash_signature(shingle_hashes(shingle_words(text)))


def estimated_jaccard(a: array, b: array) -> float:
    """Share of equal bins of two signatures: the estimated Jaccard similarity."""
    if not a or not b:
        return 0.0
    return sum(1 for x, y in zip(a, b) if x == y) / len(a)


def exact_jaccard(a: str, b: str, size: int = SHINGLE_WORDS) -> float:
    """The exact Jaccard similarity of the shingle sets of two texts (for checks and tests)."""
    sa, sb = set(shingle_hashes(shingle_words(a), size)), set(shingle_hashes(shingle_words(b), size))
    if not sa and not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


def band_keys(signature: array) -> list[int]:
    """One hash per band of :data:`BAND_ROWS` bins, tagged with the band number."""
    return [hash((start, *signature[start:start + BAND_ROWS]))
            for start in range(0, len(signature), BAND_ROWS)]


class NearDuplicateIndex:
    """Articles seen so far, searchable for near-duplicates of a new one.

    ``add(id, text)`` returns the id of an earlier article whose estimated Jaccard similarity
    to ``text`` is at least ``threshold`` (the most similar one; the earliest on a tie), or
    None; the new article is indexed either way. Adding an id already present changes nothing.
    """

    def __init__(self, threshold: float = DEFAULT_THRESHOLD) -> None:
        if not 0.0 < threshold <= 1.0:
            raise UsageError(f"near-duplicate threshold must be in (0, 1], got {threshold}")
        self.threshold = threshold
        self._signatures: dict[str, array] = {}
        self._rank: dict[str, int] = {}
        # band key -> the id of the one article with that band (most keys), or a list of ids in
        # the order they were added: a list per key would cost ~90 bytes more each, 16 per article
        self._buckets: dict[int, str | list[str]] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._signatures

    def find(self, text: str) -> NearDuplicate | None:
        """The most similar indexed article at or above the threshold, without indexing ``text``."""
        return self._best_match(text_signature(text), exclude=None)

    def add(self, article_id: str, text: str) -> str | None:
        """Index ``text`` under ``article_id``; the id of its earlier near-duplicate, or None."""
        if article_id in self._signatures:
            return None
        signature = text_signature(text)
        match = self._best_match(signature, exclude=article_id)
        if signature:
            self._signatures[article_id] = signature
            self._rank[article_id] = len(self._rank)
            for key in band_keys(signature):
                self._add_to_bucket(key, article_id)
        return match.id if match else None

    def _add_to_bucket(self, key: int, article_id: str) -> None:
        held = self._buckets.get(key)
        if held is None:
            self._buckets[key] = article_id
        elif isinstance(held, str):
            self._buckets[key] = [held, article_id]
        else:
            held.append(article_id)

    def _best_match(self, signature: array, exclude: str | None) -> NearDuplicate | None:
        best: NearDuplicate | None = None
        for candidate in self._candidates(signature):
            if candidate == exclude:
                continue
            similarity = estimated_jaccard(signature, self._signatures[candidate])
            if similarity >= self.threshold and (best is None or similarity > best.similarity):
                best = NearDuplicate(candidate, similarity)
        return best

    def _candidates(self, signature: array) -> list[str]:
        """Indexed ids sharing at least one band with ``signature``, in the order they were added."""
        if not signature:
            return []
        seen: dict[str, None] = {}
        for key in band_keys(signature):
            held = self._buckets.get(key, ())
            for candidate in ((held,) if isinstance(held, str) else held):
                seen.setdefault(candidate, None)
        return sorted(seen, key=self._rank.__getitem__)


def flag_near_duplicates(items: Iterable[T], index: NearDuplicateIndex | None = None) -> Iterator[T]:
    """Pass ``items`` through, setting ``meta.near_duplicate_of`` on articles that repeat an earlier one.

    Items without ``meta``/``raw`` (e.g. :class:`~rasid.ingest.InputFailure`) pass untouched.
    """
    index = index if index is not None else NearDuplicateIndex()
    for item in items:
        meta, raw = getattr(item, "meta", None), getattr(item, "raw", None)
        if meta is not None and isinstance(raw, str):
            earlier = index.add(meta.id, raw)
            if earlier is not None and earlier != meta.id:
                meta.near_duplicate_of = earlier
        yield item
