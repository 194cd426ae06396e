"""One SQL implementation of :class:`Store` for every backend, with a small :class:`Dialect` each.

The SQL here is written once, with ``?`` placeholders; a dialect turns it into its driver's style
and names the few things that differ (the driver's error classes, how a page without a limit is
asked for, the substring function, how text is ordered by code point). Both schemas have the same
tables, columns and indexes (migrations 0001 and 0002 of each engine), so the page queries of the
web process and the readings paged by id are answered here, with indexed SQL, on every engine.
What differs in more than words lives in the backend's subclass: opening and migrating,
transactions and batches, how an article's search terms are stored and how a search is asked for
(``sqlite.py``, ``postgres.py``).
"""
from __future__ import annotations

import json
from abc import abstractmethod
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Mapping, Sequence

from rasid.doc import Document
from rasid.errors import StoreError
from rasid.store import fts
from rasid.store.base import (ARTICLE_SUMMARY_FIELDS, AddResult, EntityFilters, EventFilters, Failure,
                              ResolutionRecords, SearchHit, Store, StoredArticle, StoreStats, entity_names,
                              event_actor_names, event_articles, name_key)
from rasid.store.records import (ArticleRow, EventIndex, actor_kb_ids, article_row, contract_article, event_index,
                                 sorted_readings_fingerprint, stamp_reading, to_json, utc_now)

Row = Mapping[str, Any]          # a result row: sqlite3.Row or psycopg's dict row, read by column name
Params = tuple[Any, ...]

FINGERPRINT_KEY = "resolution_fingerprint"
META_COLUMNS = ("external_id", "source", "url", "outlet", "published", "published_basis", "title",
                "author", "genre", "content_hash", "near_duplicate_of")
ARTICLE_COLUMNS = ("id",) + META_COLUMNS + ("raw", "text", "removed", "ingested_at")
EVENT_COLUMNS = ("id", "position", "type", "subtype", "date_earliest", "date_latest", "country",
                 "search_text", "json", "location_entity", "actor_names")
ENTITY_COLUMNS = ("id", "position", "kb_id", "type", "json", "names")
# The tables a saved resolution replaces, children before parents.
RESOLUTION_TABLES = ("event_articles", "event_actors", "events", "entities", "profiles", "discrepancies")

SQL_ARTICLE_BY_HASH = "SELECT id, near_duplicate_of FROM articles WHERE content_hash = ?"
SQL_SET_READING = "UPDATE articles SET reading = ?, read_at = ? WHERE id = ?"
SQL_EXPORT_ARTICLES = ("SELECT id, external_id, source, outlet, published, published_basis, title, genre, "
                       "text, removed FROM articles ORDER BY seq LIMIT ? OFFSET ?")
SQL_STORED_ARTICLE = f"SELECT {', '.join(ARTICLE_COLUMNS)}, reading FROM articles"
SQL_READING_ROWS = "SELECT id, reading FROM articles WHERE reading IS NOT NULL ORDER BY seq"
SQL_READING_ROWS_BY_ID = "SELECT id, reading FROM articles WHERE reading IS NOT NULL ORDER BY id{collation}"
# One page of readings after an id (keyset paging: an index range, never a sort of the corpus).
SQL_READINGS_AFTER_ID = ("SELECT id, reading FROM articles WHERE reading IS NOT NULL AND id{collation} > ? "
                         "ORDER BY id{collation} LIMIT ?")
STREAM_PAGE = 500             # rows fetched at a time when a query is streamed
READING_PAGE = 500            # readings parsed per query when paging them to the resolution
SQL_MAX_PARAMS = 500          # ids bound in one IN (...) list
SQL_INSERT_EVENT_ARTICLE = "INSERT INTO event_articles (event_id, article_id) VALUES (?, ?) ON CONFLICT DO NOTHING"
SQL_EVENTS_OF_ENTITY = ("SELECT json FROM events WHERE id IN (SELECT event_id FROM event_actors WHERE kb_id = ? "
                        "UNION SELECT id FROM events WHERE location_entity = ?) ORDER BY position")
