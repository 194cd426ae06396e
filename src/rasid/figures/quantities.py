"""Finding figures in text: :func:`find_quantities`.

A figure is a number (digits or words, see :mod:`rasid.figures.numbers`), a vague amount
(عشرات، مئات) or a singular/dual person noun after a trigger (مقتل جندي = 1, مقتل جنديين = 2),
with the qualifier written before or after it, the noun it counts, and the category read from
the words around it (the counted noun itself, a verb just after, or the nearest trigger before
it in the same sentence). Figures of time, money, measures, ages and things keep category None;
numbers inside dates are not figures.

Split figures: two person figures joined by و with no trigger between them (13 جنديا وعشرات
المدنيين) become one Quantity with ``parts``; its value is the sum of the precise parts, its
qualifier ``exact`` when every part is exact, ``at_least`` when a part is vague, otherwise the
first non-exact qualifier of the parts. A singular or dual person noun joined by و to a person
figure is a part too (15 جنديا ومدنيان = 17, سائحان ومرشدهما = 3, مقتل ضابط ومنتسبين اثنين = 3),
and so is a counted figure of a noun that is not a thing (ضابط وثلاثة مجندين = 4).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rasid.figures.coordination import coordinated_figures, is_subject
from rasid.figures.duals import is_definite_plural, is_dual
from rasid.figures.lexicon import FiguresLexicon, figures_lexicon
from rasid.figures.numbers import NumberLexicon, number_lexicon, read_number
from rasid.figures.words import COMMA as _COMMA, NISBA as _NISBA, SENTENCE_STOP as _SENTENCE_STOP, WORD as _WORD
from rasid.figures.words import without_article, word_key
from rasid.model import Quantity, QuantityPart
from rasid.time.folded import FoldedText, fold
from rasid.time.grammar import alternation

START = r"\b(?P<clitic>(?:[وف][بلك]?|[بلك])(?=\w))?"
END = r"(?!\w)"
_PART_GAP = re.compile(r"(?:\s+[^\W\d_]+){0,4}?\s+و\s*|\s*و\s*")
_PRONOUNS = "(?:ه|ها|هم|هما|هن)?"
_PERCENT = re.compile(r"\s?[%٪]")                                  # (+52%): a share, not people
_GLUED_PREPOSITION = re.compile(r"[بلك]ال\w")                    # ذبحهم بالسكاكين: an instrument, not a victim
_ACCUSATIVE = "ا"                                                # مدرسا: accusative singular
COORDINATION_LOOKBACK = 3   # words before a trigger searched for the figure it closes
ADJACENT_WORDS = 2          # a trigger this close before a figure governs it over a verb after it


TEENS = ("عشر", "عشره")        # folded عشر / عشرة after an ordinal unit (الحادي، السادسة)
FEMININE_MARK = "ه"            # folded ة


@lru_cache(maxsize=1)
def ordinal_units() -> frozenset[str]:
    """The first words of the ordinal day names (الحادي، الثاني ... التاسع), from data/time/months.json."""
    from rasid.time.lexicon import time_lexicon
    return frozenset(name.split()[0] for name in time_lexicon().ordinal_days if len(name.split()) == 2)


def _start_of(m: re.Match[str]) -> int:
    """Where the figure's words start (after a glued proclitic)."""
    return m.end("clitic") if m.group("clitic") else m.start()


@dataclass(frozen=True, slots=True)
class Patterns:
    figure: re.Pattern[str]
    trigger: re.Pattern[str]
    after_qualifier: re.Pattern[str]
    vague_phrase: re.Pattern[str]
    fatal: re.Pattern[str]


