"""Places that only a demonym gave are weak evidence (rasid.resolve.places and the scorer)."""
from __future__ import annotations

import pytest

from rasid.resolve.config import load_figure_data, load_policy
from rasid.resolve.kbview import EmptyKB, KBView
from rasid.resolve.places import is_demonym_name, is_demonym_place
from rasid.resolve.records import PlaceKey
from rasid.resolve.similarity import Scorer

POLICY = load_policy()


@pytest.mark.parametrize("name,expected", [
    ("الإسرائيلي", True), ("البلجيكية", True), ("الفرنسية", True), ("بلجيكي", True), ("الصومالية", True),
    ("سوريا", False), ("سورية", False),          # the country, not the adjective
    ("مالي", False), ("القطرية", False),          # forms that are also names or words
    ("إسرائيل", False), ("مدينة لييج", False), ("", False),
])
def test_is_demonym_name(name, expected):
    assert is_demonym_name(name) is expected


def place(name, country, precision="country"):
    return PlaceKey(None, name, name, country, precision)


@pytest.mark.parametrize("a,b,expected", [
    (place("الإسرائيلي", "IL"), place("الضفة الغربية", "PS", "region"), 0.0),     # no veto by country
    (place("البلجيكية", "BE"), place("لييج", "BE", "city"), "place_same_country_only"),
    (place("الإسرائيلي", "IL"), place("الإسرائيلي", "IL"), "place_same"),
    (place("إسرائيل", "IL"), place("الضفة الغربية", "PS", "region"), None),       # a real country still vetoes
])
def test_demonym_places_are_weak(a, b, expected):
    scorer = Scorer(POLICY, load_figure_data(), KBView(EmptyKB()))
    want = POLICY.weight(expected) if isinstance(expected, str) else expected
    assert scorer.place_score(a, b) == want


def test_is_demonym_place_needs_a_name():
    assert not is_demonym_place(None) and not is_demonym_place(place("", "IL"))
