"""Linking a mention dated by a month (or day and month) without year to the one event it fits.

An article without a publication date that says «في يناير» gives a date of no known year: it is
compatible with an event in that January of any year, so its date is weak evidence and pair
scoring alone rarely links it. After clustering, a unit still alone with such a date joins a
cluster when the other evidence is strong and only one cluster fits:

- some member is dated, at month or day level, inside that month (day) of some year (a year
  says nothing of the month), and no member vetoes the pair (type family, dates, countries) or
  comes from the same article;
- the same type (a claim fits any type of its family), and subtypes that do not clash;
- the same place, one place within the other, or a country containing the other's place;
- a compatible perpetrator (through the KB) or a close toll (``figure_close_ratio``).
"""
from __future__ import annotations

from collections import defaultdict
from typing import Callable

from rasid.resolve.dates import Interval
from rasid.resolve.records import MentionRecord
from rasid.resolve.similarity import PairScore, Scorer, yearless

PairFn = Callable[[int, int], PairScore]
MonthKey = tuple[str, int, str | None]
MONTHS = 12
MAX_MONTH_DAYS = 31


def months_of(interval: Interval) -> list[int]:
    """The calendar months (1-12) an interval touches in some year."""
    if interval.days >= 365:
        return list(range(1, MONTHS + 1))
    out, year, month = [], interval.earliest.year, interval.earliest.month
    while (year, month) <= (interval.latest.year, interval.latest.month) and len(out) < MONTHS:
        out.append(month)
        year, month = (year + 1, 1) if month == MONTHS else (year, month + 1)
    return sorted(set(out))


def pins_month(record: MentionRecord) -> bool:
    """A date at month or day level (a year says nothing of the month)."""
    return record.interval is not None and record.interval.days <= MAX_MONTH_DAYS


def _country(record: MentionRecord) -> str | None:
    return record.place.country if record.place is not None else None


def month_index(records: list[MentionRecord], members: dict[int, list[int]]) -> dict[MonthKey, list[int]]:
    """(family, calendar month, country) -> the dated records there (clusters are found through them)."""
    index: dict[MonthKey, list[int]] = defaultdict(list)
    for group in members.values():
        for j in group:
            record = records[j]
            if record.interval is not None and pins_month(record):
                for month in months_of(record.interval):
                    index[(record.family, month, _country(record))].append(j)
    return index


def lone_yearless(records: list[MentionRecord], members: dict[int, list[int]]) -> list[int]:
    """Indices of records alone in their cluster whose only date is a month (day) without year."""
    return sorted(i for root, group in members.items() if len(group) == 1
                  for i in group if yearless(records[i]) is not None)


def fits_cluster(index: int, group: list[int], records: list[MentionRecord], scorer: Scorer, pair: PairFn) -> bool:
    """Whether the yearless record ``index`` may be the event of the cluster ``group``."""
    record = records[index]
    date = yearless(record)
    if date is None or record.place is None:
        return False
    others = [records[j] for j in group]
    if any(o.article == record.article or o.family != record.family for o in others):
        return False
    if not any(pins_month(o) and o.interval is not None and date.fits(o.interval) for o in others):
        return False
    if any(pair(index, j).vetoed for j in group):
        return False
    return any(_corroborates(record, o, scorer) for o in others)


def _corroborates(record: MentionRecord, other: MentionRecord, scorer: Scorer) -> bool:
    """Same type, compatible places, and a shared perpetrator or a close toll."""
    if record.type != other.type and "claim" not in (record.type, other.type):
        return False
    if scorer.type_score(record, other) < 0:
        return False
    place = scorer.place_score(record.place, other.place) if other.place is not None else None
    if place is None or place <= 0:
        return False
    close = scorer.figure_score(record, other) >= scorer.policy.weight("figure_close")
    return close or scorer.actor_score(record, other) > 0


def yearless_target(index: int, members: dict[int, list[int]], root_of: Callable[[int], int],
                    records: list[MentionRecord], scorer: Scorer, pair: PairFn,
                    by_month: dict[MonthKey, list[int]]) -> int | None:
    """The root of the only cluster the yearless record fits, else None (none, or several).

    Only clusters with a dated member in the record's month and family, in its country or of no
    known country, are tried (``by_month`` from :func:`month_index`)."""
    record, date = records[index], yearless(records[index])
    if date is None or record.place is None:
        return None
    own = root_of(index)
    keys = [(record.family, date.month, _country(record)), (record.family, date.month, None)]
    roots = sorted({root_of(j) for key in dict.fromkeys(keys) for j in by_month.get(key, [])} - {own})
    fitting = [root for root in roots if fits_cluster(index, members[root], records, scorer, pair)]
    return fitting[0] if len(fitting) == 1 else None
