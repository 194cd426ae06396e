"""The Python API over a Rasid database.

    >>> from rasid import Corpus
    >>> with Corpus("news.db") as corpus:                 # doctest: +SKIP
    ...     report = corpus.run(["articles/"])            # ingest, read, reconcile
    ...     attacks = corpus.events(type="attack", country="SY")
    ...     hits = corpus.search("دمشق")
"""
from __future__ import annotations

from typing import Any, Sequence

from rasid.store import EventFilters, SearchHit, Store, open_store


class Corpus:
    """A corpus of articles, their readings and the reconciled events, in one database."""

    def __init__(self, db: str | Store) -> None:
        self.store: Store = db if isinstance(db, Store) else open_store(str(db))

    def ingest(self, paths: Sequence[str], *, allow_private: bool = False, progress: bool = False) -> Any:
        """Ingest, clean and store ``paths`` (files, folders, JSON Lines, CSV, feeds, URLs)."""
        from rasid.engine.local import run_corpus

        return run_corpus(list(map(str, paths)), self.store, read=False, resolve=False,
                          allow_private=allow_private, progress=progress)

    def run(self, paths: Sequence[str] = (), *, engine: str = "local", allow_private: bool = False,
            progress: bool = False) -> Any:
        """Ingest ``paths``, read every unread article and reconcile the corpus."""
        from rasid.engine import run

        return run(list(map(str, paths)), self.store, engine=engine, allow_private=allow_private,
                   progress=progress)

    def events(self, *, type: str | None = None, country: str | None = None, since: str | None = None,
               until: str | None = None, actor: str | None = None, text: str | None = None,
               limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Reconciled events (CONTRACT EVENT dicts) matching every given filter."""
        filters = EventFilters(type=type, country=country, since=since, until=until, actor=actor, text=text)
        return self.store.events(filters, limit=limit, offset=offset)

    def event(self, event_id: str) -> dict[str, Any] | None:
        return self.store.event(event_id)

    def articles(self, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        return self.store.articles(limit, offset)

    def entities(self) -> list[dict[str, Any]]:
        return self.store.entities()

    def profiles(self) -> list[dict[str, Any]]:
        return self.store.profiles()

    def discrepancies(self) -> list[dict[str, Any]]:
        return self.store.discrepancies()

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Articles holding every word of ``query`` (clitics, diacritics and letter variants ignored)."""
        return self.store.search(query, limit)

    def export(self) -> dict[str, Any]:
        """The whole corpus as CONTRACT section 2."""
        return self.store.export()

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "Corpus":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
