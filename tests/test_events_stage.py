"""EventStage over hand-built documents: layers (quantities, dates, entities) are filled here."""
from __future__ import annotations

import pickle
from dataclasses import dataclass

import pytest

from rasid.doc import ArticleMeta, Document
from rasid.events.stage import EventStage
from rasid.model import EntityMention, Quantity, TimeExpr
from rasid.text import split_sentences, tokenize


@dataclass
class Entry:
    name_ar: str
    country: str | None
    lat: float | None
    lon: float | None
    level: str | None


class FakeKB:
    def __init__(self, entries: dict[str, Entry]) -> None:
        self.entries = entries

    def get(self, kb_id):
        return self.entries.get(kb_id)


KB = FakeKB({
    "city:kirkuk": Entry("كركوك", "IQ", 35.47, 44.39, "city"),
    "country:iq": Entry("العراق", "IQ", 33.0, 44.0, "country"),
    "city:lagos": Entry("لاغوس", "NG", 6.45, 3.39, "city"),
})


def make_doc(text: str, *, figures=(), dates=(), entities=(), published=None) -> Document:
    """A document with sentences and tokens, and layers given as (substring, ...) tuples."""
    doc = Document.from_text(text, ArticleMeta(id="a1", published=published))
    doc.sentences = split_sentences(text)
    doc.tokens = tokenize(text)
    for sub, value, qualifier, category in figures:
        at = text.index(sub)
        doc.quantities.append(Quantity(at, at + len(sub), sub, value, qualifier, category))
    for sub, value, gran in dates:
        at = text.index(sub)
        doc.dates.append(TimeExpr(at, at + len(sub), sub, value, gran))
    for sub, etype, kb_id in entities:
        at = text.index(sub)
        doc.entities.append(EntityMention(at, at + len(sub), sub, etype, kb_id))
    doc.quantities.sort(key=lambda q: q.start)
    return doc


def read(text: str, **layers) -> list:
    doc = make_doc(text, **layers)
    EventStage(kb=KB)(doc)
    return doc.events


TYPES = [
    ("انفجرت سيارة مفخخة في سوق شعبي وسط المدينة.", "attack", "bombing"),
    ("فجر انتحاري يرتدي حزاما ناسفا نفسه داخل مسجد.", "attack", "suicide_bombing"),
    ("فتح مسلحون ملثمون النار على المصلين أمام الكنيسة.", "attack", "armed_assault"),
    ("اختطف مسلحون عشرين طالبا من مدرستهم.", "attack", "kidnapping"),
    ("دهست شاحنة حشدا من المارة في الشارع الرئيسي.", "attack", "vehicle_ramming"),
    ("شنت طائرات حربية غارات جوية على مواقع للمسلحين.", "attack", "airstrike"),
    ("اغتال مسلحون مجهولون قاضيا أمام منزله.", "attack", "assassination"),
    ("نصب مسلحون كمينا لدورية عسكرية على الطريق.", "attack", "ambush"),
    ("اندلعت اشتباكات عنيفة بين الجيش ومسلحين في الجبال.", "armed_clash", None),
    ("أعلنت الشرطة تفكيك خلية إرهابية من خمسة أعضاء.", "plot_foiled", "cell_dismantled"),
    ("اعتقلت الشرطة عشرة أشخاص في مداهمات ليلية.", "arrest", "raid"),
    ("قضت محكمة الجنايات بالسجن المؤبد على ثلاثة متهمين.", "legal_action", "sentence"),
    ("فرضت الحكومة عقوبات على قادة الجماعة المسلحة.", "designation", "sanctions"),
    ("توعد زعيم الجماعة بمهاجمة المصالح الغربية.", "threat", None),
    ("تظاهر آلاف الطلاب أمام مقر الحكومة.", "protest", None),
]


@pytest.mark.parametrize("text,etype,subtype", TYPES)
def test_event_type_and_subtype(text, etype, subtype):
    events = read(text)
    assert [e.type for e in events] == [etype]
    assert events[0].subtype == subtype


