"""Date intervals of event mentions: parsing, overlap and the most specific consistent date."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_YEARLESS = re.compile(r"^--(\d{2})(?:-(\d{2}))?$")
GRANULARITY_RANK = {"day": 3, "month": 2, "year": 1}


@dataclass(frozen=True)
class Interval:
    """A closed date interval with the granularity it was written at."""

    earliest: date
    latest: date
    granularity: str
    value: str

    @property
    def days(self) -> int:
        return (self.latest - self.earliest).days + 1

    def overlaps(self, other: "Interval") -> bool:
        return self.earliest <= other.latest and other.earliest <= self.latest

    def contains(self, other: "Interval") -> bool:
        return self.earliest <= other.earliest and other.latest <= self.latest

    def gap_days(self, other: "Interval") -> int:
        """Days between the two intervals (0 when they overlap)."""
        if self.overlaps(other):
            return 0
        if self.latest < other.earliest:
            return (other.earliest - self.latest).days
        return (self.earliest - other.latest).days

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "granularity": self.granularity,
                "earliest": self.earliest.isoformat(), "latest": self.latest.isoformat()}


def parse_iso_day(text: str | None) -> date | None:
    """A ``date`` from the first 10 characters of an ISO date or datetime, else None."""
    if not text:
        return None
    m = _ISO.match(text.strip())
    if not m or not m.group(3):
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def interval_of_value(value: str) -> Interval | None:
    """The interval an ISO prefix (YYYY, YYYY-MM, YYYY-MM-DD) stands for; None for --MM-DD or junk."""
    m = _ISO.match(value or "")
    if not m:
        return None
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        if day:
            d = date(year, int(month), int(day))
            return Interval(d, d, "day", d.isoformat())
        if month:
            last = calendar.monthrange(year, int(month))[1]
            return Interval(date(year, int(month), 1), date(year, int(month), last), "month", f"{year:04d}-{int(month):02d}")
        return Interval(date(year, 1, 1), date(year, 12, 31), "year", f"{year:04d}")
    except ValueError:
        return None


def interval_of(date_obj: dict[str, Any] | None) -> Interval | None:
    """The interval of a CONTRACT date object: its value, else its earliest/latest bounds."""
    if not date_obj:
        return None
    by_value = interval_of_value(date_obj.get("value") or "")
    if by_value is not None:
        return by_value
    earliest, latest = parse_iso_day(date_obj.get("earliest")), parse_iso_day(date_obj.get("latest"))
    if earliest and latest and earliest <= latest:
        granularity = date_obj.get("granularity") or "day"
        value = earliest.isoformat() if earliest == latest else f"{earliest.isoformat()}/{latest.isoformat()}"
        return Interval(earliest, latest, granularity, value)
    return None


@dataclass(frozen=True)
class YearlessDate:
    """A month (and day) written without a year, in an article without a publication date
    (``--MM`` or ``--MM-DD``): it may be that month of any year."""

    month: int
    day: int | None = None

    def fits(self, interval: Interval) -> bool:
        """Whether this month (day) of some year lies in ``interval``."""
        for year in range(interval.earliest.year, interval.latest.year + 1):
            if interval.overlaps(self.in_year(year)):
                return True
        return False

    def agrees(self, other: "YearlessDate") -> bool:
        """Same month, and the same day when both give one."""
        return self.month == other.month and (self.day is None or other.day is None or self.day == other.day)

    def in_year(self, year: int) -> Interval:
        """The interval this date stands for in ``year`` (a 29 February outside leap years: the month)."""
        if self.day is not None and self.day <= calendar.monthrange(year, self.month)[1]:
            d = date(year, self.month, self.day)
            return Interval(d, d, "day", d.isoformat())
        last = calendar.monthrange(year, self.month)[1]
        return Interval(date(year, self.month, 1), date(year, self.month, last), "month", f"{year:04d}-{self.month:02d}")


def yearless_of(date_obj: dict[str, Any] | None) -> YearlessDate | None:
    """The yearless date of a CONTRACT date object whose value is ``--MM`` or ``--MM-DD``; else None."""
    if not date_obj:
        return None
    m = _YEARLESS.match(str(date_obj.get("value") or ""))
    if not m:
        return None
    month, day = int(m.group(1)), int(m.group(2)) if m.group(2) else None
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= calendar.monthrange(2000, month)[1]):
        return None
    return YearlessDate(month, day)


def window_before(day: date, days: int) -> Interval:
    """The ``days`` days up to and including ``day`` (a news article's recent past)."""
    return Interval(day - timedelta(days=days), day, "window", f"{day - timedelta(days=days)}/{day}")


def specificity(interval: Interval) -> int:
    return GRANULARITY_RANK.get(interval.granularity, 0)


def most_specific_consistent(intervals: list[Interval]) -> tuple[Interval | None, bool]:
    """The most specific interval inside the intersection of all; ``(choice, consistent)``.

    When the intervals do not all overlap, the most specific of the largest mutually
    consistent group is returned with ``consistent=False``.
    """
    if not intervals:
        return None, True
    lo = max(i.earliest for i in intervals)
    hi = min(i.latest for i in intervals)
    if lo <= hi:
        inside = [i for i in intervals if lo <= i.earliest and i.latest <= hi]
        pool = inside or intervals
        return _pick(pool), True
    groups = [[j for j in intervals if j.overlaps(i)] for i in intervals]
    best_group = max(groups, key=lambda g: (len(g), max(specificity(x) for x in g)))
    return _pick(best_group), False


def _pick(pool: list[Interval]) -> Interval:
    return sorted(pool, key=lambda i: (-specificity(i), i.days, i.value, i.earliest))[0]
