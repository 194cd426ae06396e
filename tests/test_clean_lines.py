"""Line splitting and rendering: entities, spacing, CRLF, exact raw positions."""
import re

import pytest
from hypothesis import given, settings, strategies as st

from rasid.clean.lines import (_changing_chars, decode_entity, display_to_raw, ends_sentence, key_to_display,
                               matching_key, split_lines)
from rasid.text.normalize import normalize


@pytest.mark.parametrize("entity,expected", [
    ("&quot;", '"'), ("&amp;", "&"), ("&#1575;", "ا"), ("&#x627;", "ا"), ("&amp;quot;", '"'),
    ("&nbsp;", "\xa0"), ("&bogus;", "&bogus;"),
])
def test_decode_entity(entity, expected):
    assert decode_entity(entity) == expected


@pytest.mark.parametrize("raw,displays", [
    ("سطر أول\r\nسطر ثان", ["سطر أول", "سطر ثان"]),
    ("  مسافات   كثيرة\t\tهنا  ", ["مسافات كثيرة هنا"]),
    ("قال&nbsp;المتحدث", ["قال المتحدث"]),
    ("&quot;نص&quot;", ['"نص"']),
    ("a\rb\nc", ["a", "b", "c"]),
    ("", [""]),
    ("سطر\n", ["سطر"]),
])
def test_split_lines_displays(raw, displays):
    assert [line.display for line in split_lines(raw)] == displays


def test_segments_point_back_into_raw():
    raw = "  قال   &quot;المتحدث&quot;\xa0اليوم"
    line = split_lines(raw)[0]
    for seg in line.segments:
        if seg.verbatim and not seg.text.isspace():
            assert raw[seg.raw_start:seg.raw_end] == seg.text
    assert display_to_raw(line, line.display.index("اليوم")) == raw.index("اليوم")


@pytest.mark.parametrize("display,expected", [
    ("انتهى الهجوم.", True), ("قال: «انتهى».", True), ("من هم داعش خراسان..", False),
    ("لماذا روسيا الآن؟", False), ("عنوان بلا نقطة", False),
])
def test_ends_sentence(display, expected):
    assert ends_sentence(display) is expected


def test_key_to_display_skips_diacritics():
    display = "تعليقاً هنا"
    key = normalize(display)
    assert display[key_to_display(display, key.index("هنا")):] == "هنا"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x6ff) | st.sampled_from("ﻻﺍ\u200f\u0640٣"), max_size=60))
def test_matching_key_equals_normalize(text):
    assert matching_key(text) == normalize(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("دمشق أإآىة٣۱ک\u064e\u0651\u0640\u200f&#;amp_İ\n\r\t  ﻻ"), max_size=80))
def test_line_keys_and_tokens_equal_normalizing_each_display(raw):
    """Keys found with the page's own character list, and tokens found at render, match the slow forms."""
    for line in split_lines(raw):
        assert line.key == normalize(line.display)
        slow_tokens = tuple(m.group().lower() for m in re.finditer(r"[^\W_]+", line.key))
        assert line.tokens == slow_tokens and line.words == len(slow_tokens)
        assert all(line.key[:end].lower().endswith(tok) for tok, end in zip(line.tokens, line.token_ends))


@pytest.mark.parametrize("raw", ["&#1571;من في الإمارات", "قال: &quot;أمس&quot;", "بلا كيانات  هنا\tولا شيء"])
def test_entities_bring_characters_the_raw_page_lacks(raw):
    (line,) = split_lines(raw)
    assert line.key == normalize(line.display)


def test_changing_character_forms_hold_no_changing_character():
    changing = {char for char, _ in _changing_chars()}
    assert all(not changing.intersection(form) for _, form in _changing_chars())
