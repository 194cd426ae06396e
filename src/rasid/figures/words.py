"""Word patterns and keys shared by the figure readers (folded text)."""
from __future__ import annotations

import re

SENTENCE_STOP = re.compile(r"[.!?؟؛;\n]")
WORD = re.compile(r"[^\W\d_]+|\d+")
NISBA = re.compile(r"\w{2,}(?:ي|يا|يين|يون|يه|يات)")
COMMA = re.compile(r"[,،]")


def word_key(word: str) -> str:
    """A folded word without glued و/ف, ب/ل/ك, the article and a final tanween alef."""
    for clitics in ("وف", "بلك"):
        if len(word) > 3 and word[0] in clitics:
            word = word[1:]
    if word.startswith("لل") and len(word) > 4:
        word = word[2:]
    if word.startswith("ال") and len(word) > 3:
        word = word[2:]
    return word


def without_article(word: str) -> str:
    """A folded word without a leading article (البوينغ -> بوينغ); other letters are kept."""
    return word[2:] if word.startswith("ال") and len(word) > 3 else word
