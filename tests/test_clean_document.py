"""clean_document: boilerplate removal on invented Arabic pages, exact offsets, page facts."""
import pytest
from hypothesis import given, settings, strategies as st

from rasid.clean import clean_document
from rasid.clean.stage import CleanStage
from rasid.doc import ArticleMeta, Document
from rasid.pipeline import CLEAN, RAW
from rasid.text.segment import tokenize

BODY_1 = "قالت الشرطة إن مسلحين هاجموا نقطة تفتيش في شمال المدينة فجر الثلاثاء وقتلوا ثلاثة من عناصرها."
BODY_2 = "وأضافت في بيان أن قوات الأمن طوقت المنطقة وبدأت عملية تمشيط واسعة بحثا عن المهاجمين الفارين."


def cleaned(raw, **meta):
    doc = Document(raw=raw, meta=ArticleMeta(**meta))
    clean_document(doc)
    return doc


def removed_texts(doc):
    return {(r.kind, doc.raw[r.start:r.end]) for r in doc.removed}


@pytest.mark.parametrize("junk,kind", [
    ("تابعونا على فيسبوك وتويتر", "share_links"),
    ("شارك الخبر: فيسبوك | واتساب | تيليجرام", "share_links"),
    ("انضم لقناتنا على تيليجرام", "share_links"),
    ("لمتابعة آخر الأخبار اشترك في قناتنا", "share_links"),
    ("فيسبوك تويتر واتساب", "share_links"),
    ("اترك تعليقاً", "comment_form"),
    ("لن يتم نشر عنوان بريدك الإلكتروني.", "comment_form"),
    ("اقرأ أيضا: الحكومة ترفع أسعار الوقود", "see_also"),
    ("شاهد أيضاً: فيديو لحظة سقوط الطائرة", "see_also"),
    ("#عاجل #العراق #أمن", "hashtags"),
    ("الوسوم: العراق، الموصل، هجوم", "hashtags"),
    ("جميع الحقوق محفوظة © 2024", "other"),
    ("الآراء الواردة في المقال تعبر عن رأي كاتبها", "other"),
    ("الخميس 14 مارس 2024", "date_banner"),
    ("صورة أرشيفية", "caption"),
])
def test_boilerplate_line_is_removed_and_body_kept(junk, kind):
    doc = cleaned(f"{BODY_1}\n{junk}\n{BODY_2}")
    assert (kind, junk) in removed_texts(doc)
    assert BODY_1 in doc.text and BODY_2 in doc.text and junk not in doc.text


@pytest.mark.parametrize("body_line", [
    "تابع المتحدث قائلا إن العملية أسفرت عن مقتل خمسة مسلحين واعتقال اثنين آخرين.",
    "الاسم الحركي للقائد المقتول هو أبو محمد وكان مسؤولا عن التفجيرات الأخيرة في المدينة.",
    "شارك مئات الجنود في العملية التي استمرت ثلاثة أيام في ريف المحافظة الشرقي.",
    "نشر الجيش تعزيزات كبيرة في 12 مارس 2024 على طول الحدود الشمالية للبلاد.",
])
def test_body_lines_that_resemble_boilerplate_are_kept(body_line):
    doc = cleaned(f"{BODY_1}\n{body_line}\n{BODY_2}")
    assert body_line in doc.text
    assert doc.removed == []


def test_related_block_after_header_is_removed():
    raw = (f"{BODY_1}\n{BODY_2}\nأخبار ذات صلة\nارتفاع أسعار الذهب في الأسواق المحلية\nمنتخب الشباب يتأهل إلى النهائي")
    doc = cleaned(raw)
    assert "الذهب" not in doc.text and "منتخب" not in doc.text
    assert doc.text == f"{BODY_1}\n{BODY_2}"
    assert {r.kind for r in doc.removed} == {"related_headlines"}


def test_related_block_stops_at_body_and_keeps_a_subheading_before_it():
    raw = (f"{BODY_1}\nاقرأ أيضا\nارتفاع أسعار الذهب في الأسواق المحلية\nتفاصيل الهجوم\n{BODY_2}")
    doc = cleaned(raw)
    assert "الذهب" not in doc.text
    assert "تفاصيل الهجوم" in doc.text and BODY_2 in doc.text


def test_unrelated_headline_run_at_tail_without_header_is_removed():
    raw = f"{BODY_1}\n{BODY_2}\nارتفاع أسعار الذهب في الأسواق المحلية\nمنتخب الشباب يتأهل إلى النهائي القاري\nمهرجان السينما يفتتح دورته"
    doc = cleaned(raw)
    assert doc.text.strip().endswith("الفارين.")


def test_body_subheadings_are_kept():
    raw = (f"{BODY_1}\n\nتفاصيل الهجوم\n\n{BODY_2}\n\nردود الفعل\n\n"
           "ودانت الحكومة الهجوم ووصفته بأنه عمل إرهابي جبان يستهدف أمن المواطنين واستقرار البلاد.")
    doc = cleaned(raw)
    assert "تفاصيل الهجوم" in doc.text and "ردود الفعل" in doc.text
    assert doc.removed == []


