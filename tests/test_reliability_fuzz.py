"""Property tests that complement the module owners' own (which check "never raises" and spans
on small alphabets): round trips through every digit script and month-name family, invariance
of normalization under marks, and the CONTRACT promise that every offset `rasid.extract` gives
points back into the RAW input (through cleaning of entities, tags, marks and odd spacing).
Plus a bounded run of the atheris target ``tests/fuzz/fuzz_extract.py`` (slow).
"""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rasid.figures import find_quantities, parse_number
from rasid.resources import load_json
from rasid.text.normalize import (DIACRITICS, INVISIBLES, TATWEEL, normalize, normalize_keep_length,
                                  unfold_presentation_forms)
from rasid.time import parse_dates

FUZZ_TARGET = Path(__file__).parent / "fuzz" / "fuzz_extract.py"
ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
PERSIAN = "۰۱۲۳۴۵۶۷۸۹"
QUALIFIERS = {"exact", "at_least", "more_than", "about", "nearly", "at_most", "less_than", "vague"}
EVENT_TYPES = {"attack", "armed_clash", "plot_foiled", "arrest", "legal_action", "designation", "claim",
               "threat", "protest"}
GRANULARITIES = {"day", "month", "year", None}


# -- number formatting in every script ----------------------------------------------------------
def in_script(digits: str, script: str) -> str:
    table = {"western": "0123456789", "arabic_indic": ARABIC_INDIC, "persian": PERSIAN}[script]
    return digits.translate(str.maketrans("0123456789", table))


def grouped(n: int, separator: str) -> str:
    return f"{n:,}".replace(",", separator)


scripts = st.sampled_from(["western", "arabic_indic", "persian"])


@settings(max_examples=300, deadline=None)
@given(n=st.integers(min_value=0, max_value=10**9), script=scripts, separator=st.sampled_from(["", ",", "٬"]))
def test_parse_number_reads_digits_of_every_script(n, script, separator):
    written = in_script(grouped(n, separator) if separator else str(n), script)
    assert parse_number(written) == n


@settings(max_examples=150, deadline=None)
@given(n=st.integers(min_value=2, max_value=99_999), script=scripts,
       verb=st.sampled_from(["قتل", "مقتل", "لقي {} شخصا حتفهم", "أسفر عن مقتل"]),
       prefix=st.sampled_from(["", "وقال مصدر أمني إنه ", "ذكرت الشرطة أنه "]))
def test_toll_value_does_not_depend_on_digit_script(n, script, verb, prefix):
    number = in_script(str(n), script)
    sentence = prefix + (verb.format(number) if "{}" in verb else f"{verb} {number} أشخاص") + " في الهجوم."
    killed = [q for q in find_quantities(sentence) if q.category == "killed"]
    assert [q.value for q in killed] == [n]
    assert all(sentence[q.start:q.end] == q.text for q in killed)


# -- dates from every month-name family ------------------------------------------------------------
def month_names() -> list[tuple[int, str]]:
    return [(entry["month"], name) for entry in load_json("time/months.json")["gregorian"] for name in entry["names"]]


@settings(max_examples=300, deadline=None)
@given(day=st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31)), script=scripts,
       month_name=st.sampled_from(month_names()), lead=st.sampled_from(["", "في ", "يوم الأحد ", "بتاريخ "]),
       tail=st.sampled_from(["", "،", " الماضي.", " وفق بيان"]))
def test_written_date_in_any_month_family_and_digits(day, script, month_name, lead, tail):
    month, name = month_name
    day = day.replace(day=min(day.day, 28), month=month)
    written = f"{in_script(str(day.day), script)} {name} {in_script(str(day.year), script)}"
    text = lead + written + tail
    found = [d for d in parse_dates(text, date(2036, 1, 1)) if d.value == day.isoformat()]
    assert found, f"{text!r} not read as {day}"
    assert all(text[d.start:d.end] == d.text for d in found)
    assert any(d.text.endswith(written) and d.granularity == "day" for d in found)


@settings(max_examples=200, deadline=None)
@given(day=st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31)), script=scripts,
       separator=st.sampled_from(["/", "-", "."]))
def test_numeric_dates_day_first(day, script, separator):
    written = in_script(f"{day.day:02d}{separator}{day.month:02d}{separator}{day.year}", script)
    assert [d.value for d in parse_dates(f"نشر في {written}")] == [day.isoformat()]


@settings(max_examples=200, deadline=None)
@given(anchor=st.dates(), text=st.sampled_from(["الجمعة", "غدا", "أمس", "الأسبوع الماضي", "العام المقبل",
                                               "قبل ثلاثة أيام", "الشهر القادم", "منذ عامين", "الاثنين المقبل"]))
