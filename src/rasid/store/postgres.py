"""The PostgreSQL backend (psycopg 3): the same tables, behaviour and search as the SQLite store.

``open_store("postgresql://user@host/db")`` lands here. Migrations live in ``migrations_pg/``
and are tracked in the same ``migrations`` table as SQLite's; full-text search is a ``tsvector``
('simple' configuration) over exactly the normalized, clitic-expanded terms the SQLite FTS5 index
holds (:func:`rasid.store.fts.index_terms`). All SQL of this backend lives in this module.
"""
from __future__ import annotations

import json
from contextlib import contextmanager
from dataclasses import asdict
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any, Iterator

import psycopg
from psycopg.rows import dict_row

from rasid.doc import Document
from rasid.errors import StoreError
from rasid.store import fts
from rasid.store.base import (AddResult, EventFilters, Failure, ResolutionRecords, SearchHit, Store,
                              StoredArticle, StoreStats)
from rasid.store.migrate import Migration, available_migrations
from rasid.store.records import (ArticleRow, article_row, contract_article, entity_kb_map, event_index,
                                 readings_fingerprint, stamp_reading, to_json, utc_now)

MIGRATIONS_FOLDER = "migrations_pg"
MIGRATION_LOCK = 0x5261736964          # pg_advisory_xact_lock key: one migrator at a time ("Rasid")
CONNECT_TIMEOUT_S = 10
FINGERPRINT_KEY = "resolution_fingerprint"
META_COLUMNS = ("external_id", "source", "url", "outlet", "published", "published_basis", "title",
                "author", "genre", "content_hash", "near_duplicate_of")
ARTICLE_COLUMNS = ("id",) + META_COLUMNS + ("raw", "text", "removed", "ingested_at")

SQL_TRACKING_TABLE = "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
SQL_INSERT_ARTICLE = (f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}, search) "
                      f"VALUES ({', '.join('%s' for _ in ARTICLE_COLUMNS)}, "
                      "setweight(to_tsvector('simple', %s), 'A') || to_tsvector('simple', %s)) "
                      "ON CONFLICT (content_hash) DO NOTHING RETURNING id")
SQL_ARTICLE_BY_HASH = "SELECT id, near_duplicate_of FROM articles WHERE content_hash = %s"
SQL_SET_READING = "UPDATE articles SET reading = %s, read_at = %s WHERE id = %s"
SQL_EXPORT_ARTICLES = ("SELECT id, external_id, source, outlet, published, published_basis, title, genre, "
                       "text, removed FROM articles ORDER BY seq LIMIT %s OFFSET %s")
SQL_STORED_ARTICLE = f"SELECT {', '.join(ARTICLE_COLUMNS)}, reading FROM articles"
SQL_SEARCH = ("SELECT id, title, text, outlet, published FROM articles, "
              "plainto_tsquery('simple', %s) AS query WHERE search @@ query "
              "ORDER BY ts_rank(search, query) DESC, seq LIMIT %s")
SQL_INSERT_EVENT = ("INSERT INTO events (id, position, type, subtype, date_earliest, date_latest, country, "
                    "search_text, json) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)")
SQL_INSERT_EVENT_ACTOR = "INSERT INTO event_actors (event_id, kb_id) VALUES (%s, %s) ON CONFLICT DO NOTHING"
SQL_INSERT_ENTITY = "INSERT INTO entities (id, position, kb_id, type, json) VALUES (%s, %s, %s, %s, %s)"
SQL_INSERT_PROFILE = "INSERT INTO profiles (entity, position, json) VALUES (%s, %s, %s)"
SQL_INSERT_DISCREPANCY = ("INSERT INTO discrepancies (position, subject, field, kind, json) "
                          "VALUES (%s, %s, %s, %s, %s)")
SQL_CLEAR_RESOLUTION = ("DELETE FROM event_actors", "DELETE FROM events", "DELETE FROM entities",
                        "DELETE FROM profiles", "DELETE FROM discrepancies")
SQL_SET_META = ("INSERT INTO store_meta (key, value) VALUES (%s, %s) "
                "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value")
SQL_COUNTS = ("SELECT (SELECT COUNT(*) FROM articles) AS articles, "
              "(SELECT COUNT(*) FROM articles WHERE reading IS NOT NULL) AS read, "
              "(SELECT COUNT(*) FROM events) AS events, (SELECT COUNT(*) FROM entities) AS entities, "
              "(SELECT COUNT(*) FROM profiles) AS profiles, "
              "(SELECT COUNT(*) FROM discrepancies) AS discrepancies, "
              "(SELECT COUNT(*) FROM ingest_failures) AS failures")

