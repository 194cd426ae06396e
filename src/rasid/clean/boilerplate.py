"""Line verdicts: which lines of a page are boilerplate, and of which kind.

Lexical rules come from ``rasid/data/boilerplate/patterns.json``; the structural ones (blocks
after a related-news header, repeated captions, runs of unrelated headlines) are here. Every
decision errs toward keeping a line: a dropped body line costs more than a kept footer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from rasid.clean.lines import Line, ends_sentence, key_to_display
from rasid.clean.pagedate import PageDate, byline_date, is_date_banner, read_date, starts_with_byline_cue
from rasid.clean.patterns import Rule, rules, setting, word_set
from rasid.clean.phrases import PhraseSet
from rasid.text.normalize import normalize

_NON_WORD = re.compile(r"[\W_]+")
# The one letter whose lower case depends on its neighbours (final sigma), so a line holding it is
# lower-cased whole, as words of the same line could lower differently one by one.
_CONTEXT_CASED = "\u03a3"
_PUNCT = " •*-–—|#>»«\"'“”()[]:：،,;.!؟?…"
_OUTLET_TRIM = "\"'«»“”‘’()[]{}<>:،,;.-–—|*• "


@dataclass(frozen=True, slots=True)
class Cut:
    """Drop the end of a line from display offset ``offset`` on."""

    offset: int
    kind: str


@dataclass(slots=True)
class Verdicts:
    """What cleaning decided about each line of a page."""

    kinds: list[str | None]
    cuts: dict[int, Cut] = field(default_factory=dict)
    outlets: list[str] = field(default_factory=list)
    published: PageDate | None = None
    genre_marks: set[str] = field(default_factory=set)

    def kept(self, line: Line) -> bool:
        return not line.blank and self.kinds[line.index] is None


def rule_matches(rule: Rule, line: Line) -> int | None:
    """Where (key offset) the match of ``rule`` on ``line`` ends, when all its conditions hold."""
    if line.blank or line.words > rule.max_words or _cannot_match(rule, line) or not rule.may_match(line.lower):
        return None
    end = _match_end(rule, line)
    if end is None:
        return None
    if rule.also_needs is not None and not _needs_met(rule.also_needs, line, end if rule.at == "start" else 0):
        return None
    return end


def _cannot_match(rule: Rule, line: Line) -> bool:
    """A cheap proof that a word-phrase rule misses ``line``: no phrase can start where it must."""
    phrases = rule.phrases
    if phrases is None or phrases.substrings:
        return False
    if rule.at == "anywhere":
        return rule.min_count >= 1 and phrases.firsts.isdisjoint(line.tokens)
    tokens = line.tokens
    return not tokens or tokens[0] not in phrases.firsts


def _match_end(rule: Rule, line: Line) -> int | None:
    if rule.regex is not None:
        found = {m.group().lower(): m.end() for m in rule.regex.finditer(line.key)}
        return min(found.values()) if len(found) >= max(1, rule.min_count) else None
    phrases = rule.phrases
    assert phrases is not None
    if rule.at == "start":
        return _opening_end(phrases, line)
    if rule.at == "whole":
        whole = phrases.equals(line.tokens) or line.lower.strip(_PUNCT) in phrases.substrings
        return len(line.key) if whole else None
    hits = list(phrases.hits(line.tokens))
    found = {line.tokens[i:i + n] for i, n in hits} | {s for s in phrases.substrings if s in line.lower}
    covered = sum(n for _, n in hits) / max(1, line.words)
    return len(line.key) if len(found) >= rule.min_count and covered >= rule.min_share else None


def _opening_end(phrases: PhraseSet, line: Line) -> int | None:
    n = phrases.opening(line.tokens)
    if n:
        return line.token_ends[n - 1]
    lower = line.lower
    stripped = lower.lstrip(_PUNCT)
    for phrase in phrases.substrings:
        if stripped.startswith(phrase):
            return len(lower) - len(stripped) + len(phrase)
    return None


def _needs_met(needs: PhraseSet, line: Line, start: int) -> bool:
    first = next((k for k, end in enumerate(line.token_ends) if end > start), len(line.tokens))
    return needs.count(line.tokens[first:]) > 0 or needs.substring_in(line.lower[start:])


def is_headline_like(line: Line) -> bool:
    """A short line that does not end like a sentence (a headline, a subheading, a link text)."""
    return not line.blank and 0 < line.words <= int(setting("headline_max_words")) and not ends_sentence(line.display)


def is_body_like(line: Line) -> bool:
    """A paragraph line: long, or a sentence of several words."""
    return line.words >= int(setting("body_min_words")) or (line.words >= 5 and ends_sentence(line.display))


def judge_lines(lines: list[Line]) -> Verdicts:
    """Run the lexical, date, block and duplicate rules over ``lines``."""
    verdicts = Verdicts([None] * len(lines))
    i = 0
    while i < len(lines):
        i = _judge_one(lines, i, verdicts)
    _mark_duplicates(lines, verdicts)
    _cut_suffixes(lines, verdicts)
    _collect_outlets(lines, verdicts)
    return verdicts


def _judge_one(lines: list[Line], i: int, verdicts: Verdicts) -> int:
    """Judge line ``i``; returns the index of the next line to judge (blocks skip ahead)."""
    line = lines[i]
    if line.blank:
        return i + 1
    block = _block_header(line)
    if block is not None:
        rule, inline = block
        verdicts.kinds[i] = rule.inline_kind if inline else rule.kind
        _note_rule(rule, line, verdicts)
        return i + 1 if inline else _follow_block(lines, i, rule, verdicts)
    rule = _line_rule(line)
    if rule is not None:
        verdicts.kinds[i] = rule.kind
        _note_rule(rule, line, verdicts)
    elif _is_date_line(line, verdicts):
        verdicts.kinds[i] = "date_banner"
    return i + 1


def _block_header(line: Line) -> tuple[Rule, bool] | None:
    """The block rule whose header is ``line`` and whether text follows the header on the line."""
    for rule in _rules_for("block", line.words):
        end = rule_matches(rule, line)
        if end is None:
            continue
        rest = line.key[end:]
        inline = rule.at == "start" and bool(re.search(r"[^\W_]", rest))
        if inline and rule.inline_kind is None:
            continue
        return rule, inline
    return None


def _line_rule(line: Line) -> Rule | None:
    for rule in _rules_for("line", line.words):
        if rule_matches(rule, line):
            return rule
    return None


def _rules_for(scope: str, words: int) -> tuple[Rule, ...]:
    """The rules of ``scope`` (in file order) whose ``max_words`` admits a line of ``words`` words."""
    return _rules_by_length(scope, min(words, _longest_rule_line() + 1))


@lru_cache(maxsize=None)
def _rules_by_length(scope: str, words: int) -> tuple[Rule, ...]:
    return tuple(rule for rule in getattr(rules(), scope) if words <= rule.max_words)


@lru_cache(maxsize=1)
def _longest_rule_line() -> int:
    every = rules()
    return max((rule.max_words for rule in (*every.line, *every.block, *every.suffix)), default=0)


def _note_rule(rule: Rule, line: Line, verdicts: Verdicts) -> None:
    if rule.genre:
        verdicts.genre_marks.add(rule.genre)


def _collect_outlets(lines: list[Line], verdicts: Verdicts) -> None:
    """Outlet names written in removed lines (follow footers, copyright lines), in page order."""
    outlet_rules = [r for r in rules().line if r.outlet]
    for line in lines:
        if line.blank or verdicts.kinds[line.index] is None:
            continue
        for rule in outlet_rules:
            match = rule.regex.search(line.key) if rule.regex and rule_matches(rule, line) is not None else None
            name = outlet_from_match(line, match) if match else None
            if name:
                verdicts.outlets.append(name)
                break


def outlet_from_match(line: Line, match: re.Match[str]) -> str | None:
    """The outlet named by the ``outlet`` group of ``match``, as written in the line."""
    start, end = match.span("outlet")
    if start < 0:
        return None
    name = line.display[key_to_display(line.display, start):key_to_display(line.display, end)].strip(_OUTLET_TRIM)
    return name if plausible_outlet(name) else None


def plausible_outlet(name: str) -> bool:
    """A short name that does not start with a word that never begins an outlet name."""
    words = name.split()
    if not words or len(words) > int(setting("site_name_max_words")) or len(name) > 40:
        return False
    return normalize(words[0]).lower() not in word_set("not_outlet_words")


def _is_date_line(line: Line, verdicts: Verdicts) -> bool:
    """A banner (only a date) or a byline with a date; the first one sets the page date."""
    if is_date_banner(line.tokens, line.key):
        date = read_date(line.key)
        basis = "byline" if starts_with_byline_cue(line.key) else "banner"
    else:
        date = byline_date(line.key, line.words) if not ends_sentence(line.display) else None
        if date is None:
            return False
        basis = "byline"
    if date and verdicts.published is None:
        verdicts.published = PageDate(date, basis)
    return True


def _follow_block(lines: list[Line], header: int, rule: Rule, verdicts: Verdicts) -> int:
    """Mark the lines a block header governs; returns the first line after the block."""
    taken = 0
    j = header + 1
    while j < len(lines):
        line = lines[j]
        if not line.blank:
            if not _belongs_to_block(lines, j, rule, taken):
                break
            own_rule = _line_rule(line)
            verdicts.kinds[j] = own_rule.kind if own_rule else rule.kind
            taken += 1
        j += 1
    return j


def _belongs_to_block(lines: list[Line], j: int, rule: Rule, taken: int) -> bool:
    line = lines[j]
    if rule.follow == "short_lines":
        short = line.words <= rule.follow_max_words and not is_body_like(line)
        return short or _line_rule(line) is not None
    if _line_rule(line) is not None or _block_header(line) is not None:
        return True
    if not is_headline_like(line):
        return False
    following = next_nonblank(lines, j)
    return taken == 0 or following is None or not is_body_like(lines[following])


def next_nonblank(lines: list[Line], i: int) -> int | None:
    """Index of the first non-blank line after ``i``."""
    for j in range(i + 1, len(lines)):
        if not lines[j].blank:
            return j
    return None


def _mark_duplicates(lines: list[Line], verdicts: Verdicts) -> None:
    """A line repeating an earlier kept line (exactly, or nearly and close by) is dropped."""
    seen: dict[str, int] = {}
    recent: list[tuple[int, str]] = []
    window = int(setting("duplicate_window"))
    min_chars, caption_words = int(setting("duplicate_min_chars")), int(setting("duplicate_caption_max_words"))
    for line in lines:
        if not verdicts.kept(line):
            continue
        bare = bare_words(line)
        if len(bare) < min_chars:
            continue
        original = seen.get(bare)
        if original is None and line.words <= caption_words:
            original = _near_duplicate(bare, recent[-window:], line.index, window)
        if original is not None:
            verdicts.kinds[line.index] = _duplicate_kind(line)
            continue
        seen[bare] = line.index
        if line.words <= caption_words:
            recent.append((line.index, bare))


def bare_words(line: Line) -> str:
    """The words of the line's key, lower-cased, one space apart."""
    if len(line.lower) == len(line.key) and _CONTEXT_CASED not in line.key:
        return " ".join(line.tokens)       # the same words, already lower-cased
    return _NON_WORD.sub(" ", line.key).strip().lower()


