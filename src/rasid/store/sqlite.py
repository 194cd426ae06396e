"""The embedded SQLite backend: one file, WAL mode, tracked migrations, FTS5 search.

All SQL of this backend lives in this module (and in ``migrations/*.sql``).
"""
from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from rasid.doc import Document
from rasid.errors import StoreError
from rasid.store import fts
from rasid.store.base import (ARTICLE_SUMMARY_FIELDS, AddResult, EntityFilters, EventFilters, Failure,
                              ResolutionRecords, SearchHit, Store, StoredArticle, StoreStats, entity_names,
                              event_actor_names, event_articles, name_key)
from rasid.store.migrate import apply_sqlite_migrations
from rasid.store.records import (ArticleRow, article_row, contract_article, entity_kb_map, event_index,
                                 readings_fingerprint, stamp_reading, to_json, utc_now)

BUSY_TIMEOUT_MS = 30_000
SQL_MAX_PARAMS = 500          # ids bound in one IN (...) list
FINGERPRINT_KEY = "resolution_fingerprint"
META_COLUMNS = ("external_id", "source", "url", "outlet", "published", "published_basis", "title",
                "author", "genre", "content_hash", "near_duplicate_of")
ARTICLE_COLUMNS = ("id",) + META_COLUMNS + ("raw", "text", "removed", "ingested_at")

SQL_INSERT_ARTICLE = (f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}) "
                      f"VALUES ({', '.join('?' for _ in ARTICLE_COLUMNS)})")
SQL_INSERT_FTS = "INSERT INTO article_fts (rowid, title, body) VALUES (?, ?, ?)"
SQL_ARTICLE_BY_HASH = "SELECT id, near_duplicate_of FROM articles WHERE content_hash = ?"
SQL_SET_READING = "UPDATE articles SET reading = ?, read_at = ? WHERE id = ?"
SQL_EXPORT_ARTICLES = ("SELECT id, external_id, source, outlet, published, published_basis, title, genre, "
                       "text, removed FROM articles ORDER BY seq LIMIT ? OFFSET ?")
SQL_STORED_ARTICLE = f"SELECT {', '.join(ARTICLE_COLUMNS)}, reading FROM articles"
SQL_SEARCH = ("SELECT a.id, a.title, a.text, a.outlet, a.published FROM article_fts "
              "JOIN articles a ON a.seq = article_fts.rowid WHERE article_fts MATCH ? "
              "ORDER BY article_fts.rank LIMIT ?")
SQL_INSERT_EVENT = ("INSERT INTO events (id, position, type, subtype, date_earliest, date_latest, country, "
                    "search_text, json, location_entity, actor_names) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
SQL_INSERT_EVENT_ARTICLE = "INSERT OR IGNORE INTO event_articles (event_id, article_id) VALUES (?, ?)"
SQL_INSERT_EVENT_ACTOR = "INSERT OR IGNORE INTO event_actors (event_id, kb_id) VALUES (?, ?)"
SQL_INSERT_ENTITY = "INSERT INTO entities (id, position, kb_id, type, json, names) VALUES (?, ?, ?, ?, ?, ?)"
SQL_INSERT_PROFILE = "INSERT INTO profiles (entity, position, json) VALUES (?, ?, ?)"
SQL_INSERT_DISCREPANCY = ("INSERT INTO discrepancies (position, subject, field, kind, json) "
                          "VALUES (?, ?, ?, ?, ?)")
SQL_CLEAR_RESOLUTION = ("DELETE FROM event_actors", "DELETE FROM event_articles", "DELETE FROM events", "DELETE FROM entities",
                        "DELETE FROM profiles", "DELETE FROM discrepancies")
SQL_SET_META = "INSERT INTO store_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value"


def _connect(path: str) -> sqlite3.Connection:
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open the SQLite database ({exc}): check the path and its permissions",
                         source=path) from exc
    return conn


READING_PAGE = 500        # readings parsed per query when streaming them to the resolution
SQL_READINGS_AFTER_ID = ("SELECT id, reading FROM articles WHERE reading IS NOT NULL AND id > ? "
                         "ORDER BY id LIMIT ?")