SQL_INSERT_EVENT_ACTOR = "INSERT INTO event_actors (event_id, kb_id) VALUES (?, ?) ON CONFLICT DO NOTHING"
SQL_INSERT_PROFILE = "INSERT INTO profiles (entity, position, json) VALUES (?, ?, ?)"
SQL_INSERT_DISCREPANCY = "INSERT INTO discrepancies (position, subject, field, kind, json) VALUES (?, ?, ?, ?, ?)"
SQL_SET_META = ("INSERT INTO store_meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value")
SQL_INSERT_FAILURE = "INSERT INTO ingest_failures (source, reason, time) VALUES (?, ?, ?)"
STATS_FIELDS = ("articles", "read", "events", "entities", "profiles", "discrepancies", "failures")
SQL_COUNTS = ("SELECT (SELECT COUNT(*) FROM articles) AS articles, "
              "(SELECT COUNT(*) FROM articles WHERE reading IS NOT NULL) AS read, "
              "(SELECT COUNT(*) FROM events) AS events, (SELECT COUNT(*) FROM entities) AS entities, "
              "(SELECT COUNT(*) FROM profiles) AS profiles, "
              "(SELECT COUNT(*) FROM discrepancies) AS discrepancies, "
              "(SELECT COUNT(*) FROM ingest_failures) AS failures")

# Fixed SQL fragments of the event filters, one per EventFilters field (values are parameters).
EVENT_FILTER_CLAUSES = (
    ("type", "type = ?"),
    ("country", "country = ?"),
    ("since", "date_latest >= ?"),
    ("until", "date_earliest <= ?"),
    ("actor", "id IN (SELECT event_id FROM event_actors WHERE kb_id = ?)"),
)
NAME_SEPARATOR = "\n"        # between the name keys of one row (a key never holds a line break)
# Name filters over the name keys. A resolution saved before migration 0002 has none (NULL): its
# event rows fall back to the event's search text (normalized, a superset), its entity rows to the
# entity's JSON, until the next saved resolution (the migration clears the fingerprint for that).
ACTOR_NAME_CLAUSE = "{find}(coalesce(actor_names, search_text), ?) > 0"
ENTITY_NAME_CLAUSE = "{find}(coalesce(names, lower(json)), ?) > 0"


@dataclass(frozen=True, slots=True)
class Dialect:
    """What one database's SQL and driver say differently from the SQL written in this package."""

    name: str
    errors: tuple[type[Exception], ...]   # the driver's errors, reported as StoreError
    placeholder: str = "?"                # the driver's parameter mark
    no_limit: int | None = -1             # the LIMIT value meaning "all rows"
    find: str = "instr"                   # find(haystack, needle): 1-based position, 0 when absent
    byte_order: str = ""                  # appended to a text column compared or ordered by code point

    def sql(self, statement: str) -> str:
        """``statement`` (written with ``?`` marks, none inside string literals) in this driver's style."""
        if self.placeholder == "?":
            return statement
        return statement.replace("%", "%%").replace("?", self.placeholder)

    def limit(self, limit: int | None) -> int | None:
        return self.no_limit if limit is None else limit


