"""URL ingest, end to end through `rasid ingest URL`, against real sockets on loopback only.

Two servers: a "news site" on 127.0.0.1 that this test declares public (the address check is
patched for exactly that address) and an "internal service" on 127.0.0.2 that must never be
reached. The resolver is patched for ``*.test`` names; address literals go to the real resolver
(which resolves literals without any network). Every refusal must name the URL, the run goes
on, the exit code is 3, and the internal server counts zero requests.
"""
from __future__ import annotations

import http.server
import socket
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pytest

import rasid.ingest.fetch as fetch
from rasid.cli.main import main

ARTICLE = ("<html><head><title>هجوم</title></head><body><article><p>قتل خمسة أشخاص وأصيب عشرة آخرون في هجوم "
           "مسلح استهدف حاجزا أمنيا في مدينة الرمادي غرب العراق مساء الأحد، وفق مصدر في الشرطة المحلية."
           "</p></article></body></html>").encode("utf-8")
SECRET = b"INTERNAL-SECRET-do-not-read"
INPUT_FAILED = 3


@dataclass
class Site:
    """A loopback HTTP server with a route table; counts the requests it answered."""

    host: str
    routes: dict[str, "callable"]
    hits: list[str] = field(default_factory=list)
    server: http.server.ThreadingHTTPServer | None = None

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def url(self, path: str, host: str | None = None) -> str:
        return f"http://{host or self.host}:{self.port}{path}"


