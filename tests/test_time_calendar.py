"""Calendar rules and folded text offsets."""
from __future__ import annotations

from datetime import date

import pytest

from rasid.time import calendar as cal
from rasid.time.folded import fold


@pytest.mark.parametrize(("anchor", "weekday", "expected"), [
    (date(2024, 3, 24), 4, date(2024, 3, 22)), (date(2024, 3, 22), 4, date(2024, 3, 22)),
    (date(2024, 3, 24), 6, date(2024, 3, 24)), (date(2024, 1, 1), 6, date(2023, 12, 31)),
])
def test_recent_weekday(anchor: date, weekday: int, expected: date) -> None:
    assert cal.recent_weekday(anchor, weekday) == expected


@pytest.mark.parametrize(("anchor", "month", "day", "year"), [
    (date(2025, 3, 1), 2, 13, 2025), (date(2025, 1, 10), 2, 13, 2024), (date(2025, 2, 13), 2, 13, 2025),
])
def test_year_for_month_day(anchor: date, month: int, day: int, year: int) -> None:
    assert cal.year_for_month_day(anchor, month, day) == year


def test_span_interval_names_the_smallest_unit() -> None:
    assert cal.span_interval(date(2024, 3, 1), date(2024, 3, 9)).value == "2024-03"
    assert cal.span_interval(date(2024, 3, 1), date(2024, 5, 9)).value == "2024"
    assert cal.span_interval(date(2023, 3, 1), date(2024, 5, 9)).value is None


def test_fold_maps_offsets_back() -> None:
    text = "قُتِلَ ٣ أشخاصٍ في إبريل"
    folded = fold(text)
    assert "3 اشخاص في ابريل" in folded.text
    i = folded.text.index("ابريل")
    start, end = folded.span(i, i + 5)
    assert text[start:end] == "إبريل"


@pytest.mark.parametrize(("published", "late"), [
    ("2018-03-25T23:43:00Z", True), ("2018-03-25T21:00:00+00:00", True), ("2018-03-25T23:43:00", True),
    ("2018-03-25T20:59:00Z", False), ("2018-03-25T10:00:00Z", False),
    ("2018-03-25T23:43:00+03:00", False),      # local time: 20:43 UTC
    ("2018-03-25", False), (None, False), ("not a date", False),
])
def test_late_in_utc_day(published: str | None, late: bool) -> None:
    assert cal.late_in_utc_day(published) is late


@pytest.mark.parametrize(("weekday", "late", "expected"), [
    (0, True, date(2018, 3, 26)),     # «فجر الاثنين» published Sunday 23:43 UTC: already Monday there
    (0, False, date(2018, 3, 19)),
    (5, True, date(2018, 3, 24)),     # another weekday: the most recent one
    (6, True, date(2018, 3, 25)),
])
def test_reported_weekday(weekday: int, late: bool, expected: date) -> None:
    assert cal.reported_weekday(date(2018, 3, 25), weekday, late) == expected
