"""rasid.events.decide through extract(): anniversaries, reactions and the new attack triggers."""
from __future__ import annotations

import pytest

from rasid.reading import extract


def types(text: str) -> list[str]:
    return [e["type"] for e in extract(text, published="2024-03-10").to_dict()["events"]]


@pytest.mark.parametrize("text", [
    "أحيا السكان الذكرى الخامسة للتفجير الذي استهدف السوق المركزي في المدينة.",
    "تحيي البلاد اليوم ذكرى الهجوم الذي قتل فيه أكثر من مئتي شخص.",                 # even with its old toll
    "أدانت وزارة الخارجية بشدة الهجوم الإرهابي الذي استهدف الكنيسة.",
    "أعلنت الحكومة الحداد العام ثلاثة أيام على أرواح ضحايا التفجير.",
    "بعث الرئيس ببرقية تعزية إلى أسر ضحايا الهجوم على القرية.",
])
def test_commemorations_and_reactions_are_not_attacks(text: str) -> None:
    assert "attack" not in types(text)


def test_a_condemnation_with_its_own_toll_is_still_an_attack() -> None:
    assert "attack" in types("أدانت الأمم المتحدة الهجوم الذي أسفر عن مقتل 12 مدنيا في قرية شمال البلاد أمس.")


@pytest.mark.parametrize("text", [
    "ارتكب مسلحون مجزرة في قرية بشمال البلاد راح ضحيتها 40 قتيلا.",
    "قطع مسلحون رؤوس عشرة قرويين في هجوم ليلي.",
    "استشهد خمسة شبان برصاص قوات الأمن خلال مداهمة في البلدة.",
    "قتل 30 مدنيا على يد مسلحين مجهولين في قرية نائية.",
])
def test_new_attack_triggers(text: str) -> None:
    assert "attack" in types(text)


@pytest.mark.parametrize("text", [
    "وصف المعلقون المباراة بأنها مجزرة بعد خسارة الفريق بستة أهداف.",
    "استشهد الوزير في كلمته بتقرير المنظمة عن الاقتصاد.",
])
def test_ambiguous_new_triggers_need_a_security_context(text: str) -> None:
    assert "attack" not in types(text)


def test_beheading_trigger_alone() -> None:
    assert "attack" in types("قطع مسلحون رؤوس سبعة قرويين في إقليم شمال البلاد.")


@pytest.mark.parametrize("text", [
    "أفرجت عصابة مسلحة عن 9 عمال كانت قد اختطفتهم من منجم قبل أسبوعين.",          # a release
    "يرى محللون أن الهجمات المسلحة في الإقليم ستتواصل بسبب الفراغ الأمني.",          # commentary
    "نفى المتحدث أن يكون الهجوم المزعوم على المطار قد وقع، وقال إن الخبر كاذب.",
    "أكد الجيش أن الهجوم المزعوم على الثكنة لم يحدث.",                             # alleged, did not happen
    "سجلت المنطقة أكثر من 200 هجوم مسلح خلال الصيف، وفق منظمة محلية.",             # a count of attacks
    "فجر اللاعب مفاجأة كبيرة بفوزه على حامل اللقب.",                                # a surprise, not a blast
    "طرح المطرب ألبوما جديدا بعنوان انفجار.",                                        # a title
    "دوى انفجار في ميدان الرماية تبين أنه تفجير متحكم به لذخائر قديمة.",            # controlled detonation
])
def test_more_non_events(text: str) -> None:
    assert "attack" not in types(text)


def test_a_survived_attempt_is_an_attack() -> None:
    assert "attack" in types("نجا محافظ الإقليم من محاولة اغتيال بعد انفجار عبوة ناسفة قرب موكبه أمس.")


@pytest.mark.parametrize("text", [
    "قال خبير أمني إن هجوما بسيارة مفخخة استهدف نقطة مراقبة للجيش في البلدة صباح اليوم.",
    "شنت هيئة تحرير الشام هجوما على مواقع للقوات الحكومية في ريف المحافظة فجر اليوم.",
    "أرسل الجيش تعزيزات إلى البلدة إثر هجوم مسلح على قرية مجاورة فجر اليوم.",
])
def test_experts_and_names_with_release_words_do_not_veto(text: str) -> None:
    assert "attack" in types(text)


@pytest.mark.parametrize("text", [
    "عانت الشابة من أفكار انتحارية منذ سنوات المراهقة.",
    "حذر الخبراء من انفجار الأزمة الاقتصادية في البلاد.",
])
def test_non_violent_collocations(text: str) -> None:
    assert "attack" not in types(text)


@pytest.mark.parametrize("text,is_event", [
    ("قالت الشرطة إن 3 تفجيرات انتحارية وقعت بثلاث كنائس في المدينة أدت إلى مقتل شخصين.", True),   # one coordinated attack
    ("نفذ المسلحون أربع هجمات في المنطقة.", False),                                             # a count of attacks
    ("شن التنظيم أكثر من 300 هجوم في البلاد خلال العام.", False),
])
def test_three_bombings_are_one_coordinated_attack_and_four_a_count(text: str, is_event: bool) -> None:
    assert ("attack" in types(text)) is is_event
