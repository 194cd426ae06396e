"""Corpus entities: mentions stored packed, rendered as CONTRACT mention dicts."""
from rasid.resolve.entities import EntityIndex
from rasid.resolve.kbview import KBView


class NoKB:
    def get(self, kb_id):
        return None

    def ancestors(self, kb_id):
        return []


def _index():
    return EntityIndex(KBView(NoKB()))


def test_mentions_are_unique_per_span_sorted_and_the_last_text_wins():
    index = _index()
    index.add_mention("art-b", {"text": "الجيش", "start": 40, "end": 45, "type": "ORG"})
    index.add_mention("art-a", {"text": "جيش", "start": 7, "end": 10, "type": "ORG"})
    index.add_mention("art-a", {"text": "الجيش", "start": 7, "end": 10, "type": "ORG"})
    index.add_mention("art-a", {"text": "الجيش", "start": 2, "end": 7, "type": "ORG"})
    [entity] = index.to_dicts()
    assert entity["mentions"] == [{"article": "art-a", "start": 2, "end": 7, "text": "الجيش"},
                                  {"article": "art-a", "start": 7, "end": 10, "text": "الجيش"},
                                  {"article": "art-b", "start": 40, "end": 45, "text": "الجيش"}]
    assert entity["type"] == "ORG" and entity["name_ar"] == "الجيش"


def test_each_text_and_article_is_kept_once():
    index = _index()
    for start in range(0, 50, 10):
        index.add_mention("art-a", {"text": "الشرطة", "start": start, "end": start + 6, "type": "ORG"})
    assert index.texts.values == ["الشرطة"] and index.articles.values == ["art-a"]
    assert len(index.to_dicts()[0]["mentions"]) == 5


def test_a_mention_without_name_or_kb_id_is_dropped():
    index = _index()
    index.add_mention("art-a", {"text": "", "start": 0, "end": 0})
    assert index.to_dicts() == []
