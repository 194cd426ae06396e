"""Dates written for another event: when a mention's date is not the day of its event.

Two kinds of sentences give the date of something else than the event word they hold
(cues in ``data/resolve/date_cues.json``, see docs/RECONCILIATION.md):

- *Recalled event*: «هجوم ... على مقر الشرطة، بعد يوم من سلسلة تفجيرات ... الأحد» or «وجاء هذا
  التفجير بعد ثلاث تفجيرات ... الأحد». The date after the cue dates the earlier event; the
  mention's own event is that many days later (``days``), or some day after it up to the
  article's publication.
- *Claim day*: «تبنى تنظيم ...، الأربعاء، الهجوم الذي ...». The date next to the claim verb is the
  day of the claim; the attack happened on or before it (the recent past of that day).

``reinterpret`` returns the interval and recent-past window resolution should use instead.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from rasid.errors import ResourceError
from rasid.resolve.dates import Interval, window_before
from rasid.resources import load_json, require_keys
from rasid.text.normalize import normalize

CUES_FILE = "resolve/date_cues.json"
_WORD = re.compile(r"[\w\u0640\u064B-\u065F\u0670\u200c\u200d]+")      # marks and tatweel stay inside a word
_CONJUNCTION = "و"


@dataclass(frozen=True)
class AfterCue:
    words: tuple[str, ...]
    days: int | None


@dataclass(frozen=True)
class DateCues:
    after_cues: tuple[AfterCue, ...]
    came_after_openers: frozenset[str]
    after_words: frozenset[str]
    min_cue_offset: int
    claim_verbs: frozenset[str]
    announce_verbs: frozenset[str]
    responsibility_words: frozenset[str]
    max_claim_verb_position: int
    max_claim_date_offset: int
    max_responsibility_offset: int

    @property
    def by_first_word(self) -> dict[str, tuple[AfterCue, ...]]:
        return _cues_by_first_word(self.after_cues)


@lru_cache(maxsize=4)
def _cues_by_first_word(cues: tuple[AfterCue, ...]) -> dict[str, tuple[AfterCue, ...]]:
    out: dict[str, list[AfterCue]] = {}
    for cue in cues:
        out.setdefault(cue.words[0], []).append(cue)
    return {word: tuple(items) for word, items in out.items()}


def _words(items: list[str]) -> frozenset[str]:
    return frozenset(normalize(i) for i in items)


@lru_cache(maxsize=1)
def load_date_cues() -> DateCues:
    raw: dict[str, Any] = load_json(CUES_FILE)
    require_keys(raw, ("after_cues", "came_after_openers", "after_words", "min_cue_offset", "claim_verbs",
                       "announce_verbs", "responsibility_words", "max_claim_verb_position",
                       "max_claim_date_offset", "max_responsibility_offset"), CUES_FILE)
    cues = []
    for item in raw["after_cues"]:
        require_keys(item, ("phrase", "days"), CUES_FILE)
        days = item["days"]
        if days is not None and (not isinstance(days, int) or days < 1):
            raise ResourceError(f"after cue {item['phrase']!r}: days must be a positive integer or null", source=CUES_FILE)
        cues.append(AfterCue(tuple(normalize(item["phrase"]).split()), days))
    return DateCues(
        tuple(cues), _words(raw["came_after_openers"]), _words(raw["after_words"]), int(raw["min_cue_offset"]),
        _words(raw["claim_verbs"]), _words(raw["announce_verbs"]), _words(raw["responsibility_words"]),
        int(raw["max_claim_verb_position"]), int(raw["max_claim_date_offset"]), int(raw["max_responsibility_offset"]))


@dataclass(frozen=True)
class DateReading:
    """The interval and recent-past window resolution uses for a mention."""

    interval: Interval | None
    window: Interval | None
    recalled: Interval | None = None     # the earlier event's date the sentence gave (not this event's)
    stale_until: date | None = None      # undated, "N days after" an undated earlier event: dates up to here are not fresh


def _tokens(sentence: str) -> list[tuple[str, int]]:
    """Normalized words of a sentence with their offsets in it (a leading conjunction و kept on)."""
    return [(_normalized_word(m.group(0)), m.start()) for m in _WORD.finditer(sentence)]


@lru_cache(maxsize=8192)
def _normalized_word(word: str) -> str:
    return normalize(word)


def _bare(word: str) -> str:
    return word[1:] if word.startswith(_CONJUNCTION) and len(word) > 3 else word


def _date_index(tokens: list[tuple[str, int]], sentence: str, date_text: str) -> int | None:
    """The index of the first word of ``date_text`` in the sentence, None when it is not there."""
    at = sentence.find(date_text)
    if at < 0:
        return None
    return next((i for i, (_, start) in enumerate(tokens) if start >= at), None)


def _after_cue(words: list[str], date_at: int, cues: DateCues) -> AfterCue | None:
    """The cue before the date that makes the date another, earlier event's."""
    if words and _bare(words[0]) in cues.came_after_openers and any(w in cues.after_words for w in words[1:date_at]):
        return AfterCue((), None)
    by_first = cues.by_first_word
    for i in range(cues.min_cue_offset, date_at):
        for cue in by_first.get(_bare(words[i]), ()):
            n = len(cue.words)
            if i + n <= date_at and tuple(words[i + 1:i + n]) == cue.words[1:]:
                return cue
    return None