PLOVER = [("attack", "ASSAULT"), ("armed_clash", "FIGHT"), ("arrest", "COERCE"), ("threat", "THREATEN"),
          ("designation", "SANCTION"), ("protest", "PROTEST")]


@pytest.mark.parametrize("etype,plover", PLOVER)
def test_plover_mapping(etype, plover):
    text = next(t for t, e, _ in TYPES if e == etype)
    assert read(text)[0].plover == plover


NOT_EVENTS = [
    "لو نجح المسلحون في دخول القاعة لوقع هجوم كبير.",                     # hypothetical
    "وفي حال تعرضت المنشآت لهجوم فإن الأسعار سترتفع.",                    # conditional
    "نفى الجيش وقوع أي هجوم على قاعدته العسكرية.",                         # denial
    "قتل التنظيم الآلاف خلال هجمات دامية نفذها منذ عام 2015.",              # totals
    "شن المنتخب هجوما قويا وسجل هدفين في مرمى الضيوف.",                    # sports
    "شن الوزير هجوما حادا على المعارضة في البرلمان.",                       # verbal attack
    "تعرضت مواقع حكومية لهجوم إلكتروني واسع.",                               # cyber
    "وصف الكاتب الحملة بأنها اغتيال معنوي له.",                              # metaphor
    "شهدت البورصة انفجارا في أحجام التداول اليوم.",                          # markets
    "هل يستطيع التنظيم تنفيذ هجوم مماثل مرة أخرى؟",                         # question
    "أكدت الشرطة أن الانفجار نجم عن تسرب للغاز وليس عملا إرهابيا.",        # accident
    "يرى محللون أن الهجمات الإرهابية تغذيها الفوضى.",                       # commentary, plural, no anchor
    "وقعت الحكومة اتفاقا لوقف إطلاق النار مع المسلحين.",                    # ceasefire
]


@pytest.mark.parametrize("text", NOT_EVENTS)
def test_not_events(text):
    assert [e.type for e in read(text) if e.type == "attack"] == []


def test_threat_of_future_attack_is_threat_not_attack():
    events = read("هدد التنظيم بشن هجمات جديدة على القوات الأجنبية.")
    assert [e.type for e in events] == ["threat"]


def test_factive_relative_clause_survives_conditional():
    text = "إذا كان التنظيم مسؤولا عن الهجوم الذي وقع يوم الجمعة وأسفر عن مقتل 40 شخصا فإن ذلك خطير."
    events = read(text, figures=[("40 شخصا", 40, "exact", "killed")])
    assert [e.type for e in events] == ["attack"]
    assert events[0].killed.value == 40


def test_figures_and_date_attach_to_the_attack():
    text = "قتل 12 شخصا وأصيب 30 آخرون في تفجير سيارة مفخخة في كركوك أمس."
    events = read(text, figures=[("12 شخصا", 12, "exact", "killed"), ("30 آخرون", 30, "exact", "injured")],
                  dates=[("أمس", "2024-05-11", "day")], entities=[("كركوك", "GPE", "city:kirkuk")])
    (ev,) = events
    assert (ev.killed.value, ev.injured.value) == (12, 30)
    assert ev.date.value == "2024-05-11"
    assert (ev.location.country, ev.location.precision, ev.location.lat) == ("IQ", "city", 35.47)


def test_most_specific_place_wins():
    text = "انفجرت عبوة ناسفة في كركوك شمال العراق."
    (ev,) = read(text, entities=[("كركوك", "GPE", "city:kirkuk"), ("العراق", "GPE", "country:iq")])
    assert ev.location.name == "كركوك"


def test_site_takes_city_coordinates():
    text = "هاجم مسلحون فندق النخيل في لاغوس وقتلوا 5 أشخاص."
    (ev,) = read(text, figures=[("5 أشخاص", 5, "exact", "killed")],
                 entities=[("فندق النخيل", "FAC", None), ("لاغوس", "GPE", "city:lagos")])
    assert (ev.location.name, ev.location.precision, ev.location.lat) == ("فندق النخيل", "site", 6.45)


