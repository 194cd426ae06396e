"""Raw text split into lines, each rendered to its display form with an exact map back to raw.

A line's display form decodes HTML entities, drops control characters, collapses runs of
whitespace (spaces, tabs, NBSP and other Unicode spaces) to one space and trims both ends.
Every piece of the display form remembers the raw range it came from, so the clean text
built from it maps back into ``raw`` exactly.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from functools import lru_cache

from rasid.text.normalize import INVISIBLES, normalize

_LINE_BREAK = re.compile(r"\r\n|[\n\r\u2028\u2029\x85\x0b\x0c]")
# An HTML entity, possibly double-encoded (&amp;quot;), or a run of whitespace or control characters.
_ENTITY = r"&(?:amp;)?(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
# Single ASCII spaces between words stay verbatim; everything else that is blank is special.
_SPECIAL = re.compile(rf"(?P<ent>{_ENTITY})|(?P<ws>[\s\x00-\x08\x0e-\x1f\x7f]{{2,}}|[^\S ]|[\x00-\x08\x0e-\x1f\x7f])")
_EDGE_BLANK = "".join(chr(c) for c in range(0x21) if chr(c).isspace() or c < 0x20) + "\x7f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_WORD = re.compile(r"[^\W_]+")
_WORD_OR_UNDERSCORE = re.compile(r"\w+")        # the same as _WORD on text without '_', and faster
_PRESENTATION = re.compile("[\ufb50-\ufefc]")
SENTENCE_FINAL = ".!"


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of a line's display text and the raw range it stands for."""

    raw_start: int
    raw_end: int
    text: str

    @property
    def verbatim(self) -> bool:
        return self.raw_end - self.raw_start == len(self.text)


@dataclass(slots=True)
class Line:
    """One raw line: content ``raw[start:end]``, its line break ``raw[end:break_end]``.

    ``tokens`` (the lower-cased words of ``key``) are given at construction when cheap to find,
    else computed on first use; ``token_ends`` only when a rule needs a match position.
    """

    index: int
    start: int
    end: int
    break_end: int
    segments: list[Segment] = field(default_factory=list)
    display: str = ""
    key: str = ""
    word_count: int = 0
    _lower: str | None = None
    _tokens: tuple[str, ...] | None = None
    _ends: tuple[int, ...] | None = None

    @property
    def lower(self) -> str:
        if self._lower is None:
            self._lower = self.key.lower()
        return self._lower

    @property
    def tokens(self) -> tuple[str, ...]:
        """Lower-cased words of ``key``."""
        if self._tokens is None:
            self._tokens, self._ends = _token_data(self.key, self.lower)
        return self._tokens

    @property
    def token_ends(self) -> tuple[int, ...]:
        """End offset in ``key`` of each token."""
        if self._ends is None:
            self._tokens, self._ends = _token_data(self.key, self.lower)
        return self._ends

    @property
    def blank(self) -> bool:
        return not self.display

    @property
    def words(self) -> int:
        return self.word_count

    @property
    def content_start(self) -> int:
        """Raw offset of the first displayed character (the line start when blank)."""
        return self.segments[0].raw_start if self.segments else self.start

    @property
    def content_end(self) -> int:
        """Raw offset just after the last displayed character."""
        return self.segments[-1].raw_end if self.segments else self.start


def split_lines(raw: str) -> list[Line]:
    """All lines of ``raw`` (CRLF, CR, LF and Unicode breaks), rendered."""
    lines: list[Line] = []
    changing = _changing_chars_in(raw)
    pos = 0
    for m in _LINE_BREAK.finditer(raw):
        lines.append(render_line(raw, len(lines), pos, m.start(), m.end(), changing))
        pos = m.end()
    if pos < len(raw) or not lines:
        lines.append(render_line(raw, len(lines), pos, len(raw), len(raw), changing))
    return lines


def _changing_chars_in(raw: str) -> tuple[tuple[str, str], ...]:
    """The (character, normalized form) pairs a line of ``raw`` may need.

    Only characters present in ``raw``, unless it holds '&': decoded entities may bring others.
    """
    if "&" in raw:
        return _changing_chars()
    return tuple(pair for pair in _changing_chars() if pair[0] in raw)


def render_line(raw: str, index: int, start: int, end: int, break_end: int,
                changing: tuple[tuple[str, str], ...] | None = None) -> Line:
    """The line ``raw[start:end]`` with its display segments and matching key.

    ``changing`` narrows the characters normalization must look for (see :func:`split_lines`).
    """
    first, last = _content_range(raw, start, end)
    segments = _trim(_segments(raw, first, last))
    display = "".join(s.text for s in segments)
    key = matching_key(display, changing)
    lower = key.lower()
    if len(lower) == len(key):      # lower-casing kept every offset: the words of ``lower`` are the tokens
        tokens = tuple((_WORD if "_" in lower else _WORD_OR_UNDERSCORE).findall(lower))
        return Line(index, start, end, break_end, segments, display, key, len(tokens), lower, tokens)
    return Line(index, start, end, break_end, segments, display, key, len(_WORD.findall(key)), lower)


