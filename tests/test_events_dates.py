"""Which date an event takes: the date of its own clause, never the date of a reference event."""
from __future__ import annotations

import pytest

from rasid.reading import extract


def _attack_dates(text: str, published: str | None = "2024-02-05") -> list[str | None]:
    return [e["date"]["value"] for e in extract(text, published=published).events if e["type"] == "attack"]


@pytest.mark.parametrize("text, expected", [
    # a year attached to a reference event (عقب/بعد/إثر + event word) does not date the main event
    ("نفذ الهجوم عقب اغتيال القائد في 2019 بضربة جوية، وقتل فيه 12 جنديا في يناير.", "2024-01"),
    ("جاء الانفجار بعد مقتل زعيم الجماعة في 2018، وأسفر عن مقتل 9 أشخاص في الرابع من يناير.", "2024-01-04"),
    ("وقع التفجير في 3 يناير إثر مقتل قائد الجماعة في غارة عام 2017.", "2024-01-03"),
    # بعد أن + verb is the same event, its date counts
    ("أصيب ثلاثة جنود بعد أن أطلق مسلح النار عليهم أمس.", "2024-02-04"),
    ("قتل 5 أشخاص في 3 يناير في هجوم انتحاري.", "2024-01-03"),
])
def test_main_event_date(text: str, expected: str) -> None:
    assert _attack_dates(text)[0] == expected


def test_a_reference_event_keeps_its_own_date() -> None:
    dates = _attack_dates("صعد نجم النائب بعد اغتيال والده عام 2011 خلال موجة من أعمال القتل استهدفت معارضين في البلاد.")
    assert dates == ["2011"]


def test_coordinated_event_after_a_dated_clause_is_separate_and_undated() -> None:
    text = "شهدت المدينة هجوما داميا في مارس 2021، وتفجيرين في العاصمة أسفرا عن مقتل 20 شخصا."
    events = [e for e in extract(text, published="2024-01-10").events if e["type"] == "attack"]
    assert len(events) == 2
    assert events[0]["date"]["value"] == "2021-03" and events[0]["killed"] is None
    assert events[1]["date"]["value"] != "2021-03" and events[1]["killed"]["best"] == 20


@pytest.mark.parametrize("text", [
    "تشهد البلاد منذ عام 2012 هجمات أودت بحياة الآلاف.",
    "يشهد الإقليم هجمات متكررة تشنها جماعات مسلحة أسفرت عن مقتل المئات.",
    "تتعرض المنطقة منذ سنوات لهجمات أودت بحياة آلاف المدنيين.",
])
def test_background_totals_are_not_events(text: str) -> None:
    assert _attack_dates(text, "2024-06-01") == []


def test_unresolved_weekday_is_kept_without_a_value() -> None:
    events = extract("وقع الهجوم يوم الجمعة في السوق وقتل فيه 4 أشخاص.").events
    assert events[0]["date"]["value"] is None and events[0]["date"]["weekday"] == 4
    mention = events[0]["mentions"][0]
    assert mention["date_text"] == "يوم الجمعة" and mention["date"]["weekday"] == 4


def test_month_without_year_takes_the_year_of_the_paragraph() -> None:
    text = "وقع هجوم في 3 مارس 2021 على المدينة. وفي أبريل، قتل 5 جنود في كمين."
    assert _attack_dates(text, None)[-1] == "2021-04"


@pytest.mark.parametrize("text, events", [
    ("أسفر الانفجار عن مقتل شخص واحد في السوق الشعبي.", 1),          # nothing earlier to refer to
    ("وقع تفجير في السوق صباحا. وأسفر الانفجار عن مقتل شخص واحد.", 1),   # the toll joins the first event
])
def test_a_definite_reference_with_a_toll_and_nothing_before_is_an_event(text: str, events: int) -> None:
    found = [e for e in extract(text).events if e["type"] == "attack"]
    assert len(found) == events and found[0]["killed"]["best"] == 1
