"""Date intervals and the most specific consistent date (rasid.resolve.dates)."""
from __future__ import annotations

import pytest

from rasid.resolve.dates import YearlessDate, interval_of, interval_of_value, most_specific_consistent, yearless_of


@pytest.mark.parametrize("value,earliest,latest,gran", [
    ("2024-03-22", "2024-03-22", "2024-03-22", "day"),
    ("2024-02", "2024-02-01", "2024-02-29", "month"),
    ("2021", "2021-01-01", "2021-12-31", "year"),
])
def test_interval_of_value(value, earliest, latest, gran):
    i = interval_of_value(value)
    assert (i.earliest.isoformat(), i.latest.isoformat(), i.granularity) == (earliest, latest, gran)


@pytest.mark.parametrize("value", ["--02-13", "", "abc", "2024-13-01"])
def test_unusable_values(value):
    assert interval_of_value(value) is None


def test_bounds_when_value_is_missing():
    i = interval_of({"value": None, "granularity": None, "earliest": "2024-01-01", "latest": "2024-01-10"})
    assert i.days == 10


def test_day_inside_month_and_year_wins():
    choice, ok = most_specific_consistent([interval_of_value(v) for v in ("2024", "2024-01", "2024-01-03")])
    assert ok and choice.value == "2024-01-03"


def test_inconsistent_dates_pick_the_largest_group():
    choice, ok = most_specific_consistent([interval_of_value(v) for v in ("2024-01", "2024-01-03", "2023-05")])
    assert not ok and choice.value == "2024-01-03"


@pytest.mark.parametrize("value,expected", [
    ("--01", YearlessDate(1)), ("--03-07", YearlessDate(3, 7)), ("--02-29", YearlessDate(2, 29)),
    ("--13", None), ("--02-30", None), ("2024-01", None), ("", None),
])
def test_yearless_of(value, expected):
    assert yearless_of({"value": value, "granularity": "month"}) == expected


@pytest.mark.parametrize("yearless,value,fits", [
    (YearlessDate(1), "2024-01-03", True),       # January of some year holds the day
    (YearlessDate(1), "2020", True),             # a year holds a January
    (YearlessDate(1), "2024-03", False),
    (YearlessDate(3, 7), "2024-03", True),
    (YearlessDate(3, 7), "2024-03-08", False),
    (YearlessDate(2, 29), "2023-02", True),      # no 29 February in 2023: the month
])
def test_yearless_fits_an_interval(yearless, value, fits):
    assert yearless.fits(interval_of_value(value)) is fits


def test_yearless_dates_agree_on_month_and_day():
    assert YearlessDate(1).agrees(YearlessDate(1, 5)) and not YearlessDate(1, 4).agrees(YearlessDate(1, 5))
