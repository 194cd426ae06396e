"""The figures lexicon: qualifiers, category triggers and counted nouns from ``data/figures/*.json``.

Words are stored folded (see :mod:`rasid.time.folded`); loading validates the files and raises
ResourceError naming the file.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rasid.errors import ResourceError
from rasid.figures.words import without_article
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
    plural_persons: frozenset[str]        # listed plurals (مدنيين is a plural, not a dual)
    dual_confirmers: frozenset[str]       # اثنين after a dual noun
    false_duals: frozenset[str]           # words ending like a dual that are not one
    toll_verbs: frozenset[str]            # ارتفعت (حصيلة ... إلى N)
    toll_window: int
    linking_prepositions: frozenset[str]  # القبض على شخصين
    clause_openers: frozenset[str]        # و/ف glued to a verb start a new clause
    toll_prepositions: frozenset[str]     # إلى before a toll figure
    fatal_phrases: tuple[str, ...] = ()   # حتى الموت after a victim: killed
    fatal_window: int = 3                 # words between the victim and the phrase
    attackers: frozenset[str] = frozenset()   # انتحاري: not a coordinated victim (15 جنديا والانتحاري)
    another: frozenset[str] = frozenset()     # آخر after a singular noun (ونيجري آخر = 1)
    not_after: frozenset[str] = frozenset()   # بوينغ 777: a number after these names a thing
    one_more: dict[str, int] | None = None    # وأصيب آخر = 1, وأصيب آخران = 2 (after a trigger)


def _by_category(table: dict[str, list[str]], allowed: tuple[str, ...], where: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, words in table.items():
        if name not in allowed:
            raise ResourceError(f"unknown name {name!r} (expected one of {allowed})", source=where)
        for word in words:
            out.setdefault(fold_word(word), name)
    return out


@dataclass(frozen=True, slots=True)
class PersonNouns:
    singular: frozenset[str]
    dual: frozenset[str]
    plural: frozenset[str]
    every: frozenset[str]


def _persons(entries: list[dict[str, Any]]) -> PersonNouns:
    forms: dict[str, set[str]] = {"singular": set(), "dual": set(), "plural": set()}
    for entry in entries:
        require_keys(entry, ("singular", "dual", "plural"), COUNTED_FILE)
        for kind, found in forms.items():
            found.update(fold_word(w) for w in entry[kind])
    every = forms["singular"] | forms["dual"] | forms["plural"]
    return PersonNouns(frozenset(forms["singular"]), frozenset(forms["dual"]), frozenset(forms["plural"]),
                       frozenset(every))


def _folded_set(words: list[str]) -> frozenset[str]:
    return frozenset(fold_word(w) for w in words)


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
                        "window_words_before", "window_words_after", "toll_verbs", "toll_window_words_before",
                        "linking_prepositions", "clause_openers", "toll_prepositions", "fatal_phrases"), CATEGORIES_FILE)
    require_keys(cats["fatal_phrases"], ("phrases", "words_before"), f"{CATEGORIES_FILE}:fatal_phrases")
    require_keys(counted, ("persons", "not_persons", "not_nouns", "dual_confirmers", "false_duals", "attackers",
                           "another", "not_after", "one_more"), COUNTED_FILE)
    require_keys(counted["one_more"], ("one", "two"), f"{COUNTED_FILE}:one_more")
    persons = _persons(counted["persons"])
    return FiguresLexicon(
        qualifiers_before=_qualifiers(quals["before"]),
        qualifiers_after=_qualifiers(quals["after"]),
        triggers=_by_category(cats["triggers"], CATEGORIES, CATEGORIES_FILE),
        category_nouns=_by_category(cats["nouns"], CATEGORIES, CATEGORIES_FILE),
        after_verbs=_by_category(cats["after_verbs"], CATEGORIES, CATEGORIES_FILE),
        vague_phrases=_by_category(cats["vague_phrases"], CATEGORIES, CATEGORIES_FILE),
        others_words=_folded_set(cats["others_words"]),
        window_before=int(cats["window_words_before"]),
        window_after=int(cats["window_words_after"]),
        singular_persons=persons.singular,
        dual_persons=persons.dual,
        persons=persons.every,
        not_persons=_folded_set(counted["not_persons"]),
        not_nouns=_folded_set(counted["not_nouns"]),
        plural_persons=persons.plural,
        dual_confirmers=_folded_set(counted["dual_confirmers"]),
        false_duals=_folded_set(counted["false_duals"]),
        toll_verbs=_folded_set(cats["toll_verbs"]),
        toll_window=int(cats["toll_window_words_before"]),
        linking_prepositions=_folded_set(cats["linking_prepositions"]),
        clause_openers=_folded_set(cats["clause_openers"]),
        toll_prepositions=_folded_set(cats["toll_prepositions"]),
        fatal_phrases=tuple(sorted(_folded_set(cats["fatal_phrases"]["phrases"]))),
        fatal_window=int(cats["fatal_phrases"]["words_before"]),
        attackers=_folded_set(counted["attackers"]),
        another=_folded_set(counted["another"]),
        not_after=frozenset(without_article(w) for w in _folded_set(counted["not_after"])),
        one_more={**{w: 1 for w in _folded_set(counted["one_more"]["one"])},
                  **{w: 2 for w in _folded_set(counted["one_more"]["two"])}},
    )
