"""Phrase sets matched as word sequences."""
import pytest

from rasid.clean.phrases import PhraseSet, candidate_positions, first_words, phrase_words

PHRASES = PhraseSet.of(["اقرأ أيضا", "أخبار ذات صلة", "ذات صلة", "©", "الصورة:"])


def words(text):
    return phrase_words(text)


@pytest.mark.parametrize("text,count", [
    ("إقرأ ايضاً هذا الخبر", 1), ("أخبار ذات صلة", 1), ("لا شيء هنا", 0), ("ذات صلة وذات صلة", 1),
])
def test_count(text, count):
    assert PHRASES.count(words(text)) == count


def test_opening_prefers_longest_phrase():
    assert PHRASES.opening(words("أخبار ذات صلة بالموضوع")) == 3
    assert PHRASES.opening(words("هذه أخبار ذات صلة")) == 0


def test_symbol_phrases_are_substrings():
    assert PHRASES.substrings == ("©", "الصوره:")
    assert PHRASES.substring_in("حقوق © 2024")
    assert PHRASES.substring_at_start("• الصوره: رويترز")


HIT_CASES = [
    ("في بيان في بيان صادر اليوم", [(0, 2), (2, 3)]),
    ("بيان صادر ثم في", [(0, 2)]),
    ("لا شيء", []),
    ("في في بيان", [(1, 2)]),
]
HIT_PHRASES = PhraseSet.of(["في بيان", "في بيان صادر", "بيان صادر", "اليوم"])


@pytest.mark.parametrize("text,expected", HIT_CASES)
def test_hits_are_greedy_longest_first_and_candidates_change_nothing(text, expected):
    ws = list(words(text))
    assert [(i, n) for i, n in HIT_PHRASES.hits(ws) if n > 1] == expected
    candidates = candidate_positions(ws, first_words([HIT_PHRASES, PHRASES]))
    assert list(HIT_PHRASES.hits(ws, candidates)) == list(HIT_PHRASES.hits(ws))


def test_lengths_by_first_word_longest_first():
    assert HIT_PHRASES.lengths["في"] == (3, 2) and HIT_PHRASES.lengths["اليوم"] == (1,)
    assert HIT_PHRASES.opening(words("في بيان صادر عن")) == 3
