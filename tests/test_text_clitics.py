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
