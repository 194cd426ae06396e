"""Word clusters from unlabeled text: co-occurrence, PPMI, bisecting spherical 2-means."""
from __future__ import annotations

import gzip
import json
import os

from rasid.entities.clusters import (ClusterSettings, bisect_paths, cooccurrences, corpus_words, iter_news_texts,
                                     learn_clusters, ppmi, unit_rows, write_clusters)

CITIES = ["بغداد", "دمشق", "بيروت", "عمان"]
VERBS = ["وصل", "عاد", "سافر", "انتقل"]


def _toy_corpus() -> list[str]:
    texts = []
    for i, city in enumerate(CITIES * 30):
        verb = VERBS[i % 4]
        texts.append(f"{verb} الوزير إلى {city} أمس ثم {verb} الرئيس إلى {CITIES[(i + 1) % 4]} اليوم")
    return texts


def test_similar_contexts_share_long_prefixes():
    settings = ClusterSettings(vocabulary=100, contexts=50, min_count=1, depth=4, min_leaf=2, iterations=6, seed=1)
    docs = corpus_words(_toy_corpus(), 10_000)
    vocab, rows = cooccurrences(docs, settings)
    paths = dict(zip(vocab, bisect_paths(unit_rows(ppmi(rows)), settings)))
    cities = os.path.commonprefix([paths[c] for c in CITIES])
    verbs = os.path.commonprefix([paths[v] for v in VERBS])
    across = os.path.commonprefix([paths[CITIES[0]], paths[VERBS[0]]])
    assert len(cities) > len(across) and len(verbs) > len(across)


def test_ppmi_keeps_only_positive_weights():
    weights = ppmi([{0: 10, 1: 1}, {0: 1, 1: 10}])
    assert all(v > 0 for row in weights for v in row.values())
    assert 0 in weights[0] and 1 not in weights[0]


def test_news_reader_skips_duplicates_and_learns_deterministically(tmp_path):
    path = tmp_path / "news.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for text in _toy_corpus() + _toy_corpus()[:5]:
            handle.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")
    assert len(list(iter_news_texts([path]))) == len(set(_toy_corpus()))
    settings = ClusterSettings(vocabulary=100, contexts=50, min_count=1, depth=3, min_leaf=2)
    first, second = learn_clusters([path], settings), learn_clusters([path], settings)
    assert first == second and set(first) >= set(CITIES)
    out = tmp_path / "clusters.tsv"
    write_clusters(first, out)
    assert all(len(line.split("\t")) == 2 for line in out.read_text(encoding="utf-8").splitlines())


def test_vectors_put_similar_contexts_close(tmp_path):
    from rasid.entities.clusters import VectorSettings, learn_vectors, write_vectors

    path = tmp_path / "news.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for text in _toy_corpus():
            handle.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")
    settings = VectorSettings(vocabulary=100, contexts=50, min_count=1, dimensions=16, seed=3)
    vectors = learn_vectors([path], settings)
    assert vectors == learn_vectors([path], settings)

    def cosine(a: str, b: str) -> float:
        return sum(x * y for x, y in zip(vectors[a], vectors[b])) / settings.scale ** 2

    assert cosine("بغداد", "دمشق") > cosine("بغداد", "وصل") + 0.2
    assert all(len(v) == 16 for v in vectors.values())
    write_vectors(vectors, tmp_path / "v.tsv")
    first = (tmp_path / "v.tsv").read_text(encoding="utf-8").splitlines()[0].split("\t")
    assert len(first[1].split()) == 16
