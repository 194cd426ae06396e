"""Phrase sets matched as word sequences."""
import pytest

from rasid.clean.phrases import PhraseSet, phrase_words

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
