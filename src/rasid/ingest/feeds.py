"""RSS and Atom feeds: every entry is an article.

Before any parsing the feed is refused if it declares entities (``<!ENTITY``) or carries an
internal DTD subset (``<!DOCTYPE x [ ... ]>``): entity expansion ("billion laughs") and external
entities are never given a chance. A plain ``<!DOCTYPE rss PUBLIC ...>`` line, as old RSS 0.91
feeds have, is harmless and accepted. The feed is then parsed by feedparser from bytes (never
from a name, so it never fetches anything). Each entry gives the title, link (→ url), the
publication date (→ ``published``, basis ``meta``), the author, and its text: the longest of
its content blocks, else its summary, with HTML stripped. The feed's title is the outlet.
"""
from __future__ import annotations

import codecs
import re
import time
from dataclasses import dataclass
from typing import Any

from rasid.errors import InputError, UnsafeInputError
from rasid.ingest.html import fragment_text

_ENTITY_DECLARATION = re.compile(r"<!ENTITY", re.IGNORECASE)
_INTERNAL_SUBSET = re.compile(r"<!DOCTYPE[^>\[]*\[", re.IGNORECASE)
_FEED_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:rss|feed|RDF)[\s>]")


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One feed entry, HTML already stripped; ``number`` counts entries from 1."""

    number: int
    text: str
    title: str | None
    url: str | None
    published: str | None
    author: str | None


@dataclass(frozen=True, slots=True)
class Feed:
    """A parsed feed: its title (the outlet) and its entries, or a failure per broken entry."""

    title: str | None
    entries: list[FeedEntry | InputError]


def declarations_text(data: bytes) -> str:
    """The feed as text good enough to search for declarations (any byte order, any encoding)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    if data[:2] == b"<\x00":
        return data.decode("utf-16-le", errors="replace")
    if data[:2] == b"\x00<":
        return data.decode("utf-16-be", errors="replace")
    return data.decode("latin-1")


def refuse_entity_declarations(data: bytes, source: str) -> None:
    """UnsafeInputError when the XML declares entities or an internal DTD subset."""
    text = declarations_text(data)
    if _ENTITY_DECLARATION.search(text) or _INTERNAL_SUBSET.search(text):
        raise UnsafeInputError("refused: the XML declares entities (DTD); entity expansion is never allowed",
                               source=source)


def looks_like_feed(data: bytes) -> bool:
    """True when the first kilobytes hold an RSS, Atom or RDF root element."""
    head = declarations_text(data[:4096]).encode("utf-8", errors="replace")
    return bool(_FEED_ROOT.search(head))


def parse_feed(data: bytes, source: str) -> Feed:
    """Parse feed bytes; InputError when it is malformed or has no entries."""
    refuse_entity_declarations(data, source)
    import feedparser

    try:
        parsed = feedparser.parse(data, resolve_relative_uris=False)
    except Exception as exc:  # untrusted input in a third-party parser: report it, never crash
        raise InputError(f"malformed feed ({type(exc).__name__}): fix the XML", source=source) from exc
    if not parsed.entries:
        problem = f"malformed XML ({parsed.get('bozo_exception')})" if parsed.bozo else "no entries"
        raise InputError(f"not a readable RSS or Atom feed: {problem}", source=source)
    entries = [_entry(number, entry, source) for number, entry in enumerate(parsed.entries, 1)]
    return Feed(title=_text_or_none(parsed.feed.get("title")), entries=entries)


def _entry(number: int, entry: Any, source: str) -> FeedEntry | InputError:
    where = f"{source}:entry {number}"
    try:
        text = fragment_text(_entry_body(entry))
        title, author = _text_or_none(entry.get("title")), _text_or_none(entry.get("author"))
    except InputError as exc:
        return InputError(exc.message, source=where)
    if not text:
        return InputError("feed entry has no summary or content text", source=where)
    return FeedEntry(number=number, text=text, title=title, url=entry.get("link") or None,
                     published=_entry_date(entry), author=author)


def _entry_body(entry: Any) -> str:
    contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
    if contents:
        return max(contents, key=len)
    return entry.get("summary", "") or ""


def _entry_date(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", parsed)


def _text_or_none(value: str | None) -> str | None:
    if not value:
        return None
    return fragment_text(value) or None
