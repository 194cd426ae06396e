"""The neural NER tagger's NumPy side: CRF decoding, the recurrent loop, the tagger interface.

Models here are tiny and hand-made (random or set weights), so no torch is needed.
"""
from __future__ import annotations

import itertools
import pickle

import numpy as np
import pytest

from rasid.doc import Token
from rasid.entities.features import FeatureResources, parse_gazetteer
from rasid.entities.neural_model import (Direction, NeuralModel, marginals, marginals_batch, run_direction, viterbi,
                                         viterbi_batch)
from rasid.entities.neural_tagger import NeuralTagger
from rasid.entities.neural_vocab import (CHAR_BEGIN, CHAR_END, FEATURE_SLOTS, MARKS, MAX_CHARS, UNK, Vocabulary,
                                         char_table, feature_strings, multiword_marks, word_key)
from rasid.errors import ResourceError
from rasid.text.segment import tokenize

LABELS = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"]
WORDS = ["<pad>", "<unk>", "قال", "في", "بيروت", "000"]
RESOURCES = FeatureResources(parse_gazetteer(["بيروت\tLOC", "مجلس امن\tORG"], "test"), {"بيروت": "0101"})


def tiny_arrays(seed: int = 0, *, favour: str | None = None) -> dict[str, np.ndarray]:
    """A random model in the exported layout (word dim 4, 3 char filters, hidden 5)."""
    rng = np.random.default_rng(seed)
    chars = ["<pad>", "<unk>", CHAR_BEGIN, CHAR_END] + sorted(set("".join(WORDS[2:])))
    feats = ["<pad>", "<unk>", "g=LOC", "c4=0101", "sh=a"]
    width, hidden, labels = 4 + 3 + 2 + 2, 5, len(LABELS)

    def r(*shape: int) -> np.ndarray:
        return rng.normal(0, 0.5, shape).astype(np.float32)

    arrays = {"word_emb": r(len(WORDS), 4), "char_emb": r(len(chars), 2), "char_conv_w": r(3, 2, 3),
              "char_conv_b": r(3), "feat_emb": r(len(feats), 2), "mark_emb": r(len(MARKS), 2),
              "f_w_ih": r(4 * hidden, width), "f_w_hh": r(4 * hidden, hidden), "f_b": r(4 * hidden),
              "b_w_ih": r(4 * hidden, width), "b_w_hh": r(4 * hidden, hidden), "b_b": r(4 * hidden),
              "out_w": r(labels, 2 * hidden), "out_b": r(labels), "transitions": r(labels, labels),
              "start": r(labels), "end": r(labels),
              "words": np.array(WORDS), "chars": np.array(chars), "features": np.array(feats),
              "labels": np.array(LABELS)}
    if favour:
        arrays["out_b"][LABELS.index(favour)] += 50.0
    return arrays


def path_score(path, emissions, transitions, start, end) -> float:
    total = start[path[0]] + end[path[-1]] + sum(emissions[t, y] for t, y in enumerate(path))
    return float(total + sum(transitions[a, b] for a, b in zip(path, path[1:])))


def test_viterbi_finds_the_best_path():
    rng = np.random.default_rng(1)
    emissions, transitions = rng.normal(size=(4, 3)), rng.normal(size=(3, 3))
    start, end = rng.normal(size=3), rng.normal(size=3)
    best = max(itertools.product(range(3), repeat=4), key=lambda p: path_score(p, emissions, transitions, start, end))
    assert viterbi(emissions, transitions, start, end) == list(best)


def test_batched_viterbi_equals_one_sentence_at_a_time():
    rng = np.random.default_rng(7)
    lengths = [6, 4, 4, 1]
    emissions = rng.normal(size=(4, 6, 5))
    transitions, start, end = rng.normal(size=(5, 5)), rng.normal(size=5), rng.normal(size=5)
    paths = viterbi_batch(emissions, lengths, transitions, start, end)
    for row, n in enumerate(lengths):
        assert paths[row, :n].tolist() == viterbi(emissions[row, :n], transitions, start, end)


