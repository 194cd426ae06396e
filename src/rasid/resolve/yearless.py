"""Linking a mention dated by a month (or day and month) without year to the one event it fits.

An article without a publication date that says «في يناير» gives a date of no known year: it is
compatible with an event in that January of any year, so its date is weak evidence and pair
scoring alone rarely links it. After clustering, a unit still alone with such a date joins a
cluster when the other evidence is strong and only one cluster fits:

- some member is dated inside that month (day) of some year, and no member vetoes the pair
  (type family, dates, countries) or comes from the same article;
- the same type (a claim fits any type of its family), and subtypes that do not clash;
- the same place, one place within the other, or a country containing the other's place;
- a compatible perpetrator (through the KB) or a close toll (``figure_close_ratio``).
"""
from __future__ import annotations

from typing import Callable

from rasid.resolve.records import MentionRecord
from rasid.resolve.similarity import PairScore, Scorer, yearless

PairFn = Callable[[int, int], PairScore]


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
    if not any(o.interval is not None and date.fits(o.interval) for o in others):
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
                    records: list[MentionRecord], scorer: Scorer, pair: PairFn) -> int | None:
    """The root of the only cluster the yearless record fits, else None (none, or several)."""
    own = root_of(index)
    fitting = [root for root, group in sorted(members.items())
               if root != own and fits_cluster(index, group, records, scorer, pair)]
    return fitting[0] if len(fitting) == 1 else None
