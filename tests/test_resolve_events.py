"""Building one event from a cluster (rasid.resolve.events): the round-3 date and place choices."""
from __future__ import annotations

from rasid.resolve.config import load_figure_data, load_policy
from rasid.resolve.dates import interval_of_value
from rasid.resolve.entities import EntityIndex
from rasid.resolve.events import EventBuilder
from rasid.resolve.kbview import EmptyKB, KBView
from rasid.resolve.records import MentionRecord, PlaceKey

POLICY = load_policy()


def builder():
    view = KBView(EmptyKB())
    return EventBuilder(POLICY, load_figure_data(), view, EntityIndex(view))


def rec(index, article, value, date_text, sentence, where=None):
    mention = {"article": article, "start": index * 100, "end": index * 100 + 50, "date_text": date_text,
               "sentence": sentence, "date": {"value": value} if value else None}
    return MentionRecord(index, article, {"type": "attack"}, mention, "attack", None, "violence",
                         interval_of_value(value) if value else None, None, where, [], None)


def test_a_borrowed_date_does_not_make_a_date_conflict():
    own = rec(0, "a", "2024-01-03", "3 يناير 2024", "وقع التفجير في 3 يناير 2024 في المدينة")
    borrowed = rec(1, "b", "2020", "عام 2020", "ومن خلال ذلك الهجوم أظهر التنظيم قدرته")
    event = builder().build([own, borrowed])
    assert event["date"]["value"] == "2024-01-03"
    assert not [d for d in event["discrepancies"] if d["field"] == "date"]


def test_own_dates_that_exclude_each_other_still_conflict():
    first = rec(0, "a", "2024-01-03", "3 يناير 2024", "وقع التفجير في 3 يناير 2024")
    second = rec(1, "b", "2023-05", "مايو 2023", "وقع التفجير في مايو 2023")
    kinds = [d["kind"] for d in builder().build([first, second])["discrepancies"] if d["field"] == "date"]
    assert kinds == ["conflict"]


def test_a_demonym_place_yields_to_a_named_place():
    named = rec(0, "a", None, None, "s", PlaceKey(None, "الضفه الغربيه", "الضفة الغربية", "PS", "region"))
    demonym = rec(1, "b", None, None, "s", PlaceKey(None, "اسراييلي", "الإسرائيلي", "IL", "country"))
    assert builder().build([demonym, named])["location"]["name"] == "الضفة الغربية"
