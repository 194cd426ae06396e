"""Finding and resolving date expressions: :func:`parse_dates`.

Patterns (see :mod:`rasid.time.grammar`) run over the folded text; each match is read into a
:class:`Found` by the handler of its pattern; overlapping matches keep the longest; adjacent
dates joined as a range (من ... إلى ..., بين ... و...) are merged, and a date without a year
borrows the year of the date it is coordinated with (في يوليو وديسمبر 2023). Calendar rules
are in :mod:`rasid.time.calendar`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Callable

from rasid.figures.numbers import parse_number
from rasid.model import TimeExpr
from rasid.time import calendar as cal
from rasid.time.folded import FoldedText, fold
from rasid.time.grammar import alternation, grammar
from rasid.time.lexicon import Period, TimeLexicon

BARE_YEAR_RANGE = (1900, 2100)
MAX_RANGE_YEARS = 100
# Anchors outside these years are not publication dates; relative arithmetic on them would overflow.
ANCHOR_YEAR_RANGE = (1000, 8999)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class DateParts:
    """What the text says of an absolute date; ``year`` None when the text gives none."""

    month: int
    year: int | None = None
    day: int | None = None
    day2: int | None = None
    period: Period | None = None


@dataclass(frozen=True, slots=True)
class Found:
    """One date expression found in the folded text (folded offsets)."""

    start: int
    end: int
    value: str | None
    granularity: str | None
    earliest: date | None = None
    latest: date | None = None
    weekday: int | None = None
    relative: bool = False
    parts: DateParts | None = None


def _from_interval(m: re.Match[str], interval: cal.Interval | None, **extra: object) -> Found:
    if interval is None:
        return Found(m.start(), m.end(), None, None, **extra)  # type: ignore[arg-type]
    return Found(m.start(), m.end(), interval.value, interval.granularity, interval.earliest, interval.latest,
                 **extra)  # type: ignore[arg-type]


def _parts_interval(parts: DateParts, year: int) -> cal.Interval | None:
    """The interval of ``parts`` in ``year`` (None when the day does not exist)."""
    if parts.day is not None:
        if not cal.valid_day(year, parts.month, parts.day):
            return None
        first = date(year, parts.month, parts.day)
        if parts.day2 is not None and parts.day2 > parts.day and cal.valid_day(year, parts.month, parts.day2):
            return cal.span_interval(first, date(year, parts.month, parts.day2))
        return cal.day_interval(first)
    if parts.period is not None:
        return cal.part_of_month(year, parts.month, parts.period.start_fraction, parts.period.end_fraction)
    return cal.month_interval(year, parts.month)


def resolve_parts(start: int, end: int, parts: DateParts, anchor: date | None, weekday: int | None = None) -> Found | None:
    """A Found for an absolute date, using ``anchor`` for the year when the text gives none."""
    if parts.year is not None:
        interval = _parts_interval(parts, parts.year)
        if interval is None:
            return None
        return Found(start, end, interval.value, interval.granularity, interval.earliest, interval.latest,
                     weekday=weekday, parts=parts)
    if anchor is not None:
        year = (cal.year_for_month_day(anchor, parts.month, parts.day) if parts.day
                else cal.year_for_month(anchor, parts.month))
        interval = _parts_interval(parts, year)
        if interval is None:
            return None
        return Found(start, end, interval.value, interval.granularity, interval.earliest, interval.latest,
                     weekday=weekday, relative=True, parts=parts)
    if parts.day is not None and parts.day <= 31:
        return Found(start, end, f"--{parts.month:02d}-{parts.day:02d}", "day", weekday=weekday, relative=True,
                     parts=parts)
    if parts.period is None:
        return Found(start, end, f"--{parts.month:02d}", "month", weekday=weekday, relative=True, parts=parts)
    return Found(start, end, None, None, weekday=weekday, relative=True, parts=parts)


class DateReader:
    """Reads matches of the date patterns into :class:`Found` values for one anchor."""

    def __init__(self, folded: str, anchor: date | None, late_utc: bool = False) -> None:
        self.g = grammar()
        self.lex: TimeLexicon = self.g.lexicon
        self.text = folded
        self.anchor = anchor
        self.late_utc = late_utc      # published late in the UTC day: a bare weekday may be tomorrow (calendar.py)

    def handler(self, name: str) -> Callable[[re.Match[str]], Found | None]:
        return getattr(self, f"read_{name}")

    # -- context helpers ------------------------------------------------------------
    def previous_word(self, pos: int) -> str:
        words = _WORD.findall(self.text[max(0, pos - 30):pos])
        return words[-1] if words else ""

    def next_word(self, pos: int) -> str:
        m = _WORD.search(self.text, pos, min(len(self.text), pos + 40))
        return m.group() if m else ""

    def has_clitic(self, pos: int) -> bool:
        return pos > 0 and self.text[pos - 1] in "وفبل" and (pos < 2 or not self.text[pos - 2].isalnum())

    @staticmethod
    def start_of(m: re.Match[str]) -> int:
        """Where the date words start (after a glued proclitic)."""
        return m.end("clitic") if m.groupdict().get("clitic") else m.start()

    def introduced(self, pos: int) -> bool:
        """Whether the word before ``pos`` (or a glued proclitic) introduces a date (في، منذ، خلال ...)."""
        if self.has_clitic(pos):
            return True
        word = self.previous_word(pos)
        return word in self.lex.bare_year_before or (word[:1] in "وف" and word[1:] in self.lex.bare_year_before)

    def month_alone_ok(self, pos: int, name: str) -> bool:
        """A month name without day, year or شهر: needs a word such as في before it; names that are
        also ordinary words (آب، مارس) may not rely on a glued proclitic."""
        if name in self.lex.months_needing_context:
            return self.previous_word(pos) in self.lex.bare_year_before and not self.has_clitic(pos)
        return self.introduced(pos)

    def year_of(self, m: re.Match[str], name: str) -> tuple[int | None, bool]:
        """(year, hijri) from a year tail group; a relative year resolves against the anchor."""
        if m.group(name):
            hijri = bool(m.group(f"{name}mark")) and m.group(f"{name}mark") in self.lex.hijri_markers
            return int(m.group(name)), hijri
        if m.groupdict().get(f"{name}rel"):
            offset = self.lex.modifiers.get(m.group(f"{name}mod") or "", 0)
            return (self.anchor.year + offset if self.anchor else None), False
        return None, False

    # -- handlers, one per pattern -------------------------------------------------
    def read_numeric(self, m: re.Match[str]) -> Found | None:
        if m.group("y"):
            day, month, year = int(m.group("d")), int(m.group("m")), int(m.group("y"))
            if month > 12 >= day:
                day, month = month, day
        else:
            year, month, day = int(m.group("iy")), int(m.group("im")), int(m.group("id"))
        if not cal.valid_day(year, month, day):
            return None
        return _from_interval(m, cal.day_interval(date(year, month, day)))

    def read_hijri(self, m: re.Match[str]) -> Found | None:
        return _from_interval(m, None)

    def _month(self, m: re.Match[str]) -> int:
        return self.lex.months[" ".join(m.group("mon").split())]

    def _day(self, raw: str) -> int:
        return int(raw) if raw.isdigit() else self.lex.ordinal_days[" ".join(raw.split())]

    def read_day_month(self, m: re.Match[str]) -> Found | None:
        day = self._day(m.group("day"))
        year, hijri = self.year_of(m, "year")
        if hijri:
            return _from_interval(m, None)
        if not 1 <= day <= 31:
            return None
        day2 = int(m.group("day2")) if m.group("day2") else None
        weekday = self.lex.weekdays[m.group("wd")] if m.group("wd") else None
        relative_year = bool(m.groupdict().get("yearrel"))
        found = resolve_parts(m.start(), m.end(), DateParts(self._month(m), year, day, day2), self.anchor, weekday)
        return replace(found, relative=True) if found and relative_year else found

    def read_day_of_named_month(self, m: re.Match[str]) -> Found | None:
        day = self._day(m.group("day"))
        if self.anchor is None or not 1 <= day <= 31:
            return _from_interval(m, None, relative=True)
        month = cal.unit_around(self.anchor, "month", self.lex.modifiers.get(m.group("mod") or "", 0)).earliest
        if not cal.valid_day(month.year, month.month, day):
            return None
        return _from_interval(m, cal.day_interval(date(month.year, month.month, day)), relative=True)

    def read_month_day_year(self, m: re.Match[str]) -> Found | None:
        return resolve_parts(m.start(), m.end(), DateParts(self._month(m), int(m.group("year")), int(m.group("day"))),
                             self.anchor)

    def read_month_year(self, m: re.Match[str]) -> Found | None:
        year, hijri = self.year_of(m, "year")
        has_year = bool(m.group("year") or m.groupdict().get("yearrel"))
        name = " ".join(m.group("mon").split())
        if hijri:
            return _from_interval(m, None)
        if not has_year and not m.group("mw") and not m.group("period") and not self.month_alone_ok(self.start_of(m), name):
            return None
        period = self.lex.periods[m.group("period")] if m.group("period") else None
        found = resolve_parts(m.start(), m.end(), DateParts(self._month(m), year, period=period), self.anchor)
        return replace(found, relative=True) if found and m.groupdict().get("yearrel") else found

    def read_years(self, m: re.Match[str]) -> Found | None:
        year = int(m.group("year"))
        bare = not m.group("yw") and not m.group("period")
        low, high = BARE_YEAR_RANGE if bare else (cal.MIN_YEAR, cal.MAX_YEAR)
        if not low <= year <= high:
            return None
        if bare and (not self.introduced(self.start_of(m)) or self.next_word(m.end()) in self.lex.not_a_year_after):
            return None
        if m.group("mark") and m.group("mark") in self.lex.hijri_markers:
            return _from_interval(m, None)
        if m.group("period"):
            p = self.lex.periods[m.group("period")]
            return _from_interval(m, cal.part_of_year(year, p.start_fraction, p.end_fraction))
        year2 = int(m.group("year2")) if m.group("year2") else None
        if year2 is not None and year < year2 <= year + MAX_RANGE_YEARS:
            return _from_interval(m, cal.span_interval(date(year, 1, 1), date(year2, 12, 31)))
        end = m.end("mark") if m.group("mark") else m.end("year")
        return Found(m.start(), end, str(year), "year", date(year, 1, 1), date(year, 12, 31))

    def read_ago(self, m: re.Match[str]) -> Found | None:
        unit, count = self.lex.unit_words[" ".join(m.group("unit").split())]
        if m.group("count"):
            count = parse_number(m.group("count"))
        if not count:
            return None
        if self.anchor is None:
            return _from_interval(m, None, relative=True)
        return _from_interval(m, cal.shift_date(self.anchor, unit, -count), relative=True)

    def read_named_period(self, m: re.Match[str]) -> Found | None:
        if not (m.group("since") or m.group("period") or m.group("this") or m.group("mod")):
            return None
        if self.anchor is None:
            return _from_interval(m, None, relative=True)
        unit = self.lex.named_periods[" ".join(m.group("named").split())]
        interval = cal.unit_around(self.anchor, unit, self.lex.modifiers.get(m.group("mod") or "", 0))
        if m.group("since"):
            interval = cal.span_interval(interval.earliest, min(self.anchor, interval.latest))
            interval = cal.Interval(interval.earliest, interval.latest, interval.value or None, interval.granularity)
        elif m.group("period") and unit in ("year", "month"):
            p = self.lex.periods[m.group("period")]
            interval = (cal.part_of_year(interval.earliest.year, p.start_fraction, p.end_fraction) if unit == "year"
                        else cal.part_of_month(interval.earliest.year, interval.earliest.month,
                                               p.start_fraction, p.end_fraction))
        return _from_interval(m, interval, relative=True)

    def read_relative_day(self, m: re.Match[str]) -> Found | None:
        offset = self.lex.relative_days[" ".join(m.group("rel").split())]
        if self.anchor is None:
            return _from_interval(m, None, relative=True)
        return _from_interval(m, cal.day_interval(self.anchor + timedelta(days=offset)), relative=True)

    def read_weekday(self, m: re.Match[str]) -> Found | None:
        weekday = self.lex.weekdays[m.group("wd")]
        if self.anchor is None:
            return _from_interval(m, None, weekday=weekday, relative=True)
        coming = self.lex.modifiers.get(m.group("mod") or "", -1) > 0
        bare = not m.group("mod")
        day = (cal.coming_weekday(self.anchor, weekday) if coming
               else cal.reported_weekday(self.anchor, weekday, self.late_utc and bare))
        return _from_interval(m, cal.day_interval(day), weekday=weekday, relative=True)


@lru_cache(maxsize=1)
def _relative_month_words() -> tuple[str, ...]:
    """الشهر: the words of relatively named months (data/time named_periods with unit month)."""
    return tuple(w for w, unit in grammar().lexicon.named_periods.items() if unit == "month")


def _candidates(reader: DateReader, folded: str) -> list[tuple[Found, int]]:
    out: list[tuple[Found, int]] = []
    for priority, (name, pattern) in enumerate(reader.g.patterns):
        read = reader.handler(name)
        if name == "day_of_named_month" and not any(w in folded for w in _relative_month_words()):
            continue                       # cheap test: the pattern needs a relatively named month (الشهر)
        for m in pattern.finditer(folded):
            found = read(m)
            if found is not None and m.groupdict().get("clitic") and found.start == m.start():
                found = replace(found, start=m.end("clitic"))
            if found is not None and found.end > found.start:
                out.append((found, priority))
    return out


def _without_overlaps(candidates: list[tuple[Found, int]]) -> list[Found]:
    """Longest first (then pattern priority), dropping any that overlaps one already kept."""
    kept: list[Found] = []
    for found, _ in sorted(candidates, key=lambda c: (-(c[0].end - c[0].start), c[1], c[0].start)):
        if all(found.end <= k.start or found.start >= k.end for k in kept):
            kept.append(found)
    return sorted(kept, key=lambda f: f.start)


@lru_cache(maxsize=1)
def _range_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    lex = grammar().lexicon
    return (re.compile(rf"\s*{alternation(lex.range_joiners)}\s*"),
            re.compile(rf"(?<!\w){alternation(lex.range_openers)}\s*$"))


class RangeJoiner:
    """Merges ``من X إلى Y`` / ``بين X و Y`` and lends years across ``X و Y``."""

    def __init__(self, lex: TimeLexicon, folded: str, anchor: date | None) -> None:
        self.joiner, self.opener = _range_patterns()
        self.text = folded
        self.anchor = anchor

    def joined(self, a: Found, b: Found) -> bool:
        return bool(self.joiner.fullmatch(self.text, a.end, b.start)) or b.start == a.end

    def lend_year(self, a: Found, b: Found) -> Found:
        if a.parts is None or a.parts.year is not None or b.parts is None or b.parts.year is None:
            return a
        year = b.parts.year - 1 if a.parts.month > b.parts.month else b.parts.year
        lent = resolve_parts(a.start, a.end, replace(a.parts, year=year), self.anchor, a.weekday)
        return replace(lent, relative=b.relative) if lent else a

    def merge(self, a: Found, b: Found) -> Found:
        if a.earliest is None or b.latest is None or b.latest < a.earliest:
            return a
        interval = cal.span_interval(a.earliest, b.latest)
        return Found(a.start, b.end, interval.value, interval.granularity, interval.earliest, interval.latest,
                     relative=a.relative or b.relative)

    def __call__(self, found: list[Found]) -> list[Found]:
        out: list[Found] = []
        i = 0
        while i < len(found):
            a = found[i]
            b = found[i + 1] if i + 1 < len(found) else None
            if b is not None and self.joined(a, b) and b.start > a.end:
                a = self.lend_year(a, b)
                if self.opener.search(self.text, max(0, a.start - 30), a.start):
                    merged = self.merge(a, b)
                    if merged is not a:
                        out.append(merged)
                        i += 2
                        continue
            out.append(a)
            i += 1
        return out


def _to_expr(found: Found, folded: FoldedText, text: str, offset: int) -> TimeExpr:
    start, end = folded.span(found.start, found.end)
    return TimeExpr(start=start + offset, end=end + offset, text=text[start + offset:end + offset],
                    value=found.value, granularity=found.granularity,
                    earliest=found.earliest.isoformat() if found.earliest else None,
                    latest=found.latest.isoformat() if found.latest else None,
                    weekday=found.weekday, relative=found.relative)


def parse_dates(text: str, anchor: date | None = None, start: int = 0, end: int | None = None) -> list[TimeExpr]:
    """Dates and periods written in ``text[start:end]``, resolved against ``anchor`` (the publication date).

    Spans are character offsets into ``text``. Relative expressions without an anchor keep
    ``value=None`` and ``relative=True`` (and ``weekday`` for weekdays); a day and month
    without a year and without an anchor get the value ``--MM-DD``, a month alone ``--MM``.
    """
    end = len(text) if end is None else max(start, min(end, len(text)))
    start = max(0, min(start, end))
    if anchor is not None and not ANCHOR_YEAR_RANGE[0] <= anchor.year <= ANCHOR_YEAR_RANGE[1]:
        anchor = None
    return parse_ranges(text, anchor, [(start, end)])


@dataclass(frozen=True, slots=True)
class Located:
    """A Found with the original span it covers."""

    found: Found
    start: int
    end: int
    folded: FoldedText
    offset: int


def parse_ranges(text: str, anchor: date | None, ranges: list[tuple[int, int]], late_utc: bool = False) -> list[TimeExpr]:
    """Dates of several ranges of ``text`` (in order); a month or day written without a year takes
    the year of the last full date before it in the same paragraph (في 3 مارس 2021 ... وفي أبريل).
    ``late_utc``: published late in the UTC day (``calendar.late_in_utc_day``)."""
    if anchor is not None and not ANCHOR_YEAR_RANGE[0] <= anchor.year <= ANCHOR_YEAR_RANGE[1]:
        anchor = None
    located = [loc for start, end in ranges for loc in _located(text, anchor, start, end, late_utc)]
    return [_to_expr(loc.found, loc.folded, text, loc.offset) for loc in lend_paragraph_years(text, located)]


def _located(text: str, anchor: date | None, start: int, end: int, late_utc: bool = False) -> list[Located]:
    folded = fold(text[start:end])
    reader = DateReader(folded.text, anchor, late_utc)
    kept = _without_overlaps(_candidates(reader, folded.text))
    joined = RangeJoiner(reader.lex, folded.text, anchor)(kept)
    out = []
    for f in joined:
        a, b = folded.span(f.start, f.end)
        out.append(Located(f, a + start, b + start, folded, start))
    return out


def lend_paragraph_years(text: str, located: list[Located]) -> list[Located]:
    out: list[Located] = []
    full: Located | None = None
    for loc in located:
        parts = loc.found.parts
        if full is not None and "\n" in text[full.end:loc.start]:
            full = None
        if parts is not None and parts.year is None and full is not None:
            lent = resolve_parts(loc.found.start, loc.found.end, replace(parts, year=full.found.parts.year),
                                 None, loc.found.weekday)
            if lent is not None:
                loc = replace(loc, found=replace(lent, relative=True))
        elif parts is not None and parts.year is not None:
            full = loc
        out.append(loc)
    return out
