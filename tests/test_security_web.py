"""The served product under attack, end to end: hostile articles go in through the real
`rasid run` (readers, cleaning, pipeline, resolution), a real `rasid serve` answers on
127.0.0.1, and the tests attack it over HTTP and raw sockets:

- every page keeps article content inert (no live script, event-handler attribute or
  javascript: URL in the DOM), also for payloads that only appear after cleaning decodes
  HTML entities, and for the outlet, title and URL fields;
- SQL and FTS injection through search and filter parameters changes nothing and returns
  clean results;
- the write endpoint needs the bearer token; other methods are refused;
- path traversal through static routes and upload file names reaches nothing;
- the API's URL ingest refuses loopback/private targets (no SSRF through the server).
"""
from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator
from urllib.parse import quote

import httpx
import lxml.html
import pytest

from rasid.cli.main import main

TOKEN = "sec-token-7f3a"
PAYLOAD_TEXT = ("قتل سبعة أشخاص وأصيب عشرة آخرون في هجوم مسلح على سوق في بغداد أمس، بحسب الشرطة العراقية. "
                "<script>alert('t1')</script> وقال شهود <img src=x onerror=alert('t2')> إن المهاجمين فروا. "
                "<a href=\"javascript:alert('t3')\">التفاصيل</a>")
ENCODED_TEXT = ("اعتقلت قوات الأمن خمسة أشخاص في الموصل يشتبه بانتمائهم إلى تنظيم الدولة الإسلامية. "
                "&lt;script&gt;alert('t5')&lt;/script&gt; &lt;svg onload=alert('t6')&gt; &#60;iframe src=javascript:alert(7)&#62;")
ROWS = [
    {"id": "x1", "text": PAYLOAD_TEXT, "published": "2024-03-22",
     "title": "<script>alert('title')</script>هجوم \"><svg onload=alert('t4')>",
     "outlet": "</title><script>alert('outlet')</script>", "url": "javascript:alert('url')"},
    {"id": "x2", "text": ENCODED_TEXT, "published": "2024-03-23", "title": "{{ 7*7 }} {% raw %}عنوان",
     "outlet": "javascript:alert(1)", "url": "https://example.org/a?b=<script>"},
]
PAGES = ["/", "/?q=%3Cscript%3E", "/timeline", "/map", "/profiles", "/entities", "/articles", "/discrepancies",
         "/search?q=%3Cscript%3Ealert(1)%3C/script%3E", "/search?q=%22%3E%3Csvg%20onload%3Dalert(1)%3E",
         "/api/docs", "/?lang=en", "/articles?lang=en"]
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "srcdoc")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def seed(folder: Path) -> Path:
    rows = folder / "hostile.jsonl"
    rows.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in ROWS) + "\n", encoding="utf-8")
    db = folder / "served.db"
    assert main(["run", str(rows), "--db", str(db)]) == 0
    return db


def wait_until_serving(base: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"rasid serve exited: {process.stderr.read()}")
        try:
            if httpx.get(base + "/api/events", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError("rasid serve did not answer in time")


class Served:
    def __init__(self, base: str, db: Path, port: int) -> None:
        self.base, self.db, self.port = base, db, port
        self.client = httpx.Client(base_url=base, timeout=30)

    def counts(self) -> dict[str, int]:
        conn = sqlite3.connect(self.db)
        try:
            return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]  # fixed table names only
                    for t in ("articles", "events", "entities", "ingest_failures", "article_fts")}
        finally:
            conn.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("served")
    db = seed(folder)
    port = free_port()
    env = {**os.environ, "RASID_TOKEN": ""}
    process = subprocess.Popen([sys.executable, "-m", "rasid", "serve", "--db", str(db), "--port", str(port),
                                "--token", TOKEN], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=env, cwd=folder)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_serving(base, process)
        yield Served(base, db, port)
    finally:
        process.terminate()
        process.wait(timeout=20)


