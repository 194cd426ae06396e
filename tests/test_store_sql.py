"""The shared SQL store, run against every engine: SQLite always, PostgreSQL with a server.

Each behavioural test here runs on both backends (the ``postgres`` half starts a throwaway server,
see ``conftest.py``, and is skipped with the reason when PostgreSQL is not installed). What only
one engine has is tested in ``test_store_sqlite.py`` / ``test_store_postgres.py``.
"""
from __future__ import annotations

import json

import pytest

from rasid.doc import ArticleMeta, Document, Removal
from rasid.errors import StoreError
from rasid.store import EXPORT_SCHEMA, EventFilters, Store, open_store
from rasid.store import fts as fts_module
from rasid.store.base import EntityFilters
from rasid.store.sql import Dialect


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    url = str(tmp_path / "rasid.db") if request.param == "sqlite" else request.getfixturevalue("pg_empty_url")
    s = open_store(url)
    yield s
    s.close()


def make_doc(text: str, title: str | None = None, **meta: str) -> Document:
    doc = Document.from_text(text, ArticleMeta(title=title, source=meta.pop("source", "t.txt"), **meta))
    doc.meta.genre = "news"
    return doc


class SimulatedFailure(Exception):
    pass


def driver_error(store) -> Exception:
    """An error of the store's database driver (what a full disk or a lost connection raises)."""
    return store.dialect.errors[0]("disk I/O error (simulated)")


# -- the dialect ----------------------------------------------------------------------------------
def test_dialect_rewrites_marks_and_keeps_percent_literal():
    question, pyformat = Dialect("a", (ValueError,)), Dialect("b", (ValueError,), placeholder="%s", no_limit=None)
    sql = "SELECT x FROM t WHERE a = ? AND b LIKE '5%' LIMIT ?"
    assert question.sql(sql) == sql
    assert pyformat.sql(sql) == "SELECT x FROM t WHERE a = %s AND b LIKE '5%%' LIMIT %s"
    assert question.limit(None) == -1 and pyformat.limit(None) is None and pyformat.limit(3) == 3


# -- articles -------------------------------------------------------------------------------------
def test_same_content_stored_once(store):
    first = store.add_article(make_doc("قتل ثلاثة جنود في هجوم على حاجز.", "هجوم"))
    second = store.add_article(make_doc("قتل  ثلاثة جنود في هجوم على حاجز.", "عنوان آخر", source="b.txt"))
    assert first.created and not second.created
    assert first.article_id == second.article_id and first.article_id.startswith("art-")
    assert store.stats().articles == 1


def test_failure_in_the_middle_of_add_article_leaves_nothing(store, monkeypatch):
    calls = []

    def index_then_fail(text: str) -> str:
        calls.append(text)
        if len(calls) == 2:           # the title was indexed, the body fails
            raise SimulatedFailure("disk full (simulated)")
        return text
    monkeypatch.setattr(fts_module, "index_terms", index_then_fail)
    with pytest.raises(SimulatedFailure):
        store.add_article(make_doc("انفجار سيارة مفخخة في سوق شعبي.", "انفجار"))
    monkeypatch.undo()
    assert store.stats().articles == 0 and store.articles() == []
    assert store.add_article(make_doc("انفجار سيارة مفخخة في سوق شعبي.", "انفجار")).created


def test_driver_error_in_add_article_is_a_store_error_and_leaves_nothing(store, monkeypatch):
    def broken_index(text: str) -> str:
        raise driver_error(store)
    monkeypatch.setattr(fts_module, "index_terms", broken_index)
    with pytest.raises(StoreError, match="nothing was written"):
        store.add_article(make_doc("انفجار سيارة مفخخة في سوق شعبي."))
    monkeypatch.undo()
    assert store.stats().articles == 0 and store.articles() == []
    assert store.add_article(make_doc("انفجار سيارة مفخخة في سوق شعبي.")).created


