"""The embedded SQLite backend: one file, WAL mode, tracked migrations, FTS5 search.

The SQL shared with the PostgreSQL backend is in :mod:`rasid.store.sql`; what only this backend
has is here (and in ``migrations/*.sql``): the connection, transactions and batches, the FTS5
index, readings paged by id, and the indexed queries of the web process over the name keys.
"""
from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator

from rasid.errors import StoreError
from rasid.store import fts
from rasid.store.base import (ARTICLE_SUMMARY_FIELDS, EntityFilters, EventFilters, ResolutionRecords,
                              entity_names, event_actor_names, event_articles, name_key)
from rasid.store.migrate import apply_sqlite_migrations
from rasid.store.records import ArticleRow, EventIndex
from rasid.store.sql import (ARTICLE_COLUMNS, ENTITY_COLUMNS, EVENT_COLUMNS, NAME_SEPARATOR, RESOLUTION_TABLES,
                             Dialect, Params, SqlStore, article_values, insert_sql)

SQLITE = Dialect("sqlite", errors=(sqlite3.Error,))
BUSY_TIMEOUT_MS = 30_000
SQL_MAX_PARAMS = 500          # ids bound in one IN (...) list
READING_PAGE = 500            # readings parsed per query when streaming them to the resolution

SQL_INSERT_ARTICLE = insert_sql("articles", ARTICLE_COLUMNS)
SQL_INSERT_FTS = "INSERT INTO article_fts (rowid, title, body) VALUES (?, ?, ?)"
SQL_SEARCH = ("SELECT a.id, a.title, a.text, a.outlet, a.published FROM article_fts "
              "JOIN articles a ON a.seq = article_fts.rowid WHERE article_fts MATCH ? "
              "ORDER BY article_fts.rank LIMIT ?")
SQL_READINGS_AFTER_ID = ("SELECT id, reading FROM articles WHERE reading IS NOT NULL AND id > ? "
                         "ORDER BY id LIMIT ?")
SQL_INSERT_EVENT_ARTICLE = "INSERT INTO event_articles (event_id, article_id) VALUES (?, ?) ON CONFLICT DO NOTHING"
# Name filters: a resolution saved before migration 0002 has no name keys; its entity rows fall
# back to the entity's JSON (the event rows: see rasid.store.sql.ACTOR_NAME_CLAUSE).
SQL_ENTITY_NAME_CLAUSE = "instr(coalesce(names, lower(json)), ?) > 0"


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


