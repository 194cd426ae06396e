"""Rule spans: people after a title cue, facilities after a facility head word."""
import pytest

from rasid.doc import Document
from rasid.entities import gazetteer
from rasid.entities.cues import get_cues
from rasid.entities.rules import facilities, title_persons, word_view
from rasid.model import EntityMention
from rasid.text.stage import SegmentStage


def view(text, known=None):
    doc = Document.from_text(text)
    SegmentStage()(doc)
    return word_view(text, doc.tokens, gazetteer.token_norms(doc.tokens), known or {})


@pytest.mark.parametrize("text, names", [
    ("قال الرئيس الكيني وليام روتو إن", ["وليام روتو"]),
    ("وقال الخبير جوناثان ماركس إن التنظيم", ["جوناثان ماركس"]),
    ("وأكد الشيخ محمد بن زايد أن", ["محمد بن زايد"]),
    ("قال الباحث فلان علان فرتلان في حديث", ["فلان علان فرتلان"]),
    ("قال الباحث فلان علان فرتلان حديثا", ["فلان علان"]),
    ("قال الرئيس إن الوضع مستقر", []),
    ("وقال المتحدث باسم الجيش الأربعاء إن", []),
    ("فرضت الإدارة رسوما وقال الوزير على واردات الصلب", []),
])
def test_title_persons(text, names):
    assert [e.text for e in title_persons(view(text), get_cues())] == names


def test_apposition_after_a_comma_needs_a_closing_boundary():
    text = "صرحت السفيرة البريطانية لدى المنظمة، باربرا وودوارد، بأن"
    assert [e.text for e in title_persons(view(text), get_cues())] == ["باربرا وودوارد"]


def test_known_names_are_left_to_the_knowledge_base():
    text = "قال الرئيس الروسي فلاديمير بوتين إن"
    v = view(text)
    first = [t.text for t in v.tokens].index("فلاديمير")
    v = view(text, {first: first + 1})
    assert title_persons(v, get_cues()) == []


@pytest.mark.parametrize("text, spans", [
    ("انفجار في سوق الغزل وسط المدينة", ["سوق الغزل"]),
    ("هاجموا السفارة الأمريكية في العاصمة", ["السفارة الأمريكية"]),
    ("تراجع سوق العمل هذا العام", []),
    ("افتتحت مدرسة ألمانية جديدة", []),
    ("وصل إلى مسجد الذي بني حديثا", []),
])
def test_facilities(text, spans):
    assert [e.text for e in facilities(view(text), get_cues())] == spans


def test_facility_with_a_tagged_name():
    text = "هاجم مسلحون قاعة بلو مون هول مساء الجمعة"
    start = text.index("بلو")
    tagged = [EntityMention(start, start + len("بلو مون هول"), "بلو مون هول", "MISC")]
    found = facilities(view(text), get_cues(), tagged)
    assert [(e.text, e.type) for e in found] == [("قاعة بلو مون هول", "FAC")]
