"""Database access for the web process: one read connection per thread, one writer at a time.

SQLite runs in WAL mode, so readers on their own connections never block on a running ingest;
ingests take :attr:`StoreAccess.write_lock` and open a store of their own for the write.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Iterator

from rasid.store import Store, open_store


class StoreAccess:
    """Per-thread stores over one database URL."""

    def __init__(self, db: str) -> None:
        self.db = db
        self.write_lock = threading.Lock()
        self._by_thread: dict[int, Store] = {}
        self._lock = threading.Lock()
        open_store(db, create=False).close()     # fail early (StoreError) when there is no database

    def reader(self) -> Store:
        """The calling thread's store (opened on first use, again after :meth:`close`)."""
        thread = threading.get_ident()
        with self._lock:
            store = self._by_thread.get(thread)
        if store is None:
            store = open_store(self.db, create=False)
            with self._lock:
                self._by_thread[thread] = store
        return store

    @contextmanager
    def writer(self) -> Iterator[Store]:
        """A store of its own for one write, held under the write lock."""
        with self.write_lock:
            store = open_store(self.db, create=False)
            try:
                yield store
            finally:
                store.close()

    def close(self) -> None:
        """Close every per-thread store (at application shutdown; later reads reopen)."""
        with self._lock:
            stores, self._by_thread = list(self._by_thread.values()), {}
        for store in stores:
            store.close()