def _near_duplicate(bare: str, recent: list[tuple[int, str]], index: int, window: int) -> int | None:
    threshold = float(setting("duplicate_similarity"))
    for earlier, text in reversed(recent):
        if index - earlier > 2 * window or abs(len(text) - len(bare)) > (1 - threshold) * max(len(text), len(bare)):
            continue
        if _word_overlap(text, bare) < threshold - 0.2:
            continue
        matcher = SequenceMatcher(None, text, bare, autojunk=False)
        if matcher.quick_ratio() >= threshold and matcher.ratio() >= threshold:
            return earlier
    return None


def _word_overlap(a: str, b: str) -> float:
    """Jaccard overlap of the word sets of ``a`` and ``b`` (a cheap filter before the exact ratio)."""
    wa, wb = set(a.split()), set(b.split())
    return len(wa & wb) / max(1, len(wa | wb))


def _duplicate_kind(line: Line) -> str:
    return "duplicate_caption" if line.words <= int(setting("duplicate_caption_max_words")) else "other"


def _cut_suffixes(lines: list[Line], verdicts: Verdicts) -> None:
    """Suffix rules (trailing hashtags) on kept lines: the text before the suffix stays."""
    for line in lines:
        if not verdicts.kept(line):
            continue
        for rule in rules().suffix:
            match = rule.regex.search(line.key) if rule.may_match(line.lower) else None
            if match and re.search(r"[^\W_]", line.key[:match.start()]):
                verdicts.cuts[line.index] = Cut(key_to_display(line.display, match.start()), rule.kind)
                break
