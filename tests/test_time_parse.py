"""Dates in Arabic news text: absolute, relative, periods, ranges; spans into the text."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasid.time import parse_dates
from rasid.time.calendar import parse_anchor
from rasid.time.parse import parse_ranges

ANCHOR = date(2024, 3, 24)  # a Sunday


def only(text: str, anchor: date | None = ANCHOR):
    found = parse_dates(text, anchor)
    assert len(found) == 1, [(d.text, d.value) for d in found]
    return found[0]


ABSOLUTE = [
    ("وقع التفجير في 3 يناير 2024 في المدينة", "3 يناير 2024", "2024-01-03", "day"),
    ("في ٣ كانون الثاني ٢٠٢٤ أعلنت الوزارة", "٣ كانون الثاني ٢٠٢٤", "2024-01-03", "day"),
    ("صدر القرار بتاريخ 14/1/2016 عن المحكمة", "14/1/2016", "2016-01-14", "day"),
    ("نشرت الوثيقة 2016-01-14 على موقعها", "2016-01-14", "2016-01-14", "day"),
    ("الجلسة المقررة في 14 - 1 - 2016 أجلت", "14 - 1 - 2016", "2016-01-14", "day"),
    ("في 14.1.2016 وقع الانفجار", "14.1.2016", "2016-01-14", "day"),
    ("في 2019/07/05 وقع الهجوم", "2019/07/05", "2019-07-05", "day"),
    ("وفي فبراير/شباط 2023 شن الجيش حملة", "فبراير/شباط 2023", "2023-02", "month"),
    ("في شباط/فبراير 2023 شن الجيش حملة", "شباط/فبراير 2023", "2023-02", "month"),
    ("خلال يونيو (حزيران) 2022 تصاعدت الهجمات", "يونيو (حزيران) 2022", "2022-06", "month"),
    ("اعتقل في 5 جانفي 2019 بالعاصمة", "5 جانفي 2019", "2019-01-05", "day"),
    ("في 12 فيفري 2020 هاجم مسلحون ثكنة", "12 فيفري 2020", "2020-02-12", "day"),
    ("في 7 أفريل 2018 أعلنت الداخلية", "7 أفريل 2018", "2018-04-07", "day"),
    ("يوم 9 جويلية 2021 قالت النيابة", "9 جويلية 2021", "2021-07-09", "day"),
    ("في 15 أوت 2017 وقع الهجوم", "15 أوت 2017", "2017-08-15", "day"),
    ("في 2 جوان 2016 فككت خلية", "2 جوان 2016", "2016-06-02", "day"),
    ("في 20 ماي 2015 اندلعت اشتباكات", "20 ماي 2015", "2015-05-20", "day"),
    ("في 1 أيار 2015 سقطت قذائف", "1 أيار 2015", "2015-05-01", "day"),
    ("في 30 تشرين الثاني 2019 انفجرت عبوة", "30 تشرين الثاني 2019", "2019-11-30", "day"),
    ("في 25 كانون الأول 2011 هاجم انتحاري كنيسة", "25 كانون الأول 2011", "2011-12-25", "day"),
    ("في 4 آب 2020 دوى انفجار في المرفأ", "4 آب 2020", "2020-08-04", "day"),
    ("في 14 يناير عام 2016، صنفت الخارجية", "14 يناير عام 2016", "2016-01-14", "day"),
    ("في 29 سبتمبر عام 2015 صنفت الوزارة الجماعة", "29 سبتمبر عام 2015", "2015-09-29", "day"),
    ("في السادس من فبراير 2023 ضرب زلزال", "السادس من فبراير 2023", "2023-02-06", "day"),
    ("في الحادي والعشرين من مارس 2019 أعلن التحالف", "الحادي والعشرين من مارس 2019", "2019-03-21", "day"),
    ("في الأول من يوليو 2014 أعلن التنظيم", "الأول من يوليو 2014", "2014-07-01", "day"),
    ("منذ الخامس عشر من أكتوبر 2023 قتل المئات", "الخامس عشر من أكتوبر 2023", "2023-10-15", "day"),
    ("في شهر أغسطس 2021 انسحبت القوات", "شهر أغسطس 2021", "2021-08", "month"),
    ("بتاريخ أغسطس 2021 بدأ الانسحاب", None, "2021-08", "month"),
    ("في أكتوبر 2024 وجهت وزارة العدل اتهامات", "أكتوبر 2024", "2024-10", "month"),
    ("في ١٨ سبتمبر ٢٠٢٤ صدر التقرير", "١٨ سبتمبر ٢٠٢٤", "2024-09-18", "day"),
    ("الأربعاء. سبتمبر 18th, 2024", "سبتمبر 18th, 2024", "2024-09-18", "day"),
    ("في يناير/كانون الثاني 2024 وقع تفجيران", "يناير/كانون الثاني 2024", "2024-01", "month"),
    ("في 3 إبريل 2017 انفجرت قنبلة في المترو", "3 إبريل 2017", "2017-04-03", "day"),
    ("في 11 ديسمبر 2016 فجر انتحاري نفسه", "11 ديسمبر 2016", "2016-12-11", "day"),
]


@pytest.mark.parametrize(("text", "span", "value", "granularity"), ABSOLUTE)
def test_absolute_dates(text: str, span: str | None, value: str, granularity: str) -> None:
    found = [d for d in parse_dates(text, ANCHOR) if d.value == value]
    assert found, [(d.text, d.value) for d in parse_dates(text, ANCHOR)]
    d = found[0]
    assert d.granularity == granularity
    assert text[d.start:d.end] == d.text
    if span is not None:
        assert d.text == span


YEARS = [
    ("نفذ هجمات دامية منذ عام 2015.", "2015", "2015-01-01", "2015-12-31"),
    ("شكل التنظيم في عام 2014 من قبل قيادات", "2014", "2014-01-01", "2014-12-31"),
    ("هاجموا المطار في 2021 خلال الإجلاء", "2021", "2021-01-01", "2021-12-31"),
    ("صدر القانون سنة ٢٠١٦ بعد نقاش", "2016", "2016-01-01", "2016-12-31"),
    ("في العام 2013 ظهرت الجماعة", "2013", "2013-01-01", "2013-12-31"),
    ("ظهر التنظيم أوائل 2015 في الشرق", "2015", "2015-01-01", "2015-04-30"),
    ("تأسس في أواخر عام 2014 من قبل منشقين", "2014", "2014-09-01", "2014-12-31"),
    ("في منتصف 2017 استعادت القوات المدينة", "2017", "2017-05-01", "2017-08-31"),
    ("مع نهاية 2019 انهار التنظيم", "2019", "2019-09-01", "2019-12-31"),
    ("في مطلع 2020 تراجعت الهجمات", "2020", "2020-01-01", "2020-04-30"),
    ("بين عامي 2017 و2018 فقد التنظيم أراضيه", None, "2017-01-01", "2018-12-31"),
    ("في الفترة من 2014 إلى 2016 سيطر التنظيم", None, "2014-01-01", "2016-12-31"),
    ("في أوائل مارس 2024 حذرت السفارة", "2024-03", "2024-03-01", "2024-03-10"),
    ("في أواخر يونيو 2022 شنت القوات هجوما", "2022-06", "2022-06-21", "2022-06-30"),
]


@pytest.mark.parametrize(("text", "value", "earliest", "latest"), YEARS)
def test_years_and_periods(text: str, value: str | None, earliest: str, latest: str) -> None:
    d = only(text)
    assert (d.value, d.earliest, d.latest) == (value, earliest, latest)


RELATIVE = [
    ("قال المتحدث أمس إن القوات تقدمت", "2024-03-23", "day"),
    ("أعلن الجيش أول أمس عن العملية", "2024-03-22", "day"),
    ("وقع الهجوم أول من أمس في السوق", "2024-03-22", "day"),
    ("تعرضت البلدة لقصف عنيف بالأمس", "2024-03-23", "day"),
    ("شهدت المدينة الأمس مواجهات", "2024-03-23", "day"),
    ("أعلنت الشرطة اليوم اعتقال خلية", "2024-03-24", "day"),
    ("شن الطيران غارات فجر اليوم على القرية", "2024-03-24", "day"),
    ("دوت انفجارات الليلة الماضية في العاصمة", "2024-03-23", "day"),
    ("تعقد الجلسة غدا في المحكمة", "2024-03-25", "day"),
    ("وقع الهجوم مساء أمس قرب الحدود", "2024-03-23", "day"),
    ("فتح مسلحون النار الجمعة خلال حفل", "2024-03-22", "day"),
    ("في الهجوم الذي وقع يوم الجمعة قرب العاصمة", "2024-03-22", "day"),
    ("اعتقلت الشرطة يوم الخميس الماضي ثلاثة", "2024-03-21", "day"),
    ("وقالت الوزارة السبت إن التحقيق مستمر", "2024-03-23", "day"),
    ("أعلن الجيش الأحد مقتل قائد", "2024-03-24", "day"),
    ("تبدأ المحاكمة الثلاثاء المقبل", "2024-03-26", "day"),
    ("تصاعدت الهجمات الأسبوع الماضي", "2024-03", "month"),
    ("نفذت القوات عملية الشهر الماضي", "2024-02", "month"),
    ("ارتفعت الهجمات خلال العام الماضي", "2023", "year"),
    ("قتل المئات منذ بداية العام الحالي", "2024", "year"),
    ("وفي وقت سابق من العام الجاري، اعترضت", "2024", "year"),
    ("في السنة الماضية تراجع عدد الهجمات", "2023", "year"),
    ("وقع الهجوم قبل يومين في الضاحية", "2024-03-22", "day"),
    ("اعتقل قبل ثلاثة أيام في المطار", "2024-03-21", "day"),
    ("أطلق سراحه قبل 5 أيام", "2024-03-19", "day"),
    ("اختطف منذ أسبوع قرب الحدود", "2024-03-17", "day"),
    ("اندلعت الاشتباكات قبل شهرين", "2024-01", "month"),
    ("انشق عن التنظيم منذ عامين", "2022", "year"),
    ("في وقت سابق هذا العام أعلنت الحكومة", "2024", "year"),
    ("يتوقع أن تتراجع الهجمات هذا الشهر", "2024-03", "month"),
]


@pytest.mark.parametrize(("text", "value", "granularity"), RELATIVE)
def test_relative_dates_with_anchor(text: str, value: str, granularity: str) -> None:
    d = only(text)
    assert (d.value, d.granularity, d.relative) == (value, granularity, True)


@pytest.mark.parametrize(("text", "weekday"), [
    ("وقع الهجوم الجمعة قرب موسكو", 4),
    ("قال مسؤول يوم الاثنين إن", 0),
    ("أعلنت الشرطة الأربعاء الماضي", 2),
    ("جرت الانتخابات يوم الأحد", 6),
])
def test_weekday_without_anchor_is_kept_unresolved(text: str, weekday: int) -> None:
    d = only(text, None)
    assert (d.value, d.granularity, d.weekday, d.relative) == (None, None, weekday, True)


@pytest.mark.parametrize("text", ["قال أمس", "الأسبوع الماضي", "قبل يومين", "العام الجاري", "في وقت سابق من العام الجاري"])
def test_relative_without_anchor_stays_unresolved(text: str) -> None:
    d = only(text, None)
    assert (d.value, d.granularity, d.earliest, d.relative) == (None, None, None, True)


@pytest.mark.parametrize(("text", "anchor", "value"), [
    ("كشفت هجمات 13 فبراير في المدينة", None, "--02-13"),
    ("في 10 فبراير، صرحت السفيرة", None, "--02-10"),
    ("كشفت هجمات 13 فبراير في المدينة", date(2025, 3, 1), "2025-02-13"),
    ("كشفت هجمات 13 فبراير في المدينة", date(2025, 1, 10), "2024-02-13"),
    ("قالت السفارة يوم 7 مارس إنها تتابع", date(2024, 3, 24), "2024-03-07"),
    ("في مارس أعلن الجهاز إحباط هجوم", date(2024, 6, 1), "2024-03"),
    ("في مارس أعلن الجهاز إحباط هجوم", date(2024, 2, 1), "2023-03"),
    ("في مارس أعلن الجهاز إحباط هجوم", None, "--03"),
])
def test_day_and_month_without_year(text: str, anchor: date | None, value: str) -> None:
    assert only(text, anchor).value == value


def test_coordinated_month_borrows_the_year() -> None:
    found = parse_dates("نفذت السلطات اعتقالات في يوليو وديسمبر من العام الماضي", ANCHOR)
    assert [d.value for d in found] == ["2023-07", "2023-12"]


def test_day_range_and_full_range() -> None:
    assert only("بين 3 و5 مارس 2024 شنت القوات").earliest == "2024-03-03"
    d = only("خلال الفترة من 3 يناير إلى 5 فبراير 2024 اعتقل")
    assert (d.earliest, d.latest) == ("2024-01-03", "2024-02-05")


def test_weekday_with_date_is_one_expression() -> None:
    d = only("وقع الهجوم يوم الجمعة 22 مارس 2024 مساء")
    assert (d.value, d.weekday) == ("2024-03-22", 4)


@pytest.mark.parametrize("text", [
    "قتل 2000 شخص في المعارك",
    "أسفر عن مقتل 19 شخصا",
    "حتى الساعة 10 مساء",
    "اتصلوا على الرقم 0123456789",
    "عام من العمل",
    "الذي مارس التنظيم نشاطه",
    "قال الأب إن ابنه",
    "في اليوم التالي للهجوم",
    "قبل يومين من الهجوم",
    "بموجب القسم 219 من القانون",
    "تضمنت المعدات 78 طائرة",
    "يبلغ من العمر 25 عاما",
])
def test_no_false_dates(text: str) -> None:
    assert parse_dates(text, ANCHOR) == []


@pytest.mark.parametrize("text", ["عام 1445 هـ", "في 15 رمضان 1445 هـ", "في 3 محرم 1446"])
def test_hijri_is_never_read_as_gregorian(text: str) -> None:
    d = only(text)
    assert (d.value, d.granularity) == (None, None)


def test_diacritics_and_variants_keep_spans() -> None:
    text = "وَقَعَ الهُجُومُ فِي ١٤ يَنَايِرَ ٢٠١٦ فِي المدينة"
    d = only(text)
    assert d.value == "2016-01-14"
    assert text[d.start:d.end] == d.text and d.text.startswith("١٤")


def test_start_end_window_offsets_into_text() -> None:
    text = "في 2014 تأسس. وفي عام 2015 أعلن."
    found = parse_dates(text, None, start=14)
    assert [d.value for d in found] == ["2015"]
    assert text[found[0].start:found[0].end] == found[0].text


@pytest.mark.parametrize(("raw", "expected"), [
    ("2024-03-24", date(2024, 3, 24)), ("2024-03-24T10:00:00Z", date(2024, 3, 24)), (None, None), ("", None),
    ("not a date", None),
])
def test_parse_anchor(raw: str | None, expected: date | None) -> None:
    assert parse_anchor(raw) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789٠١٢/-. عامفيينايرمارسأمساليومالجمعةقبليومين\u064b\u0651هـ")), max_size=60),
       st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31))))
def test_never_raises_and_spans_are_inside(text: str, anchor: date | None) -> None:
    for d in parse_dates(text, anchor):
        assert 0 <= d.start < d.end <= len(text)
        assert text[d.start:d.end] == d.text


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=80))
def test_never_raises_on_any_text(text: str) -> None:
    for d in parse_dates(text, ANCHOR):
        assert 0 <= d.start <= d.end <= len(text)


PARAGRAPH_YEAR = [
    ("وقع هجوم في 3 مارس 2021 في المدينة. وفي أبريل قتل 5 جنود.", None, "2021-04"),
    ("وقع هجوم في 3 مارس 2021 في المدينة. وفي أبريل قتل 5 جنود.", date(2024, 1, 10), "2021-04"),
    ("اندلعت المواجهات يوم 5 مايو 2020 ثم تجددت في 7 يونيو.", None, "2020-06-07"),
    ("وقع هجوم في 3 مارس 2021.\nوفي أبريل قتل 5 جنود.", date(2024, 1, 10), "2023-04"),   # another paragraph
    ("قتل القائد في 2019 ثم وقع هجوم في أبريل.", None, "--04"),                      # a bare year lends nothing
]


@pytest.mark.parametrize("text, anchor, expected", PARAGRAPH_YEAR)
def test_a_month_without_year_takes_the_year_of_the_last_full_date_of_its_paragraph(text, anchor, expected) -> None:
    assert parse_dates(text, anchor)[-1].value == expected


@pytest.mark.parametrize(("text", "value"), [
    ("وقع الهجوم في الثالث والعشرين من الشهر الجاري", "2024-05-23"),
    ("اختطف المسلحون الصيادين يوم 3 من الشهر الجاري", "2024-05-03"),
    ("قتل في العاشر من الشهر الماضي", "2024-04-10"),
    ("الحادي والثلاثين من الشهر الماضي", "2024-04"),         # April has 30 days: the month only
])
def test_day_of_a_relatively_named_month(text: str, value: str | None) -> None:
    from datetime import date as _date
    found = [d.value for d in parse_dates(text, _date(2024, 5, 20)) if d.value]
    assert found == ([value] if value else [])


@pytest.mark.parametrize(("text", "late", "value"), [
    ("قصفت الصواريخ فجر الاثنين المدينة", True, "2018-03-26"),
    ("قصفت الصواريخ فجر الاثنين المدينة", False, "2018-03-19"),
    ("قصفت الصواريخ الاثنين الماضي المدينة", True, "2018-03-19"),    # a modifier: not the bare weekday
])
def test_a_bare_weekday_published_late_in_the_utc_day(text: str, late: bool, value: str) -> None:
    found = parse_ranges(text, date(2018, 3, 25), [(0, len(text))], late)
    assert [e.value for e in found] == [value]
