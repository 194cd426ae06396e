"""Within-article grouping (rasid.resolve.article): back-references join their article's event."""
from __future__ import annotations

from datetime import date

import pytest

from rasid.resolve.article import ArticleGrouper, build_units, is_anchored
from rasid.resolve.config import load_figure_data, load_policy
from rasid.resolve.dates import interval_of_value, window_before
from rasid.resolve.kbview import EmptyKB, KBView
from rasid.resolve.records import ActorKey, MentionRecord, PlaceKey
from rasid.resolve.similarity import Scorer

POLICY, FIGURES = load_policy(), load_figure_data()


def place(name, country="AA", precision="city"):
    return PlaceKey(None, name, name, country, precision)


def rec(index, start, *, article="a", date_value=None, where=None, perp=None, killed=None, type_="attack",
        published=None):
    interval = interval_of_value(date_value) if date_value else None
    window = window_before(published, 30) if published and interval is None else None
    mention = {"start": start, "killed": {"value": killed, "qualifier": "exact", "text": str(killed)} if killed else None}
    actors = [ActorKey(None, perp, perp, "claimed_by")] if perp else []
    return MentionRecord(index, article, {"type": type_}, mention, type_, None, POLICY.family_of_type.get(type_, type_),
                         interval, window, where, actors, published)


def grouper():
    return ArticleGrouper(Scorer(POLICY, FIGURES, KBView(EmptyKB())), POLICY)


def starts(groups):
    return [sorted(m.start for m in g.members) for g in groups]


def test_back_reference_joins_the_event_before_it():
    # «تفجير في سوق المدينة ... » then «وتبنت الحركة الهجوم» then «وأسفر التفجير عن مقتل 9»
    records = [rec(0, 0, date_value="2025-05-10", where=place("المدينه")), rec(1, 80), rec(2, 160, killed=9)]
    assert starts(grouper().group(records, "news")) == [[0, 80, 160]]


def test_anchored_mentions_in_two_cities_stay_apart():
    records = [rec(0, 0, where=place("سين")), rec(1, 90, where=place("صاد"))]
    assert starts(grouper().group(records, "news")) == [[0], [90]]


def test_same_city_mentions_join_and_a_different_date_does_not():
    records = [rec(0, 0, date_value="2025-05-10", where=place("سين")), rec(1, 50, where=place("سين")),
               rec(2, 120, date_value="2019-02-01", where=place("سين"))]
    assert starts(grouper().group(records, "news")) == [[0, 50], [120]]


def test_undated_news_mention_does_not_join_a_background_date():
    # «منذ عام 2015 هجمات متكررة» must not absorb the article's undated recent attack
    published = date(2025, 5, 12)
    records = [rec(0, 0, where=place("بلاد", precision="country"), published=published),
               rec(1, 300, date_value="2015", where=place("بلاد", precision="country"), published=published)]
    assert starts(grouper().group(records, "news")) == [[0], [300]]


@pytest.mark.parametrize("genre,expected", [
    ("news", [[0, 200], [100]]),          # a news article may skip the clashing event before it
    ("analysis", [[0], [100], [200]]),    # a review of many events: the toll clashes with the event just before
])
def test_back_reference_with_a_clashing_toll(genre, expected):
    records = [rec(0, 0, date_value="2021", where=place("سين"), killed=130),
               rec(1, 100, date_value="2024-01", where=place("صاد"), killed=5), rec(2, 200, killed=133)]
    assert starts(grouper().group(records, genre)) == expected


def test_different_families_are_never_grouped():
    records = [rec(0, 0, where=place("سين")), rec(1, 40, type_="arrest")]
    assert starts(grouper().group(records, "news")) == [[0], [40]]


def test_unit_record_takes_most_specific_date_place_and_largest_toll():
    records = [rec(0, 0, where=place("بلاد", precision="country"), killed=12),
               rec(1, 50, date_value="2025-05-10", where=place("سين"), perp="الحركه"), rec(2, 90, killed=27)]
    units = build_units(records, {"a": "news"}, Scorer(POLICY, FIGURES, KBView(EmptyKB())), POLICY, FIGURES)
    assert len(units) == 1
    unit = units[0].record
    assert unit.interval.value == "2025-05-10" and unit.place.key == "سين"
    assert unit.mention["killed"]["value"] == 27 and [a.key for a in unit.actors] == ["الحركه"]


def test_is_anchored():
    assert not is_anchored(rec(0, 0, killed=3), POLICY)
    assert is_anchored(rec(0, 0, perp="الحركه"), POLICY)


