"""Trigger and cue data: validation on load and the matching of patterns over clitic-stripped tokens."""
from __future__ import annotations

import pytest

from rasid.errors import ResourceError
from rasid.events.lexicon import build_lexicon, get_lexicon, is_definite, parse_pattern, token_keys
from rasid.text import tokenize

TYPES = {t: {"plover": "X", "priority": 1} for t in
         ("attack", "armed_clash", "plot_foiled", "arrest", "legal_action", "designation", "claim", "threat", "protest")}


def triggers_in(text: str) -> list[tuple[str, str | None]]:
    keys = [token_keys(t.text) for t in tokenize(text)]
    return [(m.entry.pattern.text, m.entry.type) for m in get_lexicon().triggers.scan(keys, 0, len(keys))]


@pytest.mark.parametrize("text,pattern", [
    ("وبالتفجير", "تفجير"),                 # conjunction + preposition + article
    ("للهجوم", "هجوم"),                     # لل contraction
    ("هجومها", "هجوم*"),                    # suffix pronoun through the wildcard
    ("فجّرت", "فجر*"),                      # diacritics ignored
    ("اعتُقل", "اعتقل*"),
    ("فتح مسلحون يرتدون ملابس سوداء النار", "فتح* النار"),   # gap inside a phrase
    ("أضرم مجهولون النار", "اضرم* النار"),
])
def test_trigger_forms(text, pattern):
    assert pattern in [p for p, _ in triggers_in(text)]


@pytest.mark.parametrize("text", ["هجوم إلكتروني", "اغتيال معنوي", "وقف إطلاق النار", "فجر السبت"])
def test_non_event_collocations_are_in_the_data(text):
    assert None in [t for _, t in triggers_in(text)]


def test_gap_is_bounded():
    assert "فتح* النار" not in [p for p, _ in triggers_in("فتح الباب أمام الجميع في البلاد للمشاركة في النار")]


@pytest.mark.parametrize("word,definite", [("الهجوم", True), ("وبالهجوم", True), ("للهجوم", True),
                                          ("هجوم", False), ("بهجوم", False)])
def test_definiteness(word, definite):
    assert is_definite(word) is definite


def test_packaged_data_is_valid_and_has_every_type():
    lex = get_lexicon()
    assert lex.plover("attack") == "ASSAULT" and lex.plover("designation") == "SANCTION"
    assert {"negation_verbs", "hypothetical", "threat", "support", "attribution_preps"} <= lex.cue_names


@pytest.mark.parametrize("trigger,message", [
    ({"pattern": "هجوم", "type": "bombing"}, "unknown event type"),
    ({"pattern": "هجوم", "type": "attack", "form": "adverb"}, "unknown form"),
    ({"pattern": "هجوم", "type": "attack", "weight": 2}, "outside 0..1"),
    ({"type": "attack"}, "missing keys"),
    ({"pattern": "ه", "type": "attack"}, "shorter than two letters"),
])
def test_invalid_trigger_data_is_refused(trigger, message):
    with pytest.raises(ResourceError, match=message):
        build_lexicon({"types": TYPES, "triggers": [trigger]}, {})


def test_missing_type_mapping_is_refused():
    with pytest.raises(ResourceError, match="lacks"):
        build_lexicon({"types": {"attack": {"plover": "ASSAULT", "priority": 1}}, "triggers": []}, {})


def test_pattern_words_are_normalized():
    pattern = parse_pattern("مسؤولية إرهابية*", where="test")
    assert [w.stem for w in pattern.words] == ["مسووليه", "ارهابيه"]
    assert [w.prefix for w in pattern.words] == [False, True]


def test_a_full_candidate_cache_restarts_so_later_words_are_cached(monkeypatch):
    import rasid.events.lexicon as lexicon

    monkeypatch.setattr(lexicon, "CANDIDATE_CACHE_SIZE", 2)
    matcher = get_lexicon().triggers
    matcher.cache.clear()
    for word in ("انفجار", "هجوم", "اغتيال"):
        matcher.has_candidates(token_keys(word))
    assert token_keys("اغتيال") in matcher.cache and len(matcher.cache) <= 2
    assert matcher.has_candidates(token_keys("انفجار"))
