"""Word clusters learned from unlabeled news, in pure Python (no numpy needed).

1. Count, for the most frequent normalized words, their left and right neighbours (up to
   ``window`` words away, each distance a separate context) among
   the most frequent context words.
2. Weight the counts by positive PMI (context distribution smoothed with power 0.75).
3. Scale each sparse PPMI row to unit length (cosine geometry).
4. Split the words recursively with spherical 2-means (bisecting k-means, seeded): each word
   gets a bit path, like a Brown cluster, whose prefixes are coarser clusters.

The result is a ``word<TAB>bits`` TSV shipped as ``rasid/data/ner/clusters.tsv``.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import math
import operator
import random
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from rasid.errors import InputError
from rasid.text.segment import tokenize


@dataclass(frozen=True, slots=True)
class ClusterSettings:
    vocabulary: int = 50_000
    contexts: int = 2_000
    min_count: int = 10
    window: int = 1
    depth: int = 14
    min_leaf: int = 8
    iterations: int = 8
    max_tokens: int = 12_000_000
    seed: int = 13


def iter_news_texts(paths: Iterable[Path]) -> Iterator[str]:
    """Article texts of ``*.jsonl.gz`` news files, exact duplicates skipped."""
    seen: set[bytes] = set()
    for path in paths:
        if not path.is_file():
            raise InputError("news file not found: pass --data-dir pointing at shared/data", source=str(path))
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                text = json.loads(line).get("text") or ""
                digest = hashlib.blake2b(text.encode("utf-8"), digest_size=12).digest()
                if text and digest not in seen:
                    seen.add(digest)
                    yield text


def corpus_words(texts: Iterable[str], max_tokens: int) -> list[list[str]]:
    """Normalized token lists, one per article, up to ``max_tokens`` tokens in all."""
    docs: list[list[str]] = []
    total = 0
    for text in texts:
        words = [t.norm for t in tokenize(text) if t.norm]
        docs.append(words)
        total += len(words)
        if total >= max_tokens:
            break
    return docs


def cooccurrences(docs: list[list[str]], settings: ClusterSettings) -> tuple[list[str], list[dict[int, float]]]:
    """Vocabulary and, per word, counts of (side, distance, context word) neighbours."""
    freq = Counter(w for doc in docs for w in doc)
    ranked = [w for w, c in freq.most_common(settings.vocabulary) if c >= settings.min_count]
    vocab_index = {w: i for i, w in enumerate(ranked)}
    context_index = {w: i for i, w in enumerate(ranked[: settings.contexts])}
    width = len(context_index)
    rows: list[Counter[int]] = [Counter() for _ in ranked]
    for doc in docs:
        ids = [vocab_index.get(w, -1) for w in doc]
        ctx = [context_index.get(w, -1) for w in doc]
        for distance in range(1, settings.window + 1):
            left_block, right_block = 2 * (distance - 1) * width, (2 * distance - 1) * width
            for i in range(distance, len(doc)):
                left, right = ids[i - distance], ids[i]
                if right >= 0 and ctx[i - distance] >= 0:
                    rows[right][left_block + ctx[i - distance]] += 1
                if left >= 0 and ctx[i] >= 0:
                    rows[left][right_block + ctx[i]] += 1
    return ranked, [dict(r) for r in rows]


def ppmi(rows: list[dict[int, float]]) -> list[dict[int, float]]:
    """Positive PMI weights with the context distribution smoothed by power 0.75."""
    context_totals: Counter[int] = Counter()
    for row in rows:
        context_totals.update(row)
    smoothed = {c: n ** 0.75 for c, n in context_totals.items()}
    smoothed_total = sum(smoothed.values())
    total = sum(context_totals.values())
    out = []
    for row in rows:
        row_total = sum(row.values()) or 1
        weights = {}
        for c, n in row.items():
            value = math.log((n / row_total) / (smoothed[c] / smoothed_total))
            if value > 0:
                weights[c] = value
        out.append(weights)
    return out


def unit_rows(rows: list[dict[int, float]]) -> list[dict[int, float]]:
    """Each sparse row scaled to unit L2 norm (empty rows stay empty)."""
    out = []
    for row in rows:
        norm = math.sqrt(sum(v * v for v in row.values())) or 1.0
        out.append({c: v / norm for c, v in row.items()})
    return out


def _sparse_dot(row: dict[int, float], dense: list[float]) -> float:
    return sum([dense[c] * v for c, v in row.items()])


def _mean_direction(rows: list[dict[int, float]], members: list[int], width: int) -> list[float]:
    acc = [0.0] * width
    for i in members:
        for c, v in rows[i].items():
            acc[c] += v
    norm = math.sqrt(sum(v * v for v in acc)) or 1.0
    return [v / norm for v in acc]


def two_means(rows: list[dict[int, float]], members: list[int], width: int, iterations: int,
              rng: random.Random) -> tuple[list[int], list[int]]:
    """Spherical 2-means of ``members`` over sparse unit rows: the two halves."""
    first, second = rng.sample(members, 2)
    centre_a, centre_b = _mean_direction(rows, [first], width), _mean_direction(rows, [second], width)
    side_a: list[int] = members
    side_b: list[int] = []
    for _ in range(iterations):
        direction = list(map(operator.sub, centre_a, centre_b))
        side_a, side_b = [], []
        for i in members:
            (side_a if _sparse_dot(rows[i], direction) >= 0 else side_b).append(i)
        if not side_a or not side_b:
            break
        centre_a, centre_b = _mean_direction(rows, side_a, width), _mean_direction(rows, side_b, width)
    if not side_a or not side_b:
        half = len(members) // 2
        return members[:half], members[half:]
    return side_a, side_b


def bisect_paths(rows: list[dict[int, float]], settings: ClusterSettings) -> list[str]:
    """A bit path per sparse unit row from recursive spherical 2-means."""
    rng = random.Random(settings.seed)
    width = 1 + max((c for row in rows for c in row), default=0)
    paths = [""] * len(rows)
    stack: list[tuple[list[int], str]] = [(list(range(len(rows))), "")]
    while stack:
        members, prefix = stack.pop()
        if len(prefix) >= settings.depth or len(members) < 2 * settings.min_leaf:
            for i in members:
                paths[i] = prefix or "0"
            continue
        left, right = two_means(rows, members, width, settings.iterations, rng)
        stack.append((right, prefix + "1"))
        stack.append((left, prefix + "0"))
    return paths


def learn_clusters(news_files: list[Path], settings: ClusterSettings) -> dict[str, str]:
    """{normalized word: bit path} learned from the news files."""
    docs = corpus_words(iter_news_texts(news_files), settings.max_tokens)
    vocab, rows = cooccurrences(docs, settings)
    return dict(zip(vocab, bisect_paths(unit_rows(ppmi(rows)), settings)))


def write_clusters(clusters: dict[str, str], out: Path) -> None:
    """``word<TAB>bits`` lines sorted by word."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as handle:
        for word in sorted(clusters):
            handle.write(f"{word}\t{clusters[word]}\n")