def test_article_round_trip_and_contract_fields(store):
    doc = make_doc("نص المقال بعد التنظيف", "العنوان", outlet="وكالة", published="2024-03-02",
                   published_basis="meta", external_id="row-7")
    doc.raw = "شارك: فيسبوك\nنص المقال بعد التنظيف"
    doc.removed = [Removal(0, 13, "share_links")]
    added = store.add_article(doc, {"id": "x", "events": [], "entities": []})
    (article,) = store.articles()
    assert list(article) == ["id", "external_id", "source", "outlet", "published", "published_basis",
                             "title", "genre", "text", "removed"]
    assert article["removed"] == [{"start": 0, "end": 13, "kind": "share_links"}]
    assert article["external_id"] == "row-7" and article["text"] == "نص المقال بعد التنظيف"
    stored = store.article(added.article_id)
    assert stored.raw.startswith("شارك") and stored.meta["outlet"] == "وكالة"
    assert stored.reading == {"id": added.article_id, "events": [], "entities": []}
    assert store.article("art-0000000000000000") is None and store.has_article(added.article_id)
    assert not store.has_article("art-0000000000000000")


def test_articles_paging_in_ingest_order(store):
    ids = [store.add_article(make_doc(f"خبر رقم {n} عن اشتباك")).article_id for n in range(3)]
    assert [a["id"] for a in store.articles()] == ids
    assert [a["id"] for a in store.articles(limit=1, offset=1)] == ids[1:2]
    assert [a["id"] for a in store.articles(offset=2)] == ids[2:]


def test_readings_unread_and_fingerprint(store):
    a = store.add_article(make_doc("خبر أول عن اشتباك مسلح")).article_id
    b = store.add_article(make_doc("خبر ثان عن عملية اعتقال")).article_id
    assert [x.id for x in store.unread_articles()] == [a, b]
    empty = store.readings_fingerprint()
    store.set_reading(a, {"id": "caller-id", "events": [], "entities": []})
    assert [x.id for x in store.unread_articles()] == [b]
    assert list(store.iter_readings()) == [{"id": a, "events": [], "entities": []}]
    assert store.readings_fingerprint() != empty
    with pytest.raises(StoreError, match="ingest it"):
        store.set_reading("art-0000000000000000", {"events": []})


def test_readings_fingerprint_is_the_hash_of_the_sorted_rows(store):
    """Streamed in id order, the fingerprint equals hashing every (id, reading JSON) row sorted."""
    from rasid.store.records import readings_fingerprint

    ids = [store.add_article(make_doc(f"خبر رقم {n} عن قصف"), {"events": [], "entities": [], "n": n}).article_id
           for n in range(5)]
    rows = store._read("SELECT id, reading FROM articles WHERE reading IS NOT NULL")
    assert len(rows) == len(ids)
    assert store.readings_fingerprint() == readings_fingerprint((r["id"], r["reading"]) for r in rows)


def test_save_resolution_takes_entities_from_a_generator(store):
    parts = resolution()
    listed = parts["entities"]
    taken: list[str] = []

    def lazily():
        for entity in listed:
            taken.append(entity["id"])
            yield entity

    store.save_resolution({**parts, "entities": lazily()})
    assert taken == ["ent-a", "ent-p"] and [e["id"] for e in store.entities()] == taken
    assert [e["id"] for e in store.events(EventFilters(actor="kb:group"))] == ["ev-1"]


def test_reading_parts_come_in_article_id_order(store):
    ids = [store.add_article(make_doc(f"خبر رقم {n} عن قصف"), {"events": [], "entities": []}).article_id
           for n in range(4)]
    assert [r["id"] for r in store.iter_reading_parts()] == sorted(ids)


@pytest.mark.parametrize("page", [1, 2, 5, 500])
def test_reading_parts_are_paged_by_id(store, page):
    """Keyset pages (``id > last``): every read article once, unread ones never, whatever the page size."""
    ids = [store.add_article(make_doc(f"خبر رقم {n} عن قصف"), {"events": [], "entities": [], "n": n}).article_id
           for n in range(5)]
    store.add_article(make_doc("خبر لم يقرأ بعد"))
    parts = list(store.iter_reading_parts(page=page))
    assert [r["id"] for r in parts] == sorted(ids)


