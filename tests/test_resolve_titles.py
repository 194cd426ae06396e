"""The article's title as evidence for its lead incident (rasid.resolve.titles)."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from rasid.resolve.article import Unit, with_title_evidence
from rasid.resolve.config import load_figure_data, load_policy
from rasid.resolve.dates import interval_of_value, window_before
from rasid.resolve.inputs import slim_article
from rasid.resolve.kbview import KBView
from rasid.resolve.records import MentionRecord, PlaceKey
from rasid.resolve.similarity import Scorer
from rasid.resolve.titles import (article_title_places, corroborated_title_places, refined_place,
                                  title_place_matches, titles_agree)

POLICY, FIGURES = load_policy(), load_figure_data()
PUBLISHED = date(2025, 6, 10)


class TinyKB:
    """Country AA with a province holding the town «الواحة», and another town «النخيل»; country BB."""

    entries = {
        "gpe:AA": {"name_ar": "البلد", "level": "country", "country": "AA", "type": "GPE"},
        "gpe:BB": {"name_ar": "الجار", "level": "country", "country": "BB", "type": "GPE"},
        "gpe:AA-R": {"name_ar": "محافظة الواحة", "level": "region", "country": "AA", "parent": "gpe:AA", "type": "GPE"},
        "gpe:oasis": {"name_ar": "الواحة", "level": "city", "country": "AA", "parent": "gpe:AA-R", "type": "GPE"},
        "gpe:palms": {"name_ar": "النخيل", "level": "city", "country": "AA", "parent": "gpe:AA", "type": "GPE"},
        "gpe:far": {"name_ar": "البعيدة", "level": "city", "country": "BB", "parent": "gpe:BB", "type": "GPE"},
    }

    def get(self, kb_id):
        return self.entries.get(kb_id)

    def ancestors(self, kb_id):
        out, parent = [], (self.entries.get(kb_id) or {}).get("parent")
        while parent:
            out.append(parent)
            parent = (self.entries.get(parent) or {}).get("parent")
        return out

    def compatible(self, a, b):
        return a == b

    def place_within(self, inner, outer):
        return inner == outer or outer in self.ancestors(inner)

    def country_of(self, kb_id):
        return (self.entries.get(kb_id) or {}).get("country")


VIEW = KBView(TinyKB())
COUNTRY = PlaceKey("gpe:AA", "بلد", "البلد", "AA", "country")
REGION = PlaceKey("gpe:AA-R", "محافظه واحه", "محافظة الواحة", "AA", "region")
DEMONYM = PlaceKey(None, "سوري", "السوري", "BB", "country")   # a nationality adjective (demonym table)


def reading_linking(*kb_ids):
    return {"id": "a", "entities": [{"text": "x", "start": 0, "end": 1, "type": "GPE", "kb_id": k} for k in kb_ids]}


def test_a_weak_title_place_counts_only_when_the_title_or_body_names_its_country_or_the_body_links_it():
    weak_town = [("gpe:oasis", True)]
    assert corroborated_title_places(weak_town, reading_linking(), VIEW) == ()
    assert corroborated_title_places(weak_town + [("gpe:AA", False)], reading_linking(), VIEW) == ("gpe:oasis", "gpe:AA")
    assert corroborated_title_places(weak_town, reading_linking("gpe:palms"), VIEW) == ("gpe:oasis",)
    assert corroborated_title_places(weak_town, reading_linking("gpe:far"), VIEW) == ()
    assert corroborated_title_places([("gpe:oasis", False), ("gpe:unknown", False)], reading_linking(), VIEW) == ("gpe:oasis",)


@pytest.mark.parametrize("place, titled, expected", [
    (None, ("gpe:oasis",), "gpe:oasis"),
    (COUNTRY, ("gpe:AA", "gpe:oasis"), "gpe:oasis"),          # «البلد.. هجوم في الواحة»
    (DEMONYM, ("gpe:oasis",), "gpe:oasis"),                    # a demonym yields to the title's town
    (REGION, ("gpe:oasis",), "gpe:oasis"),                     # the town within the body's province
    (REGION, ("gpe:palms",), "gpe:AA-R"),                      # a town outside it: the body's place stays
    (COUNTRY, ("gpe:far",), "gpe:AA"),                         # another country: the body's place stays
    (COUNTRY, ("gpe:oasis", "gpe:palms"), "gpe:AA"),           # two towns: which one is not known
    (PlaceKey("gpe:palms", "نخيل", "النخيل", "AA", "city"), ("gpe:oasis",), "gpe:palms"),   # a town stays
    (PlaceKey(None, "مقر محافظه", "مقر المحافظة", "AA", "site"), ("gpe:AA-R",), "gpe:AA-R"),  # an unknown site
    (PlaceKey(None, "مقر محافظه", "مقر المحافظة", "AA", "site"), ("gpe:far",), None),         # in its country only
    (PlaceKey(None, "مطار", "المطار", "AA", "site"), ("gpe:far", "gpe:oasis"), None),   # «البعيدة والواحة تتهمان»
])
def test_a_coarse_lead_place_takes_the_most_precise_title_place_within_it(place, titled, expected):
    refined = refined_place(place, titled, VIEW)
    assert refined is not None and refined.kb_id == expected


def test_a_title_place_refined_into_a_lead_has_the_kb_name_country_and_level():
    refined = refined_place(None, ("gpe:oasis",), VIEW)
    assert refined is not None and (refined.name, refined.country, refined.precision) == ("الواحة", "AA", "city")


@pytest.mark.parametrize("a, b, agree", [
    (("gpe:oasis",), ("gpe:oasis",), True),
    (("gpe:oasis",), ("gpe:AA-R",), True),         # a town within the other title's province
    (("gpe:AA", "gpe:oasis"), ("gpe:AA", "gpe:palms"), False),   # a shared country is not enough
    (("gpe:oasis", "gpe:far"), ("gpe:oasis",), False),           # a title naming two towns
    (("gpe:oasis", "gpe:AA-R"), ("gpe:AA-R",), True),            # a town and its province: the town
    (("gpe:AA",), ("gpe:AA",), False),
    ((), ("gpe:oasis",), False),
])
def test_two_titles_agree_on_a_place_below_country_level(a, b, agree):
    assert titles_agree(a, b, VIEW) is agree


def record(index, article, start, place, *, titled=(), day=None, type_="attack"):
    interval = interval_of_value(day) if day else None
    window = window_before(PUBLISHED, 30) if interval is None else None
    return MentionRecord(index, article, {"type": type_}, {"start": start, "article": article}, type_, None,
                         POLICY.family_of_type.get(type_, type_), interval, window, place, [], PUBLISHED,
                         title_places=titled)


def test_only_the_lead_unit_of_a_news_report_keeps_the_title_and_takes_its_place():
    scorer = Scorer(POLICY, FIGURES, KBView(TinyKB()))
    lead = Unit(record(0, "a", 0, COUNTRY, titled=("gpe:oasis",)), [])
    other = Unit(record(1, "a", 90, None, titled=("gpe:oasis",), type_="arrest"), [])
    lead.members, other.members = [lead.record], [other.record]
    with_title_evidence([lead, other], "news", scorer)
    assert lead.record.place is not None and lead.record.place.kb_id == "gpe:oasis"
    assert lead.record.title_places == ("gpe:oasis",) and other.record.title_places == ()


def test_an_explainer_keeps_no_title_evidence():
    scorer = Scorer(POLICY, FIGURES, KBView(TinyKB()))
    only = Unit(record(0, "a", 0, COUNTRY, titled=("gpe:oasis",)), [])
    only.members = [only.record]
    with_title_evidence([only], "analysis", scorer)
    assert only.record.place == COUNTRY and only.record.title_places == ()


def test_two_leads_whose_titles_name_one_town_score_the_title_weight_more():
    scorer = Scorer(POLICY, FIGURES, KBView(TinyKB()))
    town = PlaceKey("gpe:oasis", "واحه", "الواحة", "AA", "city")
    a = record(0, "a", 0, town, titled=("gpe:oasis",), day="2025-06-09")
    b = record(1, "b", 0, town, titled=("gpe:AA-R",), day="2025-06-10")
    plain = scorer.score(record(0, "a", 0, town, day="2025-06-09"), record(1, "b", 0, town, day="2025-06-10"))
    assert scorer.score(a, b).score == pytest.approx(plain.score + POLICY.weight("title_place_shared"))


def test_a_slim_article_keeps_the_titles_kb_places_not_its_text():
    article = {"id": "x", "published": "2024-01-02", "title": "انفجار في بغداد", "text": "..."}
    slim = slim_article(article)
    assert "title" not in slim and "text" not in slim
    assert article_title_places(slim) == title_place_matches(article["title"])
    assert any(VIEW_REAL.country(kb_id) == "IQ" for kb_id, _ in article_title_places(slim))


def test_no_title_no_places():
    assert title_place_matches(None) == () and title_place_matches("  ") == ()
    assert slim_article({"id": "x", "published": "2024-01-02"}) == {"id": "x", "published": "2024-01-02"}


VIEW_REAL = KBView(None)


def test_among_the_opening_events_of_one_day_the_one_placed_where_the_title_says_leads():
    from rasid.resolve.background import lead_unit
    from rasid.resolve.titles import placed_in_title

    town = PlaceKey("gpe:oasis", "واحه", "الواحة", "AA", "city")
    capital = PlaceKey("gpe:palms", "نخيل", "النخيل", "AA", "city")
    raid = record(0, "a", 0, town, titled=("gpe:oasis",), day="2025-06-09", type_="arrest")
    bombing = record(1, "a", 0, capital, titled=("gpe:oasis",), day="2025-06-09")
    units = [Unit(raid, [raid]), Unit(bombing, [bombing])]
    in_title = lambda r: placed_in_title(r, VIEW)     # noqa: E731
    assert lead_unit(units, in_title) is units[0]
    assert lead_unit(units) is units[1]                # without the title: the violence family leads


def test_a_lead_placed_by_its_title_makes_a_recall_in_another_town_the_day_before_background():
    from rasid.resolve.article import build_units

    scorer = Scorer(POLICY, FIGURES, KBView(TinyKB()))
    site = PlaceKey(None, "مطار عسكري", "المطار العسكري", "AA", "site")     # unknown to the KB
    palms = PlaceKey("gpe:palms", "نخيل", "النخيل", "AA", "city")
    lead = record(0, "a", 0, site, titled=("gpe:oasis",), day="2025-06-09")
    recall = record(1, "a", 200, palms, titled=("gpe:oasis",), day="2025-06-08")
    units = build_units([lead, recall], {"a": "news"}, scorer, POLICY, FIGURES)
    assert [u.record.background for u in units] == [False, True]
    untitled = build_units([replace(lead, title_places=()), replace(recall, title_places=())], {"a": "news"},
                           scorer, POLICY, FIGURES)
    assert [u.record.background for u in untitled] == [False, False]   # the site may be in that town
