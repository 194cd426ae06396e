"""An armed group as the subject of a killing verb makes an attack with that group as perpetrator."""
from __future__ import annotations

import pytest

from rasid.reading import extract

PUBLISHED = "2023-06-10"


def attacks(text: str) -> list[dict]:
    return [e for e in extract(text, published=PUBLISHED).events if e["type"] == "attack"]


def perpetrators(event: dict) -> list[str]:
    return [a["name"] for a in event["actors"] if a["role"] == "perpetrator"]


@pytest.mark.parametrize("text, killed, date, group", [
    ("من أخطر الجماعات حركة الشباب في الصومال، التي قتلت 21 جنديا في قاعدة عسكرية في مارس 2019.",
     21, "2019-03", "حركة الشباب"),
    ("وكان تنظيم الدولة في ليبيا، الذي قتل 9 حراس في حقل نفطي في فبراير 2017، قد توعد بالمزيد.",
     9, "2017-02", "تنظيم الدولة"),
    ("قتل تنظيم الدولة 11 شرطيا في هجوم على نقطة تفتيش في مايو 2016.", 11, "2016-05", "تنظيم الدولة"),
])
def test_group_subject_of_killing_verb_is_perpetrator(text: str, killed: int, date: str, group: str) -> None:
    found = [e for e in attacks(text) if e["killed"] and e["killed"]["best"] == killed]
    assert found, f"no attack with {killed} killed"
    assert found[0]["date"]["value"] == date
    assert any(name.startswith(group) for name in perpetrators(found[0]))   # a branch name may follow


@pytest.mark.parametrize("text", [
    "قتل 7 أشخاص في انهيار مبنى سكني في المدينة.",                        # passive, no group subject
    "قتل تنظيم الدولة الآلاف من المدنيين خلال سنوات سيطرته على المنطقة.",  # a total over years
    "قال المتحدث إن الرجل الذي قتل زوجته اعتقل أمس.",                       # no group, no figure
])
def test_killing_verb_without_group_or_single_event_is_no_attack(text: str) -> None:
    assert attacks(text) == []
