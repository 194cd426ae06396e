"""REST API over a seeded database: filters, paging, details, errors as JSON, auth, ingest."""
from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from fastapi.testclient import TestClient

from conftest_web import SeededDb, build_db
from rasid.api.app import configured_token, create_app
from rasid.api.ingest import MAX_INGEST_BYTES
from rasid.api.resolution import resolve_in_process
from rasid.errors import StoreError

TOKEN = "test-token-123"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> SeededDb:
    return build_db(str(tmp_path_factory.mktemp("api") / "seed.db"))


@pytest.fixture(scope="module")
def client(seeded: SeededDb):
    with TestClient(create_app(seeded.path, None)) as test_client:
        yield test_client


@pytest.fixture()
def writable(tmp_path):
    db = build_db(str(tmp_path / "w.db"))
    with TestClient(create_app(db.path, TOKEN, resolver=resolve_in_process, resolve_wait=60,
                               ingest_in_child=False)) as test_client:
        yield test_client


def ids(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def test_events_page_shape_and_total(client):
    body = client.get("/api/events").json()
    assert set(body) == {"items", "total", "limit", "offset"}
    assert body["total"] == 3 and body["limit"] == 50 and body["offset"] == 0


@pytest.mark.parametrize("params, expected", [
    ({"type": "arrest"}, ["ev-zarqa0000002"]),
    ({"type": "attack"}, ["ev-ramadi000001"]),
    ({"country": "iq"}, ["ev-ramadi000001"]),
    ({"country": "JO"}, ["ev-zarqa0000002"]),
    ({"actor": "org:test-black-wind"}, ["ev-ramadi000001", "ev-zarqa0000002"]),
    ({"actor": "ent-group0000001"}, ["ev-ramadi000001", "ev-zarqa0000002"]),
    ({"actor": "الريح الاسود"}, ["ev-ramadi000001", "ev-zarqa0000002"]),       # letter variants ignored
    ({"actor": "جماعة أخرى"}, []),
    ({"date_from": "2025-04-01"}, ["ev-zarqa0000002"]),
    ({"date_to": "2025-03-31"}, ["ev-ramadi000001"]),
    ({"date_from": "2025-03-01", "date_to": "2025-04-30"}, ["ev-ramadi000001", "ev-zarqa0000002"]),
    ({"type": "arrest", "country": "IQ"}, []),
])
def test_event_filters(client, params, expected):
    assert ids(client.get("/api/events", params=params)) == expected


def test_event_text_filter_finds_words_of_the_sentences(client):
    assert "ev-ramadi000001" in ids(client.get("/api/events", params={"q": "الرمادي"}))


@pytest.mark.parametrize("limit, offset, expected", [
    (1, 0, ["ev-ramadi000001"]), (1, 1, ["ev-zarqa0000002"]), (2, 2, ["ev-undated00003"]), (5, 3, []),
])
def test_event_paging(client, limit, offset, expected):
    body = client.get("/api/events", params={"limit": limit, "offset": offset}).json()
    assert [e["id"] for e in body["items"]] == expected
    assert (body["total"], body["limit"], body["offset"]) == (3, limit, offset)


@pytest.mark.parametrize("url", [
    "/api/events?limit=0", "/api/events?limit=501", "/api/events?offset=-1", "/api/events?date_from=2025-13-01",
    "/api/events?date_to=yesterday", "/api/events?type=party", "/api/events?country=IRQ", "/api/events?limit=ten",
    "/api/entities?type=PERSON", "/api/discrepancies?kind=big", "/api/search", "/api/search?q=",
])
def test_bad_parameters_are_422_json(client, url):
    response = client.get(url)
    assert response.status_code == 422
    assert response.json()["error"].startswith("bad request parameters")


@pytest.mark.parametrize("url", [
    "/api/events/ev-none", "/api/articles/art-none", "/api/entities/ent-none", "/api/profiles/org:none",
    "/api/no-such-endpoint",
])
def test_unknown_ids_are_404_json(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/json")
    assert "error" in response.json()


def test_event_detail_puts_each_outlet_beside_its_claim(client, seeded):
    event = client.get(f"/api/events/{seeded.merged_event}").json()
    outlets = [m["article_info"]["outlet"] for m in event["mentions"]]
    assert outlets == ["الأنباء المحلية", "صحيفة المساء"]
    assert [m["killed"]["value"] for m in event["mentions"]] == [14, 19]
    assert event["mentions"][1]["article_info"]["published"] == "2025-03-03"
    assert event["discrepancies"][0]["kind"] == "evolving"


def test_article_detail_has_clean_text_removed_parts_and_entities(client, seeded):
    article = client.get(f"/api/articles/{seeded.article_a}").json()
    assert not article["text"].startswith("موقع")
    assert [(r["kind"], r["text"]) for r in article["removed"]] == [
        ("site_name", "موقع الأنباء المحلية | "), ("share_links", "شارك الخبر: فيسبوك تويتر")]
    assert [e["text"] for e in article["entities"]] == ["الرمادي"]
    assert [e["id"] for e in article["events"]] == [seeded.merged_event]


def test_articles_listing_pages(client):
    body = client.get("/api/articles", params={"limit": 2, "offset": 1}).json()
    assert body["total"] == 3 and len(body["items"]) == 2


@pytest.mark.parametrize("key", ["ent-group0000001", "org:test-black-wind"])
def test_entity_and_profile_by_id_or_kb_id(client, key):
    entity = client.get(f"/api/entities/{key}").json()
    assert entity["name_ar"] == "جماعة الريح الأسود"
    assert entity["events"] == ["ev-ramadi000001", "ev-zarqa0000002"]
    profile = client.get(f"/api/profiles/{key}").json()
    assert profile["founded"][0]["value"] == "2019"
    assert profile["events"] == ["ev-ramadi000001", "ev-zarqa0000002"]


@pytest.mark.parametrize("params, count", [({}, 1), ({"type": "ORG"}, 1), ({"type": "PER"}, 0),
                                           ({"q": "الريح"}, 1), ({"q": "black wind"}, 1), ({"q": "قمر"}, 0)])
def test_entity_listing_filters(client, params, count):
    assert client.get("/api/entities", params=params).json()["total"] == count


def test_search_finds_articles_and_events(client, seeded):
    body = client.get("/api/search", params={"q": "الرمادي"}).json()
    assert {hit["article"] for hit in body["articles"]} == {seeded.article_a, seeded.article_b}
    assert seeded.merged_event in [e["id"] for e in body["events"]]


@pytest.mark.parametrize("kind, total", [(None, 1), ("evolving", 1), ("conflict", 0)])
def test_discrepancies_by_kind(client, kind, total):
    params = {"kind": kind} if kind else {}
    assert client.get("/api/discrepancies", params=params).json()["total"] == total


def test_openapi_schema_and_offline_docs(client):
    schema = client.get("/openapi.json").json()
    assert {"/api/events", "/api/events/{event_id}", "/api/ingest", "/api/search"} <= set(schema["paths"])
    docs = client.get("/api/docs").text
    assert "/api/events" in docs and "cdn" not in docs.lower() and "https://" not in docs


def test_readers_are_not_blocked_by_a_running_write(client, seeded):
    writer = sqlite3.connect(seeded.path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("DELETE FROM events")
    try:
        started = time.monotonic()
        assert len(ids(client.get("/api/events"))) == 3       # the committed state, at once
        assert time.monotonic() - started < 5
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_missing_database_is_a_store_error(tmp_path):
    with pytest.raises(StoreError):
        create_app(str(tmp_path / "absent.db"), None)


@pytest.mark.parametrize("given, env, expected", [
    ("abc", None, "abc"), (None, "from-env", "from-env"), (None, None, None), ("  ", "x", None), (None, " ", None),
])
def test_token_from_flag_or_environment(monkeypatch, given, env, expected):
    if env is None:
        monkeypatch.delenv("RASID_TOKEN", raising=False)
    else:
        monkeypatch.setenv("RASID_TOKEN", env)
    assert configured_token(given) == expected


# -- writes -----------------------------------------------------------------------------------
ARTICLE_TEXT = ("قتل ثلاثة جنود في هجوم مسلح على نقطة تفتيش قرب مدينة الموصل مساء الأحد، "
                "بحسب مصادر أمنية.")


def test_ingest_without_configured_token_is_403(client):
    response = client.post("/api/ingest", json={"text": ARTICLE_TEXT})
    assert response.status_code == 403 and "--token" in response.json()["error"]


@pytest.mark.parametrize("header", [None, "Bearer wrong", "Basic " + TOKEN, TOKEN])
def test_ingest_with_missing_or_wrong_token_is_401(writable, header):
    headers = {"Authorization": header} if header else {}
    response = writable.post("/api/ingest", json={"text": ARTICLE_TEXT}, headers=headers)
    assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"
    assert "error" in response.json()


AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.mark.slow
def test_ingest_text_stores_reads_and_is_idempotent(writable):
    body = {"text": ARTICLE_TEXT, "published": "2025-06-01", "outlet": "وكالة الاختبار", "title": "هجوم"}
    first = writable.post("/api/ingest", json=body, headers=AUTH)
    assert first.status_code == 201, first.text
    assert first.json()["resolution"]["ticket_state"] == "done"
    article_id = first.json()["articles"][0]
    assert article_id in {m["article"] for e in writable.get("/api/events").json()["items"] for m in e["mentions"]}
    stored = writable.get(f"/api/articles/{article_id}").json()
    assert stored["outlet"] == "وكالة الاختبار" and stored["read"] is True
    again = writable.post("/api/ingest", json=body, headers=AUTH)
    assert again.status_code == 200 and again.json()["created"] is False
    assert writable.get("/api/articles").json()["total"] == 4


@pytest.mark.slow
def test_ingest_file_upload(writable):
    files = {"file": ("report.txt", ARTICLE_TEXT.encode("utf-8"), "text/plain")}
    response = writable.post("/api/ingest", files=files, headers=AUTH)
    assert response.status_code == 201, response.text
    assert writable.get(f"/api/articles/{response.json()['articles'][0]}").json()["source"] == "report.txt"


@pytest.mark.parametrize("kwargs, status, words", [
    ({"json": {"text": ARTICLE_TEXT, "published": "last week"}}, 422, "ISO date"),
    ({"json": {}}, 422, "nothing to ingest"),
    ({"json": {"text": "   "}}, 422, "no text"),
    ({"json": {"text": 5}}, 422, "bad JSON body"),
    ({"content": b"{not json", "headers": {"Content-Type": "application/json"}}, 422, "bad JSON body"),
    ({"json": {"url": "ftp://example.com/a"}}, 422, "http"),
    ({"json": {"url": "http://127.0.0.1:9/article"}}, 422, "127.0.0.1"),
    ({"json": {"url": "http://10.1.2.3/article"}}, 422, "10.1.2.3"),
    ({"content": ARTICLE_TEXT.encode(), "headers": {"Content-Type": "text/plain"}}, 415, "application/json"),
    ({"files": {"file": ("tool.exe", b"MZ...", "application/octet-stream")}}, 422, ".txt or .html"),
    ({"files": {"other": ("a.txt", b"x", "text/plain")}}, 422, "'file'"),
])
def test_ingest_refuses_bad_input_with_a_clear_message(writable, kwargs, status, words):
    headers = {**AUTH, **kwargs.pop("headers", {})}
    response = writable.post("/api/ingest", headers=headers, **kwargs)
    assert response.status_code == status, response.text
    assert words in response.json()["error"]


def test_ingest_refuses_a_body_over_the_limit(writable):
    big = b'{"text": "' + b"a" * (MAX_INGEST_BYTES + 10) + b'"}'
    response = writable.post("/api/ingest", content=big, headers={**AUTH, "Content-Type": "application/json"})
    assert response.status_code == 413 and "bytes" in response.json()["error"]


def test_concurrent_reads_from_many_threads(client):
    results: list[int] = []
    def fetch() -> None:
        results.append(client.get("/api/events").status_code)
    threads = [threading.Thread(target=fetch) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [200] * 8


def test_ingest_answers_202_while_the_resolution_runs_and_readers_go_on(tmp_path):
    db = build_db(str(tmp_path / "slow.db"))
    release = threading.Event()
    def slow_resolution(path: str) -> None:
        assert release.wait(30)
        resolve_in_process(path)
    with TestClient(create_app(db.path, TOKEN, resolver=slow_resolution, resolve_wait=0.1,
                               ingest_in_child=False)) as client:
        with_reader = client.post("/api/ingest", json={"text": ARTICLE_TEXT}, headers=AUTH)
        assert with_reader.status_code == 202, with_reader.text
        status_url = with_reader.headers["location"]
        assert status_url == with_reader.json()["resolution"]["status_url"] == "/api/resolution?ticket=1"
        assert client.get(status_url).json()["ticket_state"] == "pending"
        assert client.get("/api/events").json()["total"] == 3          # the previous resolution, at once
        release.set()
        deadline = time.monotonic() + 30
        while client.get(status_url).json()["ticket_state"] == "pending" and time.monotonic() < deadline:
            time.sleep(0.05)
        assert client.get(status_url).json()["ticket_state"] == "done"
        assert client.get("/api/resolution").json()["state"] == "idle"


def test_unknown_resolution_ticket(client):
    assert client.get("/api/resolution", params={"ticket": 99}).json()["ticket_state"] == "unknown"
    assert client.get("/api/resolution", params={"ticket": 0}).status_code == 422


@pytest.mark.slow
def test_ingest_in_the_child_process_stores_and_reads(tmp_path):
    db = build_db(str(tmp_path / "child.db"))
    with TestClient(create_app(db.path, TOKEN, resolver=resolve_in_process, resolve_wait=60)) as client:
        first = client.post("/api/ingest", json={"text": ARTICLE_TEXT}, headers=AUTH)
        assert first.status_code == 201, first.text
        assert client.get(f"/api/articles/{first.json()['articles'][0]}").json()["read"] is True
        refused = client.post("/api/ingest", json={"url": "http://127.0.0.1:9/x"}, headers=AUTH)
        assert refused.status_code == 422 and "127.0.0.1" in refused.json()["error"]