def test_reading_parts_let_the_consumer_write_between_pages(store):
    """No query stays open between pages: storing while the parts are consumed neither fails nor repeats."""
    ids = [store.add_article(make_doc(f"خبر رقم {n} عن قصف"), {"events": [], "entities": []}).article_id
           for n in range(4)]
    seen = []
    for part in store.iter_reading_parts(page=1):
        seen.append(part["id"])
        store.record_failure(f"f{len(seen)}.txt", "written while the readings are paged")
    assert seen == sorted(ids) and store.stats().failures == 4


# -- search ---------------------------------------------------------------------------------------
SEARCH_CASES = [
    ("دمشق", "وقع انفجار في دِمَشق صباح اليوم", True),       # diacritics
    ("دمشق", "وصل الوفد لدمشق مساء", True),                   # preposition clitic
    ("دمشق", "واشتباكات وبدمشق ايضا", True),                  # conjunction + preposition
    ("الموصل", "معارك عنيفة بالموصل", True),                  # article kept under the preposition
    ("إدلب", "قصف على ادلب", True),                            # hamza variant in the query
    ("مدينة", "دخلت القوات المدينه", True),                    # taa marbuta / haa, with the article
    ("٣", "قتل 3 اشخاص", True),                                # Arabic-Indic digit in the query
    ("ISIS", "بيان منسوب إلى isis", True),                     # Latin case folded
    ("بدمشق", "وقع انفجار في دمشق صباح اليوم", True),          # proclitic in the query, bare in the text
    ("لدمشق", "واشتباكات وبدمشق ايضا", True),                 # different proclitics on both sides
    ("والجيش", "بيان للجيش", True),                           # article and conjunction in the query
    ("بدمشق", "زيارة إلى بغداد", False),
    ("دمشق", "زيارة إلى بغداد", False),
    ("دمشق حلب", "وصل الوفد لدمشق مساء", False),                # every word must occur
]


@pytest.mark.parametrize("query,text,found", SEARCH_CASES)
def test_search_ignores_clitics_diacritics_and_variants(store, query, text, found):
    store.add_article(make_doc(text, "عنوان"))
    hits = store.search(query)
    assert bool(hits) is found
    if found:
        assert hits[0].title == "عنوان" and hits[0].snippet


def test_query_proclitic_is_stripped_on_every_engine(store):
    store.add_article(make_doc("سقطت قذائف على كابل ليلا", "قصف"))
    (hit,) = store.search("بكابل")
    assert hit.title == "قصف" and "كابل" in hit.snippet
    assert [h.title for h in store.search("وبكابل قذائف")] == ["قصف"]


def test_search_in_title_and_query_syntax_is_not_syntax(store):
    store.add_article(make_doc("نص لا يذكر المكان", "هجوم في كابل"))
    assert [h.title for h in store.search("بكابل")] == ["هجوم في كابل"]     # the query's proclitic is stripped
    assert [h.title for h in store.search("كابل")] == ["هجوم في كابل"]
    assert store.search("كابول") == []
    assert store.search('"كابل" OR NEAR(') == []          # the words "OR" and "NEAR" are not in the text
    assert [h.title for h in store.search("كابل & !هجوم | :*")] == ["هجوم في كابل"]   # tsquery operators
    assert store.search("...") == []


def test_search_finds_every_matching_article_within_limit(store):
    for place in ("الرمادي", "الفلوجة", "هيت"):
        store.add_article(make_doc(f"اشتباكات في {place} بين القوات والمسلحين", place))
    assert sorted(h.title for h in store.search("والمسلحين")) == ["الرمادي", "الفلوجة", "هيت"]
    assert len(store.search("المسلحين", limit=2)) == 2


