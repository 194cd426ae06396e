"""The PostgreSQL backend (psycopg 3): the same tables, behaviour and search as the SQLite store.

``open_store("postgresql://user@host/db")`` lands here. Migrations live in ``migrations_pg/``
and are tracked in the same ``migrations`` table as SQLite's; full-text search is a ``tsvector``
('simple' configuration) over exactly the normalized, clitic-expanded terms the SQLite FTS5 index
holds (:func:`rasid.store.fts.index_terms`), searched with the same key groups
(:func:`rasid.store.fts.query_key_groups`). The SQL shared with SQLite is in :mod:`rasid.store.sql`
(the indexed page queries of the web process and the readings paged by id among it: migration
0002 gives both schemas the same query columns and indexes); what only PostgreSQL has
(connection, migrations, transactions, server-side cursors, ``tsvector`` search) is here.
"""
from __future__ import annotations

from contextlib import contextmanager
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any, Iterable, Iterator

import psycopg
from psycopg.rows import dict_row

from rasid.errors import StoreError
from rasid.store import fts
from rasid.store.migrate import Migration, available_migrations
from rasid.store.records import ArticleRow, utc_now
from rasid.store.sql import ARTICLE_COLUMNS, STREAM_PAGE, Dialect, Params, SqlStore, article_values

POSTGRES = Dialect("postgres", errors=(psycopg.Error,), placeholder="%s", no_limit=None, find="strpos",
                   byte_order=' COLLATE "C"')
STREAM_CURSOR = "rasid_stream"        # the server-side cursor of a streamed query
MIGRATIONS_FOLDER = "migrations_pg"
MIGRATION_LOCK = 0x5261736964          # pg_advisory_xact_lock key: one migrator at a time ("Rasid")
CONNECT_TIMEOUT_S = 10

SQL_TRACKING_TABLE = "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
SQL_INSERT_ARTICLE = (f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}, search) "
                      f"VALUES ({', '.join('?' for _ in ARTICLE_COLUMNS)}, "
                      "setweight(to_tsvector('simple', ?), 'A') || to_tsvector('simple', ?)) "
                      "ON CONFLICT (content_hash) DO NOTHING RETURNING id")
# A search: every group (one query word) must match one of its keys; each key is one parameter.
SQL_SEARCH = ("SELECT id, title, text, outlet, published FROM articles, (SELECT {query} AS q) AS m "
              "WHERE search @@ m.q ORDER BY ts_rank(search, m.q) DESC, seq LIMIT ?")
SQL_ANY_KEY = "plainto_tsquery('simple', ?)"


def open_postgres_store(url: str) -> "PostgresStore":
    """Connect to ``url`` (``postgresql://...``) and apply the migrations not yet applied."""
    return PostgresStore(url)


def _connect(url: str) -> psycopg.Connection:
    try:
        return psycopg.connect(url, autocommit=True, row_factory=dict_row, connect_timeout=CONNECT_TIMEOUT_S)
    except psycopg.Error as exc:
        reason = " ".join(str(exc).split())
        raise StoreError(f"cannot connect to PostgreSQL ({reason}): check the URL and that the server runs",
                         source=_redacted(url)) from exc


def _redacted(url: str) -> str:
    """The URL without its password (for messages)."""
    scheme, sep, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not at or ":" not in credentials:
        return url
    return f"{scheme}{sep}{credentials.split(':', 1)[0]}:***@{host}"


def migrations_pg_dir() -> Path:
    return Path(str(importlib_resources.files("rasid.store") / MIGRATIONS_FOLDER))


def apply_postgres_migrations(conn: psycopg.Connection, folder: Path | None = None) -> list[str]:
    """Apply the migrations not yet recorded, each in its own transaction; return their names."""
    applied: list[str] = []
    for migration in available_migrations(folder or migrations_pg_dir()):
        if _apply_if_new(conn, migration):
            applied.append(migration.name)
    return applied


def _apply_if_new(conn: psycopg.Connection, migration: Migration) -> bool:
    """Apply one migration under an advisory lock (concurrent openers wait); False if already applied."""
    try:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            conn.execute(SQL_TRACKING_TABLE)
            if conn.execute("SELECT 1 FROM migrations WHERE name = %s", (migration.name,)).fetchone():
                return False
            conn.execute(migration.sql.encode("utf-8"))     # a whole script: no parameters, many statements
            conn.execute("INSERT INTO migrations (name, applied_at) VALUES (%s, %s)", (migration.name, utc_now()))
    except psycopg.Error as exc:
        raise StoreError(f"migration {migration.name} failed ({exc}): the database was left unchanged") from exc
    return True


class PostgresStore(SqlStore):
    """A Rasid database in a PostgreSQL database."""

    dialect = POSTGRES

    def __init__(self, url: str) -> None:
        self.url = self.location = _redacted(url)
        self._conn = _connect(url)
        try:
            self.applied_migrations = apply_postgres_migrations(self._conn)
        except StoreError:
            self._conn.close()
            raise

    @contextmanager
    def transaction(self) -> Iterator[psycopg.Connection]:
        """One transaction (a savepoint inside :meth:`batch`): all of it or nothing."""
        with self._conn.transaction():
            yield self._conn

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group many article transactions into one commit (each article stays all-or-nothing)."""
        with self._conn.transaction():
            yield

    def _stream(self, sql: str, params: Params = ()) -> Iterator[dict[str, Any]]:
        """The rows of ``sql`` through a server-side cursor (psycopg's default cursor would hold them all)."""
        try:
            with self._conn.transaction(), self._conn.cursor(name=STREAM_CURSOR) as cursor:
                cursor.execute(self.dialect.sql(sql), params)
                while rows := cursor.fetchmany(STREAM_PAGE):
                    yield from rows
        except psycopg.Error as exc:
            raise StoreError(f"database read failed ({exc}): check that {self.location} is a Rasid database") from exc

    def _driver_executemany(self, conn: psycopg.Connection, sql: str, rows: Iterable[Params]) -> None:
        with conn.cursor() as cursor:
            cursor.executemany(sql, rows)

    def _insert_article(self, conn: psycopg.Connection, row: ArticleRow) -> bool:
        """Insert ``row`` with its search vector; False when another writer stored the same content first."""
        terms = (fts.index_terms(row.title or ""), fts.index_terms(row.text))
        return self._execute(conn, SQL_INSERT_ARTICLE, article_values(row) + terms).fetchone() is not None

    def _search_statement(self, groups: list[list[str]]) -> tuple[str, Params]:
        query = " && ".join("(" + " || ".join(SQL_ANY_KEY for _ in group) + ")" for group in groups)
        return SQL_SEARCH.format(query=query), tuple(key for group in groups for key in group)