def test_batched_marginals_equal_one_sentence_at_a_time():
    rng = np.random.default_rng(8)
    lengths = [5, 3, 1]
    emissions = rng.normal(size=(3, 5, 4))
    transitions, start, end = rng.normal(size=(4, 4)), rng.normal(size=4), rng.normal(size=4)
    together = marginals_batch(emissions, lengths, transitions, start, end)
    for row, n in enumerate(lengths):
        assert np.allclose(together[row, :n], marginals(emissions[row, :n], transitions, start, end))


def test_projection_cache_restarts_when_full(monkeypatch):
    import rasid.entities.neural_model as neural_model

    monkeypatch.setattr(neural_model, "CACHE_LIMIT", 3)
    model = NeuralModel(tiny_arrays(), RESOURCES)
    first = model.emissions([["قال", "في", "بيروت"]])[0]
    model.emissions([["شيء", "آخر", "هنا"]])
    assert np.allclose(model.emissions([["قال", "في", "بيروت"]])[0], first, atol=1e-6)


def test_a_full_cache_keeps_the_forms_seen_in_two_batches(monkeypatch):
    import rasid.entities.neural_model as neural_model

    monkeypatch.setattr(neural_model, "CACHE_LIMIT", 4)
    model = NeuralModel(tiny_arrays(), RESOURCES)
    first = model.emissions([["قال", "في"]])[0]
    model.emissions([["في", "بيروت"]])                 # في: two batches; قال, بيروت: one
    model.emissions([["شيء", "آخر"]])                  # full: keeps في only
    assert set(model._row_of) == {"في", "شيء", "آخر"}
    assert np.allclose(model.emissions([["قال", "في"]])[0], first, atol=1e-6)


def test_projections_stay_right_through_many_evictions(monkeypatch):
    import random

    import rasid.entities.neural_model as neural_model

    monkeypatch.setattr(neural_model, "CACHE_LIMIT", 6)
    model = NeuralModel(tiny_arrays(), RESOURCES)
    words = ["قال", "في", "بيروت", "شيء", "آخر", "هنا", "دمشق", "عمان", "غزة", "حلب"]
    rng = random.Random(5)
    for _ in range(60):
        batch = [rng.choice(words) for _ in range(rng.randint(1, 5))]
        assert np.allclose(model.projections(batch), model._compute(batch) @ model.project, atol=1e-6)
        assert len(model._row_of) + len(model._free) == neural_model.CACHE_LIMIT


def test_a_batch_with_more_forms_than_the_cache_is_computed_uncached(monkeypatch):
    import rasid.entities.neural_model as neural_model

    reference = NeuralModel(tiny_arrays(), RESOURCES).emissions([["قال", "في", "بيروت", "شيء", "آخر"]])[0]
    monkeypatch.setattr(neural_model, "CACHE_LIMIT", 3)
    model = NeuralModel(tiny_arrays(), RESOURCES)
    assert np.allclose(model.emissions([["قال", "في", "بيروت", "شيء", "آخر"]])[0], reference, atol=1e-6)
    assert not model._row_of


def test_marginals_match_enumeration():
    rng = np.random.default_rng(2)
    emissions, transitions = rng.normal(size=(3, 3)), rng.normal(size=(3, 3))
    start, end = rng.normal(size=3), rng.normal(size=3)
    paths = list(itertools.product(range(3), repeat=3))
    weights = np.exp([path_score(p, emissions, transitions, start, end) for p in paths])
    expected = np.zeros((3, 3))
    for p, w in zip(paths, weights):
        for t, y in enumerate(p):
            expected[t, y] += w
    got = marginals(emissions, transitions, start, end)
    assert np.allclose(got, expected / weights.sum())
    assert np.allclose(got.sum(1), 1.0)


