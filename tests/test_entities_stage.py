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
