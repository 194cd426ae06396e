"""Rule spans from context cues: people after a title, facilities after a facility head word.

- ``الرئيس الأمريكي جو بايدن``, ``المتحدث باسم الخارجية ماثيو ميلر``, ``الخبير كولين كلارك``: a
  title (cues.json ``person_titles``), an optional complement of definite words (الخارجية الأمريكية)
  or listed complement words (باسم), then 2-3 name words -> PER over the name words only.
- ``سوق الشورجة``, ``السفارة الأمريكية``, ``قاعة ألبرت هول`` (when tagged): a facility head
  followed by a definite word or a tagged span -> FAC over head and name. A head followed by a known
  place (مطار كابل) is left to the knowledge base: the place stays the entity (the event module
  places a site without coordinates at the city next to it).

Name words are unknown to the knowledge base, carry no article or proclitic, and are not stop words.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Container, Sequence

from rasid.doc import Token
from rasid.entities.cues import Cues
from rasid.entities.link import word_key_tuple
from rasid.entities.positions import head_words_among, is_definite
from rasid.model import EntityMention
from rasid.text.normalize import strip_diacritics

MAX_COMPLEMENT = 8
APPOSITION_COMMAS = frozenset({"،", ","})
MIN_NAME_WORDS = 2
MAX_NAME_WORDS = 3
MAX_FACILITY_NAME_WORDS = 2
MIN_NAME_LETTERS = 2
RULE_SCORE = 0.6
ARTICLE = "ال"
MAX_CACHED_WORDS = 50_000


@dataclass(frozen=True, slots=True)
class WordView:
    """The tokens of a text with their normalized forms and the known names (first -> last token)."""

    text: str
    tokens: Sequence[Token]
    norms: Sequence[str]
    known: dict[int, int]
    boundaries: frozenset[int]       # token indexes that are punctuation

    @property
    def known_starts(self) -> Container[int]:
        return self.known


def word_view(text: str, tokens: Sequence[Token], norms: Sequence[str], known: dict[int, int]) -> WordView:
    """``known`` maps the first token of every known name to its last token."""
    punct = frozenset(i for i, t in enumerate(tokens) if not t.text[:1].isalnum() and _punctuation(t.text))
    return WordView(text, tokens, norms, dict(known), punct)


@lru_cache(maxsize=MAX_CACHED_WORDS)
def _punctuation(word: str) -> bool:
    """No letter or digit in ``word``."""
    return not any(ch.isalnum() for ch in word)


def _name_word(view: WordView, i: int, cues: Cues) -> bool:
    norm = view.norms[i]
    if i in view.boundaries or i in view.known_starts or not norm.isalpha():
        return False
    if len(norm) < MIN_NAME_LETTERS or is_definite(norm) or norm in cues.name_stop_words:
        return False
    if strip_diacritics(view.tokens[i].text) in cues.name_stop_words_exact:
        return False
    return not any(k in cues.person_titles for k in word_key_tuple(norm))


def _after_complement(view: WordView, i: int, cues: Cues) -> tuple[int, bool]:
    """Index of the first word after the title at ``i`` and its complement, and whether a comma
    closes the complement (المتحدث باسم قوات سوريا الديمقراطية، NAME).

    The complement is made of definite words (الخارجية الأمريكية، لمجلس الأمن), known names and
    the listed complement words (باسم، لدى).
    """
    j = i + 1
    while j < len(view.norms) and j - i <= MAX_COMPLEMENT:
        norm = view.norms[j]
        if j in view.known:
            j = view.known[j] + 1
        elif j not in view.boundaries and (is_definite(norm) or norm in cues.title_complements):
            j += 1
        else:
            break
    if j < len(view.norms) and view.tokens[j].text in APPOSITION_COMMAS and j > i + 1:
        return j + 1, True
    return j, False


def _name_run(view: WordView, j: int, cues: Cues) -> int:
    """Number of name words from ``j`` (connectors such as بن may sit inside)."""
    n = 0
    while j + n < len(view.norms) and n < MAX_NAME_WORDS:
        norm = view.norms[j + n]
        inside = 0 < n and norm in cues.name_connectors
        if not (inside or _name_word(view, j + n, cues)):
            break
        n += 1
    while n and view.norms[j + n - 1] in cues.name_connectors:
        n -= 1
    connected = n == MAX_NAME_WORDS and view.norms[j + 1] in cues.name_connectors
    if n == MAX_NAME_WORDS and not connected and not _boundary_after(view, j + n, cues):
        n -= 1
    return n


def _boundary_after(view: WordView, k: int, cues: Cues) -> bool:
    if k >= len(view.norms) or k in view.boundaries or k in view.known_starts:
        return True
    return any(key in cues.name_stop_words for key in word_key_tuple(view.norms[k]))


def title_persons(view: WordView, cues: Cues) -> list[EntityMention]:
    """PER spans of the name words after every title cue."""
    out: list[EntityMention] = []
    titles = head_words_among(view.norms, cues.person_titles)
    i = 0
    while i < len(view.norms):
        if view.norms[i] not in titles:
            i += 1
            continue
        j, apposition = _after_complement(view, i, cues)
        n = _name_run(view, j, cues) if j < len(view.norms) else 0
        if apposition and not _boundary_after(view, j + n, cues):
            n = 0
        if n >= MIN_NAME_WORDS:
            out.append(_mention(view, j, j + n - 1, "PER"))
            i = j + n
        else:
            i += 1
    return out


def facilities(view: WordView, cues: Cues, tagged: Sequence[EntityMention] = ()) -> list[EntityMention]:
    """FAC spans: a facility head word and the name after it (a definite word or a tagged span)."""
    starts = {t.start: t for t in tagged}
    out: list[EntityMention] = []
    heads = head_words_among(view.norms, cues.facility_head_words)
    for i, norm in enumerate(view.norms[:-1]):
        if norm not in heads or i + 1 in view.known_starts:
            continue
        nxt = view.tokens[i + 1]
        span = starts.get(nxt.start)
        if span is not None:
            out.append(EntityMention(view.tokens[i].start, span.end, view.text[view.tokens[i].start:span.end],
                                     "FAC", None, RULE_SCORE, "rule"))
            continue
        last = _facility_name_end(view, i + 1, cues)
        if last >= i + 1:
            out.append(_mention(view, i, last, "FAC"))
    return out


def _facility_name_end(view: WordView, j: int, cues: Cues) -> int:
    """Last index of the definite name words from ``j`` (none: ``j - 1``)."""
    last = j - 1
    while last + 1 < len(view.norms) and last + 1 - j < MAX_FACILITY_NAME_WORDS:
        k = last + 1
        norm = view.norms[k]
        if (k in view.boundaries or k in view.known_starts or not _written_article(view.tokens[k].text)
                or norm in cues.facility_stop_words):
            break
        last = k
    return last


def _written_article(word: str) -> bool:
    """The word starts with the article as written (ال), not with a hamzated alef (ألمانية)."""
    return strip_diacritics(word).startswith(ARTICLE) and len(word) > 3


def _mention(view: WordView, first: int, last: int, etype: str) -> EntityMention:
    start, end = view.tokens[first].start, view.tokens[last].end
    return EntityMention(start, end, view.text[start:end], etype, None, RULE_SCORE, "rule")
