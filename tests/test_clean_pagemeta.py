"""Site-name line, title suffix, outlet and title."""
import pytest

from rasid.clean.boilerplate import judge_lines
from rasid.clean.lines import split_lines
from rasid.clean.pagemeta import name_key, read_page_head

BODY = "قالت مصادر محلية إن انفجارا استهدف سوقا شعبيا في المدينة وأوقع عددا من القتلى والجرحى بين المدنيين."


def head(raw):
    lines = split_lines(raw)
    verdicts = judge_lines(lines)
    return read_page_head(lines, verdicts), verdicts


@pytest.mark.parametrize("raw,outlet,title", [
    (f"بوابة الشرق\n\nانفجار يهز سوقا شعبيا - بوابة الشرق\n\n{BODY}", "بوابة الشرق", "انفجار يهز سوقا شعبيا"),
    (f"انفجار يهز سوقا شعبيا | Sharq News\n{BODY}", "Sharq News", "انفجار يهز سوقا شعبيا"),
    (f"انفجار يهز سوقا شعبيا - تحليل أولي للحادث\n{BODY}", None, "انفجار يهز سوقا شعبيا - تحليل أولي للحادث"),
    (f"{BODY}\n{BODY[:-1]} ثم انسحب المهاجمون.", None, None),
])
def test_outlet_and_title(raw, outlet, title):
    page, _ = head(raw)
    assert (page.outlet, page.title) == (outlet, title)


def test_short_title_with_outlet_word_is_not_taken_for_a_site_name():
    page, verdicts = head(f"مقتل جنديين اليوم\n{BODY}")
    assert page.outlet is None and page.title == "مقتل جنديين اليوم"
    assert verdicts.kinds[0] is None


def test_name_key_ignores_punctuation_and_case():
    assert name_key("«خليج-نيوز»") == name_key("خليج نيوز") and name_key("Al NEWS") == "al news"