def _token_data(key: str, lower: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """The lower-cased words of ``key`` and the end offset in ``key`` of each."""
    found = list(_WORD.finditer(lower if len(lower) == len(key) else key))
    return tuple(m.group().lower() for m in found), tuple(m.end() for m in found)


def matching_key(text: str, changing: tuple[tuple[str, str], ...] | None = None) -> str:
    """Exactly ``normalize(text)``, but touching only the characters normalization changes.

    ``changing``: the (character, form) pairs that can occur in ``text`` (default: all of them).
    """
    if _PRESENTATION.search(text):
        return normalize(text)
    for char, form in changing if changing is not None else _changing_chars():
        if char in text:
            text = text.replace(char, form)
    return text


@lru_cache(maxsize=1)
def _changing_chars() -> tuple[tuple[str, str], ...]:
    """(character, normalized form) of every Arabic-block or invisible character normalization changes.

    Forms never contain a changing character, so replacing them one after another equals one pass.
    """
    arabic = [chr(c) for c in range(0x0600, 0x0700) if normalize(chr(c)) != chr(c)]
    return tuple((c, normalize(c)) for c in sorted(set(arabic) | INVISIBLES))


@lru_cache(maxsize=512)
def _key_form(ch: str) -> str:
    return normalize(ch)


def _content_range(raw: str, start: int, end: int) -> tuple[int, int]:
    """``start, end`` moved past blank and control characters at both ends."""
    while start < end and raw[start] in _EDGE_BLANK:
        start += 1
    while end > start and raw[end - 1] in _EDGE_BLANK:
        end -= 1
    return start, end


def _segments(raw: str, start: int, end: int) -> list[Segment]:
    piece = raw[start:end]
    if piece.isprintable() and "&" not in piece and "  " not in piece:
        return [Segment(start, end, piece)] if piece else []     # nothing special: one verbatim piece
    out: list[Segment] = []
    pos = start
    for m in _SPECIAL.finditer(raw, start, end):
        if m.start() > pos:
            out.append(Segment(pos, m.start(), raw[pos:m.start()]))
        out.append(_special_segment(m, out))
        pos = m.end()
    if end > pos:
        out.append(Segment(pos, end, raw[pos:end]))
    return [s for s in out if s.text]


def _special_segment(m: re.Match[str], before: list[Segment]) -> Segment:
    if m.lastgroup == "ent":
        decoded = decode_entity(m.group())
        if not decoded.isspace():
            return Segment(m.start(), m.end(), _CONTROL.sub("", decoded))
    after_space = bool(before) and before[-1].text.endswith(" ")
    return Segment(m.start(), m.end(), "" if after_space else " ")


def decode_entity(entity: str) -> str:
    """``&quot;`` -> ``"``, ``&#1575;`` -> ``ا``, ``&amp;quot;`` -> ``"``; unknown entities unchanged."""
    once = html.unescape(entity)
    if once.startswith("&") and once != entity:
        return html.unescape(once)
    return once


def _trim(segments: list[Segment]) -> list[Segment]:
    """Drop whitespace-only segments at both ends (a space is always its own segment)."""
    lo, hi = 0, len(segments)
    while lo < hi and segments[lo].text.isspace():
        lo += 1
    while hi > lo and segments[hi - 1].text.isspace():
        hi -= 1
    return segments[lo:hi]


def ends_sentence(display: str) -> bool:
    """True when the line ends like a sentence (period, ellipsis, exclamation), quotes aside."""
    stripped = display.rstrip("\"'»”)]* ")
    return bool(stripped) and stripped[-1] in SENTENCE_FINAL and not stripped.endswith("..")


def display_to_raw(line: Line, offset: int) -> int:
    """Raw offset of display ``offset`` within ``line`` (segment start for replaced pieces)."""
    pos = 0
    for seg in line.segments:
        if offset < pos + len(seg.text):
            return seg.raw_start + (offset - pos if seg.verbatim else 0)
        pos += len(seg.text)
    return line.content_end


def key_to_display(display: str, key_offset: int) -> int:
    """Display offset of ``key_offset`` in ``normalize(display)`` (normalization drops marks)."""
    length = 0
    for i, ch in enumerate(display):
        if length >= key_offset:
            return i
        length += _key_length(ch)
    return len(display)


def _key_length(ch: str) -> int:
    return len(_key_form(ch)) if "\ufb50" > ch else len(normalize(ch))
