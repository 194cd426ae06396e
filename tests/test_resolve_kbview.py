"""The resolution's view over the knowledge base (rasid.resolve.kbview)."""
from __future__ import annotations

import pytest

from rasid.resolve.kbview import KBView, folded_name


class ProvinceKB:
    """A city filed under the wrong province, and the province named after it."""

    entries = {
        "gpe:XX": {"level": "country", "country": "XX", "name_en": "Examplia"},
        "gpe:XX-A": {"level": "region", "country": "XX", "parent": "gpe:XX", "name_en": "Liege"},
        "gpe:XX-B": {"level": "region", "country": "XX", "parent": "gpe:XX", "name_en": "Namur"},
        "gpe:c1": {"level": "city", "country": "XX", "parent": "gpe:XX-B", "name_en": "Liège"},
        "gpe:c2": {"level": "city", "country": "XX", "parent": "gpe:XX-B", "name_en": "Namur"},
        "gpe:YY-A": {"level": "region", "country": "YY", "name_en": "Liège"},
    }

    def get(self, kb_id):
        return self.entries.get(kb_id)

    def ancestors(self, kb_id):
        out, parent = [], (self.entries.get(kb_id) or {}).get("parent")
        while parent:
            out.append(parent)
            parent = self.entries[parent].get("parent")
        return out

    def compatible(self, a, b):
        return a == b

    def place_within(self, inner, outer):
        return inner == outer or outer in self.ancestors(inner)

    def country_of(self, kb_id):
        return (self.entries.get(kb_id) or {}).get("country")


@pytest.mark.parametrize("name,folded", [("Liège", "liege"), ("Marche-en-Famenne", "marcheenfamenne"), (None, "")])
def test_folded_name(name, folded):
    assert folded_name(name) == folded


@pytest.mark.parametrize("inner,outer,expected", [
    ("gpe:c1", "gpe:XX-A", True),      # the province named after the city holds it
    ("gpe:c1", "gpe:XX-B", True),      # the KB's own parent still counts
    ("gpe:c2", "gpe:XX-A", False),     # another city
    ("gpe:XX-A", "gpe:c1", False),     # a region is not within a city
    ("gpe:c1", "gpe:YY-A", False),     # a namesake in another country
])
def test_a_region_named_after_a_town_contains_it(inner, outer, expected):
    assert KBView(ProvinceKB()).within(inner, outer) is expected


class TwinRegionKB(ProvinceKB):
    """One region entered twice (a curated entry and a generated province of the same English name)."""

    entries = {**ProvinceKB.entries,
               "loc:bank": {"level": "region", "country": "XX", "parent": "gpe:XX", "name_en": "West Bank"},
               "gpe:XX-W": {"level": "region", "country": "XX", "parent": "gpe:XX", "name_en": "West  Bank"},
               "gpe:c3": {"level": "city", "country": "XX", "parent": "gpe:XX-W", "name_en": "Jenin"},
               "gpe:YY-W": {"level": "region", "country": "YY", "name_en": "West Bank"}}


@pytest.mark.parametrize("a,b,expected", [
    ("loc:bank", "gpe:XX-W", True),
    ("gpe:XX-W", "loc:bank", True),
    ("loc:bank", "gpe:YY-W", False),      # the same name in another country
    ("gpe:XX-A", "gpe:XX-B", False),      # two regions
    ("gpe:c3", "gpe:XX-W", False),        # a city is not a region's twin
])
def test_twin_regions(a, b, expected):
    assert KBView(TwinRegionKB()).twins(a, b) is expected


def test_a_town_within_one_twin_is_within_the_other():
    view = KBView(TwinRegionKB())
    assert view.within("gpe:c3", "loc:bank") and not view.within("gpe:c3", "gpe:YY-W")
