"""Profile claims read from one document with hand-placed entities and dates."""
from __future__ import annotations

import pytest

from rasid.doc import ArticleMeta, Document
from rasid.events.claims import extract_claims, normalize_span
from rasid.model import EntityMention, TimeExpr
from rasid.text.segment import split_sentences


def make_doc(text: str, ents: list[tuple[str, str, str | None]], dates: list[tuple[str, str, str]] = ()) -> Document:
    """ents: (surface, type, kb_id) placed at each occurrence; dates: (surface, value, granularity)."""
    doc = Document.from_text(text, ArticleMeta(id="t"))
    doc.sentences = split_sentences(text)
    for surface, type_, kb_id in ents:
        pos = text.find(surface)
        while pos >= 0:
            doc.entities.append(EntityMention(pos, pos + len(surface), surface, type_, kb_id))
            pos = text.find(surface, pos + len(surface))
    for surface, value, gran in dates:
        pos = text.find(surface)
        doc.dates.append(TimeExpr(pos, pos + len(surface), surface, value, gran))
    doc.entities.sort(key=lambda e: e.start)
    return doc


def kinds(claims, kind):
    return [c for c in claims if c["kind"] == kind]


@pytest.mark.parametrize("sentence,year", [
    ("تأسست جماعة النصر في عام 2011 في الجنوب.", "2011"),
    ("وشُكّلت جماعة النصر عام 2009 من منشقين.", "2009"),
    ("أعلنت جماعة النصر عن تأسيسها رسميا في 2013.", "2013"),
    ("ظهرت جماعة النصر في شرق البلاد أوائل 2016 وسرعان ما توسعت.", "2016"),
    ("عرفت الجماعة نفسها رسمياً في عام 2012 على أنها فرع.", "2012"),
])
def test_founding_year_and_organization(sentence, year):
    doc = make_doc("جماعة النصر تنظيم مسلح. " + sentence, [("جماعة النصر", "ORG", "nasr")])
    founded = kinds(extract_claims(doc), "founded")
    assert [(c["value"], c["org"]) for c in founded] == [(year, "nasr")]
    c = founded[0]
    assert doc.text[c["start"]:c["end"]] == c["text"] and c["text"].startswith(sentence[:4])


def test_a_year_without_a_founding_verb_is_no_claim():
    doc = make_doc("نفذت جماعة النصر هجمات منذ عام 2015 في الشمال.", [("جماعة النصر", "ORG", "nasr")])
    assert kinds(extract_claims(doc), "founded") == []


@pytest.mark.parametrize("sentence,low,high,by_word", [
    ("وتشير التقديرات الغربية إلى أن عدد مقاتلي جماعة النصر يتراوح بين 3000 و5000 مقاتل.", 3000, 5000, "التقديرات"),
    ("ويقدر تقرير للأمم المتحدة أن جماعة النصر تضم نحو 1500 مسلحا.", 1500, 1500, "تقرير"),
    ("تضم جماعة النصر حوالي ٨٠٠ عنصر وفق تقديرات محلية.", 800, 800, "تقديرات"),
])
def test_size_estimates_with_who_says_so(sentence, low, high, by_word):
    doc = make_doc(sentence, [("جماعة النصر", "ORG", "nasr")])
    sizes = kinds(extract_claims(doc), "size_estimate")
    assert [(c["low"], c["high"], c["org"]) for c in sizes] == [(low, high, "nasr")]
    assert by_word in (sizes[0]["by"] or "")


def test_number_without_members_noun_is_no_size():
    doc = make_doc("قتلت جماعة النصر نحو 40 مدنيا في القرية.", [("جماعة النصر", "ORG", "nasr")])
    assert kinds(extract_claims(doc), "size_estimate") == []


def test_composition_and_implicit_subject_falls_back_to_main_org():
    text = ("جماعة النصر تنشط في الجبال. وهاجمت جماعة النصر قافلة. "
            "ويؤكد خبراء أن أغلب المنتمين للتنظيم هم من المقاتلين الطاجيك والأوزبك.")
    doc = make_doc(text, [("جماعة النصر", "ORG", "nasr"), ("التنظيم", "ORG", None)])
    comp = kinds(extract_claims(doc), "composition")
    assert sorted(c["value"] for c in comp) == ["Tajik", "Uzbek"]
    assert {c["org"] for c in comp} == {"nasr"}