class SqlStore(Store):
    """The shared SQL of every backend; a subclass connects, migrates and handles transactions.

    Subclasses set :attr:`dialect`, ``_conn`` (a DB-API connection whose ``execute`` returns a
    cursor and whose rows are read by column name) and :attr:`location` (for messages).
    """

    dialect: Dialect
    location: str
    _conn: Any

    # -- what a backend provides --------------------------------------------------------------
    @abstractmethod
    def transaction(self) -> AbstractContextManager[Any]:
        """One write transaction (a savepoint inside :meth:`batch`) yielding the connection."""

    @abstractmethod
    def _insert_article(self, conn: Any, row: ArticleRow) -> bool:
        """Insert the article and its search terms; False when another writer stored it first."""

    @abstractmethod
    def _search_statement(self, groups: list[list[str]]) -> tuple[str, Params]:
        """The search SQL (``?`` marks, the last one the limit) and its parameters but the limit."""

    @abstractmethod
    def _driver_executemany(self, conn: Any, sql: str, rows: Iterable[Params]) -> None:
        """Run ``sql`` (already in the driver's style) once per row, taking the rows as they come."""

    # -- helpers --------------------------------------------------------------------------------
    def _read(self, sql: str, params: Params = ()) -> list[Row]:
        try:
            return self._conn.execute(self.dialect.sql(sql), params).fetchall()
        except self.dialect.errors as exc:
            raise StoreError(f"database read failed ({exc}): check that {self.location} is a Rasid database") from exc

    def _execute(self, conn: Any, sql: str, params: Params = ()) -> Any:
        """Run one statement on ``conn`` (inside :meth:`transaction`); its cursor."""
        return conn.execute(self.dialect.sql(sql), params)

    def _execute_many(self, conn: Any, sql: str, rows: Iterable[Params]) -> None:
        """Run ``sql`` once per row; ``rows`` may be a generator (consumed once, never listed)."""
        self._driver_executemany(conn, self.dialect.sql(sql), rows)

    def _stream(self, sql: str, params: Params = ()) -> Iterator[Row]:
        """The rows of ``sql``, fetched :data:`STREAM_PAGE` at a time (never all at once).

        No write may happen on this store while the stream is consumed.
        """
        try:
            cursor = self._conn.execute(self.dialect.sql(sql), params)
            while rows := cursor.fetchmany(STREAM_PAGE):
                yield from rows
        except self.dialect.errors as exc:
            raise StoreError(f"database read failed ({exc}): check that {self.location} is a Rasid database") from exc

    def _json_rows(self, sql: str, params: Params = ()) -> list[dict[str, Any]]:
        return [json.loads(r["json"]) for r in self._read(sql, params)]

    def _count(self, sql: str, params: Params = ()) -> int:
        """The value of ``sql``, a ``SELECT COUNT(*) AS n ...``."""
        return int(self._read(sql, params)[0]["n"])

    # -- articles -------------------------------------------------------------------------------
    def add_article(self, doc: Document, reading: dict[str, Any] | None = None) -> AddResult:
        row = article_row(doc)
        try:
            with self.transaction() as conn:
                existing = self._execute(conn, SQL_ARTICLE_BY_HASH, (row.content_hash,)).fetchone()
                if existing is None and not self._insert_article(conn, row):
                    existing = self._execute(conn, SQL_ARTICLE_BY_HASH, (row.content_hash,)).fetchone()
                if existing is not None:
                    return AddResult(existing["id"], False, existing["near_duplicate_of"])
                if reading is not None:
                    self._execute(conn, SQL_SET_READING, (to_json(stamp_reading(reading, row.id)), utc_now(), row.id))
        except self.dialect.errors as exc:
            raise StoreError(f"could not store article {row.id} ({exc}): nothing was written",
                             source=row.source) from exc
        return AddResult(row.id, True, row.near_duplicate_of)

    def set_reading(self, article_id: str, reading: dict[str, Any]) -> None:
        try:
            with self.transaction() as conn:
                cursor = self._execute(conn, SQL_SET_READING, (to_json(stamp_reading(reading, article_id)),
                                                             utc_now(), article_id))
                if cursor.rowcount != 1:
                    raise StoreError(f"no article {article_id}: ingest it before storing its reading")
        except self.dialect.errors as exc:
            raise StoreError(f"could not store the reading of {article_id} ({exc}): re-run to retry") from exc

    def articles(self, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        rows = self._read(SQL_EXPORT_ARTICLES, (self.dialect.limit(limit), offset))
        return [contract_article(dict(r)) for r in rows]

    def article(self, article_id: str) -> StoredArticle | None:
        rows = self._read(SQL_STORED_ARTICLE + " WHERE id = ?", (article_id,))
        return stored_article(rows[0]) if rows else None

    def has_article(self, article_id: str) -> bool:
        return bool(self._read("SELECT 1 AS n FROM articles WHERE id = ?", (article_id,)))

    def unread_articles(self) -> Iterator[StoredArticle]:
        seqs = [r["seq"] for r in self._read("SELECT seq FROM articles WHERE reading IS NULL ORDER BY seq")]
        for seq in seqs:
            rows = self._read(SQL_STORED_ARTICLE + " WHERE seq = ?", (seq,))
            if rows and rows[0]["reading"] is None:
                yield stored_article(rows[0])

    def iter_readings(self) -> Iterator[dict[str, Any]]:
        """Stored readings in ingest order, parsed one at a time."""
        for row in self._stream(SQL_READING_ROWS):
            yield json.loads(row["reading"])

    def iter_reading_parts(self, page: int = READING_PAGE) -> Iterator[dict[str, Any]]:
        """Slim readings (``rasid.resolve.inputs.slim_reading``) in article id order, ``page`` rows a query.

        Keyset paging (``id > last id``) over the index of article ids: no query sorts the corpus,
        none stays open between pages (the consumer may write meanwhile), one page is parsed at a time.
        """
        from rasid.resolve.inputs import slim_reading

        sql = SQL_READINGS_AFTER_ID.format(collation=self.dialect.byte_order)
        last_id = ""
        while True:
            rows = self._read(sql, (last_id, page))
            for row in rows:
                yield slim_reading(json.loads(row["reading"]))
            if len(rows) < page:
                return
            last_id = rows[-1]["id"]

    def readings_fingerprint(self) -> str:
        """Identity of the current readings (what a resolution would be computed from).

        Streamed in id order and hashed row by row: the same value as hashing all rows sorted.
        """
        sql = SQL_READING_ROWS_BY_ID.format(collation=self.dialect.byte_order)
        return sorted_readings_fingerprint((r["id"], r["reading"]) for r in self._stream(sql))

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Every query word must occur, under its own form or one of its clitic-stripped keys."""
        groups = fts.query_key_groups(query)
        if not groups:
            return []
        sql, params = self._search_statement(groups)
        rows = self._read(sql, (*params, limit))
        keys = [key for group in groups for key in group]
        return [SearchHit(r["id"], r["title"], fts.snippet(r["text"], keys), r["outlet"], r["published"])
                for r in rows]

    # -- resolution -----------------------------------------------------------------------------
    def save_resolution(self, resolution: Any, fingerprint: str | None = None) -> None:
        records = ResolutionRecords.of(resolution)
        try:
            with self.transaction() as conn:
                for table in RESOLUTION_TABLES:
                    self._execute(conn, f"DELETE FROM {table}")
                self._insert_resolution(conn, records)
                if fingerprint is not None:
                    self._execute(conn, SQL_SET_META, (FINGERPRINT_KEY, fingerprint))
        except (*self.dialect.errors, KeyError) as exc:
            raise StoreError(f"could not save the resolution ({exc}): the previous one was kept") from exc

    def _insert_resolution(self, conn: Any, records: ResolutionRecords) -> None:
        """Insert every part from generators: one row (and its JSON) exists at a time.

        The entities go first (taken once, as they come) and leave their id -> KB id map, which
        the event rows need.
        """
        kb_of: dict[str, str] = {}
        self._execute_many(conn, insert_sql("entities", ENTITY_COLUMNS), self._entity_rows(records, kb_of))
        self._execute_many(conn, insert_sql("events", EVENT_COLUMNS),
                           (event_values(position, event, event_index(event, kb_of))
                            for position, event in enumerate(records.events)))
        self._execute_many(conn, SQL_INSERT_EVENT_ACTOR, ((str(event["id"]), kb) for event in records.events
                                                          for kb in actor_kb_ids(event, kb_of)))
        self._execute_many(conn, SQL_INSERT_EVENT_ARTICLE, ((str(event["id"]), article) for event in records.events
                                                            for article in event_articles(event)))
        self._execute_many(conn, SQL_INSERT_PROFILE, ((str(p["entity"]), position, to_json(p))
                                                      for position, p in enumerate(records.profiles)))
        self._execute_many(conn, SQL_INSERT_DISCREPANCY, ((position, d.get("subject"), d.get("field"), d.get("kind"),
                                                           to_json(d)) for position, d in enumerate(records.discrepancies)))

    def _entity_rows(self, records: ResolutionRecords, kb_of: dict[str, str]) -> Iterator[Params]:
        """Entity rows in order; records each entity's KB id in ``kb_of`` (the last one of an id wins)."""
        for position, entity in enumerate(records.entities):
            if entity.get("id") and entity.get("kb_id"):
                kb_of[str(entity["id"])] = str(entity["kb_id"])
            yield entity_values(position, entity)

    def resolution_fingerprint(self) -> str | None:
        rows = self._read("SELECT value FROM store_meta WHERE key = ?", (FINGERPRINT_KEY,))
        return rows[0]["value"] if rows else None

    def events(self, filters: EventFilters | None = None, limit: int | None = None,
               offset: int = 0) -> list[dict[str, Any]]:
        where, params = self._event_where(filters or EventFilters())
        return self._json_rows(f"SELECT json FROM events {where} ORDER BY position LIMIT ? OFFSET ?",
                               (*params, self.dialect.limit(limit), offset))

    def _event_where(self, filters: EventFilters) -> tuple[str, Params]:
        """A WHERE clause built from fixed fragments only, and its parameters (every filter, names too)."""
        clauses: list[str] = []
        params: list[Any] = []
        for field_name, clause in EVENT_FILTER_CLAUSES:
            value = getattr(filters, field_name)
            if value:
                clauses.append(clause)
                params.append(value)
        for word in fts.query_words(filters.text or ""):
            clauses.append(f"{self.dialect.find}(search_text, ?) > 0")
            params.append(word)
        if filters.actor_name and name_key(filters.actor_name):
            clauses.append(ACTOR_NAME_CLAUSE.format(find=self.dialect.find))
            params.append(name_key(filters.actor_name))
        return ("WHERE " + " AND ".join(clauses)) if clauses else "", tuple(params)

    def event(self, event_id: str) -> dict[str, Any] | None:
        rows = self._json_rows("SELECT json FROM events WHERE id = ?", (event_id,))
        return rows[0] if rows else None

    def entities(self) -> list[dict[str, Any]]:
        return self._json_rows("SELECT json FROM entities ORDER BY position")

    def profiles(self) -> list[dict[str, Any]]:
        return self._json_rows("SELECT json FROM profiles ORDER BY position")

    def discrepancies(self) -> list[dict[str, Any]]:
        return self._json_rows("SELECT json FROM discrepancies ORDER BY position")

    # -- queries of the web process (indexed, migration 0002; a page costs O(page)) -------------
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
        """Events with the entity (or KB id) as an actor or as the place: a UNION of two index lookups.

        (``... IN (actors) OR location_entity = ?`` made PostgreSQL filter every event row.)
        """
        return self._json_rows(SQL_EVENTS_OF_ENTITY, (entity_id, entity_id))

    def entity(self, key: str) -> dict[str, Any] | None:
        rows = (self._json_rows("SELECT json FROM entities WHERE id = ?", (key,))
                or self._json_rows("SELECT json FROM entities WHERE kb_id = ? ORDER BY position LIMIT 1", (key,)))
        return rows[0] if rows else None

    def select_entities(self, filters: EntityFilters | None = None, limit: int | None = None,
                        offset: int = 0) -> list[dict[str, Any]]:
        where, params = self._entity_where(filters or EntityFilters())
        return self._json_rows(f"SELECT json FROM entities {where} ORDER BY position LIMIT ? OFFSET ?",
                               (*params, self.dialect.limit(limit), offset))

    def count_entities(self, filters: EntityFilters | None = None) -> int:
        where, params = self._entity_where(filters or EntityFilters())
        return self._count(f"SELECT COUNT(*) AS n FROM entities {where}", params)

    def _entity_where(self, filters: EntityFilters) -> tuple[str, Params]:
        """A WHERE clause built from fixed fragments only, and its parameters."""
        clauses: list[str] = []
        params: list[Any] = []
        if filters.type:
            clauses.append("type = ?")
            params.append(filters.type)
        if filters.name and name_key(filters.name):
            clauses.append(ENTITY_NAME_CLAUSE.format(find=self.dialect.find))
            params.append(name_key(filters.name))
        return ("WHERE " + " AND ".join(clauses)) if clauses else "", tuple(params)

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

    # -- failures, stats ------------------------------------------------------------------------
    def record_failure(self, source: str, reason: str) -> None:
        try:
            with self.transaction() as conn:
                self._execute(conn, SQL_INSERT_FAILURE, (source, reason, utc_now()))
        except self.dialect.errors as exc:
            raise StoreError(f"could not record the failure of {source} ({exc})") from exc

    def failures(self) -> list[Failure]:
        rows = self._read("SELECT source, reason, time FROM ingest_failures ORDER BY id")
        return [Failure(r["source"], r["reason"], r["time"]) for r in rows]

    def stats(self) -> StoreStats:
        counts = self._read(SQL_COUNTS)[0]
        return StoreStats(**{name: int(counts[name]) for name in STATS_FIELDS})

    def close(self) -> None:
        self._conn.close()


def insert_sql(table: str, columns: Sequence[str]) -> str:
    """``INSERT INTO table (columns) VALUES (?, ...)`` for fixed table and column names."""
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"


def event_values(position: int, event: dict[str, Any], ix: EventIndex) -> Params:
    """The values of :data:`EVENT_COLUMNS` for ``event`` (its index ``ix``) at ``position``."""
    return (ix.id, position, ix.type, ix.subtype, ix.date_earliest, ix.date_latest, ix.country,
            ix.search_text, to_json(event), (event.get("location") or {}).get("entity"),
            NAME_SEPARATOR.join(event_actor_names(event)))


def entity_values(position: int, entity: dict[str, Any]) -> Params:
    """The values of :data:`ENTITY_COLUMNS` for ``entity`` at ``position``."""
    return (str(entity["id"]), position, entity.get("kb_id"), entity.get("type"), to_json(entity),
            NAME_SEPARATOR.join(entity_names(entity)))


def stored_article(row: Row) -> StoredArticle:
    """A :class:`StoredArticle` from a row of ``SQL_STORED_ARTICLE``."""
    meta = {name: row[name] for name in META_COLUMNS}
    reading = json.loads(row["reading"]) if row["reading"] else None
    return StoredArticle(row["id"], row["raw"], row["text"], meta, json.loads(row["removed"]), reading)


def article_values(row: ArticleRow) -> Params:
    """The values of :data:`ARTICLE_COLUMNS` for ``row``."""
    return tuple(getattr(row, column) for column in ARTICLE_COLUMNS)
