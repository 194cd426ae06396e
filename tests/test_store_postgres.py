"""What only the PostgreSQL store has, against a real throwaway server (see ``conftest.py``).

Migrations and their lock (0002 over an existing database), connection errors, concurrent writers,
the ``tsquery`` a search builds, readings paged by id on the index in code point order.
The behaviour shared with SQLite is tested on both engines in ``test_store_sql.py``.
"""
from __future__ import annotations

import shutil

import pytest

from rasid.doc import ArticleMeta, Document
from rasid.errors import StoreError
from rasid.store import EventFilters, open_store
from rasid.store.base import EntityFilters
from rasid.store.records import event_index, to_json


def make_doc(text: str, title: str | None = None, **meta: str) -> Document:
    doc = Document.from_text(text, ArticleMeta(title=title, source=meta.pop("source", "t.txt"), **meta))
    doc.meta.genre = "news"
    return doc


def test_search_statement_binds_every_key_and_ands_the_words():
    pytest.importorskip("psycopg")
    from rasid.store.postgres import PostgresStore

    sql, params = PostgresStore._search_statement(PostgresStore.__new__(PostgresStore),
                                                  [["بكابل", "كابل"], ["قذائف"]])
    assert params == ("بكابل", "كابل", "قذائف")
    assert sql.count("plainto_tsquery('simple', ?)") == 3 and sql.count("||") == 1 and sql.count("&&") == 1
    assert "بكابل" not in sql                   # keys are parameters, never SQL or tsquery text


@pytest.mark.postgres
def test_migrations_tracked_and_applied_once(pg_url):
    import psycopg

    from rasid.store.migrate import available_migrations
    from rasid.store.postgres import migrations_pg_dir

    names = [m.name for m in available_migrations(migrations_pg_dir())]
    assert names[:2] == ["0001_initial.sql", "0002_query_columns.sql"]
    first = open_store(pg_url)
    assert first.applied_migrations == names
    first.close()
    again = open_store(pg_url)
    assert again.applied_migrations == []
    again.close()
    with psycopg.connect(pg_url) as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM migrations ORDER BY name")] == names


@pytest.mark.postgres
def test_failed_migration_leaves_database_unchanged(pg_url, tmp_path):
    import psycopg

    from rasid.store.postgres import _connect, apply_postgres_migrations

    folder = tmp_path / "migrations"
    folder.mkdir()
    (folder / "0001_bad.sql").write_text("CREATE TABLE ok (x INTEGER);\nCREATE TABLE broken (;\n")
    conn = _connect(pg_url)
    with pytest.raises(StoreError, match="0001_bad.sql"):
        apply_postgres_migrations(conn, folder)
    conn.close()
    with psycopg.connect(pg_url) as check:
        assert check.execute("SELECT to_regclass('ok')").fetchone()[0] is None


@pytest.mark.postgres
def test_unreachable_server_is_a_store_error_without_password(tmp_path):
    url = f"postgresql://user:secret@/none?host={tmp_path}&port=1"
    with pytest.raises(StoreError, match="cannot connect to PostgreSQL") as info:
        open_store(url)
    assert "secret" not in str(info.value)


@pytest.mark.postgres
def test_two_connections_store_the_same_content_once(pg_url):
    a, b = open_store(pg_url), open_store(pg_url)
    try:
        first = a.add_article(make_doc("سقط صاروخ على مخزن للوقود قرب الميناء."))
        second = b.add_article(make_doc("سقط صاروخ على مخزن للوقود قرب الميناء."))
        assert first.created and not second.created and first.article_id == second.article_id
        assert b.stats().articles == 1
    finally:
        a.close()
        b.close()


@pytest.mark.postgres
def test_insert_that_loses_the_race_returns_the_stored_article(pg_url, monkeypatch):
    """The content lookup ran before the other writer committed: the insert does nothing, its row is reported."""
    from rasid.store.sql import SQL_ARTICLE_BY_HASH

    a, b = open_store(pg_url), open_store(pg_url)
    try:
        first = a.add_article(make_doc("سقط صاروخ على مخزن للوقود قرب الميناء."))
        real_execute, hidden = b._execute, []

        def lookup_too_early(conn, sql, params=()):
            if sql == SQL_ARTICLE_BY_HASH and not hidden:
                hidden.append(sql)
                return conn.execute("SELECT 1 WHERE false")
            return real_execute(conn, sql, params)
        monkeypatch.setattr(b, "_execute", lookup_too_early)
        second = b.add_article(make_doc("سقط صاروخ على مخزن للوقود قرب الميناء."))
        assert hidden and not second.created and second.article_id == first.article_id
        assert b.stats().articles == 1
    finally:
        a.close()
        b.close()


# A resolution as a store of migration 0001 saved it: no location entity, name keys or event articles.
OLD_EVENT = {"id": "ev-1", "type": "attack", "location": {"name": "الرقة", "entity": "ent-p"},
             "actors": [{"entity": "ent-a", "name": "تنظيم الراية", "role": "perpetrator"}],
             "mentions": [{"article": "art-x", "sentence": "هجوم في الرقة"},
                          {"article": "art-y", "sentence": "هجوم على الرقة"}, {"sentence": "بلا مصدر"}]}
OLD_BARE_EVENT = {"id": "ev-2", "type": "arrest", "location": None, "actors": [], "mentions": None}
OLD_ENTITIES = [{"id": "ent-a", "kb_id": "kb:group", "type": "ORG", "name_ar": "تنظيم الراية"},
                {"id": "ent-p", "type": "LOC", "name_ar": "الرقة"}]


