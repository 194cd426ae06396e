"""Sentence splitting and tokenization with offsets."""
import pytest
from hypothesis import given, strategies as st

from rasid.text.segment import split_sentences, tokenize


def sentences(text):
    return [text[s.start:s.end] for s in split_sentences(text)]


@pytest.mark.parametrize("text,expected", [
    ("وقع انفجار. قتل جندي.", ["وقع انفجار.", "قتل جندي."]),
    ("هل انتهى الهجوم؟ نعم", ["هل انتهى الهجوم؟", "نعم"]),
    ("ارتفع المؤشر 3.5 بالمئة اليوم.", ["ارتفع المؤشر 3.5 بالمئة اليوم."]),
    ("في 14.1.2016 وقع الهجوم", ["في 14.1.2016 وقع الهجوم"]),
    ("عنوان\nنص المقال", ["عنوان", "نص المقال"]),
    ('قال: "انتهى الأمر." ثم غادر', ['قال: "انتهى الأمر."', "ثم غادر"]),
    ("   ", []),
])
def test_split_sentences(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("قتل ٣ جنود، وأصيب 12.", ["قتل", "٣", "جنود", "،", "وأصيب", "12", "."]),
    ("في 14/1/2016 بمدينة الموصل", ["في", "14/1/2016", "بمدينة", "الموصل"]),
    ("تنظيم ISIS-K", ["تنظيم", "ISIS", "-", "K"]),
    ("قُتِلَ", ["قُتِلَ"]),
])
def test_tokenize(text, expected):
    assert [t.text for t in tokenize(text)] == expected


def test_token_offsets_and_norm():
    text = "في دِمَشق"
    tok = tokenize(text)[1]
    assert text[tok.start:tok.end] == "دِمَشق" and tok.norm == "دمشق"


@given(st.text())
def test_spans_are_inside_text(text):
    for s in split_sentences(text):
        assert 0 <= s.start < s.end <= len(text)
    for t in tokenize(text):
        assert text[t.start:t.end] == t.text
