"""What only the SQLite store has: the file, WAL, migrations, its errors, name-key fallbacks, paging.

The behaviour shared with PostgreSQL is tested on both engines in ``test_store_sql.py``.
"""
from __future__ import annotations

import sqlite3

import pytest

from rasid.doc import ArticleMeta, Document
from rasid.errors import StoreError
from rasid.store import EventFilters, open_store
from rasid.store.base import EntityFilters
from rasid.store.migrate import apply_sqlite_migrations, available_migrations, migrations_dir


def make_doc(text: str, title: str | None = None, **meta: str) -> Document:
    doc = Document.from_text(text, ArticleMeta(title=title, source=meta.pop("source", "t.txt"), **meta))
    doc.meta.genre = "news"
    return doc


@pytest.fixture()
def store(tmp_path):
    s = open_store(str(tmp_path / "sub" / "rasid.db"))
    yield s
    s.close()


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


def test_reading_parts_are_paged_by_id(store):
    ids = [store.add_article(make_doc(f"خبر رقم {n} عن قصف"), {"events": [], "entities": []}).article_id
           for n in range(5)]
    assert [r["id"] for r in store.iter_reading_parts(page=2)] == sorted(ids)


def test_article_summaries_bind_ids_in_chunks(store, monkeypatch):
    from rasid.store import sqlite as sqlite_module

    monkeypatch.setattr(sqlite_module, "SQL_MAX_PARAMS", 2)
    ids = [store.add_article(make_doc(f"خبر رقم {n}")).article_id for n in range(5)]
    assert sorted(store.article_summaries(ids)) == sorted(ids)
