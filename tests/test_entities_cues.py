"""Cue words: loaded, normalized, validated."""
import pytest

from rasid.entities import cues as cues_module
from rasid.entities.cues import get_cues, without_article
from rasid.errors import ResourceError


def test_cues_are_normalized():
    c = get_cues()
    assert "المتحدث" in c.person_titles and "مسوول" in c.person_titles      # hamza folded
    assert "يه" in c.adjective_endings                                       # ta marbuta folded
    assert c.facility_heads["مطار"] == "airport"
    assert c.strong_city_population > 0


def test_demonyms_come_from_the_table():
    c = get_cues()
    assert {"صوماليه", "عراقي", "افغان"} <= c.demonyms
    assert "مالي" in c.ambiguous_demonyms


@pytest.mark.parametrize("key, bare", [("الصوماليه", "صوماليه"), ("ال", "ال"), ("الي", "الي"), ("هندي", "هندي")])
def test_without_article(key, bare):
    assert without_article(key) == bare


def test_bad_cue_file_is_a_resource_error(monkeypatch):
    monkeypatch.setattr(cues_module, "load_json", lambda name: {"person_titles": "الرئيس"})
    get_cues.cache_clear()
    try:
        with pytest.raises(ResourceError):
            get_cues()
    finally:
        get_cues.cache_clear()
