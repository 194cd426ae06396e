"""Queries of the web process: the store's indexed SQL answers exactly what the Store defaults answer,
actor filters by kb id, entity id or name, details by id or kb id, and databases made before the
query migration."""
from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from conftest_web import SeededDb, build_db
from rasid.api import queries
from rasid.store import EventFilters, Store, open_store
from rasid.store.base import EntityFilters, holds_name, name_key
from rasid.store.migrate import apply_sqlite_migrations, available_migrations, migrations_dir


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> SeededDb:
    return build_db(str(tmp_path_factory.mktemp("queries") / "seed.db"))


@pytest.fixture()
def store(seeded: SeededDb):
    with open_store(seeded.path, create=False) as opened:
        yield opened


def ids(items: list[dict]) -> list[str]:
    return [str(item.get("id") or item.get("entity") or item.get("subject")) for item in items]


EVENT_FILTERS = [
    EventFilters(), EventFilters(type="attack"), EventFilters(country="JO"), EventFilters(since="2025-04-01"),
    EventFilters(until="2025-03-31"), EventFilters(actor="org:test-black-wind"), EventFilters(actor="ent-group0000001"),
    EventFilters(actor_name="الريح الاسود"), EventFilters(actor_name="الرِّيح"), EventFilters(actor_name="جماعة أخرى"),
    EventFilters(actor_name="الريح", type="arrest"), EventFilters(text="الرمادي"), EventFilters(actor_name="   "),
]


@pytest.mark.parametrize("filters", EVENT_FILTERS)
@pytest.mark.parametrize("limit, offset", [(None, 0), (1, 0), (1, 1), (5, 2)])
def test_sql_event_queries_equal_the_store_defaults(store, filters, limit, offset):
    assert ids(store.select_events(filters, limit, offset)) == ids(Store.select_events(store, filters, limit, offset))
    assert store.count_events(filters) == Store.count_events(store, filters)


@pytest.mark.parametrize("filters", [EntityFilters(), EntityFilters(type="ORG"), EntityFilters(type="PER"),
                                     EntityFilters(name="black WIND"), EntityFilters(name="الريح الأسود"),
                                     EntityFilters(name="غير موجود")])
def test_sql_entity_queries_equal_the_store_defaults(store, filters):
    assert ids(store.select_entities(filters)) == ids(Store.select_entities(store, filters))
    assert store.count_entities(filters) == Store.count_entities(store, filters)


def test_sql_lookups_equal_the_store_defaults(store, seeded):
    for article in (seeded.article_a, seeded.article_b, seeded.article_c, "art-none"):
        assert ids(store.events_of_article(article)) == ids(Store.events_of_article(store, article))
    for entity in (seeded.group_entity, "ent-ramadi000001", "ent-none"):
        assert ids(store.events_of_entity(entity)) == ids(Store.events_of_entity(store, entity))
    for key in (seeded.group_entity, seeded.group_kb, "org:none"):
        assert store.entity(key) == Store.entity(store, key)
        assert store.profile(key) == Store.profile(store, key)
    for kind in (None, "evolving", "conflict"):
        assert store.select_discrepancies(kind) == Store.select_discrepancies(store, kind)
        assert store.count_discrepancies(kind) == Store.count_discrepancies(store, kind)
    assert store.discrepancies_of(seeded.merged_event) == Store.discrepancies_of(store, seeded.merged_event)
    assert store.count_profiles() == Store.count_profiles(store) == 1
    assert store.count_articles() == Store.count_articles(store) == 3
    wanted = [seeded.article_b, "art-none", seeded.article_a]
    assert store.article_summaries(wanted) == Store.article_summaries(store, wanted)


