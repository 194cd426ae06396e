"""HTML pages (trafilatura) and fragments (feed entries) to plain text."""
import pytest

from rasid.errors import InputError
from rasid.ingest.html import extract_page, fragment_text

PARAGRAPHS = [
    "قتل خمسة أشخاص على الأقل وأصيب عشرة آخرون في هجوم مسلح استهدف سوقا شعبية في المدينة صباح اليوم.",
    "وقال مصدر أمني إن المهاجمين فروا من المكان وإن قوات الأمن طوقت المنطقة وبدأت عمليات البحث عنهم.",
    "ولم تعلن أي جهة مسؤوليتها عن الهجوم حتى الآن، فيما فتحت السلطات تحقيقا في الحادث.",
]
PAGE = f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head>
<title>مقتل خمسة في هجوم مسلح - الموقع الإخباري</title>
<meta property="og:site_name" content="الموقع الإخباري">
<meta name="author" content="مراسل الموقع">
<meta property="article:published_time" content="2024-03-22T10:00:00+03:00">
</head><body><nav><a href="/">الرئيسية</a> | <a href="/s">سياسة</a></nav>
<article><h1>مقتل خمسة في هجوم مسلح</h1>{''.join(f'<p>{p}</p>' for p in PARAGRAPHS)}</article>
<footer>جميع الحقوق محفوظة</footer></body></html>"""


def test_page_main_text_and_metadata():
    page = extract_page(PAGE, "p.html")
    for paragraph in PARAGRAPHS:
        assert paragraph in page.text
    assert "الرئيسية" not in page.text
    assert page.title and "مقتل خمسة" in page.title
    assert page.author == "مراسل الموقع"
    assert page.sitename == "الموقع الإخباري"
    assert page.date == "2024-03-22T10:00:00+03:00"


@pytest.mark.parametrize("head,expected", [
    ('<meta property="article:published_time" content="2024-03-22">', "2024-03-22"),
    ('<meta name="pubdate" content="2024-03-22T08:00:00Z">', "2024-03-22T08:00:00+00:00"),
    ('<meta itemprop="datePublished" content="2024-01-02">', "2024-01-02"),
    ('<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", "datePublished": "2023-12-31"}]}</script>',
     "2023-12-31"),
    ('<script type="application/ld+json">{broken</script><meta name="date" content="2024-02-02">', "2024-02-02"),
    ('<meta name="date" content="Fri, 22 Mar 2024 10:00:00 GMT">', "2024-03-22T10:00:00+00:00"),
    ('<meta name="date" content="الجمعة">', None),
    ('<meta name="description" content="2024-03-22">', None),
])
def test_meta_date_sources(head, expected):
    from lxml import html as lxml_html

    from rasid.ingest.html import meta_date

    tree = lxml_html.fromstring(f"<html><head>{head}</head><body><p>وقع الهجوم في 2020-01-01</p></body></html>")
    assert meta_date(tree) == expected


def test_date_in_body_is_not_taken_for_publication_date():
    page = PAGE.replace('<meta property="article:published_time" content="2024-03-22T10:00:00+03:00">', "")
    page = page.replace("<h1>", "<p>وقع الهجوم في 2023-11-05</p><h1>")
    assert extract_page(page, "p.html").date is None


@pytest.mark.parametrize("page", [
    "",
    "<html><head><title>عنوان</title></head><body></body></html>",
    "<<<>>>",
    "<div>" * 5000 + "<p>" + PARAGRAPHS[0] * 3 + "</p>" + "</div>" * 5000,   # nesting deeper than parsers allow
])
def test_pages_without_main_text_fail_cleanly(page):
    with pytest.raises(InputError, match="no main text|malformed"):
        extract_page(page, "bad.html")


def test_malformed_html_still_read():
    broken = f"<html><body><article><p>{PARAGRAPHS[0]}<b>{PARAGRAPHS[1]}<i></p></div></span><p>{PARAGRAPHS[2]}"
    text = extract_page(broken, "broken.html").text
    assert PARAGRAPHS[0].split("،")[0][:30] in text


@pytest.mark.parametrize("fragment,expected", [
    ("نص بسيط &amp; واضح", "نص بسيط & واضح"),
    ("<p>فقرة أولى</p><p>فقرة  ثانية</p>", "فقرة أولى\nفقرة ثانية"),
    ("سطر<br>سطر آخر<br/>", "سطر\nسطر آخر"),
    ("<div>نص<script>alert(1)</script><style>p{}</style></div>", "نص"),
    ("<ul><li>أ</li><li>ب</li></ul>", "أ\nب"),
    ("<p>غير مغلق <b>عريض", "غير مغلق عريض"),
    ("", ""),
])
def test_fragment_text(fragment, expected):
    assert fragment_text(fragment) == expected


def test_entity_declarations_in_html_are_never_expanded():
    declarations = '<!ENTITY a0 "ha">' + "".join(
        f'<!ENTITY a{i} "' + f"&a{i - 1};" * 10 + '">' for i in range(1, 10))
    page = f'<?xml version="1.0"?><!DOCTYPE html [{declarations}]><html><body><article><p>&a9; {PARAGRAPHS[0]}</p>' \
           f'<p>{PARAGRAPHS[1]}</p></article></body></html>'
    text = extract_page(page, "lol.html").text
    assert len(text) < 1000 and "hahaha" not in text
