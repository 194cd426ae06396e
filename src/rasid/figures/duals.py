"""The general dual rule: a person noun written in the dual (شخصين، سائحان، طفلتين) counts two.

Unvocalized Arabic writes the oblique dual (-ين) like the sound masculine plural, so -ين counts as
a dual only when the plural of that noun is not -ين: the noun is listed with another plural (شخص →
أشخاص), or it is neither a nisba (مدني → مدنيين) nor a participle (مسلح → مسلحين), or a confirming
اثنين follows. -ان and the feminine -تان/-تين are read as duals unless ``false_duals`` lists the
word (سكان، إنسان، عثمان). All words are folded (see :mod:`rasid.time.folded`).
"""
from __future__ import annotations

from rasid.figures.lexicon import FiguresLexicon

FEMININE_ENDINGS = ("تين", "تان")
OBLIQUE_ENDING = "ين"
NOMINATIVE_ENDING = "ان"
NISBA_LETTER = "ي"
PARTICIPLE_PREFIX = "م"
COUNTRY_SUFFIX = "ست"          # -ستان names (باكستان) are not duals
MIN_STEM = 3
MIN_PARTICIPLE_STEM = 4
FEMININE_MARK = "ه"            # folded ة


def dual_stem(key: str) -> str | None:
    """``key`` without its dual ending, when it has one and a long enough stem."""
    for ending in (*FEMININE_ENDINGS, OBLIQUE_ENDING, NOMINATIVE_ENDING):
        if key.endswith(ending) and len(key) - len(ending) >= (2 if ending in FEMININE_ENDINGS else MIN_STEM):
            return key[:-len(ending)]
    return None


def is_thing_stem(stem: str, lex: FiguresLexicon) -> bool:
    """طائرتين, يومين: the singular is a unit or a thing."""
    return stem in lex.not_persons or stem + FEMININE_MARK in lex.not_persons


def is_dual(key: str, next_key: str | None, lex: FiguresLexicon) -> bool:
    """Whether ``key`` (a folded noun without clitics or article) is the dual of a person noun."""
    if key in lex.dual_persons:
        return True
    if key in lex.false_duals or key in lex.plural_persons or key in lex.not_nouns:
        return False
    stem = dual_stem(key)
    if stem is None or is_thing_stem(stem, lex):
        return False
    if next_key is not None and next_key in lex.dual_confirmers:
        return True
    if key.endswith(COUNTRY_SUFFIX + NOMINATIVE_ENDING):
        return False
    if key.endswith(FEMININE_ENDINGS):
        return True
    if key.endswith(NOMINATIVE_ENDING):
        return True
    return _oblique_is_dual(stem, lex)


def is_definite_plural(word: str, next_key: str | None, lex: FiguresLexicon) -> bool:
    """المسلحين، والمواطنين: with the article, a participle's -ين is its plural (not a dual)
    unless اثنين follows; الشخصين، الجنديين stay duals."""
    body = word[1:] if word[:1] in "وفبلك" and word[1:3] == "ال" else word
    if not body.startswith("ال") or not body.endswith(OBLIQUE_ENDING) or \
            (next_key is not None and next_key in lex.dual_confirmers):
        return False
    stem = body[2:-len(OBLIQUE_ENDING)]
    return stem.startswith(PARTICIPLE_PREFIX) and len(stem) >= MIN_PARTICIPLE_STEM


def _oblique_is_dual(stem: str, lex: FiguresLexicon) -> bool:
    """-ين: a dual unless the noun's plural is the sound -ين plural."""
    if stem in lex.singular_persons:
        return True
    if stem.endswith(NISBA_LETTER):
        return False
    return not (stem.startswith(PARTICIPLE_PREFIX) and len(stem) >= MIN_PARTICIPLE_STEM)
