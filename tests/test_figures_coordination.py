"""rasid.figures.coordination: person nouns joined by و to a toll, and a verb's doer read as a victim."""
from __future__ import annotations

import pytest

from rasid.figures import find_quantities


def figures(text: str) -> list[tuple[int | None, str, str | None]]:
    return [(q.value, q.qualifier, q.category) for q in find_quantities(text)]


@pytest.mark.parametrize(("text", "value", "category"), [
    ("قتل 11 شرطيا ومدنيان في هجوم على مركز أمني", 13, "killed"),            # number + dual
    ("قتل ثمانية جنود وضابط في كمين على الطريق", 9, "killed"),               # number + singular
    ("لقي سائحان فرنسيان وسائقهما حتفهم في الهجوم", 3, "killed"),            # dual + noun with a pronoun
    ("قتل سبعة مهندسين أتراك وسائقهم برصاص مسلحين", 8, "killed"),           # noun with a pronoun
    ("قتل عشرة عمال ومهندس واحد في انفجار المنجم", 11, "killed"),           # singular + واحد
    ("قتل تسعة موظفين وبريطاني آخر في الهجوم على الفندق", 10, "killed"),    # nisba + آخر
    ("أسفر الهجوم عن مقتل ضابط وجنديين اثنين", 3, "killed"),                 # singular + dual + اثنين
    ("مقتل شرطي ومنتسبين اثنين في الهجوم", 3, "killed"),                     # noun + اثنين
    ("استشهد مسعف وأربعة مجندين في القصف", 5, "killed"),                      # singular + counted figure
    ("أصيب 14 شخصا وطفلتان في الانفجار", 16, "injured"),
    ("قتل رجل وطفلاه في القصف", 3, "killed"),                                # construct dual
    ("أدى القصف إلى مقتل امرأة وطفليها", 3, "killed"),
    ("قتل رجل مسن وحفيدته في القصف", None, None),                             # حفيد is not listed: no part
    ("قتلت امرأة حامل وطفلتها في الغارة", 2, "killed"),                       # ة written ت before a pronoun
])
def test_joined_person_nouns_are_parts(text: str, value: int | None, category: str | None) -> None:
    if value is None:
        assert [v for v, _, _ in figures(text)] == [1]
        return
    assert (value, "exact", category) in figures(text)


@pytest.mark.parametrize(("text", "value"), [
    ("قتل 6 جنود والانتحاري في التفجير", 6),        # the attacker is not one more victim
    ("قتل 5 أشخاص وأصيب آخرون", 5),                   # و opens a new clause
    ("قتل 12 شخصا و3 سيارات في الانفجار", 12),        # things are not parts
    ("قتل مسلح ومسلحيه في الاشتباك", 1),              # مسلحيه: his gunmen (plural), not a dual
    ("أسفر الهجوم عن مقتل ثلاثة جنود وجريحين", 3),     # the wounded are not more of the killed
    ("ارتفع عدد الضحايا (+35%) مقارنة بالعام الماضي", None),   # a share
])
def test_not_joined(text: str, value: int | None) -> None:
    killed = [v for v, _, c in figures(text) if c == "killed"]
    assert killed == ([] if value is None else [value])


def test_doer_before_the_object_is_not_a_victim() -> None:
    found = figures("طعن رجل من سكان الحي امرأة حتى الموت")
    assert found == [(1, "exact", "killed")]


def test_singular_subject_alone_is_still_counted() -> None:
    assert (1, "exact", "killed") in figures("قتل جندي في انفجار عبوة ناسفة")


@pytest.mark.parametrize(("text", "value", "category"), [
    ("قتل المدرس برصاص مسلحين أمام المدرسة", 1, "killed"),          # definite singular
    ("قتلوا حارسا عند مدخل السوق", 1, "killed"),                    # accusative singular
    ("قتل مسلحون شرطيا عند مدخل السوق", 1, "killed"),               # past a plural subject
    ("أن شابا طعن شخصين في الشارع", 2, "injured"),                   # stabbing victims are injured
    ("طعن مهاجم ثلاثة أشخاص حتى الموت", 3, "killed"),                # unless they died
    ("فقتلوا أربعة وأصابوا تسعة", 9, "injured"),                     # وأصابوا is a verb, not a noun
])
def test_singulars_and_verbs(text: str, value: int, category: str) -> None:
    assert (value, "exact", category) in figures(text)


def test_dual_of_an_event_noun_is_not_two_people() -> None:
    found = figures("ارتفع عدد ضحايا الانفجارين اللذين هزا المدينة إلى 40 قتيلا")
    assert found == [(40, "exact", "killed")]


@pytest.mark.parametrize("text", [
    "اقتحموا المنازل وذبحوا سكانها بالسكاكين",        # a glued preposition + article: the instrument
    "حكم عليه بالسجن بعد جرائم قتل ارتكبها في سن السادسة عشر",   # عشر of an ordinal
])
def test_not_victim_counts(text: str) -> None:
    assert [v for v, _, c in figures(text) if c == "killed"] == []


@pytest.mark.parametrize(("text", "killed"), [
    ("قتل جميع ركاب البوينغ 777 وعددهم 150 شخصا", [150]),          # a model number
    ("أسفرت الغارة عن مقتل 9 عناصر من الجيش والمسلحين الموالين له", [9]),   # المسلحين: a plural
    ("فتحت الشرطة النار فقتلت المسلحين", []),
    ("أسفر الانفجار عن مقتل الشخصين", [2]),                         # still a dual
])
def test_names_and_definite_plurals(text: str, killed: list[int]) -> None:
    assert [v for v, _, c in figures(text) if c == "killed"] == killed


@pytest.mark.parametrize(("text", "injured"), [
    ("قتل شرطي وأصيب آخر في الهجوم", [1]),
    ("قتل جنديان وجرح ثالث", [1]),
    ("قتل ثلاثة أشخاص وأصيب آخران", [2]),
])
def test_one_more_after_a_trigger(text: str, injured: list[int]) -> None:
    assert [v for v, _, c in figures(text) if c == "injured"] == injured