def dated_rec(index, start, date_value, date_text, sentence, **kw):
    """A record whose mention carries its date value, date text and sentence."""
    record = rec(index, start, date_value=date_value if not date_value.startswith("--") else None, **kw)
    record.mention.update({"date": {"value": date_value}, "date_text": date_text, "sentence": sentence})
    return record


def test_a_date_borrowed_from_an_earlier_sentence_gives_way_to_an_own_month_without_year():
    own = dated_rec(0, 0, "--01", "يناير", "وقع هجوم في البلد في يناير قتل 40 شخصا", where=place("البلد", precision="country"))
    borrowed = dated_rec(1, 60, "2020", "عام 2020", "ومن خلال ذلك الهجوم أظهر التنظيم قدرته",
                         where=place("البلد", precision="country"))
    groups = grouper().group([own, borrowed], "opinion")
    assert starts(groups) == [[0, 60]]
    units = build_units([own, borrowed], {"a": "opinion"}, grouper().scorer, POLICY, FIGURES)
    assert units[0].record.interval is None and units[0].record.mention["date"] == {"value": "--01"}


@pytest.mark.parametrize("value,text,grouped", [
    ("--01", "يناير", True),      # the same month without year
    ("--03", "مارس", False),      # two months without year exclude each other
    ("2019-03", "مارس 2019", False),
])
def test_own_months_without_year_are_compared(value, text, grouped):
    first = dated_rec(0, 0, "--01", "يناير", "وقع هجوم في البلد في يناير", where=place("البلد", precision="country"))
    second = dated_rec(1, 60, value, text, f"ووقع هجوم في البلد في {text}", where=place("البلد", precision="country"))
    assert (len(grouper().group([first, second], "opinion")) == 1) is grouped


@pytest.mark.parametrize("first,second,type_,grouped", [
    ("2024-05-13", "2024-05-14", "attack", False),    # two days written in one article: two events
    ("2024-05-13", "2024-05-13", "attack", True),
    ("2024-05-13", "2024-05-14", "claim", True),      # a claim comes a day after its attack
    ("2024-05", "2024-05-14", "attack", True),
])
def test_two_days_in_one_article_are_two_events(first, second, type_, grouped):
    city = place("المدينة")
    a = rec(0, 0, date_value=first, where=city)
    b = rec(1, 80, date_value=second, where=city, type_=type_)
    assert (len(grouper().group([a, b], "news")) == 1) is grouped


@pytest.mark.parametrize("a,b,related", [
    (place("سين"), place("سين"), True),
    (place("سين"), place("صاد"), False),                                   # two cities of one country
    (place("سين"), place("صاد", country="BB"), False),                     # two countries
    (place("مقر الشرطة", precision="site"), place("سين"), True),           # an unknown site may lie in the city
    (place("البلاد", precision="country"), place("سين"), True),
    (None, place("سين"), True),
])
def test_places_related_means_not_clearly_elsewhere(a, b, related):
    assert grouper().places_related(rec(0, 0, where=a), rec(1, 50, where=b)) is related


class TwoStatesKB(EmptyKB):
    """Two states of one country and a county within the first."""

    ENTRIES = {"r:tx": {"type": "place", "country": "AA", "parent": None},
               "r:ga": {"type": "place", "country": "AA", "parent": None},
               "r:cty": {"type": "place", "country": "AA", "parent": "r:tx"}}

    def get(self, kb_id):
        return self.ENTRIES.get(kb_id)

    def ancestors(self, kb_id):
        parent = (self.ENTRIES.get(kb_id) or {}).get("parent")
        return [parent] if parent else []

    def place_within(self, inner, outer):
        return outer in self.ancestors(inner)

    def country_of(self, kb_id):
        return (self.ENTRIES.get(kb_id) or {}).get("country")


def region(kb_id, name):
    return PlaceKey(kb_id, name, name, "AA", "region")


@pytest.mark.parametrize("a, b, related", [
    (region("r:tx", "تكساس"), region("r:ga", "جورجيا"), False),      # two states: elsewhere
    (region("r:tx", "تكساس"), region("r:cty", "مقاطعة"), True),       # one within the other
    (region("r:tx", "تكساس"), region("r:tx", "تكساس"), True),
    (region("r:tx", "تكساس"), place("بلدة غير معروفة", precision="region"), True),   # not in the KB
])
def test_two_kb_regions_of_one_country_are_elsewhere(a, b, related):
    grouper = ArticleGrouper(Scorer(POLICY, FIGURES, KBView(TwoStatesKB())), POLICY)
    assert grouper.places_related(rec(0, 0, where=a), rec(1, 50, where=b)) is related
