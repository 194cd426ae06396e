"""Boilerplate pattern files: validation and compilation."""
import pytest

from rasid.clean.patterns import compile_record, page, rules, setting
from rasid.errors import ResourceError
from rasid.text.normalize import normalize


def test_packaged_patterns_compile_by_scope():
    compiled = rules()
    assert compiled.line and compiled.block and compiled.suffix
    assert all(r.scope == "line" for r in compiled.line)
    assert any(r.outlet for r in compiled.line)


def test_page_vocabulary_has_twelve_months_and_thresholds():
    assert sorted(page()["months"], key=int) == [str(m) for m in range(1, 13)]
    assert int(setting("headline_max_words")) > 0


@pytest.mark.parametrize("record,message", [
    ({"kind": "nonsense", "scope": "line", "phrases": ["x"]}, "unknown kind"),
    ({"kind": "other", "scope": "page", "phrases": ["x"]}, "unknown scope"),
    ({"kind": "other", "scope": "line"}, "exactly one of phrases or regex"),
    ({"kind": "other", "scope": "line", "phrases": ["x"], "regex": "x"}, "exactly one of phrases or regex"),
    ({"kind": "other", "scope": "line", "regex": "("}, "bad regex"),
    ({"kind": "other", "scope": "line", "regex": "x", "outlet": True}, "named group 'outlet'"),
    ({"kind": "other", "scope": "line", "phrases": []}, "non-empty list"),
    ({"kind": "other", "scope": "line", "phrases": ["x"], "at": "middle"}, "unknown 'at'"),
    ({"scope": "line", "phrases": ["x"]}, "missing keys"),
    ({"kind": "other", "scope": "line", "phrases": ["x"], "requires": ["x"]}, "requires is for regex records"),
    ({"kind": "other", "scope": "line", "regex": "#\\w+", "requires": []}, "non-empty list"),
    ({"kind": "other", "scope": "line", "regex": "#\\w+", "requires": ["@"]}, "written in the regex"),
])
def test_invalid_records_are_refused_with_a_message(record, message):
    with pytest.raises(ResourceError, match=message):
        compile_record(record, "test record")


def test_unknown_setting_raises():
    with pytest.raises(ResourceError, match="missing setting"):
        setting("no_such_setting")


@pytest.mark.parametrize("line,possible", [
    ("حقوق النشر محفوظة", True), ("copyright 2024", True), ("© الموقع", True), ("خبر عادي عن الطقس", False),
])
def test_requires_literals_gate_a_regex_record(line, possible):
    rule = compile_record({"kind": "other", "scope": "line", "regex": "(?:©|حقوق\\s+النشر|copyright)",
                           "requires": ["©", "حقوق", "Copyright"]}, "test record")
    assert rule.requires == ("©", "حقوق", "copyright")
    assert rule.may_match(normalize(line).lower()) is possible
    if not possible:
        assert rule.regex.search(normalize(line)) is None


def test_packaged_requires_literals_hold_in_known_matches():
    """Every packaged regex rule with literals still matches a line it is written for."""
    samples = {"share_links": "تابعوا الوطن نيوز على تويتر", "see_also": "https://example.com/a", "hashtags": "#سوريا #دمشق",
               "other": "جميع الحقوق محفوظة لموقع الخبر 2024"}
    gated = [r for r in (*rules().line, *rules().suffix) if r.requires]
    assert gated
    for rule in gated:
        key = normalize(samples[rule.kind] if rule.scope == "line" else "خبر عن الحرب #سوريا #دمشق")
        assert rule.regex.search(key) and rule.may_match(key.lower())
