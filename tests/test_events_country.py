"""The country fallback chain of event places (rasid.events.country), with a small test KB."""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from rasid.doc import ArticleMeta, Document
from rasid.events.stage import EventStage
from rasid.model import EntityMention, Quantity
from rasid.text import split_sentences, tokenize


@dataclass
class Entry:
    id: str
    name_ar: str
    country: str | None
    level: str | None
    lat: float | None = None
    lon: float | None = None
    aliases_ar: list[str] = field(default_factory=list)

    @property
    def is_place(self) -> bool:
        return True

    def names(self) -> list[str]:
        return [self.name_ar, *self.aliases_ar]


@dataclass
class Match:
    start: int
    end: int
    entry: Entry
    text: str
    weak: bool = False


class TinyKB:
    """get / country_of / find_in_text / candidates over a handful of places."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = {e.id: e for e in entries}

    def get(self, kb_id):
        return self.entries.get(kb_id)

    def country_of(self, kb_id):
        e = self.entries.get(kb_id)
        return e.country if e else None

    def find_in_text(self, text):
        out = []
        for e in self.entries.values():
            at = text.find(e.name_ar)
            if at >= 0:
                out.append(Match(at, at + len(e.name_ar), e, e.name_ar, weak=e.level != "country"))
        return out

    def candidates(self, surface):
        return [e for e in self.entries.values() if e.name_ar == surface]


KB = TinyKB([
    Entry("c:ne", "النيجر", "NE", "country"),
    Entry("r:me", "مين", "US", "region"),
    Entry("p:borno", "بورنو", "NG", "province"),
    Entry("c:so", "مقديشو", "SO", "city"),
])


def events_of(text: str, *, killed: str | None = None, entities=()) -> list:
    doc = Document.from_text(text, ArticleMeta(id="a"))
    doc.sentences = split_sentences(text)
    doc.tokens = tokenize(text)
    if killed:
        at = text.index(killed)
        doc.quantities.append(Quantity(at, at + len(killed), killed, int(killed), "exact", "killed"))
    for sub, etype, kb_id in entities:
        at = text.index(sub)
        doc.entities.append(EntityMention(at, at + len(sub), sub, etype, kb_id))
    EventStage(kb=KB)(doc)
    return doc.events


CASES = [
    # text, killed figure, entities, expected country, why
    ("قتل 5 أشخاص في تفجير بمدينة بيشاور الباكستانية.", "5", (), "PK", "demonym qualifying a place"),
    ("قتل 7 جنود في هجوم على قاعدة للجيش المالي.", "7", (), "ML", "demonym after an institution"),
    ("قتل 9 قرويين في هجوم على قرية في ولاية بورنو.", "9", (), "NG", "name after a province word"),
    ("قتل 3 أشخاص في تفجير بمقديشو.", "3", (), "SO", "weak KB name with a glued ب"),
    ("قتل 4 أشخاص في كمين قرب قرية في النيجر.", "4",
     (("كمين", "GPE", "r:me"), ("النيجر", "GPE", "c:ne")), "NE", "a glued ك is no place; the named country wins"),
    ("قتل 6 جنود أمريكيين في هجوم مسلح.", "6", (), "US", "people demonym, last before the article"),
]


@pytest.mark.parametrize(("text", "killed", "entities", "country", "why"), CASES)
def test_country_chain(text: str, killed: str, entities, country: str, why: str) -> None:
    attacks = [e for e in events_of(text, killed=killed, entities=entities) if e.type == "attack"]
    assert attacks, why
    assert attacks[0].location is not None and attacks[0].location.country == country, why


def test_article_country_for_a_sentence_without_clues() -> None:
    text = "أعلنت الشرطة الصومالية حالة التأهب.\nوقتل 5 أشخاص في تفجير سيارة مفخخة أمس."
    attacks = [e for e in events_of(text, killed="5") if e.type == "attack"]
    assert attacks and attacks[0].location.country == "SO"


def test_no_clue_no_country() -> None:
    attacks = [e for e in events_of("قتل 5 أشخاص في تفجير سيارة مفخخة.", killed="5") if e.type == "attack"]
    assert attacks and attacks[0].location is None


@pytest.mark.parametrize("text, start, glued", [
    ("قتل خمسة جنود في كمين", 17, True),          # ك + مين: a common word, not a place
    ("وصل الوفد إلى مين", 14, False),
])
def test_a_place_right_after_a_glued_kaf_is_no_place(text: str, start: int, glued: bool, monkeypatch) -> None:
    from rasid.events import country
    monkeypatch.setattr(country, "_kb_name_lacks_kaf_id", lambda kb_id: True)
    ent = EntityMention(start, start + 3, text[start:start + 3], "GPE", kb_id="gpe:test")
    assert (country.named_places([ent], text) == []) is glued


@pytest.mark.parametrize(("text", "name", "expected"), [
    ("اختطف مسلحون طلابا في ولاية النيجر شمال البلاد", "النيجر", True),     # a state
    ("غرق قارب في نهر النيجر", "النيجر", True),                              # a river
    ("هجوم قرب الحدود مع النيجر", "النيجر", True),                          # a neighbour
    ("هجوم على بلدة في منطقة الحدود الليبية والنيجر", "النيجر", False),      # only after a border word
    ("هجوم في النيجر أمس", "النيجر", False),
])
def test_a_country_named_as_a_state_river_or_neighbour(text: str, name: str, expected: bool) -> None:
    from rasid.events.country import _not_the_country, named_places
    start = text.index(name)
    assert _not_the_country("gpe:NE", start, text) is expected
    ent = EntityMention(start, start + len(name), name, "GPE", "gpe:NE")
    assert (named_places([ent], text) == []) is expected


@pytest.mark.parametrize(("text", "dropped"), [
    ("غارة على حي دار السلام بمدينة أم درمان", True),        # a neighbourhood namesake of a Tanzanian city
    ("غارة على حي دار السلام في المدينة", False),             # nothing named after it to contradict it
    ("أعلنت الخرطوم أن غارة استهدفت مدينة دار السلام", False),  # not after a local head
])
def test_a_foreign_namesake_after_a_local_head(text: str, dropped: bool) -> None:
    from rasid.events.country import named_places
    from rasid.entities.kb import get_kb
    kb = get_kb()

    def ent(name: str) -> EntityMention:
        start = text.index(name)
        found = [e for e in kb.candidates(name) if kb.country_of(e.id)]
        kb_id = next(e.id for e in found if kb.country_of(e.id) == ("SD" if name == "أم درمان" else "TZ"))
        return EntityMention(start, start + len(name), name, "GPE", kb_id)

    ents = [ent("دار السلام")] + ([ent("أم درمان")] if "أم درمان" in text else [])
    assert (ents[0] not in named_places(ents, text)) is dropped


def test_a_foreign_namesake_before_its_container() -> None:
    from rasid.events.country import named_places
    from rasid.entities.kb import get_kb
    kb = get_kb()
    text = "انفجار في شارع دار السلام في أم درمان"
    tz = next(e.id for e in kb.candidates("دار السلام") if kb.country_of(e.id) == "TZ")
    sd = next(e.id for e in kb.candidates("أم درمان") if kb.country_of(e.id) == "SD")
    a = text.index("دار السلام")
    b = text.index("أم درمان")
    ents = [EntityMention(a, a + 10, "دار السلام", "GPE", tz), EntityMention(b, b + 8, "أم درمان", "GPE", sd)]
    assert [e.text for e in named_places(ents, text)] == ["أم درمان"]
    text2 = "انفجار في دار السلام ثم في أم درمان"       # ثم is not a container word: both kept
    a, b = text2.index("دار السلام"), text2.index("أم درمان")
    ents2 = [EntityMention(a, a + 10, "دار السلام", "GPE", tz), EntityMention(b, b + 8, "أم درمان", "GPE", sd)]
    assert len(named_places(ents2, text2)) == 2


@pytest.mark.parametrize(("text", "expected"), [
    ("قتل عشرات من ميليشيات الحوثي الموالية لإيران في غارات", True),
    ("هاجمت فصائل مدعومة من إيران قاعدة عسكرية", True),
    ("وقع انفجار في إيران أمس", False),
])
def test_a_patron_country_is_not_where(text: str, expected: bool) -> None:
    from rasid.events.country import _not_the_country
    from rasid.entities.kb import get_kb
    kb_id = next(e.id for e in get_kb().candidates("إيران") if getattr(e, "level", None) == "country")
    assert _not_the_country(kb_id, text.index("إيران"), text) is expected
