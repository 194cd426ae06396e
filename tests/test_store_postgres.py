"""What only the PostgreSQL store has, against a real throwaway server (see ``conftest.py``).

Migrations and their lock, connection errors, concurrent writers, the ``tsquery`` a search builds.
The behaviour shared with SQLite is tested on both engines in ``test_store_sql.py``.
"""
from __future__ import annotations

import pytest

from rasid.doc import ArticleMeta, Document
from rasid.errors import StoreError
from rasid.store import open_store


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

    first = open_store(pg_url)
    assert first.applied_migrations == ["0001_initial.sql"]
    first.close()
    again = open_store(pg_url)
    assert again.applied_migrations == []
    again.close()
    with psycopg.connect(pg_url) as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM migrations")] == ["0001_initial.sql"]


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
