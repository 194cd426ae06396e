"""Memory between the phases of a run: the reading's per-word caches are emptied before resolving.

The reading modules memoize per-word work in ``functools.lru_cache`` caches bounded by entry
counts (``MAX_CACHED_WORDS`` and the like, tens of MB together when full). The resolution needs
none of them; emptying them before it lets the resolution reuse that memory instead of adding
its own on top (peak = max of the phases, not their sum). Only caches of ``rasid`` modules with a
bound above ``WORD_CACHE_MIN_SIZE`` are emptied, and the loaded NER tagger's caches: the
``maxsize=1`` loaders of data files and models are kept, so nothing has to be loaded again.
"""
from __future__ import annotations

import functools
import gc
import inspect
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


def loaded_tagger() -> Any | None:
    """The packaged NER tagger if this process loaded it (``get_tagger``), else None; never loads it."""
    module = sys.modules.get("rasid.entities.tagger")
    getter = getattr(module, "get_tagger", None)
    if getter is None or not hasattr(getter, "cache_info") or not getter.cache_info().currsize:
        return None
    return getter()


def tagger_feature_cache() -> dict[str, Any] | None:
    """The word-feature cache of a loaded tagger without ``clear_caches`` (``features._cache``), else None."""
    cache = getattr(getattr(loaded_tagger(), "features", None), "_cache", None)
    return cache if isinstance(cache, dict) else None


def release_tagger_caches() -> int:
    """Empty the loaded tagger's per-word caches (its ``clear_caches()``: the CRF's word features,
    the neural tagger's per-form projections and stems); the entries dropped, 0 if none is loaded."""
    tagger = loaded_tagger()
    clear = getattr(tagger, "clear_caches", None)
    if callable(clear):
        return int(clear())
    features = tagger_feature_cache()
    if features is None:
        return 0
    dropped = len(features)
    features.clear()
    return dropped


def loaded_singletons() -> Iterator[Any]:
    """Objects that ``rasid`` loaders without arguments built once (``lru_cache(maxsize=1)``: the
    knowledge base, the event lexicon, ...), without loading any that is not loaded yet."""
    for name, module in list(sys.modules.items()):
        if not name.startswith(PACKAGE_PREFIX) or module is None:
            continue
        for value in list(vars(module).values()):
            if (isinstance(value, functools._lru_cache_wrapper) and value.cache_info().currsize
                    and value.cache_parameters().get("maxsize") == 1 and _takes_no_arguments(value)):
                yield value()


def _takes_no_arguments(function: Any) -> bool:
    try:
        return not inspect.signature(function).parameters
    except (TypeError, ValueError):      # a builtin without a signature: leave it alone
        return False


def release_singleton_caches() -> int:
    """Call ``clear_caches()`` on every loaded singleton that has one (not the tagger: see
    :func:`release_tagger_caches`); the entries dropped."""
    dropped = 0
    for obj in loaded_singletons():
        clear = getattr(obj, "clear_caches", None)
        if callable(clear) and obj is not loaded_tagger():
            dropped += int(clear())
    return dropped


def release_word_caches() -> int:
    """Empty the word caches (see the module doc), the tagger's and the loaded singletons' memos;
    the entries dropped."""
    dropped = 0
    for cache in word_caches():
        dropped += cache.cache_info().currsize
        cache.cache_clear()
    dropped += release_tagger_caches() + release_singleton_caches()
    gc.collect()
    return dropped


# The cyclic collector during reading. After loading, the process holds some 220,000 tracked
# objects that live as long as it (knowledge base, lexicons, models); every full collection
# walked them all again, and reading allocates a few small objects per token, so collections
# were frequent: 15% of `rasid bench extract` time went to the collector (gc callbacks, 1,000 ANT
# articles). Frozen, those objects are no longer walked; the young generation is collected
# every READING_GC_THRESHOLD[0] allocations instead of 700 (cycles are still freed).
READING_GC_THRESHOLD = (10_000, 20, 20)


def settle_loaded_heap() -> None:
    """Move everything allocated so far out of the collector's scans and collect less often (see
    READING_GC_THRESHOLD). Call once a process has loaded the reading data; idempotent."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*READING_GC_THRESHOLD)
