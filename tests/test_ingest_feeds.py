"""RSS and Atom feeds: entries as articles, entity declarations refused before parsing."""
import pytest

from rasid.errors import InputError, UnsafeInputError
from rasid.ingest.feeds import FeedEntry, looks_like_feed, parse_feed, refuse_entity_declarations

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>وكالة الأنباء</title><link>https://news.test/</link>
<item><title>مقتل جنديين في هجوم</title><link>https://news.test/a/1</link>
<pubDate>Fri, 22 Mar 2024 10:00:00 +0300</pubDate><author>مراسلنا</author>
<description>&lt;p&gt;قتل جنديان في هجوم على حاجز.&lt;/p&gt;&lt;p&gt;وأصيب ثلاثة آخرون.&lt;/p&gt;&lt;script&gt;x()&lt;/script&gt;</description></item>
<item><title>بلا نص</title><link>https://news.test/a/2</link></item>
<item><title>خبر ثالث</title><description>اعتقال خمسة مشتبه بهم &amp;amp; مصادرة أسلحة</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>موقع الأخبار</title>
<entry><title>انفجار في سوق</title><link href="https://site.test/x"/>
<updated>2024-03-21T08:30:00Z</updated><summary>ملخص قصير</summary>
<content type="html">&lt;div&gt;انفجار في سوق شعبية&lt;br/&gt;أسفر عن سقوط ضحايا&lt;/div&gt;</content></entry>
</feed>"""

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss version="2.0"><channel><title>t</title><item><title>&lol3;</title><description>&lol3;</description></item></channel></rss>"""


def test_rss_entries():
    feed = parse_feed(RSS.encode("utf-8"), "f.rss")
    assert feed.title == "وكالة الأنباء"
    first, second, third = feed.entries
    assert first == FeedEntry(number=1, text="قتل جنديان في هجوم على حاجز.\nوأصيب ثلاثة آخرون.",
                              title="مقتل جنديين في هجوم", url="https://news.test/a/1",
                              published="2024-03-22T07:00:00Z", author="مراسلنا")
    assert isinstance(second, InputError) and second.source == "f.rss:entry 2"
    assert third.text == "اعتقال خمسة مشتبه بهم & مصادرة أسلحة" and third.published is None


def test_atom_prefers_content_over_summary():
    (entry,) = parse_feed(ATOM.encode("utf-8"), "f.atom").entries
    assert entry.text == "انفجار في سوق شعبية\nأسفر عن سقوط ضحايا"
    assert entry.url == "https://site.test/x" and entry.published == "2024-03-21T08:30:00Z"


@pytest.mark.parametrize("encode", [
    lambda s: s.encode("utf-8"),
    lambda s: s.replace('encoding="utf-8"', 'encoding="utf-16"').encode("utf-16"),
    lambda s: s.replace('encoding="utf-8"', 'encoding="utf-16"').encode("utf-16-le"),  # no BOM
])
def test_entity_declarations_refused_in_any_encoding(encode):
    with pytest.raises(UnsafeInputError, match="entities"):
        parse_feed(encode(BILLION_LAUGHS.replace("<?xml version=\"1.0\"?>", '<?xml version="1.0" encoding="utf-8"?>')),
                   "lol.xml")


@pytest.mark.parametrize("xml", [
    '<!DOCTYPE rss [<!ELEMENT rss ANY>]><rss/>',                       # internal subset
    '<!doctype rss [ ]><rss/>',
    '<rss><!ENTITY x SYSTEM "file:///etc/passwd"></rss>',             # external entity
])
def test_dtd_variants_refused(xml):
    with pytest.raises(UnsafeInputError):
        refuse_entity_declarations(xml.encode(), "x.xml")


def test_plain_public_doctype_is_accepted():
    xml = RSS.replace("<rss", '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
                              '"http://my.netscape.com/publish/formats/rss-0.91.dtd">\n<rss', 1)
    assert len(parse_feed(xml.encode("utf-8"), "old.rss").entries) == 3


def test_truncated_feed_yields_no_article():
    feed = parse_feed(b"<rss><channel><item><title>x</title", "cut.rss")
    assert feed.entries and all(isinstance(entry, InputError) for entry in feed.entries)


@pytest.mark.parametrize("data", [
    b"<html><body>not a feed</body></html>",
    b"<?xml version='1.0'?><urlset><url><loc>https://x</loc></url></urlset>",  # a sitemap
    b"\xff\xfe\x00garbage",
])
def test_malformed_or_not_a_feed(data):
    with pytest.raises(InputError):
        parse_feed(data, "bad.xml")


@pytest.mark.parametrize("data,expected", [
    (RSS.encode(), True), (ATOM.encode(), True),
    (b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="x"><item/></rdf:RDF>', True),
    (b"<!DOCTYPE html><html><body>feed</body></html>", False),
    (ATOM.encode("utf-16"), True),
])
def test_looks_like_feed(data, expected):
    assert looks_like_feed(data) is expected