def live_markup(html: str) -> list[str]:
    """Script, event-handler and javascript: URL found live in the DOM of ``html``."""
    found = []
    for element in lxml.html.document_fromstring(html).iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in ("script", "iframe", "object", "embed") and not _own_script(element):
            found.append(f"<{element.tag}>")
        for name, value in element.attrib.items():
            lowered = "".join((value or "").split()).lower()
            if name.lower().startswith("on"):
                found.append(f"{element.tag}[{name}]")
            elif name.lower() in URL_ATTRIBUTES and lowered.startswith(("javascript:", "vbscript:", "data:text")):
                found.append(f"{element.tag}[{name}={value}]")
    return found


def _own_script(element: lxml.html.HtmlElement) -> bool:
    return element.tag == "script" and (element.get("src") or "").startswith("/static/") and not element.text


def detail_pages(served: Served) -> list[str]:
    events = served.client.get("/api/events", params={"limit": 100}).json()["items"]
    articles = served.client.get("/api/articles", params={"limit": 100}).json()["items"]
    entities = served.client.get("/api/entities", params={"limit": 100}).json()["items"]
    return ([f"/events/{e['id']}" for e in events] + [f"/articles/{a['id']}" for a in articles]
            + [f"/entities/{e['id']}" for e in entities])


def test_seeded_articles_carry_the_payloads(served):
    articles = served.client.get("/api/articles", params={"limit": 100}).json()["items"]
    texts = " ".join(a["text"] + (a.get("title") or "") + (a.get("outlet") or "") for a in articles)
    assert "<script>alert('t1')</script>" in texts
    assert "<script>alert('t5')</script>" in texts or "&lt;script&gt;" in texts
    assert served.client.get("/api/events").json()["total"] >= 1


def test_every_page_keeps_article_content_inert(served):
    urls = PAGES + detail_pages(served)
    assert len(urls) > len(PAGES)
    for url in urls:
        response = served.client.get(url)
        assert response.status_code == 200, url
        assert response.headers["content-type"].startswith("text/html")
        assert live_markup(response.text) == [], url
        assert "49" not in response.text.split("{{ 7*7 }}")[0][-5:]


def test_api_serves_json_not_html(served):
    for url in ["/api/events", "/api/articles", "/api/search?q=%3Cscript%3E"]:
        response = served.client.get(url)
        assert response.headers["content-type"].startswith("application/json")
        assert response.headers["x-content-type-options"] == "nosniff"


# -- SQL and FTS injection ------------------------------------------------------------------------
INJECTIONS = [
    "zzq' OR '1'='1", "zzq\" OR \"1\"=\"1", "zzq'; DROP TABLE articles; --", "zzq) OR 1=1 --",
    "zzq UNION SELECT id, raw FROM articles --", "zzq%' OR '%'='", "zzq\\' OR 1=1 #",
    "zzq OR بغداد", "zzq NEAR بغداد", "\"zzq\" OR *", "body:zzq", "{title body}:zzq", "zzq*", "^zzq", "zzq AND NOT x",
    "zzq\x00' OR 1=1", "zzq/**/OR/**/1=1", "'", "\"", "(", "*", ")", ":", "-",
]


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_through_search_and_filters_changes_nothing(served, value):
    before = served.counts()
    checks = [("/api/search", {"q": value}), ("/api/events", {"q": value}), ("/api/events", {"actor": value}),
              ("/api/entities", {"q": value}), ("/api/events", {"type": value}), ("/search", {"q": value}),
              ("/", {"q": value, "actor": value})]
    for path, params in checks:
        response = served.client.get(path, params=params)
        assert response.status_code in (200, 422), (path, params, response.text[:200])
        if path.startswith("/api") and response.status_code == 200:
            body = response.json()
            found = body.get("total", len(body.get("articles", [])) + len(body.get("events", [])))
            if "zzq" in value:
                assert found == 0, (path, params, body)
    for kind in ("events", "articles", "entities", "profiles"):
        assert served.client.get(f"/api/{kind}/" + quote(value, safe="")).status_code in (404, 422)
    assert served.counts() == before


def test_injection_does_not_widen_results(served):
    everything = served.client.get("/api/events", params={"limit": 100}).json()["total"]
    word = served.client.get("/api/events", params={"q": "بغداد"}).json()["total"]
    widened = served.client.get("/api/events", params={"q": "بغداد' OR '1'='1"}).json()["total"]
    assert widened <= word <= everything


