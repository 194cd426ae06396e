"""Near-duplicates: the same story re-filed with small edits is found; different stories are not."""
import random

import pytest

from rasid.errors import UsageError
from rasid.ingest.neardup import (
    NUM_BINS, NearDuplicateIndex, estimated_jaccard, exact_jaccard, flag_near_duplicates,
    shingle_hashes, shingle_words, text_signature,
)

SENTENCES = [
    "قتل خمسة أشخاص على الأقل وأصيب عشرة آخرون في هجوم مسلح استهدف سوقا شعبية في المدينة صباح اليوم",
    "وقال مصدر أمني إن مسلحين يستقلون دراجات نارية أطلقوا النار على المتسوقين ثم لاذوا بالفرار",
    "وأضاف المصدر أن قوات الأمن طوقت المنطقة وبدأت عمليات تمشيط واسعة بحثا عن المهاجمين",
    "ولم تعلن أي جهة مسؤوليتها عن الهجوم حتى الآن لكن السلطات رجحت وقوف جماعة مسلحة خلفه",
    "وكانت المنطقة قد شهدت خلال الأشهر الماضية سلسلة هجمات مماثلة أوقعت عشرات القتلى والجرحى",
    "ونقل المصابون إلى مستشفى المدينة حيث وصفت حالة ثلاثة منهم بالخطرة بحسب مصادر طبية",
    "ودان محافظ الإقليم الهجوم ووصفه بالعمل الإرهابي الجبان وتعهد بملاحقة المنفذين وتقديمهم للعدالة",
    "كما أعلنت وزارة الداخلية فتح تحقيق في ملابسات الحادث وتعزيز الإجراءات الأمنية في الأسواق",
    "وأفاد شهود عيان بأن إطلاق النار استمر نحو عشر دقائق قبل أن تصل دوريات الشرطة إلى المكان",
    "وأغلقت المحال التجارية أبوابها في الشوارع المحيطة بالسوق بعد الهجوم مباشرة خشية وقوع هجمات أخرى",
    "وأشار مسؤول محلي إلى أن بين القتلى امرأة وطفلا كانا يتسوقان مع عائلتهما لحظة الهجوم",
    "ويأتي الهجوم بعد أيام من تحذيرات أطلقتها أجهزة الاستخبارات من احتمال استهداف أماكن مزدحمة",
    "وطالب سكان المنطقة الحكومة بنشر مزيد من نقاط التفتيش وتركيب كاميرات مراقبة في مداخل السوق",
    "من جهتها دعت منظمات حقوقية إلى حماية المدنيين ومحاسبة المسؤولين عن تكرار مثل هذه الهجمات",
]
STORY = ". ".join(SENTENCES) + "."
OTHER_STORY = ("أعلنت وزارة الدفاع اعتقال ثلاثة عناصر من خلية متطرفة كانت تخطط لتنفيذ تفجيرات في العاصمة. "
               "وقالت الوزارة في بيان إن العملية جاءت بعد متابعة استخبارية استمرت عدة أسابيع. "
               "وضبطت القوات بحوزة المعتقلين أسلحة خفيفة ومواد تستخدم في صناعة العبوات الناسفة. "
               "وأكد البيان أن التحقيقات جارية لكشف بقية أفراد الخلية ومصادر تمويلها.")


def _story_with(*, replace: dict[int, str] | None = None, footer: str = "") -> str:
    sentences = list(SENTENCES)
    for i, sentence in (replace or {}).items():
        sentences[i] = sentence
    return ". ".join(sentences) + "." + footer


def test_edited_variants_are_above_the_threshold():
    """The edits below keep the exact Jaccard similarity at or above 0.8 (so the index must find them)."""
    for variant in EDITED_VARIANTS:
        assert exact_jaccard(STORY, variant) >= 0.8


EDITED_VARIANTS = [
    STORY,                                                              # identical re-filing
    "قُتِلَ " + STORY[4:],                                               # diacritics
    STORY.replace(".", "،"),                                            # punctuation
    _story_with(footer="\nتابعونا على مواقع التواصل الاجتماعي"),       # a different footer
    _story_with(replace={4: "وتشهد المنطقة منذ سنوات توترا أمنيا متصاعدا"}),  # one sentence changed
]


@pytest.mark.parametrize("variant", EDITED_VARIANTS)
def test_near_duplicate_found(variant):
    index = NearDuplicateIndex()
    assert index.add("art-first", STORY) is None
    assert index.add("art-second", variant) == "art-first"


@pytest.mark.parametrize("different", [
    OTHER_STORY,
    ". ".join(SENTENCES[:3]) + ". " + OTHER_STORY,                      # shares three sentences only
    " ".join(reversed(STORY.split())),                                  # same words, no shared shingle
])
def test_different_story_not_a_duplicate(different):
    index = NearDuplicateIndex()
    index.add("art-first", STORY)
    assert index.add("art-second", different) is None


def test_returns_the_earliest_of_equally_similar():
    index = NearDuplicateIndex()
    index.add("art-a", STORY)
    index.add("art-b", STORY + " ")
    assert index.add("art-c", STORY) == "art-a"
    assert len(index) == 3


def test_readding_an_id_changes_nothing():
    index = NearDuplicateIndex()
    assert index.add("art-a", STORY) is None
    assert index.add("art-a", STORY) is None
    assert len(index) == 1 and "art-a" in index


def test_find_does_not_index():
    index = NearDuplicateIndex()
    index.add("art-a", STORY)
    found = index.find(_story_with(footer=" المصدر: وكالات"))
    assert found is not None and found.id == "art-a" and found.similarity >= 0.8
    assert len(index) == 1


def test_empty_text_is_never_a_duplicate():
    index = NearDuplicateIndex()
    assert index.add("art-empty", "  ...  ") is None
    assert index.add("art-empty-2", "") is None
    assert len(index) == 0


def test_estimate_tracks_exact_jaccard():
    rng = random.Random(3)
    words = STORY.split() + OTHER_STORY.split()
    for _ in range(30):
        a = " ".join(rng.choice(words) for _ in range(300))
        b_words = a.split()
        for _ in range(rng.randrange(0, 40)):
            b_words[rng.randrange(len(b_words))] = rng.choice(words)
        b = " ".join(b_words)
        assert abs(estimated_jaccard(text_signature(a), text_signature(b)) - exact_jaccard(a, b)) < 0.2


def test_signature_shape_and_determinism():
    signature = text_signature(STORY)
    assert len(signature) == NUM_BINS
    assert list(signature) == list(text_signature(STORY))
    assert len(shingle_hashes(shingle_words(STORY))) == len(shingle_words(STORY)) - 4
    assert len(shingle_hashes(["واحد", "اثنان"])) == 1                   # short text: one shingle


def test_threshold_validated():
    with pytest.raises(UsageError):
        NearDuplicateIndex(threshold=1.5)


def test_flag_near_duplicates_sets_meta():
    from rasid.doc import ArticleMeta
    from rasid.ingest.article import InputFailure, make_article

    items = [make_article(STORY, ArticleMeta()), InputFailure("x", "bad"),
             make_article(_story_with(footer=" (أ ف ب)"), ArticleMeta()), make_article(OTHER_STORY, ArticleMeta())]
    flagged = list(flag_near_duplicates(items))
    assert flagged[2].meta.near_duplicate_of == flagged[0].meta.id
    assert flagged[0].meta.near_duplicate_of is None and flagged[3].meta.near_duplicate_of is None
