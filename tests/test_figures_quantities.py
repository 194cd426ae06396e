"""find_quantities: figures with qualifier, counted noun, category, parts; and FigureStage/TimeStage."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasid.doc import ArticleMeta, Document
from rasid.figures import FigureStage, find_quantities
from rasid.text.stage import SegmentStage
from rasid.time import TimeStage


def figure(text: str, value: int | None):
    found = [q for q in find_quantities(text) if q.value == value]
    assert found, [(q.text, q.value, q.qualifier, q.category) for q in find_quantities(text)]
    q = found[0]
    assert text[q.start:q.end] == q.text
    return q


CASES = [
    # text, value, qualifier, category, figure text
    ("أدى الانفجار إلى مقتل 95 شخصاً في المدينة", 95, "exact", "killed", "95"),
    ("أسفر الهجوم عن مقتل ما لا يقل عن 133 شخصاً", 133, "at_least", "killed", "ما لا يقل عن 133"),
    ("وإصابة أكثر من 100 آخرين بجروح", 100, "more_than", "injured", "أكثر من 100"),
    ("لقي ما لا يقل عن 62 شخصا حتفهم في الهجوم", 62, "at_least", "killed", "ما لا يقل عن 62"),
    ("أسفرا عن مقتل قرابة 100 شخص", 100, "nearly", "killed", "قرابة 100"),
    ("قتل ما يقارب 40 مدنيا في القصف", 40, "nearly", "killed", "ما يقارب 40"),
    ("راح ضحيته أكثر من 135 قتيل", 135, "more_than", "killed", "أكثر من 135"),
    ("قتل نحو 50 مسلحا في الاشتباكات", 50, "about", "killed", "نحو 50"),
    ("قتل حوالي 170 مدنيا أفغانيا في المطار", 170, "about", "killed", "حوالي 170"),
    ("قتل زهاء 300 شخص في المجزرة", 300, "about", "killed", "زهاء 300"),
    ("قتل 20 شخصا تقريبا في الهجوم", 20, "about", "killed", None),
    ("قتل على الأقل 12 جنديا في الكمين", 12, "at_least", "killed", "على الأقل 12"),
    ("قتل 12 جنديا على الأقل في الكمين", 12, "at_least", "killed", None),
    ("أصيب ما يزيد عن 30 شخصا في الانفجار", 30, "more_than", "injured", "ما يزيد عن 30"),
    ("اعتقلت الشرطة ما يربو على 200 مشتبه به", 200, "more_than", "arrested", "ما يربو على 200"),
    ("أصيب أزيد من 15 شخصا في المواجهات", 15, "more_than", "injured", "أزيد من 15"),
    ("قتل أقل من 10 أشخاص في الغارة", 10, "less_than", "killed", "أقل من 10"),
    ("قتل أقل بقليل من 100 شخص", 100, "nearly", "killed", "أقل بقليل من 100"),
    ("اعتقلت السلطات ما لا يزيد عن 5 أشخاص", 5, "at_most", "arrested", "ما لا يزيد عن 5"),
    ("قتل 62 قتيلا في الهجوم على الحفل", 62, "exact", "killed", "62"),
    ("أوقع الهجوم 62 قتيلا", 62, "exact", "killed", "62"),
    ("ارتفعت حصيلة القتلى إلى 140 قتيلا و182 جريحا", 182, "exact", "injured", "182"),
    ("ارتفعت حصيلة القتلى إلى 140 قتيلا و182 جريحا", 140, "exact", "killed", "140"),
    ("أسفرت عن اعتقال 19 شخصاً من جنسيات مختلفة", 19, "exact", "arrested", "19"),
    ("كما اعتقل ثمانية أشخاص مرتبطين بالتنظيم", 8, "exact", "arrested", "ثمانية"),
    ("قضت محكمة بسجن أكثر من 30 شخصاً بتهم الإرهاب", 30, "more_than", "sentenced", "أكثر من 30"),
    ("أصدرت المحكمة أحكاما بالسجن على 12 متهما", 12, "exact", "sentenced", "12"),
    ("اختطف مسلحون 25 طالبا من مدرسة", 25, "exact", "kidnapped", "25"),
    ("احتجز المهاجمون 40 رهينة داخل الفندق", 40, "exact", "kidnapped", "40"),
    ("قتل ٣٥ مدنيا في قصف على السوق", 35, "exact", "killed", "٣٥"),
    ("قتل ثلاثة وثلاثون شخصا في الهجوم", 33, "exact", "killed", "ثلاثة وثلاثون"),
    ("أصيب خمسة آلاف شخص خلال الاحتجاجات", 5000, "exact", "injured", "خمسة آلاف"),
    ("أسفر القصف عن مقتل 1,200 شخص", 1200, "exact", "killed", "1,200"),
    ("أسفر القصف عن مقتل ١٬٢٠٠ شخص", 1200, "exact", "killed", "١٬٢٠٠"),
    ("وأسفر التفجير عن مقتل عشرة أشخاص وإصابة عشرين آخرين", 20, "exact", "injured", "عشرين"),
    ("وأسفر التفجير عن مقتل عشرة أشخاص وإصابة عشرين آخرين", 10, "exact", "killed", "عشرة"),
    ("قتل 5 جنود وأصيب 7 آخرون في كمين", 7, "exact", "injured", "7"),
    ("قال الجيش إن 4 جنود قتلوا في الهجوم", 4, "exact", "killed", "4"),
    ("ذكرت الوكالة أن 9 مدنيين لقوا حتفهم", 9, "exact", "killed", "9"),
    ("أودى الانفجار بحياة 18 شخصا", 18, "exact", "killed", "18"),
    ("أعلنت الشرطة توقيف 6 أشخاص يشتبه بتورطهم", 6, "exact", "arrested", "6"),
    ("ألقت قوات الأمن القبض على 11 عنصرا من الخلية", 11, "exact", "arrested", "11"),
    ("استشهد 14 فلسطينيا برصاص الجيش", 14, "exact", "killed", "14"),
    ("أصيب بجروح 3 عناصر من الشرطة", 3, "exact", "injured", "3"),
    ("قتل 7 أشخاص بينهم أطفال", 7, "exact", "killed", "7"),
    ("أسفر الهجوم عن سقوط 23 قتيلا", 23, "exact", "killed", "23"),
    ("قُتل 10 أشخاص في الهجوم", 10, "exact", "killed", "10"),
    ("ارتفع عدد الضحايا إلى 80 شخصا", 80, "exact", "killed", "80"),
    ("أسفر عن مقتل مئة وخمسين شخصا", 150, "exact", "killed", "مئة وخمسين"),
    ("قتل اثنا عشر جنديا في الهجوم", 12, "exact", "killed", "اثنا عشر"),
]


@pytest.mark.parametrize(("text", "value", "qualifier", "category", "span"), CASES)
def test_figures(text: str, value: int, qualifier: str, category: str, span: str | None) -> None:
    q = figure(text, value)
    assert (q.qualifier, q.category) == (qualifier, category)
    if span is not None:
        assert q.text == span


SINGULAR_DUAL = [
    ("أعلن الجيش مقتل جندي في هجوم", 1, "killed", "جندي"),
    ("أسفر الهجوم عن مقتل جنديين", 2, "killed", "جنديين"),
    ("أدى الانفجار إلى إصابة شرطيين", 2, "injured", "شرطيين"),
    ("أسفرت عن مقتل شخصين وإصابة 36 آخرين", 2, "killed", "شخصين"),
    ("أسفر عن اعتقال شخص يشتبه بانتمائه", 1, "arrested", "شخص"),
    ("قتل طفلان في القصف", 2, "killed", "طفلان"),
    ("أعلنت الشرطة مقتل امرأة في الهجوم", 1, "killed", "امرأة"),
    ("اختطاف صحفي في المدينة", 1, "kidnapped", "صحفي"),
]


@pytest.mark.parametrize(("text", "value", "category", "counted"), SINGULAR_DUAL)
def test_singular_and_dual_nouns(text: str, value: int, category: str, counted: str) -> None:
    q = figure(text, value)
    assert (q.category, q.counted, q.qualifier) == (category, counted, "exact")


VAGUE = [
    ("تسبب في سقوط قتلى بالسفارة", "killed"),
    ("أدى إلى وقوع إصابات بين المدنيين", "injured"),
    ("قتل عشرات المدنيين في الغارات", "killed"),
    ("أصيب العشرات في التدافع", "injured"),
    ("اعتقلت قوات الأمن مئات المحتجين", "arrested"),
    ("اختطف مسلحون عشرات الطلاب من المدرسة", "kidnapped"),
    ("قتل عدد من الجنود في الكمين", "killed"),
]


@pytest.mark.parametrize(("text", "category"), VAGUE)
def test_vague_figures(text: str, category: str) -> None:
    q = figure(text, None)
    assert (q.qualifier, q.category) == ("vague", category)


def test_split_figure_with_a_vague_part() -> None:
    q = figure("أدى إلى مقتل 13 جنديا أمريكيا وعشرات المدنيين خلال الإجلاء", 13)
    assert (q.category, q.qualifier) == ("killed", "at_least")
    assert [(p.who, p.value, p.qualifier) for p in q.parts] == [("جنديا أمريكيا", 13, "exact"), ("المدنيين", None, "vague")]


def test_split_figure_with_precise_parts_sums() -> None:
    q = figure("قتل 13 عضوا من القوات الأمريكية وحوالي 170 مدنيا أفغانيا في المطار", 183)
    assert [(p.value, p.qualifier) for p in q.parts] == [(13, "exact"), (170, "about")]
    assert q.qualifier == "about"


def test_two_categories_are_not_parts() -> None:
    found = find_quantities("راح ضحيته أكثر من 135 قتيل وعشرات المصابين")
    assert [(q.value, q.qualifier, q.category) for q in found] == [(135, "more_than", "killed"), (None, "vague", "injured")]


NOT_PEOPLE = [
    ("قتل خمسة أشخاص خلال 3 أيام من القتال", 3),
    ("يبلغ من العمر 25 عاما وقتل في الهجوم", 25),
    ("قتل 4 أشخاص في 3 غارات", 3),
    ("تضمنت المعدات 78 طائرة و40 ألف مركبة", 40000),
    ("بقيمة تقارب 7 مليارات دولار بعد مقتل الجنود", 7000000000),
    ("ارتفعت نسبة القتلى 20 بالمئة", 20),
    ("قتل في الهجوم الذي استمر 6 ساعات", 6),
]


@pytest.mark.parametrize(("text", "value"), NOT_PEOPLE)
def test_measures_are_not_categorized(text: str, value: int) -> None:
    assert figure(text, value).category is None


@pytest.mark.parametrize("text", [
    "قتل في 3 يناير 2024 عدد كبير",
    "في عام 2015 قتل التنظيم",
    "صدر في 14/1/2016 حكم",
])
def test_numbers_inside_dates_are_not_figures(text: str) -> None:
    assert all(q.value not in (3, 2024, 2015, 14, 1, 2016) for q in find_quantities(text))


@pytest.mark.parametrize("text", ["قال أحد المسلحين", "بعض الدول رفضت", "إحدى المدن الكبرى", "الخامس من الشهر"])
def test_no_false_figures(text: str) -> None:
    assert find_quantities(text) == []


def test_spans_with_diacritics() -> None:
    text = "أَسْفَرَ عَنْ مَقْتَلِ ١٣ جُنْدِيًّا"
    q = figure(text, 13)
    assert q.category == "killed" and q.text == "١٣"


def test_start_end_window() -> None:
    text = "قتل 5 أشخاص. وأصيب 7 آخرون."
    found = find_quantities(text, start=13)
    assert [(q.value, q.category) for q in found] == [(7, "injured")]
    assert text[found[0].start:found[0].end] == "7"


def test_stages_fill_the_document() -> None:
    doc = Document.from_text("أعلنت الشرطة أمس مقتل 5 أشخاص في 3 يناير 2024.",
                             ArticleMeta(published="2024-03-24"))
    doc.layers_done.add("text")
    for stage in (SegmentStage(), TimeStage(), FigureStage()):
        stage(doc)
        doc.layers_done |= stage.provides
    assert [d.value for d in doc.dates] == ["2024-03-23", "2024-01-03"]
    assert [(q.value, q.category) for q in doc.quantities] == [(5, "killed")]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789٣ قتلمصرعاصيبةأكثرمنعشراتوجنديينشخصا،.\u064b")), max_size=80))
def test_find_quantities_never_raises_and_spans_inside(text: str) -> None:
    for q in find_quantities(text):
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start:q.end] == q.text


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=80))
def test_find_quantities_never_raises_on_any_text(text: str) -> None:
    for q in find_quantities(text):
        assert 0 <= q.start <= q.end <= len(text)


CLAUSE_CATEGORIES = [
    # the verb after a figure does not categorize it across a coordinated clause (و + verb) or a comma
    ("قتل 12 شخصا وأصيب 30 آخرون في التفجير", 12, "killed"),
    ("قتل 12 شخصا وأصيب 30 آخرون في التفجير", 30, "injured"),
    ("لقي 7 أشخاص حتفهم وجرح 15 في القصف", 7, "killed"),
    ("فقتلوا 11 شخصا واختطفوا آخرين", 11, "killed"),
    ("أصيب 4 جنود، وقتل مدني في الهجوم", 4, "injured"),
    ("وقالت الشرطة إن 20 شخصا قتلوا في الهجوم", 20, "killed"),
    ("قتل ٩ مدنيين وأصيب ١٤ بجروح", 14, "injured"),
]


@pytest.mark.parametrize(("text", "value", "category"), CLAUSE_CATEGORIES)
def test_category_from_the_governing_trigger(text: str, value: int, category: str) -> None:
    assert figure(text, value).category == category


TOLLS = [
    ("قالت اللجنة إن عدد قتلى الهجوم على قاعة الحفلات في ضواحي المدينة ارتفع إلى 115", 115, "killed"),
    ("وارتفع عدد الجرحى الذين نقلوا إلى مستشفيات المدينة والبلدات المجاورة لها إلى 64", 64, "injured"),
]


@pytest.mark.parametrize(("text", "value", "category"), TOLLS)
def test_toll_reaches_back_further(text: str, value: int, category: str) -> None:
    assert figure(text, value).category == category


@pytest.mark.parametrize(("text", "qualifier"), [
    ("أسفر القصف عن مقتل وإصابة العشرات", "vague"),
    ("أدى الانفجار إلى قتل وجرح 20 شخصا", "at_most"),
])
def test_coordinated_triggers_give_both_categories(text: str, qualifier: str) -> None:
    found = find_quantities(text)
    assert sorted(q.category for q in found) == ["injured", "killed"]
    assert {q.qualifier for q in found} == {qualifier}
    assert len({(q.start, q.end) for q in found}) == 1


@pytest.mark.parametrize(("text", "total", "qualifier", "parts"), [
    ("قتل أكثر من 170 أفغانيا و13 جنديا أمريكيا في التفجير", 183, "more_than", [170, 13]),
    ("قتل أربعة جنود أمريكيين وأربعة نيجريين في الكمين", 8, "exact", [4, 4]),
    ("أصيب 5 سوريين و3 لبنانيين في القصف", 8, "exact", [5, 3]),
])
def test_nisba_nouns_join_split_figures(text: str, total: int, qualifier: str, parts: list[int]) -> None:
    q = figure(text, total)
    assert q.qualifier == qualifier
    assert [p.value for p in q.parts] == parts


def test_nisba_alone_is_not_a_part_of_a_measure() -> None:
    found = find_quantities("دمرت الغارة 3 مبان سكنية و5 سيارات")
    assert all(not q.parts for q in found)


def test_trigger_closing_a_figure_is_not_coordinated() -> None:
    found = find_quantities("لقي ما لا يقل عن 62 شخصا حتفهم وأصيب أكثر من 100 آخرين")
    assert [(q.value, q.qualifier, q.category) for q in found] == [(62, "at_least", "killed"),
                                                                   (100, "more_than", "injured")]


FATAL = [
    ("طعن رجل حتى الموت في حي شعبي", [(1, "killed")]),
    ("تعرض شاب للطعن حتى الموت أمام منزله", [(1, "killed")]),
    ("ضربت امرأة حتى الموت", [(1, "killed")]),
    ("طعن مهاجم ثلاثة أشخاص حتى الموت", [(3, "killed")]),        # the counted figure, not the attacker
    ("طعن شرطيين حتى الموت في هجوم", [(2, "killed")]),
    ("أصيب رجل بجروح ثم فارق الحياة", []),                        # no fatal phrase after a victim
    ("نجا رجل من الموت بأعجوبة", []),
]


@pytest.mark.parametrize("text, expected", FATAL)
def test_a_victim_before_a_fatal_phrase_is_killed(text: str, expected: list) -> None:
    found = [(q.value, q.category) for q in find_quantities(text) if q.category == "killed"]
    assert found == expected
