"""Emptying the reading's word caches before the resolution."""
import functools
import types

from rasid.engine.memory import release_word_caches, word_caches


def _fake_module(monkeypatch):
    module = types.ModuleType("rasid._fake_words")

    @functools.lru_cache(maxsize=5000)
    def word_key(word):
        return word.strip("ال")

    @functools.lru_cache(maxsize=1)
    def load_table():
        return {"كتائب": 1}
    module.word_key, module.load_table = word_key, load_table
    monkeypatch.setitem(__import__("sys").modules, "rasid._fake_words", module)
    return module


def test_word_caches_are_emptied_and_loaders_kept(monkeypatch):
    module = _fake_module(monkeypatch)
    module.word_key("الجيش")
    module.word_key("الشرطة")
    module.load_table()
    assert module.word_key in list(word_caches()) and module.load_table not in list(word_caches())
    assert release_word_caches() >= 2
    assert module.word_key.cache_info().currsize == 0 and module.load_table.cache_info().currsize == 1


def test_functions_still_answer_after_release(monkeypatch):
    module = _fake_module(monkeypatch)
    module.word_key("الجيش")
    release_word_caches()
    assert module.word_key("الجيش") == "جيش"


def _install_tagger_module(monkeypatch, load):
    """A stand-in ``rasid.entities.tagger`` whose ``get_tagger`` (an lru loader) calls ``load``."""
    module = types.ModuleType("rasid.entities.tagger")

    @functools.lru_cache(maxsize=1)
    def get_tagger():
        return load()
    module.get_tagger = get_tagger
    monkeypatch.setitem(__import__("sys").modules, "rasid.entities.tagger", module)
    return get_tagger


def _never_loaded():
    raise AssertionError("must not load the tagger")


def test_the_loaded_taggers_feature_cache_is_emptied(monkeypatch):
    tagger = types.SimpleNamespace(features=types.SimpleNamespace(_cache={"الجيش": object()}))
    _install_tagger_module(monkeypatch, lambda: tagger)()
    release_word_caches()
    assert tagger.features._cache == {}


def test_no_tagger_is_loaded_to_release_its_cache(monkeypatch):
    _install_tagger_module(monkeypatch, _never_loaded)
    release_word_caches()


def test_a_loaded_tagger_with_clear_caches_is_asked_to_empty_them(monkeypatch):
    calls = []
    tagger = types.SimpleNamespace(clear_caches=lambda: calls.append("cleared") or 7)
    _install_tagger_module(monkeypatch, lambda: tagger)()
    assert release_word_caches() >= 7 and calls == ["cleared"]


class _Memo:
    def __init__(self):
        self.memo = {"كابل": 1, "بغداد": 2}

    def clear_caches(self):
        dropped = len(self.memo)
        self.memo.clear()
        return dropped


def test_loaded_singletons_with_clear_caches_are_asked_to_empty_them(monkeypatch):
    module = types.ModuleType("rasid._fake_singleton")
    memo = _Memo()

    @functools.lru_cache(maxsize=1)
    def get_memo():
        return memo

    @functools.lru_cache(maxsize=1)
    def never_loaded():
        raise AssertionError("a loader that was never called must not be called by the release")
    module.get_memo, module.never_loaded = get_memo, never_loaded
    monkeypatch.setitem(__import__("sys").modules, "rasid._fake_singleton", module)
    get_memo()
    assert release_word_caches() >= 2
    assert memo.memo == {} and get_memo() is memo


def test_the_knowledge_base_and_lexicon_memos_are_emptied_and_still_answer():
    from rasid.entities.kb import get_kb
    from rasid.events.lexicon import get_lexicon
    kb = get_kb()
    get_lexicon()
    first = kb.link("بغداد")
    kb.find_in_text("انفجار في بغداد وكابل")
    assert kb._link_memo
    release_word_caches()
    assert not kb._link_memo and not kb._can_start
    assert kb.link("بغداد") is first


def test_settle_loaded_heap_freezes_what_is_loaded_and_collects_less_often():
    import gc

    from rasid.engine.memory import READING_GC_THRESHOLD, settle_loaded_heap

    before = gc.get_threshold()
    try:
        kept = [[i] for i in range(1000)]        # long-lived, as loaded data are
        settle_loaded_heap()
        assert gc.get_threshold() == READING_GC_THRESHOLD and gc.get_freeze_count() >= len(kept)
        cycle: list = []
        cycle.append(cycle)                      # cycles made later are still freed
        del cycle
        assert gc.collect() >= 1
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
