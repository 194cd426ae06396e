"""Normalization for matching: each transformation on its own, then together."""
import pytest
from hypothesis import given, strategies as st

from rasid.text.normalize import (
    fold_letters, normalize, normalize_digits, normalize_keep_length, strip_diacritics,
    unfold_presentation_forms,
)


@pytest.mark.parametrize("raw,expected", [
    ("دِمَشْق", "دمشق"),            # diacritics
    ("الإرهـــاب", "الارهاب"),        # tatweel + hamza below
    ("أفغانستان", "افغانستان"),       # hamza above
    ("آلاف", "الاف"),                # madda
    ("مصطفى", "مصطفي"),              # alef maqsura
    ("الدولة الإسلامية", "الدوله الاسلاميه"),  # ta marbuta
    ("٢٠٢٤", "2024"),                # Arabic-Indic digits
    ("۱۴۰۳", "1403"),                # Persian digits
    ("ﻻ", "لا"),                      # presentation form (lam-alef ligature)
    ("ک", "ك"),                       # keheh
    ("\u200fبغداد\u200e", "بغداد"),    # bidi marks
    ("مسؤول", "مسوول"),              # hamza on waw
    ("رئيس", "رييس"),                # hamza on ya
])
def test_normalize(raw, expected):
    assert normalize(raw) == expected


def test_digits_only_change_digits():
    assert normalize_digits("قتل ١٣ جنديا") == "قتل 13 جنديا"


def test_fold_letters_keeps_length():
    s = "إسلامية مستشفى"
    assert len(fold_letters(s)) == len(s)


def test_strip_diacritics_removes_marks_only():
    assert strip_diacritics("قُتِلَ") == "قتل"


def test_presentation_forms_untouched_when_absent():
    s = "نص عادي"
    assert unfold_presentation_forms(s) is s


@given(st.text())
def test_keep_length_variant_keeps_offsets(s):
    assert len(normalize_keep_length(s)) == len(s)


@given(st.text())
def test_normalize_is_idempotent(s):
    once = normalize(s)
    assert normalize(once) == once


@given(st.text(alphabet=st.sampled_from("دمشق أإآىةۀکی٠١٩۱ \u064e\u0651\u0640\u200f\u00adabc.،ﻻ"), min_size=150, max_size=600))
def test_long_texts_take_the_replace_path_with_the_same_result(text):
    """Texts past the length threshold are normalized by replacements: the result equals the character-wise form."""
    assert normalize(text) == "".join(normalize(ch) for ch in unfold_presentation_forms(text))
