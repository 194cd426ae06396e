"""Reading: CONTRACT section 1 dicts from a processed document (built by hand here)."""
from __future__ import annotations

import pytest

from rasid.doc import ArticleMeta, Document, TextBuilder
from rasid.model import ActorRef, EntityMention, EventMention, Place, Quantity, QuantityPart, TimeExpr
from rasid.reading import Reading, bounds, event_id, figure, read_document


@pytest.mark.parametrize("value,qualifier,expected", [
    (133, "exact", (133, 133, 133)),
    (133, "at_least", (133, 133, None)),
    (135, "more_than", (136, 136, None)),
    (170, "about", (None, 170, None)),
    (100, "nearly", (None, 100, 100)),
    (10, "at_most", (None, 10, 10)),
    (10, "less_than", (None, 9, 9)),
    (None, "vague", (None, None, None)),
])
def test_figure_bounds(value, qualifier, expected):
    assert bounds(value, qualifier) == expected


def test_split_figure_sums_lower_bounds():
    q = Quantity(0, 5, "13 جنديا وعشرات المدنيين", None, "vague", "killed",
                 parts=[QuantityPart("جنديا", 13, "exact"), QuantityPart("المدنيين", None, "vague")])
    fig = figure(q)
    assert (fig["low"], fig["best"], fig["high"]) == (13, None, None)


def cleaned_doc() -> Document:
    """Raw text with a dropped banner line: clean offsets differ from raw offsets."""
    raw = "شارك الخبر\nقتل 5 أشخاص في هجوم على قرية في كادونا."
    builder = TextBuilder(raw)
    builder.keep(11, len(raw))
    text, offsets = builder.build()
    doc = Document(raw=raw, meta=ArticleMeta(id="art-1", external_id="row-7", url="http://x.test/a"),
                   text=text, offsets=offsets)
    at = text.index("كادونا")
    doc.entities = [EntityMention(at, at + 6, "كادونا", "GPE", "city:kaduna")]
    q_at = text.index("5 أشخاص")
    killed = Quantity(q_at, q_at + 7, "5 أشخاص", 5, "exact", "killed")
    doc.events = [EventMention(
        type="attack", start=0, end=len(text), sentence=text, subtype="armed_assault", plover="ASSAULT",
        trigger="هجوم", trigger_start=text.index("هجوم"),
        date=TimeExpr(0, 0, "", "2024-05-11", "day", "2024-05-11", "2024-05-11"),
        location=Place("كادونا", "city:kaduna", "NG", 10.5, 7.4, "city"), location_text="كادونا",
        actors=[ActorRef("بوكو حرام", "perpetrator", "org:boko")], killed=killed,
        attributed_to="الشرطة", perpetrator_text="بوكو حرام")]
    return doc


def test_read_document_offsets_point_into_the_input():
    doc = cleaned_doc()
    out = read_document(doc).to_dict()
    ent = out["entities"][0]
    assert doc.raw[ent["start"]:ent["end"]] == "كادونا" == ent["text"]
    mention = out["events"][0]["mentions"][0]
    assert doc.raw[mention["start"]:mention["end"]] == mention["sentence"]
    assert mention["start"] == 11


def test_event_dict_shape():
    out = read_document(cleaned_doc()).to_dict()
    assert out["id"] == "row-7" and out["url"] == "http://x.test/a"
    ev = out["events"][0]
    assert set(ev) == {"id", "type", "subtype", "plover", "date", "location", "actors", "killed", "injured",
                       "arrested", "kidnapped", "mentions", "discrepancies"}
    assert ev["killed"]["best"] == 5 and ev["injured"] is None
    assert ev["location"] == {"entity": "ent-city:kaduna", "name": "كادونا", "country": "NG",
                              "lat": 10.5, "lon": 7.4, "precision": "city"}
    assert ev["actors"] == [{"entity": "ent-org:boko", "name": "بوكو حرام", "role": "perpetrator"}]
    mention = ev["mentions"][0]
    assert mention["killed"] == {"value": 5, "qualifier": "exact", "text": "5 أشخاص"}
    assert mention["date"] == {"value": "2024-05-11", "granularity": "day"}
    assert (mention["attributed_to"], mention["perpetrator_text"]) == ("الشرطة", "بوكو حرام")
    assert len(ev["mentions"]) == 1 and ev["discrepancies"] == []


def test_event_ids_are_deterministic_and_distinct():
    assert event_id("a", 0, 10, 3) == event_id("a", 0, 10, 3)
    assert len({event_id("a", 0, 10, 3), event_id("a", 0, 10, 5), event_id("b", 0, 10, 3)}) == 3


def test_error_reading_has_only_contract_fields():
    assert Reading(id="x", error="not JSON").to_dict() == {"id": "x", "events": [], "entities": [], "error": "not JSON"}


def test_extract_many_equals_extract_one_text_at_a_time():
    from rasid.reading import extract, extract_many

    items = [{"text": "قتل ثلاثة جنود في هجوم على حاجز في كركوك أمس.", "id": "a", "published": "2024-05-12"},
             {"text": "", "id": "b"},
             {"text": "اعتقلت الشرطة خمسة أشخاص في الموصل.", "id": "c", "outlet": "وكالة"}]
    many = extract_many(items)
    assert [r.to_dict() for r in many] == [extract(**item).to_dict() for item in items]
