"""Pair evidence (rasid.resolve.similarity.Scorer): weak places, unknown sites, months without year,
background mentions, recalled days, stale fresh-news evidence, complex attacks."""
from __future__ import annotations

from dataclasses import replace as _replace
from datetime import date as _date

import pytest

from rasid.resolve.config import load_figure_data, load_policy
from rasid.resolve.dates import interval_of_value
from rasid.resolve.dates import window_before as _window_before
from rasid.resolve.kbview import EmptyKB, KBView
from rasid.resolve.records import MentionRecord, PlaceKey
from rasid.resolve.similarity import Scorer

POLICY = load_policy()


def place(name, country, precision="country"):
    return PlaceKey(None, name, name, country, precision)


@pytest.mark.parametrize("a,b,expected", [
    (place("الإسرائيلي", "IL"), place("الضفة الغربية", "PS", "region"), 0.0),     # no veto by country
    (place("البلجيكية", "BE"), place("لييج", "BE", "city"), "place_same_country_only"),
    (place("الإسرائيلي", "IL"), place("الإسرائيلي", "IL"), "place_same"),
    (place("إسرائيل", "IL"), place("الضفة الغربية", "PS", "region"), None),       # a real country still vetoes
])
def test_demonym_places_are_weak(a, b, expected):
    scorer = Scorer(POLICY, load_figure_data(), KBView(EmptyKB()))
    want = POLICY.weight(expected) if isinstance(expected, str) else expected
    assert scorer.place_score(a, b) == want


def site(name, country="LY", kb_id=None):
    return PlaceKey(kb_id, name, name, country, "site")


CITY = PlaceKey("gpe:1", "ترابلس", "طرابلس", "LY", "city")


@pytest.mark.parametrize("a,b,expected", [
    (site("مقر المؤسسة الوطنية"), CITY, "place_same_country_only"),        # an unknown site may lie in the city
    (site("مقر القوة"), site("مقر القوة المشتركة"), "place_within"),         # one named by the other's first words
    (site("مقر الشركة"), site("مقر المؤسسة"), "place_same_country_only"),
    (site("مقر"), site("مقر القوة"), "place_same_country_only"),             # one word is not enough
    (PlaceKey("gpe:2", "بنجازي", "بنغازي", "LY", "city"), CITY, "place_other_city_same_country"),
])
def test_unknown_sites(a, b, expected):
    scorer = Scorer(POLICY, load_figure_data(), KBView(EmptyKB()))
    assert scorer.place_score(a, b) == POLICY.weight(expected)


class RegionKB:
    """A KB that knows one region across borders (no country) and one country."""

    entries = {"loc:region": {"type": "LOC", "level": "region", "country": None},
               "gpe:AA": {"type": "GPE", "level": "country", "country": "AA"}}

    def get(self, kb_id):
        return self.entries.get(kb_id)

    def ancestors(self, kb_id):
        return []

    def compatible(self, a, b):
        return a == b

    def place_within(self, inner, outer):
        return inner == outer

    def country_of(self, kb_id):
        return (self.entries.get(kb_id) or {}).get("country")


@pytest.mark.parametrize("a,b,expected", [
    (PlaceKey("loc:region", "اقليم", "الإقليم", "AA", "region"), place("بلدة", "BB", "city"), 0.0),  # no veto
    (PlaceKey("loc:region", "اقليم", "الإقليم", "AA", "region"),
     PlaceKey("loc:region", "اقليم", "الإقليم", "BB", "region"), "place_same"),
    (PlaceKey("gpe:AA", "بلد", "البلد", "AA", "country"), place("بلدة", "BB", "city"), None),        # a country vetoes
])
def test_a_region_across_borders_does_not_veto_by_the_country_its_article_gave(a, b, expected):
    scorer = Scorer(POLICY, load_figure_data(), KBView(RegionKB()))
    want = POLICY.weight(expected) if isinstance(expected, str) else expected
    assert scorer.place_score(a, b) == want


def dated(index, value):
    """A record dated by ``value``; a ``--MM`` value is kept only in the mention, as a reading writes it."""
    interval = None if value.startswith("--") else interval_of_value(value)
    return MentionRecord(index, f"a{index}", {"type": "attack"}, {"start": 0, "date": {"value": value}}, "attack",
                         None, "violence", interval, None, None, [], None)


@pytest.mark.parametrize("other,expected", [
    ("2024-01-03", "date_yearless_fits"), ("2024-01", "date_yearless_fits"),
    ("2024", "date_unknown"),            # a year says nothing of the month
    ("2024-03-02", None),                # no year's January holds it
])
def test_pair_date_score_of_a_month_without_year(other, expected):
    scorer = Scorer(POLICY, load_figure_data(), KBView(EmptyKB()))
    a, b = dated(0, "--01"), dated(1, other)
    want = POLICY.weight(expected) if expected else None
    assert scorer.date_score(a, b) == want


# -- background mentions, recalled days, stale fresh-news evidence, complex attacks ---------------
SCORER = Scorer(POLICY, load_figure_data(), KBView(EmptyKB()))
TOWN = PlaceKey(None, "سين", "سين", "AA", "city")


def report(index, *, day=None, published=None, subtype=None):
    interval = interval_of_value(day) if day else None
    window = _window_before(published, 30) if published and interval is None else None
    return MentionRecord(index, f"a{index}", {"type": "attack"}, {"start": 0}, "attack", subtype, "violence",
                         interval, window, TOWN, [], published)


def test_a_background_mention_is_vetoed_against_other_articles_only():
    a, b = report(0, day="2025-06-01"), report(1, day="2025-06-01")
    assert not SCORER.score(a, b).vetoed
    assert SCORER.score(_replace(a, background=True), b).veto == "background"
    same_article = _replace(b, article=a.article)
    assert not SCORER.score(_replace(a, background=True), same_article).vetoed


def test_a_day_given_to_a_recalled_event_vetoes_that_day():
    monday = _replace(report(0, day="2025-06-02"), recalled=(interval_of_value("2025-06-01"),))
    assert SCORER.score(monday, report(1, day="2025-06-01")).veto == "date"
    assert not SCORER.score(monday, report(2, day="2025-06-02")).vetoed


def test_an_undated_mention_a_day_after_another_attack_is_not_fresh_for_that_day():
    undated = report(0, published=_date(2025, 6, 2))
    sunday = report(1, day="2025-06-01")
    assert SCORER.date_score(undated, sunday) == POLICY.weight("date_fresh_news")
    stale = _replace(undated, stale_until=_date(2025, 6, 1))
    assert SCORER.date_score(stale, sunday) == 0.0
    other_report = report(2, published=_date(2025, 6, 1))
    assert SCORER.date_score(undated, other_report) == POLICY.weight("date_fresh_news")
    assert SCORER.date_score(stale, other_report) == POLICY.weight("date_unknown")


@pytest.mark.parametrize("a,b", [("armed_assault", "suicide_bombing"), ("armed_assault", "bombing")])
def test_a_complex_attack_may_be_told_as_a_shooting_or_a_bombing(a, b):
    assert SCORER.type_score(report(0, subtype=a), report(1, subtype=b)) == 0.0