class SqliteStore(Store):
    """A Rasid database in one SQLite file."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._in_batch = False
        self._pending_fts: list[tuple[int, str, str]] = []     # full-text rows of the open batch
        self._conn = _connect(path)
        try:
            self.applied_migrations = apply_sqlite_migrations(self._conn)
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            raise StoreError(f"not a Rasid database ({exc}): give another --db path", source=path) from exc

    # -- transactions -------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed on success, rolled back on any error.

        Inside :meth:`batch` it is a savepoint instead: the unit still succeeds or fails whole,
        and becomes durable when the batch commits.
        """
        if self._in_batch:
            yield from self._savepoint()
            return
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def _savepoint(self) -> Iterator[sqlite3.Connection]:
        self._conn.execute("SAVEPOINT unit")
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK TO unit")
            self._conn.execute("RELEASE unit")
            raise
        self._conn.execute("RELEASE unit")

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group many article transactions into one commit (each article stays all-or-nothing).

        On any error the whole batch is rolled back: nothing of it is kept, nothing half-written.
        The full-text rows of the batch's articles are written together just before the commit:
        FTS5 flushes its pending terms at every savepoint, so writing them inside the per-article
        savepoints would make one index segment per article (and a merge storm).
        """
        if self._in_batch:
            yield
            return
        self._conn.execute("BEGIN IMMEDIATE")
        self._in_batch = True
        try:
            yield
            self._conn.executemany(SQL_INSERT_FTS, self._pending_fts)
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        finally:
            self._in_batch = False
            self._pending_fts = []
        self._conn.execute("COMMIT")

    def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"database read failed ({exc}): check that {self.path} is a Rasid database") from exc

    # -- articles -----------------------------------------------------------------------
    def add_article(self, doc: Document, reading: dict[str, Any] | None = None) -> AddResult:
        row = article_row(doc)
        try:
            with self.transaction() as conn:
                existing = conn.execute(SQL_ARTICLE_BY_HASH, (row.content_hash,)).fetchone()
                if existing:
                    return AddResult(existing["id"], False, existing["near_duplicate_of"])
                search_row = self._insert_article(conn, row)
                if reading is not None:
                    conn.execute(SQL_SET_READING, (to_json(stamp_reading(reading, row.id)), utc_now(), row.id))
                if not self._in_batch:
                    conn.execute(SQL_INSERT_FTS, search_row)
        except sqlite3.Error as exc:
            raise StoreError(f"could not store article {row.id} ({exc}): nothing was written",
                             source=row.source) from exc
        if self._in_batch:
            self._pending_fts.append(search_row)     # the article is in: its terms go in at commit
        return AddResult(row.id, True, row.near_duplicate_of)

    def _insert_article(self, conn: sqlite3.Connection, row: ArticleRow) -> tuple[int, str, str]:
        """Insert the article row; its full-text row (rowid, title terms, body terms)."""
        cursor = conn.execute(SQL_INSERT_ARTICLE, tuple(getattr(row, c) for c in ARTICLE_COLUMNS))
        return cursor.lastrowid, fts.index_terms(row.title or ""), fts.index_terms(row.text)

    def set_reading(self, article_id: str, reading: dict[str, Any]) -> None:
        try:
            with self.transaction() as conn:
                cursor = conn.execute(SQL_SET_READING, (to_json(stamp_reading(reading, article_id)),
                                                        utc_now(), article_id))
                if cursor.rowcount != 1:
                    raise StoreError(f"no article {article_id}: ingest it before storing its reading")
        except sqlite3.Error as exc:
            raise StoreError(f"could not store the reading of {article_id} ({exc}): re-run to retry") from exc

    def articles(self, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        rows = self._read(SQL_EXPORT_ARTICLES, (-1 if limit is None else limit, offset))
        return [contract_article(dict(r)) for r in rows]

    def article(self, article_id: str) -> StoredArticle | None:
        rows = self._read(SQL_STORED_ARTICLE + " WHERE id = ?", (article_id,))
        return _stored_article(rows[0]) if rows else None

    def has_article(self, article_id: str) -> bool:
        return bool(self._read("SELECT 1 FROM articles WHERE id = ?", (article_id,)))

    def unread_articles(self) -> Iterator[StoredArticle]:
        ids = [r["seq"] for r in self._read("SELECT seq FROM articles WHERE reading IS NULL ORDER BY seq")]
        for seq in ids:
            rows = self._read(SQL_STORED_ARTICLE + " WHERE seq = ?", (seq,))
            if rows and rows[0]["reading"] is None:
                yield _stored_article(rows[0])

    def iter_readings(self) -> Iterator[dict[str, Any]]:
        for _, reading_json in self._reading_rows():
            yield json.loads(reading_json)

    def iter_reading_parts(self, page: int = READING_PAGE) -> Iterator[dict[str, Any]]:
        """Slim readings (``rasid.resolve.inputs.slim_reading``) in article id order, ``page`` rows a query."""
        from rasid.resolve.inputs import slim_reading

        last_id = ""
        while True:
            rows = self._read(SQL_READINGS_AFTER_ID, (last_id, page))
            for row in rows:
                yield slim_reading(json.loads(row["reading"]))
            if len(rows) < page:
                return
            last_id = rows[-1]["id"]

    def _reading_rows(self) -> list[tuple[str, str]]:
        rows = self._read("SELECT id, reading FROM articles WHERE reading IS NOT NULL ORDER BY seq")
        return [(r["id"], r["reading"]) for r in rows]

    def readings_fingerprint(self) -> str:
        """Identity of the current readings (what a resolution would be computed from)."""
        return readings_fingerprint(self._reading_rows())

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        groups = fts.query_key_groups(query)
        if not groups:
            return []
        rows = self._read(SQL_SEARCH, (fts.fts5_match_groups(groups), limit))
        keys = [key for group in groups for key in group]
        return [SearchHit(r["id"], r["title"], fts.snippet(r["text"], keys), r["outlet"], r["published"])
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
        except (sqlite3.Error, KeyError) as exc:
            raise StoreError(f"could not save the resolution ({exc}): the previous one was kept") from exc

    def resolution_fingerprint(self) -> str | None:
        rows = self._read("SELECT value FROM store_meta WHERE key = ?", (FINGERPRINT_KEY,))
        return rows[0]["value"] if rows else None

    def events(self, filters: EventFilters | None = None, limit: int | None = None,
               offset: int = 0) -> list[dict[str, Any]]:
        where, params = _event_where(filters or EventFilters())
        sql = f"SELECT json FROM events {where} ORDER BY position LIMIT ? OFFSET ?"
        rows = self._read(sql, (*params, -1 if limit is None else limit, offset))
        return [json.loads(r["json"]) for r in rows]

    def event(self, event_id: str) -> dict[str, Any] | None:
        rows = self._read("SELECT json FROM events WHERE id = ?", (event_id,))
        return json.loads(rows[0]["json"]) if rows else None

    def entities(self) -> list[dict[str, Any]]:
        return [json.loads(r["json"]) for r in self._read("SELECT json FROM entities ORDER BY position")]

    def profiles(self) -> list[dict[str, Any]]:
        return [json.loads(r["json"]) for r in self._read("SELECT json FROM profiles ORDER BY position")]

    def discrepancies(self) -> list[dict[str, Any]]:
        return [json.loads(r["json"]) for r in self._read("SELECT json FROM discrepancies ORDER BY position")]

    # -- queries of the web process (indexed; a page costs O(page)) ----------------------------
    def _json_rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        return [json.loads(r["json"]) for r in self._read(sql, params)]

    def _count(self, sql: str, params: tuple[Any, ...] = ()) -> int:
        return int(self._read(sql, params)[0][0])

    def select_events(self, filters: EventFilters | None = None, limit: int | None = None,
                      offset: int = 0) -> list[dict[str, Any]]:
        return self.events(filters, limit, offset)

    def count_events(self, filters: EventFilters | None = None) -> int:
        where, params = _event_where(filters or EventFilters())
        return self._count(f"SELECT COUNT(*) FROM events {where}", tuple(params))

    def events_of_article(self, article_id: str) -> list[dict[str, Any]]:
        return self._json_rows("SELECT e.json FROM event_articles x JOIN events e ON e.id = x.event_id "
                               "WHERE x.article_id = ? ORDER BY e.position", (article_id,))

    def events_of_entity(self, entity_id: str) -> list[dict[str, Any]]:
        return self._json_rows("SELECT json FROM events WHERE id IN (SELECT event_id FROM event_actors "
                               "WHERE kb_id = ?) OR location_entity = ? ORDER BY position", (entity_id, entity_id))

    def entity(self, key: str) -> dict[str, Any] | None:
        rows = (self._json_rows("SELECT json FROM entities WHERE id = ?", (key,))
                or self._json_rows("SELECT json FROM entities WHERE kb_id = ? ORDER BY position LIMIT 1", (key,)))
        return rows[0] if rows else None

    def select_entities(self, filters: EntityFilters | None = None, limit: int | None = None,
                        offset: int = 0) -> list[dict[str, Any]]:
        where, params = _entity_where(filters or EntityFilters())
        return self._json_rows(f"SELECT json FROM entities {where} ORDER BY position LIMIT ? OFFSET ?",
                               (*params, -1 if limit is None else limit, offset))

    def count_entities(self, filters: EntityFilters | None = None) -> int:
        where, params = _entity_where(filters or EntityFilters())
        return self._count(f"SELECT COUNT(*) FROM entities {where}", tuple(params))

    def profile(self, entity_id: str) -> dict[str, Any] | None:
        rows = self._json_rows("SELECT json FROM profiles WHERE entity = ?", (entity_id,))
        return rows[0] if rows else None

    def select_profiles(self, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        return self._json_rows("SELECT json FROM profiles ORDER BY position LIMIT ? OFFSET ?",
                               (-1 if limit is None else limit, offset))

    def count_profiles(self) -> int:
        return self._count("SELECT COUNT(*) FROM profiles")

    def select_discrepancies(self, kind: str | None = None, limit: int | None = None,
                             offset: int = 0) -> list[dict[str, Any]]:
        where = "WHERE kind = ?" if kind else ""
        params = (kind,) if kind else ()
        return self._json_rows(f"SELECT json FROM discrepancies {where} ORDER BY position LIMIT ? OFFSET ?",
                               (*params, -1 if limit is None else limit, offset))

    def count_discrepancies(self, kind: str | None = None) -> int:
        if kind:
            return self._count("SELECT COUNT(*) FROM discrepancies WHERE kind = ?", (kind,))
        return self._count("SELECT COUNT(*) FROM discrepancies")

    def discrepancies_of(self, subject: str) -> list[dict[str, Any]]:
        return self._json_rows("SELECT json FROM discrepancies WHERE subject = ? ORDER BY position", (subject,))

    def count_articles(self) -> int:
        return self._count("SELECT COUNT(*) FROM articles")

    def article_summaries(self, article_ids: list[str]) -> dict[str, dict[str, Any]]:
        wanted = list(dict.fromkeys(article_ids))
        columns = ", ".join(ARTICLE_SUMMARY_FIELDS)
        out: dict[str, dict[str, Any]] = {}
        for start in range(0, len(wanted), SQL_MAX_PARAMS):
            chunk = wanted[start:start + SQL_MAX_PARAMS]
            marks = ", ".join("?" for _ in chunk)
            for row in self._read(f"SELECT id, {columns} FROM articles WHERE id IN ({marks})", tuple(chunk)):
                out[row["id"]] = {name: row[name] for name in ("id", *ARTICLE_SUMMARY_FIELDS)}
        return out

    # -- failures, stats ------------------------------------------------------------------
    def record_failure(self, source: str, reason: str) -> None:
        try:
            with self.transaction() as conn:
                conn.execute("INSERT INTO ingest_failures (source, reason, time) VALUES (?, ?, ?)",
                             (source, reason, utc_now()))
        except sqlite3.Error as exc:
            raise StoreError(f"could not record the failure of {source} ({exc})") from exc

    def failures(self) -> list[Failure]:
        rows = self._read("SELECT source, reason, time FROM ingest_failures ORDER BY id")
        return [Failure(r["source"], r["reason"], r["time"]) for r in rows]

    def stats(self) -> StoreStats:
        def count(sql: str) -> int:
            return int(self._read(sql)[0][0])
        return StoreStats(
            articles=count("SELECT COUNT(*) FROM articles"),
            read=count("SELECT COUNT(*) FROM articles WHERE reading IS NOT NULL"),
            events=count("SELECT COUNT(*) FROM events"), entities=count("SELECT COUNT(*) FROM entities"),
            profiles=count("SELECT COUNT(*) FROM profiles"),
            discrepancies=count("SELECT COUNT(*) FROM discrepancies"),
            failures=count("SELECT COUNT(*) FROM ingest_failures"))

    def close(self) -> None:
        self._conn.close()


def _stored_article(row: sqlite3.Row) -> StoredArticle:
    meta = {name: row[name] for name in META_COLUMNS}
    reading = json.loads(row["reading"]) if row["reading"] else None
    return StoredArticle(row["id"], row["raw"], row["text"], meta, json.loads(row["removed"]), reading)


def _insert_resolution(conn: sqlite3.Connection, records: ResolutionRecords) -> None:
    kb_of = entity_kb_map(records.entities)
    for position, event in enumerate(records.events):
        ix = event_index(event, kb_of)
        conn.execute(SQL_INSERT_EVENT, (ix.id, position, ix.type, ix.subtype, ix.date_earliest,
                                        ix.date_latest, ix.country, ix.search_text, to_json(event),
                                        (event.get("location") or {}).get("entity"),
                                        NAME_SEPARATOR.join(event_actor_names(event))))
        conn.executemany(SQL_INSERT_EVENT_ACTOR, [(ix.id, kb) for kb in ix.actor_kb_ids])
        conn.executemany(SQL_INSERT_EVENT_ARTICLE, [(ix.id, a) for a in event_articles(event)])
    for position, entity in enumerate(records.entities):
        conn.execute(SQL_INSERT_ENTITY, (str(entity["id"]), position, entity.get("kb_id"),
                                         entity.get("type"), to_json(entity),
                                         NAME_SEPARATOR.join(entity_names(entity))))
    for position, profile in enumerate(records.profiles):
        conn.execute(SQL_INSERT_PROFILE, (str(profile["entity"]), position, to_json(profile)))
    for position, item in enumerate(records.discrepancies):
        conn.execute(SQL_INSERT_DISCREPANCY, (position, item.get("subject"), item.get("field"),
                                              item.get("kind"), to_json(item)))


# Fixed SQL fragments of the event filters, one per EventFilters field (values are parameters).
EVENT_FILTER_CLAUSES = (
    ("type", "type = ?"),
    ("country", "country = ?"),
    ("since", "date_latest >= ?"),
    ("until", "date_earliest <= ?"),
    ("actor", "id IN (SELECT event_id FROM event_actors WHERE kb_id = ?)"),
)
NAME_SEPARATOR = "\n"        # between the name keys of one row (a key never holds a line break)
# Name filters: a resolution saved before migration 0002 has no name keys; its rows fall back to
# the event's search text (normalized, a superset) and the entity's JSON.
SQL_ACTOR_NAME_CLAUSE = "instr(coalesce(actor_names, search_text), ?) > 0"
SQL_ENTITY_NAME_CLAUSE = "instr(coalesce(names, lower(json)), ?) > 0"


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
        clauses.append("instr(search_text, ?) > 0")
        params.append(word)
    if filters.actor_name and name_key(filters.actor_name):
        clauses.append(SQL_ACTOR_NAME_CLAUSE)
        params.append(name_key(filters.actor_name))
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def _entity_where(filters: EntityFilters) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if filters.type:
        clauses.append("type = ?")
        params.append(filters.type)
    if filters.name and name_key(filters.name):
        clauses.append(SQL_ENTITY_NAME_CLAUSE)
        params.append(name_key(filters.name))
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params
