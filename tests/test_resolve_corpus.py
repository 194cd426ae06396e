"""Cross-article resolution on synthetic CONTRACT dicts with a small fake knowledge base."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

import pytest

from rasid.resolve import resolve_corpus


@dataclass
class FakeEntry:
    id: str
    type: str
    name_ar: str
    parent: str | None = None
    country: str | None = None
    level: str | None = None
    lat: float | None = None
    lon: float | None = None
    name_en: str | None = None
    aliases_ar: list[str] = field(default_factory=list)


class FakeKB:
    """Organizations with a branch, and places with a hierarchy."""

    def __init__(self) -> None:
        entries = [
            FakeEntry("grp", "ORG", "الجماعة الأم"),
            FakeEntry("grp-east", "ORG", "فرع الشرق", parent="grp"),
            FakeEntry("other-grp", "ORG", "حركة أخرى"),
            FakeEntry("ctry-a", "GPE", "بلاد ألف", country="AA", level="country"),
            FakeEntry("ctry-b", "GPE", "بلاد باء", country="BB", level="country"),
            FakeEntry("reg-north", "LOC", "الإقليم الشمالي", parent="ctry-a", country="AA", level="region"),
            FakeEntry("city-x", "GPE", "مدينة سين", parent="reg-north", country="AA", level="city", lat=1.0, lon=2.0),
            FakeEntry("city-y", "GPE", "مدينة صاد", parent="ctry-a", country="AA", level="city"),
            FakeEntry("hall-x", "FAC", "قاعة النور", parent="city-x", country="AA", level="site"),
        ]
        self.entries = {e.id: e for e in entries}

    def get(self, kb_id):
        return self.entries.get(kb_id)

    def ancestors(self, kb_id):
        out, cur = [], self.entries.get(kb_id)
        while cur is not None and cur.parent:
            out.append(cur.parent)
            cur = self.entries.get(cur.parent)
        return out

    def compatible(self, a, b):
        return a == b or a in self.ancestors(b) or b in self.ancestors(a)

    def place_within(self, inner, outer):
        return inner == outer or outer in self.ancestors(inner)

    def country_of(self, kb_id):
        e = self.entries.get(kb_id)
        return e.country if e else None


PLACES = {"city-x": ("مدينة سين", "city"), "city-y": ("مدينة صاد", "city"), "hall-x": ("قاعة النور", "site"),
          "reg-north": ("الإقليم الشمالي", "region"), "ctry-a": ("بلاد ألف", "country")}


def qty(value, qualifier="exact", text=None, parts=None):
    out = {"value": value, "qualifier": qualifier, "text": text or f"{value}"}
    if parts:
        out["parts"] = parts
    return out


def event(article, *, type_="attack", subtype="bombing", date=None, place=None, perp=None, killed=None,
          injured=None, start=0, sentence="وقع تفجير"):
    kb_place = place if place in PLACES else None
    name, precision = PLACES.get(place, (place, "city")) if place else (None, None)
    mention = {"article": article, "start": start, "end": start + len(sentence), "sentence": sentence,
               "date_text": None, "date": None, "location_text": name, "killed": killed, "injured": injured,
               "arrested": None, "kidnapped": None, "attributed_to": None, "perpetrator_text": None}
    country = "AA" if place else None
    return {
        "type": type_, "subtype": subtype, "plover": "ASSAULT",
        "date": {"value": date, "granularity": None} if date else None,
        "location": {"entity": kb_place, "name": name, "country": country, "precision": precision} if place else None,
        "actors": [{"entity": perp if perp in ("grp", "grp-east", "other-grp") else None, "name": perp,
                    "role": "perpetrator"}] if perp else [],
        "killed": None, "injured": None, "arrested": None, "kidnapped": None,
        "mentions": [mention], "discrepancies": [],
    }


def corpus(*items, published=None, claims=None):
    """items: (article_id, [events]); returns (articles, readings)."""
    articles, readings = [], []
    for article_id, events in items:
        articles.append({"id": article_id, "outlet": "o", "published": (published or {}).get(article_id),
                         "title": "t", "genre": "news"})
        readings.append({"id": article_id, "events": events, "entities": [],
                         "claims": (claims or {}).get(article_id, [])})
    return articles, readings


def articles_by_event(resolution):
    return sorted(sorted({m["article"] for m in e["mentions"]}) for e in resolution.events)


def test_same_bombing_in_several_articles_is_one_event_with_evolving_toll():
    arts, reads = corpus(
        ("a1", [event("a1", date="2024-05-03", place="city-x", perp="grp", killed=qty(20, "at_least"))]),
        ("a2", [event("a2", date="2024-05-03", place="hall-x", perp="grp-east", killed=qty(41, "at_least"))]),
        ("a3", [event("a3", date="2024-05", place="city-x", killed=qty(43, "more_than"))]),
    )
    res = resolve_corpus(arts, reads, kb=FakeKB())
    assert articles_by_event(res) == [["a1", "a2", "a3"]]
    ev = res.events[0]
    assert ev["date"]["value"] == "2024-05-03"
    assert ev["location"]["name"] == "قاعة النور" and ev["location"]["precision"] == "site"
    assert ev["killed"]["best"] == 41 and ev["killed"]["high"] == 44
    kinds = {(d["field"], d["kind"]) for d in ev["discrepancies"]}
    assert ("killed", "evolving") in kinds
    assert not any(d["field"] == "perpetrator" for d in ev["discrepancies"])


def test_two_bombings_in_one_city_a_week_apart_stay_apart():
    arts, reads = corpus(
        ("a1", [event("a1", date="2024-05-03", place="city-x", perp="grp", killed=qty(5))]),
        ("a2", [event("a2", date="2024-05-10", place="city-x", perp="grp", killed=qty(5))]),
    )
    res = resolve_corpus(arts, reads, kb=FakeKB())
    assert articles_by_event(res) == [["a1"], ["a2"]]


def test_exact_figures_that_differ_are_a_conflict():
    arts, reads = corpus(
        ("a1", [event("a1", date="2024-01-03", place="city-y", killed=qty(84))]),
        ("a2", [event("a2", date="2024-01", place="city-y", killed=qty(95))]),
        ("a3", [event("a3", date="2024-01-03", place="city-y", killed=qty(100, "nearly"))]),
    )
    res = resolve_corpus(arts, reads, kb=FakeKB())
    assert articles_by_event(res) == [["a1", "a2", "a3"]]
    killed = [d for d in res.discrepancies if d["field"] == "killed"]
    assert [d["kind"] for d in killed] == ["conflict"]
    assert res.events[0]["killed"]["low"] == 84 and res.events[0]["killed"]["best"] == 95


def test_vague_part_against_precise_figures():
    vague = qty(None, "vague", "13 جنديا وعشرات المدنيين",
                parts=[{"who": "جنود", "value": 13, "qualifier": "exact"},
                       {"who": "مدنيين", "value": None, "qualifier": "vague", "text": "عشرات المدنيين"}])
    precise = qty(None, "exact", "13 جنديا ونحو 170 مدنيا",
                  parts=[{"who": "جنود", "value": 13, "qualifier": "exact"},
                         {"who": "مدنيين", "value": 170, "qualifier": "about"}])
    arts, reads = corpus(
        ("a1", [event("a1", subtype="suicide_bombing", date="2021-08", place="city-y", perp="grp-east", killed=vague)]),
        ("a2", [event("a2", subtype="suicide_bombing", date="2021", place="city-y", perp="grp", killed=precise)]),
    )
    res = resolve_corpus(arts, reads, kb=FakeKB())
    assert articles_by_event(res) == [["a1", "a2"]]
    assert [d["kind"] for d in res.discrepancies if d["field"] == "killed"] == ["vague_vs_precise"]
    assert res.events[0]["killed"]["best"] == 183


def test_group_and_its_branch_are_compatible_but_unrelated_groups_conflict():
    arts, reads = corpus(
        ("a1", [event("a1", date="2024-05-03", place="city-x", perp="grp")]),
        ("a2", [event("a2", date="2024-05-03", place="city-x", perp="grp-east")]),
        ("a3", [event("a3", date="2024-05-03", place="city-x", perp="other-grp")]),
    )
    res = resolve_corpus(arts, reads, kb=FakeKB())
    assert ["a1", "a2"] in articles_by_event(res) or ["a1", "a2", "a3"] in articles_by_event(res)
    for ev in res.events:
        perp = [d for d in ev["discrepancies"] if d["field"] == "perpetrator"]
        names = {m["article"] for m in ev["mentions"]}
        assert bool(perp) == ("a3" in names and len(names) > 1)


def test_month_level_mention_joins_day_level_event_without_publication_dates():
    arts, reads = corpus(
        ("a1", [event("a1", date="2023-11-12", place="city-y", perp="other-grp", killed=qty(7))]),
        ("a2", [event("a2", date="2023-11", place="city-y", perp="other-grp", killed=qty(7))]),
        ("a3", [event("a3", date="2023-12", place="city-y", perp="other-grp", killed=qty(7))]),
    )
    res = resolve_corpus(arts, reads, kb=FakeKB())
    assert articles_by_event(res) == [["a1", "a2"], ["a3"]]
    assert res.events[0]["date"] == {"value": "2023-11-12", "granularity": "day",
                                      "earliest": "2023-11-12", "latest": "2023-11-12"}


def test_unknown_names_match_by_clitic_stripped_key():
    arts, reads = corpus(
        ("a1", [event("a1", date="2022-02-01", place="بلدة العين", perp="كتائب الفجر")]),
        ("a2", [event("a2", date="2022-02", place="وبلدة العين", perp="الفجر")]),
    )
    res = resolve_corpus(arts, reads, kb=FakeKB())
    assert articles_by_event(res) == [["a1", "a2"]]


def test_undated_mention_needs_more_than_a_shared_city():
    arts, reads = corpus(
        ("a1", [event("a1", date="2020-03-01", place="city-y")]),
        ("a2", [event("a2", place="city-y")]),
    )
    res = resolve_corpus(arts, reads, kb=FakeKB())
    assert articles_by_event(res) == [["a1"], ["a2"]]


def test_region_and_city_not_within_it_give_a_soft_location_discrepancy():
    arts, reads = corpus(
        ("a1", [event("a1", type_="plot_foiled", subtype=None, date="2024-03-07", place="reg-north", perp="grp")]),
        ("a2", [event("a2", type_="plot_foiled", subtype=None, date="2024-03", place="city-y", perp="grp-east")]),
    )
    res = resolve_corpus(arts, reads, kb=FakeKB())
    assert articles_by_event(res) == [["a1", "a2"]]
    assert [d["kind"] for d in res.discrepancies if d["field"] == "location"] == ["soft"]


def test_same_article_mentions_merge_only_when_clearly_the_same():
    arts, reads = corpus(
        ("a1", [event("a1", date="2024-05-03", place="city-x", perp="grp", killed=qty(9), start=0),
                event("a1", date="2024-05-03", place="city-x", start=200),
                event("a1", date="2024-05-20", place="city-x", perp="grp", killed=qty(9), start=400)]),
    )
    res = resolve_corpus(arts, reads, kb=FakeKB())
    assert sorted(len(e["mentions"]) for e in res.events) == [1, 2]


def test_founding_year_after_the_articles_events_is_an_anachronism_and_profile_holds_all():
    claims = {
        "a1": [{"kind": "founded", "org": "grp-east", "org_text": "فرع الشرق", "value": "2014", "text": "تأسس عام 2014",
                "start": 0, "end": 10}],
        "a2": [{"kind": "founded", "org": "grp-east", "org_text": "فرع الشرق", "value": "2025", "text": "ظهر أوائل 2025",
                "start": 0, "end": 10},
               {"kind": "designation", "org": "grp-east", "org_text": "فرع الشرق", "date": "2016-01-14",
                "by": "وزارة الخارجية", "designation_kind": "foreign_terrorist_organization", "text": "صنفت", "start": 0, "end": 5}],
    }
    arts, reads = corpus(
        ("a1", [event("a1", date="2024-03", place="city-x", perp="grp-east")]),
        ("a2", [event("a2", date="2021-08", place="city-y", perp="grp-east")]),
        claims=claims,
    )
    res = resolve_corpus(arts, reads, kb=FakeKB())
    ana = [d for d in res.discrepancies if d["kind"] == "anachronism"]
    assert len(ana) == 1 and ana[0]["field"] == "founded"
    profile = next(p for p in res.profiles if p["kb_id"] == "grp-east")
    assert [f["value"] for f in profile["founded"]] == ["2014", "2025"]
    assert profile["designations"][0]["date"] == "2016-01-14"
    assert profile["designations"][0]["kind"] == "foreign_terrorist_organization"
    assert len(profile["events"]) == 2
    parent = next(p for p in res.profiles if p["kb_id"] == "grp") if any(p["kb_id"] == "grp" for p in res.profiles) else None
    assert parent is None


def test_output_is_byte_identical_and_independent_of_input_order():
    items = [("a1", [event("a1", date="2024-05-03", place="city-x", perp="grp", killed=qty(20, "at_least"))]),
             ("a2", [event("a2", date="2024-05-03", place="hall-x", perp="grp-east", killed=qty(41))]),
             ("a3", [event("a3", date="2024-06-01", place="city-y", killed=qty(2))])]
    first = resolve_corpus(*corpus(*items), kb=FakeKB()).to_dict()
    second = resolve_corpus(*corpus(*reversed(items)), kb=FakeKB()).to_dict()
    assert json.dumps(first, ensure_ascii=False, sort_keys=True) == json.dumps(second, ensure_ascii=False, sort_keys=True)


def test_reading_event_without_exactly_one_mention_is_refused():
    ev = event("a1", date="2024-05-03")
    ev["mentions"] = []
    with pytest.raises(Exception, match="exactly one mention"):
        resolve_corpus(*corpus(("a1", [ev])), kb=FakeKB())


def test_lazy_entities_are_built_when_taken_and_equal_the_list():
    arts, reads = corpus(("a1", [event("a1", date="2024-05-03", place="city-x", perp="grp")]),
                         ("a2", [event("a2", date="2024-05-03", place="city-x")]))
    reads[0]["entities"] = [{"text": "جماعة النصر", "start": 0, "end": 11, "type": "ORG", "kb_id": "grp"}]
    reads[1]["entities"] = [{"text": "مدينة س", "start": 4, "end": 11, "type": "LOC", "kb_id": "city-x"}]
    listed = resolve_corpus(arts, reads, kb=FakeKB())
    lazy = resolve_corpus(arts, reads, kb=FakeKB(), lazy_entities=True)
    assert not isinstance(lazy.entities, list) and isinstance(listed.entities, list)
    assert list(lazy.entities) == listed.entities and len(listed.entities) == 2
    assert lazy.events == listed.events and lazy.profiles == listed.profiles


def test_a_spelling_variant_of_a_kb_place_given_another_country_links():
    # «كلية في مدينة كيرتش» (KB: country AA) and «كلية بمدينة كيرش» (not in the KB, given BB by its context)
    kb = FakeKB()
    kb.entries["city-z"] = FakeEntry("city-z", "GPE", "كيرتش", parent="ctry-a", country="AA", level="city")
    PLACES["city-z"] = ("كيرتش", "city")
    try:
        linked = event("a", date="2025-06-09", place="city-z", killed=qty(19))
        variant = event("b", date="2025-06-09", place="كيرش", killed=qty(19))
        variant["location"]["country"] = "BB"
        assert articles_by_event(resolve_corpus(*corpus(("a", [linked]), ("b", [variant])), kb)) == [["a", "b"]]
        other = event("b", date="2025-06-09", place="طرابلس", killed=qty(19))
        other["location"]["country"] = "BB"
        assert articles_by_event(resolve_corpus(*corpus(("a", [linked]), ("b", [other])), kb)) == [["a"], ["b"]]
    finally:
        del PLACES["city-z"]
