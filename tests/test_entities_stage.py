"""The entity stage: tagger spans and knowledge-base matches merged, typed and linked."""
import pickle

import pytest

from rasid.doc import Document
from rasid.entities.stage import EntityStage, entity_cluster_key, kb_type
from rasid.entities.kb import get_kb
from rasid.model import EntityMention
from rasid.text.stage import SegmentStage


class FakeTagger:
    """Tags the given (surface, type) pairs wherever they occur."""

    def __init__(self, *pairs):
        self.pairs = pairs

    def tag_spans(self, text, tokens):
        out = []
        for surface, etype in self.pairs:
            i = text.find(surface)
            if i >= 0:
                out.append(EntityMention(i, i + len(surface), surface, etype))
        return out


def run(text, *pairs):
    doc = Document.from_text(text)
    SegmentStage()(doc)
    EntityStage(tagger=FakeTagger(*pairs))(doc)
    return doc


def by_text(doc):
    return {e.text: e for e in doc.entities}


def test_stage_declares_its_layers():
    assert EntityStage.name == "entities"
    assert EntityStage.requires == {"text", "sentences", "tokens"}
    assert EntityStage.provides == {"entities"}


def test_tagger_spans_are_linked_and_retyped():
    doc = run("وصل فلاديمير بوتين إلى موسكو بعد زيارة سوريا.",
              ("فلاديمير بوتين", "PER"), ("موسكو", "LOC"), ("سوريا", "LOC"))
    ents = by_text(doc)
    assert ents["فلاديمير بوتين"].kb_id == "per:vladimir-putin"
    assert ents["موسكو"].type == "GPE" and get_kb().country_of(ents["موسكو"].kb_id) == "RU"
    assert ents["سوريا"].type == "GPE" and ents["سوريا"].kb_id == "gpe:SY"


def test_armed_group_missed_by_the_tagger_is_added():
    doc = run("تبنى تنظيم داعش-خراسان الهجوم وقالت حركة طالبان إنها تلاحق المنفذين.")
    ents = by_text(doc)
    assert ents["تنظيم داعش-خراسان"].kb_id == get_kb().link("ولاية خراسان").id
    assert ents["تنظيم داعش-خراسان"].type == "ORG"
    assert ents["حركة طالبان"].kb_id == "org:taliban"


def test_longer_kb_match_beats_a_shorter_tagger_span():
    doc = run("أعلنت وزارة الداخلية العراقية اعتقال خلية.", ("العراقية", "LOC"))
    ents = by_text(doc)
    assert "وزارة الداخلية العراقية" in ents and "العراقية" not in ents


def test_site_becomes_fac_and_unknown_names_keep_no_id():
    doc = run("سقطت صواريخ على قاعدة عين الأسد وأعلنت كتيبة النجم الساطع مسؤوليتها.",
              ("كتيبة النجم الساطع", "ORG"))
    ents = by_text(doc)
    assert ents["قاعدة عين الأسد"].type == "FAC"
    assert ents["كتيبة النجم الساطع"].kb_id is None
    assert entity_cluster_key(ents["كتيبة النجم الساطع"]) == "ORG:" + "كتيبه نجم ساطع"


def test_a_tagged_person_is_not_linked_to_a_place():
    doc = run("قال عمان الفلاني إن الوضع هادئ.", ("عمان الفلاني", "PER"))
    assert by_text(doc)["عمان الفلاني"].kb_id is None


@pytest.mark.parametrize("text", [
    "وقال في بيان إن الاجتماع جرى في إطار التعاون خلال شهر مايو.",
    "وكان المسؤول قد أكد بأنه لن يشارك.",
])
def test_common_words_that_are_foreign_place_names_are_not_entities(text):
    doc = run(text)
    assert doc.entities == []