# -- resolution -----------------------------------------------------------------------------------
def resolution(event_ids=("ev-1", "ev-2")):
    events = [
        {"id": event_ids[0], "type": "attack", "date": {"value": "2024-03", "granularity": "month",
         "earliest": "2024-03-01", "latest": "2024-03-31"},
         "location": {"name": "الرقة", "country": "SY", "entity": "ent-p"},
         "actors": [{"entity": "ent-a", "name": "تنظيم الراية", "role": "perpetrator"}],
         "mentions": [{"article": "art-x", "sentence": "هجوم في الرقة"}], "discrepancies": []},
        {"id": event_ids[1], "type": "arrest", "date": {"value": "2023-01-05", "granularity": "day",
         "earliest": "2023-01-05", "latest": "2023-01-05"},
         "location": {"name": "بغداد", "country": "IQ"}, "actors": [],
         "mentions": [{"article": "art-y", "sentence": "اعتقال في بغداد"}], "discrepancies": []},
    ]
    entities = [{"id": "ent-a", "kb_id": "kb:group", "type": "ORG", "name_ar": "تنظيم الراية"},
                {"id": "ent-p", "type": "LOC", "name_ar": "الرقة"}]
    discrepancies = [{"subject": event_ids[0], "field": "killed", "kind": "conflict", "values": [], "note": ""}]
    return {"events": events, "entities": entities, "profiles": [{"entity": "ent-a", "events": [event_ids[0]]}],
            "discrepancies": discrepancies}


FILTER_CASES = [
    (EventFilters(), ["ev-1", "ev-2"]),
    (EventFilters(type="attack"), ["ev-1"]),
    (EventFilters(country="IQ"), ["ev-2"]),
    (EventFilters(since="2024-03-15"), ["ev-1"]),
    (EventFilters(until="2023-12-31"), ["ev-2"]),
    (EventFilters(since="2024-04-01"), []),
    (EventFilters(actor="kb:group"), ["ev-1"]),
    (EventFilters(type="attack", country="IQ"), []),
    (EventFilters(text="بالرقة"), []),
    (EventFilters(text="الرقه"), ["ev-1"]),
]


@pytest.mark.parametrize("filters,expected", FILTER_CASES)
def test_event_filters(store, filters, expected):
    store.save_resolution(resolution())
    assert [e["id"] for e in store.events(filters)] == expected


def test_events_paging_and_lookup(store):
    store.save_resolution(resolution())
    assert [e["id"] for e in store.events(limit=1)] == ["ev-1"]
    assert [e["id"] for e in store.events(limit=1, offset=1)] == ["ev-2"]
    assert store.event("ev-2")["location"]["country"] == "IQ" and store.event("ev-9") is None


def test_web_queries_agree_on_every_engine(store):
    """The page queries (indexed SQL of migration 0002 on every engine) give the same answers."""
    store.save_resolution(resolution())
    named = EventFilters(actor_name="الرايه")
    assert [e["id"] for e in store.select_events(named)] == ["ev-1"] and store.count_events(named) == 1
    assert store.count_events(EventFilters(type="arrest")) == 1 and store.count_events() == 2
    assert [e["id"] for e in store.events_of_article("art-y")] == ["ev-2"]
    assert [e["id"] for e in store.events_of_entity("ent-p")] == ["ev-1"]
    assert store.entity("kb:group")["id"] == "ent-a" and store.entity("ent-p")["name_ar"] == "الرقة"
    assert [e["id"] for e in store.select_entities(EntityFilters(name="رايه"))] == ["ent-a"]
    assert store.count_entities(EntityFilters(type="LOC")) == 1 and store.count_entities() == 2
    assert store.profile("ent-a")["events"] == ["ev-1"] and store.profile("kb:group") is None
    assert [p["entity"] for p in store.select_profiles(limit=1)] == ["ent-a"] and store.count_profiles() == 1
    assert store.count_discrepancies("conflict") == 1 and store.select_discrepancies("gap") == []
    assert [d["subject"] for d in store.discrepancies_of("ev-1")] == ["ev-1"]


