"""The figures lexicon: qualifiers, category triggers and counted nouns from ``data/figures/*.json``.

Words are stored folded (see :mod:`rasid.time.folded`); loading validates the files and raises
ResourceError naming the file.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rasid.errors import ResourceError
from rasid.model import QUALIFIERS
from rasid.resources import load_json, require_keys
from rasid.time.folded import fold_word

QUALIFIERS_FILE = "figures/qualifiers.json"
CATEGORIES_FILE = "figures/categories.json"
COUNTED_FILE = "figures/counted.json"
CATEGORIES = ("killed", "injured", "arrested", "kidnapped", "sentenced")


@dataclass(frozen=True, slots=True)
class FiguresLexicon:
    qualifiers_before: dict[str, str]     # folded phrase -> qualifier
    qualifiers_after: dict[str, str]
    triggers: dict[str, str]              # folded word/phrase -> category
    category_nouns: dict[str, str]
    after_verbs: dict[str, str]
    vague_phrases: dict[str, str]
    others_words: frozenset[str]
    window_before: int
    window_after: int
    singular_persons: frozenset[str]
    dual_persons: frozenset[str]
    persons: frozenset[str]               # every spelling of a person noun
    not_persons: frozenset[str]
    not_nouns: frozenset[str]             # function words that are never the counted noun


def _by_category(table: dict[str, list[str]], allowed: tuple[str, ...], where: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, words in table.items():
        if name not in allowed:
            raise ResourceError(f"unknown name {name!r} (expected one of {allowed})", source=where)
        for word in words:
            out.setdefault(fold_word(word), name)
    return out


def _persons(entries: list[dict[str, Any]]) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    singular: set[str] = set()
    dual: set[str] = set()
    every: set[str] = set()
    for entry in entries:
        require_keys(entry, ("singular", "dual", "plural"), COUNTED_FILE)
        singular.update(fold_word(w) for w in entry["singular"])
        dual.update(fold_word(w) for w in entry["dual"])
        every.update(fold_word(w) for w in entry["singular"] + entry["dual"] + entry["plural"])
    return frozenset(singular), frozenset(dual), frozenset(every)


def _qualifiers(table: dict[str, list[str]]) -> dict[str, str]:
    return _by_category(table, QUALIFIERS, QUALIFIERS_FILE)


@lru_cache(maxsize=1)
def figures_lexicon() -> FiguresLexicon:
    """The validated figures lexicon (loaded once)."""
    quals = load_json(QUALIFIERS_FILE)
    cats = load_json(CATEGORIES_FILE)
    counted = load_json(COUNTED_FILE)
    require_keys(quals, ("before", "after"), QUALIFIERS_FILE)
    require_keys(cats, ("triggers", "nouns", "after_verbs", "vague_phrases", "others_words",
                        "window_words_before", "window_words_after"), CATEGORIES_FILE)
    require_keys(counted, ("persons", "not_persons", "not_nouns"), COUNTED_FILE)
    singular, dual, persons = _persons(counted["persons"])
    return FiguresLexicon(
        qualifiers_before=_qualifiers(quals["before"]),
        qualifiers_after=_qualifiers(quals["after"]),
        triggers=_by_category(cats["triggers"], CATEGORIES, CATEGORIES_FILE),
        category_nouns=_by_category(cats["nouns"], CATEGORIES, CATEGORIES_FILE),
        after_verbs=_by_category(cats["after_verbs"], CATEGORIES, CATEGORIES_FILE),
        vague_phrases=_by_category(cats["vague_phrases"], CATEGORIES, CATEGORIES_FILE),
        others_words=frozenset(fold_word(w) for w in cats["others_words"]),
        window_before=int(cats["window_words_before"]),
        window_after=int(cats["window_words_after"]),
        singular_persons=singular,
        dual_persons=dual,
        persons=persons,
        not_persons=frozenset(fold_word(w) for w in counted["not_persons"]),
        not_nouns=frozenset(fold_word(w) for w in counted["not_nouns"]),
    )
