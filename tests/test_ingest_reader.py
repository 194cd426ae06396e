"""iter_articles end to end: every input kind, every kind of bad input, iteration never stops."""
import json
import os
import socket

import httpx
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from rasid.ingest import InputFailure, RawArticle, article_id, iter_articles
from rasid.ingest.fetch import Fetcher

STORY = ("قتل خمسة أشخاص على الأقل وأصيب عشرة آخرون في هجوم مسلح استهدف سوقا شعبية في المدينة. "
         "وقال مصدر أمني إن المهاجمين فروا من المكان وإن قوات الأمن طوقت المنطقة.")
PAGE = f"""<html><head><title>هجوم على سوق - وكالة الخبر</title>
<meta property="og:site_name" content="وكالة الخبر"><meta name="author" content="سامي النجار">
<meta property="article:published_time" content="2024-03-22"></head>
<body><nav>الرئيسية | أخبار</nav><article><h1>هجوم على سوق</h1><p>{STORY}</p><p>{STORY}</p></article></body></html>"""
FEED = f"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>وكالة الخبر</title>
<item><title>هجوم</title><link>https://news.test/1</link><pubDate>Fri, 22 Mar 2024 10:00:00 GMT</pubDate>
<description>&lt;p&gt;{STORY}&lt;/p&gt;</description></item></channel></rss>"""


def _write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return str(path)


def _split(items):
    articles = [i for i in items if isinstance(i, RawArticle)]
    failures = {os.path.basename(f.source): f.reason for f in items if isinstance(f, InputFailure)}
    return articles, failures


def test_every_kind_in_a_folder(tmp_path):
    _write(tmp_path / "a.txt", STORY)
    _write(tmp_path / "b.html", PAGE)
    _write(tmp_path / "c.jsonl", json.dumps({"id": "ext-1", "text": STORY, "published": "2024-03-20",
                                             "outlet": "وكالة", "url": "https://x.test/1"}, ensure_ascii=False))
    _write(tmp_path / "d.csv", f'id,text,title\n7,"{STORY}",عنوان\n')
    _write(tmp_path / "e.rss", FEED)
    articles, failures = _split(list(iter_articles([str(tmp_path)])))
    assert failures == {}
    text, page, row, csv_row, entry = articles
    assert text.raw == STORY and text.meta.source.endswith("a.txt") and text.meta.published is None
    assert text.meta.id == article_id(STORY) and len(text.meta.content_hash) == 64
    assert STORY in page.raw and page.html == PAGE and page.meta.outlet == "وكالة الخبر"
    assert (page.meta.published, page.meta.published_basis, page.meta.author) == ("2024-03-22", "meta", "سامي النجار")
    assert (row.meta.external_id, row.meta.published_basis, row.meta.outlet) == ("ext-1", "caller", "وكالة")
    assert csv_row.meta.external_id == "7" and csv_row.meta.title == "عنوان"
    assert entry.raw == STORY and entry.meta.url == "https://news.test/1" and entry.meta.published_basis == "meta"
    assert text.meta.id == row.meta.id == entry.meta.id                     # same text, same id


@pytest.mark.parametrize("name,data,fragment", [
    ("empty.txt", b"", "empty"),
    ("spaces.txt", b"  \n\t ", "empty"),
    ("nul.txt", b"abc\x00\x00def", "binary"),
    ("latin.txt", "Café crème brûlée à la carte".encode("latin-1"), "cannot decode"),
    ("controls.txt", bytes(range(1, 9)) * 20 + b" text", "binary"),
    ("nested.html", "<div>" * 5000 + "<p>نص</p>" + "</div>" * 5000, "no main text"),
    ("garbage.html", "<<<>>><!-- -->", "no main text"),
    ("lol.xml", '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
                '<rss><channel><item><description>&b;</description></item></channel></rss>', "entities"),
    ("notfeed.xml", "<?xml version='1.0'?><config><value>1</value></config>", "not a readable"),
    ("bad.csv", "name,body\n1,2\n", "header lacks"),
])
def test_bad_files_fail_and_iteration_goes_on(tmp_path, name, data, fragment):
    bad = _write(tmp_path / name, data)
    good = _write(tmp_path / "zz_good.txt", STORY)
    items = list(iter_articles([bad, good]))
    assert len(items) == 2 and isinstance(items[0], InputFailure)
    assert items[0].source == bad and fragment in items[0].reason
    assert isinstance(items[1], RawArticle) and items[1].raw == STORY


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1256"])
def test_text_encodings(tmp_path, encoding):
    path = _write(tmp_path / "a.txt", STORY.encode(encoding))
    (article,) = iter_articles([path])
    assert article.raw == STORY


def test_cp1256_html_page(tmp_path):
    page = PAGE.replace("<head>", '<head><meta charset="windows-1256">')
    (article,) = iter_articles([_write(tmp_path / "a.html", page.encode("cp1256"))])
    assert STORY in article.raw


def test_size_cap(tmp_path):
    path = _write(tmp_path / "big.txt", STORY * 10)
    (failure,) = iter_articles([path], max_bytes=100)
    assert "size cap" in failure.reason


def test_rows_fail_one_by_one(tmp_path):
    path = _write(tmp_path / "in.jsonl", "\n".join([
        json.dumps({"id": "1", "text": STORY}), "{broken", json.dumps({"text": STORY}), json.dumps({"id": "4", "text": STORY})]))
    items = list(iter_articles([path]))
    assert [type(i).__name__ for i in items] == ["RawArticle", "InputFailure", "InputFailure", "RawArticle"]
    assert [i.source for i in items if isinstance(i, InputFailure)] == [f"{path}:line 2", f"{path}:line 3"]


def test_vanished_file(tmp_path):
    first = _write(tmp_path / "a.txt", STORY)
    second = _write(tmp_path / "b.txt", STORY + " وأضاف")
    items = iter_articles([str(tmp_path)])
    assert next(items).meta.source == first
    os.remove(second)
    failure = next(items)
    assert failure == InputFailure(second, "does not exist (or is a broken link): check the path")
    assert list(items) == []


def test_unreadable_file(tmp_path, monkeypatch):
    path = _write(tmp_path / "a.txt", STORY)
    real_open = open

    def guarded_open(file, *args, **kwargs):
        if str(file) == path:
            raise PermissionError(13, "Permission denied", path)
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", guarded_open)
    (failure,) = iter_articles([path])
    assert "permission denied" in failure.reason


def test_symlink_loop_in_folder(tmp_path):
    _write(tmp_path / "in" / "a.txt", STORY)
    os.symlink(tmp_path / "in", tmp_path / "in" / "again")
    items = list(iter_articles([str(tmp_path / "in")]))
    assert isinstance(items[0], RawArticle) and "symlink loop" in items[1].reason


@pytest.fixture
def public_dns(monkeypatch):
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if str(host).endswith("news.test"):
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def test_urls_page_feed_and_refusals(public_dns):
    def handler(request):
        if request.url.path == "/feed":
            return httpx.Response(200, headers={"content-type": "application/rss+xml"}, content=FEED.encode())
        if request.url.path == "/feed-as-text":
            return httpx.Response(200, headers={"content-type": "text/plain"}, content=FEED.encode())
        if request.url.path == "/to-private":
            return httpx.Response(302, headers={"location": "http://10.0.0.5/"})
        return httpx.Response(200, headers={"content-type": "text/html; charset=utf-8"}, content=PAGE.encode())

    fetcher = Fetcher(transport=httpx.MockTransport(handler))
    urls = ["https://www.news.test/page", "https://news.test/feed", "https://news.test/feed-as-text",
            "https://news.test/to-private", "http://127.0.0.1/", "ftp://news.test/"]
    items = list(iter_articles(urls, fetcher=fetcher))
    page, entry, entry_again, *failures = items
    assert STORY in page.raw and page.meta.source == urls[0] and page.meta.url == urls[0] and page.html
    assert entry.raw == STORY and entry.meta.source == urls[1] and entry.meta.url == "https://news.test/1"
    assert entry_again.raw == STORY
    assert [f.source for f in failures] == urls[3:]
    assert "after redirect" in failures[0].reason and "non-public" in failures[1].reason


def test_host_is_the_outlet_when_the_page_names_none(public_dns):
    page = PAGE.replace('<meta property="og:site_name" content="وكالة الخبر">', "").replace(" - وكالة الخبر", "")
    fetcher = Fetcher(transport=httpx.MockTransport(lambda r: httpx.Response(200, content=page.encode())))
    (article,) = iter_articles(["https://www.news.test/a"], fetcher=fetcher)
    assert article.meta.outlet == "news.test"


FRAGMENTS = [b"<rss>", b"<item>", b"<description>", b"</item>", b"<p>", b"&amp;", b"&#0;", "قتل ".encode(),
             b"<![CDATA[", b"]]>", b"<!--", b"{", b'"id":', b'"text":', b",", b"\n", b'"', b"<feed>", b"<entry>",
             b"\xff", b"\x00", b"<?xml version='1.0'?>", b"<!DOCTYPE x>", b"<html><body>", b"<div>" * 40]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(suffix=st.sampled_from([".txt", ".html", ".jsonl", ".csv", ".xml"]),
       parts=st.lists(st.sampled_from(FRAGMENTS), max_size=40))
def test_nothing_escapes_on_generated_garbage(tmp_path, suffix, parts):
    path = _write(tmp_path / f"fuzz{suffix}", b"".join(parts))
    for item in iter_articles([path]):
        assert isinstance(item, (RawArticle, InputFailure))
        if isinstance(item, InputFailure):
            assert item.source.startswith(path) and item.reason and "\n" not in item.reason


def test_truncated_gzip_keeps_rows_before_the_damage(tmp_path):
    import gzip

    rows = "\n".join(json.dumps({"id": str(i), "text": STORY + f" {i}"}) for i in range(200)).encode()
    packed = gzip.compress(rows)
    path = _write(tmp_path / "cut.jsonl.gz", packed[: len(packed) // 2])
    items = list(iter_articles([path]))
    assert isinstance(items[-1], InputFailure) and "gzip" in items[-1].reason
    assert len(items) > 1 and all(isinstance(i, RawArticle) for i in items[:-1])
