"""Date banners, byline dates and the small page-date reader."""
import pytest

from rasid.clean.lines import split_lines
from rasid.clean.pagedate import byline_date, is_date_banner, read_date


def line(text):
    return split_lines(text)[0]


@pytest.mark.parametrize("text,iso", [
    ("18 سبتمبر 2024", "2024-09-18"), ("سبتمبر 18th, 2024", "2024-09-18"), ("٥ أيلول ٢٠٢٤", "2024-09-05"),
    ("3 يناير/كانون الثاني 2024", "2024-01-03"), ("2024-03-22", "2024-03-22"), ("22/03/2024", "2024-03-22"),
    ("31 فبراير 2024", None), ("في مارس 2024", None), ("March 22, 2024", "2024-03-22"),
])
def test_read_date(text, iso):
    assert read_date(line(text).key) == iso


@pytest.mark.parametrize("text,banner", [
    ("الأربعاء 18 سبتمبر 2024", True), ("• الأربعاء. سبتمبر 18th, 2024", True), ("10:30 ص", True),
    ("الجمعة 15 رمضان 1445 هـ الموافق 22 مارس 2024 م", True), ("آخر تحديث: 22/03/2024 - 10:30", True),
    ("في عام 2014", False), ("الأربعاء الماضي قتل جنديان", False), ("تحذيرات متزايدة", False), ("", False),
])
def test_is_date_banner(text, banner):
    ln = line(text)
    assert is_date_banner(ln.tokens, ln.key) is banner


@pytest.mark.parametrize("text,iso", [
    ("نشر في 3 يناير 2023", "2023-01-03"), ("بتاريخ 2022-07-14 بواسطة محمد علي", "2022-07-14"),
    ("نشر الجيش تعزيزات كبيرة على طول الحدود منذ 12 مارس 2024 بعد سلسلة الهجمات الدامية على القرى", None),
    ("قال الجيش في 3 يناير 2023", None),
])
def test_byline_date(text, iso):
    ln = line(text)
    assert byline_date(ln.key, ln.words) == iso
