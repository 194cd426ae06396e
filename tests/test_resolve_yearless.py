"""A mention dated by a month without year joins the one event it fits (rasid.resolve.yearless)."""
from __future__ import annotations

import pytest

from rasid.resolve.cluster import cluster_records
from rasid.resolve.config import load_figure_data, load_policy
from rasid.resolve.dates import interval_of_value
from rasid.resolve.kbview import EmptyKB, KBView
from rasid.resolve.records import ActorKey, MentionRecord, PlaceKey
from rasid.resolve.similarity import Scorer
from rasid.resolve.yearless import months_of

POLICY, FIGURES = load_policy(), load_figure_data()


def place(name, country="AA", precision="city"):
    return PlaceKey(None, name, name, country, precision)


def rec(index, article, date_value, where, *, killed=None, perp=None, type_="attack"):
    """A record; a ``--MM`` value is kept only in the mention, as a reading writes it."""
    interval = None if date_value is None or date_value.startswith("--") else interval_of_value(date_value)
    mention = {"start": 0, "article": article, "date": {"value": date_value} if date_value else None,
               "killed": {"value": killed, "qualifier": "exact", "text": str(killed)} if killed else None}
    actors = [ActorKey(None, perp, perp, "claimed_by")] if perp else []
    return MentionRecord(index, article, {"type": type_}, mention, type_, None, POLICY.family_of_type[type_],
                         interval, None, where, actors, None)


def clusters(records):
    scorer = Scorer(POLICY, FIGURES, KBView(EmptyKB()))
    return sorted(sorted(r.article for r in c) for c in cluster_records(records, scorer, POLICY))


CITY, COUNTRY = place("المدينة"), place("البلد", precision="country")


def event_in(year_month_day, first_index, killed=84, perp=None):
    """Two articles of one dated event in the city (linked by date, place and toll)."""
    return [rec(first_index, f"x{first_index}", year_month_day, CITY, killed=killed, perp=perp),
            rec(first_index + 1, f"y{first_index}", year_month_day, CITY, killed=killed, perp=perp)]


@pytest.mark.parametrize("value,where,killed,perp,linked", [
    ("--01", COUNTRY, 80, None, True),          # month fits, country holds the city, close toll
    ("--01", CITY, None, "التنظيم", True),       # same city, same perpetrator
    ("--01", COUNTRY, None, None, False),       # nothing but the month and the country
    ("--03", COUNTRY, 80, None, False),         # another month
    ("--01", place("أخرى", "BB", "country"), 80, None, False),   # another country
    ("--01-05", COUNTRY, 80, None, False),      # the 5th, not the 3rd
    ("--01-03", COUNTRY, 80, None, True),
])
def test_a_yearless_mention_joins_the_event_it_fits(value, where, killed, perp, linked):
    records = event_in("2024-01-03", 0, perp="التنظيم") + [rec(2, "z", value, where, killed=killed, perp=perp)]
    expected = [["x0", "y0", "z"]] if linked else [["x0", "y0"], ["z"]]
    assert clusters(records) == expected


def test_a_year_level_event_does_not_pin_the_month():
    records = event_in("2024", 0) + [rec(2, "z", "--01", COUNTRY, killed=84)]
    assert clusters(records) == [["x0", "y0"], ["z"]]


def test_two_events_that_fit_link_neither():
    records = event_in("2023-01-10", 0) + event_in("2024-01-03", 2) + [rec(4, "z", "--01", COUNTRY, killed=80)]
    assert clusters(records) == [["x0", "y0"], ["x2", "y2"], ["z"]]


def test_a_yearless_mention_never_joins_its_own_article():
    records = event_in("2024-01-03", 0) + [rec(2, "x0", "--01", COUNTRY, killed=80)]
    assert clusters(records) == [["x0"], ["x0", "y0"]]


@pytest.mark.parametrize("value,months", [
    ("2024-01-03", [1]), ("2024-02", [2]), ("2024", list(range(1, 13))),
])
def test_months_of(value, months):
    assert months_of(interval_of_value(value)) == months


def test_months_of_a_period_across_new_year():
    from rasid.resolve.dates import interval_of
    period = interval_of({"value": None, "earliest": "2023-12-20", "latest": "2024-01-10", "granularity": "day"})
    assert months_of(period) == [1, 12]

