"""Date intervals and the most specific consistent date (rasid.resolve.dates)."""
from __future__ import annotations

import pytest

from rasid.resolve.dates import interval_of, interval_of_value, most_specific_consistent


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
