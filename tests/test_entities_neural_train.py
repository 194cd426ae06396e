"""Training side of the neural NER tagger (needs torch, the ``train`` extra; skipped without it)."""
from __future__ import annotations

import numpy as np
import pytest

from rasid.entities.conll import TaggedSentence
from rasid.entities.features import FeatureResources, parse_gazetteer
from rasid.entities.neural_embed import EmbedSettings, build_vocabulary as embedding_vocabulary, train_skipgram
from rasid.entities.neural_model import NeuralModel
from rasid.entities.neural_train import (LABELS, NeuralSettings, averaged, chop, encode, make_batch, model_arrays,
                                         gazetteer_names, merged_pools, name_pool, swap_names, train_network)
from rasid.entities.neural_vocab import Vocabulary, char_table, feature_table

torch = pytest.importorskip("torch")
from rasid.entities.neural_net import NerNet, NetSizes  # noqa: E402  (needs torch)

O = "O"
TRAIN = [
    ("قال سليم حداد في بيروت إن الوضع هادئ", [O, "B-PER", "I-PER", O, "B-LOC", O, O, O]),
    ("وصل سليم حداد إلى دمشق أمس", [O, "B-PER", "I-PER", O, "B-LOC", O]),
    ("أعلنت وزارة الدفاع في بيروت عن خطة", [O, "B-ORG", "I-ORG", O, "B-LOC", O, O]),
    ("زار كريم نصار دمشق", [O, "B-PER", "I-PER", "B-LOC"]),
]
RESOURCES = FeatureResources(parse_gazetteer(["بيروت\tLOC", "دمشق\tLOC"], "test"), {"بيروت": "0110"})


def sentences() -> list[TaggedSentence]:
    return [TaggedSentence(text.split(), tags) for text, tags in TRAIN]


def tiny_vocabulary() -> Vocabulary:
    tokens = [t for s in sentences() for t in s.tokens]
    words = ["<pad>", "<unk>"] + sorted(set(tokens))[:6]
    return Vocabulary(words, char_table(tokens, 1), feature_table(tokens, RESOURCES, 1), RESOURCES)


def test_numpy_forward_pass_equals_torch():
    torch.manual_seed(0)
    vocab = tiny_vocabulary()
    net = NerNet(NetSizes(len(vocab.words), len(vocab.chars), len(vocab.features), len(LABELS),
                          word_dim=6, char_filters=5, feature_dim=4, hidden=7))
    for p in net.parameters():
        torch.nn.init.normal_(p)
    net.eval()
    data = sentences()
    with torch.no_grad():
        expected = net.emissions(make_batch(encode(data, vocab), 0.0, np.random.default_rng(0))).numpy()
    model = NeuralModel(model_arrays(net, vocab, half=False), RESOURCES)
    for i, scores in enumerate(model.emissions([s.tokens for s in data])):
        assert np.allclose(scores, expected[i, :len(scores)], atol=1e-4)


def test_crf_loss_is_the_log_partition_minus_the_gold_score():
    torch.manual_seed(1)
    vocab = tiny_vocabulary()
    net = NerNet(NetSizes(len(vocab.words), len(vocab.chars), len(vocab.features), len(LABELS), hidden=4))
    net.eval()
    batch = make_batch(encode(sentences()[:1], vocab), 0.0, np.random.default_rng(0))
    with torch.no_grad():
        loss = float(net.loss(batch))
        em = net.emissions(batch)[0].numpy()
    from rasid.entities.neural_model import _logsumexp

    tags = batch.tags[0].numpy()
    trans, start, end = (t.detach().numpy() for t in (net.transitions, net.start, net.end))
    gold = start[tags[0]] + end[tags[-1]] + sum(em[t, y] for t, y in enumerate(tags))
    gold += sum(trans[a, b] for a, b in zip(tags, tags[1:]))
    alpha = start + em[0]
    for t in range(1, len(em)):
        alpha = _logsumexp(alpha[:, None] + trans, 0) + em[t]
    assert loss == pytest.approx(float(_logsumexp(alpha + end, 0) - gold), abs=1e-3)


def test_training_fits_a_tiny_corpus():
    vocab = tiny_vocabulary()
    matrix = np.random.default_rng(0).normal(0, 0.1, (len(vocab.words), 8)).astype(np.float32)
    settings = NeuralSettings(epochs=30, batch=2, learning_rate=0.02, word_dropout=0.0, hidden=16, dropout=0.0)
    data = sentences()
    arrays, score, epoch = train_network(data, data, vocab, matrix, settings)
    assert score.overall.f1 == 1.0 and 1 <= epoch <= 30
    assert arrays["word_emb"].dtype == np.float16
    model = NeuralModel(arrays, RESOURCES)
    assert model.decode(model.emissions([data[3].tokens])[0]) == data[3].tags


