"""Surface forms to knowledge-base keys: normalized keys, head words, transliteration skeletons.

Everything here is a small pure function over strings plus the rules of
``rasid/data/kb/linking.json`` and ``rasid/data/kb/translit.json``. The knowledge base
(:mod:`rasid.entities.kb`) indexes its aliases with :func:`name_key` and looks surfaces up
with :func:`surface_keys`; unknown names get :func:`cluster_key` so the resolve step can
match them across articles.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rasid.errors import ResourceError
from rasid.resources import load_json, require_keys
from rasid.text.clitics import lookup_key_tuple
from rasid.text.normalize import normalize

ARTICLE = "ال"
_WORD = re.compile(r"[\u0621-\u064a\u0660-\u0669\u066e-\u06d3\u06fa-\u06ff\w]+|[-–—/()]", re.UNICODE)
PLURAL_SWAPS = (("ون", "ين"), ("ين", "ون"))
MIN_PLURAL_WORD = 5
MAX_CACHED_WORDS = 50_000


@dataclass(frozen=True, slots=True)
class LinkRules:
    """The linking data: head words, compound connectors, transliteration skeleton folds."""

    org_heads: frozenset[str]
    place_heads: dict[str, str]
    branch_heads: frozenset[str]
    connectors: frozenset[str]
    compound_max_gap: int
    org_suffixes: frozenset[str]
    locatives: frozenset[str]
    generic_words: frozenset[str]
    not_place_after: frozenset[str]
    fold: dict[str, str]
    drop_inside: frozenset[str]
    min_fuzzy_letters: int
    min_skeleton: int
    min_fuzzy_skeleton: int
    max_edits: int
    max_name_edits: int

    def is_head(self, key: str) -> bool:
        return key in self.org_heads or key in self.place_heads or key in self.branch_heads


def _normalized_set(words: list[str]) -> frozenset[str]:
    return frozenset(normalize(w) for w in words)


@lru_cache(maxsize=1)
def get_rules() -> LinkRules:
    """Load and validate ``kb/linking.json`` and ``kb/translit.json`` once."""
    link = load_json("kb/linking.json")
    require_keys(link, ("org_heads", "place_heads", "branch_heads", "compound_connectors",
                        "compound_max_gap", "org_suffixes_dropped"), "rasid/data/kb/linking.json")
    tr = load_json("kb/translit.json")
    require_keys(tr, ("fold", "drop_inside", "min_fuzzy_letters", "min_skeleton", "max_edits"),
                 "rasid/data/kb/translit.json")
    if not isinstance(link["place_heads"], dict) or not isinstance(tr["fold"], dict):
        raise ResourceError("place_heads and fold must be JSON objects; fix the data file", source="rasid/data/kb")
    return LinkRules(
        org_heads=_normalized_set(link["org_heads"]),
        place_heads={normalize(k): v for k, v in link["place_heads"].items()},
        branch_heads=_normalized_set(link["branch_heads"]),
        connectors=_normalized_set(link["compound_connectors"]),
        compound_max_gap=int(link["compound_max_gap"]),
        org_suffixes=_normalized_set(link["org_suffixes_dropped"]),
        locatives=_normalized_set(link.get("locative_words", [])),
        generic_words=_normalized_set([w for name in link.get("generic_place_words", []) for w in name.split()]),
        not_place_after=_normalized_set(link.get("not_place_after", [])),
        fold=dict(tr["fold"]),
        drop_inside=frozenset(tr["drop_inside"]),
        min_fuzzy_letters=int(tr["min_fuzzy_letters"]),
        min_skeleton=int(tr["min_skeleton"]),
        min_fuzzy_skeleton=int(tr.get("min_fuzzy_skeleton", tr["min_skeleton"])),
        max_edits=int(tr["max_edits"]),
        max_name_edits=int(tr.get("max_name_edits", 2)),
    )


def words(text: str) -> list[str]:
    """Normalized words of ``text`` (Latin lowercased), dashes and slashes kept as words."""
    return list(_word_tuple(text))


@lru_cache(maxsize=MAX_CACHED_WORDS)
def _word_tuple(text: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in _WORD.findall(normalize(text)))


def name_key(text: str) -> str:
    """The index key of a name as written: normalized words joined by one space."""
    return " ".join(w for w in words(text) if w not in "-–—/()")


def plural_variants(key: str) -> list[str]:
    """``key`` with its last word's sound plural swapped (الحوثيون <-> الحوثيين)."""
    parts = key.split(" ")
    last = parts[-1]
    out = []
    for a, b in PLURAL_SWAPS:
        if len(last) >= MIN_PLURAL_WORD and last.endswith(a):
            out.append(" ".join(parts[:-1] + [last[: -len(a)] + b]))
    return out


