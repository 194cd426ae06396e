"""The general dual rule (rasid.figures.duals) and the figures it gives after triggers."""
from __future__ import annotations

import pytest

from rasid.figures import find_quantities
from rasid.figures.duals import dual_stem, is_dual
from rasid.figures.lexicon import figures_lexicon
from rasid.time.folded import fold_word

DUALS = [
    # word (as written, without article), next word or None, is a person dual
    ("شخصين", None, True),           # listed
    ("سائحان", None, True),          # -ان on any noun
    ("حارسين", None, True),          # -ين, not a participle or nisba: dual
    ("شقيقتين", None, True),         # feminine -تين
    ("ممرضتان", None, True),         # feminine -تان
    ("مشتبهين", "اثنين", True),       # confirmed by اثنين
    ("مدنيين", None, False),         # listed plural of مدني
    ("إعلاميين", None, False),       # nisba: the -ين plural is far more common
    ("مسلحين", None, True),          # listed as a dual in counted.json
    ("متطوعين", None, False),        # participle: sound plural
    ("سكان", None, False),           # false dual (plural)
    ("باكستان", None, False),        # -ستان country
    ("عثمان", None, False),          # a name in the guard list
    ("يومين", None, False),          # a unit, not people
    ("طائرتين", None, False),        # a thing
    ("آخرين", None, False),          # others
]


@pytest.mark.parametrize(("word", "following", "expected"), DUALS)
def test_is_dual(word: str, following: str | None, expected: bool) -> None:
    lex = figures_lexicon()
    nxt = fold_word(following) if following else None
    assert is_dual(fold_word(word), nxt, lex) is expected


def test_dual_stem_needs_a_long_enough_stem() -> None:
    assert dual_stem("جنديين") == "جندي"
    assert dual_stem("بين") is None


FIGURES = [
    # text, value, category, figure text
    ("ألقت الشرطة القبض على شخصين في المدينة", 2, "arrested", "شخصين"),
    ("أعلنت السلطات اعتقال مشتبهين اثنين في العاصمة", 2, "arrested", "مشتبهين اثنين"),
    ("قتل سائحان في هجوم على فندق", 2, "killed", "سائحان"),
    ("أودى الانفجار بحياة عنصرين من الشرطة", 2, "killed", "عنصرين"),
    ("أصيب حارسان بجروح في الهجوم", 2, "injured", "حارسان"),
    ("أسفر الهجوم عن اختطاف طفلتين من القرية", 2, "kidnapped", "طفلتين"),
]


@pytest.mark.parametrize(("text", "value", "category", "span"), FIGURES)
def test_dual_figures_after_triggers(text: str, value: int, category: str, span: str) -> None:
    found = [q for q in find_quantities(text) if q.category == category]
    assert [(q.value, q.text) for q in found] == [(value, span)]


@pytest.mark.parametrize("text", [
    "أعلنت الحكومة مقتل عثمان في الغارة",       # a name from the guard list
    "أعلنت الشرطة اعتقال إعلاميين في العاصمة",  # a nisba plural
    "اعتقال مدنيين في القرية",                   # a listed plural
])
def test_no_dual_figure(text: str) -> None:
    assert not [q for q in find_quantities(text) if q.value == 2]


def test_names_are_never_counted_nouns() -> None:
    text = "أعلنت الشرطة مقتل سلمان في الهجوم"
    at = text.index("سلمان")
    assert not find_quantities(text, names=[(at, at + len("سلمان"))])
