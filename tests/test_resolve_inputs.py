"""Slim readings streamed to the resolution: fields kept, id order, same result as whole readings."""
from __future__ import annotations

import json

import pytest

from rasid.doc import ArticleMeta, Document
from rasid.errors import InputError
from rasid.resolve import resolve_corpus
from rasid.resolve.inputs import in_id_order, slim_entity, slim_event, slim_reading
from rasid.store import open_store


def mention(article: str, start: int, sentence: str, place: str | None, killed: int | None) -> dict:
    return {"article": article, "start": start, "end": start + len(sentence), "sentence": sentence,
            "date_text": None, "date": None, "location_text": place,
            "killed": {"value": killed, "qualifier": "exact", "text": str(killed)} if killed else None,
            "injured": None, "arrested": None, "kidnapped": None, "attributed_to": None, "perpetrator_text": None}


def event(article: str, sentence: str, *, place: str | None = None, date: str | None = None,
          perp: str | None = None, killed: int | None = None, start: int = 0) -> dict:
    return {"id": f"ev-{article}-{start}", "type": "attack", "subtype": "bombing", "plover": "ASSAULT",
            "date": {"value": date, "granularity": "day", "earliest": date, "latest": date} if date else None,
            "location": {"entity": None, "name": place, "country": None, "precision": "city"} if place else None,
            "actors": [{"entity": None, "name": perp, "role": "perpetrator"}] if perp else [],
            "killed": {"low": killed, "best": killed, "high": killed, "basis": "one mention"} if killed else None,
            "injured": None, "arrested": None, "kidnapped": None,
            "mentions": [mention(article, start, sentence, place, killed)], "discrepancies": []}


def entity(text: str, start: int, type_: str = "GPE") -> dict:
    return {"text": text, "start": start, "end": start + len(text), "type": type_, "kb_id": None,
            "confidence": 0.9, "sentence_index": 0}


CLAIM = {"kind": "founded", "org": "جماعة النصر المبين", "org_text": "جماعة النصر المبين", "value": "2011",
         "text": "تأسست جماعة النصر المبين عام 2011", "start": 0, "end": 33}

READINGS = [
    {"id": "art-b", "title": "تفجير في مدينة الواحة", "outlet": "صحيفة", "events": [
        event("art-b", "قتل ثمانية في تفجير بمدينة الواحة", place="مدينة الواحة", date="2023-04-02",
              perp="جماعة النصر المبين", killed=8)],
     "entities": [entity("مدينة الواحة", 20), entity("جماعة النصر المبين", 40, "ORG")], "claims": [CLAIM]},
    {"id": "art-a", "title": "حصيلة تفجير الواحة", "events": [
        event("art-a", "ارتفعت حصيلة تفجير مدينة الواحة إلى عشرة قتلى", place="مدينة الواحة", date="2023-04-02",
              killed=10, start=5),
        event("art-a", "واعتقلت الشرطة ثلاثة مشتبهين في الميناء", place="الميناء", start=60)],
     "entities": [entity("مدينة الواحة", 25), entity("الميناء", 90)]},
    {"id": "art-c", "events": [], "entities": [entity("السوق الكبير", 3, "LOC")]},
]
ARTICLES = [{"id": r["id"], "outlet": "صحيفة", "published": "2023-04-03", "title": "عنوان", "genre": "news"}
            for r in READINGS]


@pytest.mark.parametrize("field,kept", [
    ("id", True), ("type", True), ("subtype", True), ("plover", True), ("date", True), ("location", True),
    ("actors", True), ("mentions", True), ("killed", False), ("discrepancies", False)])
def test_slim_event_keeps_only_what_resolution_reads(field, kept):
    assert (field in slim_event(READINGS[0]["events"][0])) is kept


@pytest.mark.parametrize("field,kept", [
    ("text", True), ("start", True), ("end", True), ("type", True), ("kb_id", True),
    ("confidence", False), ("sentence_index", False)])
def test_slim_entity_keeps_span_text_type_and_kb_id(field, kept):
    assert (field in slim_entity(READINGS[0]["entities"][0])) is kept


def test_slim_reading_drops_title_and_outlet_and_keeps_claims():
    slim = slim_reading(READINGS[0])
    assert set(slim) == {"id", "events", "entities", "claims"}
    assert slim["claims"] == [CLAIM]
    assert slim_reading({"id": "x"}) == {"id": "x", "events": [], "entities": [], "claims": []}


def test_a_list_is_sorted_by_id():
    assert [r["id"] for r in in_id_order(READINGS)] == ["art-a", "art-b", "art-c"]


def test_a_stream_out_of_id_order_is_refused():
    with pytest.raises(InputError, match="not in id order"):
        list(in_id_order(iter(READINGS)))


def test_a_stream_in_id_order_passes_through():
    ordered = sorted(READINGS, key=lambda r: r["id"])
    assert list(in_id_order(iter(ordered))) == ordered


def as_json(resolution) -> str:
    return json.dumps(resolution.to_dict(), ensure_ascii=False, sort_keys=True)


def test_streamed_slim_readings_resolve_exactly_like_whole_readings():
    whole = resolve_corpus(ARTICLES, READINGS)
    stream = (slim_reading(r) for r in sorted(READINGS, key=lambda r: r["id"]))
    assert whole.events and whole.entities
    assert as_json(resolve_corpus(ARTICLES, stream)) == as_json(whole)


def stored(store, reading: dict) -> dict:
    """Store an article for ``reading`` and its reading; the reading under the stored id."""
    doc = Document.from_text("نص الخبر " + reading["id"], ArticleMeta(title="عنوان"))
    article_id = store.add_article(doc).article_id
    store.set_reading(article_id, reading)
    return {**reading, "id": article_id}


@pytest.mark.parametrize("page", [1, 2, 500])
def test_sqlite_store_streams_slim_readings_by_id_in_pages(tmp_path, page):
    with open_store(str(tmp_path / "r.db")) as store:
        readings = [stored(store, r) for r in READINGS]
        parts = list(store.iter_reading_parts(page=page))
    expected = [slim_reading(r) for r in sorted(readings, key=lambda r: r["id"])]
    assert len(parts) == 3 and parts == expected


def test_slim_article_keeps_what_resolution_reads():
    from rasid.resolve.inputs import slim_article

    article = {"id": "art-1", "published": "2024-03-02", "genre": "news", "title": "هجوم على حاجز",
               "outlet": "وكالة", "text": "قتل جنديان في هجوم.", "removed": []}
    assert slim_article(article) == {"id": "art-1", "published": "2024-03-02", "genre": "news"}


def test_slim_readings_share_short_strings_and_keep_long_ones_equal():
    from rasid.resolve.inputs import SHARED_STRING_MAX

    text = json.dumps({"id": "art-1", "events": [{"id": "ev-1", "type": "attack", "location":
                              {"country": "IQ", "name": "بعقوبة"}, "mentions": [{"sentence": "س" * 80}]}],
                              "claims": [{"kind": "founded", "value": "2014"}]})
    first, second = slim_reading(json.loads(text)), slim_reading(json.loads(text))
    assert first == second == slim_reading(json.loads(text))
    one, two = first["events"][0], second["events"][0]
    assert one["type"] is two["type"] and one["location"]["country"] is two["location"]["country"]
    assert next(iter(one["location"])) is next(iter(two["location"]))
    assert first["claims"][0]["value"] is second["claims"][0]["value"]
    assert len(one["mentions"][0]["sentence"]) > SHARED_STRING_MAX