def word_keys(word: str) -> list[str]:
    """Clitic-stripped keys of one text word, most literal first; the article is never dropped.

    ``word_keys("والعراق")`` -> ["والعراق", "العراق"]: "عراق" is not offered, so that
    adjectives such as "المالي" do not become the country "مالي".
    """
    return list(word_key_tuple(word))


@lru_cache(maxsize=MAX_CACHED_WORDS)
def word_key_tuple(word: str) -> tuple[str, ...]:
    """The keys of :func:`word_keys` as an immutable tuple, cached per written word."""
    keys = lookup_key_tuple(word) or (normalize(word),)
    present = set(keys)
    return tuple(k for k in keys if ARTICLE + k not in present)


def surface_keys(text: str) -> list[str]:
    """Keys to look a whole surface up with: its first word clitic-stripped, the rest as written."""
    ws = [w for w in words(text) if w not in "-–—/()"]
    if not ws:
        return []
    rest = ws[1:]
    return [" ".join([k] + rest) for k in word_key_tuple(ws[0])]


def strip_heads(key: str, rules: LinkRules | None = None) -> tuple[str, str | None]:
    """Drop a leading head word (تنظيم، مدينة، ولاية ...) and trailing qualifiers (الإرهابي).

    Returns ``(rest, head)``; ``head`` is the normalized head word or None.
    """
    rules = rules or get_rules()
    parts = key.split(" ")
    while len(parts) > 1 and parts[-1] in rules.org_suffixes:
        parts = parts[:-1]
    head = None
    if len(parts) > 1 and rules.is_head(parts[0]):
        head, parts = parts[0], parts[1:]
    return " ".join(parts), head


def head_type(head: str | None, rules: LinkRules | None = None) -> str | None:
    """The entity type a head word announces: ORG for تنظيم, GPE for مدينة, None otherwise."""
    if head is None:
        return None
    rules = rules or get_rules()
    if head in rules.org_heads:
        return "ORG"
    if head in rules.place_heads:
        return "GPE"
    return None


def cluster_key(text: str) -> str:
    """A stable key for names the knowledge base does not know.

    Normalized, first word clitic-stripped down to its bare stem, head words and trailing
    qualifiers dropped, article dropped from every word: "وتنظيم الفتح المبين" and
    "الفتح المبين" share a key.
    """
    ws = [w for w in words(text) if w not in "-–—/()"]
    if not ws:
        return ""
    ws[0] = _first_word_stem(ws[0])
    key, _ = strip_heads(" ".join(ws))
    return " ".join(_drop_article(w) for w in key.split(" "))


def _first_word_stem(word: str) -> str:
    """Proclitics off only where they are sure: before a head word (لتنظيم) or the article (والنجم)."""
    rules = get_rules()
    keys = word_key_tuple(word)
    for k in keys:
        if rules.is_head(k):
            return k
    for k in keys:
        if k.startswith(ARTICLE):
            return k
    return keys[0] if keys else word


def _drop_article(word: str) -> str:
    return word[2:] if word.startswith(ARTICLE) and len(word) - 2 >= 2 else word


