"""Demonyms and the country they name (rasid.events.demonyms, data/places/demonyms.json)."""
from __future__ import annotations

import pytest

from rasid.events.demonyms import demonyms, demonyms_in
from rasid.events.lexicon import token_keys
from rasid.text import tokenize


def hits(text: str) -> list[tuple[str, bool]]:
    keys = [token_keys(t.text) for t in tokenize(text)]
    return [(h.country, h.strong) for h in demonyms_in(keys)]


CASES = [
    # text, [(country, strong)]
    ("انفجار في مدينة بيشاور الباكستانية", [("PK", True)]),
    ("أعلنت الشرطة الصومالية مقتل 8 أشخاص", [("SO", True)]),
    ("قال الجيش العراقي في بيان", [("IQ", True)]),
    ("قتل ثلاثة جنود أمريكيين", [("US", False)]),
    ("أصيب عدد من العراقيين", [("IQ", False)]),
    ("مقتل عشرات الأفغان", [("AF", False)]),
    ("وصل وفد كوري جنوبي", [("KR", False)]),
    ("بالعاصمة النيجيرية أبوجا", [("NG", True)]),
    ("هاجمت جماعة في شمال مالي", []),          # a country name, not a demonym
    ("قالت وزارة المالية إن العجز ارتفع", []),    # مالية means finance here
    ("قال الجيش المالي إنه صد هجوما", [("ML", True)]),
    ("شنت طائرات إسرائيلية غارة على المدينة", []),  # who struck, not where
    ("غارة روسية على ريف المحافظة", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_demonyms_in(text: str, expected: list[tuple[str, bool]]) -> None:
    assert hits(text) == expected


def test_table_covers_many_countries_with_every_form() -> None:
    table = demonyms()
    countries = {f.country for f in table.forms.values()}
    assert len(countries) >= 190
    assert {("عراقيه",), ("عراقي",), ("عراقيين",), ("عراقيون",)} <= set(table.forms)


@pytest.mark.parametrize(("text", "expected"), [
    ("انفجار قرب الحدود العراقية", []),                         # a neighbour, not where
    ("هجوم على قاعدة للقوات الكينية في البلدة", [("KE", False)]),  # forces abroad: people, not where
    ("قتل 20 جنديا تشاديا في الهجوم", [("TD", False)]),          # accusative masculine form
    ("قدمت الحكومة دعما ماليا للمتضررين", []),                   # ماليا: financially
])
def test_border_forces_and_accusative(text: str, expected: list[tuple[str, bool]]) -> None:
    assert hits(text) == expected
