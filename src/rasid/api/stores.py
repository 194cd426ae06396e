"""Database access for the web process: one read connection per thread, one writer at a time.

SQLite runs in WAL mode, so readers on their own connections never block on a running ingest;
ingests take :attr:`StoreAccess.write_lock` and open a store of their own for the write.
Endpoints get :attr:`StoreAccess.thread_store`, a stand-in that forwards every call to the
store of the thread making the call (so handing it out costs no thread hop and holds no lock).
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Any, Iterator

from rasid.store import Store, open_store


class ThreadStore:
    """Forwards every attribute to the calling thread's read store (opened on first use)."""

    def __init__(self, access: "StoreAccess") -> None:
        self._access = access

    def __getattr__(self, name: str) -> Any:
        return getattr(self._access.reader(), name)


class StoreAccess:
    """Per-thread stores over one database URL."""

    def __init__(self, db: str) -> None:
        self.db = db
        self.write_lock = threading.Lock()
        self.thread_store = ThreadStore(self)
        self._local = threading.local()
        self._opened: list[Store] = []
        self._lock = threading.Lock()              # guards _opened (opening and closing only)
        self._generation = 0                       # bumped by close(): threads then reopen
        open_store(db, create=False).close()     # fail early (StoreError) when there is no database

    def reader(self) -> Store:
        """The calling thread's store (opened on first use, again after :meth:`close`)."""
        store = getattr(self._local, "store", None)
        if store is None or self._local.generation != self._generation:
            store = open_store(self.db, create=False)
            with self._lock:
                self._opened.append(store)
                self._local.store, self._local.generation = store, self._generation
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
            stores, self._opened = self._opened, []
            self._generation += 1
        for store in stores:
            store.close()
