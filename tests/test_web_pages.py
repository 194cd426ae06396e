"""Web pages over a seeded database: content, RTL, English labels, 404s, and escaping everywhere."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from conftest_web import SeededDb, build_db
from rasid.api.app import create_app


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> SeededDb:
    return build_db(str(tmp_path_factory.mktemp("web") / "seed.db"))


@pytest.fixture(scope="module")
def client(seeded: SeededDb):
    with TestClient(create_app(seeded.path, None)) as test_client:
        yield test_client


def page_urls(db: SeededDb) -> list[str]:
    return ["/", f"/events/{db.merged_event}", f"/events/{db.arrest_event}", f"/events/{db.undated_event}",
            "/timeline", "/map", "/profiles", f"/profiles/{db.group_entity}", f"/profiles/{db.group_kb}",
            "/entities", f"/entities/{db.group_entity}", "/articles", f"/articles/{db.article_a}",
            f"/articles/{db.article_c}", "/search?q=الزرقاء", "/search?q=اعتقال", "/discrepancies",
            "/?actor=الريح", "/api/docs"]


class LiveMarkup(HTMLParser):
    """Collects what a browser would execute or load: script/img/iframe tags, on* handlers, javascript: URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "img", "iframe", "object", "embed", "b"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"{tag}[{name}={value}]")


def live_markup(html: str) -> list[str]:
    parser = LiveMarkup()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_every_page_renders_hostile_text_as_text(client, seeded, lang):
    for url in page_urls(seeded):
        sep = "&" if "?" in url else "?"
        response = client.get(url + (f"{sep}lang=en" if lang == "en" else ""))
        assert response.status_code == 200, url
        assert live_markup(response.text) == [], url


@pytest.mark.parametrize("url_of", [
    lambda db: f"/events/{db.arrest_event}", lambda db: f"/articles/{db.article_c}",
    lambda db: f"/profiles/{db.group_entity}", lambda db: "/articles",
])
def test_hostile_text_shows_escaped(client, seeded, url_of):
    html = client.get(url_of(seeded)).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_pages_send_a_strict_content_security_policy(client):
    policy = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in policy and "object-src 'none'" in policy


def test_arabic_pages_are_right_to_left_and_english_switch_changes_chrome(client, seeded):
    arabic = client.get("/").text
    assert '<html lang="ar" dir="rtl">' in arabic and "الأحداث" in arabic
    english = client.get("/?lang=en").text
    assert '<html lang="en" dir="ltr">' in english and ">Events<" in english
    assert 'dir="rtl" lang="ar">الرمادي' in english                    # Arabic content stays RTL
    assert 'href="/events/ev-ramadi000001?lang=en"' in english          # links keep the language


def test_events_table_lists_the_merged_event_with_its_sources(client):
    html = client.get("/").text
    row = html[html.index('href="/events/ev-ramadi000001"'):]
    row = row[:row.index("</tr>")]
    assert "الرمادي" in row and ">2<" in row and "≠" in row and "19" in row


@pytest.mark.parametrize("query, present, absent", [
    ("type=arrest", "ev-zarqa0000002", "ev-ramadi000001"),
    ("country=IQ", "ev-ramadi000001", "ev-zarqa0000002"),
    ("date_from=2025-04-01", "ev-zarqa0000002", "ev-ramadi000001"),
    ("q=الرمادي", "ev-ramadi000001", "ev-zarqa0000002"),
])
def test_event_filters_on_the_page(client, query, present, absent):
    html = client.get(f"/?{query}").text
    assert f"/events/{present}" in html and f"/events/{absent}" not in html


def test_event_page_shows_claims_side_by_side_with_marked_figures(client, seeded):
    html = client.get(f"/events/{seeded.merged_event}").text
    assert html.count('<article class="claim">') == 2
    assert "الأنباء المحلية" in html and "صحيفة المساء" in html
    assert '<mark class="fig fig-killed" title="قتلى">14 شخصا على الأقل</mark>' in html
    assert '<mark class="fig fig-killed" title="قتلى">19 قتيلا</mark>' in html
    assert 'class="discrepancy kind-evolving"' in html and "مصدر في الشرطة" in html
    assert '<tr class="disputed"><th>قتلى</th>' in html


def test_article_page_marks_entities_and_lists_removed_parts(client, seeded):
    html = client.get(f"/articles/{seeded.article_a}").text
    assert '<mark class="ent ent-gpe" title="gpe:ramadi">الرمادي</mark>' in html
    assert '<del class="removed" title="share_links">شارك الخبر: فيسبوك تويتر</del>' in html
    assert html.count('<span class="tag">site_name</span>') == 1


def test_map_draws_countries_and_one_point_per_located_place(client):
    html = client.get("/map").text
    assert html.count('class="event-point"') == 2
    assert html.count("<path d=") > 100
    assert "ev-undated00003" in html                  # listed among events without coordinates


def test_timeline_groups_by_month_with_undated_last(client):
    html = client.get("/timeline").text
    assert html.index("<time>2025-03</time>") < html.index("<time>2025-04</time>") < html.index("بلا تاريخ")


def test_profile_page_lists_items_with_their_articles(client, seeded):
    html = client.get(f"/profiles/{seeded.group_kb}").text
    assert "2019" in html and "200–300" in html and "الأنبار" in html
    assert f'href="/articles/{seeded.article_b}"' in html
    assert "/events/ev-ramadi000001" in html and "/events/ev-zarqa0000002" in html


@pytest.mark.parametrize("url", ["/events/ev-none", "/articles/none", "/profiles/none", "/entities/none", "/nowhere"])
def test_unknown_pages_are_html_404(client, url):
    response = client.get(url)
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
    assert 'dir="rtl"' in response.text


@pytest.mark.parametrize("url", ["/?offset=-1", "/?date_from=nonsense", "/?date_to=2025-02-30"])
def test_bad_page_parameters_are_rejected(client, url):
    assert client.get(url).status_code == 422


def test_empty_form_fields_mean_no_filter(client):
    html = client.get("/?type=arrest&country=&actor=&date_from=&date_to=&q=").text
    assert "/events/ev-zarqa0000002" in html and "/events/ev-ramadi000001" not in html


def test_no_external_resources(client, seeded):
    for url in page_urls(seeded):
        html = client.get(url).text
        assert not re.search(r"(src|href)=\"(https?:)?//", html), url
    assert "@import" not in client.get("/static/style.css").text
