"""Page dates: lines that hold only a date (banners), byline dates, and a small date reader.

Works on the normalized line key (ASCII digits, folded letters). Month names, weekdays and the
other words a banner may hold come from ``rasid/data/boilerplate/page.json``.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from rasid.clean.patterns import phrase_pattern, setting
from rasid.clean.phrases import PhraseSet
from rasid.text.normalize import normalize

_FLAGS = re.IGNORECASE
_NUMERIC_DATE = r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}"
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?"
_ORDINAL = r"(?:st|nd|rd|th)?"
_NUMBER_TOKEN = re.compile(r"\d+(?:st|nd|rd|th|h|ه|م)?")
_NUMERIC_ANCHOR = re.compile(rf"{_NUMERIC_DATE}|{_TIME}")
BANNER_MAX_WORDS = 16


@dataclass(frozen=True, slots=True)
class PageDate:
    """A date read from page furniture."""

    value: str            # ISO date YYYY-MM-DD
    basis: str            # banner | byline


@lru_cache(maxsize=1)
def _month_numbers() -> dict[str, int]:
    return {normalize(name).lower(): int(month) for month, names in setting("months").items() for name in names}


@lru_cache(maxsize=1)
def _month_alternation() -> str:
    names = sorted(_month_numbers(), key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, n.split())) for n in names)


@lru_cache(maxsize=1)
def _date_readers() -> tuple[re.Pattern[str], ...]:
    months = _month_alternation()
    sep = r"\s*[/(]\s*(?:" + months + r")\s*\)?"        # 'فبراير/شباط' or 'فبراير (شباط)'
    return (
        re.compile(rf"(?<!\d)(?P<d>\d{{1,2}}){_ORDINAL}[\s,.-]*(?P<m>{months})(?!\w)(?:{sep})?[\s,.-]*(?P<y>\d{{4}})(?!\d)", _FLAGS),
        re.compile(rf"(?<!\w)(?P<m>{months})(?!\w)(?:{sep})?[\s,.-]*(?P<d>\d{{1,2}}){_ORDINAL}[\s,.-]+(?P<y>\d{{4}})(?!\d)", _FLAGS),
        re.compile(r"(?<!\d)(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)"),
        re.compile(r"(?<!\d)(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4})(?!\d)"),
    )


def read_date(key: str) -> str | None:
    """The first full calendar date (day, month, year) written in ``key``, as ISO, or None."""
    for reader in _date_readers():
        for m in reader.finditer(key):
            value = _iso(m.group("y"), m.group("m"), m.group("d"))
            if value:
                return value
    return None


def _iso(year: str, month: str, day: str) -> str | None:
    month_number = int(month) if month.isdigit() else _month_numbers().get(" ".join(month.lower().split()))
    if month_number is None:
        return None
    try:
        return dt.date(int(year), month_number, int(day)).isoformat()
    except ValueError:
        return None


@lru_cache(maxsize=1)
def _banner_vocabulary() -> PhraseSet:
    months = [n for names in setting("months").values() for n in names]
    return PhraseSet.of([*setting("hijri_months"), *setting("weekdays"), *setting("banner_words"), *months])


@lru_cache(maxsize=1)
def _banner_anchors() -> PhraseSet:
    months = [n for names in setting("months").values() for n in names]
    return PhraseSet.of([*setting("hijri_months"), *setting("weekdays"), *months])


def is_date_banner(tokens: tuple[str, ...], key: str) -> bool:
    """True when the line holds only a date, weekday, time and such words (and punctuation)."""
    if not tokens or len(tokens) > BANNER_MAX_WORDS:
        return False
    vocabulary = _banner_vocabulary()
    i = 0
    while i < len(tokens):
        n = vocabulary.opening(tokens[i:])
        if n == 0 and not _NUMBER_TOKEN.fullmatch(tokens[i]):
            return False
        i += max(n, 1)
    return bool(_NUMERIC_ANCHOR.search(key)) or _banner_anchors().count(tokens) > 0


@lru_cache(maxsize=1)
def _byline_start() -> re.Pattern[str]:
    return re.compile(rf"^[\W_]*(?:{phrase_pattern(list(setting('byline_cues')))})", _FLAGS)


def byline_date(key: str, words: int) -> str | None:
    """The date of a short byline line ('نشر في 18 سبتمبر 2024 ...'), or None."""
    if words > int(setting("byline_max_words")) or not _byline_start().search(key):
        return None
    return read_date(key)


def starts_with_byline_cue(key: str) -> bool:
    """True when the line opens with a publication cue (نشر في، بتاريخ، آخر تحديث)."""
    return bool(_byline_start().search(key))