def test_long_sentences_are_chopped_with_valid_tags():
    long = TaggedSentence(["a"] * 5, ["O", "B-PER", "I-PER", "I-PER", "O"])
    pieces = chop(long, limit=3)
    assert [p.tokens for p in pieces] == [["a"] * 3, ["a"] * 2]
    assert pieces[1].tags == ["B-PER", "O"]


def test_skipgram_vectors_cover_frequent_words():
    docs = [["قال", "الوزير", "في", "بغداد"], ["قال", "الرئيس", "في", "دمشق"]] * 20
    settings = EmbedSettings(dimensions=8, min_count=5, epochs=1, batch=64, subsample=1.0)
    embeddings = train_skipgram(docs, settings)
    words, _ = embedding_vocabulary(docs, settings)
    assert embeddings.words == words and embeddings.vectors.shape == (len(words), 8)
    assert np.isfinite(embeddings.vectors).all()


def test_name_pool_holds_each_distinct_name_once_by_type():
    pool = name_pool(sentences())
    assert pool["PER"] == [("سليم", "حداد"), ("كريم", "نصار")]
    assert pool["LOC"] == [("بيروت",), ("دمشق",)]
    assert pool["ORG"] == [("وزارة", "الدفاع")]


def test_swapped_names_keep_their_type_and_valid_tags():
    import random

    pool = {"PER": [("عمر",)], "LOC": [("مدينة", "حلب")]}
    sentence = sentences()[0]
    swapped = swap_names(sentence, pool, 1.0, random.Random(0))
    assert swapped.tokens == ["قال", "عمر", "في", "مدينة", "حلب", "إن", "الوضع", "هادئ"]
    assert swapped.tags == [O, "B-PER", O, "B-LOC", "I-LOC", O, O, O]
    assert swap_names(sentence, pool, 0.0, random.Random(0)) is sentence
    assert swap_names(sentence, {"ORG": [("الأمم",)]}, 1.0, random.Random(0)) is sentence


def test_name_dropout_only_hides_words_inside_entities():
    vocab = tiny_vocabulary()
    items = encode(sentences(), vocab)
    batch = make_batch(items, 0.0, np.random.default_rng(0), name_dropout=1.0)
    plain = make_batch(items, 0.0, np.random.default_rng(0))
    inside = (plain.tags > 0) & (plain.words > 0)
    assert (batch.words[inside] == 1).all()
    assert torch.equal(batch.words[~inside], plain.words[~inside])


def test_averaged_weights_are_the_mean_and_shared_arrays_stay():
    fixed = np.ones((2, 2), dtype=np.float32)
    first = {"w": np.zeros(3, dtype=np.float32), "word_emb": fixed, "labels": np.array(["O"])}
    second = {"w": np.full(3, 2.0, dtype=np.float32), "word_emb": fixed, "labels": np.array(["O"])}
    mean = averaged([first, second])
    assert np.allclose(mean["w"], 1.0) and mean["w"].dtype == np.float32
    assert mean["word_emb"] is fixed and mean["labels"] is second["labels"]


def test_training_with_swaps_dropout_and_averaging_runs():
    vocab = tiny_vocabulary()
    matrix = np.random.default_rng(0).normal(0, 0.1, (len(vocab.words), 8)).astype(np.float32)
    settings = NeuralSettings(epochs=3, batch=2, hidden=8, replace_names=0.5, name_dropout=0.2, average_last=2)
    data = sentences()
    arrays, score, epoch = train_network(data, data, vocab, matrix, settings)
    assert 1 <= epoch <= 3 and 0.0 <= score.overall.f1 <= 1.0
    assert arrays["word_emb"].dtype == np.float16 and np.isfinite(arrays["f_w_ih"]).all()


def test_gazetteer_names_join_the_pool_once():
    gazetteer = gazetteer_names(["حلب\tLOC", "مدينة حلب\tLOC", "عمر حسن\tPER"])
    assert gazetteer == {"LOC": [("حلب",), ("مدينة", "حلب")], "PER": [("عمر", "حسن")]}
    merged = merged_pools(name_pool(sentences()), gazetteer)
    assert merged["LOC"] == [("بيروت",), ("دمشق",), ("حلب",), ("مدينة", "حلب")]
    assert merged["ORG"] == [("وزارة", "الدفاع")]


def test_gazetteer_lines_are_validated():
    from rasid.errors import ResourceError

    with pytest.raises(ResourceError):
        gazetteer_names(["حلب\tCITY"])