def test_two_events_in_one_sentence_keep_their_own_figures():
    text = "نفذ التنظيم تفجيرين أسفرا عن مقتل 100 شخص، بينما تبنى تفجيرا انتحاريا تسبب في سقوط قتلى."
    events = read(text, figures=[("100 شخص", 100, "exact", "killed"), ("قتلى", None, "vague", "killed")])
    assert [(e.killed.value, e.killed.qualifier) for e in events] == [(100, "exact"), (None, "vague")]


def test_claim_sets_claimed_by_on_the_attack():
    text = "أعلنت حركة الشباب مسؤوليتها عن التفجير الذي استهدف فندقا في العاصمة."
    (ev,) = read(text, entities=[("حركة الشباب", "ORG", "org:shabaab")])
    assert ev.type == "attack"
    assert [(a.name, a.role) for a in ev.actors] == [("حركة الشباب", "claimed_by")]
    assert ev.perpetrator_text == "حركة الشباب"


def test_claim_without_attack_is_a_claim():
    text = "أعلنت حركة الشباب في بيان مسؤوليتها عن العملية."
    events = read(text, entities=[("حركة الشباب", "ORG", "org:shabaab")])
    assert [e.type for e in events] == ["claim"]


def test_arrest_suppresses_the_attack_it_refers_to():
    text = "ألقت الشرطة القبض على أربعة رجال يشتبه في تورطهم في الهجوم على الحفل."
    events = read(text, figures=[("أربعة رجال", 4, "exact", "arrested")])
    assert [e.type for e in events] == ["arrest"]
    assert events[0].arrested.value == 4


@pytest.mark.parametrize("text,source", [
    ("وحسب بيانات رسمية، قتل 5 أشخاص في هجوم مسلح.", "بيانات رسمية"),
    ("قالت الشرطة البريطانية إن انفجارا وقع قرب الملعب وأوقع 3 قتلى.", "الشرطة البريطانية"),
    ("أفادت مصادر أمنية بمقتل 3 جنود في هجوم على نقطة عسكرية.", "مصادر أمنية"),
    ("قتل 7 أشخاص في تفجير انتحاري، وفق وكالة «رويترز».", "وكالة «رويترز»"),
])
def test_attribution_as_written(text, source):
    q = next(s for s in ("5 أشخاص", "3 قتلى", "3 جنود", "7 أشخاص") if s in text)
    (ev,) = read(text, figures=[(q, int(q.split()[0]), "exact", "killed")])
    assert ev.attributed_to == source


def test_toll_in_next_sentence_continues_the_event():
    text = "انفجرت سيارة مفخخة قرب مقر الشرطة في كركوك. وأسفر الانفجار عن مقتل 9 أشخاص وإصابة 20 آخرين."
    events = read(text, figures=[("9 أشخاص", 9, "exact", "killed"), ("20 آخرين", 20, "exact", "injured")],
                  entities=[("كركوك", "GPE", "city:kirkuk")])
    (ev,) = events
    assert (ev.killed.value, ev.injured.value) == (9, 20)
    assert ev.end == len(text)


def test_date_from_earlier_sentence_of_the_paragraph():
    text = "وفي مارس 2024 شهدت المدينة توترا. وانفجرت عبوة ناسفة بسيارة للشرطة."
    (ev,) = read(text, dates=[("مارس 2024", "2024-03", "month")])
    assert ev.date.value == "2024-03"


def test_stage_contract_and_pickle():
    stage = EventStage(kb=KB)
    assert stage.name == "events" and stage.provides == {"events"}
    assert {"entities", "dates", "quantities"} <= stage.requires
    clone = pickle.loads(pickle.dumps(stage))
    assert clone.lexicon is not None


def test_toll_asserts_event_despite_negated_verb_nearby():
    text = "ولا يعد هجوم المدينة الذي راح ضحيته 40 قتيلا الأسوأ في تاريخها."
    events = read(text, figures=[("40 قتيلا", 40, "exact", "killed")])
    assert [(e.type, e.killed.value) for e in events] == [("attack", 40)]
