"""A small, deterministic Rasid database for the API and web tests (imported by test_api_* / test_web_*).

Articles go in through ``Store.add_article`` (cleaned by hand with ``TextBuilder``) and the corpus
resolution through ``Store.save_resolution`` as CONTRACT dicts, so the tests do not depend on the
quality of extraction. One article carries script, image and ``javascript:`` payloads in its text,
title and outlet.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rasid.doc import ArticleMeta, Document, Removal, TextBuilder
from rasid.store import open_store

HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(1)><a href="javascript:alert(1)">x</a>'
BANNER = "موقع الأنباء المحلية | "

ARTICLE_A = (BANNER + "قتل 14 شخصا على الأقل وأصيب 30 آخرون في هجوم بسيارة مفخخة على حاجز في مدينة الرمادي، "
             "بحسب مصدر في الشرطة.\nشارك الخبر: فيسبوك تويتر")
ARTICLE_B = ("ارتفعت حصيلة هجوم الرمادي إلى 19 قتيلا، وفق وزارة الصحة، فيما أعلنت جماعة الريح الأسود "
             "مسؤوليتها عن الهجوم.")
ARTICLE_C = ("أعلنت الأجهزة الأمنية اعتقال خمسة أشخاص في مدينة الزرقاء يشتبه بانتمائهم إلى جماعة الريح الأسود. "
             + HOSTILE)


@dataclass(frozen=True, slots=True)
class SeededDb:
    """The path of the seeded database and the ids the tests look for."""

    path: str
    article_a: str
    article_b: str
    article_c: str
    merged_event: str = "ev-ramadi000001"
    arrest_event: str = "ev-zarqa0000002"
    undated_event: str = "ev-undated00003"
    group_entity: str = "ent-group0000001"
    group_kb: str = "org:test-black-wind"


def _document(raw: str, meta: ArticleMeta, drop: list[tuple[int, int, str]]) -> Document:
    """A cleaned document: ``raw`` without the ``drop`` spans (kept verbatim otherwise)."""
    doc = Document.from_text(raw, meta)
    builder, cursor = TextBuilder(raw), 0
    for start, end, kind in drop:
        builder.keep(cursor, start)
        doc.removed.append(Removal(start, end, kind))
        cursor = end
    builder.keep(cursor, len(raw))
    doc.text, doc.offsets = builder.build()
    return doc


def _span(raw: str, words: str) -> tuple[int, int]:
    start = raw.index(words)
    return start, start + len(words)


def _entity(raw: str, words: str, type_: str, kb_id: str | None) -> dict[str, Any]:
    start, end = _span(raw, words)
    return {"text": words, "start": start, "end": end, "type": type_, "kb_id": kb_id}


def _sentence(raw: str, first_words: str) -> tuple[int, int, str]:
    start = raw.index(first_words)
    end = raw.index(".", start) + 1
    return start, end, raw[start:end]


def build_db(path: str) -> SeededDb:
    """Write the seeded database at ``path`` and return its ids."""
    store = open_store(path)
    share = _span(ARTICLE_A, "شارك الخبر: فيسبوك تويتر")
    doc_a = _document(ARTICLE_A, ArticleMeta(source="a.txt", outlet="الأنباء المحلية", published="2025-03-02",
                                             title="هجوم على حاجز في الرمادي"),
                      [(0, len(BANNER), "site_name"), (share[0], share[1], "share_links")])
    doc_b = _document(ARTICLE_B, ArticleMeta(source="b.txt", outlet="صحيفة المساء", published="2025-03-03",
                                             title="ارتفاع حصيلة هجوم الرمادي"), [])
    doc_c = _document(ARTICLE_C, ArticleMeta(source="c.txt", outlet="<b>منفذ</b>" + HOSTILE,
                                             published="2025-04-10", title="اعتقالات " + HOSTILE,
                                             url="javascript:alert(1)"), [])
    ids = []
    for doc, entities in ((doc_a, [_entity(ARTICLE_A, "الرمادي", "GPE", "gpe:ramadi")]),
                          (doc_b, [_entity(ARTICLE_B, "جماعة الريح الأسود", "ORG", "org:test-black-wind")]),
                          (doc_c, [_entity(ARTICLE_C, "الزرقاء", "GPE", "gpe:zarqa")])):
        ids.append(store.add_article(doc, {"id": "x", "events": [], "entities": entities}).article_id)
    seeded = SeededDb(path, *ids)
    store.save_resolution(_resolution(seeded))
    store.close()
    return seeded


def _mention(article: str, raw: str, first_words: str, **fields: Any) -> dict[str, Any]:
    start, end, sentence = _sentence(raw, first_words)
    base = {"article": article, "start": start, "end": end, "sentence": sentence, "date_text": None, "date": None,
            "location_text": None, "killed": None, "injured": None, "arrested": None, "kidnapped": None,
            "attributed_to": None, "perpetrator_text": None}
    return {**base, **fields}


def _quantity(value: int | None, qualifier: str, text: str) -> dict[str, Any]:
    return {"value": value, "qualifier": qualifier, "text": text}


def _resolution(db: SeededDb) -> dict[str, Any]:
    group = {"entity": db.group_entity, "name": "جماعة الريح الأسود", "role": "claimed_by"}
    killed_conflict = {"subject": db.merged_event, "field": "killed", "kind": "evolving",
                       "values": [{"article": db.article_a, "value": 14, "text": "14 شخصا على الأقل"},
                                  {"article": db.article_b, "value": 19, "text": "19 قتيلا"}],
                       "note": "the later report gives a higher toll"}
    merged = {
        "id": db.merged_event, "type": "attack", "subtype": "bombing", "plover": "ASSAULT",
        "date": {"value": "2025-03-02", "granularity": "day", "earliest": "2025-03-02", "latest": "2025-03-02"},
        "location": {"entity": "ent-ramadi000001", "name": "الرمادي", "country": "IQ", "lat": 33.42, "lon": 43.3,
                     "precision": "city"},
        "actors": [group],
        "killed": {"low": 14, "best": 19, "high": 19, "basis": "latest report"},
        "injured": {"low": 30, "best": 30, "high": 30, "basis": "one source"},
        "arrested": None, "kidnapped": None,
        "mentions": [
            _mention(db.article_a, ARTICLE_A, "قتل 14", killed=_quantity(14, "at_least", "14 شخصا على الأقل"),
                     injured=_quantity(30, "exact", "30"), location_text="مدينة الرمادي",
                     attributed_to="مصدر في الشرطة"),
            _mention(db.article_b, ARTICLE_B, "ارتفعت", killed=_quantity(19, "exact", "19 قتيلا"),
                     attributed_to="وزارة الصحة", perpetrator_text="جماعة الريح الأسود")],
        "discrepancies": [killed_conflict]}
    arrest = {
        "id": db.arrest_event, "type": "arrest", "subtype": None, "plover": "COERCE",
        "date": {"value": "2025-04-10", "granularity": "day", "earliest": "2025-04-10", "latest": "2025-04-10"},
        "location": {"entity": "ent-zarqa0000001", "name": "الزرقاء" + HOSTILE, "country": "JO", "lat": 32.07,
                     "lon": 36.09, "precision": "city"},
        "actors": [dict(group, role="accused"), {"entity": None, "name": HOSTILE, "role": "authority"}],
        "killed": None, "injured": None, "arrested": {"low": 5, "best": 5, "high": 5, "basis": "one source"},
        "kidnapped": None,
        "mentions": [_mention(db.article_c, ARTICLE_C, "أعلنت", arrested=_quantity(5, "exact", "خمسة"),
                              attributed_to=HOSTILE)],
        "discrepancies": []}
    undated = {"id": db.undated_event, "type": "threat", "subtype": None, "plover": "THREATEN", "date": None,
               "location": None, "actors": [], "killed": None, "injured": None, "arrested": None,
               "kidnapped": None, "mentions": [], "discrepancies": []}
    entity = {"id": db.group_entity, "kb_id": db.group_kb, "type": "ORG", "name_ar": "جماعة الريح الأسود",
              "name_en": "Black Wind Group (test)", "aliases": ["الريح الأسود", HOSTILE], "parent_kb_id": None,
              "country": None, "lat": None, "lon": None,
              "mentions": [{"article": db.article_b, "start": 0, "end": 5, "text": "جماعة"}]}
    profile = {"entity": db.group_entity, "kb_id": db.group_kb,
               "founded": [{"value": "2019", "text": "تأسست الجماعة عام 2019", "articles": [db.article_b]}],
               "size_estimates": [{"low": 200, "high": 300, "by": "مصادر أمنية", "text": "بين 200 و300 مقاتل",
                                   "articles": [db.article_a]}],
               "composition": [], "areas": [{"value": "الأنبار", "text": "تنشط في الأنبار", "articles": [db.article_a]}],
               "leaders": [{"value": HOSTILE, "text": HOSTILE, "articles": [db.article_c]}],
               "designations": [], "media_outlets": [], "events": [db.merged_event]}
    return {"events": [merged, arrest, undated], "entities": [entity], "profiles": [profile],
            "discrepancies": [killed_conflict]}