def test_recurrent_loop_gives_the_same_states_alone_or_in_a_ragged_batch():
    rng = np.random.default_rng(3)
    hidden = 4
    direction = Direction.from_torch_layout(rng.normal(size=(16, 6)).astype(np.float32),
                                            rng.normal(size=(16, hidden)).astype(np.float32),
                                            rng.normal(size=16).astype(np.float32))
    sequences = [rng.normal(size=(n, 16)).astype(np.float32) for n in (2, 5, 1, 3)]
    together = run_direction(sequences, direction)
    for seq, states in zip(sequences, together):
        assert states.shape == (len(seq), hidden)
        assert np.allclose(run_direction([seq], direction)[0], states, atol=1e-6)


def test_lstm_step_follows_the_gate_equations():
    rng = np.random.default_rng(4)
    w_ih, w_hh, b = (rng.normal(size=s).astype(np.float32) for s in ((8, 3), (8, 2), (8,)))
    x = rng.normal(size=(1, 3)).astype(np.float32)
    direction = Direction.from_torch_layout(w_ih, w_hh, b)
    [h] = run_direction([x @ direction.w_ih + direction.bias], direction)
    z = w_ih @ x[0] + b
    sig = 1 / (1 + np.exp(-z))
    c = sig[0:2] * np.tanh(z[4:6])
    assert np.allclose(h[0], sig[6:8] * np.tanh(c), atol=1e-6)


def test_word_keys_fold_digits_and_letters():
    assert word_key("٢٠١٨") == "0000"
    assert word_key("أحمد") == word_key("احمد")


def test_vocabulary_falls_back_to_clitic_stripped_keys():
    vocab = Vocabulary(WORDS, ["<pad>", "<unk>"], ["<pad>", "<unk>"], RESOURCES)
    assert vocab.word_id("بيروت") == WORDS.index("بيروت")
    assert vocab.word_id("وبيروت") == WORDS.index("بيروت")
    assert vocab.word_id("مجهول") == UNK
    ids = vocab.ids("x" * 60)
    assert len(ids.chars) == MAX_CHARS and len(ids.features) <= FEATURE_SLOTS


def test_vocabulary_tables_must_start_with_padding_and_unknown():
    with pytest.raises(ResourceError):
        Vocabulary(["a", "b"], ["<pad>", "<unk>"], ["<pad>", "<unk>"])


def test_discrete_features_and_multiword_marks():
    assert {"g=LOC", "c4=0101"} <= set(feature_strings("ببيروت", RESOURCES))
    assert "c=unk" in feature_strings("مجهول", RESOURCES)
    marks = multiword_marks("قال مجلس الأمن أمس".split(), RESOURCES)
    assert [MARKS[m] for m in marks] == ["", "B-ORG", "I-ORG", ""]


def test_char_table_keeps_frequent_characters():
    table = char_table(["باب", "بيت"], min_count=2)
    assert table[:4] == ["<pad>", "<unk>", CHAR_BEGIN, CHAR_END] and "ب" in table and "ا" not in table


def test_model_rejects_missing_arrays():
    arrays = tiny_arrays()
    del arrays["transitions"]
    with pytest.raises(ResourceError, match="retrain"):
        NeuralModel(arrays, RESOURCES)


def test_emissions_do_not_depend_on_the_batch():
    model = NeuralModel(tiny_arrays(), RESOURCES)
    sentences = ["قال في بيروت".split(), ["بيروت"], "في 2018 قال شيء آخر".split()]
    together = model.emissions(sentences)
    for sentence, scores in zip(sentences, together):
        assert scores.shape == (len(sentence), len(LABELS))
        assert np.allclose(model.emissions([sentence])[0], scores, atol=1e-5)


@pytest.fixture()
def tagger(tmp_path) -> NeuralTagger:
    path = tmp_path / "tiny.npz"
    np.savez(path, **tiny_arrays(5))
    return NeuralTagger(path, RESOURCES)


