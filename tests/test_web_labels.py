"""UI labels: both languages complete, direction, term tables, validation errors."""
from __future__ import annotations

import pytest

from rasid.errors import ResourceError
from rasid.web.labels import labels_for, validate_labels


@pytest.mark.parametrize("lang, direction, events", [("ar", "rtl", "الأحداث"), ("en", "ltr", "Events"),
                                                     (None, "rtl", "الأحداث"), ("fr", "rtl", "الأحداث")])
def test_language_and_direction(lang, direction, events):
    labels = labels_for(lang)
    assert labels.dir == direction and labels["nav_events"] == events


@pytest.mark.parametrize("table, code, ar, en", [
    ("event_types", "armed_clash", "اشتباك مسلح", "Armed clash"),
    ("qualifiers", "at_least", "على الأقل", "at least"),
    ("discrepancy_kinds", "evolving", "حصيلة متطورة", "evolving"),
    ("event_types", "new_kind", "new_kind", "new_kind"),
])
def test_terms(table, code, ar, en):
    assert labels_for("ar").term(table, code) == ar and labels_for("en").term(table, code) == en


@pytest.mark.parametrize("data", [
    [], {"ar": {}}, {"ar": {"a": "أ"}, "en": {}}, {"ar": {}, "en": {}, "event_types": {"attack": {"ar": "هجوم"}}},
])
def test_invalid_label_files_are_refused(data):
    with pytest.raises(ResourceError):
        validate_labels(data)
