"""Pairwise evidence that two event mentions report the same real event.

Each component returns a score contribution, or raises the pair's veto (incompatible type
family, disjoint dates beyond tolerance, different countries). Weights and the threshold are
data (``rasid/data/resolve/policy.json``), documented in docs/RECONCILIATION.md.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rasid.resolve.config import FigureData, Policy
from rasid.resolve.datecues import recalled_day_clash
from rasid.resolve.dates import YearlessDate, yearless_of
from rasid.resolve.kbview import KBView
from rasid.resolve.places import is_demonym_place, spelling_variants
from rasid.resolve.quantities import Reading, read_quantity
from rasid.resolve.records import ActorKey, MentionRecord, PlaceKey
from rasid.resolve.titles import titles_agree

MIN_NESTED_SITE_WORDS = 2
MAX_MONTH_DAYS = 31        # a date at month or day level (a year says nothing of a month)


@dataclass(frozen=True)
class PairScore:
    score: float
    veto: str | None = None

    @property
    def vetoed(self) -> bool:
        return self.veto is not None


def yearless(record: MentionRecord) -> YearlessDate | None:
    """The month (day) without year of an otherwise undated mention (``--MM``, ``--MM-DD``)."""
    return yearless_of(record.mention.get("date")) if record.interval is None else None


def borrowed_date(record: MentionRecord) -> bool:
    """A date read from an earlier sentence of the paragraph (its text is not in the mention's sentence)."""
    text, sentence = record.mention.get("date_text"), record.mention.get("sentence")
    return bool(text and sentence and text not in sentence)


def has_own_date(record: MentionRecord) -> bool:
    """A date (or a month without year) written in the mention's own sentence."""
    return (record.interval is not None or yearless(record) is not None) and not borrowed_date(record)


def own_dates(records: list[MentionRecord]) -> list[MentionRecord]:
    """The records whose dates count: those with their own date when there are any, else all."""
    own = [r for r in records if has_own_date(r)]
    return own or records


def comparable(a: Reading | None, b: Reading | None) -> bool:
    """Two figures worth comparing: both precise, or both a number plus a vague part (13 and dozens)."""
    if a is None or b is None or not a.point or not b.point:
        return False
    if "vague" not in (a.kind, b.kind):
        return True
    return a.has_vague_part and b.has_vague_part


def _unplaced_site(place: PlaceKey) -> bool:
    """A site the KB does not know (مقر المؤسسة الوطنية): it may lie in any city of its country."""
    return place.precision == "site" and not place.kb_id


def _nested_site_names(a: PlaceKey, b: PlaceKey) -> bool:
    """Two unknown sites, one named by the first words of the other (مقر القوة / مقر القوة المشتركة)."""
    if not (_unplaced_site(a) and _unplaced_site(b)) or not a.key or not b.key:
        return False
    short, long_ = sorted((a.key.split(), b.key.split()), key=len)
    return len(short) >= MIN_NESTED_SITE_WORDS and long_[:len(short)] == short


def _stale(undated: MentionRecord, day: date) -> bool:
    """A day no later than the earlier event an undated mention says it came after (datecues.py)."""
    return undated.stale_until is not None and day <= undated.stale_until


class Scorer:
    """Scores pairs of mention records under one policy and knowledge base."""

    def __init__(self, policy: Policy, figures: FigureData, kb: KBView) -> None:
        self.policy, self.figures, self.kb = policy, figures, kb
        self._readings: dict[tuple[int, str], Reading | None] = {}

    def reading(self, record: MentionRecord, name: str) -> Reading | None:
        key = (record.index, name)
        if key not in self._readings:
            self._readings[key] = read_quantity(record.figure(name), self.figures)
        return self._readings[key]

    def score(self, a: MentionRecord, b: MentionRecord) -> PairScore:
        if a.family != b.family:
            return PairScore(0.0, "type")
        if (a.background or b.background) and a.article != b.article:
            return PairScore(0.0, "background")
        date_part = self.date_score(a, b)
        if date_part is None or recalled_day_clash(a.recalled, b.interval) or recalled_day_clash(b.recalled, a.interval):
            return PairScore(0.0, "date")
        place_part = self.place_score(a.place, b.place)
        if place_part is None:
            return PairScore(0.0, "country")
        total = self.type_score(a, b) + date_part + place_part + self.actor_score(a, b) + self.figure_score(a, b)
        total += self.title_score(a, b)
        if a.article == b.article:
            total -= self.policy.same_article_extra
        return PairScore(round(total, 6))

    def title_score(self, a: MentionRecord, b: MentionRecord) -> float:
        """Two leads whose articles' titles name one place below country level (titles.py)."""
        if not a.title_places or not b.title_places or a.article == b.article:
            return 0.0
        return self.policy.weight("title_place_shared") if titles_agree(a.title_places, b.title_places, self.kb) else 0.0

    def type_score(self, a: MentionRecord, b: MentionRecord) -> float:
        w = self.policy.weight
        if a.type != b.type and "claim" not in (a.type, b.type):
            return w("type_mismatch_in_family")
        if not a.subtype or not b.subtype:
            return 0.0
        if a.subtype == b.subtype:
            return w("same_subtype")
        if frozenset((a.subtype, b.subtype)) in self.policy.compatible_subtypes:
            return 0.0
        return w("different_subtype")

    def date_score(self, a: MentionRecord, b: MentionRecord) -> float | None:
        """Date evidence; None when the dates exclude each other."""
        w = self.policy.weight
        ia, ib = a.interval, b.interval
        if ia is None or ib is None:
            ya, yb = yearless(a), yearless(b)
            if ya is not None or yb is not None:
                return self._yearless_score(a, ya, b, yb)
            return self._window_score(a, b)
        gap = ia.gap_days(ib)
        if gap:
            both_days = ia.granularity == ib.granularity == "day"
            return w("date_adjacent_day") - 0.2 if both_days and gap <= self.policy.adjacent_day_tolerance else None
        grains = {ia.granularity, ib.granularity}
        if grains == {"day"}:
            return w("date_same_day") if ia.earliest == ib.earliest else w("date_adjacent_day")
        if "day" in grains and "month" in grains:
            return w("date_day_in_month")
        if grains == {"month"}:
            return w("date_same_month")
        return w("date_year_overlap")

    def _yearless_score(self, a: MentionRecord, ya: YearlessDate | None, b: MentionRecord,
                        yb: YearlessDate | None) -> float | None:
        """A month without year that fits the other date's month in some year is weak evidence (a
        year-level date: as if unknown); one that fits in no year excludes it."""
        w = self.policy.weight
        if ya is not None and yb is not None:
            return w("date_yearless_fits") if ya.agrees(yb) else None
        known, other = (ya, b) if ya is not None else (yb, a)
        assert known is not None
        if other.interval is None:
            return w("date_unknown")
        if not known.fits(other.interval):
            return None
        return w("date_yearless_fits") if other.interval.days <= MAX_MONTH_DAYS else w("date_unknown")

    def _window_score(self, a: MentionRecord, b: MentionRecord) -> float:
        """An undated mention in a news article most likely reports its recent past (a few days
        before publication most of all; the window of a claim's day ends on that day)."""
        w = self.policy.weight
        dated, undated = (a, b) if b.interval is None else (b, a)
        if dated.interval is None:
            return self._both_undated(a, b)
        if undated.news_window is None:
            return w("date_unknown")
        if not dated.interval.overlaps(undated.news_window):
            return w("date_outside_news_window")
        reported = undated.news_window.latest
        fresh = dated.interval.granularity == "day" and not _stale(undated, dated.interval.latest) and \
            0 <= (reported - dated.interval.latest).days <= self.policy.fresh_news_days
        return w("date_fresh_news") if fresh else 0.0

    def _both_undated(self, a: MentionRecord, b: MentionRecord) -> float:
        """Two undated news mentions reported (published, or claimed) within a few days of each other."""
        if a.news_window is None or b.news_window is None:
            return self.policy.weight("date_unknown")
        close = abs((a.news_window.latest - b.news_window.latest).days) <= self.policy.fresh_news_days and \
            not _stale(a, b.news_window.latest) and not _stale(b, a.news_window.latest)
        return self.policy.weight("date_fresh_news") if close else self.policy.weight("date_unknown")

    def place_score(self, a: PlaceKey | None, b: PlaceKey | None) -> float | None:
        """Place evidence; None when the places are in different countries."""
        if a is None or b is None:
            return 0.0
        w = self.policy.weight
        demonyms = is_demonym_place(a) + is_demonym_place(b)
        if demonyms == 2 and a.key == b.key:
            return w("place_same")
        if demonyms or self._country_guessed(a) or self._country_guessed(b):
            if not demonyms and self._same_place(a, b):
                return w("place_same")
            return w("place_same_country_only") if a.country and a.country == b.country else 0.0
        if a.country and b.country and a.country != b.country:
            return w("place_same") if spelling_variants(a, b) else None
        if self._same_place(a, b):
            return w("place_same_site") if a.kb_id and "site" == a.precision == b.precision else w("place_same")
        if a.kb_id and b.kb_id and (self.kb.within(a.kb_id, b.kb_id) or self.kb.within(b.kb_id, a.kb_id)):
            return w("place_within")
        if _nested_site_names(a, b):
            return w("place_within")
        if self._is_coarse(a) or self._is_coarse(b) or _unplaced_site(a) or _unplaced_site(b):
            return w("place_same_country_only") if (a.country and a.country == b.country) else 0.0
        if a.country and a.country == b.country:
            return w("place_other_city_same_country")
        return 0.0

    def _country_guessed(self, place: PlaceKey) -> bool:
        """A KB place of no country (a region across borders: the Sahel) given one by its article."""
        return bool(place.kb_id) and self.kb.known(place.kb_id) and self.kb.country(place.kb_id) is None

    def _same_place(self, a: PlaceKey, b: PlaceKey) -> bool:
        if a.kb_id and b.kb_id:
            return a.kb_id == b.kb_id or self.kb.twins(a.kb_id, b.kb_id)
        return bool(a.key) and a.key == b.key

    @staticmethod
    def _is_coarse(place: PlaceKey) -> bool:
        """A country or region: a city elsewhere in it may still be the same event's place."""
        return place.precision in ("country", "region") or (not place.key and not place.kb_id)

    def actor_score(self, a: MentionRecord, b: MentionRecord) -> float:
        pa, pb = a.perpetrators(self.policy), b.perpetrators(self.policy)
        if not pa or not pb:
            return 0.0
        if any(self._actors_compatible(x, y) for x in pa for y in pb):
            return self.policy.weight("actor_compatible")
        if all(x.kb_id for x in pa + pb):
            return self.policy.weight("actor_incompatible")
        return 0.0

    def _actors_compatible(self, x: ActorKey, y: ActorKey) -> bool:
        if x.kb_id and y.kb_id:
            return self.kb.compatible(x.kb_id, y.kb_id)
        return bool(x.key) and x.key == y.key

    def figure_score(self, a: MentionRecord, b: MentionRecord) -> float:
        best = 0.0
        for name in ("killed", "injured"):
            ra, rb = self.reading(a, name), self.reading(b, name)
            if not comparable(ra, rb):
                continue
            assert ra is not None and rb is not None and ra.point and rb.point
            score = self._figure_pair(ra.point, rb.point)
            if score < 0:
                return score
            best = max(best, score)
        return best

    def _figure_pair(self, x: int, y: int) -> float:
        w = self.policy.weight
        ratio = max(x, y) / max(min(x, y), 1)
        if x == y:
            return w("figure_same")
        if ratio <= self.policy.figure_close_ratio:
            return w("figure_close")
        if ratio >= self.policy.figure_far_ratio:
            return w("figure_far")
        return w("figure_same_magnitude")
