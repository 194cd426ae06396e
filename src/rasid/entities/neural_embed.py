"""Word embeddings for the neural NER tagger: skip-gram with negative sampling, in torch.

Training-side only (needs the ``train`` extra). The corpus is the de-duplicated unlabeled
news under ``news/`` plus the tokens of ANERcorp train; words are keyed by
:func:`rasid.entities.neural_vocab.word_key` (normalized, digits folded to 0), the same key
the tagger looks words up by. Frequent words are sub-sampled, windows are dynamic (a pair at
distance d is kept with probability (window - d + 1) / window), negatives come from the
unigram distribution raised to 0.75. Seeded: the same data gives the same vectors.
"""
from __future__ import annotations

import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import numpy as np

from rasid.entities.clusters import iter_news_texts
from rasid.entities.neural_vocab import word_key
from rasid.text.segment import tokenize


@dataclass(frozen=True, slots=True)
class EmbedSettings:
    dimensions: int = 100
    min_count: int = 5
    max_words: int = 150_000
    max_tokens: int = 10_000_000
    window: int = 5
    negatives: int = 5
    subsample: float = 1e-4
    epochs: int = 1
    batch: int = 8192
    learning_rate: float = 0.002
    seed: int = 7
    threads: int = 1


@dataclass(frozen=True, slots=True)
class Embeddings:
    words: list[str]
    vectors: np.ndarray     # (len(words), dimensions) float32


def corpus_keys(texts: Iterable[str], extra_sentences: Iterable[list[str]], max_tokens: int) -> list[list[str]]:
    """Word keys per document (news articles, then the extra token lists), up to ``max_tokens``."""
    docs: list[list[str]] = [[word_key(t) for t in tokens] for tokens in extra_sentences]
    total = sum(map(len, docs))
    for text in texts:
        if total >= max_tokens:
            break
        keys = [word_key(t.text) for t in tokenize(text)]
        docs.append(keys)
        total += len(keys)
    return docs


def build_vocabulary(docs: list[list[str]], settings: EmbedSettings) -> tuple[list[str], np.ndarray]:
    """Words seen at least ``min_count`` times (most frequent first, capped) and their counts."""
    freq = Counter(w for doc in docs for w in doc)
    ranked = [(w, c) for w, c in freq.most_common(settings.max_words) if c >= settings.min_count]
    return [w for w, _ in ranked], np.array([c for _, c in ranked], dtype=np.float64)


def skipgram_pairs(docs: list[list[str]], index: dict[str, int], counts: np.ndarray,
                   settings: EmbedSettings, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(center, context) id pairs after sub-sampling, with dynamic windows, shuffled."""
    total = counts.sum()
    keep_prob = np.minimum(1.0, np.sqrt(settings.subsample * total / counts) + settings.subsample * total / counts)
    centers: list[np.ndarray] = []
    contexts: list[np.ndarray] = []
    for doc in docs:
        ids = np.fromiter((index.get(w, -1) for w in doc), dtype=np.int64, count=len(doc))
        ids = ids[ids >= 0]
        if len(ids) < 2:
            continue
        ids = ids[rng.random(len(ids)) < keep_prob[ids]]
        for distance in range(1, settings.window + 1):
            if len(ids) <= distance:
                break
            left, right = ids[:-distance], ids[distance:]
            keep = rng.random(len(left)) < (settings.window - distance + 1) / settings.window
            centers += [left[keep], right[keep]]
            contexts += [right[keep], left[keep]]
    center, context = np.concatenate(centers), np.concatenate(contexts)
    order = rng.permutation(len(center))
    return center[order], context[order]


def train_skipgram(docs: list[list[str]], settings: EmbedSettings) -> Embeddings:
    """Skip-gram with negative sampling over ``docs``; returns the input vectors."""
    import torch

    torch.manual_seed(settings.seed)
    torch.set_num_threads(settings.threads)
    rng = np.random.default_rng(settings.seed)
    words, counts = build_vocabulary(docs, settings)
    index = {w: i for i, w in enumerate(words)}
    noise = torch.tensor(counts ** 0.75 / (counts ** 0.75).sum(), dtype=torch.float32)
    size, dim = len(words), settings.dimensions
    inputs = torch.nn.Embedding(size, dim, sparse=True)
    outputs = torch.nn.Embedding(size, dim, sparse=True)
    torch.nn.init.uniform_(inputs.weight, -0.5 / dim, 0.5 / dim)
    torch.nn.init.zeros_(outputs.weight)
    optimizer = torch.optim.SparseAdam(list(inputs.parameters()) + list(outputs.parameters()),
                                       lr=settings.learning_rate)
    for epoch in range(settings.epochs):
        started = time.monotonic()
        center, context = skipgram_pairs(docs, index, counts, settings, rng)
        center_t, context_t = torch.from_numpy(center), torch.from_numpy(context)
        total_loss = 0.0
        steps = 0
        for start in range(0, len(center), settings.batch):
            c = inputs(center_t[start:start + settings.batch])
            o = outputs(context_t[start:start + settings.batch])
            negative_ids = torch.multinomial(noise, len(c) * settings.negatives, replacement=True)
            n = outputs(negative_ids).view(len(c), settings.negatives, dim)
            positive = torch.nn.functional.logsigmoid((c * o).sum(-1))
            negative = torch.nn.functional.logsigmoid(-torch.bmm(n, c.unsqueeze(2)).squeeze(2)).sum(-1)
            loss = -(positive + negative).mean()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total_loss += float(loss.detach())
            steps += 1
        print(f"embeddings epoch {epoch + 1}: {len(center):,} pairs, loss {total_loss / max(steps, 1):.3f}, "
              f"{time.monotonic() - started:.0f}s", file=sys.stderr)
    return Embeddings(words, inputs.weight.detach().numpy().astype(np.float32))


def save_embeddings(embeddings: Embeddings, out: Path) -> None:
    """``words`` and ``vectors`` arrays in one ``.npz``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez(out, words=np.array(embeddings.words), vectors=embeddings.vectors)


def load_embeddings(path: Path) -> Embeddings:
    with np.load(path) as data:
        return Embeddings([str(w) for w in data["words"]], data["vectors"].astype(np.float32))


def learn_embeddings(news_files: list[Path], extra_sentences: list[list[str]], settings: EmbedSettings) -> Embeddings:
    """Read the news (up to ``max_tokens``) and train skip-gram vectors."""
    started = time.monotonic()
    docs = corpus_keys(iter_news_texts(news_files), extra_sentences, settings.max_tokens)
    print(f"embedding corpus: {sum(map(len, docs)):,} tokens in {len(docs):,} documents, "
          f"{time.monotonic() - started:.0f}s", file=sys.stderr)
    return train_skipgram(docs, settings)
