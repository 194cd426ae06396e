"""Token features for the NER tagger, on hand-made Arabic examples."""
from __future__ import annotations

import pytest

from rasid.entities.features import (FeatureExtractor, FeatureResources, parse_clusters, parse_gazetteer,
                                     parse_name_context, parse_vectors, proclitic_prefix, word_shape)
from rasid.errors import ResourceError

GAZ = parse_gazetteer(["الاردن\tLOC", "سليم\tPER", "ولايات متحده\tLOC", "مجلس امن دولي\tORG"], "test")
CLUSTERS = parse_clusters(["عمان\t0110101", "بيروت\t0110100"], "test")


@pytest.mark.parametrize("word, shape", [
    ("بيروت", "a"), ("2016", "d"), ("١٤", "d"), ("CNN", "l"), ("،", "a"), ("(", "p"), ("F16", "dl"),
])
def test_word_shape(word, shape):
    assert word_shape(word) == shape


@pytest.mark.parametrize("norm, stem, prefix", [
    ("وبالموصل", "موصل", "وبال"), ("للجيش", "جيش", "لل"), ("بيروت", "بيروت", ""), ("abc", "xyz", ""),
])
def test_proclitic_prefix(norm, stem, prefix):
    assert proclitic_prefix(norm, stem) == prefix


@pytest.mark.parametrize("token, types", [
    ("الأردن", {"LOC"}), ("بالأردن", {"LOC"}), ("والاردن", {"LOC"}), ("سليم", {"PER"}), ("الجيش", set()),
])
def test_single_word_gazetteer_sees_through_clitics(token, types):
    assert set(GAZ.types_of(token)) == types


@pytest.mark.parametrize("line", ["بيروت", "بيروت\tCITY", "\tLOC", "ا ب ج د ه و ز\tLOC"])
def test_bad_gazetteer_lines_raise(line):
    with pytest.raises(ResourceError):
        parse_gazetteer([line], "test")


@pytest.mark.parametrize("line", ["عمان", "عمان\t01x", "\t0101"])
def test_bad_cluster_lines_raise(line):
    with pytest.raises(ResourceError):
        parse_clusters([line], "test")


def test_features_have_window_bigrams_and_clusters():
    ex = FeatureExtractor(FeatureResources(GAZ, CLUSTERS))
    feats = ex.sentence(["زار", "الوزير", "عمان", "أمس"])
    assert len(feats) == 4
    third = feats[2]
    assert "w=عمان" in third and "c4=0110" in third and "c=0110101" in third
    assert "-1:w=الوزير" in third and "-2:s=زار" in third and "-2:w=زار" not in third and "1:w=امس" in third
    assert "b-=وزير|عمان" in third
    assert "BOS" in feats[0] and "EOS" in feats[3]


def test_unknown_words_fall_back_to_stem_cluster():
    ex = FeatureExtractor(FeatureResources(GAZ, CLUSTERS))
    assert "c=0110100" in ex.word("وبيروت").own
    assert "c=unk" in ex.word("كلمةمجهولة").own


@pytest.mark.parametrize("tokens, marks", [
    (["في", "الولايات", "المتحدة", "اليوم"], ["", "B-LOC", "I-LOC", ""]),
    (["وبالولايات", "المتحدة"], ["B-LOC", "I-LOC"]),
    (["مجلس", "الأمن", "الدولي"], ["B-ORG", "I-ORG", "I-ORG"]),
    (["مجلس", "الأمن", "القومي"], ["", "", ""]),
])
def test_multiword_gazetteer_marks(tokens, marks):
    ex = FeatureExtractor(FeatureResources(GAZ, {}))
    feats = ex.sentence(tokens)
    got = [next((f[3:] for f in fs if f.startswith("mg=")), "") for fs in feats]
    assert got == marks


def test_word_features_are_cached_and_empty_sentence_is_fine():
    ex = FeatureExtractor()
    assert ex.word("بغداد") is ex.word("بغداد")
    assert ex.sentence([]) == []


CONTEXT = parse_name_context(["وزير\tTITLE", "قال\tSPEECH", "شركة\tORGHEAD", "لواء\tTITLE", "لواء\tORGHEAD"], "test")


@pytest.mark.parametrize("token, kinds", [
    ("الوزير", ["q=TITLE"]), ("ووزير", ["q=TITLE"]), ("قال", ["q=SPEECH"]), ("لشركة", ["q=ORGHEAD"]),
    ("اللواء", ["q=ORGHEAD", "q=TITLE"]), ("بيروت", []),
])
def test_name_context_cues_through_clitics(token, kinds):
    ex = FeatureExtractor(FeatureResources(context=CONTEXT))
    assert [f for f in ex.word(token).own if f.startswith("q=")] == kinds


def test_name_context_cue_reaches_the_next_word():
    ex = FeatureExtractor(FeatureResources(context=CONTEXT))
    feats = ex.sentence(["قال", "الوزير", "سليم"])
    assert "-1:q=TITLE" in feats[2] and "-2:q=SPEECH" in feats[2] and "1:q=TITLE" in feats[0]


@pytest.mark.parametrize("line", ["وزير", "وزير\tPERSON", "\tTITLE", "رئيس الوزراء\tTITLE"])
def test_bad_name_context_lines_raise(line):
    with pytest.raises(ResourceError):
        parse_name_context([line], "test")


VECTORS = parse_vectors(["عمان\t100 0 0 0", "بيروت\t0 -50 50 0"], "test")


def test_vectors_are_rescaled_to_unit_rms():
    assert VECTORS["عمان"] == (2.0, 0.0, 0.0, 0.0)
    assert VECTORS["بيروت"] == (0.0, -1.0, 1.0, 0.0)


@pytest.mark.parametrize("lines", [["عمان\t1 2", "بيروت\t1 2 3"], ["عمان\tx y"], ["عمان\t"], ["\t1 2"]])
def test_bad_vector_lines_raise(lines):
    with pytest.raises(ResourceError):
        parse_vectors(lines, "test")


def test_vectors_make_weighted_items_for_the_word_and_its_neighbours():
    ex = FeatureExtractor(FeatureResources(GAZ, CLUSTERS, vectors=VECTORS))
    items = ex.sentence(["زار", "وبيروت", "عمان"])
    middle = items[1]
    assert isinstance(middle, dict) and middle["w=وبيروت"] == 1.0
    assert middle["0:v1"] == -1.0 and middle["1:v0"] == 2.0 and "-1:v0" not in middle
    assert "1:v0" not in items[2] and items[2]["0:v0"] == 2.0
