"""parse_number: digits of every family and Arabic number words."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasid.figures import parse_number

CASES = [
    ("133", 133), ("١٣٣", 133), ("۱۳۳", 133), ("1,200", 1200), ("١٬٢٠٠", 1200), ("12,000", 12000),
    ("واحد", 1), ("واحدة", 1), ("اثنان", 2), ("اثنين", 2), ("اثنتين", 2), ("ثلاث", 3), ("ثلاثة", 3),
    ("ثلاثه", 3), ("أربعة", 4), ("اربعة", 4), ("خمس", 5), ("ستة", 6), ("سبعة", 7), ("ثمانية", 8), ("ثماني", 8),
    ("تسعة", 9), ("عشرة", 10), ("عشر", 10), ("أحد عشر", 11), ("إحدى عشرة", 11), ("اثنا عشر", 12),
    ("اثني عشر", 12), ("ثلاثة عشر", 13), ("تسعة عشر", 19), ("عشرون", 20), ("عشرين", 20),
    ("ثلاثة وثلاثون", 33), ("خمسة وأربعين", 45), ("تسعون", 90), ("تسعين", 90), ("مئة", 100), ("مائة", 100),
    ("مئة وخمسون", 150), ("مئتان", 200), ("مئتين", 200), ("مائتي", 200), ("ثلاثمئة", 300), ("ثلاثمائة", 300),
    ("ثلاث مئة", 300), ("خمسمائة", 500), ("ألف", 1000), ("الف", 1000), ("ألفين", 2000), ("ألفي", 2000),
    ("خمسة آلاف", 5000), ("عشرة آلاف", 10000), ("ألف ومئتان", 1200), ("مائتي ألف", 200000),
    ("ثلاثمائة ألف", 300000), ("مليون", 1000000), ("مليونين", 2000000), ("10 آلاف", 10000),
    ("1.5 مليون", 1500000), ("7 مليارات", 7000000000), ("وثلاثة", 3), ("بخمسة", 5), ("وعشرين", 20),
    ("ألفين وخمسمئة", 2500), ("مئة وواحد", 101),
]


@pytest.mark.parametrize(("text", "value"), CASES)
def test_parse_number(text: str, value: int) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["عشرات", "العشرات", "مئات", "آلاف", "عشرات الآلاف", "مئات الآلاف", "بضعة",
                                  "عدد من", "", "جندي", "abc", "3.5", "أحد", "إحدى", "2024-01-03"])
def test_vague_or_not_a_number(text: str) -> None:
    assert parse_number(text) is None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789٠١٬,. وبثلاثةعشرونمئةألفآلاف")), max_size=30))
def test_parse_number_never_raises(text: str) -> None:
    value = parse_number(text)
    assert value is None or value >= 0


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40))
def test_parse_number_never_raises_on_any_text(text: str) -> None:
    parse_number(text)
