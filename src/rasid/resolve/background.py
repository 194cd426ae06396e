"""Background mentions: earlier incidents a news report recalls beside its lead incident.

A news report tells one incident, its *lead*: the event of its opening sentences, dated at or
near publication. It often recalls an earlier incident (a police-station bombing report recalls
the church bombings of the day before). Such a recalled mention is still an event mention of
the article, but it must not link the article to every report of the earlier incident:
resolution keeps it as an event of its own article (``MentionRecord.background``; the scorer
vetoes it against other articles' mentions).

Within one news article (genre ``news``), after its mentions are grouped into units:

- the lead unit is the unit of the article's opening sentence (its first mention, any family);
  when that sentence gives several events, the latest dated of them, then one of the violence
  family (attack, claim, armed clash);
- another unit of the lead's family or of the violence family is *background* when its date lies
  wholly before the lead's by more than a day (``MAX_GAP_DAYS``): before the lead's own date, or,
  when the lead has no date, before its recent-past day (the publication day, or the day of a
  claim); or by any day when it lies elsewhere than a dated lead (another city, country or KB
  region, by its own place or a KB place one of its members names: one article reads all its days
  against one publication date, so one day apart is two days); or when it falls on the day the
  lead's sentence gives to the event it recalls («بعد يوم من ... الأحد»), or on or before the day
  an undated lead says it came after («بعد يوم واحد من هجمات ...»);
- in a report led by a dated event of another family (a raid), an undated attack elsewhere is
  background: the attack the raid followed.

Explainers and opinion pieces have no lead incident, so none of their mentions is background;
nor has an article without a publication date, or whose lead is not dated in the month before
publication (``reports_recent_lead``): nothing says which incident is its own.
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import Callable, Protocol

from rasid.resolve.datecues import recalled_day_clash
from rasid.resolve.dates import window_before
from rasid.resolve.records import MentionRecord

LEAD_FAMILY = "violence"
RECENT_LEAD_DAYS = 30      # a lead dated within the month before publication
MAX_LEAD_DAYS = 31         # at most a month: a year-level lead says nothing of recent news
MAX_GAP_DAYS = 1           # a day apart may be one event (time zones, "yesterday")


class UnitLike(Protocol):
    record: MentionRecord
    members: list[MentionRecord]


def lead_unit(units: list[UnitLike], in_title: Callable[[MentionRecord], bool] | None = None) -> UnitLike | None:
    """The unit of the article's opening event sentence; when that sentence names several events
    (a raid «on a cell involved in Friday's attack»), the latest dated of them (the others are
    recalled), then one placed where the article's title says (``in_title``, titles.py), then one
    of the violence family."""
    if not units:
        return None
    opening = min(m.start for u in units for m in u.members)
    openers = [u for u in units if any(m.start == opening for m in u.members)]
    first = lambda u: min(m.sort_key for m in u.members)    # noqa: E731 - a sort key
    titled = in_title or (lambda record: False)
    return min(openers, key=lambda u: (-_day_ordinal(u.record), not titled(u.record),
                                       u.record.family != LEAD_FAMILY, first(u)))


def _day_ordinal(record: MentionRecord) -> int:
    """The latest day a unit's date allows (an undated unit: its recent past's end), 0 when unknown."""
    if record.interval is not None:
        return record.interval.latest.toordinal()
    return record.news_window.latest.toordinal() if record.news_window is not None else 0


def reports_recent_lead(lead: MentionRecord) -> bool:
    """A news report of a lead incident: a publication date, and the lead dated in the weeks
    before it (or undated: its recent past). Without a publication date (a profile the genre
    cues took for news) nothing says which incident is the article's own."""
    if lead.published is None:
        return False
    if lead.interval is None:
        return True
    recent = window_before(lead.published, RECENT_LEAD_DAYS)
    return lead.interval.overlaps(recent) and lead.interval.days <= MAX_LEAD_DAYS


def _lead_day(lead: MentionRecord) -> date | None:
    """The day the lead's date starts, else the end of its recent past (publication, or a claim's day)."""
    if lead.interval is not None:
        return lead.interval.earliest
    if lead.news_window is not None:
        return lead.news_window.latest
    return None


def is_background(unit: MentionRecord, lead: MentionRecord, elsewhere: bool = False) -> bool:
    """A unit of the lead's (or the violence) family dated wholly before the lead by more than a day, or by any day
    when it lies elsewhere than a dated lead, or on the day the lead's own sentence recalls."""
    if unit.family not in (lead.family, LEAD_FAMILY) or unit.interval is None:
        return False
    if recalled_day_clash(lead.recalled, unit.interval) or recalled_by_undated(lead, unit):
        return True
    day = _lead_day(lead)
    gap = 0 if elsewhere and lead.interval is not None else MAX_GAP_DAYS
    return day is not None and unit.interval.latest < day - timedelta(days=gap)


def recalled_by_undated(undated: MentionRecord, dated: MentionRecord) -> bool:
    """An undated mention that says it came days after another attack, and a date on or before
    that many days before its report: most likely the attack it recalls (datecues.py)."""
    return (undated.interval is None and undated.stale_until is not None and dated.interval is not None
            and dated.interval.latest <= undated.stale_until)


def background_units(units: list[UnitLike], genre: str, related: Callable[[MentionRecord, MentionRecord], bool],
                     in_title: Callable[[MentionRecord], bool] | None = None) -> list[UnitLike]:
    """The units of one article that recall earlier incidents (none outside news reports).
    ``related(a, b)``: whether two units' places may be one (not two cities or two countries);
    ``in_title``: whether a unit is placed where the title says (chooses among opening events)."""
    if genre != "news":
        return []
    lead = lead_unit(units, in_title)
    if lead is None or not reports_recent_lead(lead.record):
        return []
    return [u for u in units if u is not lead and (
        is_background(u.record, lead.record, lies_elsewhere(u, lead.record, related))
        or recalled_by_other_lead(u, lead.record, related))]


def recalled_by_other_lead(unit: UnitLike, lead: MentionRecord,
                           related: Callable[[MentionRecord, MentionRecord], bool]) -> bool:
    """An undated attack elsewhere in a report led by a dated event of another family (a raid on
    the cell «suspected of the bombing in another town»): the attack the lead followed."""
    return (unit.record.interval is None and lead.interval is not None and unit.record.family == LEAD_FAMILY
            and lead.family != LEAD_FAMILY and unit.record.place is not None and lies_elsewhere(unit, lead, related))


def lies_elsewhere(unit: UnitLike, lead: MentionRecord,
                   related: Callable[[MentionRecord, MentionRecord], bool]) -> bool:
    """The unit's place, or a KB place one of its members names (the unit's place may be a site
    the KB does not know: «مدرسة» in a state another member names), is not the lead's."""
    if not related(unit.record, lead):
        return True
    return any(m.place is not None and m.place.kb_id and not related(m, lead) for m in unit.members)