def test_areas_of_operation_are_places_after_the_trigger():
    text = "وينشط تنظيم الفجر في ولاية كونار وإقليم سوات."
    doc = make_doc(text, [("تنظيم الفجر", "ORG", None), ("ولاية كونار", "LOC", "kunar"), ("إقليم سوات", "LOC", None)])
    areas = kinds(extract_claims(doc), "area")
    assert [a["value"] for a in areas] == ["ولاية كونار", "إقليم سوات"]
    assert areas[0]["org"] == "تنظيم فجر"


def test_two_designations_with_their_dates_and_authority():
    text = ("في 3 مارس عام 2018، صنفت وزارة الخارجية الأمريكية جماعة النصر كمنظمة إرهابية أجنبية. "
            "وسابقا، في يوم 9 يونيو عام 2017، أدرجت وزارة الخارجية الأمريكية جماعة النصر ككيان إرهابي عالمي.")
    doc = make_doc(text, [("وزارة الخارجية الأمريكية", "ORG", "us-dos"), ("جماعة النصر", "ORG", "nasr")],
                   [("3 مارس عام 2018", "2018-03-03", "day"), ("9 يونيو عام 2017", "2017-06-09", "day")])
    des = kinds(extract_claims(doc), "designation")
    assert [(d["date"], d["designation_kind"], d["org"]) for d in des] == [
        ("2018-03-03", "foreign_terrorist_organization", "nasr"),
        ("2017-06-09", "specially_designated_global_terrorist", "nasr")]
    assert all(d["by"] == "وزارة الخارجية الأمريكية" for d in des)


def test_leader_and_media_outlet():
    text = "وأعلن زعيم جماعة النصر أبو علي الشامي بيانا نشرته \"وكالة البرق\" التابعة للجماعة."
    doc = make_doc(text, [("جماعة النصر", "ORG", "nasr"), ("أبو علي الشامي", "PER", None)])
    claims = extract_claims(doc)
    assert [(c["value"], c["org"]) for c in kinds(claims, "leader")] == [("أبو علي الشامي", "nasr")]
    assert [c["value"] for c in kinds(claims, "media_outlet")] == ["وكالة البرق"]


def test_no_organization_means_no_claim():
    doc = make_doc("تأسست في عام 2011 في الجنوب.", [])
    assert extract_claims(doc) == []


def test_normalized_offsets_map_back_to_the_text():
    text = "صنَّفت الوزارة"
    norm = normalize_span(text, 0, len(text))
    assert norm.text == "صنفت الوزاره"
    assert text[norm.orig(norm.text.find("الوزاره")):] == "الوزارة"


def test_size_with_thousands_word():
    doc = make_doc("ويضم تنظيم الفجر أكثر من 10 آلاف مقاتل في المنطقة.", [("تنظيم الفجر", "ORG", "fajr")])
    assert [(c["low"], c["org"]) for c in kinds(extract_claims(doc), "size_estimate")] == [(10000, "fajr")]


def test_implicit_subject_beats_an_organization_named_later_in_the_sentence():
    text = ("جماعة النصر تنظيم مسلح. وهاجمت جماعة النصر قافلة. "
            "عرفت الجماعة نفسها رسمياً في عام 2012 على أنها امتداد لتنظيم الفجر.")
    doc = make_doc(text, [("جماعة النصر", "ORG", "nasr"), ("تنظيم الفجر", "ORG", "fajr")])
    assert [(c["value"], c["org"]) for c in kinds(extract_claims(doc), "founded")] == [("2012", "nasr")]


def test_an_article_without_an_organization_has_no_claims():
    text = "تأسست في عام 2011 في الجنوب. ويقدر عدد مقاتليها بنحو 3000 مقاتل."
    assert extract_claims(make_doc(text, [("الجنوب", "LOC", None)])) == []
