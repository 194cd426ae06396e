"""Within-article coreference: the mentions of one article that report the same event.

An article names its event once with a place and a date, then refers back to it (الهجوم، الحادث،
التفجير) in sentences that carry a figure, a claim or a quote but no place or date. Before
comparing articles, each article's mentions are grouped:

1. *Anchored* mentions (with a place, a date or a perpetrator) join, in text order, the group of
   the same article with which they share positive evidence (same or nested place, same country
   for a coarse place, overlapping dates, a compatible perpetrator) and no veto (dates that
   exclude each other, different countries, two different cities, unrelated perpetrators, tolls
   ten times apart, a news article's undated mention and a date outside its recent past); else
   they start a group.
2. *Back-references* (no place, no date, no perpetrator) join the nearest preceding compatible
   group (else, in a news article, the first one after). In an analysis or opinion piece, which
   reviews many events, only the immediately preceding group is tried, and a mention with its own
   toll joins it only when some member gives a close toll.

Two different days written for two event words of one article (not a claim) are two events;
so are an undated mention that says it came days after another attack («بعد يوم واحد من هجمات»)
and a date on or before that day (the attack it recalls, background.py); a date the reading
borrowed from an earlier sentence gives way to another mention's own date.

Each group becomes a ``unit``: a synthetic record with the group's most specific (own) date, most
precise place (a demonym's country last), every perpetrator and the largest figure, which
cross-article clustering compares; a unit with only a month without year carries it (``--MM``).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import groupby
from typing import Any

from rasid.resolve.background import background_units, lead_unit, recalled_by_undated, reports_recent_lead
from rasid.resolve.config import FigureData, Policy
from rasid.resolve.dates import most_specific_consistent
from rasid.resolve.places import is_demonym_place
from rasid.resolve.quantities import read_quantity
from rasid.resolve.records import FIGURE_FIELDS, ActorKey, MentionRecord, PlaceKey
from rasid.resolve.similarity import Scorer, borrowed_date, has_own_date, own_dates, yearless
from rasid.resolve.titles import placed_in_title, refined_place

NEWS_GENRES = frozenset({"news", ""})


@dataclass
class ArticleGroup:
    """Mentions of one article judged to report one event."""

    members: list[MentionRecord] = field(default_factory=list)

    @property
    def last_start(self) -> int:
        return max(r.start for r in self.members)


def is_anchored(record: MentionRecord, policy: Policy) -> bool:
    """A mention that says where, when or by whom (not a bare back-reference)."""
    return record.interval is not None or record.place is not None or bool(record.perpetrators(policy))


def own_date_first(a: MentionRecord, b: MentionRecord) -> tuple[MentionRecord, MentionRecord]:
    """A date borrowed from an earlier sentence gives way to the other mention's own date: the
    borrowed one is compared as undated."""
    if borrowed_date(a) and has_own_date(b):
        return without_date(a), b
    if borrowed_date(b) and has_own_date(a):
        return a, without_date(b)
    return a, b


def two_days(a: MentionRecord, b: MentionRecord) -> bool:
    """Two different days written in one article for two event words (not a claim's day): one
    article reads its dates against one publication date, so the day-apart tolerance across
    articles (time zones, "yesterday") does not apply."""
    if "claim" in (a.type, b.type) or not (has_own_date(a) and has_own_date(b)):
        return False
    ia, ib = a.interval, b.interval
    return bool(ia and ib and ia.granularity == ib.granularity == "day" and ia.earliest != ib.earliest)


def without_date(record: MentionRecord) -> MentionRecord:
    return replace(record, interval=None, news_window=None, mention={**record.mention, "date": None, "date_text": None})


class ArticleGrouper:
    """Groups one article's mention records (all of one article, in text order)."""

    def __init__(self, scorer: Scorer, policy: Policy) -> None:
        self.scorer, self.policy = scorer, policy

    def vetoed(self, a: MentionRecord, b: MentionRecord) -> bool:
        """Evidence that two mentions of one article are two events."""
        s = self.scorer
        a, b = own_date_first(a, b)
        if a.family != b.family or s.date_score(a, b) is None or s.place_score(a.place, b.place) is None:
            return True
        if self._two_cities(a.place, b.place) or s.actor_score(a, b) < 0 or self._outside_window(a, b):
            return True
        if two_days(a, b) or recalled_by_undated(a, b) or recalled_by_undated(b, a):
            return True
        return s.figure_score(a, b) <= self.policy.weight("figure_far")

    @staticmethod
    def _outside_window(a: MentionRecord, b: MentionRecord) -> bool:
        """A news article's undated mention (its recent past) and a dated one long before it."""
        dated, undated = (a, b) if b.interval is None else (b, a)
        if dated.interval is None or undated.news_window is None:
            return False
        return not dated.interval.overlaps(undated.news_window)

    def _two_cities(self, a: PlaceKey | None, b: PlaceKey | None) -> bool:
        if a is None or b is None:
            return False
        return self.scorer.place_score(a, b) == self.policy.weight("place_other_city_same_country")

    def places_related(self, a: MentionRecord, b: MentionRecord) -> bool:
        """Not clearly elsewhere: unplaced, or places that may be one (the same, one within the
        other, or one coarse, demonym or unknown site in the other's country); two different
        cities or countries are elsewhere."""
        if a.place is None or b.place is None:
            return True
        score = self.scorer.place_score(a.place, b.place)
        return score is not None and score >= 0 and not self._two_cities(a.place, b.place) and \
            not (score == 0 and a.place.country != b.place.country) and not self._two_regions(a.place, b.place)

    def _two_regions(self, a: PlaceKey, b: PlaceKey) -> bool:
        """Two KB regions of one country (two states, two provinces), neither within the other."""
        kb = self.scorer.kb
        if not (a.kb_id and b.kb_id) or a.kb_id == b.kb_id or not (a.precision == b.precision == "region"):
            return False
        if not (kb.known(a.kb_id) and kb.known(b.kb_id)) or a.country != b.country:
            return False
        return not (kb.within(a.kb_id, b.kb_id) or kb.within(b.kb_id, a.kb_id) or
                    self.scorer.place_score(a, b) == self.policy.weight("place_within"))

    def support(self, a: MentionRecord, b: MentionRecord) -> float:
        """Positive evidence only (0 when nothing is shared)."""
        s, total = self.scorer, 0.0
        a, b = own_date_first(a, b)
        if a.place is not None and b.place is not None:
            total += max(s.place_score(a.place, b.place) or 0.0, 0.0)
        if a.interval is not None and b.interval is not None:
            total += max(s.date_score(a, b) or 0.0, 0.0)
        return total + max(s.actor_score(a, b), 0.0)

    def agrees_on_figures(self, record: MentionRecord, group: ArticleGroup) -> bool:
        """A mention without a figure, or whose figure some member of the group gives too."""
        if not any(record.figure(name) for name in ("killed", "injured")):
            return True
        return any(self.scorer.figure_score(record, m) > 0 for m in group.members)

    def compatible(self, record: MentionRecord, group: ArticleGroup) -> bool:
        return not any(self.vetoed(record, m) for m in group.members)

    def group(self, records: list[MentionRecord], genre: str) -> list[ArticleGroup]:
        groups: list[ArticleGroup] = []
        anchored = [r for r in records if is_anchored(r, self.policy)]
        for record in anchored:
            self._place_anchored(record, groups)
        for record in records:
            if not is_anchored(record, self.policy):
                self._place_reference(record, groups, genre)
        return sorted(groups, key=lambda g: min(m.sort_key for m in g.members))

    def _place_anchored(self, record: MentionRecord, groups: list[ArticleGroup]) -> None:
        scored = []
        for position, group in enumerate(groups):
            if not self.compatible(record, group):
                continue
            support = max(self.support(record, m) for m in group.members)
            if support > 0:
                scored.append((support, group.last_start, position))
        if scored:
            groups[max(scored)[2]].members.append(record)
        else:
            groups.append(ArticleGroup([record]))

    def _place_reference(self, record: MentionRecord, groups: list[ArticleGroup], genre: str) -> None:
        """Nearest preceding group (a news article may skip incompatible ones), else the first after."""
        family = [g for g in groups if g.members[0].family == record.family]
        before = sorted((g for g in family if min(m.start for m in g.members) <= record.start),
                        key=lambda g: -max(m.start for m in g.members if m.start <= record.start))
        after = sorted((g for g in family if g not in before), key=lambda g: min(m.start for m in g.members))
        if genre not in NEWS_GENRES:
            before, after = [g for g in before[:1] if self.agrees_on_figures(record, g)], []
        choice = next((g for g in before + after if self.compatible(record, g)), None)
        if choice is None:
            groups.append(ArticleGroup([record]))
        else:
            choice.members.append(record)


@dataclass
class Unit:
    """A group of one article's mentions, and the synthetic record that stands for it."""

    record: MentionRecord
    members: list[MentionRecord]


def _largest_quantity(members: list[MentionRecord], name: str, data: FigureData) -> dict[str, Any] | None:
    best, best_point = None, -1
    for record in members:
        quantity = record.figure(name)
        reading = read_quantity(quantity, data)
        if reading is not None and reading.point is not None and reading.point > best_point:
            best, best_point = quantity, reading.point
    return best or next((r.figure(name) for r in members if r.figure(name)), None)


def _best_place(members: list[MentionRecord], policy: Policy) -> PlaceKey | None:
    placed = [r for r in members if r.place is not None]
    if not placed:
        return None
    rank = policy.precision_rank
    return sorted(placed, key=lambda r: (is_demonym_place(r.place), -rank.get(r.place.precision or "", 0),
                                         not r.place.kb_id, r.sort_key))[0].place


def _main_type(members: list[MentionRecord], policy: Policy) -> str:
    counts = Counter(r.type for r in members)
    non_claim = [t for t in counts if t != "claim"] or list(counts)
    order = {t: i for i, t in enumerate(policy.type_main_order)}
    return sorted(non_claim, key=lambda t: (-counts[t], order.get(t, len(order)), t))[0]


def _main_subtype(members: list[MentionRecord], policy: Policy) -> str | None:
    subtypes = sorted({r.subtype for r in members if r.subtype},
                      key=lambda s: (-policy.subtype_specificity.get(s, 0), s))
    return subtypes[0] if subtypes else None


def unit_record(index: int, members: list[MentionRecord], policy: Policy, data: FigureData) -> MentionRecord:
    """The record cross-article clustering compares for one group of an article's mentions."""
    first = min(members, key=lambda r: r.sort_key)
    dated = own_dates(members)
    interval, _ = most_specific_consistent([r.interval for r in dated if r.interval is not None])
    actors: dict[tuple[str | None, str, str], ActorKey] = {}
    for record in members:
        for actor in record.actors:
            actors.setdefault((actor.kb_id, actor.key, actor.role), actor)
    mention: dict[str, Any] = {"start": first.start, "article": first.article}
    if interval is None:
        mention["date"] = next((r.mention.get("date") for r in dated if yearless(r) is not None), None)
    for name in FIGURE_FIELDS:
        mention[name] = _largest_quantity(members, name, data)
    return MentionRecord(
        index=index, article=first.article, event=first.event, mention=mention,
        type=_main_type(members, policy), subtype=_main_subtype(members, policy), family=first.family,
        interval=interval, news_window=None if interval else first.news_window,
        place=_best_place(members, policy), actors=list(actors.values()), published=first.published,
        recalled=tuple(dict.fromkeys(day for r in members for day in r.recalled)),
        stale_until=None if interval else max((r.stale_until for r in members if r.stale_until), default=None),
        title_places=first.title_places)


def build_units(records: list[MentionRecord], genres: dict[str, str], scorer: Scorer, policy: Policy,
                data: FigureData) -> list[Unit]:
    """Every article's mention groups as units, in article order then text order."""
    grouper = ArticleGrouper(scorer, policy)
    units: list[Unit] = []
    for article, article_records in groupby(records, key=lambda r: r.article):
        ordered = sorted(article_records, key=lambda r: r.sort_key)
        genre = genres.get(article, "news")
        article_units = [Unit(unit_record(len(units) + i, group.members, policy, data), group.members)
                         for i, group in enumerate(grouper.group(ordered, genre))]
        with_title_evidence(article_units, genre, scorer)
        in_title = partial(placed_in_title, view=scorer.kb)
        for unit in background_units(article_units, genre, grouper.places_related, in_title):
            unit.record = replace(unit.record, background=True)
        units.extend(article_units)
    return units


def with_title_evidence(units: list[Unit], genre: str, scorer: Scorer) -> None:
    """The title's places stay on the lead unit of a news report only (titles.py), and complete its
    place when coarse; other units, and the units of other genres, carry none."""
    lead = lead_unit(units, partial(placed_in_title, view=scorer.kb)) if genre == "news" else None
    if lead is not None and not (lead.record.title_places and reports_recent_lead(lead.record)):
        lead = None
    for unit in units:
        if unit is lead:
            place = refined_place(unit.record.place, unit.record.title_places, scorer.kb)
            unit.record = replace(unit.record, place=place)
        elif unit.record.title_places:
            unit.record = replace(unit.record, title_places=())