# Fixed SQL fragments of the event filters, one per EventFilters field (values are parameters).
EVENT_FILTER_CLAUSES = (
    ("type", "type = %s"),
    ("country", "country = %s"),
    ("since", "date_latest >= %s"),
    ("until", "date_earliest <= %s"),
    ("actor", "id IN (SELECT event_id FROM event_actors WHERE kb_id = %s)"),
)


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


class PostgresStore(Store):
    """A Rasid database in a PostgreSQL database."""

    def __init__(self, url: str) -> None:
        self.url = _redacted(url)
        self._conn = _connect(url)
        try:
            self.applied_migrations = apply_postgres_migrations(self._conn)
        except StoreError:
            self._conn.close()
            raise

    # -- transactions -------------------------------------------------------------------
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

    def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        try:
            return self._conn.execute(sql, params).fetchall()
        except psycopg.Error as exc:
            raise StoreError(f"database read failed ({exc}): check that {self.url} is a Rasid database") from exc

    # -- articles -----------------------------------------------------------------------
    def add_article(self, doc: Document, reading: dict[str, Any] | None = None) -> AddResult:
        row = article_row(doc)
        try:
            with self.transaction() as conn:
                existing = conn.execute(SQL_ARTICLE_BY_HASH, (row.content_hash,)).fetchone()
                if existing or not self._insert_article(conn, row):
                    existing = existing or conn.execute(SQL_ARTICLE_BY_HASH, (row.content_hash,)).fetchone()
                    return AddResult(existing["id"], False, existing["near_duplicate_of"])
                if reading is not None:
                    conn.execute(SQL_SET_READING, (to_json(stamp_reading(reading, row.id)), utc_now(), row.id))
        except psycopg.Error as exc:
            raise StoreError(f"could not store article {row.id} ({exc}): nothing was written",
                             source=row.source) from exc
        return AddResult(row.id, True, row.near_duplicate_of)

    def _insert_article(self, conn: psycopg.Connection, row: ArticleRow) -> bool:
        """Insert ``row``; False when another writer stored the same content first."""
        values = asdict(row)
        params = tuple(values[c] for c in ARTICLE_COLUMNS)
        terms = (fts.index_terms(row.title or ""), fts.index_terms(row.text))
        return conn.execute(SQL_INSERT_ARTICLE, params + terms).fetchone() is not None

    def set_reading(self, article_id: str, reading: dict[str, Any]) -> None:
        try:
            with self.transaction() as conn:
                cursor = conn.execute(SQL_SET_READING, (to_json(stamp_reading(reading, article_id)),
                                                        utc_now(), article_id))
                if cursor.rowcount != 1:
                    raise StoreError(f"no article {article_id}: ingest it before storing its reading")
        except psycopg.Error as exc:
            raise StoreError(f"could not store the reading of {article_id} ({exc}): re-run to retry") from exc

    def articles(self, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        rows = self._read(SQL_EXPORT_ARTICLES, (limit, offset))
        return [contract_article(r) for r in rows]

    def article(self, article_id: str) -> StoredArticle | None:
        rows = self._read(SQL_STORED_ARTICLE + " WHERE id = %s", (article_id,))
        return _stored_article(rows[0]) if rows else None

    def has_article(self, article_id: str) -> bool:
        return bool(self._read("SELECT 1 FROM articles WHERE id = %s", (article_id,)))

    def unread_articles(self) -> Iterator[StoredArticle]:
        seqs = [r["seq"] for r in self._read("SELECT seq FROM articles WHERE reading IS NULL ORDER BY seq")]
        for seq in seqs:
            rows = self._read(SQL_STORED_ARTICLE + " WHERE seq = %s", (seq,))
            if rows and rows[0]["reading"] is None:
                yield _stored_article(rows[0])

    def iter_readings(self) -> Iterator[dict[str, Any]]:
        for _, reading_json in self._reading_rows():
            yield json.loads(reading_json)

    def _reading_rows(self) -> list[tuple[str, str]]:
        rows = self._read("SELECT id, reading FROM articles WHERE reading IS NOT NULL ORDER BY seq")
        return [(r["id"], r["reading"]) for r in rows]

    def readings_fingerprint(self) -> str:
        return readings_fingerprint(self._reading_rows())

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        words = fts.query_words(query)
        if not words:
            return []
        rows = self._read(SQL_SEARCH, (" ".join(words), limit))
        return [SearchHit(r["id"], r["title"], fts.snippet(r["text"], words), r["outlet"], r["published"])
                for r in rows]

    # -- resolution ---------------------------------------------------------------------
    def save_resolution(self, resolution: Any, fingerprint: str | None = None) -> None:
        records = ResolutionRecords.of(resolution)
        try:
            with self.transaction() as conn:
                for sql in SQL_CLEAR_RESOLUTION:
                    conn.execute(sql)
                _insert_resolution(conn, records)
                if fingerprint is not None:
                    conn.execute(SQL_SET_META, (FINGERPRINT_KEY, fingerprint))
        except (psycopg.Error, KeyError) as exc:
            raise StoreError(f"could not save the resolution ({exc}): the previous one was kept") from exc

    def resolution_fingerprint(self) -> str | None:
        rows = self._read("SELECT value FROM store_meta WHERE key = %s", (FINGERPRINT_KEY,))
        return rows[0]["value"] if rows else None

    def events(self, filters: EventFilters | None = None, limit: int | None = None,
               offset: int = 0) -> list[dict[str, Any]]:
        where, params = _event_where(filters or EventFilters())
        sql = f"SELECT json FROM events {where} ORDER BY position LIMIT %s OFFSET %s"
        rows = self._read(sql, (*params, limit, offset))
        return [json.loads(r["json"]) for r in rows]

    def event(self, event_id: str) -> dict[str, Any] | None:
        rows = self._read("SELECT json FROM events WHERE id = %s", (event_id,))
        return json.loads(rows[0]["json"]) if rows else None

    def entities(self) -> list[dict[str, Any]]:
        return [json.loads(r["json"]) for r in self._read("SELECT json FROM entities ORDER BY position")]

    def profiles(self) -> list[dict[str, Any]]:
        return [json.loads(r["json"]) for r in self._read("SELECT json FROM profiles ORDER BY position")]

    def discrepancies(self) -> list[dict[str, Any]]:
        return [json.loads(r["json"]) for r in self._read("SELECT json FROM discrepancies ORDER BY position")]

    # -- failures, stats ------------------------------------------------------------------
    def record_failure(self, source: str, reason: str) -> None:
        try:
            with self.transaction() as conn:
                conn.execute("INSERT INTO ingest_failures (source, reason, time) VALUES (%s, %s, %s)",
                             (source, reason, utc_now()))
        except psycopg.Error as exc:
            raise StoreError(f"could not record the failure of {source} ({exc})") from exc

    def failures(self) -> list[Failure]:
        rows = self._read("SELECT source, reason, time FROM ingest_failures ORDER BY id")
        return [Failure(r["source"], r["reason"], r["time"]) for r in rows]

    def stats(self) -> StoreStats:
        counts = self._read(SQL_COUNTS)[0]
        return StoreStats(**{name: int(value) for name, value in counts.items()})

    def close(self) -> None:
        self._conn.close()


def _stored_article(row: dict[str, Any]) -> StoredArticle:
    meta = {name: row[name] for name in META_COLUMNS}
    reading = json.loads(row["reading"]) if row["reading"] else None
    return StoredArticle(row["id"], row["raw"], row["text"], meta, json.loads(row["removed"]), reading)


def _insert_resolution(conn: psycopg.Connection, records: ResolutionRecords) -> None:
    kb_of = entity_kb_map(records.entities)
    with conn.cursor() as cur:
        for position, event in enumerate(records.events):
            ix = event_index(event, kb_of)
            cur.execute(SQL_INSERT_EVENT, (ix.id, position, ix.type, ix.subtype, ix.date_earliest,
                                           ix.date_latest, ix.country, ix.search_text, to_json(event)))
            cur.executemany(SQL_INSERT_EVENT_ACTOR, [(ix.id, kb) for kb in ix.actor_kb_ids])
        cur.executemany(SQL_INSERT_ENTITY, [(str(e["id"]), position, e.get("kb_id"), e.get("type"), to_json(e))
                                            for position, e in enumerate(records.entities)])
        cur.executemany(SQL_INSERT_PROFILE, [(str(p["entity"]), position, to_json(p))
                                             for position, p in enumerate(records.profiles)])
        cur.executemany(SQL_INSERT_DISCREPANCY, [(position, d.get("subject"), d.get("field"), d.get("kind"),
                                                  to_json(d)) for position, d in enumerate(records.discrepancies)])


def _event_where(filters: EventFilters) -> tuple[str, list[Any]]:
    """A WHERE clause built from fixed fragments only, and its parameters."""
    clauses: list[str] = []
    params: list[Any] = []
    for field_name, clause in EVENT_FILTER_CLAUSES:
        value = getattr(filters, field_name)
        if value:
            clauses.append(clause)
            params.append(value)
    for word in fts.query_words(filters.text or ""):
        clauses.append("strpos(search_text, %s) > 0")
        params.append(word)
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params