def skeleton(text: str, rules: LinkRules | None = None) -> str:
    """The consonant skeleton of a (foreign) name: letters folded, inner long vowels dropped.

    تورونتو and تورنتو share one skeleton; the first letter of every word and
    the last letter are kept whatever they are.
    """
    rules = rules or get_rules()
    if rules is get_rules():
        return _default_skeleton(text)
    return _skeleton(text, rules)


@lru_cache(maxsize=MAX_CACHED_WORDS)
def _default_skeleton(text: str) -> str:
    return _skeleton(text, get_rules())


def _skeleton(text: str, rules: LinkRules) -> str:
    out = []
    for w in words(text):
        w = _drop_article(w)
        folded = "".join(rules.fold.get(ch, ch) for ch in w)
        inner = "".join(ch for ch in folded[1:-1] if ch not in rules.drop_inside)
        out.append(folded[:1] + inner + folded[1:][-1:] if len(folded) > 1 else folded)
    return " ".join(out)


def letters(text: str) -> int:
    """Number of letters in ``text`` (spaces and punctuation not counted)."""
    return sum(ch.isalpha() for ch in text)


def edit_distance_at_most(a: str, b: str, limit: int) -> bool:
    """True when the Levenshtein distance of ``a`` and ``b`` is at most ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return False
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
        if min(cur) > limit:
            return False
        prev = cur
    return prev[-1] <= limit


def skeletons_match(surface: str, name: str, rules: LinkRules | None = None, *, fuzzy: bool = True) -> bool:
    """Transliteration variants: equal skeletons, or one edit apart for long enough names.

    Guards against false matches: same number of words, same first letter, skeleton of at
    least ``min_skeleton`` letters; a one-edit match also needs the same inner long vowels
    (ننكرهار/ننجرهار, not الأندلس/أنابوليس: a changed consonant and different vowels).
    """
    rules = rules or get_rules()
    a, b = skeleton(surface, rules), skeleton(name, rules)
    if a.count(" ") != b.count(" ") or not a or a[0] != b[0]:
        return False
    if letters(a) < rules.min_skeleton:
        return False
    if not _vowels_compatible(surface, name, rules):
        return False
    if not edit_distance_at_most(_folded(surface, rules), _folded(name, rules), rules.max_name_edits):
        return False
    if a == b:
        return True
    long_enough = (min(letters(surface), letters(name)) >= rules.min_fuzzy_letters
                   and min(letters(a), letters(b)) >= rules.min_fuzzy_skeleton)
    same_vowels = inner_vowels(surface, rules) == inner_vowels(name, rules)
    return fuzzy and long_enough and same_vowels and edit_distance_at_most(a, b, rules.max_edits)


def _folded(text: str, rules: LinkRules) -> str:
    """``text`` with articles dropped and letters folded, vowels kept (for the whole-name distance)."""
    return " ".join("".join(rules.fold.get(ch, ch) for ch in _drop_article(w)) for w in words(text))


def inner_vowels(text: str, rules: LinkRules | None = None) -> frozenset[str]:
    """The long vowels written inside the words of ``text`` (what the skeleton drops)."""
    rules = rules or get_rules()
    if rules is get_rules():
        return _default_inner_vowels(text)
    return _inner_vowels(text, rules)


@lru_cache(maxsize=MAX_CACHED_WORDS)
def _default_inner_vowels(text: str) -> frozenset[str]:
    return _inner_vowels(text, get_rules())


def _inner_vowels(text: str, rules: LinkRules) -> frozenset[str]:
    found = set()
    for w in words(text):
        w = _drop_article(w)
        found.update(ch for ch in w[1:-1] if ch in rules.drop_inside)
    return frozenset(found)


def _vowels_compatible(a: str, b: str, rules: LinkRules) -> bool:
    """Guard: one name's inner vowels are a subset of the other's (بركسل/بروكسل, not براكاسل)."""
    va, vb = inner_vowels(a, rules), inner_vowels(b, rules)
    return va <= vb or vb <= va