@dataclass(slots=True)
class Figure:
    """A figure being read (folded offsets)."""

    start: int
    end: int
    value: int | None
    qualifier: str
    counted: str | None = None
    counted_span: tuple[int, int] | None = None
    category: str | None = None
    person: bool = False
    parts: list["Figure"] = field(default_factory=list)
    nisba: bool = False                               # counted by a nisba noun (أفغانيا، نيجريين)
    also: list[str] = field(default_factory=list)     # categories of coordinated triggers (مقتل وإصابة)


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    """The figure patterns, compiled once from the lexicons."""
    lex, nums = figures_lexicon(), number_lexicon()
    word = alternation(list(nums.additive) + list(nums.scales) + list(nums.duals))
    digits = r"(?<![\d.,/:\-])(?:\d{1,3}(?:[,٬]\d{3})+|\d+(?:[.٫]\d+)?)(?![\d]|[.,/:٫٬]\d)"
    scale = alternation(nums.scales)
    number = rf"(?:{digits}(?:\s+{scale}{END})*|{word}{END}(?:\s+و?\s*{word}{END})*)"
    figure = (rf"{START}(?:(?P<qual>{alternation(lex.qualifiers_before)})(?:\s+|(?<=ب)))?"
              rf"(?:(?P<num>{number})|(?P<vague>{alternation(nums.vague)}){END})")
    trigger = rf"{START}(?:ال)?(?P<t>{alternation(lex.triggers)}){_PRONOUNS}{END}"
    after = rf"\s*(?P<aq>{alternation(lex.qualifiers_after)}){END}"
    vague = rf"{START}(?P<vp>{alternation(lex.vague_phrases)}){END}"
    fatal = rf"(?<!\w){alternation(lex.fatal_phrases)}{END}"
    return Patterns(re.compile(figure), re.compile(trigger), re.compile(after), re.compile(vague), re.compile(fatal))


def word_keys(word: str) -> tuple[str, ...]:
    """Forms of a folded word to look up: as written, without clitics, and with the article kept."""
    stripped = word_key(word)
    with_article = word[1:] if word[:1] in "وفبلك" and word[1:3] == "ال" else word
    return tuple(dict.fromkeys((word, with_article, stripped)))