class SqliteStore(SqlStore):
    """A Rasid database in one SQLite file."""

    dialect = SQLITE
    name_keys = True

    def __init__(self, path: str) -> None:
        self.path = self.location = path
        self._in_batch = False
        self._pending_fts: list[tuple[int, str, str]] = []     # full-text rows of the open batch
        self._unit_fts: list[tuple[int, str, str]] = []        # ... of its open article savepoint
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
        self._unit_fts = []
        self._conn.execute("SAVEPOINT unit")
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK TO unit")
            self._conn.execute("RELEASE unit")
            raise
        finally:
            unit_fts, self._unit_fts = self._unit_fts, []
        self._conn.execute("RELEASE unit")
        self._pending_fts.extend(unit_fts)      # the unit is in: its terms go in at commit

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

    def _driver_executemany(self, conn: sqlite3.Connection, sql: str, rows: Iterable[Params]) -> None:
        conn.executemany(sql, rows)

    # -- articles and search --------------------------------------------------------------
    def _insert_article(self, conn: sqlite3.Connection, row: ArticleRow) -> bool:
        """Insert the article row and its full-text row (rowid, title terms, body terms).

        Inside a batch the full-text row waits for the commit (see :meth:`batch`). The write
        transaction serializes writers, so no other writer can store the same content meanwhile.
        """
        cursor = conn.execute(SQL_INSERT_ARTICLE, article_values(row))
        search_row = (cursor.lastrowid, fts.index_terms(row.title or ""), fts.index_terms(row.text))
        if self._in_batch:
            self._unit_fts.append(search_row)
        else:
            conn.execute(SQL_INSERT_FTS, search_row)
        return True

    def _search_statement(self, groups: list[list[str]]) -> tuple[str, Params]:
        return SQL_SEARCH, (fts.fts5_match_groups(groups),)

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

    # -- resolution: the name keys and event articles of migration 0002 --------------------
    def _resolution_tables(self) -> tuple[str, ...]:
        return ("event_articles",) + RESOLUTION_TABLES

    def _insert_resolution(self, conn: sqlite3.Connection, records: ResolutionRecords) -> None:
        super()._insert_resolution(conn, records)
        conn.executemany(SQL_INSERT_EVENT_ARTICLE, ((str(event["id"]), article) for event in records.events
                                                    for article in event_articles(event)))

    def _event_columns(self) -> tuple[str, ...]:
        return EVENT_COLUMNS + ("location_entity", "actor_names")

    def _event_values(self, position: int, event: dict[str, Any], ix: EventIndex) -> Params:
        return (*super()._event_values(position, event, ix), (event.get("location") or {}).get("entity"),
                NAME_SEPARATOR.join(event_actor_names(event)))

    def _entity_columns(self) -> tuple[str, ...]:
        return ENTITY_COLUMNS + ("names",)

    def _entity_values(self, position: int, entity: dict[str, Any]) -> Params:
        return (*super()._entity_values(position, entity), NAME_SEPARATOR.join(entity_names(entity)))

    # -- queries of the web process (indexed; a page costs O(page)) ----------------------------
    def select_events(self, filters: EventFilters | None = None, limit: int | None = None,
                      offset: int = 0) -> list[dict[str, Any]]:
        return self.events(filters, limit, offset)

    def count_events(self, filters: EventFilters | None = None) -> int:
        where, params = self._event_where(filters or EventFilters())
        return self._count(f"SELECT COUNT(*) AS n FROM events {where}", params)

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
                               (*params, self.dialect.limit(limit), offset))

    def count_entities(self, filters: EntityFilters | None = None) -> int:
        where, params = _entity_where(filters or EntityFilters())
        return self._count(f"SELECT COUNT(*) AS n FROM entities {where}", params)

    def profile(self, entity_id: str) -> dict[str, Any] | None:
        rows = self._json_rows("SELECT json FROM profiles WHERE entity = ?", (entity_id,))
        return rows[0] if rows else None

    def select_profiles(self, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        return self._json_rows("SELECT json FROM profiles ORDER BY position LIMIT ? OFFSET ?",
                               (self.dialect.limit(limit), offset))

    def count_profiles(self) -> int:
        return self._count("SELECT COUNT(*) AS n FROM profiles")

    def select_discrepancies(self, kind: str | None = None, limit: int | None = None,
                             offset: int = 0) -> list[dict[str, Any]]:
        where = "WHERE kind = ?" if kind else ""
        params = (kind,) if kind else ()
        return self._json_rows(f"SELECT json FROM discrepancies {where} ORDER BY position LIMIT ? OFFSET ?",
                               (*params, self.dialect.limit(limit), offset))

    def count_discrepancies(self, kind: str | None = None) -> int:
        if kind:
            return self._count("SELECT COUNT(*) AS n FROM discrepancies WHERE kind = ?", (kind,))
        return self._count("SELECT COUNT(*) AS n FROM discrepancies")

    def discrepancies_of(self, subject: str) -> list[dict[str, Any]]:
        return self._json_rows("SELECT json FROM discrepancies WHERE subject = ? ORDER BY position", (subject,))

    def count_articles(self) -> int:
        return self._count("SELECT COUNT(*) AS n FROM articles")

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


def _entity_where(filters: EntityFilters) -> tuple[str, Params]:
    clauses: list[str] = []
    params: list[Any] = []
    if filters.type:
        clauses.append("type = ?")
        params.append(filters.type)
    if filters.name and name_key(filters.name):
        clauses.append(SQL_ENTITY_NAME_CLAUSE)
        params.append(name_key(filters.name))
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", tuple(params)