# -- the write endpoint ------------------------------------------------------------------------------
@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN},
                                     {"Authorization": f"Basic {TOKEN}"}, {"Authorization": f"Bearer {TOKEN}x"},
                                     {"Authorization": f"Bearer {TOKEN[:-1]}"}, {"X-Token": TOKEN},
                                     {"Cookie": f"token={TOKEN}"}])
def test_ingest_needs_the_exact_bearer_token(served, headers):
    before = served.counts()
    body = {"text": "قتل ثلاثة أشخاص في هجوم على حاجز أمني في كركوك اليوم."}
    response = served.client.post("/api/ingest", json=body, headers=headers, params={"token": TOKEN})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert served.counts() == before


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("path", ["/api/events", "/api/articles", "/api/ingest", "/"])
def test_other_write_methods_are_refused(served, method, path):
    before = served.counts()
    response = served.client.request(method, path, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code in (404, 405)
    assert served.counts() == before


def authorized(served: Served) -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}


@pytest.mark.parametrize("url", ["http://127.0.0.1:{port}/api/events", "http://localhost:{port}/",
                                 "http://[::1]:{port}/", "http://169.254.169.254/latest/meta-data/",
                                 "http://10.0.0.1/", "file:///etc/passwd", "gopher://127.0.0.1:{port}/"])
def test_api_url_ingest_is_not_an_ssrf_proxy(served, url):
    before = served.counts()
    response = served.client.post("/api/ingest", json={"url": url.format(port=served.port)},
                                  headers=authorized(served))
    assert response.status_code == 422
    assert "root:" not in response.text
    after = served.counts()
    assert after["articles"] == before["articles"]


# -- path traversal --------------------------------------------------------------------------------
def raw_get(served: Served, target: str) -> tuple[int, bytes]:
    """GET ``target`` exactly as written (no client-side normalization of ``..``)."""
    with socket.create_connection(("127.0.0.1", served.port), timeout=10) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode("latin-1"))
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
    return status, data


TRAVERSALS = ["/static/../../../../etc/passwd", "/static/..%2f..%2f..%2f..%2fetc%2fpasswd",
              "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/static/....//....//etc/passwd",
              "/static//etc/passwd", "/static/%2fetc%2fpasswd", "/static/..\\..\\..\\etc\\passwd",
              "/static/%252e%252e/%252e%252e/etc/passwd", "/static/../../../../proc/self/environ",
              "/static/..%c0%af..%c0%afetc/passwd", "/../../../../etc/passwd", "/articles/../../etc/passwd",
              "/static/style.css/../../../../../etc/passwd", "//etc/passwd"]


@pytest.mark.parametrize("target", TRAVERSALS)
def test_static_and_page_routes_refuse_traversal(served, target):
    status, data = raw_get(served, target)
    assert b"root:" not in data and b"RASID_TOKEN" not in data and TOKEN.encode() not in data
    assert status in (400, 404, 405), (target, status)


def test_static_files_still_served(served):
    status, data = raw_get(served, "/static/style.css")
    assert status == 200 and b"root:" not in data


@pytest.mark.parametrize("filename", ["../../../../tmp/rasid-evil.txt", "/etc/passwd.txt", "..\\..\\evil.txt",
                                      "a/../../b.txt", "%2e%2e%2fevil.txt", ".txt", "x.txt\x00.html"])
def test_upload_file_names_cannot_reach_the_file_system(served, filename, tmp_path):
    marker = f"خبر مرفوع باسم غريب رقم {abs(hash(filename)) % 10000}: اعتقلت الشرطة أربعة أشخاص في حلب."
    response = served.client.post("/api/ingest", files={"file": (filename, marker.encode("utf-8"), "text/plain")},
                                  headers=authorized(served))
    assert response.status_code in (200, 201, 202, 422), response.text
    assert not Path("/tmp/rasid-evil.txt").exists()
    conn = sqlite3.connect(served.db)
    try:
        rows = conn.execute("SELECT source, raw FROM articles WHERE raw = ?", (marker,)).fetchall()
    finally:
        conn.close()
    if response.status_code in (200, 201):
        assert len(rows) == 1
        source = rows[0][0]
        assert "/" not in source and ".." not in source.replace("...", "") and "\\.." not in source
    assert all("root:" not in raw for _, raw in rows)
