"""Genre: opinion markers, explainer structure, same-day news (invented pages)."""
import pytest

from rasid.clean import clean_document
from rasid.clean.genre import count_day_months_without_year
from rasid.clean.phrases import phrase_words
from rasid.doc import Document

NEWS = """مقتل خمسة جنود في هجوم على حاجز عسكري
قال مصدر أمني إن مسلحين هاجموا حاجزا عسكريا فجر اليوم الأحد في ريف المحافظة وقتلوا خمسة جنود.
وأضاف المصدر في تصريح أن قوات الأمن طاردت المهاجمين واعتقلت اثنين منهم بعد اشتباك قصير.
وكانت المنطقة قد شهدت هجوما مماثلا في 12 مارس أسفر عن مقتل ثلاثة مدنيين."""

ANALYSIS = """من هي جماعة الهلال المسلحة؟
تأسست الجماعة في عام 2009 على يد منشقين عن تنظيم أكبر، وتبنت منذ ذلك الحين أيديولوجية متشددة في المنطقة.
النشأة والجذور
يرى خبراء في شؤون الجماعات المسلحة أن جذور التنظيم تعود إلى شبكات التهريب التي نشطت قبل عام 2005 في المنطقة الحدودية.
مصادر التمويل
وبحسب دراسة لمعهد أبحاث مستقل صدرت عام 2019، تعتمد الجماعة على الخطف والإتاوات لتمويل عملياتها منذ عام 2012.
الانتشار الجغرافي
ويقول باحثون إن الجماعة وسعت نطاق نشاطها بين عامي 2015 و2020 لتشمل ثلاث دول مجاورة على الأقل."""

OPINION = """رأي: لماذا تفشل سياسات مكافحة الإرهاب؟
أعتقد أن المشكلة ليست في نقص القوة العسكرية بل في غياب رؤية سياسية واضحة لمعالجة جذور العنف في المنطقة.
في رأيي، علينا أن نعترف بأن المقاربة الأمنية وحدها لم تحقق ما وعدت به منذ سنوات طويلة.
الآراء الواردة في المقال تعبر عن رأي كاتبها."""


@pytest.mark.parametrize("raw,genre", [(NEWS, "news"), (ANALYSIS, "analysis"), (OPINION, "opinion")])
def test_genre_of_invented_pages(raw, genre):
    doc = Document(raw=raw)
    clean_document(doc)
    assert doc.meta.genre == genre


def test_opinion_disclaimer_alone_marks_opinion():
    doc = Document(raw=NEWS + "\nالمقال يعبر عن رأي كاتبه ولا يعكس بالضرورة موقف الموقع")
    clean_document(doc)
    assert doc.meta.genre == "opinion"


def test_genre_already_known_is_kept():
    doc = Document(raw=OPINION)
    doc.meta.genre = "news"
    clean_document(doc)
    assert doc.meta.genre == "news"


@pytest.mark.parametrize("text,count", [
    ("في 10 فبراير قال المسؤول", 1), ("في العاشر من فبراير قال", 1), ("في 10 فبراير 2024 قال", 0),
    ("في فبراير/شباط 2024", 0), ("وفي 3 مارس ثم 4 أبريل", 2),
])
def test_day_month_without_year(text, count):
    assert count_day_months_without_year(list(phrase_words(text))) == count