def save_resolution_of_migration_0001(conn) -> None:
    for position, event in enumerate((OLD_EVENT, OLD_BARE_EVENT)):
        ix = event_index(event, {"ent-a": "kb:group"})
        conn.execute("INSERT INTO events (id, position, type, subtype, date_earliest, date_latest, country, "
                     "search_text, json) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                     (ix.id, position, ix.type, ix.subtype, ix.date_earliest, ix.date_latest, ix.country,
                      ix.search_text, to_json(event)))
        for kb in ix.actor_kb_ids:
            conn.execute("INSERT INTO event_actors (event_id, kb_id) VALUES (%s, %s)", (ix.id, kb))
    for position, entity in enumerate(OLD_ENTITIES):
        conn.execute("INSERT INTO entities (id, position, kb_id, type, json) VALUES (%s, %s, %s, %s, %s)",
                     (entity["id"], position, entity.get("kb_id"), entity["type"], to_json(entity)))
    conn.execute("INSERT INTO store_meta (key, value) VALUES ('resolution_fingerprint', 'f-old')")


@pytest.mark.postgres
def test_migration_0002_backfills_a_database_of_0001(pg_url, tmp_path):
    from rasid.store.postgres import _connect, apply_postgres_migrations, migrations_pg_dir

    only_first = tmp_path / "migrations_pg"
    only_first.mkdir()
    shutil.copy(migrations_pg_dir() / "0001_initial.sql", only_first / "0001_initial.sql")
    conn = _connect(pg_url)
    assert apply_postgres_migrations(conn, only_first) == ["0001_initial.sql"]
    save_resolution_of_migration_0001(conn)
    conn.close()
    store = open_store(pg_url)
    try:
        assert store.applied_migrations == ["0002_query_columns.sql"]
        assert store.resolution_fingerprint() is None                  # the next run re-saves it
        assert [e["id"] for e in store.events_of_article("art-y")] == ["ev-1"]
        assert [e["id"] for e in store.events_of_entity("ent-p")] == ["ev-1"]     # location_entity
        assert [e["id"] for e in store.events_of_entity("kb:group")] == ["ev-1"]
        rows = store._read("SELECT event_id, article_id FROM event_articles ORDER BY article_id")
        assert [(r["event_id"], r["article_id"]) for r in rows] == [("ev-1", "art-x"), ("ev-1", "art-y")]
        assert [e["id"] for e in store.select_events(EventFilters(actor_name="الرايه"))] == ["ev-1"]
        assert [e["id"] for e in store.select_entities(EntityFilters(name="تنظيم"))] == ["ent-a"]   # raw JSON
        assert store.count_events(EventFilters(actor_name="بغداد")) == 0 and store.count_events() == 2
    finally:
        store.close()


@pytest.mark.postgres
def test_reading_pages_read_the_id_index_without_sorting(pg_empty_url):
    """The keyset page query can be an index range over ``articles_read_id`` (COLLATE "C"): no Sort node.

    (On an empty table the planner would rather sort nothing: other plans are switched off.)
    """
    from rasid.store.sql import SQL_READINGS_AFTER_ID

    with open_store(pg_empty_url) as store:
        sql = store.dialect.sql(SQL_READINGS_AFTER_ID.format(collation=store.dialect.byte_order))
        with store._conn.transaction():
            store._conn.execute("SET LOCAL enable_seqscan = off")
            store._conn.execute("SET LOCAL enable_bitmapscan = off")
            plan = "\n".join(r["QUERY PLAN"] for r in store._conn.execute("EXPLAIN " + sql, ("art-0", 500)))
    assert "Index Scan using articles_read_id" in plan and "Sort" not in plan


@pytest.mark.postgres
def test_readings_come_in_code_point_order_whatever_the_database_collation(pg_server):
    """Under a language collation 'a' < 'B'; SQLite and the fingerprint order by code point: 'B' < 'a'."""
    import uuid

    import psycopg

    name = "rasid_icu_" + uuid.uuid4().hex[:8]
    with psycopg.connect(pg_server.url(), autocommit=True) as admin:
        try:
            admin.execute(f"CREATE DATABASE {name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en'")
        except psycopg.Error as exc:
            pytest.skip(f"this PostgreSQL has no ICU collation to test with ({exc})")
    try:
        with open_store(pg_server.url(name)) as store:
            wanted = ["art-b", "art-Z", "art-a", "art-B"]
            for n, new_id in enumerate(wanted):
                stored = store.add_article(make_doc(f"خبر رقم {n} عن قصف"), {"events": [], "entities": []})
                store._conn.execute("UPDATE articles SET id = %s, reading = %s WHERE id = %s",
                                    (new_id, to_json({"id": new_id, "events": [], "entities": []}),
                                     stored.article_id))
            language_order = [r["id"] for r in store._read("SELECT id FROM articles ORDER BY id")]
            assert language_order == ["art-a", "art-b", "art-B", "art-Z"]
            assert [r["id"] for r in store.iter_reading_parts(page=1)] == sorted(wanted)
            assert [r["id"] for r in store.iter_reading_parts(page=3)] == sorted(wanted)
            store.readings_fingerprint()                  # raises StoreError when ids come out of order
    finally:
        with psycopg.connect(pg_server.url(), autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
