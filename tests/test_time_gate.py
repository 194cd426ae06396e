"""rasid.time.gate and the gated time stage: skipping sentences never loses a date."""
from __future__ import annotations

import pytest

from rasid.doc import ArticleMeta, Document, Span
from rasid.text.segment import split_sentences
from rasid.time.calendar import parse_anchor
from rasid.time.gate import TextRange, gate_pattern, gated_ranges
from rasid.time.parse import parse_dates
from rasid.time.stage import TimeStage, date_gate

TEXTS = [
    "قال المسؤول إن الوضع هادئ. وقع الهجوم في 12 مارس 2023 في المدينة. لم تعلن أي جهة مسؤوليتها.",
    "أعلنت الشرطة أمس الجمعة اعتقال ثلاثة أشخاص. وأضافت أن التحقيق مستمر.",
    "قُتل جنديان يوم الثلاثاء الماضي. وكان الهجوم قد وقع قبل ثلاثة أيام من الزيارة.",
    "شهدت المنطقة هدوءا. وفي العام الماضي وقعت اشتباكات عنيفة. ولم يصب أحد.",
    "تأسست الجماعة عام ٢٠١٤ في الشرق. ثم توسعت نحو الغرب خلال شهر رمضان.",
    "وقعت الاشتباكات بين 3 و5 يناير. وانتهت بانسحاب المسلحين من البلدة.",
    "اندلعت المواجهات في أبريل/نيسان الماضي. وعاد الهدوء بعد أسابيع.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_gated_stage_finds_the_same_dates_as_a_whole_text_parse(text: str) -> None:
    doc = Document.from_text(text, ArticleMeta(id="t", published="2024-05-10"))
    doc.text = text
    doc.sentences = split_sentences(text)
    TimeStage()(doc)
    whole = parse_dates(text, parse_anchor("2024-05-10"))
    assert [(d.start, d.end, d.value) for d in doc.dates] == [(d.start, d.end, d.value) for d in whole]


@pytest.mark.parametrize("sentence, hit", [
    ("وقع انفجار في السوق", False),
    ("وقع انفجار في السوق يوم الأحد", True),
    ("قال إن المدينة تعرضت لقصف بالأمس", True),
    ("وصل 40 جريحا إلى المستشفى", True),
    ("وصل ٤٠ جريحا إلى المستشفى", True),
    ("نفذت العملية في يناير", True),
    ("الأسبوعية والشهرية", False),                 # date words inside longer words are not anchors
    ("أعلنت الحكومة حالة الطوارئ", False),
])
def test_date_gate_hits_only_sentences_that_can_hold_a_date(sentence: str, hit: bool) -> None:
    ranges = gated_ranges(sentence, [Span(0, len(sentence))], date_gate())
    assert bool(ranges) is hit


def test_consecutive_hit_sentences_merge_into_one_range() -> None:
    text = "جملة أولى 1. جملة ثانية 2. جملة ثالثة. جملة رابعة 4."
    spans = split_sentences(text)
    assert len(spans) == 4
    ranges = gated_ranges(text, spans, gate_pattern([]))
    assert ranges == [TextRange(spans[0].start, spans[1].end), TextRange(spans[3].start, spans[3].end)]


def test_without_sentences_the_whole_text_is_one_range_when_it_hits() -> None:
    assert gated_ranges("في 2020", [], gate_pattern([])) == [TextRange(0, 7)]
    assert gated_ranges("لا شيء هنا", [], gate_pattern([])) == []


def test_a_gate_word_with_marks_still_hits() -> None:
    text = "وَقَعَ ذلك فِي يَنَايِر"
    assert gated_ranges(text, [Span(0, len(text))], date_gate())
