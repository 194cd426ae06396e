"""Storage: articles, readings and the corpus resolution behind one :class:`Store` interface.

``open_store("rasid.db")`` opens (and migrates) an embedded SQLite file;
``open_store("postgresql://...")`` opens the PostgreSQL backend when it is installed.
"""
from __future__ import annotations

import importlib
from pathlib import Path

from rasid.errors import StoreError
from rasid.store.base import (EXPORT_SCHEMA, AddResult, EventFilters, Failure, SearchHit, Store, StoredArticle,
                              StoreStats)

POSTGRES_SCHEMES = ("postgresql://", "postgres://")
POSTGRES_BACKEND = "rasid.store.postgres"
SQLITE_SCHEME = "sqlite:///"

__all__ = ["open_store", "Store", "AddResult", "EventFilters", "Failure", "SearchHit", "StoredArticle",
           "StoreStats", "EXPORT_SCHEMA"]


def open_store(url: str, *, create: bool = True) -> Store:
    """Open a store: a SQLite file path (or ``sqlite:///path``) or a ``postgresql://`` URL.

    With ``create=False`` a SQLite file that does not exist yet is an error instead of a new database.
    """
    if not url:
        raise StoreError("no database given: pass --db PATH or set $RASID_DB")
    if url.startswith(POSTGRES_SCHEMES):
        return _open_postgres(url)
    from rasid.store.sqlite import SqliteStore

    path = url[len(SQLITE_SCHEME):] if url.startswith(SQLITE_SCHEME) else url
    if not create and path != ":memory:" and not Path(path).is_file():
        raise StoreError("no database here: run 'rasid ingest PATH --db DB' first or give another --db",
                         source=path)
    return SqliteStore(path)


def _open_postgres(url: str) -> Store:
    try:
        backend = importlib.import_module(POSTGRES_BACKEND)
    except ModuleNotFoundError as exc:
        raise StoreError(f"the PostgreSQL backend is not available ({exc.name} missing): "
                         "install rasid[postgres] or use a SQLite file") from exc
    return backend.open_postgres_store(url)