def _claim_day(words: list[str], date_at: int, cues: DateCues) -> bool:
    """A sentence opening with a claim of responsibility whose date stands next to the verb."""
    for i, word in enumerate(words[:cues.max_claim_verb_position + 1]):
        verb = _bare(word)
        near_date = i < date_at <= i + cues.max_claim_date_offset
        if verb in cues.claim_verbs and near_date:
            return True
        if verb in cues.announce_verbs and near_date and any(
                w in cues.responsibility_words for w in words[i + 1:i + 1 + cues.max_responsibility_offset]):
            return True
    return False


def reinterpret(mention: dict[str, Any], event_type: str, interval: Interval | None, window: Interval | None,
                published: date | None, window_days: int) -> DateReading:
    """The dates to compare for one mention, after the cues above (unchanged when none applies)."""
    sentence, date_text = mention.get("sentence") or "", mention.get("date_text") or ""
    if interval is None and window is not None and sentence:
        return _undated_after(sentence, window)
    if interval is None or not sentence or not date_text:
        return DateReading(interval, window)
    tokens = _tokens(sentence)
    date_at = _date_index(tokens, sentence, date_text)
    if date_at is None:
        return DateReading(interval, window)
    words = [w for w, _ in tokens]
    cues = load_date_cues()
    if event_type != "claim" and _claim_day(words, date_at, cues):
        return DateReading(None, window_before(interval.latest, window_days))
    cue = _after_cue(words, date_at, cues)
    if cue is None:
        return DateReading(interval, window)
    return replace(_later_than(interval, cue.days, published), recalled=interval)


def _undated_after(sentence: str, window: Interval) -> DateReading:
    """An undated news mention «... بعد يوم واحد من [an earlier attack]»: its event is at least
    that many days after the recalled one, so a date that many days before the report is not
    fresh evidence for it (the recalled event most likely had it)."""
    words = [w for w, _ in _tokens(sentence)]
    cue = _after_cue(words, len(words), load_date_cues())
    if cue is None:
        return DateReading(None, window)
    return DateReading(None, window, stale_until=window.latest - timedelta(days=cue.days or 1))


def _later_than(recalled: Interval, days: int | None, published: date | None) -> DateReading:
    """The event ``days`` after the recalled one, or some day after it up to publication."""
    if days is not None and recalled.granularity == "day":
        day = recalled.latest + timedelta(days=days)
        return DateReading(Interval(day, day, "day", day.isoformat()), None)
    first = recalled.latest + timedelta(days=1)
    if published is None or published < first:
        return DateReading(None, None)
    if published == first:
        return DateReading(Interval(first, first, "day", first.isoformat()), None)
    return DateReading(None, Interval(first, published, "window", f"{first}/{published}"))


def recalled_day_clash(recalled: tuple[Interval, ...], other: Interval | None) -> bool:
    """A date inside a day the article gave to the earlier event it recalls: another event."""
    return other is not None and any(r.granularity == "day" and r.contains(other) for r in recalled)
