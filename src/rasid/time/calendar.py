"""Calendar arithmetic for dates read from text: intervals, parts of periods, anchors.

Rules (documented here once):
- a date without a year, with an anchor, takes the year that puts it on or before the anchor
  (``13 فبراير`` read on 2025-03-01 is 2025-02-13; read on 2025-01-10 it is 2024-02-13);
- a month without a year likewise takes the latest year that puts the month on or before the anchor;
- a weekday is the most recent such day on or before the anchor, or the first one after it
  when marked as coming (المقبل); when the publication time is late in the UTC day
  (``LATE_UTC_HOUR`` or later: already the next day from UTC+2 to UTC+4, the Middle East), a
  bare weekday that names the next day is that day («فجر الاثنين» published Sunday 23:43 UTC);
- early / mid / late parts of a year are months 1-4 / 5-8 / 9-12, of a month days 1-10 / 11-20 / 21-end
  (from the fractions in the data file).
"""
from __future__ import annotations

import calendar as _calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

MIN_YEAR = 1000
LATE_UTC_HOUR = 21          # 21:00 UTC is past midnight from UTC+3 (most of the Arab world) eastward
MAX_YEAR = 2199


@dataclass(frozen=True, slots=True)
class Interval:
    """The days a date expression can mean, with the ISO prefix that names it."""

    earliest: date
    latest: date
    value: str | None
    granularity: str | None


def month_last_day(year: int, month: int) -> int:
    return _calendar.monthrange(year, month)[1]


def valid_day(year: int, month: int, day: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12 and 1 <= day <= month_last_day(year, month)


def day_interval(d: date) -> Interval:
    return Interval(d, d, d.isoformat(), "day")


def month_interval(year: int, month: int) -> Interval:
    return Interval(date(year, month, 1), date(year, month, month_last_day(year, month)),
                    f"{year:04d}-{month:02d}", "month")


def year_interval(year: int) -> Interval:
    return Interval(date(year, 1, 1), date(year, 12, 31), f"{year:04d}", "year")


def span_interval(earliest: date, latest: date) -> Interval:
    """An interval named by the smallest calendar unit that holds it (or nothing when none does)."""
    if earliest == latest:
        return day_interval(earliest)
    if (earliest.year, earliest.month) == (latest.year, latest.month):
        return Interval(earliest, latest, f"{earliest.year:04d}-{earliest.month:02d}", "month")
    if earliest.year == latest.year:
        return Interval(earliest, latest, f"{earliest.year:04d}", "year")
    return Interval(earliest, latest, None, None)


def part_of_year(year: int, start_fraction: float, end_fraction: float) -> Interval:
    first = int(round(start_fraction * 12)) + 1
    last = max(first, int(round(end_fraction * 12)))
    whole = year_interval(year)
    return Interval(date(year, first, 1), date(year, last, month_last_day(year, last)), whole.value, "year")


def part_of_month(year: int, month: int, start_fraction: float, end_fraction: float) -> Interval:
    days = month_last_day(year, month)
    first = int(round(start_fraction * 30)) + 1
    last = days if end_fraction >= 1.0 else min(days, max(first, int(round(end_fraction * 30))))
    whole = month_interval(year, month)
    return Interval(date(year, month, first), date(year, month, last), whole.value, "month")


def shift_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def year_for_month_day(anchor: date, month: int, day: int) -> int:
    """The year that puts ``month``/``day`` on or before ``anchor``."""
    return anchor.year if (month, day) <= (anchor.month, anchor.day) else anchor.year - 1


def year_for_month(anchor: date, month: int) -> int:
    return anchor.year if month <= anchor.month else anchor.year - 1


def recent_weekday(anchor: date, weekday: int) -> date:
    """The most recent ``weekday`` (0 = Monday) on or before ``anchor``."""
    return anchor - timedelta(days=(anchor.weekday() - weekday) % 7)


def coming_weekday(anchor: date, weekday: int) -> date:
    """The first ``weekday`` strictly after ``anchor``."""
    return anchor + timedelta(days=(weekday - anchor.weekday() - 1) % 7 + 1)


def shift_date(anchor: date, unit: str, count: int) -> Interval:
    """The day, month or year ``count`` units away from ``anchor`` (negative = in the past)."""
    if unit == "day":
        return day_interval(anchor + timedelta(days=count))
    if unit == "week":
        return day_interval(anchor + timedelta(days=7 * count))
    if unit == "month":
        return month_interval(*shift_months(anchor.year, anchor.month, count))
    return year_interval(anchor.year + count)


def unit_around(anchor: date, unit: str, offset: int) -> Interval:
    """The week, month or year ``offset`` units from the one holding ``anchor`` (weeks: 7-day blocks)."""
    if unit == "week":
        if offset < 0:
            return span_interval(anchor - timedelta(days=7), anchor - timedelta(days=1))
        if offset > 0:
            return span_interval(anchor + timedelta(days=1), anchor + timedelta(days=7))
        return span_interval(anchor - timedelta(days=6), anchor)
    if unit == "month":
        return month_interval(*shift_months(anchor.year, anchor.month, offset))
    return year_interval(anchor.year + offset)


def parse_anchor(published: str | None) -> date | None:
    """The date part of an ISO date or datetime string, or None when absent or unreadable."""
    if not published:
        return None
    try:
        return date.fromisoformat(published.strip()[:10])
    except ValueError:
        return None


def late_in_utc_day(published: str | None) -> bool:
    """Whether an ISO datetime of publication falls at ``LATE_UTC_HOUR`` UTC or later (a naive
    time is read as UTC); a date alone says nothing."""
    if not published or len(published.strip()) <= 10:
        return False
    try:
        moment = datetime.fromisoformat(published.strip().replace("Z", "+00:00"))
    except ValueError:
        return False
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    return moment.hour >= LATE_UTC_HOUR and moment.date() == parse_anchor(published)


def reported_weekday(anchor: date, weekday: int, late_utc: bool) -> date:
    """A bare weekday: the most recent one, or the next day when published late in the UTC day."""
    if late_utc and (anchor + timedelta(days=1)).weekday() == weekday:
        return anchor + timedelta(days=1)
    return recent_weekday(anchor, weekday)
