"""Words and dates of a description of a person do not set the main event's subtype or date."""
from __future__ import annotations

import pytest

from rasid.reading import extract

PUBLISHED = "2023-06-10"


def main_attack(text: str) -> dict:
    found = [e for e in extract(text, published=PUBLISHED).events if e["type"] == "attack" and e["killed"]]
    assert found, "no attack with a killed figure"
    return found[0]


@pytest.mark.parametrize("text, killed, date", [
    ("وقع هجوم كبير في العراق في مارس أسفر عن مقتل 30 شخصا في جنازة القائد محمود حسن، "
     "أحد أبرز قادة الفصائل الذي قتلته غارة بطائرة مسيرة في عام 2019.", 30, "2023-03"),
    ("أسفر هجوم في سوريا في أبريل 2022 عن مقتل 12 شخصا خلال تشييع الجنرال خالد منصور "
     "الذي اغتيل بضربة جوية في عام 2018.", 12, "2022-04"),
])
def test_person_description_does_not_date_or_type_the_event(text: str, killed: int, date: str) -> None:
    event = main_attack(text)
    assert event["killed"]["best"] == killed
    assert event["date"]["value"] == date
    assert event["subtype"] != "airstrike"


def test_relative_clause_about_the_attack_itself_still_dates_it() -> None:
    event = main_attack("أعلنت الشرطة أن الهجوم الذي وقع في يوليو 2021 أسفر عن مقتل 6 أشخاص في بغداد.")
    assert event["date"]["value"] == "2021-07"


def test_description_holding_a_figure_tells_the_event() -> None:
    event = main_attack("وقع هجوم نفذه المسلح سامي عادل الذي قتل 5 أشخاص في ملهى في عام 2016.")
    assert event["date"]["value"] == "2016"
