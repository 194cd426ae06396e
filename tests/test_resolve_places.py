"""Places that only a demonym gave (rasid.resolve.places)."""
from __future__ import annotations

import pytest

from rasid.resolve.places import is_demonym_name, is_demonym_place, spelling_keys, spelling_variants
from rasid.resolve.records import PlaceKey


@pytest.mark.parametrize("name,expected", [
    ("الإسرائيلي", True), ("البلجيكية", True), ("الفرنسية", True), ("بلجيكي", True), ("الصومالية", True),
    ("سوريا", False), ("سورية", False),          # the country, not the adjective
    ("مالي", False), ("القطرية", False),          # forms that are also names or words
    ("إسرائيل", False), ("مدينة لييج", False), ("", False),
])
def test_is_demonym_name(name, expected):
    assert is_demonym_name(name) is expected


def test_is_demonym_place_needs_a_name():
    assert not is_demonym_place(None) and not is_demonym_place(PlaceKey(None, "", "", "IL", "country"))


def city(name, kb_id=None, country="AA"):
    return PlaceKey(kb_id, name, name, country, "city")


@pytest.mark.parametrize("a, b, expected", [
    (city("كيرش", country="BB"), city("كيرتش", "gpe:k"), True),      # تش / ش, one linked
    (city("دونيتسك", country="BB"), city("دونتسك", "gpe:d"), True),   # a vowel letter more: same skeleton
    (city("طرابلس", country="BB"), city("طرابلس", "gpe:t"), False),  # written alike: two places
    (city("كيرش", "gpe:r", "BB"), city("كيرتش", "gpe:k"), False),    # two KB places
    (city("كيرش", country="BB"), city("كيرتش", country="AA"), False),  # neither linked
    (city("عمار", country="BB"), city("عمان", "gpe:a"), False),      # another last letter
    (city("رش", country="BB"), city("رتش", "gpe:x"), False),         # too short
])
def test_spelling_variants(a, b, expected):
    assert spelling_variants(a, b) is expected and spelling_variants(b, a) is expected


def test_spelling_keys_meet_for_one_dropped_letter():
    assert spelling_keys("كيرش") & spelling_keys("كيرتش")
    assert not spelling_keys("عمار") & spelling_keys("عمان")
    assert spelling_keys("") == frozenset()
