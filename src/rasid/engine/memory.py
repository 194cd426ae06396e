"""Memory between the phases of a run: the reading's per-word caches are emptied before resolving.

The reading modules memoize per-word work in ``functools.lru_cache`` caches bounded by entry
counts (``MAX_CACHED_WORDS`` and the like, tens of MB together when full). The resolution needs
none of them; emptying them before it lets the resolution reuse that memory instead of adding
its own on top (peak = max of the phases, not their sum). Only caches of ``rasid`` modules with a
bound above ``WORD_CACHE_MIN_SIZE`` are emptied, and the loaded NER tagger's word features: the
``maxsize=1`` loaders of data files and models are kept, so nothing has to be loaded again.
"""
from __future__ import annotations

import functools
import gc
import sys
from typing import Any, Iterator

WORD_CACHE_MIN_SIZE = 1024       # smaller lru caches hold data files, patterns or models: kept
PACKAGE_PREFIX = "rasid."


def word_caches() -> Iterator[Any]:
    """The module-level lru caches of loaded ``rasid`` modules bounded above ``WORD_CACHE_MIN_SIZE`` entries."""
    seen: set[int] = set()
    for name, module in list(sys.modules.items()):
        if not name.startswith(PACKAGE_PREFIX) or module is None:
            continue
        for value in list(vars(module).values()):
            if isinstance(value, functools._lru_cache_wrapper) and id(value) not in seen and _is_word_cache(value):
                seen.add(id(value))
                yield value


def _is_word_cache(cache: Any) -> bool:
    maxsize = cache.cache_parameters().get("maxsize")
    return maxsize is not None and maxsize > WORD_CACHE_MIN_SIZE


def tagger_feature_cache() -> dict[str, Any] | None:
    """The word-feature cache of the NER tagger when one is loaded (``Tagger.features._cache``,
    up to ``rasid.entities.features.CACHE_LIMIT`` words of ~3 KB), else None. Read without
    loading anything: a process that never tagged has no such cache."""
    module = sys.modules.get("rasid.entities.tagger")
    getter = getattr(module, "get_tagger", None)
    if getter is None or not hasattr(getter, "cache_info") or not getter.cache_info().currsize:
        return None
    cache = getattr(getattr(getter(), "features", None), "_cache", None)
    return cache if isinstance(cache, dict) else None


def release_word_caches() -> int:
    """Empty the word caches (see the module doc) and the tagger's word features; the entries dropped."""
    dropped = 0
    for cache in word_caches():
        dropped += cache.cache_info().currsize
        cache.cache_clear()
    features = tagger_feature_cache()
    if features is not None:
        dropped += len(features)
        features.clear()
    gc.collect()
    return dropped
