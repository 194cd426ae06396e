"""Reading numbers written in Arabic: digits (any digit family, thousands separators) and words.

``parse_number("ثلاثة وثلاثون") == 33``, ``parse_number("١٬٢٠٠") == 1200``,
``parse_number("خمسة آلاف") == 5000``, ``parse_number("عشرات") is None`` (vague).
The words live in ``data/figures/numbers.json``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rasid.errors import ResourceError
from rasid.resources import load_json, require_keys
from rasid.time.folded import fold_word

NUMBERS_FILE = "figures/numbers.json"
_DIGITS = re.compile(r"\d{1,3}(?:[,٬]\d{3})+|\d+(?:[.٫]\d+)?")
_PROCLITICS = ("و", "ف")
_PREPOSITIONS = ("ب", "ل")


@dataclass(frozen=True, slots=True)
class NumberLexicon:
    additive: dict[str, int]        # units, tens and whole hundreds
    scales: dict[str, int]          # مئة, ألف, مليون ... multiply what precedes them
    duals: dict[str, int]           # ألفين, مليونين ... complete values
    compound_only: frozenset[str]
    vague: tuple[str, ...]          # folded vague phrases, longest first
    weak_vague: frozenset[str]

    def is_number_word(self, word: str) -> bool:
        return word in self.additive or word in self.scales or word in self.duals


@dataclass(frozen=True, slots=True)
class NumberReading:
    value: int | None
    vague: bool


def _int_table(table: dict[str, object], where: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for word, value in table.items():
        if not isinstance(value, int) or value <= 0:
            raise ResourceError(f"number word {word!r} has a bad value {value!r}", source=where)
        out[fold_word(word)] = value
    return out


@lru_cache(maxsize=1)
def number_lexicon() -> NumberLexicon:
    """The validated number words (loaded once)."""
    data = load_json(NUMBERS_FILE)
    require_keys(data, ("units", "tens", "hundreds", "scales", "duals", "compound_only", "vague", "weak_vague"),
                 NUMBERS_FILE)
    additive = {**_int_table(data["units"], NUMBERS_FILE), **_int_table(data["tens"], NUMBERS_FILE),
                **_int_table(data["hundreds"], NUMBERS_FILE)}
    vague = sorted({fold_word(w) for w in data["vague"]}, key=len, reverse=True)
    return NumberLexicon(additive, _int_table(data["scales"], NUMBERS_FILE), _int_table(data["duals"], NUMBERS_FILE),
                         frozenset(fold_word(w) for w in data["compound_only"]), tuple(vague),
                         frozenset(fold_word(w) for w in data["weak_vague"]))


def strip_number_clitics(word: str, lex: NumberLexicon) -> str | None:
    """``word`` (folded) without a leading و/ف and ب/ل when what remains is a number word."""
    if lex.is_number_word(word):
        return word
    rest = word[1:] if word[:1] in _PROCLITICS else word
    if lex.is_number_word(rest):
        return rest
    rest = rest[1:] if rest[:1] in _PREPOSITIONS else rest
    return rest if lex.is_number_word(rest) else None


def digits_value(token: str) -> float | None:
    """The value of a run of (ASCII) digits with separators or a decimal point."""
    if not _DIGITS.fullmatch(token):
        return None
    if "." in token or "٫" in token:
        return float(token.replace("٫", "."))
    return float(int(token.replace(",", "").replace("٬", "")))


def combine_words(words: list[str], lex: NumberLexicon, start: float = 0.0) -> int | None:
    """The value of number words (already stripped of clitics), ``start`` being a leading digit value."""
    total, current = 0.0, start
    for word in words:
        if word in lex.additive:
            current += lex.additive[word]
        elif word in lex.duals:
            total += current * lex.duals[word] / 2 if current else lex.duals[word]
            current = 0.0
        elif lex.scales[word] < 1000:
            current = (current or 1.0) * lex.scales[word]
        else:
            total += (current or 1.0) * lex.scales[word]
            current = 0.0
    value = total + current
    return int(round(value)) if value > 0 and value == value and value < 1e15 else None


def _vague(folded: str, lex: NumberLexicon) -> bool:
    bare = folded[1:] if folded[:1] in _PROCLITICS and folded[1:] in lex.vague else folded
    return bare in lex.vague


def read_number(text: str) -> NumberReading:
    """A number written as digits and/or words; ``vague`` for words such as عشرات."""
    folded = fold_word(text).strip(" ،,.؛:()«»\"'")
    lex = number_lexicon()
    if not folded:
        return NumberReading(None, False)
    if _vague(folded, lex):
        return NumberReading(None, True)
    tokens = [t for t in folded.split() if t != "و"]
    lead = digits_value(tokens[0]) if tokens else None
    words = [strip_number_clitics(t, lex) for t in (tokens[1:] if lead is not None else tokens)]
    if any(w is None for w in words):
        return NumberReading(None, False)
    clean = [w for w in words if w is not None]
    if lead is not None and any(w not in lex.scales for w in clean):
        return NumberReading(None, False)
    if len(clean) == 1 and lead is None and clean[0] in lex.compound_only:
        return NumberReading(None, False)
    if lead is not None and not clean:
        return NumberReading(int(lead) if lead == int(lead) else None, False)
    return NumberReading(combine_words(clean, lex, lead or 0.0), False)


def parse_number(text: str) -> int | None:
    """The integer written in ``text`` (digits or words), or None when vague or not a number."""
    if not isinstance(text, str):
        raise TypeError("parse_number expects a string")
    return read_number(text).value