def page_resolution() -> dict:
    """Five events, four entities: names, aliases, places, actors by KB id, articles shared by events."""
    def event(n: int, kind: str, place: dict, actors: list, articles: list) -> dict:
        return {"id": f"ev-{n}", "type": kind, "date": {"value": f"2024-0{n}-01"}, "location": place,
                "actors": actors, "mentions": [{"article": a, "sentence": f"جملة {n}"} for a in articles]}
    raqqa, baghdad = {"name": "الرقة", "country": "SY", "entity": "ent-p"}, {"name": "بغداد", "country": "IQ"}
    group = {"entity": "ent-a", "name": "تنظيم الراية", "role": "perpetrator"}
    army = {"entity": "ent-b", "name": "الجيش الوطني", "role": "target"}
    police = {"name": "الشرطة المحلية", "role": "target"}
    events = [event(1, "attack", raqqa, [group], ["art-1", "art-2"]),
              event(2, "arrest", baghdad, [police], ["art-2"]),
              event(3, "attack", baghdad, [group, army], ["art-3", "art-2", "art-3"]),
              event(4, "clash", raqqa, [army], []),
              event(5, "attack", {}, [], ["art-1"])]
    entities = [{"id": "ent-a", "kb_id": "kb:group", "type": "ORG", "name_ar": "تنظيم الراية",
                 "name_en": "Banner Group", "aliases": ["جماعة الراية"]},
                {"id": "ent-b", "kb_id": "kb:army", "type": "ORG", "name_ar": "الجيش الوطني"},
                {"id": "ent-p", "type": "LOC", "name_ar": "الرقة"},
                {"id": "ent-q", "kb_id": "kb:group", "type": "ORG", "name_ar": "الراية"}]
    profiles = [{"entity": e, "events": []} for e in ("ent-a", "ent-b", "ent-p")]
    discrepancies = [{"subject": s, "field": "killed", "kind": k} for s, k in
                     (("ev-1", "conflict"), ("ev-3", "gap"), ("ev-1", "gap"), ("ent-a", "conflict"))]
    return {"events": events, "entities": entities, "profiles": profiles, "discrepancies": discrepancies}


PAGE_EVENT_FILTERS = [
    EventFilters(), EventFilters(type="attack"), EventFilters(country="IQ"), EventFilters(actor="kb:army"),
    EventFilters(actor="ent-a"), EventFilters(actor_name="الرايه"), EventFilters(actor_name="Banner"),
    EventFilters(actor_name="الجيش", type="attack"), EventFilters(actor_name="  الشرطة   المحلية "),
    EventFilters(actor_name="بغداد"), EventFilters(actor_name="..."), EventFilters(text="بغداد", type="attack"),
    EventFilters(since="2024-03-01", until="2024-04-30"), EventFilters(actor_name="الراية", country="SY"),
]


@pytest.mark.parametrize("filters", PAGE_EVENT_FILTERS, ids=str)
def test_event_pages_equal_the_store_defaults(store, filters):
    """Indexed SQL answers exactly as :class:`Store`'s defaults over the whole JSON would."""
    store.save_resolution(page_resolution())
    expected = [e["id"] for e in Store.select_events(store, filters)]
    assert [e["id"] for e in store.select_events(filters)] == expected
    assert store.count_events(filters) == len(expected)
    for limit, offset in ((1, 0), (2, 1), (None, 2), (0, 0), (3, 10)):
        page = [e["id"] for e in store.select_events(filters, limit, offset)]
        assert page == expected[offset:] if limit is None else page == expected[offset:offset + limit]


PAGE_ENTITY_FILTERS = [EntityFilters(), EntityFilters(type="ORG"), EntityFilters(type="LOC"),
                       EntityFilters(name="رايه"), EntityFilters(name="banner"), EntityFilters(name="جماعة"),
                       EntityFilters(type="LOC", name="الرقه"), EntityFilters(name="كابل"), EntityFilters(name=" ")]


@pytest.mark.parametrize("filters", PAGE_ENTITY_FILTERS, ids=str)
def test_entity_pages_equal_the_store_defaults(store, filters):
    store.save_resolution(page_resolution())
    expected = [e["id"] for e in Store.select_entities(store, filters)]
    assert [e["id"] for e in store.select_entities(filters)] == expected
    assert store.count_entities(filters) == len(expected) == Store.count_entities(store, filters)
    assert [e["id"] for e in store.select_entities(filters, 1, 1)] == expected[1:2]


