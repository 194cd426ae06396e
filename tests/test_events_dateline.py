"""rasid.events.dateline: the place a wire story was filed from is not the event place."""
from __future__ import annotations

import pytest

from rasid.doc import ArticleMeta, Document, Span
from rasid.events.dateline import dateline_end, recognized_end
from rasid.events.stage import after_dateline
from rasid.model import EntityMention


def _places(text: str, *names: str) -> list[EntityMention]:
    out = []
    for name in names:
        at = text.index(name)
        out.append(EntityMention(at, at + len(name), name, "GPE"))
    return out


@pytest.mark.parametrize("text, places, ends_before", [
    ("الرباط، المغرب (CNN) -- قتل شخصان في حادث", ("الرباط", "المغرب"), "قتل"),
    ("طرابلس - أ ف ب: اندلعت اشتباكات عنيفة", ("طرابلس",), "اندلعت"),
    ("(رويترز) - قال مسؤول إن هجوما وقع", (), "قال"),
    ("نيروبي (أسوشيتد برس) — أعلنت الشرطة اعتقال مشتبه به", ("نيروبي",), "أعلنت"),
])
def test_recognized_datelines(text: str, places: tuple[str, ...], ends_before: str) -> None:
    end = recognized_end(text, _places(text, *places))
    assert text[end:].lstrip().startswith(ends_before)


@pytest.mark.parametrize("text, places", [
    ("قتل ثلاثة أشخاص في هجوم (وفق الشرطة) - وأصيب آخرون", ()),      # words before ( are no places
    ("أعلن الجيش - في بيان: مقتل مسلحين", ()),
    ("اندلعت اشتباكات في مدينة حلب السورية اليوم", ("حلب",)),
])
def test_not_datelines(text: str, places: tuple[str, ...]) -> None:
    assert recognized_end(text, _places(text, *places)) == 0


def test_the_entity_stage_span_wins() -> None:
    doc = Document.from_text("غزة - قتل شخص", ArticleMeta(id="t"))
    doc.extra["dateline"] = (0, 6)
    assert dateline_end(doc) == 6


def test_sentences_lose_the_dateline() -> None:
    text = "عمان (أ ف ب) - قتل جندي. وأصيب آخر."
    spans = [Span(0, 24), Span(25, 35)]
    cut = recognized_end(text, _places(text, "عمان"))
    trimmed = after_dateline(spans, cut, text)
    assert text[trimmed[0].start:trimmed[0].end] == "قتل جندي."
    assert trimmed[1] == spans[1]


def test_event_place_is_not_the_filing_place() -> None:
    from rasid.reading import extract
    reading = extract("باريس (أ ف ب) - قتل خمسة أشخاص في هجوم مسلح على سوق في مدينة كابول الأفغانية.")
    assert reading.events
    location = reading.events[0]["location"]
    assert location is not None and location["country"] == "AF"
