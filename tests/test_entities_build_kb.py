"""The importers of the generated knowledge base: cities attached to provinces, missing sources."""
from pathlib import Path

import pytest

from rasid.entities.build_kb import CityRow, Place, attach_cities, load_towns, main, with_head_free_aliases
from rasid.entities.place_parents import Town
from rasid.errors import InputError, UsageError


def province(pid, lat, lon, name, country="XX"):
    return Place(pid, "province", "region", name, name, country, lat, lon, parent=f"gpe:{country}")


def city_row(gid, lat, lon, admin1, country="XX", population=20_000):
    return CityRow(Place(f"gpe:g{gid}", "city", "city", f"مدينة{gid}", f"Town {gid}", country, lat, lon,
                         population=population), admin1)


def town_of(row: CityRow, admin2=""):
    p = row.place
    return Town(p.id.removeprefix("gpe:g"), p.country, row.admin1, admin2, (p.lat, p.lon), (), "PPL", p.population)


def test_cities_get_the_province_of_their_admin_group_or_their_country():
    countries = {"XX": Place("gpe:XX", "country", "country", "بلد", "Land", "XX", None, None),
                 "YY": Place("gpe:YY", "country", "country", "بلد آخر", "Other", "YY", None, None)}
    provinces = [province("gpe:XX-N", 36.0, 43.0, "North"), province("gpe:XX-S", 31.0, 46.0, "South")]
    rows = [city_row(1, 36.3, 43.1, "01"), city_row(2, 35.9, 42.8, "01"), city_row(3, 31.1, 46.2, "02"),
            city_row(4, 30.8, 45.9, "02"), city_row(5, 10.0, 10.0, "07", country="YY")]
    attach_cities(rows, provinces, countries, [town_of(r) for r in rows])
    assert [r.place.parent for r in rows] == ["gpe:XX-N", "gpe:XX-N", "gpe:XX-S", "gpe:XX-S", "gpe:YY"]


def test_a_city_missing_from_the_dump_is_placed_by_its_own_admin_code():
    countries = {"XX": Place("gpe:XX", "country", "country", "بلد", "Land", "XX", None, None)}
    provinces = [province("gpe:XX-N", 36.0, 43.0, "North"), province("gpe:XX-S", 31.0, 46.0, "South")]
    known = [city_row(1, 36.3, 43.1, "01"), city_row(3, 31.1, 46.2, "02")]
    missing = city_row(9, 31.4, 45.5, "02")
    attach_cities([*known, missing], provinces, countries, [town_of(r) for r in known])
    assert missing.place.parent == "gpe:XX-S"


def test_missing_sources_are_input_or_usage_errors(tmp_path: Path):
    with pytest.raises(InputError):
        load_towns(tmp_path)
    with pytest.raises(UsageError):
        main(["--shared", str(tmp_path), "--out", str(tmp_path / "out")])


@pytest.mark.parametrize("name, bare, kept", [
    ("محافظة نينوى", "نينوى", True),
    ("إقليم شمالي", "شمالي", False),           # an indefinite direction word is not a name
    ("المنطقة الشرقية", "الشرقية", True),       # a definite one is a generic place word of the linker
    ("المنطقة الصومالية", "الصومالية", False),  # a nationality adjective
])
def test_names_without_their_place_head(name, bare, kept):
    assert (bare in with_head_free_aliases([name])) is kept


@pytest.mark.parametrize("names, first", [
    (["ئاممان", "امان", "عمان", "عمان شہر", "عمّان", "عَمّان"], "عمان"),       # Uyghur first: the shared spelling
    (["ئالجىر", "الجزائر"], "الجزائر"),
    (["كىيېۋ", "كييف", "كِييف"], "كييف"),
    (["يافا", "يفيع"], "يافا"),                                              # an Arabic first name is kept
    (["ئاممان"], "ئاممان"),                                                  # nothing better: kept
])
def test_arabic_display_order_puts_an_arabic_spelling_first(names, first):
    from rasid.entities.build_kb import arabic_display_order

    ordered = arabic_display_order(names)
    assert ordered[0] == first and sorted(ordered) == sorted(names)
