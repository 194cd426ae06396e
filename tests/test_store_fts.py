"""Search terms over normalized Arabic: index keys, query words, MATCH expressions, snippets."""
from __future__ import annotations

import pytest

from rasid.store.fts import fts5_match, index_terms, query_words, snippet

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


def test_match_expression_quotes_every_word():
    assert fts5_match(["دمشق", 'a"b']) == '"دمشق" AND "a""b"'


def test_snippet_centres_on_first_match():
    text = "مقدمة طويلة " * 20 + "انفجار في دِمَشق صباحا " + "خاتمة " * 30
    piece = snippet(text, ["دمشق"], context=20)
    assert "دِمَشق" in piece and piece.startswith("…") and piece.endswith("…")
    assert len(piece) < 60


def test_snippet_without_match_is_the_start():
    assert snippet("نص قصير", ["غائب"]) == "نص قصير"
