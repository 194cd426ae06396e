"""FigureStage reads only the sentences that can hold a figure, and finds what a whole-text read finds."""
from __future__ import annotations

import pytest

from rasid.doc import ArticleMeta, Document, Span
from rasid.figures.quantities import find_quantities
from rasid.figures.stage import FigureStage, figure_gate
from rasid.pipeline import DATES
from rasid.text.stage import SegmentStage
from rasid.time.gate import gated_ranges
from rasid.time.stage import TimeStage

TEXTS = [
    "قال المتحدث إن الوضع هادئ. قُتل 12 شخصا وأصيب العشرات في الانفجار. ولم تتبن أي جهة الهجوم.",
    "أعلنت الشرطة القبض على شخصين في العاصمة. وأضافت أن التحقيق مستمر.",
    "أسفر الهجوم عن مقتل جندي وإصابة ثلاثة آخرين. وكانت المدينة قد شهدت هدوءا نسبيا.",
    "لقي خمسة مدنيين حتفهم في 3 مارس 2023. وتجمع المئات أمام المستشفى.",
    "ارتفعت حصيلة ضحايا التفجير. وقالت الوزارة إن عدد القتلى ارتفع إلى ٤٠ قتيلا.",
    "اختطف مسلحون عشرات الطلاب من مدرستهم. ولا يزال مصيرهم مجهولا.",
]


def _prepared(text: str) -> Document:
    doc = Document.from_text(text, ArticleMeta(id="t", published="2024-05-10"))
    for stage in (SegmentStage(), TimeStage()):
        stage(doc)
        doc.layers_done |= stage.provides
    return doc


def _key(quantities: list) -> list[tuple]:
    return [(q.start, q.end, q.value, q.qualifier, q.category) for q in quantities]


@pytest.mark.parametrize("text", TEXTS)
def test_gated_stage_equals_a_whole_text_read(text: str) -> None:
    doc = _prepared(text)
    FigureStage()(doc)
    whole = find_quantities(doc.text, dates=[(d.start, d.end) for d in doc.dates])
    assert doc.quantities and _key(doc.quantities) == _key(whole)


@pytest.mark.parametrize("sentence, hit", [
    ("وقال المتحدث إن الوضع هادئ", False),
    ("أسفر الهجوم عن مقتل جندي", True),             # a trigger: singular figure
    ("وأصيب العشرات", True),
    ("وصل 40 جريحا", True),
    ("قتل ثلاثة", True),
    ("وأكد الوزير استمرار التحقيق", False),
])
def test_figure_gate(sentence: str, hit: bool) -> None:
    assert bool(gated_ranges(sentence, [Span(0, len(sentence))], figure_gate())) is hit


def test_numbers_inside_dates_stay_out_when_the_time_stage_ran() -> None:
    doc = _prepared("وقع الهجوم في 12 مارس 2023 وقتل فيه 7 أشخاص.")
    assert DATES in doc.layers_done
    FigureStage()(doc)
    assert [q.value for q in doc.quantities] == [7]
