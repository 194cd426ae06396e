"""Search terms over normalized Arabic: index keys, query words, MATCH expressions, snippets."""
from __future__ import annotations

import pytest

from rasid.store.fts import fts5_match, fts5_match_groups, index_terms, query_key_groups, query_words, snippet

INDEX_CASES = [
    ("وبدمشق", {"وبدمشق", "بدمشق", "دمشق"}),
    ("دِمَشق", {"دمشق"}),
    ("للجيش", {"للجيش", "لجيش", "جيش", "الجيش"}),
    ("بالموصل", {"بالموصل", "الموصل", "موصل"}),
    ("١٢", {"12"}),
    ("ISIS", {"ISIS"}),
]


@pytest.mark.parametrize("word,keys", INDEX_CASES)
def test_index_terms_hold_every_clitic_key(word, keys):
    assert set(index_terms(word).split()) == keys


@pytest.mark.parametrize("text,terms", [
    ("والإرهـــاب", ["والارهاب", "الارهاب", "ارهاب"]),        # tatweel and hamza inside the word
    ("ب\u200cغداد", ["بغداد", "غداد"]),                       # a joiner never splits a word
    ("قال ً ثم", ["قال", "ثم"]),                                # a lone mark is no word
    ("ﻻ تقل", ["لا", "تقل"]),                                   # presentation forms
])
def test_index_terms_of_words_with_marks(text, terms):
    assert index_terms(text).split() == terms


def test_word_key_cache_empties_when_full_and_stays_correct(monkeypatch):
    from rasid.store import fts
    monkeypatch.setattr(fts, "WORD_CACHE_SIZE", 2)
    text = "وبدمشق وحلب والموصل بدمشق"
    first = index_terms(text)
    assert len(fts._NORMALIZED_WORD_KEYS) <= 2
    assert index_terms(text) == first and first.split()[:3] == ["وبدمشق", "بدمشق", "دمشق"]


def test_punctuation_is_not_indexed():
    assert index_terms("قال: «هجوم»، ثم ...") .split() == ["قال", "هجوم", "ثم"]


QUERY_CASES = [
    ("دِمَشق", ["دمشق"]),
    ("إدلب  وحلب", ["ادلب", "وحلب"]),
    ("هجوم هجوم", ["هجوم"]),
    ("ISIS", ["isis"]),
    ("؟ ...", []),
]


@pytest.mark.parametrize("query,words", QUERY_CASES)
def test_query_words(query, words):
    assert query_words(query) == words


KEY_GROUP_CASES = [
    ("بدمشق", [["بدمشق", "دمشق"]]),
    ("دمشق", [["دمشق"]]),
    ("وبالموصل", [["وبالموصل", "بالموصل", "الموصل", "موصل"]]),
    ("الله", [["الله"]]),                       # a two-letter stripped key (له) is not searched
    ("بدمشق وحلب", [["بدمشق", "دمشق"], ["وحلب", "حلب"]]),
    ("دمشق بدمشق", [["دمشق"], ["بدمشق", "دمشق"]]),
    ("ISIS", [["isis"]]),
    ("...", []),
]


@pytest.mark.parametrize("query,groups", KEY_GROUP_CASES)
def test_query_key_groups_strip_proclitics(query, groups):
    assert query_key_groups(query) == groups


@pytest.mark.parametrize("query,text", [("بدمشق", "في دمشق"), ("لدمشق", "وبدمشق"), ("والجيش", "للجيش")])
def test_every_query_group_meets_the_index_terms_of_the_bare_text(query, text):
    indexed = set(index_terms(text).split())
    assert all(indexed.intersection(group) for group in query_key_groups(query))


def test_group_match_expression_ors_keys_and_ands_words():
    assert fts5_match_groups([["بدمشق", "دمشق"], ["هجوم"]]) == '("بدمشق" OR "دمشق") AND "هجوم"'
    assert fts5_match_groups([['a"b']]) == '"a""b"'


def test_match_expression_quotes_every_word():
    assert fts5_match(["دمشق", 'a"b']) == '"دمشق" AND "a""b"'


def test_snippet_centres_on_first_match():
    text = "مقدمة طويلة " * 20 + "انفجار في دِمَشق صباحا " + "خاتمة " * 30
    piece = snippet(text, ["دمشق"], context=20)
    assert "دِمَشق" in piece and piece.startswith("…") and piece.endswith("…")
    assert len(piece) < 60


def test_snippet_without_match_is_the_start():
    assert snippet("نص قصير", ["غائب"]) == "نص قصير"
