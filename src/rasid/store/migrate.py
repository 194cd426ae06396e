"""Named, tracked schema migrations: ``migrations/NNNN_name.sql`` applied in order, once each."""
from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from importlib import resources as importlib_resources
from pathlib import Path

from rasid.errors import StoreError
from rasid.store.records import utc_now

MIGRATION_NAME = re.compile(r"^\d{4}_[a-z0-9_]+\.sql$")
TRACKING_TABLE = "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"


@dataclass(frozen=True, slots=True)
class Migration:
    name: str
    sql: str


def migrations_dir(backend: str = "") -> Path:
    """Folder of a backend's migrations (``migrations/`` for SQLite, ``migrations/<backend>/`` else)."""
    base = Path(str(importlib_resources.files("rasid.store") / "migrations"))
    return base / backend if backend else base


def available_migrations(folder: Path) -> list[Migration]:
    """The migration files of ``folder`` in name order."""
    if not folder.is_dir():
        raise StoreError("migrations folder is missing: reinstall Rasid", source=str(folder))
    names = sorted(p.name for p in folder.iterdir() if MIGRATION_NAME.match(p.name))
    return [Migration(n, (folder / n).read_text(encoding="utf-8")) for n in names]


def split_statements(sql: str) -> list[str]:
    """Complete SQL statements of a script, in order (comments kept with their statement)."""
    statements: list[str] = []
    pending = ""
    for line in sql.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            if pending.strip():
                statements.append(pending.strip())
            pending = ""
    if pending.strip() and not _only_comments(pending):
        raise StoreError("migration ends with an incomplete statement: fix the .sql file")
    return statements


def _only_comments(text: str) -> bool:
    return all(not ln.strip() or ln.strip().startswith("--") for ln in text.splitlines())


def applied_migrations(conn: sqlite3.Connection) -> set[str]:
    conn.execute(TRACKING_TABLE)
    return {row[0] for row in conn.execute("SELECT name FROM migrations")}


def apply_sqlite_migrations(conn: sqlite3.Connection, folder: Path | None = None) -> list[str]:
    """Apply the migrations not yet recorded, each in its own transaction; return their names."""
    done = applied_migrations(conn)
    applied: list[str] = []
    for migration in available_migrations(folder or migrations_dir()):
        if migration.name in done:
            continue
        _apply_one(conn, migration)
        applied.append(migration.name)
    return applied


def _apply_one(conn: sqlite3.Connection, migration: Migration) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        for statement in split_statements(migration.sql):
            conn.execute(statement)
        conn.execute("INSERT INTO migrations (name, applied_at) VALUES (?, ?)", (migration.name, utc_now()))
    except sqlite3.Error as exc:
        conn.execute("ROLLBACK")
        raise StoreError(f"migration {migration.name} failed ({exc}): the database was left unchanged") from exc
    conn.execute("COMMIT")
