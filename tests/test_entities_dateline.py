"""Wire datelines at the start of an article."""
import pytest

from rasid.entities.cues import get_cues
from rasid.entities.dateline import find_dateline


def dateline(text, places=()):
    def is_place(start, end):
        return text[start:end].strip() in places

    found = find_dateline(text, get_cues().dateline, is_place)
    return None if found is None else text[found.start:found.end]


@pytest.mark.parametrize("text, expected", [
    ("دبي، الإمارات العربية المتحدة (CNN) -- قتل خمسة.", "دبي، الإمارات العربية المتحدة (CNN) --"),
    ("أتلانتا، الولايات المتحدة الأمريكية (CNN)-- شهدت الأسواق تراجعا.", "أتلانتا، الولايات المتحدة الأمريكية (CNN)--"),
    ("(CNN)-- خبيرة الأسواق تشرح.", "(CNN)--"),
    ("(أ ف ب) - قتل خمسة.", "(أ ف ب) -"),
    ("  بغداد - رويترز: قتل خمسة.", "بغداد - رويترز:"),
    ("القاهرة – أ ش أ – أعلنت الوزارة.", "القاهرة – أ ش أ –"),
])
def test_datelines(text, expected):
    assert dateline(text) == expected


def test_place_only_dateline_needs_known_places():
    assert dateline("كابل - قتل خمسة في انفجار.", places={"كابل"}) == "كابل -"
    assert dateline("كابل - قتل خمسة في انفجار.") is None


@pytest.mark.parametrize("text", [
    "دعا الاتحاد الدولي لكرة القدم (فيفا) الأطفال إلى حضور المباراة.",
    "قال الرئيس: لن نتراجع.",
    "أعلنت وزارة الدفاع الأمريكية (البنتاغون) - في بيان - أنها سترسل قوات.",
    "",
])
def test_no_dateline(text):
    assert dateline(text) is None


def test_dateline_only_on_the_first_line():
    assert dateline("قتل خمسة.\nبغداد - رويترز: تفاصيل") is None