def test_lookups_by_article_entity_and_subject_equal_the_store_defaults(store):
    store.save_resolution(page_resolution())
    for article in ("art-1", "art-2", "art-3", "art-9"):
        assert store.events_of_article(article) == Store.events_of_article(store, article)
    assert [e["id"] for e in store.events_of_article("art-2")] == ["ev-1", "ev-2", "ev-3"]   # resolution order
    for entity_id in ("ent-a", "ent-b", "ent-p", "ent-z"):
        assert store.events_of_entity(entity_id) == Store.events_of_entity(store, entity_id)
    assert [e["id"] for e in store.events_of_entity("ent-p")] == ["ev-1", "ev-4"]           # the place
    assert [e["id"] for e in store.events_of_entity("kb:army")] == ["ev-3", "ev-4"]         # the actor's KB id
    for key in ("ent-a", "ent-q", "kb:group", "kb:army", "ent-z"):
        assert store.entity(key) == Store.entity(store, key)
    assert store.entity("kb:group")["id"] == "ent-a"              # the first entity of the KB id
    for subject in ("ev-1", "ent-a", "ev-9"):
        assert store.discrepancies_of(subject) == Store.discrepancies_of(store, subject)


def test_profile_and_discrepancy_pages_equal_the_store_defaults(store):
    store.save_resolution(page_resolution())
    assert store.profile("ent-b") == Store.profile(store, "ent-b") and store.profile("kb:army") is None
    for limit, offset in ((None, 0), (1, 0), (2, 1), (5, 5)):
        assert store.select_profiles(limit, offset) == Store.select_profiles(store, limit, offset)
        for kind in (None, "gap", "conflict", "missing"):
            assert (store.select_discrepancies(kind, limit, offset)
                    == Store.select_discrepancies(store, kind, limit, offset))
    assert store.count_profiles() == 3 and store.count_discrepancies() == 4
    assert store.count_discrepancies("gap") == 2 and store.count_discrepancies("missing") == 0


def test_a_new_resolution_replaces_the_event_articles_and_name_keys(store):
    store.save_resolution(page_resolution())
    store.save_resolution(resolution())
    assert store.events_of_article("art-2") == [] and [e["id"] for e in store.events_of_article("art-x")] == ["ev-1"]
    assert store.select_events(EventFilters(actor_name="الجيش")) == []
    assert store.select_entities(EntityFilters(name="banner")) == [] and store.count_entities() == 2


def test_name_filters_fall_back_when_a_resolution_has_no_name_keys(store):
    """A resolution saved before migration 0002 has NULL name keys: search text and JSON stand in."""
    event = {"id": "ev-1", "type": "attack", "location": {"name": "الرقة"},
             "actors": [{"entity": "ent-a", "name": "تنظيم الراية", "role": "perpetrator"}], "mentions": []}
    entity = {"id": "ent-a", "type": "ORG", "name_ar": "تنظيم الراية"}
    store.save_resolution({"events": [event], "entities": [entity], "profiles": [], "discrepancies": []})
    store._conn.execute("UPDATE events SET actor_names = NULL")
    store._conn.execute("UPDATE entities SET names = NULL")
    assert [e["id"] for e in store.select_events(EventFilters(actor_name="الرايه"))] == ["ev-1"]
    assert store.count_events(EventFilters(actor_name="بغداد")) == 0
    assert [e["id"] for e in store.select_entities(EntityFilters(name="تنظيم"))] == ["ent-a"]   # raw JSON


def test_article_summaries_bind_ids_in_chunks(store, monkeypatch):
    from rasid.store import sql as sql_module

    monkeypatch.setattr(sql_module, "SQL_MAX_PARAMS", 2)
    ids = [store.add_article(make_doc(f"خبر رقم {n}")).article_id for n in range(5)]
    assert sorted(store.article_summaries(ids + ["art-0000000000000000"])) == sorted(ids)


