"""Name keys: how names the knowledge base does not know are matched across articles."""
from __future__ import annotations

import re
from functools import lru_cache

from rasid.resolve.config import load_org_heads
from rasid.text.clitics import strip_proclitics
from rasid.text.normalize import normalize

_WORD = re.compile(r"[\w\u0600-\u06ff]+")
MAX_CACHED_NAMES = 50_000      # words and names whose keys are kept (each cache)


@lru_cache(maxsize=MAX_CACHED_NAMES)
def word_key(word: str) -> str:
    """A word's matching key: normalized, proclitics and article stripped."""
    return strip_proclitics(word)


@lru_cache(maxsize=1)
def head_keys() -> frozenset[str]:
    """The generic organization heads as word keys (كتائب -> its clitic-stripped key)."""
    return frozenset(word_key(h) for h in load_org_heads())


@lru_cache(maxsize=MAX_CACHED_NAMES)
def name_key(name: str, *, drop_heads: bool = True) -> str:
    """A name's key: the keys of its words, generic heads (تنظيم، جماعة) dropped when others remain."""
    words = [word_key(w) for w in _WORD.findall(normalize(name))]
    if drop_heads:
        heads = head_keys()
        kept = [w for w in words if w not in heads]
        words = kept or words
    return " ".join(w for w in words if w)
