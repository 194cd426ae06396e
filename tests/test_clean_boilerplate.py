"""Line verdicts: lexical rules, blocks, duplicates, suffixes, outlets named in footers."""
import pytest

from rasid.clean.boilerplate import (_cannot_match, _match_end, is_body_like, is_headline_like, judge_lines,
                                     plausible_outlet)
from rasid.clean.patterns import rules
from rasid.clean.lines import split_lines

BODY = "قالت وزارة الداخلية إن قوات الأمن أحبطت مخططا لتفجير سيارة مفخخة قرب مبنى حكومي في العاصمة."


def kinds(raw):
    lines = split_lines(raw)
    return judge_lines(lines).kinds


@pytest.mark.parametrize("footer,outlet", [
    ("للمزيد تابعوا موقع الحدث اليوم على فيسبوك وتويتر", "موقع الحدث اليوم"),
    ("تابعونا على فيسبوك وتويتر", None),
    ("تابعوا آخر الأخبار على تيليجرام", None),
    ("جميع الحقوق محفوظة لـ صحيفة النهار 2024", "صحيفة النهار"),
])
def test_outlet_named_in_footer(footer, outlet):
    lines = split_lines(f"{BODY}\n{footer}")
    verdicts = judge_lines(lines)
    assert verdicts.kinds[1] is not None
    assert (verdicts.outlets[0] if verdicts.outlets else None) == outlet


def test_comment_block_takes_field_labels_not_paragraphs():
    after = "وأكدت الوزارة أن التحقيقات ما زالت جارية لمعرفة الجهة التي تقف وراء المخطط وتحديد شركائها."
    raw = f"{BODY}\nأضف تعليق\nالاسم *\nالبريد الإلكتروني *\nإرسال\n{after}"
    assert kinds(raw) == [None, "comment_form", "comment_form", "comment_form", "comment_form", None]


def test_near_duplicate_caption_is_marked():
    assert kinds("صورة لعناصر الأمن في موقع الانفجار.\nصورة لعناصر الأمن في موقع الانفجار")[1] == "duplicate_caption"


@pytest.mark.parametrize("name,ok", [("الوطن نيوز", True), ("على فيسبوك", False), ("آخر الأخبار", False),
                                     ("اسم طويل جدا من ست كلمات هنا", False)])
def test_plausible_outlet(name, ok):
    assert plausible_outlet(name) is ok


@pytest.mark.parametrize("text,headline,body", [
    ("تفاصيل الهجوم", True, False), (BODY, False, True), ("لماذا روسيا الآن؟", True, False), ("قتل جندي.", False, False),
])
def test_line_shapes(text, headline, body):
    line = split_lines(text)[0]
    assert (is_headline_like(line), is_body_like(line)) == (headline, body)


GATE_LINES = [
    "اقرأ أيضا: مقتل ثلاثة في هجوم", "شارك هذا الخبر على فيسبوك تويتر واتساب", "تابعونا على تويتر",
    "أخبار ذات صلة", "جميع الحقوق محفوظة لموقع الخبر 2024", "الصورة: رويترز", "#سوريا #دمشق",
    "قتل ثلاثة أشخاص في انفجار سيارة مفخخة وسط المدينة صباح اليوم.", "أضف تعليقك", "الاسم", "",
    "https://example.com/news/1", "للمزيد من الأخبار تابعونا عبر تلغرام", "المصدر: وكالات",
]


@pytest.mark.parametrize("text", GATE_LINES)
def test_cheap_gate_never_hides_a_match(text):
    (line,) = split_lines(text)
    every = rules()
    for rule in (*every.line, *every.block):
        if _cannot_match(rule, line):
            assert line.blank or _match_end(rule, line) is None