def test_any_anchor_date_never_overflows(anchor, text):
    """Found by the atheris target: a publication date in year 1 or 9999 overflowed date arithmetic."""
    for found in parse_dates(text, anchor):
        assert text[found.start:found.end] == found.text


# -- normalization --------------------------------------------------------------------------------
arabic_words = st.text(alphabet=st.characters(min_codepoint=0x0621, max_codepoint=0x064A), min_size=1, max_size=12)
marks = st.sampled_from(sorted(DIACRITICS | INVISIBLES | {TATWEEL}))


@settings(max_examples=120, deadline=None)
@given(words=st.lists(arabic_words, min_size=1, max_size=8), data=st.data())
def test_normalize_ignores_marks_sprinkled_anywhere(words, data):
    plain = " ".join(words)
    sprinkled = "".join(ch + "".join(data.draw(st.lists(marks, max_size=2))) for ch in plain)
    assert normalize(sprinkled) == normalize(plain)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.characters(min_codepoint=0xFB50, max_codepoint=0xFEFC), max_size=30))
def test_presentation_forms_normalize_like_their_letters(text):
    assert normalize(text) == normalize(unfold_presentation_forms(text))


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=60))
def test_keep_length_form_equals_normalize_once_placeholders_go(text):
    if any("\ufb50" <= ch <= "\ufefc" for ch in text):   # presentation forms change length in normalize
        return
    assert normalize_keep_length(text).replace("\u200b", "") == normalize(text).replace("\u200b", "")


# -- extract: every offset points into the raw input ------------------------------------------
FRAGMENTS = [
    "قتل 12 شخصا وأصيب ٣٠ آخرون في هجوم انتحاري استهدف سوقا في بغداد أمس",
    "اعتقلت قوات الأمن خمسة عناصر من تنظيم الدولة الإسلامية في الموصل",
    "وقال المتحدث باسم الجيش إن الاشتباكات مع حركة الشباب في مقديشو أسفرت عن مقتل عشرات المسلحين",
    "بحسب وكالة الأنباء الرسمية، ", "تابعونا على فيسبوك وتويتر", "اقرأ أيضا: ", "الجمعة 22 مارس 2024",
    "&amp;", "&nbsp;", "&#1575;", "&lt;script&gt;alert(1)&lt;/script&gt;", "<b>", "</p>", "<br/>",
    "\u064b", "\u0651", "\u0640\u0640", "\u200f", "\u200d", "\ufeff", "ﻻ", "ﷲ", "😀", "\r\n", "\n\n\n", "\t",
    "   ", ".", "،", "؟", "!", "«", "»", "(", ")", "#وسم", "https://example.org/a?b=1",
]
noisy_articles = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=40).map("".join)
published_dates = st.one_of(st.none(), st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)).map(str))


def assert_offsets_point_into(raw: str, reading: dict) -> None:
    for entity in reading["entities"]:
        assert 0 <= entity["start"] < entity["end"] <= len(raw)
        assert raw[entity["start"]:entity["end"]] == entity["text"]
    for event in reading["events"]:
        assert event["type"] in EVENT_TYPES and event["date"]["granularity"] in GRANULARITIES
        (mention,) = event["mentions"]
        assert 0 <= mention["start"] <= mention["end"] <= len(raw)
        assert raw[mention["start"]:mention["end"]] == mention["sentence"]
        for name in ("killed", "injured", "arrested", "kidnapped"):
            quantity = mention[name]
            if quantity is not None:
                assert quantity["qualifier"] in QUALIFIERS
                assert quantity["value"] is None or quantity["value"] >= 0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=noisy_articles, published=published_dates)
def test_extract_offsets_always_map_back_into_the_raw_text(raw, published):
    from rasid import extract

    reading = extract(raw, published=published).to_dict()
    json.dumps(reading, ensure_ascii=False)
    assert_offsets_point_into(raw, reading)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=st.text(max_size=300))
def test_extract_never_raises_on_any_text(raw):
    from rasid import extract

    assert_offsets_point_into(raw, extract(raw).to_dict())


# -- the atheris target, bounded ------------------------------------------------------------------
@pytest.mark.slow
def test_atheris_target_runs_clean_for_a_bounded_number_of_inputs(tmp_path):
    pytest.importorskip("atheris")
    done = subprocess.run([sys.executable, str(FUZZ_TARGET), "-atheris_runs=300", "-max_total_time=240",
                           "-seed=20240322", f"-artifact_prefix={tmp_path}/"],
                          capture_output=True, text=True, timeout=400, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Done" in done.stderr and not list(tmp_path.glob("crash-*"))
