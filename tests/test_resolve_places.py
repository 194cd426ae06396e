"""Places that only a demonym gave (rasid.resolve.places)."""
from __future__ import annotations

import pytest

from rasid.resolve.places import is_demonym_name, is_demonym_place
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
