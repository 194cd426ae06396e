"""Normalization of Arabic text for matching. Never applied to stored originals.

Every function maps one string to one string of the SAME LENGTH unless its name says
otherwise, so offsets found in normalized text are offsets into the original; functions
that delete characters (``strip_diacritics``, ``normalize``) are for keys, not for spans.
"""
from __future__ import annotations

import re
import unicodedata

# Diacritics (harakat), superscript alef, Quranic marks.
DIACRITICS = frozenset(
    [chr(c) for c in range(0x064B, 0x0660)] + ["\u0670"] + [chr(c) for c in range(0x06D6, 0x06EE)]
    + [chr(c) for c in range(0x0610, 0x061B)]
)
TATWEEL = "\u0640"
# Bidi controls, zero-width characters, BOM, soft hyphen.
INVISIBLES = frozenset("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                       "\u2066\u2067\u2068\u2069\u061c\ufeff\u00ad\u2060")
ALEF_VARIANTS = {"\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627", "\u0672": "\u0627", "\u0673": "\u0627"}
ALEF_MAQSURA = "\u0649"
YA = "\u064a"
FARSI_YA = "\u06cc"
TA_MARBUTA = "\u0629"
HA = "\u0647"
KAF_VARIANTS = {"\u06a9": "\u0643", "\u06aa": "\u0643"}  # keheh, swash kaf
HAMZA_ON_WAW = "\u0624"
HAMZA_ON_YA = "\u0626"
WAW = "\u0648"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_PUNCT = {"\u060c": ",", "\u061b": ";", "\u061f": "?", "\u066a": "%", "\u066b": ".", "\u066c": ","}

_DIGIT_TABLE = str.maketrans({**{d: str(i) for i, d in enumerate(ARABIC_INDIC_DIGITS)},
                              **{d: str(i) for i, d in enumerate(PERSIAN_DIGITS)}})
_LETTER_TABLE = str.maketrans({**ALEF_VARIANTS, ALEF_MAQSURA: YA, FARSI_YA: YA, TA_MARBUTA: HA,
                               **KAF_VARIANTS, HAMZA_ON_WAW: WAW, HAMZA_ON_YA: YA})
_DELETE_TABLE = str.maketrans({c: None for c in (DIACRITICS | INVISIBLES | {TATWEEL})})
# normalize() in one pass: deletions, digits and letters never overlap, so one table is the composition.
_NORMALIZE_TABLE = {**_DELETE_TABLE, **_DIGIT_TABLE, **_LETTER_TABLE}
_PRESENTATION_FORM = re.compile("[\ufb50-\ufefc]")
# The table as (character, replacement) pairs: no replacement holds a character of the table, so
# replacing them one after another equals one translate pass.
_NORMALIZE_PAIRS = tuple((chr(code), form or "") for code, form in sorted(_NORMALIZE_TABLE.items()))
_REPLACE_MIN_LENGTH = 200


def normalize_digits(text: str) -> str:
    """Arabic-Indic and Persian digits to ASCII digits (same length)."""
    return text.translate(_DIGIT_TABLE)


def fold_letters(text: str) -> str:
    """Alef/hamza forms to bare alef, alef maqsura and Farsi ya to ya, ta marbuta to ha (same length)."""
    return text.translate(_LETTER_TABLE)


def unfold_presentation_forms(text: str) -> str:
    """Arabic presentation forms (U+FB50–U+FEFC) to their base letters (NFKC on those only)."""
    if not _PRESENTATION_FORM.search(text):
        return text
    return "".join(unicodedata.normalize("NFKC", ch) if "\ufb50" <= ch <= "\ufefc" else ch for ch in text)


def strip_diacritics(text: str) -> str:
    """Remove harakat, tatweel and invisible marks (changes length)."""
    return text.translate(_DELETE_TABLE)


def normalize(text: str) -> str:
    """The matching form: presentation forms, invisibles, diacritics, tatweel, letters, digits."""
    text = unfold_presentation_forms(text)
    if len(text) < _REPLACE_MIN_LENGTH:
        return text.translate(_NORMALIZE_TABLE)
    for char, form in _NORMALIZE_PAIRS:     # same result, ~5x faster than translate on long texts
        if char in text:
            text = text.replace(char, form)
    return text


def normalize_keep_length(text: str) -> str:
    """Like :func:`normalize` but deleted characters become nothing only where safe:
    diacritics, tatweel and invisibles become U+0640-free placeholders removed by callers.

    Returns a string of the same length as ``text`` in which letters are folded and digits
    are ASCII; marks are replaced by a zero-width placeholder ``\\u200b`` so regexes over
    the result report offsets valid in ``text``.
    """
    marks = DIACRITICS | INVISIBLES | {TATWEEL}
    folded = fold_letters(normalize_digits(text))
    return "".join("\u200b" if ch in marks else ch for ch in folded)
