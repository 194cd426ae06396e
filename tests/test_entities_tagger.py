"""The CRF tagger's interface, with a tiny model trained in the test on hand-made sentences."""
from __future__ import annotations

import pickle

import pytest

from rasid.doc import Token
from rasid.entities.conll import TaggedSentence
from rasid.entities.features import FeatureExtractor, FeatureResources, parse_gazetteer
from rasid.entities.tagger import Tagger, sentence_segments
from rasid.entities.train import CrfSettings, train_crf
from rasid.errors import ResourceError
from rasid.text.segment import tokenize

O = "O"
TRAIN = [
    ("قال سليم حداد في بيروت إن الوضع هادئ", [O, "B-PER", "I-PER", O, "B-LOC", O, O, O]),
    ("وصل سليم حداد إلى دمشق أمس", [O, "B-PER", "I-PER", O, "B-LOC", O]),
    ("أعلنت وزارة الدفاع في بيروت عن خطة", [O, "B-ORG", "I-ORG", O, "B-LOC", O, O]),
    ("زار كريم نصار دمشق", [O, "B-PER", "I-PER", "B-LOC"]),
    ("قالت وزارة الدفاع إن كريم نصار غادر", [O, "B-ORG", "I-ORG", O, "B-PER", "I-PER", O]),
    ("وفي دمشق قال سليم حداد إن الوزارة ستعلن", [O, "B-LOC", O, "B-PER", "I-PER", O, O, O]),
]
GAZ = parse_gazetteer(["بيروت\tLOC", "دمشق\tLOC", "حداد\tPER", "نصار\tPER"], "test")


@pytest.fixture(scope="module")
def tagger(tmp_path_factory) -> Tagger:
    path = tmp_path_factory.mktemp("model") / "tiny.crfsuite"
    sentences = [TaggedSentence(text.split(), tags) for text, tags in TRAIN] * 3
    resources = FeatureResources(GAZ, {})
    train_crf(sentences, FeatureExtractor(resources), CrfSettings(c1=0.0, c2=0.01, max_iterations=60), path)
    return Tagger(path, resources)


@pytest.mark.parametrize("text, expected", [
    ("قال سليم حداد إن الوضع هادئ", [O, "B-PER", "I-PER", O, O, O]),
    ("أعلنت وزارة الدفاع في دمشق", [O, "B-ORG", "I-ORG", O, "B-LOC"]),
])
def test_tag_returns_iob2_labels(tagger, text, expected):
    assert tagger.tag(text.split()) == expected


def test_tag_empty_sentence(tagger):
    assert tagger.tag([]) == []


def test_labels_are_coarse_iob2(tagger):
    assert set(tagger.labels) <= {O, "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"}


def test_tag_spans_have_character_offsets(tagger):
    text = "وقال سليم حداد، في بيروت: الوضع هادئ"
    assert {m.score for m in tagger.tag_spans(text, tokenize(text))} == {None}
    mentions = tagger.tag_spans(text, tokenize(text), confidence=True)
    by_text = {m.text: m for m in mentions}
    assert "سليم حداد" in by_text and by_text["سليم حداد"].type == "PER"
    for m in mentions:
        assert text[m.start:m.end] == m.text
        assert m.kb_id is None and m.source == "tagger" and 0.0 < m.score <= 1.0


def test_tag_spans_offsets_follow_the_given_tokens(tagger):
    text = "xx قال سليم حداد"
    tokens = [Token(3, 6, "قال", "قال"), Token(7, 11, "سليم", "سليم"), Token(12, 16, "حداد", "حداد")]
    [mention] = tagger.tag_spans(text, tokens)
    assert (mention.start, mention.end, mention.text) == (7, 16, "سليم حداد")


def test_tagger_survives_pickling(tagger):
    clone = pickle.loads(pickle.dumps(tagger))
    words = "زار كريم نصار دمشق".split()
    assert clone.tag(words) == tagger.tag(words)


def test_missing_model_says_how_to_fix(tmp_path):
    with pytest.raises(ResourceError, match="rasid train ner"):
        Tagger(tmp_path / "absent.crfsuite", FeatureResources())


def test_unreadable_model_is_a_resource_error(tmp_path):
    bad = tmp_path / "bad.crfsuite"
    bad.write_bytes(b"not a model")
    with pytest.raises(ResourceError):
        Tagger(bad, FeatureResources())


@pytest.mark.parametrize("text, sizes", [
    ("قال سليم. ثم غادر", [3, 2]),
    ("قال سليم\nثم غادر", [2, 2]),
    ("هل غادر؟ نعم! حسنا", [3, 2, 1]),
    ("", []),
])
def test_documents_are_tagged_sentence_by_sentence(text, sizes):
    assert [len(s) for s in sentence_segments(text, tokenize(text))] == sizes


def test_a_text_without_punctuation_is_cut_into_bounded_segments():
    from rasid.entities.tagger import MAX_SEGMENT_TOKENS

    text = " ".join(["كلمة"] * (2 * MAX_SEGMENT_TOKENS + 5))
    assert [len(s) for s in sentence_segments(text, tokenize(text))] == [MAX_SEGMENT_TOKENS, MAX_SEGMENT_TOKENS, 5]


def test_tag_spans_over_a_whole_document(tagger):
    text = "زار كريم نصار دمشق.\nوقال سليم حداد في بيروت إن الوضع هادئ"
    mentions = tagger.tag_spans(text, tokenize(text))
    assert {(m.text, m.type) for m in mentions} >= {("كريم نصار", "PER"), ("سليم حداد", "PER")}


def test_tag_spans_many_equals_one_document_at_a_time(tagger):
    texts = ["زار كريم نصار دمشق.\nوقال سليم حداد في بيروت إن الوضع هادئ", "", "وصل كريم نصار إلى عمان."]
    documents = [(text, tokenize(text)) for text in texts]
    assert tagger.tag_spans_many(documents) == [tagger.tag_spans(text, tokens) for text, tokens in documents]


def test_bench_counts_tokens_and_time(tagger):
    from rasid.entities.bench import bench_tagging

    sentences = [s.split() for s in ("زار كريم نصار دمشق", "قال سليم حداد في بيروت")] * 20
    result = bench_tagging(tagger, sentences)
    assert (result.sentences, result.tokens) == (40, 180)
    assert result.seconds >= 0 and (result.tokens_per_second > 0 or result.seconds == 0)