@dataclass(frozen=True, slots=True)
class VectorSettings:
    """Dense word vectors: PPMI rows (±``window`` contexts) randomly projected to ``dimensions``."""

    vocabulary: int = 50_000
    contexts: int = 2_000
    min_count: int = 10
    window: int = 2
    dimensions: int = 32
    hashes_per_context: int = 4
    max_tokens: int = 12_000_000
    scale: int = 100
    seed: int = 17


def projection_table(width: int, settings: VectorSettings) -> list[list[tuple[int, int]]]:
    """Per context column, a few (dimension, ±1) cells: a very sparse random projection (seeded)."""
    rng = random.Random(settings.seed)
    return [[(rng.randrange(settings.dimensions), rng.choice((-1, 1))) for _ in range(settings.hashes_per_context)]
            for _ in range(width)]


def project_row(row: dict[int, float], table: list[list[tuple[int, int]]], dimensions: int) -> list[float]:
    """One sparse row projected to ``dimensions`` and scaled to unit length."""
    out = [0.0] * dimensions
    for column, value in row.items():
        for dim, sign in table[column]:
            out[dim] += sign * value
    norm = math.sqrt(sum(v * v for v in out)) or 1.0
    return [v / norm for v in out]


def learn_vectors(news_files: list[Path], settings: VectorSettings) -> dict[str, list[int]]:
    """{normalized word: unit vector components × ``settings.scale``, rounded} from the news files."""
    docs = corpus_words(iter_news_texts(news_files), settings.max_tokens)
    counting = ClusterSettings(vocabulary=settings.vocabulary, contexts=settings.contexts,
                               min_count=settings.min_count, window=settings.window)
    vocab, rows = cooccurrences(docs, counting)
    weighted = ppmi(rows)
    table = projection_table(2 * settings.window * settings.contexts, settings)
    return {word: [round(v * settings.scale) for v in project_row(row, table, settings.dimensions)]
            for word, row in zip(vocab, weighted) if row}


def write_vectors(vectors: dict[str, list[int]], out: Path) -> None:
    """``word<TAB>n1 n2 ...`` lines sorted by word (integers = components × scale)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as handle:
        for word in sorted(vectors):
            handle.write(word + "\t" + " ".join(map(str, vectors[word])) + "\n")
