"""Figures of people joined by و, and the doer of a verb read as a victim.

:func:`coordinated_figures`: a singular or dual person noun joined by و to a counted person
figure is one more part of it (15 جنديا ومدنيان = 17, سائحان ومرشدهما = 3, ونيجري آخر = 1,
امرأة وطفليها = 3);
:func:`is_subject`: a singular noun right after a verb with the verb's object figure a few words
later (طعن شاب ... مدرسا) is the doer, not a victim.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rasid.figures.duals import MIN_PARTICIPLE_STEM, PARTICIPLE_PREFIX, dual_stem, is_definite_plural, is_dual
from rasid.figures.words import COMMA, NISBA, SENTENCE_STOP, WORD, word_key

if TYPE_CHECKING:
    from rasid.figures.quantities import Figure, FigureReader

POSSESSIVE = re.compile(r"(\w{3,}?)(?:هما|هم|هن|ها|ه)")        # مرشدهم: a singular noun with a pronoun
COORDINATED = re.compile(r"(?:\s+[^\W\d_]+){0,3}?\s+و\s*(?P<w>[^\W\d_]+)(?:\s+(?P<n>[^\W\d_]+))?")
TA, FEMININE_MARK = "ت", "ه"            # طفلتها: folded ة is ه
CONSTRUCT_DUAL_ENDINGS = ("ي", "ا")     # طفليها، طفلاها
SUBJECT_GAP_WORDS = 4      # a singular noun this close before another person figure is the verb's subject


def coordinated_count(reader: "FigureReader", m: re.Match[str]) -> int | None:
    """The count of a person noun joined by و to a figure: a singular or dual noun (ومدنيان = 2),
    a singular with a pronoun (وسائقهم = 1), or a singular nisba with آخر (ونيجري آخر = 1)."""
    word, following = m.group("w"), m.group("n")
    key = word_key(word)
    stem = dual_stem(key)
    if not word.isalpha() or key in reader.lex.attackers or reader.lookup(word, reader.lex.triggers) \
            or reader.lookup(word, reader.lex.category_nouns) or (stem and stem in reader.lex.category_nouns):
        return None                        # وجريحين: the wounded are not more of the killed
    if reader.is_singular_person(word):
        return 1
    if is_definite_plural(word, word_key(following) if following else None, reader.lex):
        return None                        # والمسلحين الموالين: the plural
    if is_dual(key, word_key(following) if following else None, reader.lex):
        stem = dual_stem(key)
        known = key in reader.lex.persons or (stem is not None and stem in reader.lex.singular_persons)
        return 2 if known or (following and word_key(following) in reader.lex.dual_confirmers) else None
    owner = POSSESSIVE.fullmatch(key)
    if owner and _singular_owner(owner.group(1), reader):
        return 1
    if owner and _construct_dual(owner.group(1), reader):
        return 2
    if following and word_key(following) in reader.lex.another and NISBA.fullmatch(key):
        return 1
    return None


def _singular_owner(stem: str, reader: "FigureReader") -> bool:
    """وسائقهم، وطفلتها (the ة is written ت before a pronoun)."""
    singular = reader.lex.singular_persons
    return stem in singular or (stem.endswith(TA) and stem[:-1] + FEMININE_MARK in singular)


def _construct_dual(stem: str, reader: "FigureReader") -> bool:
    """طفليها، حارسيه: a dual before a pronoun drops its ن (a participle's -ي is its plural: مسلحيه)."""
    base = stem[:-1]
    if stem[-1:] not in CONSTRUCT_DUAL_ENDINGS or base not in reader.lex.singular_persons or base.endswith("ي"):
        return False
    return not (base.startswith(PARTICIPLE_PREFIX) and len(base) >= MIN_PARTICIPLE_STEM)


def coordinated_figures(reader: "FigureReader", found: list[Figure]) -> list[Figure]:
    """Person nouns joined by و to a counted person figure (15 جنديا ومدنيان), one after another."""
    out: list[Figure] = []
    queue = [f for f in found if reader.counts_people(f) and f.value is not None]
    while queue:
        fig = queue.pop(0)
        left = max(fig.end, fig.counted_span[1] if fig.counted_span else fig.end)
        m = COORDINATED.match(reader.text, left)
        if m is None or COMMA.search(reader.text, left, m.start("w")) or \
                any(left <= s < m.start("w") for s, _, _ in reader.triggers):
            continue
        value = coordinated_count(reader, m)
        word_span = (m.start("w"), m.end("w"))
        if value is None or reader.is_name_span(*word_span) or reader.is_excluded(*word_span) or \
                any(f.start < word_span[1] and word_span[0] < f.end for f in found + out):
            continue
        end = m.end("n") if m.group("n") and (value == 2 and word_key(m.group("n")) in reader.lex.dual_confirmers
                                              or word_key(m.group("n")) in reader.lex.another) else word_span[1]
        extra = reader.new_figure(word_span[0], end, value, "exact", m.group("w"), word_span, fig.category, True)
        out.append(extra)
        queue.append(extra)
    return out


def is_subject(reader: "FigureReader", single: Figure, found: list[Figure]) -> bool:
    """طعن شاب ... مدرسا: a singular noun after a verb, with the verb's object figure a few words
    later in the same clause (no و, comma or trigger between), is the doer, not a victim."""
    if single.value != 1:
        return False
    later = [f for f in found if f.start >= single.end]
    if not later:
        return False
    between = reader.text[single.end:later[0].start]
    words = WORD.findall(between)
    return (len(words) <= SUBJECT_GAP_WORDS and not COMMA.search(between) and not SENTENCE_STOP.search(between)
            and not any(w[:1] in reader.lex.clause_openers for w in words) and "و" not in between.split()
            and later[0].person and not any(single.end <= s < later[0].start for s, _, _ in reader.triggers))

