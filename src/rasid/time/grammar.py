"""The patterns that find date expressions in folded text, built once from the time lexicon.

Each pattern has a name; :mod:`rasid.time.parse` reads its groups. Patterns run over folded
text (see :mod:`rasid.time.folded`), so letters such as أ/ة/ى appear here in folded form.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from rasid.figures.numbers import number_lexicon
from rasid.time.lexicon import TimeLexicon, time_lexicon

# A word may carry one proclitic (و ف ب ل) glued in front: group "clitic", left out of the span.
# (A leading \b lets the regex engine skip positions fast; a lookbehind would not.)
START = r"\b(?P<clitic>[وفبل](?=\w))?"
END = r"(?!\w)"


def alternation(words: Iterable[str]) -> str:
    """A regex matching any of the folded ``words`` (longest first), built as a trie so it is fast;
    a space inside a phrase matches any run of whitespace."""
    trie: dict[str, dict] = {}
    for word in {w for w in words if w}:
        node = trie
        for token in _tokens(word):
            node = node.setdefault(token, {})
        node[""] = {}
    return _trie_regex(trie) if trie else "(?!)"


def _tokens(word: str) -> list[str]:
    return [r"\s+" if ch == " " else re.escape(ch) for ch in " ".join(word.split())]


def _trie_regex(node: dict[str, dict]) -> str:
    ends = "" in node
    branches = [token + _trie_regex(child) for token, child in sorted(node.items()) if token]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return f"(?:{body})?" if len(branches) == 1 else body + "?"
    return body if len(branches) == 1 else body


@dataclass(frozen=True, slots=True)
class Grammar:
    patterns: tuple[tuple[str, re.Pattern[str]], ...]   # (name, pattern) in priority order
    lexicon: TimeLexicon


def _month_group(lex: TimeLexicon, name: str) -> str:
    month = alternation(lex.months)
    return (rf"(?P<{name}>{month}){END}(?:\s*[/(\-–]\s*(?P<{name}2>{month}){END}(?:\s*\))?)?")


def _year_tail(lex: TimeLexicon, name: str) -> str:
    """An optional year after a month: digits (with a year word) or a relative year (العام الماضي)."""
    years = alternation(lex.year_words)
    marks = alternation(lex.hijri_markers + lex.gregorian_markers)
    this = alternation(lex.this_words)
    named = alternation(w for w, unit in lex.named_periods.items() if unit == "year")
    mods = alternation(lex.modifiers)
    return (rf"(?:\s*[,،]?\s*(?:من\s+)?(?:{years}\s*)?(?P<{name}>\d{{4}})(?!\d)(?:\s*(?P<{name}mark>{marks}){END})?"
            rf"|\s+(?:من\s+)?(?:(?P<{name}this>{this})\s+)?(?P<{name}rel>{named})(?:\s+(?P<{name}mod>{mods}))?{END})?")


def _day_month(lex: TimeLexicon) -> str:
    weekday = alternation(lex.weekdays)
    day_words = alternation(lex.day_words)
    linkers = alternation(lex.date_linkers)
    ordinal = alternation(lex.ordinal_days)
    joiners = alternation(lex.range_joiners)
    return (rf"{START}(?:(?:{day_words}\s+)?(?P<wd>{weekday})\s*[,،\-]?\s*(?:{linkers}\s*)?)?"
            rf"(?P<day>(?<!\d)\d{{1,2}}(?!\d)|{ordinal})(?:\s*{joiners}\s*(?P<day2>\d{{1,2}}(?!\d)))?"
            rf"\s*(?:من\s+)?(?:(?:{alternation(lex.month_words)})\s+)?{_month_group(lex, 'mon')}{_year_tail(lex, 'year')}")


def _day_of_named_month(lex: TimeLexicon) -> str:
    """في الثالث والعشرين من الشهر الجاري، يوم 3 من الشهر الماضي: a day of a month named relatively."""
    day_words = alternation(lex.day_words)
    months = alternation(w for w, unit in lex.named_periods.items() if unit == "month")
    return (rf"{START}(?:{day_words}\s+)?(?P<day>(?<!\d)\d{{1,2}}(?!\d)|{alternation(lex.ordinal_days)})"
            rf"\s+من\s+(?P<named>{months})\s+(?P<mod>{alternation(lex.modifiers)}){END}")


def _month_day_year(lex: TimeLexicon) -> str:
    return (rf"{START}{_month_group(lex, 'mon')}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s*[,،]\s*(?P<year>\d{{4}})(?!\d)")


def _month_year(lex: TimeLexicon) -> str:
    periods = alternation(lex.periods)
    return (rf"{START}(?:(?P<period>{periods})\s+)?(?:(?P<mw>{alternation(lex.month_words)})\s+)?"
            rf"{_month_group(lex, 'mon')}{_year_tail(lex, 'year')}")


def _years(lex: TimeLexicon) -> str:
    periods = alternation(lex.periods)
    years = alternation(lex.year_words)
    marks = alternation(lex.hijri_markers + lex.gregorian_markers)
    joiners = alternation(lex.range_joiners)
    return (rf"{START}(?:(?P<period>{periods})\s+)?(?:(?P<yw>{years})\s*)?(?<![\d.,/:\-])(?P<year>\d{{4}})(?![\d]|[.,/:]\d)"
            rf"(?:\s*(?P<mark>{marks}){END})?"
            rf"(?:\s*{joiners}\s*(?:{years}\s*)?(?P<year2>\d{{4}})(?![\d]|[.,/:]\d))?")


def _numeric(lex: TimeLexicon) -> str:
    return (r"(?<![\d/.\-])(?:(?P<d>\d{1,2})\s*(?P<sep>[/.\-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>\d{4})"
            r"|(?P<iy>\d{4})(?P<isep>[/\-.])(?P<im>\d{1,2})(?P=isep)(?P<id>\d{1,2}))(?![\d/]|[.\-]\d)")


def _relative_day(lex: TimeLexicon) -> str:
    day_words = alternation(lex.day_words)
    blockers = alternation(lex.relative_day_blockers)
    return (rf"{START}(?:(?P<part>{day_words})\s+)?(?P<rel>{alternation(lex.relative_days)}){END}"
            rf"(?!\s+{blockers}{END})")


def _weekday(lex: TimeLexicon) -> str:
    day_words = alternation(lex.day_words)
    mods = alternation(lex.modifiers)
    return (rf"{START}(?:(?P<part>{day_words})\s+)?(?P<wd>{alternation(lex.weekdays)}){END}"
            rf"(?:\s+(?P<mod>{mods}){END})?")


def _named_period(lex: TimeLexicon) -> str:
    periods = alternation(lex.periods)
    return (rf"{START}(?:(?P<since>{alternation(lex.since_start_of)})\s+|(?P<period>{periods})\s+)?"
            rf"(?:(?P<this>{alternation(lex.this_words)})\s+)?(?P<named>{alternation(lex.named_periods)}){END}"
            rf"(?:\s+(?P<mod>{alternation(lex.modifiers)}){END})?")


def _ago(lex: TimeLexicon) -> str:
    nums = number_lexicon()
    count_words = alternation(list(nums.additive) + list(nums.scales))
    blockers = alternation(list(lex.months) + list(lex.hijri_months) + list(lex.weekdays) + ["من"])
    return (rf"{START}(?P<ago>{alternation(lex.ago_words)})\s+(?:(?P<count>\d{{1,3}}|{count_words}(?:\s+و?{count_words})*)\s+)?"
            rf"(?P<unit>{alternation(lex.unit_words)}){END}(?!\s*\d)(?!\s+{blockers}{END})")


def _hijri(lex: TimeLexicon) -> str:
    marks = alternation(lex.hijri_markers)
    return (rf"{START}(?:(?P<day>\d{{1,2}})\s+)?(?P<hmon>{alternation(lex.hijri_months)})\s+(?P<year>\d{{3,4}})(?!\d)"
            rf"(?:\s*{marks}{END})?")


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    """All date patterns, compiled once, in priority order (earlier wins ties of equal length)."""
    lex = time_lexicon()
    builders = (("numeric", _numeric), ("hijri", _hijri), ("day_of_named_month", _day_of_named_month),
                ("day_month", _day_month),
                ("month_day_year", _month_day_year), ("month_year", _month_year), ("years", _years),
                ("ago", _ago), ("named_period", _named_period), ("relative_day", _relative_day),
                ("weekday", _weekday))
    return Grammar(tuple((name, re.compile(build(lex))) for name, build in builders), lex)
