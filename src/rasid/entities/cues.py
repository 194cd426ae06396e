"""Context cue words of the entity stage, from ``rasid/data/kb/cues.json`` and the demonym table.

Everything is normalized on load (:func:`rasid.text.normalize.normalize`), so callers compare
normalized, clitic-stripped token keys. The demonym forms (العراقي، الصومالية، الأفغان) come from
``rasid/data/places/demonyms.json`` (owned by the events module; read here as data, not as code).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rasid.errors import ResourceError
from rasid.resources import load_json, require_keys
from rasid.text.normalize import normalize, strip_diacritics

CUES_FILE = "kb/cues.json"
DEMONYMS_FILE = "places/demonyms.json"
DEMONYM_FORMS = ("masculine", "feminine", "plural", "feminine_plural")
ARTICLE = "ال"


@dataclass(frozen=True, slots=True)
class DatelineCues:
    agencies: frozenset[str]
    separators: tuple[str, ...]
    max_words: int
    max_chars: int


@dataclass(frozen=True, slots=True)
class Cues:
    """Normalized cue words: titles, facility heads, stop words, nisba endings, demonyms, datelines."""

    person_titles: frozenset[str]
    title_complements: frozenset[str]
    name_connectors: frozenset[str]
    name_stop_words: frozenset[str]
    name_stop_words_exact: frozenset[str]
    facility_heads: dict[str, str]
    facility_head_words: frozenset[str]
    facility_stop_words: frozenset[str]
    adjective_endings: tuple[str, ...]
    strong_city_population: int
    demonyms: frozenset[str]
    ambiguous_demonyms: frozenset[str]
    dateline: DatelineCues


def _norm_set(values: Any, where: str) -> frozenset[str]:
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise ResourceError(f"{where} must be a list of non-empty strings; fix the data file",
                            source=f"rasid/data/{CUES_FILE}")
    return frozenset(normalize(v).lower() for v in values)


def _dateline(data: Any) -> DatelineCues:
    if not isinstance(data, dict):
        raise ResourceError("dateline must be an object; fix the data file", source=f"rasid/data/{CUES_FILE}")
    require_keys(data, ("agencies", "separators", "max_words", "max_chars"), f"rasid/data/{CUES_FILE}")
    separators = tuple(sorted(data["separators"], key=len, reverse=True))
    return DatelineCues(_norm_set(data["agencies"], "dateline.agencies"), separators,
                        int(data["max_words"]), int(data["max_chars"]))


def demonym_forms() -> frozenset[str]:
    """Every demonym form of the table, normalized, without the article (عراقي، صومالية، أفغان)."""
    data = load_json(DEMONYMS_FILE)
    countries = data.get("countries") if isinstance(data, dict) else None
    if not isinstance(countries, dict):
        raise ResourceError("'countries' must map ISO2 codes to forms; fix the data file",
                            source=f"rasid/data/{DEMONYMS_FILE}")
    out: set[str] = set()
    for forms in countries.values():
        for key in DEMONYM_FORMS:
            out.update(normalize(f) for f in forms.get(key, []) if isinstance(f, str) and " " not in f.strip())
    return frozenset(out)


def ambiguous_demonym_forms() -> frozenset[str]:
    """Demonym forms that are also common words or names (مالي، السليمانية): the table's 'ambiguous'."""
    data = load_json(DEMONYMS_FILE)
    forms = data.get("ambiguous", []) if isinstance(data, dict) else []
    return frozenset(normalize(f) for f in forms if isinstance(f, str))


@lru_cache(maxsize=1)
def get_cues() -> Cues:
    """Load and validate the cue words once."""
    data = load_json(CUES_FILE)
    keys = ("person_titles", "person_title_complements", "name_connectors", "name_stop_words", "facility_heads",
            "facility_name_stop_words", "adjective_endings", "strong_city_population", "dateline")
    require_keys(data, keys, f"rasid/data/{CUES_FILE}")
    if not isinstance(data["facility_heads"], dict):
        raise ResourceError("facility_heads must map words to kinds; fix the data file", source=f"rasid/data/{CUES_FILE}")
    endings = sorted(_norm_set(data["adjective_endings"], "adjective_endings"), key=len, reverse=True)
    return Cues(
        person_titles=_norm_set(data["person_titles"], "person_titles"),
        title_complements=_norm_set(data["person_title_complements"], "person_title_complements"),
        name_connectors=_norm_set(data["name_connectors"], "name_connectors"),
        name_stop_words=_norm_set(data["name_stop_words"], "name_stop_words"),
        name_stop_words_exact=frozenset(strip_diacritics(w) for w in data.get("name_stop_words_exact", [])),
        facility_heads={normalize(k): str(v) for k, v in data["facility_heads"].items()},
        facility_head_words=frozenset(normalize(k) for k in data["facility_heads"]),
        facility_stop_words=_norm_set(data["facility_name_stop_words"], "facility_name_stop_words"),
        adjective_endings=tuple(endings),
        strong_city_population=int(data["strong_city_population"]),
        demonyms=demonym_forms(),
        ambiguous_demonyms=ambiguous_demonym_forms(),
        dateline=_dateline(data["dateline"]),
    )


def without_article(key: str) -> str:
    """``key`` without a leading article when at least two letters remain."""
    return key[2:] if key.startswith(ARTICLE) and len(key) >= 4 else key
