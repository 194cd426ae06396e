"""Token features for the NER tagger, on hand-made Arabic examples."""
from __future__ import annotations

import pytest

from rasid.entities.features import (FeatureExtractor, FeatureResources, parse_clusters, parse_gazetteer,
                                     proclitic_prefix, word_shape)
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