class FigureReader:
    """Reads the figures of one folded text."""

    def __init__(self, folded: str, excluded: list[tuple[int, int]],
                 names: list[tuple[int, int]] | None = None) -> None:
        self.text = folded
        self.lex: FiguresLexicon = figures_lexicon()
        self.nums: NumberLexicon = number_lexicon()
        self.p = patterns()
        self.excluded = excluded
        self.names = names or []
        self.triggers = [(_start_of(m), m.end(), self.lex.triggers[" ".join(m.group("t").split())])
                         for m in self.p.trigger.finditer(folded)]

    # -- words around a position ----------------------------------------------------
    def words_after(self, pos: int, limit: int) -> list[re.Match[str]]:
        out: list[re.Match[str]] = []
        for m in _WORD.finditer(self.text, pos, min(len(self.text), pos + 25 * limit)):
            if _SENTENCE_STOP.search(self.text, pos, m.start()):
                break
            out.append(m)
            if len(out) == limit:
                break
        return out

    def lookup(self, word: str, table: dict[str, str] | frozenset[str]) -> str | None:
        for key in word_keys(word):
            if key in table:
                return table[key] if isinstance(table, dict) else key
        return None

    def is_excluded(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.excluded)

    # -- reading ----------------------------------------------------------------------
    def counted_noun(self, pos: int) -> tuple[str | None, tuple[int, int] | None, int]:
        """The noun after a number (skipping a partitive من) with a following nisba adjective."""
        words = self.words_after(pos, 3)
        if words and words[0].group() == "من" and len(words) > 1:
            words = words[1:]
        if not words or words[0].group().isdigit() or words[0].group() in self.lex.not_nouns:
            return None, None, pos
        first = words[0]
        if self.is_clause_verb(first.group()) or self.text[pos:first.start()].strip() not in ("", "من"):
            return None, None, pos
        end = first.end()
        if len(words) > 1 and self.is_adjective(words[1]) and self.text[first.end():words[1].start()].isspace():
            end = words[1].end()
        return self.text[first.start():end], (first.start(), end), end

    def is_clause_verb(self, word: str) -> bool:
        """وأصابوا: a trigger with a glued و/ف opens a new clause; it is not a counted noun."""
        return word[:1] in self.lex.clause_openers and self.lookup(word[1:], self.lex.triggers) is not None \
            and self.lookup(word, self.lex.category_nouns) is None

    def is_adjective(self, m: re.Match[str]) -> bool:
        word = m.group()
        if word[:1] in self.lex.clause_openers:
            return False                       # جنود ومدني، موظفين وبريطاني آخر: coordinated, not an adjective
        return (bool(_NISBA.fullmatch(word)) and word not in self.lex.not_nouns
                and self.lookup(word, self.lex.triggers) is None and self.lookup(word, self.lex.after_verbs) is None)

    def is_person(self, counted: str | None) -> bool:
        if counted is None:
            return False
        head = counted.split()[0]
        return (self.lookup(head, self.lex.persons) is not None or self.lookup(head, self.lex.category_nouns) is not None
                or word_key(head) in self.lex.others_words or head in self.lex.others_words)

    def is_thing(self, counted: str | None) -> bool:
        return counted is not None and self.lookup(counted.split()[0], self.lex.not_persons) is not None

    def trigger_index_before(self, pos: int) -> int | None:
        """Index (in ``self.triggers``) of the nearest trigger before ``pos`` in the same sentence,
        within the window (the longer toll window after «ارتفعت حصيلة القتلى ... إلى»)."""
        window = self.window_before(pos)
        for n in range(len(self.triggers) - 1, -1, -1):
            end = self.triggers[n][1]
            if end > pos:
                continue
            between = self.text[end:pos]
            if _SENTENCE_STOP.search(between) or len(_WORD.findall(between)) > window:
                return None
            return n
        return None

    def trigger_before(self, pos: int) -> tuple[str, int] | None:
        """The category of the nearest trigger before ``pos`` in the same sentence, and its end."""
        n = self.trigger_index_before(pos)
        return (self.triggers[n][2], self.triggers[n][1]) if n is not None else None

    def window_before(self, pos: int) -> int:
        """Words to look back for a trigger: longer when the figure ends a toll (ارتفع ... إلى N)."""
        words = [m.group() for m in _WORD.finditer(self.text, max(0, pos - 12 * self.lex.toll_window), pos)]
        if not words or words[-1] not in self.lex.toll_prepositions:
            return self.lex.window_before
        recent = words[-self.lex.toll_window:]
        toll = any(w in self.lex.toll_verbs or word_key(w) in self.lex.toll_verbs for w in recent)
        return self.lex.toll_window if toll else self.lex.window_before

    def coordinated(self, n: int) -> list[str]:
        """Other categories of triggers joined to trigger ``n`` by a bare و (مقتل وإصابة العشرات)."""
        out: list[str] = []
        while n > 0 and self.text[self.triggers[n - 1][1]:self.triggers[n][0]].strip() == "و" \
                and not self.closes_figure(self.triggers[n - 1][0]):
            n -= 1
            category = self.triggers[n][2]
            if category not in out:
                out.append(category)
        return out

    def closes_figure(self, trigger_start: int) -> bool:
        """A trigger just after a figure ends that figure's clause (لقي 62 شخصا حتفهم وأصيب 100):
        it is not coordinated with the trigger after it."""
        words = _WORD.findall(self.text, max(0, trigger_start - 40), trigger_start)[-COORDINATION_LOOKBACK:]
        return any(w.isdigit() or self.nums.is_number_word(word_key(w)) or w in self.nums.vague for w in words)

    def verb_after(self, after: int) -> str | None:
        """The category of a verb just after the figure (12 شخصا قتلوا), up to a clause boundary:
        a comma, another trigger, or a verb with a glued و/ف (قتل 12 وأصيب 30 → not أصيب)."""
        if self.fatal_after(after):
            return "killed"
        previous = after
        for m in self.words_after(after, self.lex.window_after):
            word = m.group()
            if _COMMA.search(self.text, previous, m.start()):
                return None
            previous = m.end()
            if word[:1] in self.lex.clause_openers and self.lookup(word[1:], self.lex.after_verbs):
                return None
            verb = self.lookup(word, self.lex.after_verbs)
            if verb:
                return verb
            if self.lookup(word, self.lex.triggers):
                return None
        return None

    def fatal_after(self, after: int) -> bool:
        """حتى الموت within a few words after ``after``, in the same clause (no comma or stop between)."""
        m = self.p.fatal.search(self.text, after, after + 25 * (self.lex.fatal_window + 1))
        if m is None:
            return False
        between = self.text[after:m.start()]
        return not (_SENTENCE_STOP.search(between) or _COMMA.search(between)) and \
            len(_WORD.findall(between)) <= self.lex.fatal_window

    def fatal_figures(self) -> list[Figure]:
        """طعن رجل حتى الموت = 1 killed: the nearest singular or dual person noun a few words before
        a fatal phrase."""
        out: list[Figure] = []
        for m in self.p.fatal.finditer(self.text):
            spans = list(_WORD.finditer(self.text, max(0, m.start() - 25 * self.lex.fatal_window), m.start()))
            for w in reversed(spans[-self.lex.fatal_window:]):
                if self.ends_victim_search(w, m.start()):
                    break
                if self.is_name(w):
                    continue                   # a named person (or a mis-tagged word) is not counted
                value = self.person_count([w])
                if value is not None:
                    out.append(Figure(w.start(), w.end(), value, "exact", w.group(), (w.start(), w.end()),
                                      "killed", True))
                    break
        return out

    def ends_victim_search(self, w: re.Match[str], limit: int) -> bool:
        """A number, a plural person noun (counted by a figure of its own), a date or a sentence stop
        ends the look-back for a fatal phrase's victim."""
        word = w.group()
        counted = self.lookup(word, self.lex.persons) is not None and word not in self.lex.singular_persons \
            and not is_dual(word_key(word), None, self.lex)
        return (word.isdigit() or self.nums.is_number_word(word_key(word)) or counted
                or self.is_excluded(w.start(), w.end()) or bool(_SENTENCE_STOP.search(self.text, w.end(), limit)))

    def category_of(self, fig: Figure, after: int) -> str | None:
        if fig.counted is not None:
            noun = self.lookup(fig.counted.split()[0], self.lex.category_nouns)
            if noun:
                return noun
            if self.is_thing(fig.counted):
                return None
        if self.fatal_after(after):
            return "killed"
        n = self.trigger_index_before(fig.start)
        before = self.triggers[n] if n is not None else None
        if before is not None and len(_WORD.findall(self.text[before[1]:fig.start])) <= ADJACENT_WORDS:
            fig.also = [c for c in self.coordinated(n) if c != before[2]] if n is not None else []
            return before[2]
        verb = self.verb_after(after)
        if verb:
            return verb
        return before[2] if before else None

    def read_match(self, m: re.Match[str]) -> Figure | None:
        qualifier = self.lex.qualifiers_before.get(" ".join((m.group("qual") or "").split()), "exact")
        reading = read_number(m.group("num") or m.group("vague"))
        if reading.value is None and not reading.vague:
            return None
        body_start = m.start("num") if m.group("num") else m.start("vague")
        if self.is_excluded(body_start, m.end()) or self.ends_ordinal(m) or _PERCENT.match(self.text, m.end()) \
                or self.names_a_thing(m.start()):
            return None
        fig = Figure(_start_of(m), m.end(), reading.value, "vague" if reading.vague else qualifier)
        fig.counted, fig.counted_span, after = self.noun_before_two(m) or self.counted_noun(m.end())
        if fig.counted_span and fig.counted_span[0] < fig.start:
            fig.start = fig.counted_span[0]
        tail = self.p.after_qualifier.match(self.text, after)
        if tail and not reading.vague:
            fig.qualifier = self.lex.qualifiers_after[" ".join(tail.group("aq").split())]
            fig.end = tail.end()
        fig.person = self.is_person(fig.counted)
        fig.nisba = self.is_nisba(fig.counted)
        fig.category = self.category_of(fig, after)
        if fig.also and fig.value is not None:
            fig.qualifier = "at_most"          # مقتل وإصابة 20 شخصا: 20 casualties of both kinds together
        return fig if self.keep_vague(fig, m) else None

    def names_a_thing(self, start: int) -> bool:
        """البوينغ 777، القرار 2254: a number right after one of ``not_after`` is a name, not a count."""
        before = list(_WORD.finditer(self.text, max(0, start - 20), start))
        return bool(before) and self.text[before[-1].end():start].isspace() and \
            without_article(before[-1].group()) in self.lex.not_after

    def ends_ordinal(self, m: re.Match[str]) -> bool:
        """في سن السادسة عشر: عشر after an ordinal is part of the ordinal, not a count."""
        if m.group("qual") or " ".join((m.group("num") or "").split()) not in TEENS:
            return False
        before = list(_WORD.finditer(self.text, max(0, m.start() - 20), m.start()))
        if not before:
            return False
        word = before[-1].group()
        return word in ordinal_units() or word.removesuffix(FEMININE_MARK) in ordinal_units()

    def noun_before_two(self, m: re.Match[str]) -> tuple[str, tuple[int, int], int] | None:
        """منتسبين اثنين: اثنين after a noun qualifies that noun, which is what it counts."""
        if m.group("qual") or m.group("clitic") or \
                " ".join((m.group("num") or "").split()) not in self.lex.dual_confirmers:
            return None                        # مواطنا واثنان من أبنائه: a second figure, not an adjective
        before = list(_WORD.finditer(self.text, max(0, m.start() - 30), m.start()))
        if not before or not self.text[before[-1].end():m.start()].isspace():
            return None
        prev = before[-1]
        word = prev.group()
        if (not word.isalpha() or self.nums.is_number_word(word_key(word)) or word in self.lex.not_nouns
                or self.lookup(word, self.lex.triggers) or self.is_thing(word) or self.is_name(prev)):
            return None
        start = prev.start() + (1 if word[:1] in self.lex.clause_openers and len(word) > 4 else 0)
        return self.text[start:prev.end()], (start, prev.end()), m.end()

    def is_nisba(self, counted: str | None) -> bool:
        """A nisba noun (أفغانيا، نيجريين) that is not a unit or a thing."""
        return counted is not None and bool(_NISBA.fullmatch(counted.split()[0])) and not self.is_thing(counted)

    def keep_vague(self, fig: Figure, m: re.Match[str]) -> bool:
        """A vague amount counts only for people: a person noun, or a trigger right before it."""
        if fig.value is not None:
            return True
        if fig.person:
            return True
        weak = " ".join((m.group("vague") or m.group("num")).split()) in self.nums.weak_vague
        found = self.trigger_before(fig.start)
        return not weak and found is not None and not self.is_thing(fig.counted) and \
            len(_WORD.findall(self.text[found[1]:fig.start])) <= 1

    def singular_figures(self) -> list[Figure]:
        """مقتل جندي = 1, القبض على شخصين = 2, قتل سائحان = 2: a singular or dual person noun right
        after a trigger (or after a preposition the trigger governs)."""
        out: list[Figure] = []
        for _, end, category in self.triggers:
            words = self.object_after_subject(self.governed_words(end))
            if not words or self.is_excluded(words[0].start(), words[0].end()) or self.is_name(words[0]) \
                    or _GLUED_PREPOSITION.match(words[0].group()):
                continue
            value = self.person_count(words)
            if value is None:
                continue
            counted, span, _ = self.counted_noun(words[0].start())
            fig_end = words[1].end() if value == 2 and self.confirms_dual(words) else words[0].end()
            category = "killed" if self.fatal_after(fig_end) else category
            out.append(Figure(words[0].start(), fig_end, value, "exact", counted, span, category, True))
        return out

    def object_after_subject(self, words: list[re.Match[str]]) -> list[re.Match[str]]:
        """قتل مسلحون شرطيا: past a plural subject, an accusative singular object is the victim."""
        if len(words) == 2 and words[0].group() not in self.lex.singular_persons and \
                self.lookup(words[0].group(), self.lex.persons) and words[1].group().endswith(_ACCUSATIVE) and \
                self.is_singular_person(words[1].group()) and self.text[words[0].end():words[1].start()].isspace():
            return words[1:]
        return words

    def governed_words(self, end: int) -> list[re.Match[str]]:
        """The two words after a trigger, past one linking preposition (القبض على)."""
        words = self.words_after(end, 3)
        if not words or not self.text[end:words[0].start()].isspace():
            return []
        if words[0].group() in self.lex.linking_prepositions:
            first, words = words[0], words[1:]
            if not words or not self.text[first.end():words[0].start()].isspace():
                return []
        return words[:2]

    def person_count(self, words: list[re.Match[str]]) -> int | None:
        word = words[0].group()
        if self.is_singular_person(word):
            return 1
        if self.lex.one_more and word in self.lex.one_more:
            return self.lex.one_more[word]             # وأصيب آخر، وجرح ثالث، وأصيب آخران
        if not word.isalpha() or self.nums.is_number_word(word) or self.lookup(word, self.lex.triggers):
            return None
        key = word_key(word)
        following = word_key(words[1].group()) if len(words) > 1 else None
        if is_definite_plural(word, following, self.lex):
            return None
        return 2 if is_dual(key, following, self.lex) else None

    def is_singular_person(self, word: str) -> bool:
        """جندي، الجندي، مدرسا (accusative): one person."""
        key = word_key(word)
        singular = self.lex.singular_persons
        return word in singular or key in singular or (key.endswith(_ACCUSATIVE) and key[:-1] in singular)

    @staticmethod
    def new_figure(*args: object) -> Figure:
        return Figure(*args)  # type: ignore[arg-type]

    def counts_people(self, fig: Figure) -> bool:
        """A categorized figure of people: a person or nisba noun, or a counted noun that is not a thing."""
        return fig.category is not None and (fig.person or fig.nisba or (
            fig.counted is not None and not self.is_thing(fig.counted) and not self.is_clause_verb(fig.counted)))

    def is_name_span(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.names)

    def confirms_dual(self, words: list[re.Match[str]]) -> bool:
        return len(words) > 1 and word_key(words[1].group()) in self.lex.dual_confirmers

    def is_name(self, m: re.Match[str]) -> bool:
        """A word inside a named entity (عثمان، طهران) is never a counted noun."""
        return any(s < m.end() and m.start() < e for s, e in self.names)

    def vague_phrases(self) -> list[Figure]:
        out = []
        for m in self.p.vague_phrase.finditer(self.text):
            category = self.lex.vague_phrases[" ".join(m.group("vp").split())]
            out.append(Figure(_start_of(m), m.end(), None, "vague", None, None, category, True))
        return out

    def figures(self) -> list[Figure]:
        found = [f for f in (self.read_match(m) for m in self.p.figure.finditer(self.text)) if f is not None]
        singles = self.singular_figures()
        for extra in singles:
            inside = [f for f in found if extra.start <= f.start and f.end <= extra.end]
            found = [f for f in found if f not in inside]      # مشتبهين اثنين: one figure, not two
            if all(extra.end <= f.start or extra.start >= f.end for f in found):
                found.append(extra)
        for extra in self.vague_phrases() + self.fatal_figures():
            if all(extra.end <= f.start or extra.start >= f.end for f in found):
                found.append(extra)
        found.sort(key=lambda f: f.start)
        found = [f for f in found if not (f in singles and is_subject(self, f, found))]
        found = sorted(found + coordinated_figures(self, found), key=lambda f: f.start)
        return merge_parts(found, self)


