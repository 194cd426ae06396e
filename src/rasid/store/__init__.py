"""Storage: articles, readings and the corpus resolution behind one :class:`Store` interface.

``open_store("rasid.db")`` opens (and migrates) an embedded SQLite file;
``open_store("postgresql://...")`` opens the PostgreSQL backend when it is installed.
"""
from __future__ import annotations

import importlib

from rasid.errors import StoreError
from rasid.store.base import (EXPORT_SCHEMA, AddResult, EventFilters, Failure, SearchHit, Store, StoredArticle,
                              StoreStats)

POSTGRES_SCHEMES = ("postgresql://", "postgres://")
POSTGRES_BACKEND = "rasid.store.postgres"
SQLITE_SCHEME = "sqlite:///"

__all__ = ["open_store", "Store", "AddResult", "EventFilters", "Failure", "SearchHit", "StoredArticle",
           "StoreStats", "EXPORT_SCHEMA"]


def open_store(url: str) -> Store:
    """Open a store: a SQLite file path (or ``sqlite:///path``) or a ``postgresql://`` URL."""
    if not url:
        raise StoreError("no database given: pass --db PATH or set $RASID_DB")
    if url.startswith(POSTGRES_SCHEMES):
        return _open_postgres(url)
    from rasid.store.sqlite import SqliteStore

    return SqliteStore(url[len(SQLITE_SCHEME):] if url.startswith(SQLITE_SCHEME) else url)


def _open_postgres(url: str) -> Store:
    try:
        backend = importlib.import_module(POSTGRES_BACKEND)
    except ModuleNotFoundError as exc:
        raise StoreError(f"the PostgreSQL backend is not available ({exc.name} missing): "
                         "install rasid[postgres] or use a SQLite file") from exc
    return backend.open_postgres_store(url)