def test_article_summaries_of_stored_articles_only(store):
    added = store.add_article(make_doc("نص قصير", "عنوان", outlet="وكالة"))
    summaries = store.article_summaries([added.article_id, "art-0000000000000000", added.article_id])
    assert list(summaries) == [added.article_id] and store.count_articles() == 1
    assert summaries[added.article_id] == {"id": added.article_id, "outlet": "وكالة", "title": "عنوان",
                                           "published": None, "url": None, "source": "t.txt"}


def test_save_resolution_replaces_atomically(store):
    store.save_resolution(resolution(), fingerprint="f1")
    bad = resolution(("ev-3", "ev-3"))              # duplicate event ids violate the schema
    with pytest.raises(StoreError, match="previous one was kept"):
        store.save_resolution(bad, fingerprint="f2")
    assert [e["id"] for e in store.events()] == ["ev-1", "ev-2"]
    assert store.resolution_fingerprint() == "f1"
    store.save_resolution({"events": [], "entities": [], "profiles": [], "discrepancies": []}, "f3")
    assert store.stats().events == 0 and store.resolution_fingerprint() == "f3"
    assert store.events_of_article("art-x") == [] and store.events_of_entity("kb:group") == []


def test_export_shape_and_key_order_round_trip(store):
    store.add_article(make_doc("نص", "عنوان"))
    empty = store.export()
    assert empty["schema"] == EXPORT_SCHEMA
    assert [k for k in empty] == ["schema", "articles", "entities", "events", "profiles", "discrepancies"]
    assert empty["events"] == [] and len(empty["articles"]) == 1
    store.save_resolution(resolution())
    full = store.export()
    assert full["events"][0] == resolution()["events"][0]
    assert list(full["events"][0]) == list(resolution()["events"][0])       # key order kept
    assert json.loads(json.dumps(full, ensure_ascii=False)) == full
    assert [p["entity"] for p in store.profiles()] == ["ent-a"] and len(store.discrepancies()) == 1


def test_failures_recorded(store):
    store.record_failure("bad.bin", "binary file: give text, HTML, JSON Lines or CSV")
    (failure,) = store.failures()
    assert failure.source == "bad.bin" and store.stats().failures == 1
    assert store.stats().to_dict() == {"articles": 0, "read": 0, "events": 0, "entities": 0, "profiles": 0,
                                       "discrepancies": 0, "failures": 1}


# -- batches --------------------------------------------------------------------------------------
def test_batch_search_rows_follow_the_articles_that_stayed(store):
    """An article rolled back after its row was written leaves no search row; the next one gets its own."""
    with store.batch():
        store.add_article(make_doc("انفجار أول في الدفعة", "الأول"))
        with pytest.raises(TypeError):
            store.add_article(make_doc("انفجار ثان يرفض في الدفعة", "الثاني"), reading={"bad": object()})
        store.add_article(make_doc("انفجار ثالث في الدفعة", "الثالث"))
    assert store.stats().articles == 2
    assert store.search("يرفض") == []
    assert [h.title for h in store.search("ثالث")] == ["الثالث"]
    assert sorted(h.title for h in store.search("انفجار")) == ["الأول", "الثالث"]


@pytest.mark.parametrize("failure", ["simulated", "driver"])
def test_batch_commits_whole_articles_and_rolls_back_on_error(store, monkeypatch, failure):
    error = driver_error(store) if failure == "driver" else SimulatedFailure("simulated")
    with store.batch():
        store.add_article(make_doc("الخبر الأول في الدفعة"))
        real = fts_module.index_terms
        monkeypatch.setattr(fts_module, "index_terms", lambda text: (_ for _ in ()).throw(error))
        with pytest.raises(StoreError if failure == "driver" else SimulatedFailure):
            store.add_article(make_doc("الخبر الثاني يفشل في منتصفه"))
        monkeypatch.setattr(fts_module, "index_terms", real)
        store.add_article(make_doc("الخبر الثالث في الدفعة"))
    assert store.stats().articles == 2 and len(store.search("الدفعة")) == 2
    with pytest.raises(RuntimeError):
        with store.batch():
            store.add_article(make_doc("خبر رابع لن يبقى"))
            raise RuntimeError("killed")
    assert store.stats().articles == 2 and store.search("رابع") == []
