"""Word positions: definiteness, nisba shape, adjective position, locative cues, proclitic trimming."""
import pytest

from rasid.entities.cues import get_cues
from rasid.entities.link import get_rules, words
from rasid.entities.positions import (adjective_position, after_head_and_adjective, demonym_key, is_definite,
                                      locative_before, nisba_shaped, raw_prefix_length, trim_length)


def norms(text):
    return words(text)


@pytest.mark.parametrize("word, definite", [
    ("الجيش", True), ("بالعاصمة", True), ("والقوات", True), ("جيش", False), ("الي", False), ("مدينة", False),
])
def test_is_definite(word, definite):
    assert is_definite(words(word)[0]) is definite


@pytest.mark.parametrize("word, shaped", [
    ("السوري", True), ("العراقية", True), ("الأفغانيين", True), ("سوري", False), ("الجيش", False), ("دبي", False),
])
def test_nisba_shape(word, shaped):
    assert nisba_shaped(words(word)[0], get_cues()) is shaped


@pytest.mark.parametrize("word, key", [
    ("الصومالية", "صوماليه"), ("والعراقيين", "عراقيين"), ("هندي", "هندي"), ("بغداد", None), ("الجيش", None),
])
def test_demonym_key(word, key):
    assert demonym_key(words(word)[0], get_cues()) == key


@pytest.mark.parametrize("text, i, adjective", [
    ("الجيش السوري", 1, True),
    ("القوات العراقية", 1, True),
    ("العاصمة الصومالية", 1, True),
    ("في الناصرية", 1, False),
    ("مدينة الديوانية", 1, False),
    ("المدينة الساحلية اللاذقية", 2, False),
    ("الجيش سوريا", 1, False),
])
def test_adjective_position(text, i, adjective):
    assert adjective_position(norms(text), i, get_rules(), get_cues()) is adjective


@pytest.mark.parametrize("text, i, definite_heads, expected", [
    ("في موسكو", 1, True, True),
    ("قرب الموصل", 1, True, True),
    ("مدينة الموصل", 1, False, True),
    ("العاصمة الصومالية", 1, True, True),
    ("العاصمة الصومالية", 1, False, False),
    ("هجوم موسكو", 1, True, False),
    ("موسكو", 0, True, False),
])
def test_locative_before(text, i, definite_heads, expected):
    assert locative_before(norms(text), i, get_rules(), definite_heads=definite_heads) is expected


def test_place_after_head_and_adjective():
    assert after_head_and_adjective(norms("العاصمة الروسية موسكو"), 2, get_rules(), get_cues())
    assert not after_head_and_adjective(norms("هجوم الروسية موسكو"), 2, get_rules(), get_cues())


KNOWN = {"داعش", "افغانستان", "الامم", "لبنان", "بغداد"}


@pytest.mark.parametrize("word, linked, letters", [
    ("لداعش", True, 1), ("وافغانستان", True, 1), ("لبنان", True, 0), ("ببغداد", True, 1),
    ("للامم", True, 0), ("وللامم", True, 1), ("والحرس", False, 1), ("وليد", False, 0), ("بشار", False, 0),
])
def test_trim_length(word, linked, letters):
    assert trim_length(word, KNOWN, linked=linked) == letters


@pytest.mark.parametrize("raw, letters, expected", [
    ("لداعش", 1, 1), ("لِداعش", 1, 2), ("وبالموصل", 2, 2), ("بغداد", 0, 0),
])
def test_raw_prefix_length_skips_marks(raw, letters, expected):
    assert raw_prefix_length(raw, letters) == expected


@pytest.mark.parametrize("norms, heads, expected", [
    (["قال", "الوزير", "والوزير", "زيد", "الوزير"], frozenset({"الوزير"}), {"الوزير", "والوزير"}),
    (["قال", "للوزير"], {"الوزير": "title"}, {"للوزير"}),
    (["قال", "زيد"], frozenset({"الوزير"}), set()),
    ([], frozenset({"الوزير"}), set()),
])
def test_head_words_among_finds_each_distinct_head_word(norms, heads, expected):
    from rasid.entities.positions import head_words_among, is_head_word
    assert head_words_among(norms, heads) == expected
    assert {n for n in norms if is_head_word(n, heads)} == expected


@pytest.mark.parametrize("text, i, places, expected", [
    ("قتل شخصان في شمالي الضفة الغربية", 3, {4}, True),
    ("قتل شخصان فى شمال الضفة الغربية", 3, {4}, True),
    ("غارات على وجنوبي لبنان", 2, {3}, True),        # behind a clitic
    ("اشتباكات في الشمال السوري", 2, set(), False),  # no place name after it
    ("وصل إلى شمالي", 2, {3}, False),                 # nothing after it
    ("قتل شخصان في الموصل", 3, {4}, False),            # not a direction word
])
def test_a_direction_word_before_a_place_name(text, i, places, expected):
    from rasid.entities.positions import direction_before_place
    assert direction_before_place(norms(text), i, places) is expected


def test_direction_words_come_from_the_linking_data():
    from rasid.entities.positions import direction_words
    assert {"شمال", "شمالي", "جنوب", "غربي", "وسط"} <= direction_words()


def test_head_words_among_memoizes_per_head_set_and_strips_clitics():
    from rasid.entities.positions import _head_memo, head_words_among
    from rasid.text.normalize import normalize

    heads = frozenset({normalize("القائد"), normalize("قائد")})
    norms = [normalize(w) for w in ("وقال", "القائد", "والقائد", "للقائد", "محمد")]
    expected = {normalize(w) for w in ("القائد", "والقائد", "للقائد")}
    assert head_words_among(norms, heads) == expected
    assert head_words_among(norms, heads) == expected
    assert _head_memo(heads)[normalize("محمد")] is False and head_words_among(norms, set(heads)) == expected
