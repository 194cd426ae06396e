"""Background mentions (rasid.resolve.background): earlier incidents a news report recalls."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from rasid.resolve.article import build_units
import pytest

from rasid.resolve.background import (background_units, is_background, lead_unit, lies_elsewhere,
                                      recalled_by_other_lead, recalled_by_undated, reports_recent_lead)
from rasid.resolve.config import load_figure_data, load_policy
from rasid.resolve.corpus import event_clusters
from rasid.resolve.dates import interval_of_value, window_before
from rasid.resolve.kbview import EmptyKB, KBView
from rasid.resolve.records import MentionRecord, PlaceKey
from rasid.resolve.similarity import Scorer

POLICY, FIGURES = load_policy(), load_figure_data()
CITY = PlaceKey(None, "سين", "سين", "AA", "city")
PUBLISHED = date(2025, 6, 10)


def rec(index, start, *, article="a", day=None, published=PUBLISHED, type_="attack", where=CITY):
    interval = interval_of_value(day) if day else None
    window = window_before(published, 30) if published and interval is None else None
    return MentionRecord(index, article, {"type": type_}, {"start": start, "article": article}, type_, None,
                         POLICY.family_of_type.get(type_, type_), interval, window, where, [], published)


@dataclass
class FakeUnit:
    record: MentionRecord
    members: list[MentionRecord] = field(default_factory=list)


def unit(record):
    return FakeUnit(record, [record])


def test_the_lead_is_the_opening_sentences_event_whatever_its_family():
    # «داهمت قوات الأمن خلية في مدينة ...» then «... يشتبه بتورطها في تفجير ...»
    arrest, attack = unit(rec(0, 0, type_="arrest")), unit(rec(1, 50))
    assert lead_unit([attack, arrest]) is arrest


@pytest.mark.parametrize("raid_day, attack_day, lead", [
    ("2025-06-09", "2025-06-08", "raid"),      # «قضى الأمن، السبت، على خلية ضالعة في هجوم ... الجمعة»
    ("2025-06-09", "2025-06-09", "attack"),    # the same day: the violence family leads
    ("2025-06-08", "2025-06-09", "attack"),
])
def test_in_the_opening_sentence_the_latest_event_leads(raid_day, attack_day, lead):
    units = {"raid": unit(rec(0, 0, type_="arrest", day=raid_day)), "attack": unit(rec(1, 0, day=attack_day))}
    assert lead_unit(list(units.values())) is units[lead]


def elsewhere_than(*keys):
    def related(a, b):
        return not ({a.place.key if a.place else None, b.place.key if b.place else None} & set(keys))
    return related


@pytest.mark.parametrize("member_keys, expected", [
    (["موقع"], False),                 # an unknown site: may be the lead's
    (["موقع", "ولاية"], True),          # a member names another state (KB)
    (["موقع", "مدرسة"], False),         # the other member is not a KB place
])
def test_a_unit_lies_elsewhere_when_a_member_names_another_kb_place(member_keys, expected):
    lead = rec(0, 0, day="2025-06-09")
    members = [rec(i + 1, 90 * (i + 1), day="2025-06-08" if i == 0 else None,
                   where=PlaceKey("gpe:x" if key == "ولاية" else None, key, key, "AA", "region" if key == "ولاية" else "site"))
               for i, key in enumerate(member_keys)]
    assert lies_elsewhere(FakeUnit(members[0], members), lead, elsewhere_than("ولاية")) is expected


@pytest.mark.parametrize("lead_type, lead_day, where_key, expected", [
    ("arrest", "2025-06-09", "بلدة", True),     # a raid report recalls the attack in another town
    ("arrest", "2025-06-09", "سين", False),     # an attack in the raid's own town may be the raid
    ("arrest", None, "بلدة", False),            # an undated raid
    ("attack", "2025-06-09", "بلدة", False),    # an attack lead: another undated attack may be the same one
])
def test_an_undated_attack_elsewhere_in_a_raid_report_is_recalled(lead_type, lead_day, where_key, expected):
    lead = rec(0, 0, type_=lead_type, day=lead_day)
    attack = rec(1, 90, where=PlaceKey("gpe:y", where_key, where_key, "AA", "city"))
    assert recalled_by_other_lead(unit(attack), lead, elsewhere_than("بلدة")) is expected


def test_a_unit_dated_more_than_a_day_before_a_dated_lead_is_background():
    lead = rec(0, 0, day="2025-06-09")
    assert is_background(rec(1, 90, day="2025-06-07"), lead)
    assert not is_background(rec(2, 90, day="2025-06-08"), lead)        # a day apart may be one event
    assert not is_background(rec(3, 90, day="2025-06-11"), lead)        # later, not recalled


def test_an_undated_lead_is_read_at_publication():
    lead = rec(0, 0)
    assert is_background(rec(1, 90, day="2025-05"), lead)               # «في مايو الماضي»
    assert not is_background(rec(2, 90, day="2025-06-09"), lead)        # yesterday: may be the lead's day
    assert not is_background(rec(3, 90), lead)                          # undated: nothing says it is earlier


def same_place(a, b):
    return True


def test_explainers_have_no_background():
    units = [unit(rec(0, 0, day="2025-06-09")), unit(rec(1, 90, day="2024-01-03"))]
    assert background_units(units, "analysis", same_place) == []
    assert background_units(units, "news", same_place) == [units[1]]


def test_a_day_before_a_dated_lead_elsewhere_is_background():
    # «صواريخ استهدفت فجر الإثنين مطار ...» then «تعهدا الأحد برد على هجوم ... في دوما»
    lead, other = rec(0, 0, day="2025-06-09"), rec(1, 90, day="2025-06-08")
    assert is_background(other, lead, elsewhere=True)
    assert not is_background(other, lead, elsewhere=False)
    yesterday = rec(3, 90, day="2025-06-09")                             # published 10 June
    assert not is_background(yesterday, rec(2, 0), elsewhere=True)      # an undated lead: a day is near


def test_the_day_the_lead_recalls_is_background():
    # «هجوم على مقر الشرطة ... بعد يوم من تفجيرات ... الأحد» then «والأحد نفذت عائلة ... كنائس»
    lead = replace(rec(0, 0, day="2025-06-09"), recalled=(interval_of_value("2025-06-08"),))
    assert is_background(rec(1, 90, day="2025-06-08"), lead)


def test_a_recalled_incident_does_not_link_its_article_to_reports_of_it():
    # article b (a police-station bombing on 9 June) recalls article a's market bombing of 3 June
    market = PlaceKey(None, "سوق سين", "سوق سين", "AA", "site")
    records = [rec(0, 0, article="a", day="2025-06-03", where=market, published=date(2025, 6, 3)),
               rec(1, 0, article="b", day="2025-06-09"),
               rec(2, 200, article="b", day="2025-06-03", where=market)]
    articles = [{"id": "a", "genre": "news"}, {"id": "b", "genre": "news"}]
    clusters = event_clusters(records, articles, POLICY, FIGURES, KBView(EmptyKB()))
    assert sorted(sorted(r.index for r in c) for c in clusters) == [[0], [1], [2]]
    articles[1]["genre"] = "analysis"          # an explainer's mentions link as before
    clusters = event_clusters(records, articles, POLICY, FIGURES, KBView(EmptyKB()))
    assert sorted(sorted(r.index for r in c) for c in clusters) == [[0, 2], [1]]


def test_build_units_marks_background_records():
    records = [rec(0, 0, day="2025-06-09"), rec(1, 90, day="2025-06-01")]
    units = build_units(records, {"a": "news"}, Scorer(POLICY, FIGURES, KBView(EmptyKB())), POLICY, FIGURES)
    assert [u.record.background for u in units] == [False, True]


def test_a_date_before_the_day_an_undated_lead_came_after_is_background():
    # «انفجار في مقر للشرطة، بعد يوم على موجة من التفجيرات ...» (undated) then «والأحد، نفذت عائلة ...»
    lead = replace(rec(0, 0), stale_until=date(2025, 6, 9))
    assert recalled_by_undated(lead, rec(1, 90, day="2025-06-09"))
    assert is_background(rec(1, 90, day="2025-06-09"), lead)
    assert not recalled_by_undated(lead, rec(2, 90, day="2025-06-10"))


def test_the_recalled_attack_does_not_join_the_undated_lead_in_grouping():
    lead = replace(rec(0, 0), stale_until=date(2025, 6, 9))
    sunday = rec(1, 90, day="2025-06-09")
    units = build_units([lead, sunday], {"a": "news"}, Scorer(POLICY, FIGURES, KBView(EmptyKB())), POLICY, FIGURES)
    assert [(len(u.members), u.record.background) for u in units] == [(1, False), (1, True)]


def test_only_a_recent_lead_of_a_dated_report_has_background():
    old = unit(rec(1, 90, day="2020-01-03"))
    assert background_units([unit(rec(0, 0, day="2025-06-09")), old], "news", same_place) == [old]
    undated_report = [unit(rec(0, 0, day="2025-06-09", published=None)),
                      unit(rec(1, 90, day="2020-01-03", published=None))]
    assert background_units(undated_report, "news", same_place) == []        # no publication date
    profile = [unit(rec(0, 0, day="2024-03-22")), old]                          # lead a year before publication
    assert background_units(profile, "news", same_place) == []
    assert reports_recent_lead(rec(0, 0)) and not reports_recent_lead(rec(0, 0, day="2025"))