def _joined(a: Figure, b: Figure, reader: FigureReader) -> bool:
    """Whether ``b`` continues ``a`` as another part of the same figure (…13 جنديا وعشرات المدنيين)."""
    left = max(a.end, a.counted_span[1]) if a.counted_span else a.end
    counted_people = a.person or b.person or (a.category is not None and b.category is not None)
    b_people = b.person or b.nisba or (reader.counts_people(a) and b.value is not None and b.counted is not None
                                       and b.category in (None, a.category) and not reader.is_thing(b.counted))
    if b.start < left or not counted_people or not (a.person or a.nisba or reader.counts_people(a)) or not b_people:
        return False
    if a.category is not None and b.category is not None and a.category != b.category:
        return False
    between = reader.text[left:b.start]
    if not _PART_GAP.fullmatch(between) or any(left <= s < b.start for s, _, _ in reader.triggers):
        return False
    return a.category is not None or b.category is None


def _combined_qualifier(parts: list[Figure]) -> str:
    if any(p.value is None for p in parts):
        return "at_least"
    for p in parts:
        if p.qualifier != "exact":
            return p.qualifier
    return "exact"


def merge_parts(figures: list[Figure], reader: FigureReader) -> list[Figure]:
    out: list[Figure] = []
    for fig in figures:
        prev = out[-1] if out else None
        last = (prev.parts[-1] if prev and prev.parts else prev)
        if prev is not None and last is not None and _joined(last, fig, reader):
            parts = prev.parts or [prev]
            parts = parts + [fig]
            precise = [p.value for p in parts if p.value is not None]
            last_end = fig.counted_span[1] if fig.counted_span else fig.end
            merged = Figure(prev.start, last_end, sum(precise) if precise else None, _combined_qualifier(parts),
                            parts[0].counted, parts[0].counted_span, prev.category or fig.category, True, parts)
            if merged.value is None:
                merged.qualifier = "vague"
            out[-1] = merged
        else:
            out.append(fig)
    return out


