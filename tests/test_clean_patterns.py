"""Boilerplate pattern files: validation and compilation."""
import pytest

from rasid.clean.patterns import compile_record, page, rules, setting
from rasid.errors import ResourceError


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
])
def test_invalid_records_are_refused_with_a_message(record, message):
    with pytest.raises(ResourceError, match=message):
        compile_record(record, "test record")


def test_unknown_setting_raises():
    with pytest.raises(ResourceError, match="missing setting"):
        setting("no_such_setting")