@pytest.mark.parametrize("actor, expected_filter", [
    ("org:test-black-wind", EventFilters(actor="org:test-black-wind")),
    ("ent-group0000001", EventFilters(actor="ent-group0000001")),
    (" الريح الاسود ", EventFilters(actor_name="الريح الاسود")),
    ("gpe:x y", EventFilters(actor_name="gpe:x y")),          # a space: not an id, a name
])
def test_actor_is_a_kb_id_an_entity_id_or_a_name(actor, expected_filter):
    assert queries.store_filters(queries.EventQuery(actor=actor)) == expected_filter


def test_event_page_total_counts_beyond_the_page(store):
    page = queries.list_events(store, queries.EventQuery(date_from=date(2025, 1, 1), limit=1))
    assert len(page.items) == 1 and page.total == 2 and page.has_next
    assert queries.list_events(store, queries.EventQuery(limit=1), total=False).total == -1


def test_details_use_the_store_lookups(store, seeded):
    detail = queries.event_detail(store, seeded.arrest_event)
    assert [m["article_info"]["outlet"] for m in detail["mentions"]][0].startswith("<b>منفذ</b>")
    assert queries.article_detail(store, seeded.article_b)["events"][0]["id"] == seeded.merged_event
    assert queries.profile_detail(store, seeded.group_kb)["entity_record"]["id"] == seeded.group_entity
    assert queries.entity_detail(store, seeded.group_kb)["events"] == [seeded.merged_event, seeded.arrest_event]


@pytest.mark.parametrize("keys, wanted, expected", [
    (["جماعة الريح الاسود"], "الريح الأسود", True),
    (["black wind group (test)"], "Black  Wind", True),
    (["الريح الاسود"], "جماعة", False),
    ([], "", True),
    ([], "x", False),
])
def test_holds_name(keys, wanted, expected):
    assert holds_name(keys, wanted) is expected


def test_name_key_folds_letter_variants_and_spaces():
    assert name_key("  الرِّيح   الأسود ") == name_key("الريح الاسود")


def test_database_made_before_the_query_migration(tmp_path, seeded):
    """Opening an older database backfills the article and place links and keeps name filters usable."""
    old = tmp_path / "old.db"
    conn = sqlite3.connect(old, isolation_level=None)
    first = [m for m in available_migrations(migrations_dir()) if m.name.startswith("0001_")]
    folder = tmp_path / "first"
    folder.mkdir()
    (folder / first[0].name).write_text(first[0].sql, encoding="utf-8")
    apply_sqlite_migrations(conn, folder)
    conn.close()
    with open_store(str(old)) as store:                       # migrated to 0002 with an empty resolution
        source = open_store(seeded.path, create=False)
        store.save_resolution({"events": source.events(), "entities": source.entities(),
                               "profiles": source.profiles(), "discrepancies": source.discrepancies()})
        source.close()
    conn = sqlite3.connect(old, isolation_level=None)
    conn.execute("DELETE FROM event_articles")
    conn.execute("UPDATE events SET location_entity = NULL, actor_names = NULL")
    conn.execute("UPDATE entities SET names = NULL")
    conn.execute("DELETE FROM migrations WHERE name LIKE '0002_%'")
    for statement in ("DROP INDEX events_position", "DROP INDEX entities_position", "DROP INDEX entities_type",
                      "DROP INDEX profiles_position", "DROP INDEX discrepancies_kind",
                      "DROP INDEX events_location_entity", "DROP INDEX event_articles_article",
                      "DROP TABLE event_articles", "ALTER TABLE events DROP COLUMN location_entity",
                      "ALTER TABLE events DROP COLUMN actor_names", "ALTER TABLE entities DROP COLUMN names"):
        conn.execute(statement)
    conn.close()
    with open_store(str(old)) as store:                       # the 0002 migration runs again, on old rows
        assert ids(store.events_of_article(seeded.article_a)) == [seeded.merged_event]
        assert ids(store.events_of_entity("ent-ramadi000001")) == [seeded.merged_event]
        assert ids(store.select_events(EventFilters(actor_name="الريح الاسود"))) == [seeded.merged_event,
                                                                                   seeded.arrest_event]
        assert store.count_entities(EntityFilters(name="black wind")) == 1
