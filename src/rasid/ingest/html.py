"""HTML pages and fragments to plain text.

:func:`extract_page` runs trafilatura on a whole page: the main text (comments and navigation
left out), the title, the author, the site name (→ outlet) and the publication date read from
the page's metadata only (``extensive_search`` off, so a date printed somewhere in the body is
not taken for the publication date). :func:`fragment_text` turns a small HTML fragment (a feed
entry's summary) into text, one line per block element.

Third-party parsers meet untrusted input here; any exception they raise becomes an
:class:`~rasid.errors.InputError` naming the input, never an escape from the reader.
"""
from __future__ import annotations

import html as html_entities
import re
from dataclasses import dataclass

from rasid.errors import InputError

BLOCK_TAGS = ("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
              "section", "article", "header", "footer", "figure", "figcaption", "pre", "table", "ul", "ol")
DROPPED_TAGS = ("script", "style", "noscript", "template")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


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

    try:
        found = trafilatura.bare_extraction(page, url=url, with_metadata=True, include_comments=False,
                                            date_extraction_params=_DATE_PARAMS)
    except Exception as exc:  # untrusted input in a third-party parser: report it, never crash
        raise InputError(f"malformed HTML ({type(exc).__name__}): the page could not be parsed",
                         source=source) from exc
    if found is None or not (found.text or "").strip():
        raise InputError("no main text found in the HTML page: give the article page, not an index",
                         source=source)
    return PageText(text=found.text, title=_blank_to_none(found.title), author=_blank_to_none(found.author),
                    date=_blank_to_none(found.date), sitename=_blank_to_none(found.sitename),
                    url=_blank_to_none(found.url))


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