def _to_quantities(fig: Figure, folded: FoldedText, text: str, offset: int) -> list[Quantity]:
    """The figure's quantity, and a twin with the same span for each coordinated category
    (مقتل وإصابة العشرات counts both the killed and the injured)."""
    main = _to_quantity(fig, folded, text, offset)
    twins = [Quantity(main.start, main.end, main.text, main.value, main.qualifier, category, main.counted,
                      list(main.parts)) for category in fig.also]
    return [main, *twins]


def _to_quantity(fig: Figure, folded: FoldedText, text: str, offset: int) -> Quantity:
    start, end = folded.span(fig.start, fig.end)
    counted = None
    if fig.counted_span:
        cs, ce = folded.span(*fig.counted_span)
        counted = text[cs + offset:ce + offset]
    parts = [_to_part(p, folded, text, offset) for p in fig.parts]
    return Quantity(start + offset, end + offset, text[start + offset:end + offset], fig.value, fig.qualifier,
                    fig.category, counted, parts)


def _to_part(fig: Figure, folded: FoldedText, text: str, offset: int) -> QuantityPart:
    start, end = folded.span(fig.start, fig.counted_span[1] if fig.counted_span else fig.end)
    who = ""
    if fig.counted_span:
        cs, ce = folded.span(*fig.counted_span)
        who = text[cs + offset:ce + offset]
    return QuantityPart(who, fig.value, fig.qualifier, text[start + offset:end + offset])


