"""UI labels in Arabic and English, from ``static/labels.json`` (validated on load)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources as importlib_resources
from typing import Any

from rasid.errors import ResourceError

LANGUAGES = ("ar", "en")
DEFAULT_LANGUAGE = "ar"
TERM_TABLES = ("event_types", "qualifiers", "discrepancy_kinds")


@dataclass(frozen=True, slots=True)
class Labels:
    """The labels of one language: ``labels["killed"]`` and ``labels.term("event_types", "attack")``."""

    lang: str
    words: dict[str, str]
    terms: dict[str, dict[str, dict[str, str]]]

    @property
    def dir(self) -> str:
        return "rtl" if self.lang == "ar" else "ltr"

    def __getitem__(self, key: str) -> str:
        return self.words.get(key, key)

    def term(self, table: str, key: str | None) -> str:
        """The label of a code (an event type, a qualifier); the code itself when unknown."""
        if key is None:
            return ""
        return self.terms.get(table, {}).get(key, {}).get(self.lang, key)


def validate_labels(data: Any) -> None:
    """Both languages with the same keys, and every term table with both languages."""
    if not isinstance(data, dict) or any(not isinstance(data.get(lang), dict) for lang in LANGUAGES):
        raise ResourceError("web/static/labels.json needs an object per language (ar, en): fix the file")
    missing = set(data["ar"]) ^ set(data["en"])
    if missing:
        raise ResourceError(f"web/static/labels.json: keys not in both languages: {sorted(missing)}: add them")
    for table in TERM_TABLES:
        for code, names in (data.get(table) or {}).items():
            if set(names) != set(LANGUAGES):
                raise ResourceError(f"web/static/labels.json: {table}.{code} needs exactly ar and en: fix it")


@lru_cache(maxsize=1)
def _load() -> dict[str, Any]:
    text = (importlib_resources.files("rasid.web") / "static" / "labels.json").read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ResourceError(f"web/static/labels.json is not valid JSON ({exc}): fix the file") from exc
    validate_labels(data)
    return data


def labels_for(lang: str | None) -> Labels:
    """The labels of ``lang`` (Arabic for anything that is not a known language)."""
    data = _load()
    chosen = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    return Labels(chosen, data[chosen], {t: data.get(t) or {} for t in TERM_TABLES})
