"""Where a word stands: small pure functions over the normalized words of a text.

``norms`` is the list of normalized token forms (:func:`rasid.entities.gazetteer.token_norms`);
``i`` indexes it. These functions decide whether a word is definite, shaped like a nisba adjective
(السوري، العراقية), in an adjective position (after a definite noun), after a locative cue, a
direction word before a place name, and how many proclitic letters (و ف ب ل ك) to trim from the
front of a name.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Container, Sequence

from rasid.entities.cues import Cues, without_article
from rasid.entities.link import LinkRules, word_key_tuple
from rasid.errors import ResourceError
from rasid.resources import load_json
from rasid.text.normalize import normalize

ARTICLE = "ال"
MIN_NISBA_LETTERS = 5
LOCATIVE_CLITIC = "ب"
MAX_CACHED_WORDS = 50_000
LINKING_FILE = "kb/linking.json"


def has_article(norm: str) -> bool:
    """The word itself starts with the article (no proclitic before it)."""
    return norm.startswith(ARTICLE) and len(norm) > 3


@lru_cache(maxsize=MAX_CACHED_WORDS)
def is_definite(norm: str) -> bool:
    """The word is definite, possibly behind proclitics (بالعاصمة، والجيش)."""
    return any(k.startswith(ARTICLE) and len(k) > 3 for k in word_key_tuple(norm)) if norm else False


def nisba_shaped(norm: str, cues: Cues) -> bool:
    """A definite word with a nisba ending (السوري، العراقية، الأفغانيين)."""
    return has_article(norm) and len(norm) >= MIN_NISBA_LETTERS and norm.endswith(cues.adjective_endings)


def demonym_key(norm: str, cues: Cues) -> str | None:
    """The demonym form ``norm`` is (clitics and article off), or None."""
    for key in word_key_tuple(norm):
        bare = without_article(key)
        if bare in cues.demonyms:
            return bare
    return None


def is_head_word(norm: str, heads: Container[str]) -> bool:
    """One of the clitic-stripped keys of ``norm`` is in ``heads`` (cached when ``heads`` is a frozenset)."""
    if isinstance(heads, frozenset):
        return _key_in_set(norm, heads)
    return any(k in heads for k in word_key_tuple(norm)) if norm else False


def head_words_among(norms: Sequence[str], heads: Container[str]) -> set[str]:
    """The distinct words of ``norms`` that are head words (each looked up once per text; for a
    frozenset of heads, once per process in a memo bounded by MAX_CACHED_WORDS)."""
    if not isinstance(heads, frozenset):
        return {w for w in set(norms) if is_head_word(w, heads)}
    memo = _head_memo(heads)
    if len(memo) > MAX_CACHED_WORDS:
        memo.clear()
    out = set()
    for word in set(norms):
        found = memo.get(word)
        if found is None:
            found = memo[word] = any(k in heads for k in word_key_tuple(word)) if word else False
        if found:
            out.add(word)
    return out


@lru_cache(maxsize=MAX_CACHED_WORDS)     # a word cache: emptied by rasid.engine.memory with the others
def _head_memo(heads: frozenset[str]) -> dict[str, bool]:
    """word -> whether it is one of ``heads`` (clitics stripped), filled by head_words_among."""
    return {}


@lru_cache(maxsize=MAX_CACHED_WORDS)
def _key_in_set(norm: str, heads: frozenset[str]) -> bool:
    return any(k in heads for k in word_key_tuple(norm)) if norm else False


def is_place_head(norm: str, rules: LinkRules) -> bool:
    """A place head word, definite or not (مدينة، المدينة، العاصمة، بمحافظة)."""
    return any(k in rules.place_heads or without_article(k) in rules.place_heads for k in word_key_tuple(norm))


def locative_before(norms: Sequence[str], i: int, rules: LinkRules, *, definite_heads: bool = True) -> bool:
    """The word before ``i`` is a locative (في، قرب، شمال) or a place head (مدينة، العاصمة).

    With ``definite_heads=False`` a definite head (العاصمة، المدينة) does not count: what follows
    it may be its adjective (العاصمة الصومالية).
    """
    if i <= 0:
        return False
    prev = norms[i - 1]
    if is_head_word(prev, rules.locatives):
        return True
    if not is_place_head(prev, rules):
        return False
    return definite_heads or not is_definite(prev)


@lru_cache(maxsize=1)
def direction_words() -> frozenset[str]:
    """The direction words of ``kb/linking.json`` (شمال، شمالي، الجنوبية ...), normalized."""
    listed = load_json(LINKING_FILE).get("direction_words", [])
    if not isinstance(listed, list) or not all(isinstance(w, str) and w.strip() for w in listed):
        raise ResourceError("direction_words must be a list of words; fix the data file",
                            source=f"rasid/data/{LINKING_FILE}")
    return frozenset(normalize(w) for w in listed)


def direction_before_place(norms: Sequence[str], i: int, place_starts: Container[int]) -> bool:
    """``norms[i]`` is a direction word and a place name starts right after it: the direction of
    that place (في شمالي الضفة الغربية، وجنوب لبنان), not a place of its own."""
    return 0 <= i < len(norms) - 1 and i + 1 in place_starts and is_head_word(norms[i], direction_words())


def locative_clitic(norm: str, key: str) -> bool:
    """The word carries the preposition ب in front of ``key`` (ببغداد، وبالموصل)."""
    if not norm.endswith(key) or len(norm) == len(key):
        return False
    clitics = norm[: len(norm) - len(key)]
    return LOCATIVE_CLITIC in clitics


def after_head_and_adjective(norms: Sequence[str], i: int, rules: LinkRules, cues: Cues) -> bool:
    """``i`` follows a place head and one adjective (العاصمة الروسية موسكو، مدينة الموصل الشمالية)."""
    return i >= 2 and nisba_shaped(norms[i - 1], cues) and is_place_head(norms[i - 2], rules)


def adjective_position(norms: Sequence[str], i: int, rules: LinkRules, cues: Cues) -> bool:
    """A nisba-shaped word right after a definite noun agrees with it: an adjective, not a name.

    الجيش السوري، القوات العراقية, العاصمة الصومالية -> True; في الناصرية، مدينة الديوانية,
    المدينة الساحلية اللاذقية (a name after head + adjective) -> False.
    """
    if i <= 0 or not nisba_shaped(norms[i], cues):
        return False
    prev = norms[i - 1]
    if not is_definite(prev):
        return False
    return not after_head_and_adjective(norms, i, rules, cues)


def trim_length(norm: str, known_first_words: Container[str], *, linked: bool) -> int:
    """How many normalized letters of proclitics to trim from the front of a name's first word.

    Linked names trim down to the first clitic-stripped key the knowledge base knows as a first
    word (لداعش -> داعش, وأفغانستان -> أفغانستان); unlinked names only before the article
    (والحرس -> الحرس). The contracted لل stays (للأمم keeps its ل: ال is not in the text).
    """
    keys = word_key_tuple(norm)
    if not keys or keys[0] in known_first_words:
        return 0
    for key in keys[1:]:
        if (linked and key in known_first_words) or (key.startswith(ARTICLE) and norm.endswith(key)):
            return max(len(norm) - len(key), 0)
    return 0


def raw_prefix_length(raw: str, letters: int) -> int:
    """Characters of ``raw`` covering its first ``letters`` matching letters (marks skipped)."""
    if letters <= 0:
        return 0
    seen = 0
    for pos, ch in enumerate(raw):
        if normalize(ch):
            seen += 1
            if seen == letters:
                end = pos + 1
                while end < len(raw) and not normalize(raw[end]):
                    end += 1
                return end
    return 0
