"""What only the SQLite store has: the file, WAL, migrations (0002 over an existing database), its errors.

The behaviour shared with PostgreSQL is tested on both engines in ``test_store_sql.py``.
"""
from __future__ import annotations

import shutil
import sqlite3

import pytest

from rasid.errors import StoreError
from rasid.store import EventFilters, open_store
from rasid.store.base import EntityFilters
from rasid.store.migrate import apply_sqlite_migrations, available_migrations, migrations_dir
from rasid.store.records import event_index, to_json


def test_open_creates_parent_dir_and_records_migrations(tmp_path):
    path = tmp_path / "a" / "b" / "r.db"
    available = [m.name for m in available_migrations(migrations_dir())]
    with open_store(str(path)) as s:
        assert s.applied_migrations == available
    conn = sqlite3.connect(path)
    names = [r[0] for r in conn.execute("SELECT name FROM migrations")]
    mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    conn.close()
    assert names == available and names[0] == "0001_initial.sql" and mode == "wal"


def test_reopen_applies_only_new_migrations(tmp_path):
    path = str(tmp_path / "r.db")
    open_store(path).close()
    with open_store(path) as s:
        assert s.applied_migrations == []
    extra = tmp_path / "migs"
    extra.mkdir()
    (extra / "0001_first.sql").write_text("CREATE TABLE a (x INTEGER);\n-- trailing comment\n")
    (extra / "0002_second.sql").write_text("CREATE TABLE b (y TEXT);\nINSERT INTO b VALUES ('x;y');\n")
    conn = sqlite3.connect(str(tmp_path / "m.db"), isolation_level=None)
    assert apply_sqlite_migrations(conn, extra) == ["0001_first.sql", "0002_second.sql"]
    (extra / "0003_third.sql").write_text("CREATE TABLE c (z TEXT);")
    assert apply_sqlite_migrations(conn, extra) == ["0003_third.sql"]
    assert conn.execute("SELECT y FROM b").fetchone()[0] == "x;y"


def test_failed_migration_leaves_database_unchanged(tmp_path):
    folder = tmp_path / "migs"
    folder.mkdir()
    (folder / "0001_bad.sql").write_text("CREATE TABLE ok (x INTEGER);\nCREATE TABLE ok (x INTEGER);\n")
    conn = sqlite3.connect(str(tmp_path / "m.db"), isolation_level=None)
    with pytest.raises(StoreError, match="0001_bad.sql"):
        apply_sqlite_migrations(conn, folder)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "ok" not in tables


def test_open_missing_database_without_create(tmp_path):
    with pytest.raises(StoreError, match="rasid ingest"):
        open_store(str(tmp_path / "none.db"), create=False)


def test_not_a_database(tmp_path):
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError):
        open_store(str(path))


# A resolution as a store of migration 0001 saved it: no location entity, name keys or event articles.
OLD_EVENT = {"id": "ev-1", "type": "attack", "location": {"name": "الرقة", "entity": "ent-p"},
             "actors": [{"entity": "ent-a", "name": "تنظيم الراية", "role": "perpetrator"}],
             "mentions": [{"article": "art-x", "sentence": "هجوم في الرقة"},
                          {"article": "art-y", "sentence": "هجوم على الرقة"}, {"sentence": "بلا مصدر"}]}
OLD_ENTITIES = [{"id": "ent-a", "kb_id": "kb:group", "type": "ORG", "name_ar": "تنظيم الراية"},
                {"id": "ent-p", "type": "LOC", "name_ar": "الرقة"}]


def save_resolution_of_migration_0001(conn: sqlite3.Connection) -> None:
    ix = event_index(OLD_EVENT, {"ent-a": "kb:group"})
    conn.execute("INSERT INTO events (id, position, type, subtype, date_earliest, date_latest, country, "
                 "search_text, json) VALUES (?, 0, ?, ?, ?, ?, ?, ?, ?)",
                 (ix.id, ix.type, ix.subtype, ix.date_earliest, ix.date_latest, ix.country, ix.search_text,
                  to_json(OLD_EVENT)))
    conn.executemany("INSERT INTO event_actors (event_id, kb_id) VALUES (?, ?)", [(ix.id, kb) for kb in ix.actor_kb_ids])
    conn.executemany("INSERT INTO entities (id, position, kb_id, type, json) VALUES (?, ?, ?, ?, ?)",
                     [(e["id"], n, e.get("kb_id"), e["type"], to_json(e)) for n, e in enumerate(OLD_ENTITIES)])
    conn.execute("INSERT INTO store_meta (key, value) VALUES ('resolution_fingerprint', 'f-old')")


def test_migration_0002_backfills_a_database_of_0001(tmp_path):
    only_first = tmp_path / "migs"
    only_first.mkdir()
    shutil.copy(migrations_dir() / "0001_initial.sql", only_first / "0001_initial.sql")
    path = tmp_path / "old.db"
    conn = sqlite3.connect(str(path), isolation_level=None)
    assert apply_sqlite_migrations(conn, only_first) == ["0001_initial.sql"]
    save_resolution_of_migration_0001(conn)
    conn.close()
    with open_store(str(path)) as store:
        assert store.applied_migrations == ["0002_query_columns.sql"]
        assert store.resolution_fingerprint() is None                  # the next run re-saves it
        assert [e["id"] for e in store.events_of_article("art-y")] == ["ev-1"]
        assert [e["id"] for e in store.events_of_entity("ent-p")] == ["ev-1"]     # location_entity
        assert [e["id"] for e in store.events_of_entity("kb:group")] == ["ev-1"]
        rows = store._read("SELECT article_id FROM event_articles ORDER BY article_id")
        assert [r["article_id"] for r in rows] == ["art-x", "art-y"]
        assert [e["id"] for e in store.select_events(EventFilters(actor_name="الرايه"))] == ["ev-1"]
        assert [e["id"] for e in store.select_entities(EntityFilters(name="تنظيم"))] == ["ent-a"]   # raw JSON
        assert store.count_events(EventFilters(actor_name="بغداد")) == 0

