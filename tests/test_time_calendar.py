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