def date_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the dates in ``text`` (numbers inside them are not figures)."""
    from rasid.time.parse import parse_dates
    return [(d.start, d.end) for d in parse_dates(text)]


def find_quantities(text: str, start: int = 0, end: int | None = None,
                    dates: list[tuple[int, int]] | None = None,
                    names: list[tuple[int, int]] | None = None) -> list[Quantity]:
    """Figures in ``text[start:end]`` with offsets into ``text``.

    ``dates``: spans (offsets into ``text``) of dates already found; when None they are found here.
    ``names``: spans of named entities, whose words are never read as dual or singular nouns.
    """
    end = len(text) if end is None else max(start, min(end, len(text)))
    start = max(0, min(start, end))
    piece = text[start:end]
    folded = fold(piece)
    spans = date_spans(piece) if dates is None else [(s - start, e - start) for s, e in dates]
    excluded = [_folded_span(folded, s, e) for s, e in spans]
    named = [_folded_span(folded, s - start, e - start) for s, e in (names or []) if start <= s and e <= end]
    reader = FigureReader(folded.text, excluded, named)
    return [q for f in reader.figures() for q in _to_quantities(f, folded, text, start)]


def _folded_span(folded: FoldedText, start: int, end: int) -> tuple[int, int]:
    """Folded offsets of an original span."""
    return folded.to_folded(start), folded.to_folded(end)
