"""Dates written for another event (rasid.resolve.datecues): claim days and recalled earlier events."""
from __future__ import annotations

from datetime import date

import pytest

from rasid.resolve.datecues import load_date_cues, recalled_day_clash, reinterpret
from rasid.resolve.dates import interval_of_value, window_before

PUBLISHED = date(2025, 6, 3)          # a Tuesday
MONDAY = interval_of_value("2025-06-02")
SUNDAY = interval_of_value("2025-06-01")


def mention(sentence, date_text):
    return {"sentence": sentence, "date_text": date_text}


def read(sentence, date_text, interval, event_type="attack", published=PUBLISHED):
    return reinterpret(mention(sentence, date_text), event_type, interval, None, published, 30)


def test_the_cue_file_loads_and_is_normalized():
    cues = load_date_cues()
    assert any(c.days == 1 for c in cues.after_cues) and "تبني" in cues.claim_verbs


def test_a_claim_day_bounds_the_attack_from_above():
    # «تبنى التنظيم، الاثنين، الهجوم الذي ...»: the attack happened on or before Monday
    result = read("تبنى التنظيم، الاثنين، الهجوم الذي استهدف سوق المدينة.", "الاثنين", MONDAY)
    assert result.interval is None and result.window == window_before(MONDAY.latest, 30)


def test_a_claim_mention_keeps_its_own_day():
    result = read("تبنى التنظيم، الاثنين، الهجوم.", "الاثنين", MONDAY, event_type="claim")
    assert result.interval == MONDAY


def test_announcing_responsibility_is_a_claim_but_announcing_a_toll_is_not():
    claim = read("أعلنت الجماعة، الاثنين، مسؤوليتها عن التفجير.", "الاثنين", MONDAY)
    toll = read("أعلنت الشرطة، الاثنين، مقتل خمسة في التفجير.", "الاثنين", MONDAY)
    assert claim.interval is None and toll.interval == MONDAY


def test_a_date_far_after_the_claim_verb_is_the_attack_day():
    # «تبنى التنظيم هجوم الطعن الذي استهدف خمسة في العاصمة، الأحد»: the date describes the attack
    sentence = "تبنى التنظيم هجوم الطعن الذي استهدف خمسة أشخاص في العاصمة، الأحد."
    assert read(sentence, "الأحد", SUNDAY).interval == SUNDAY


def test_a_date_after_one_day_after_dates_the_recalled_event():
    # «هجوم على مقر الشرطة، بعد يوم من تفجيرات استهدفت كنائس الأحد»: the attack is on Monday
    sentence = "قتل أربعة في هجوم على مقر الشرطة في المدينة، بعد يوم من تفجيرات استهدفت كنائس الأحد."
    result = read(sentence, "الأحد", SUNDAY)
    assert result.interval == MONDAY and result.recalled == SUNDAY


def test_this_came_after_moves_the_event_past_the_recalled_day():
    # «وجاء هذا التفجير بعد ثلاث تفجيرات ... الأحد», published Monday: the event is on Monday
    sentence = "وجاء هذا التفجير بعد ثلاث تفجيرات استهدفت كنائس المدينة الأحد."
    result = read(sentence, "الأحد", SUNDAY, published=date(2025, 6, 2))
    assert result.interval == MONDAY and result.recalled == SUNDAY


def test_this_came_after_without_a_publication_date_drops_the_date():
    sentence = "وجاء هذا التفجير بعد ثلاث تفجيرات استهدفت كنائس المدينة الأحد."
    assert read(sentence, "الأحد", SUNDAY, published=None).interval is None


def test_a_sentence_opening_with_the_cue_keeps_its_date():
    # «بعد يوم من ... الأحد، ...»: the event word may follow the cue; nothing is changed
    sentence = "بعد يوم من تفجيرات الأحد قتل أربعة في هجوم."
    assert read(sentence, "الأحد", SUNDAY).interval == SUNDAY


def test_an_undated_mention_a_day_after_another_attack_is_stale_before():
    sentence = "أصيب عدد من رجال الشرطة في انفجار بالمدينة بعد يوم واحد من هجمات على كنائس."
    window = window_before(PUBLISHED, 30)
    result = reinterpret(mention(sentence, None), "attack", None, window, PUBLISHED, 30)
    assert result.window == window and result.stale_until == date(2025, 6, 2)


def test_an_ordinary_dated_mention_is_unchanged():
    assert read("قتل خمسة في تفجير بسوق المدينة الأحد.", "الأحد", SUNDAY).interval == SUNDAY


@pytest.mark.parametrize("other,expected", [(SUNDAY, True), (MONDAY, False), (None, False),
                                            (interval_of_value("2025-06"), False)])
def test_recalled_day_clash(other, expected):
    assert recalled_day_clash((SUNDAY,), other) is expected


def test_cue_words_with_diacritics_are_read_whole():
    # «غداةَ» with a fatha: the day after the recalled Sunday
    sentence = "قُتل ثلاثة في هجوم على مقر الشرطة غداةَ تفجيرات استهدفت كنائس الأحد."
    assert read(sentence, "الأحد", SUNDAY).interval == MONDAY