def start(site: Site) -> Site:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            site.hits.append(self.path)
            route = site.routes.get(self.path.split("?")[0])
            if route is None:
                self.send_error(404)
            else:
                route(self)

        def log_message(self, *args: object) -> None:
            pass

    site.server = http.server.ThreadingHTTPServer((site.host, 0), Handler)
    site.server.daemon_threads = True
    threading.Thread(target=site.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return site


def send(handler: http.server.BaseHTTPRequestHandler, body: bytes, content_type: str = "text/html; charset=utf-8",
         status: int = 200) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def redirect(target: str):
    def route(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(302)
        handler.send_header("Location", target)
        handler.send_header("Content-Length", "0")
        handler.end_headers()
    return route


def declared_huge(handler: http.server.BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", str(60_000_000))
    handler.end_headers()


def endless(handler: http.server.BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()
    chunk = b"<p>" + b"x" * 65_536 + b"</p>"
    try:
        for _ in range(2000):          # ~130 MB at most, bounded even if the client never stops
            handler.wfile.write(chunk)
    except (BrokenPipeError, ConnectionResetError):
        pass


def trickle(handler: http.server.BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()
    try:
        for _ in range(40):            # one byte every 0.25 s for at most 10 s
            handler.wfile.write(b"x")
            handler.wfile.flush()
            time.sleep(0.25)
    except (BrokenPipeError, ConnectionResetError):
        pass


def stall(handler: http.server.BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", "100")
    handler.end_headers()
    handler.wfile.flush()
    time.sleep(5)


@pytest.fixture
def internal() -> Iterator[Site]:
    site = start(Site("127.0.0.2", {"/secret": lambda h: send(h, SECRET, "text/plain"),
                                    "/page": lambda h: send(h, ARTICLE)}))
    yield site
    site.server.shutdown()
    site.server.server_close()


@pytest.fixture
def news(internal: Site, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    routes = {
        "/page": lambda h: send(h, ARTICLE),
        "/to-internal": redirect(internal.url("/secret")),
        "/to-internal-name": redirect(f"http://metadata.test:{internal.port}/secret"),
        "/to-mapped": redirect(f"http://[::ffff:127.0.0.2]:{internal.port}/secret"),
        "/to-file": redirect("file:///etc/passwd"),
        "/hop1": redirect("/hop2"), "/hop2": redirect("/to-internal"),
        "/loop": redirect("/loop"),
        "/declared-huge": declared_huge, "/endless": endless, "/trickle": trickle, "/stall": stall,
    }
    site = start(Site("127.0.0.1", routes))
    public_names = {"news.test": ["127.0.0.1"], "metadata.test": ["127.0.0.2"],
                    "mixed.test": ["127.0.0.1", "10.0.0.7"], "link.test": ["169.254.169.254"],
                    "six.test": ["fe80::1"]}
    real_resolver, real_check = socket.getaddrinfo, fetch.is_public_address

    def getaddrinfo(host, port, *args, **kwargs):
        if host in public_names:
            return [(socket.AF_INET6 if ":" in ip else socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port))
                    for ip in public_names[host]]
        return real_resolver(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(fetch, "is_public_address", lambda a: str(a) == "127.0.0.1" or real_check(a))
    yield site
    site.server.shutdown()
    site.server.server_close()


def ingest(capsys: pytest.CaptureFixture[str], db: Path, *urls: str, allow_private: bool = False) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["ingest", *urls, "--db", str(db), *(["--allow-private"] if allow_private else [])])
    return code, capsys.readouterr().err


def stored_texts(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [r[0] for r in conn.execute("SELECT raw FROM articles")]
    finally:
        conn.close()


def test_public_page_is_ingested(tmp_path, capsys, news, internal):
    code, err = ingest(capsys, tmp_path / "r.db", news.url("/page", "news.test"))
    assert code == 0, err
    assert len(stored_texts(tmp_path / "r.db")) == 1 and internal.hits == []


REFUSED_PATHS = ["/to-internal", "/to-internal-name", "/to-mapped", "/to-file", "/hop1"]


@pytest.mark.parametrize("path", REFUSED_PATHS)
def test_redirects_to_private_targets_are_refused_before_any_request(tmp_path, capsys, news, internal, path):
    url = news.url(path, "news.test")
    code, err = ingest(capsys, tmp_path / "r.db", url, news.url("/page", "news.test"))
    assert code == INPUT_FAILED
    (line,) = err.splitlines()
    assert line.startswith(f"{url}: after redirect to ") and "refused" in line
    assert internal.hits == []
    texts = stored_texts(tmp_path / "r.db")
    assert len(texts) == 1 and not any("SECRET" in t for t in texts)


def private_urls(internal: Site) -> list[str]:
    port = internal.port
    return [f"http://127.0.0.2:{port}/secret", f"http://localhost:{port}/secret", f"http://2130706434:{port}/secret",
            f"http://[::ffff:127.0.0.2]:{port}/secret", f"http://[::1]:{port}/secret", f"http://0.0.0.0:{port}/secret",
            f"http://metadata.test:{port}/secret", f"http://mixed.test:{port}/secret",
            f"http://link.test:{port}/latest/meta-data", f"http://six.test:{port}/secret",
            "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://192.168.1.1/",
            "http://[fd00::1]/", "http://100.64.0.1/"]


def test_private_loopback_and_link_local_addresses_are_refused(tmp_path, capsys, news, internal):
    urls = private_urls(internal)
    started = time.monotonic()
    code, err = ingest(capsys, tmp_path / "r.db", *urls)
    assert time.monotonic() - started < 10
    assert code == INPUT_FAILED
    lines = err.splitlines()
    assert [line.split(": ")[0] for line in lines] == urls
    assert all("refused" in line for line in lines), lines
    assert internal.hits == [] and stored_texts(tmp_path / "r.db") == []


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://news.test/a", "gopher://127.0.0.1:70/",
                                 "http:///nohost", "javascript:alert(1)//x"])
def test_other_schemes_and_bad_urls_are_refused(tmp_path, capsys, news, url):
    code, err = ingest(capsys, tmp_path / "r.db", url)
    assert code == INPUT_FAILED
    assert "root:" not in err and len(err.splitlines()) == 1


def test_allow_private_reaches_a_trusted_local_server(tmp_path, capsys, internal):
    code, err = ingest(capsys, tmp_path / "r.db", internal.url("/page"), allow_private=True)
    assert code == 0, err
    assert internal.hits == ["/page"]


@pytest.mark.parametrize("path,reason", [
    ("/declared-huge", "over the size cap"),
    ("/endless", "over the size cap"),
    ("/loop", "more than 5 redirects"),
])
def test_size_and_redirect_limits(tmp_path, capsys, news, path, reason, monkeypatch):
    url = news.url(path, "news.test")
    started = time.monotonic()
    code, err = ingest(capsys, tmp_path / "r.db", url)
    assert time.monotonic() - started < 30
    assert code == INPUT_FAILED and err.startswith(f"{url}: ") and reason in err


def test_read_timeout(tmp_path, capsys, news, monkeypatch):
    monkeypatch.setattr(fetch, "READ_TIMEOUT", 1.0)
    started = time.monotonic()
    code, err = ingest(capsys, tmp_path / "r.db", news.url("/stall", "news.test"))
    assert time.monotonic() - started < 4
    assert code == INPUT_FAILED and "timed out" in err


def test_total_deadline_stops_a_trickling_server(tmp_path, capsys, news, monkeypatch):
    monkeypatch.setitem(fetch.Fetcher.__init__.__kwdefaults__, "total_timeout", 1.5)
    started = time.monotonic()
    code, err = ingest(capsys, tmp_path / "r.db", news.url("/trickle", "news.test"))
    assert time.monotonic() - started < 5
    assert code == INPUT_FAILED and "took longer than" in err