def test_tagger_labels_and_batches(tagger):
    sentences = ["قال في بيروت".split(), [], "في بيروت".split()]
    tagged = tagger.tag_many(sentences)
    assert [len(t) for t in tagged] == [3, 0, 2]
    assert tagged == [tagger.tag(s) for s in sentences]
    assert set(tagger.labels) == set(LABELS)
    assert all(label in LABELS for labels in tagged for label in labels)


def test_tag_spans_offsets_and_scores(tmp_path):
    path = tmp_path / "loc.npz"
    np.savez(path, **tiny_arrays(6, favour="B-LOC"))
    tagger = NeuralTagger(path, RESOURCES)
    text = "قال في بيروت.\nفي بيروت"
    assert {m.score for m in tagger.tag_spans(text, tokenize(text))} == {None}
    mentions = tagger.tag_spans(text, tokenize(text), confidence=True)
    assert [m.text for m in mentions] == ["قال", "في", "بيروت", ".", "في", "بيروت"]
    for m in mentions:
        assert text[m.start:m.end] == m.text and m.type == "LOC" and m.source == "tagger"
        assert 0.0 <= m.score <= 1.0 and m.score > 0.99


def test_tag_spans_offsets_follow_the_given_tokens(tmp_path):
    path = tmp_path / "loc.npz"
    np.savez(path, **tiny_arrays(6, favour="B-LOC"))
    text = "xx في بيروت"
    tokens = [Token(3, 5, "في", "في"), Token(6, 11, "بيروت", "بيروت")]
    mentions = NeuralTagger(path, RESOURCES).tag_spans(text, tokens)
    assert [(m.start, m.end) for m in mentions] == [(3, 5), (6, 11)]


def test_tag_spans_many_equals_one_document_at_a_time(tmp_path):
    path = tmp_path / "loc.npz"
    np.savez(path, **tiny_arrays(6, favour="B-LOC"))
    tagger = NeuralTagger(path, RESOURCES)
    texts = ["قال في بيروت.\nفي بيروت", "", "وصل إلى عمان أمس وقال إن الوضع هادئ في المدينة"]
    documents = [(text, tokenize(text)) for text in texts]
    assert tagger.tag_spans_many(documents) == [tagger.tag_spans(text, tokens) for text, tokens in documents]


def test_tagger_survives_pickling(tagger):
    clone = pickle.loads(pickle.dumps(tagger))
    words = "قال في بيروت".split()
    assert clone.tag(words) == tagger.tag(words)


def test_missing_or_bad_model_says_how_to_fix(tmp_path):
    with pytest.raises(ResourceError, match="rasid train ner-neural"):
        NeuralTagger(tmp_path / "absent.npz", RESOURCES)
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a model")
    with pytest.raises(ResourceError):
        NeuralTagger(bad, RESOURCES)


def test_tagger_kind_follows_the_environment(monkeypatch):
    from rasid.entities.tagger import TAGGER_ENV, tagger_kind
    from rasid.errors import UsageError

    monkeypatch.setenv(TAGGER_ENV, "crf")
    assert tagger_kind() == "crf"
    monkeypatch.setenv(TAGGER_ENV, "Neural")
    assert tagger_kind() == "neural"
    monkeypatch.setenv(TAGGER_ENV, "bert")
    with pytest.raises(UsageError):
        tagger_kind()


def test_single_threaded_blas_restores_the_setting():
    from rasid.entities.neural_model import single_threaded_blas

    with single_threaded_blas():
        assert (np.ones((64, 64), dtype=np.float32) @ np.ones((64, 64), dtype=np.float32))[0, 0] == 64
    with single_threaded_blas():
        pass


def test_clear_caches_empties_the_per_form_projections():
    from rasid.entities.tagger import get_tagger
    tagger = get_tagger()
    tagger.tag(["قال", "رامسفيلد", "إن", "القوات", "وصلت", "بغداد"])
    assert tagger.clear_caches() > 0
    assert tagger.clear_caches() == 0
    assert len(tagger.tag(["وصل", "بغداد"])) == 2
