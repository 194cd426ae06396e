"""The time lexicon: month, weekday, relative and period words from ``data/time/*.json``.

Every word is stored in its folded form (see :mod:`rasid.time.folded`) so patterns match the
folded text. Loading validates the files and raises ResourceError naming the file.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rasid.errors import ResourceError
from rasid.resources import load_json, require_keys
from rasid.time.folded import fold_word

MONTHS_FILE = "time/months.json"
WORDS_FILE = "time/calendar_words.json"
UNITS = ("day", "week", "month", "year")


@dataclass(frozen=True, slots=True)
class Period:
    """An early / mid / late part of a year or month, as fractions of it."""

    name: str
    start_fraction: float
    end_fraction: float


@dataclass(frozen=True, slots=True)
class TimeLexicon:
    months: dict[str, int]              # folded name -> 1..12
    months_needing_context: frozenset[str]
    hijri_months: dict[str, int]
    hijri_markers: tuple[str, ...]
    gregorian_markers: tuple[str, ...]
    month_words: tuple[str, ...]
    ordinal_days: dict[str, int]
    weekdays: dict[str, int]            # folded name -> 0 (Monday) .. 6
    day_words: tuple[str, ...]
    modifiers: dict[str, int]           # الماضي -> -1, الجاري -> 0, المقبل -> +1
    this_words: tuple[str, ...]
    year_words: tuple[str, ...]
    bare_year_before: frozenset[str]
    not_a_year_after: frozenset[str]
    relative_days: dict[str, int]
    relative_day_blockers: tuple[str, ...]
    unit_words: dict[str, tuple[str, int | None]]   # word -> (unit, count or None when plural)
    ago_words: tuple[str, ...]
    named_periods: dict[str, str]       # العام -> year
    since_start_of: tuple[str, ...]
    periods: dict[str, Period]          # folded word -> period
    range_openers: tuple[str, ...]
    range_joiners: tuple[str, ...]
    date_linkers: tuple[str, ...]


def _folded_map(items: dict[str, Any]) -> dict[str, Any]:
    return {fold_word(k): v for k, v in items.items()}


def _folded(words: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(fold_word(w) for w in words))


def _numbered_names(entries: list[dict[str, Any]], key: str, where: str, top: int) -> dict[str, int]:
    out: dict[str, int] = {}
    for entry in entries:
        require_keys(entry, (key, "names"), where)
        number = entry[key]
        if not isinstance(number, int) or not 0 <= number <= top:
            raise ResourceError(f"{key} {number!r} out of range 0..{top}: fix the entry", source=where)
        for name in entry["names"]:
            out[fold_word(name)] = number
    return out


def _unit_words(units: dict[str, Any], where: str) -> dict[str, tuple[str, int | None]]:
    out: dict[str, tuple[str, int | None]] = {}
    for unit in UNITS:
        if unit not in units:
            raise ResourceError(f"unit {unit!r} missing from 'units'", source=where)
        forms = units[unit]
        require_keys(forms, ("one", "two", "many"), where)
        for word in forms["many"]:
            out.setdefault(fold_word(word), (unit, None))
        for word in forms["one"]:
            out[fold_word(word)] = (unit, 1)
        for word in forms["two"]:
            out[fold_word(word)] = (unit, 2)
    return out


def _periods(data: dict[str, Any], where: str) -> dict[str, Period]:
    out: dict[str, Period] = {}
    for name, spec in data.items():
        require_keys(spec, ("words", "fraction"), where)
        low, high = spec["fraction"]
        if not 0.0 <= low < high <= 1.0:
            raise ResourceError(f"period {name!r} has a bad fraction {spec['fraction']}", source=where)
        for word in spec["words"]:
            out[fold_word(word)] = Period(name, float(low), float(high))
    return out


def _modifiers(words: dict[str, Any]) -> dict[str, int]:
    out: dict[str, int] = {}
    for key, offset in (("past_modifiers", -1), ("current_modifiers", 0), ("next_modifiers", 1)):
        for w in words[key]:
            out[fold_word(w)] = offset
    return out


def _named_periods(data: dict[str, list[str]], where: str) -> dict[str, str]:
    bad = set(data) - set(UNITS)
    if bad:
        raise ResourceError(f"unknown period units {sorted(bad)}", source=where)
    return {fold_word(w): unit for unit, ws in data.items() for w in ws}


@lru_cache(maxsize=1)
def time_lexicon() -> TimeLexicon:
    """The validated time lexicon (loaded once)."""
    months = load_json(MONTHS_FILE)
    words = load_json(WORDS_FILE)
    require_keys(months, ("gregorian", "needs_context", "hijri", "hijri_markers", "gregorian_markers",
                          "month_word", "ordinal_days"), MONTHS_FILE)
    require_keys(words, ("weekdays", "day_words", "past_modifiers", "current_modifiers", "next_modifiers",
                         "this_words", "year_words", "bare_year_before", "not_a_year_after", "relative_days", "relative_day_blockers",
                         "units", "ago_words", "named_periods", "since_start_of", "periods",
                         "range_openers", "range_joiners", "date_linkers"), WORDS_FILE)
    gregorian = _numbered_names(months["gregorian"], "month", MONTHS_FILE, 12)
    if sorted(set(gregorian.values())) != list(range(1, 13)):
        raise ResourceError("every month 1..12 needs at least one name", source=MONTHS_FILE)
    return TimeLexicon(
        months=gregorian,
        months_needing_context=frozenset(_folded(months["needs_context"])),
        hijri_months=_numbered_names(months["hijri"], "month", MONTHS_FILE, 12),
        hijri_markers=_folded(months["hijri_markers"]),
        gregorian_markers=_folded(months["gregorian_markers"]),
        month_words=_folded(months["month_word"]),
        ordinal_days=_checked_days(_folded_map(months["ordinal_days"])),
        weekdays=_numbered_names(words["weekdays"], "weekday", WORDS_FILE, 6),
        day_words=_folded(words["day_words"]),
        modifiers=_modifiers(words),
        this_words=_folded(words["this_words"]),
        year_words=_folded(words["year_words"]),
        bare_year_before=frozenset(_folded(words["bare_year_before"])),
        not_a_year_after=frozenset(_folded(words["not_a_year_after"])),
        relative_days=_folded_map(words["relative_days"]),
        relative_day_blockers=_folded(words["relative_day_blockers"]),
        unit_words=_unit_words(words["units"], WORDS_FILE),
        ago_words=_folded(words["ago_words"]),
        named_periods=_named_periods(words["named_periods"], WORDS_FILE),
        since_start_of=_folded(words["since_start_of"]),
        periods=_periods(words["periods"], WORDS_FILE),
        range_openers=_folded(words["range_openers"]),
        range_joiners=_folded(words["range_joiners"]),
        date_linkers=_folded(words["date_linkers"]),
    )


def _checked_days(days: dict[str, int]) -> dict[str, int]:
    for word, day in days.items():
        if not isinstance(day, int) or not 1 <= day <= 31:
            raise ResourceError(f"ordinal day {word!r} -> {day!r} is not 1..31", source=MONTHS_FILE)
    return days
