"""Sentence splitting and tokenization with character offsets into the given text."""
from __future__ import annotations

import re
from functools import lru_cache

from rasid.doc import Span, Token
from rasid.text.normalize import normalize

MAX_CACHED_WORDS = 50_000          # written forms whose normalized form is kept (news vocabulary repeats)

# A sentence ends at . ! ? ؟ ! or a line break; abbreviations are rare in Arabic news, but
# numbers such as 3.5 and dotted dates such as 14.1.2016 must not split.
_SENT_END = re.compile(r"(?:[.!?؟…](?!\d))+[\"'»”)\]]*[ \t]*|\n+")
_TOKEN = re.compile(
    r"\d+(?:[.,/:٫٬]\d+)*"                      # ASCII numbers, decimals, dates like 14/1/2016
    r"|[٠-٩۰-۹]+(?:[.,/:٫٬][٠-٩۰-۹]+)*"           # Arabic-Indic numbers
    r"|[\u0621-\u063a\u0640-\u065f\u0670-\u06d3\u06d5-\u06ef\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff"
    r"\ufb50-\ufdff\ufe70-\ufefc\u200c\u200d]+"  # Arabic words (letters and marks, no punctuation or digits)
    r"|[A-Za-z\u00c0-\u024f]+(?:['’][A-Za-z]+)?"  # Latin words
    r"|\S"                                       # any other single character
)


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentence spans of ``text[start:end]`` (offsets into ``text``), whitespace trimmed."""
    end = len(text) if end is None else end
    spans: list[Span] = []
    pos = start
    for m in _SENT_END.finditer(text, start, end):
        _add_trimmed(text, pos, m.end(), spans)
        pos = m.end()
    _add_trimmed(text, pos, end, spans)
    return spans


def _add_trimmed(text: str, s: int, e: int, out: list[Span]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        out.append(Span(s, e))


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of ``text[start:end]`` with offsets into ``text`` and their normalized form."""
    end = len(text) if end is None else end
    tokens: list[Token] = []
    for m in _TOKEN.finditer(text, start, end):
        word = m.group()
        tokens.append(Token(m.start(), m.end(), word, word_norm(word)))
    return tokens


@lru_cache(maxsize=MAX_CACHED_WORDS)
def word_norm(word: str) -> str:
    """:func:`~rasid.text.normalize.normalize` of one token, cached per written form."""
    return normalize(word)
