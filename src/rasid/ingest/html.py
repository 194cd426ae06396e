"""HTML pages and fragments to plain text.

:func:`extract_page` runs trafilatura on a whole page: the main text (comments and navigation
left out), the title, the author, the site name (→ outlet) and the publication date read from
the page's metadata only (:func:`meta_date`: JSON-LD ``datePublished``, publication-date meta
tags, ``<time pubdate>``), so a date printed in the body (often the event's date) is never taken
for the publication date. :func:`fragment_text` turns a small HTML fragment (a feed
entry's summary) into text, one line per block element.

Third-party parsers meet untrusted input here; any exception they raise becomes an
:class:`~rasid.errors.InputError` naming the input, never an escape from the reader.
"""
from __future__ import annotations

import html as html_entities
import json
import re
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any

from rasid.errors import InputError

BLOCK_TAGS = ("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
              "section", "article", "header", "footer", "figure", "figcaption", "pre", "table", "ul", "ol")
DROPPED_TAGS = ("script", "style", "noscript", "template")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
# Metadata keys (meta property/name/itemprop, lower case) that carry the publication date.
PUBLISHED_META_KEYS = frozenset({
    "article:published_time", "og:published_time", "og:article:published_time", "datepublished",
    "pubdate", "publishdate", "publish-date", "publish_date", "publication_date", "date", "dc.date",
    "dc.date.issued", "dcterms.created", "dcterms.issued", "sailthru.date", "parsely-pub-date",
    "article.published", "published_time", "cxenseparse:recs:publishtime",
})


@dataclass(frozen=True, slots=True)
class PageText:
    """What trafilatura found on a page."""

    text: str
    title: str | None
    author: str | None
    date: str | None
    sitename: str | None
    url: str | None


def extract_page(page: str, source: str, url: str | None = None) -> PageText:
    """Main text and metadata of an HTML page; InputError when no main text is found."""
    import trafilatura
    from trafilatura.utils import load_html

    try:
        tree = load_html(page)
        date = meta_date(tree) if tree is not None else None
        found = trafilatura.bare_extraction(tree, url=url, with_metadata=True, include_comments=False,
                                            date_extraction_params=_DATE_PARAMS) if tree is not None else None
    except InputError:
        raise
    except Exception as exc:  # untrusted input in a third-party parser: report it, never crash
        raise InputError(f"malformed HTML ({type(exc).__name__}): the page could not be parsed",
                         source=source) from exc
    if found is None or not (found.text or "").strip():
        raise InputError("no main text found in the HTML page: give the article page, not an index",
                         source=source)
    return PageText(text=found.text, title=_blank_to_none(found.title), author=_blank_to_none(found.author),
                    date=date, sitename=_blank_to_none(found.sitename), url=_blank_to_none(found.url))


def meta_date(tree: Any) -> str | None:
    """The publication date the page declares in its metadata (JSON-LD, meta tags, <time>), ISO.

    Dates printed in the body text are never used: they are often the date of the event.
    """
    for value in _json_ld_dates(tree) + _meta_tag_dates(tree) + _time_element_dates(tree):
        iso = _iso(value)
        if iso is not None:
            return iso
    return None


def _meta_tag_dates(tree: Any) -> list[str]:
    values = []
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("name") or element.get("itemprop") or "").lower()
        if key in PUBLISHED_META_KEYS and element.get("content"):
            values.append(element.get("content"))
    return values


def _time_element_dates(tree: Any) -> list[str]:
    return [element.get("datetime") for element in tree.iter("time")
            if element.get("datetime") and (element.get("itemprop") == "datePublished"
                                            or element.get("pubdate") is not None)]


def _json_ld_dates(tree: Any) -> list[str]:
    values: list[str] = []
    for element in tree.iter("script"):
        if (element.get("type") or "").lower() == "application/ld+json" and element.text:
            try:
                _collect_key(json.loads(element.text), "datePublished", values)
            except ValueError:
                continue  # a broken JSON-LD block is common; the other sources still count
    return values


def _collect_key(node: Any, key: str, out: list[str]) -> None:
    if isinstance(node, dict):
        if isinstance(node.get(key), str):
            out.append(node[key])
        for value in node.values():
            _collect_key(value, key, out)
    elif isinstance(node, list):
        for value in node:
            _collect_key(value, key, out)


def _iso(value: str) -> str | None:
    """``value`` as an ISO date or datetime string, or None when it is not a date."""
    value = value.strip()
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    return parsed.date().isoformat() if _DATE_ONLY.fullmatch(value) else parsed.isoformat()


def fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment: entities decoded, one line per block, spaces collapsed."""
    if "<" not in fragment:
        return _tidy_lines(html_entities.unescape(fragment))
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError) as exc:
        raise InputError(f"malformed HTML fragment: {exc}") from exc
    for element in list(root.iter(*DROPPED_TAGS)):
        element.drop_tree()
    for element in root.iter(*BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    return _tidy_lines(root.text_content())


def _tidy_lines(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _blank_to_none(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None
