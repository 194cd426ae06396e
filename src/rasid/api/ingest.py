"""``POST /api/ingest``: one article (text, URL or uploaded file) through ingest, read and resolve.

The input becomes :class:`~rasid.ingest.RawArticle` items exactly as the ``rasid ingest`` readers
make them (URLs through the ingest module's safe fetcher, private addresses refused), then
:func:`rasid.engine.local.run_corpus` stores, reads and reconciles under the write lock.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath, PureWindowsPath
from typing import Any, Callable, Iterable, Iterator

from pydantic import BaseModel, Field

from rasid.doc import ArticleMeta
from rasid.errors import InputError
from rasid.ingest import RawArticle, decode_bytes, iter_articles
from rasid.ingest.article import InputFailure, make_article, require_text
from rasid.ingest.reader import html_article
from rasid.ingest.records import iso_date
from rasid.store import Store

MAX_INGEST_BYTES = 5_000_000
UPLOAD_KINDS = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html"}
URL_SCHEMES = ("http://", "https://")


class IngestText(BaseModel):
    """An article given as text (``text``) or as a URL to fetch (``url`` alone)."""

    text: str | None = Field(default=None, max_length=MAX_INGEST_BYTES, description="the article, raw")
    published: str | None = Field(default=None, max_length=64, description="ISO date of publication")
    outlet: str | None = Field(default=None, max_length=500)
    title: str | None = Field(default=None, max_length=2000)
    url: str | None = Field(default=None, max_length=4000, description="source URL; fetched when no text is given")


@dataclass(slots=True)
class IngestOutcome:
    """What one ingest request did."""

    articles: list[str] = field(default_factory=list)
    report: dict[str, Any] = field(default_factory=dict)

    @property
    def created(self) -> bool:
        return bool(self.report.get("added"))

    def to_dict(self) -> dict[str, Any]:
        return {"articles": self.articles, "created": self.created, "report": self.report}


def text_article(body: IngestText) -> RawArticle:
    """The article of a JSON text body (``published`` checked as an ISO date)."""
    raw = require_text(body.text or "", "request body")
    published = iso_date(body.published, "published") if body.published else None
    meta = ArticleMeta(source=body.url or "api", url=body.url, outlet=body.outlet, title=body.title,
                       published=published, published_basis="caller" if published else None)
    return make_article(raw, meta)


def upload_article(filename: str, data: bytes) -> RawArticle:
    """The article of an uploaded ``.txt`` or ``.html`` file."""
    name = PureWindowsPath(filename or "upload.txt").name   # drops "/" and "\\" folders and drive letters
    kind = UPLOAD_KINDS.get(PurePath(name).suffix.lower())
    if kind is None:
        raise InputError(f"cannot read {name!r}: upload a .txt or .html file", source="upload")
    if not data.strip():
        raise InputError("empty file: nothing to read", source=name)
    if kind == "html":
        return html_article(decode_bytes(data, name, markup=True).text, source=name, url=None)
    return make_article(require_text(decode_bytes(data, name).text, name), ArticleMeta(source=name))


def checked_url(url: str) -> str:
    """``url`` when it is an http(s) URL (the fetcher checks its addresses)."""
    url = url.strip()
    if not url.lower().startswith(URL_SCHEMES):
        raise InputError("give an http:// or https:// URL", source=url or "url")
    return url


def url_items(url: str) -> Callable[..., Iterable[Any]]:
    """An article source for ``run_corpus`` that fetches ``url`` safely (no private addresses)."""
    def source(paths: Any, *, allow_private: bool = False) -> Iterator[RawArticle | InputFailure]:
        return iter_articles([url], allow_private=False)
    return source


def fixed_items(items: list[RawArticle]) -> Callable[..., Iterable[Any]]:
    def source(paths: Any, *, allow_private: bool = False) -> Iterator[RawArticle | InputFailure]:
        return iter(items)
    return source


class _Recorder:
    """Wraps an article source and remembers the ids of the articles it yielded."""

    def __init__(self, source: Callable[..., Iterable[Any]]) -> None:
        self.source = source
        self.ids: list[str] = []
        self.failures: list[InputFailure] = []

    def __call__(self, paths: Any, *, allow_private: bool = False) -> Iterator[Any]:
        for item in self.source(paths, allow_private=False):
            if isinstance(item, InputFailure):
                self.failures.append(item)
            else:
                self.ids.append(item.meta.id)
            yield item


def run_ingest(store: Store, source: Callable[..., Iterable[Any]]) -> IngestOutcome:
    """Store, read and reconcile the articles of ``source``; InputError when none could be read."""
    from rasid.engine.local import run_corpus

    recorder = _Recorder(source)
    report = run_corpus([], store, articles=recorder, progress=False)
    if recorder.failures and not recorder.ids:
        first = recorder.failures[0]
        raise InputError(first.reason, source=first.source)
    return IngestOutcome(list(dict.fromkeys(recorder.ids)), report.to_dict())
