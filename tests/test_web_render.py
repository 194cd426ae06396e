"""Marking spans of text by offsets: every piece escaped, marks never overlap, bad offsets ignored."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st
from markupsafe import Markup

from rasid.web.render import MarkSpan, article_parts, entity_spans, figure_spans, marked, non_overlapping


@pytest.mark.parametrize("text, spans, expected", [
    ("قتل 12 شخصا", [MarkSpan(4, 6, "fig")], 'قتل <mark class="fig">12</mark> شخصا'),
    ("<b>12</b>", [MarkSpan(3, 5, "fig")], '&lt;b&gt;<mark class="fig">12</mark>&lt;/b&gt;'),
    ("abc", [MarkSpan(0, 3, "x", 'say "<hi>"')], '<mark class="x" title="say &#34;&lt;hi&gt;&#34;">abc</mark>'),
    ("abcdef", [MarkSpan(1, 4, "a"), MarkSpan(2, 5, "b")], 'a<mark class="a">bcd</mark>ef'),
    ("abc", [MarkSpan(2, 9, "out"), MarkSpan(-1, 1, "neg"), MarkSpan(1, 1, "empty")], "abc"),
    ("", [], ""),
])
def test_marked(text, spans, expected):
    assert str(marked(text, spans)) == expected


@given(st.text(alphabet="<>&\"'ab ج", max_size=30), st.lists(st.tuples(st.integers(-3, 33), st.integers(-3, 33))))
def test_marked_never_lets_markup_through(text, pairs):
    html = str(marked(text, [MarkSpan(a, b, "m") for a, b in pairs]))
    stripped = html.replace('<mark class="m">', "").replace("</mark>", "")
    assert "<" not in stripped and ">" not in stripped
    assert Markup(stripped).unescape() == text


def test_non_overlapping_prefers_the_earlier_longer_span():
    spans = non_overlapping([MarkSpan(5, 8, "c"), MarkSpan(0, 2, "a"), MarkSpan(0, 4, "b")], 10)
    assert [s.css for s in spans] == ["b", "c"]


@pytest.mark.parametrize("mention, expected", [
    ({"sentence": "قتل 14 شخصا على الأقل وأصيب 30", "killed": {"text": "14 شخصا على الأقل"},
      "injured": {"text": "30"}}, [("fig fig-killed", "14 شخصا على الأقل"), ("fig fig-injured", "30")]),
    ({"sentence": "اعتقال خمسة مشتبهين", "arrested": {"text": "خمسة"}}, [("fig fig-arrested", "خمسة")]),
    ({"sentence": "لا رقم هنا", "killed": {"text": "عشرات"}}, []),
    ({"sentence": None, "killed": None}, []),
])
def test_figure_spans_point_at_the_written_figures(mention, expected):
    sentence = mention.get("sentence") or ""
    spans = figure_spans(mention, {})
    assert [(s.css, sentence[s.start:s.end]) for s in spans] == expected


@pytest.mark.parametrize("mention, expected", [
    # the same figure twice: killed takes the first occurrence, injured the next one
    ({"sentence": "قتل 5 أشخاص وأصيب 5 آخرون", "killed": {"text": "5"}, "injured": {"text": "5"}},
     [("fig fig-killed", 4), ("fig fig-injured", 18)]),
    # injured written first in the sentence: each text still finds its own place
    ({"sentence": "أصيب 7 وقتل 2 في الهجوم", "killed": {"text": "2"}, "injured": {"text": "7"}},
     [("fig fig-killed", 12), ("fig fig-injured", 5)]),
    # a longer text is placed first, so the short one does not steal its digits
    ({"sentence": "أصيب 3 جنود واعتقل 3 جنود ومعهم 3", "injured": {"text": "3 جنود"}, "arrested": {"text": "3"}},
     [("fig fig-injured", 5), ("fig fig-arrested", 19)]),
    # offsets given by the reading (into the article, like the mention's start) win over searching
    ({"start": 100, "sentence": "قتل 5 أشخاص وأصيب 5 آخرون", "killed": {"text": "5", "start": 118, "end": 119},
      "injured": {"text": "5"}}, [("fig fig-killed", 18), ("fig fig-injured", 4)]),
    # offsets that do not hold the text are ignored (the text is searched instead)
    ({"start": 0, "sentence": "قتل 9 أشخاص", "killed": {"text": "9", "start": 0, "end": 1}},
     [("fig fig-killed", 4)]),
    # a third figure with the same text and no free occurrence left is not marked
    ({"sentence": "قتل 4 وأصيب 4", "killed": {"text": "4"}, "injured": {"text": "4"}, "arrested": {"text": "4"}},
     [("fig fig-killed", 4), ("fig fig-injured", 12)]),
])
def test_repeated_figures_map_to_their_own_occurrence(mention, expected):
    spans = figure_spans(mention, {})
    assert [(s.css, s.start) for s in spans] == expected
    sentence = mention["sentence"]
    assert all(sentence[s.start:s.end] == mention[s.css.split("-")[-1]]["text"] for s in spans)


def test_entity_spans_skip_offsets_that_do_not_match_the_text():
    text = "هجوم في الرمادي"
    entities = [{"text": "الرمادي", "start": 8, "end": 15, "type": "GPE", "kb_id": "gpe:x"},
                {"text": "بغداد", "start": 0, "end": 5, "type": "GPE"}, {"text": "x", "start": 40, "end": 41}]
    assert [(s.start, s.end, s.css) for s in entity_spans(entities, text)] == [(8, 15, "ent ent-gpe")]


def test_article_parts_cut_removed_spans_and_keep_entity_marks():
    raw = "موقع | هجوم في الرمادي\nشارك"
    removed = [{"start": 0, "end": 7, "kind": "site_name"}, {"start": 23, "end": 27, "kind": "share_links"}]
    entities = [{"text": "الرمادي", "start": 15, "end": 22, "type": "GPE"}]
    parts = article_parts(raw, removed, entities)
    assert [p.removed_kind for p in parts] == ["site_name", None, "share_links"]
    assert str(parts[1].html) == 'هجوم في <mark class="ent ent-gpe" title="GPE">الرمادي</mark>\n'
