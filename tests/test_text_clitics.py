"""Clitic-aware lookup keys."""
import pytest

from rasid.text.clitics import lookup_keys, strip_proclitics


@pytest.mark.parametrize("word,must_contain", [
    ("وبالموصل", "موصل"),
    ("وبالموصل", "الموصل"),
    ("لدمشق", "دمشق"),
    ("للجيش", "الجيش"),
    ("فالتنظيم", "التنظيم"),
    ("كالعادة", "عاده"),
    ("وسيهاجمون", "يهاجمون"),
    ("بإيران", "ايران"),
])
def test_lookup_keys(word, must_contain):
    assert must_contain in lookup_keys(word)


@pytest.mark.parametrize("word", ["و", "ال", "بل"])
def test_no_key_shorter_than_two_letters(word):
    assert all(len(k) >= 2 for k in lookup_keys(word))


def test_literal_key_first():
    assert lookup_keys("ولاية")[0] == "ولايه"


def test_strip_proclitics():
    assert strip_proclitics("وبالموصل") == "موصل"


@pytest.mark.parametrize("word", ["وبالموصل", "للجيش", "وسيهاجمون", "بإيران", "و", "القوات"])
def test_cached_tuple_matches_the_list_and_callers_cannot_corrupt_it(word):
    from rasid.text.clitics import lookup_key_tuple
    first = lookup_keys(word)
    first.append("xx")
    assert lookup_keys(word) == list(lookup_key_tuple(word)) != first
    assert lookup_keys(word, with_article=False) == list(lookup_key_tuple(word, False))
