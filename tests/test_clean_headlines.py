"""Runs of unrelated headlines with no header."""
from rasid.clean.boilerplate import judge_lines
from rasid.clean.headlines import drop_unrelated_headlines
from rasid.clean.lines import split_lines

P1 = "أعلن الجيش أن قواته قتلت عشرة مسلحين في اشتباكات عنيفة قرب الحدود الشمالية خلال عملية أمنية واسعة."
P2 = "وأوضح الجيش في بيان أن المسلحين كانوا يخططون لهجمات على مواقع عسكرية في المنطقة الحدودية."
FOREIGN = ["ارتفاع أسعار الذهب في الأسواق المحلية", "منتخب الشباب يتأهل إلى النهائي القاري", "مهرجان السينما يفتتح دورته الجديدة"]


def verdict_kinds(raw):
    lines = split_lines(raw)
    verdicts = judge_lines(lines)
    drop_unrelated_headlines(lines, verdicts)
    return verdicts.kinds


def test_foreign_run_in_middle_is_removed():
    kinds = verdict_kinds("\n".join([P1, *FOREIGN, P2]))
    assert kinds == [None, "related_headlines", "related_headlines", "related_headlines", None]


def test_two_foreign_lines_in_middle_are_kept():
    assert verdict_kinds("\n".join([P1, *FOREIGN[:2], P2])) == [None] * 4


def test_on_topic_short_lines_are_kept():
    on_topic = ["اشتباكات عنيفة قرب الحدود", "المسلحين في المنطقة الحدودية", "الجيش يعلن عملية أمنية"]
    assert verdict_kinds("\n".join([P1, *on_topic, P2])) == [None] * 5


def test_headlines_before_body_are_never_touched():
    assert verdict_kinds("\n".join([*FOREIGN, P1, P2])) == [None] * 5
