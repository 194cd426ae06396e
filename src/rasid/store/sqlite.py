"""The embedded SQLite backend: one file, WAL mode, tracked migrations, FTS5 search.

The SQL shared with the PostgreSQL backend is in :mod:`rasid.store.sql` (with the indexed page
queries of the web process and the readings paged by id); what only this backend has is here (and
in ``migrations/*.sql``): the connection, transactions and batches, and the FTS5 index.
"""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from rasid.errors import StoreError
from rasid.store import fts
from rasid.store.migrate import apply_sqlite_migrations
from rasid.store.records import ArticleRow
from rasid.store.sql import ARTICLE_COLUMNS, Dialect, Params, SqlStore, article_values, insert_sql

SQLITE = Dialect("sqlite", errors=(sqlite3.Error,))
BUSY_TIMEOUT_MS = 30_000

SQL_INSERT_ARTICLE = insert_sql("articles", ARTICLE_COLUMNS)
SQL_INSERT_FTS = "INSERT INTO article_fts (rowid, title, body) VALUES (?, ?, ?)"
SQL_SEARCH = ("SELECT a.id, a.title, a.text, a.outlet, a.published FROM article_fts "
              "JOIN articles a ON a.seq = article_fts.rowid WHERE article_fts MATCH ? "
              "ORDER BY article_fts.rank LIMIT ?")


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
