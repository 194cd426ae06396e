"""Boilerplate patterns and page vocabulary, loaded from ``rasid/data/boilerplate/``, validated,
and compiled once (lazily, on first use) against the normalized form of a line."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rasid.clean.phrases import PhraseSet
from rasid.errors import ResourceError
from rasid.resources import load_json, require_keys
from rasid.text.normalize import normalize

PATTERNS_FILE = "boilerplate/patterns.json"
PAGE_FILE = "boilerplate/page.json"
KINDS = frozenset({"share_links", "related_headlines", "comment_form", "duplicate_caption", "caption",
                   "site_name", "date_banner", "hashtags", "see_also", "other"})
SCOPES = frozenset({"line", "block", "suffix"})
PLACES = frozenset({"start", "whole", "anywhere"})
FOLLOWS = frozenset({"headlines", "short_lines"})
GENRES = frozenset({"news", "analysis", "opinion"})
# Mark-insensitive gaps: between words of a phrase any whitespace may stand.
_FLAGS = re.IGNORECASE


@dataclass(frozen=True, slots=True)
class Rule:
    """One compiled pattern record."""

    kind: str
    scope: str
    at: str
    regex: re.Pattern[str] | None        # regex records
    phrases: PhraseSet | None            # phrase records
    max_words: int
    also_needs: PhraseSet | None
    min_count: int
    min_share: float
    inline_kind: str | None
    follow: str
    follow_max_words: int
    outlet: bool
    genre: str | None
    requires: tuple[str, ...] = ()      # regex records: a match holds one of these (normalized, lower case)

    def may_match(self, lower: str) -> bool:
        """False when the (normalized, lower-cased) line lacks every literal a match needs."""
        return not self.requires or any(literal in lower for literal in self.requires)


@dataclass(frozen=True, slots=True)
class Rules:
    """The compiled patterns, by scope."""

    line: tuple[Rule, ...]
    block: tuple[Rule, ...]
    suffix: tuple[Rule, ...]


def phrase_pattern(phrases: list[str]) -> str:
    """An alternation of normalized ``phrases`` (longest first) with word boundaries at word edges."""
    forms = sorted({normalize(p).strip() for p in phrases if p.strip()}, key=len, reverse=True)
    return "|".join(_bounded(f) for f in forms)


def _bounded(form: str) -> str:
    body = r"\s+".join(re.escape(part) for part in form.split())
    head = r"(?<!\w)" if form[0].isalnum() else ""
    tail = r"(?!\w)" if form[-1].isalnum() else ""
    return head + body + tail


def compile_record(record: dict[str, Any], where: str) -> Rule:
    """Validate one pattern record and compile it."""
    require_keys(record, ("kind", "scope"), where)
    _check(record["kind"] in KINDS, f"unknown kind {record['kind']!r}", where)
    _check(record["scope"] in SCOPES, f"unknown scope {record['scope']!r}", where)
    _check(("phrases" in record) != ("regex" in record), "give exactly one of phrases or regex", where)
    at = record.get("at", "start")
    _check(at in PLACES, f"unknown 'at' {at!r}", where)
    follow = record.get("follow", "headlines")
    _check(follow in FOLLOWS, f"unknown follow {follow!r}", where)
    genre = record.get("genre")
    _check(genre is None or genre in GENRES, f"unknown genre {genre!r}", where)
    inline = record.get("inline_kind")
    _check(inline is None or inline in KINDS, f"unknown inline_kind {inline!r}", where)
    return Rule(
        kind=record["kind"], scope=record["scope"], at=at, regex=_record_regex(record, where),
        phrases=_phrases(record.get("phrases"), "phrases", where),
        max_words=int(record.get("max_words", 40)), also_needs=_phrases(record.get("also_needs"), "also_needs", where),
        min_count=int(record.get("min_count", 1)), min_share=float(record.get("min_share", 0.0)), inline_kind=inline, follow=follow,
        follow_max_words=int(record.get("follow_max_words", 30)), outlet=bool(record.get("outlet", False)), genre=genre,
        requires=_requires(record, where),
    )


def _requires(record: dict[str, Any], where: str) -> tuple[str, ...]:
    """The literals one of which every match of the record's regex holds (a speed gate)."""
    literals = record.get("requires")
    if literals is None:
        return ()
    _check("regex" in record, "requires is for regex records", where)
    _check(isinstance(literals, list) and bool(literals) and all(isinstance(x, str) and x for x in literals),
           "requires must be a non-empty list of non-empty strings", where)
    forms = tuple(normalize(x).lower() for x in literals)
    source = normalize(record["regex"]).lower()
    _check(all(form in source or re.escape(form) in source for form in forms),
           "every requires literal must be written in the regex", where)
    return forms


def _record_regex(record: dict[str, Any], where: str) -> re.Pattern[str] | None:
    if "regex" not in record:
        return None
    try:
        compiled = re.compile(normalize(record["regex"]), _FLAGS)
    except re.error as exc:
        raise ResourceError(f"bad regex ({exc}): fix the pattern", source=where) from exc
    if record.get("outlet"):
        _check("outlet" in compiled.groupindex, "outlet patterns need a named group 'outlet'", where)
    return compiled


def _phrases(phrases: list[str] | None, field: str, where: str) -> PhraseSet | None:
    if phrases is None:
        return None
    _check(isinstance(phrases, list) and bool(phrases) and all(isinstance(p, str) for p in phrases),
           f"{field} must be a non-empty list of strings", where)
    return PhraseSet.of(phrases)


def _check(condition: bool, message: str, where: str) -> None:
    if not condition:
        raise ResourceError(message, source=where)


@lru_cache(maxsize=1)
def rules() -> Rules:
    """All boilerplate rules, compiled once."""
    data = load_json(PATTERNS_FILE)
    where = f"rasid/data/{PATTERNS_FILE}"
    _check(isinstance(data, dict) and isinstance(data.get("patterns"), list), "needs a 'patterns' list", where)
    compiled = [compile_record(r, f"{where} pattern {i}") for i, r in enumerate(data["patterns"])]
    return Rules(
        line=tuple(r for r in compiled if r.scope == "line"),
        block=tuple(r for r in compiled if r.scope == "block"),
        suffix=tuple(r for r in compiled if r.scope == "suffix"),
    )


@lru_cache(maxsize=1)
def page() -> dict[str, Any]:
    """The page vocabulary and thresholds (validated)."""
    data = load_json(PAGE_FILE)
    keys = ("months", "hijri_months", "weekdays", "banner_words", "byline_cues", "outlet_cues", "not_outlet_words",
            "title_separators", "stopwords", "headline_max_words", "body_min_words", "head_lines")
    require_keys(data, keys, f"rasid/data/{PAGE_FILE}")
    months = data["months"]
    _check(sorted(months, key=int) == [str(m) for m in range(1, 13)], "months needs keys 1..12", f"rasid/data/{PAGE_FILE}")
    return data


def setting(name: str) -> Any:
    """A structural threshold from the page file (raises ResourceError when absent)."""
    data = page()
    if name not in data:
        raise ResourceError(f"missing setting {name!r}: add it to the file", source=f"rasid/data/{PAGE_FILE}")
    return data[name]


@lru_cache(maxsize=None)
def phrase_regex(name: str) -> re.Pattern[str]:
    """A compiled alternation of the phrase list ``name`` of the page file."""
    return re.compile(phrase_pattern(list(setting(name))), _FLAGS)


@lru_cache(maxsize=None)
def word_set(name: str) -> frozenset[str]:
    """The normalized, lower-cased words of the list ``name`` of the page file."""
    return frozenset(normalize(w).lower() for w in setting(name))