def test_entities_are_sorted_non_overlapping_with_exact_offsets():
    text = "هاجم مسلحون من حركة الشباب المجاهدين قاعدة في الصومال، وردت قوات الاتحاد الأفريقي في الصومال."
    doc = run(text, ("حركة الشباب", "ORG"), ("الصومال", "LOC"))
    spans = [(e.start, e.end) for e in doc.entities]
    assert spans == sorted(spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    assert all(text[e.start:e.end] == e.text for e in doc.entities)
    assert by_text(doc)["حركة الشباب المجاهدين"].kb_id == "org:al-shabaab"


def test_stage_without_tagger_uses_the_gazetteer_only():
    doc = Document.from_text("اتهمت إيران جماعة جيش العدل بتنفيذ الهجوم.")
    SegmentStage()(doc)
    EntityStage(tagger=None)(doc)
    assert {e.kb_id for e in doc.entities} >= {"gpe:IR", "org:jaish-al-adl"}


def test_stage_pickles_without_its_data():
    stage = EntityStage(tagger=None)
    _ = stage.kb
    clone = pickle.loads(pickle.dumps(stage))
    assert clone._kb is None


@pytest.mark.parametrize("entry_id, tagged, expected", [
    ("gpe:RU", "LOC", "GPE"), ("fac:al-hol", "LOC", "FAC"), ("org:isis", "ORG", "ORG"), ("loc:sinai", None, "LOC"),
])
def test_kb_type(entry_id, tagged, expected):
    assert kb_type(get_kb().get(entry_id), tagged) == expected


# ---------------------------------------------------------------- round 2: adjectives, places, spans, people

def gazetteer_only(text):
    doc = Document.from_text(text)
    SegmentStage()(doc)
    EntityStage(tagger=None)(doc)
    return doc


def place_texts(doc):
    return [e.text for e in doc.entities if e.type in ("GPE", "LOC", "FAC")]


@pytest.mark.parametrize("text, adjective", [
    ("أعلنت وزارة الصحة الصومالية مقتل عشرة أشخاص.", "الصومالية"),
    ("قال مصدر في الحكومة الليبية إن الوضع هادئ.", "الليبية"),
    ("أصيب جندي هندي في الاشتباك.", "هندي"),
    ("أكدت المصادر الإسرائيلية وقوع الانفجار.", "الإسرائيلية"),
    ("أعلنت الشرطة الباكستانية توقيف مشتبه به.", "الباكستانية"),
])
def test_nationality_adjectives_are_not_places(text, adjective):
    assert adjective not in place_texts(gazetteer_only(text))


@pytest.mark.parametrize("text, adjective", [
    ("أعلنت وزارة الصحة الصومالية مقتل عشرة أشخاص.", "الصومالية"),
    ("قال ضابط إن الجيش الإسرائيلي انسحب.", "الإسرائيلي"),
])
def test_tagged_adjectives_are_dropped_too(text, adjective):
    assert adjective not in [e.text for e in run(text, (adjective, "LOC")).entities]


@pytest.mark.parametrize("text, place, country", [
    ("وصل الوفد إلى العاصمة الصومالية مقديشو صباحا.", "مقديشو", "SO"),
    ("شهدت العاصمة الروسية موسكو هجوما داميا.", "موسكو", "RU"),
    ("تبنى التنظيم هجوم موسكو الأخير.", "موسكو", "RU"),
    ("انفجرت عبوة ببغداد مساء الأحد.", "بغداد", "IQ"),
    ("وقع الانفجار في مدينة الموصل الشمالية.", "الموصل", "IQ"),
])
def test_capitals_big_cities_and_place_cues_are_kept(text, place, country):
    doc = gazetteer_only(text)
    found = [e for e in doc.entities if e.text == place]
    assert found and get_kb().country_of(found[0].kb_id) == country


def test_saudi_arabia_is_a_place_but_not_after_a_definite_noun():
    assert "السعودية" in place_texts(gazetteer_only("تدعم السعودية الخطة الجديدة."))
    assert "السعودية" in place_texts(gazetteer_only("وصل الوفد إلى السعودية أمس."))
    assert "السعودية" not in place_texts(gazetteer_only("رحبت العاصمة السعودية بالقرار."))


@pytest.mark.parametrize("text, span, kb_id", [
    ("أعلن الولاء لداعش قبل عامين.", "داعش", "org:isis"),
    ("سافر إلى باكستان وأفغانستان مرارا.", "أفغانستان", "gpe:AF"),
    ("اتهم بالانتماء بتنظيم داعش منذ سنوات.", "تنظيم داعش", "org:isis"),
    ("تجولت القوات في بغداد والموصل.", "الموصل", None),
])
def test_proclitics_are_trimmed_from_spans(text, span, kb_id):
    doc = gazetteer_only(text)
    ents = by_text(doc)
    assert span in ents, [e.text for e in doc.entities]
    assert kb_id is None or ents[span].kb_id == kb_id
    assert all(text[e.start:e.end] == e.text for e in doc.entities)


def test_contracted_lam_article_keeps_its_span_in_the_text():
    text = "وجه رسالة للأمم المتحدة أمس."
    ents = gazetteer_only(text).entities
    un = [e for e in ents if e.kb_id == "org:un"]
    assert un and text[un[0].start:un[0].end] == un[0].text


@pytest.mark.parametrize("text, person", [
    ("وقال الخبير جوناثان ماركس إن التنظيم يتوسع.", "جوناثان ماركس"),
    ("صرحت السفيرة البريطانية لدى الأمم المتحدة، باربرا وودوارد، بأن المجلس سيجتمع.", "باربرا وودوارد"),
    ("أكد المتحدث باسم الخارجية الفرنسية فرانسوا ديلاتر أن باريس تدين الهجوم.", "فرانسوا ديلاتر"),
])
def test_title_cue_people(text, person):
    ents = by_text(gazetteer_only(text))
    assert person in ents and ents[person].type == "PER"


def test_facility_after_a_head_word_with_the_city_next_to_it():
    doc = gazetteer_only("قتل خمسة في انفجار داخل سوق الغزل ببغداد.")
    ents = by_text(doc)
    assert ents["سوق الغزل"].type == "FAC" and ents["سوق الغزل"].kb_id is None
    assert get_kb().country_of(ents["بغداد"].kb_id) == "IQ"


def test_tagged_name_after_a_facility_head_becomes_fac():
    doc = run("هاجم مسلحون قاعة بلو مون هول في ضواحي موسكو.", ("بلو مون هول", "MISC"))
    assert by_text(doc)["قاعة بلو مون هول"].type == "FAC"


@pytest.mark.parametrize("text, dateline", [
    ("دبي، الإمارات العربية المتحدة (CNN) -- قتل خمسة في هجوم.", "دبي، الإمارات العربية المتحدة (CNN) --"),
    ("بغداد - رويترز: قتل خمسة في هجوم.", "بغداد - رويترز:"),
    ("(أ ف ب) - قتل خمسة في هجوم.", "(أ ف ب) -"),
])
def test_dateline_span_is_exposed(text, dateline):
    doc = gazetteer_only(text)
    start, end = doc.extra["dateline"]
    assert doc.text[start:end] == dateline


def test_no_dateline_in_an_ordinary_opening():
    doc = gazetteer_only("قال الاتحاد الدولي لكرة القدم (فيفا) إن البطولة ستقام.")
    assert "dateline" not in doc.extra


def test_no_entity_comes_from_text_removed_by_cleaning():
    from rasid.doc import TextBuilder
    raw = "قتل ثلاثة في كابل.\nاقرأ أيضا: انفجار في طهران\n"
    cut = raw.index("اقرأ")
    builder = TextBuilder(raw)
    builder.keep(0, cut)
    text, offsets = builder.build()
    doc = Document.from_text(raw)
    doc.text, doc.offsets = text, offsets
    SegmentStage()(doc)
    EntityStage(tagger=None)(doc)
    assert [e.text for e in doc.entities] == ["كابل"]
    assert all(doc.raw_span(e.start, e.end)[1] <= cut for e in doc.entities)


@pytest.mark.parametrize("text, name", [
    ("وقع الانفجار في الساعة العاشرة بتوقيت غرينتش في مقديشو.", "غرينتش"),
    ("بدأ الهجوم في الثالثة فجرا بتوقيت دمشق.", "دمشق"),
])
def test_a_place_after_a_time_zone_word_is_not_an_entity(text, name):
    doc = run(text, (name, "LOC"))
    assert name not in by_text(doc)


@pytest.mark.parametrize("text, direction, place", [
    ("قتل فلسطينيان فى شمالي الضفة الغربية يوم الأحد.", "شمالي", "الضفة الغربية"),
    ("أصيب جنديان في جنوبي لبنان.", "جنوبي", "لبنان"),
])
def test_a_direction_word_before_a_place_is_not_a_place(text, direction, place):
    doc = run(text, (direction, "LOC"))
    names = by_text(doc)
    assert direction not in names and place in names