def test_repeated_caption_keeps_first_copy():
    caption = "عناصر من قوات الأمن في موقع الانفجار وسط المدينة."
    doc = cleaned(f"{BODY_1}\n{caption}\n{caption}\n{BODY_2}")
    assert doc.text.count(caption) == 1
    assert [r.kind for r in doc.removed] == ["duplicate_caption"]
    assert doc.removed[0].start == doc.raw.rindex(caption)


def test_site_line_title_suffix_and_outlet():
    raw = f"الوطن نيوز\n\nمقتل ثلاثة جنود في هجوم شمال البلاد - الوطن نيوز\n\n{BODY_1}\n{BODY_2}"
    doc = cleaned(raw)
    assert doc.meta.outlet == "الوطن نيوز"
    assert doc.meta.title == "مقتل ثلاثة جنود في هجوم شمال البلاد"
    assert "الوطن نيوز" not in doc.text
    assert {r.kind for r in doc.removed} == {"site_name"}


def test_outlet_from_follow_footer():
    doc = cleaned(f"{BODY_1}\n{BODY_2}\nتابعوا شبكة الرصد الإخبارية على فيسبوك وتويتر")
    assert doc.meta.outlet == "شبكة الرصد الإخبارية"


def test_meta_already_set_is_kept():
    doc = cleaned(f"الوطن نيوز\n\nعنوان الخبر هنا - الوطن نيوز\n\n{BODY_1}", outlet="مصدر آخر", title="عنوان")
    assert (doc.meta.outlet, doc.meta.title) == ("مصدر آخر", "عنوان")


@pytest.mark.parametrize("banner,iso,basis", [
    ("الأربعاء 18 سبتمبر 2024", "2024-09-18", "banner"),
    ("• الأربعاء. سبتمبر 18th, 2024", "2024-09-18", "banner"),
    ("السبت ٥ تشرين الأول ٢٠٢٤ - 10:30", "2024-10-05", "banner"),
    ("نشر في 3 يناير 2023", "2023-01-03", "byline"),
    ("بتاريخ 2022-07-14", "2022-07-14", "byline"),
])
def test_page_date(banner, iso, basis):
    doc = cleaned(f"{banner}\nعنوان الخبر عن الهجوم\n{BODY_1}")
    assert (doc.meta.published, doc.meta.published_basis) == (iso, basis)
    assert banner not in doc.text


def test_entities_crlf_and_spacing_map_back_exactly():
    raw = "قال&nbsp;&nbsp;المتحدث   &quot;انتهى&quot;\r\nالهجوم&#1575;لأخير\t\tفي  الموصل"
    doc = cleaned(raw)
    assert doc.text == 'قال المتحدث "انتهى"\nالهجومالأخير في الموصل'
    for token in tokenize(doc.text):
        start, end = doc.raw_span(token.start, token.end)
        if token.text.isalpha() and token.text in doc.raw:
            assert doc.raw[start:end] == token.text


def test_trailing_hashtags_are_cut_but_teaser_kept():
    raw = f"عنوان الخبر\nتقرير يكشف تفاصيل الهجوم على المدينة #هجوم #أمن\n{BODY_1}"
    doc = cleaned(raw)
    assert "تقرير يكشف تفاصيل الهجوم على المدينة\n" in doc.text
    assert ("hashtags", " #هجوم #أمن") in removed_texts(doc) or ("hashtags", "#هجوم #أمن") in removed_texts(doc)


def test_clean_stage_declares_layers():
    stage = CleanStage()
    assert (stage.name, stage.requires, stage.provides) == ("clean", frozenset({RAW}), frozenset({CLEAN}))
    doc = Document(raw=f"{BODY_1}\nتابعونا على فيسبوك")
    stage(doc)
    assert doc.text == BODY_1


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("ابت جدر\n\r\t\xa0&#;qu0123456789.:-|•،\u064b") + [
    "&amp;", "&#1575;", "&nbsp;", "&amp;quot;", "تابعونا على فيسبوك", "#وسم", "اقرأ أيضا", "ﻻ", "الأحد 5 مارس 2024"]),
    max_size=120).map("".join))
def test_clean_never_raises_and_offsets_are_exact(raw):
    doc = cleaned(raw)
    for piece in doc.offsets.pieces:
        clean_piece = doc.text[piece.clean_start:piece.clean_end]
        raw_piece = doc.raw[piece.raw_start:piece.raw_end]
        assert 0 <= piece.raw_start <= piece.raw_end <= len(raw)
        if piece.verbatim and clean_piece != raw_piece:
            assert clean_piece.isspace() and raw_piece.isspace()
    for r in doc.removed:
        assert 0 <= r.start < r.end <= len(raw)
    assert doc.meta.genre in ("news", "analysis", "opinion")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_clean_never_raises_on_any_text(raw):
    doc = cleaned(raw)
    for piece in doc.offsets.pieces:
        if piece.verbatim and doc.text[piece.clean_start:piece.clean_end] != doc.raw[piece.raw_start:piece.raw_end]:
            assert doc.text[piece.clean_start:piece.clean_end].isspace()
