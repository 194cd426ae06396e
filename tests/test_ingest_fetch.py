"""Safe URL fetching: schemes, private addresses (also after redirects and DNS), size caps, pinning.

No test touches the internet: httpx.MockTransport, a local server on 127.0.0.1 with
allow_private=True, and a monkeypatched resolver.
"""
import http.server
import socket
import threading

import httpx
import pytest

from rasid.errors import FetchError, UnsafeInputError
from rasid.ingest.fetch import AddressGuard, Fetcher, GuardedBackend, is_public_address, parse_address

PUBLIC_IP = "93.184.216.34"
PAGE = "<html><body><article><p>قتل خمسة أشخاص في هجوم مسلح.</p></article></body></html>".encode()


@pytest.fixture
def fake_dns(monkeypatch):
    """Resolve ``*.test`` names from a table; other names go to the real resolver (literals only)."""
    table = {"news.test": [PUBLIC_IP], "evil.test": ["127.0.0.1"], "mixed.test": [PUBLIC_IP, "10.1.2.3"],
             "mapped.test": ["::ffff:192.168.1.1"]}
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host in table:
            return [(socket.AF_INET6 if ":" in ip else socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port))
                    for ip in table[host]]
        if str(host).endswith(".test"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return table


def _mock_fetcher(handler, **kwargs):
    return Fetcher(transport=httpx.MockTransport(handler), **kwargs)


@pytest.mark.parametrize("address,public", [
    ("8.8.8.8", True), ("2001:4860:4860::8888", True), (PUBLIC_IP, True),
    ("127.0.0.1", False), ("10.0.0.1", False), ("172.16.5.4", False), ("192.168.0.1", False),
    ("169.254.169.254", False), ("100.64.0.1", False), ("0.0.0.0", False), ("224.0.0.1", False),
    ("240.0.0.1", False), ("255.255.255.255", False), ("::1", False), ("::", False),
    ("fe80::1%eth0", False), ("fc00::1", False), ("ff02::1", False),
    ("::ffff:127.0.0.1", False), ("::ffff:10.0.0.1", False), ("2002:7f00:1::", False),
    ("64:ff9b::a00:1", False), ("::ffff:8.8.8.8", False),
])
def test_is_public_address(address, public):
    assert is_public_address(parse_address(address)) is public


def test_fetches_public_page(fake_dns):
    fetcher = _mock_fetcher(lambda request: httpx.Response(200, headers={"content-type": "text/html"}, content=PAGE))
    page = fetcher.fetch("https://news.test/a")
    assert page.body == PAGE and page.content_type == "text/html" and page.url == "https://news.test/a"


@pytest.mark.parametrize("url,error,fragment", [
    ("http://127.0.0.1/admin", UnsafeInputError, "non-public"),
    ("http://[::1]:8080/", UnsafeInputError, "non-public"),
    ("http://169.254.169.254/latest/meta-data/", UnsafeInputError, "non-public"),
    ("http://evil.test/", UnsafeInputError, "non-public"),            # DNS name resolving to 127.0.0.1
    ("http://mixed.test/", UnsafeInputError, "10.1.2.3"),            # any private answer refuses
    ("http://mapped.test/", UnsafeInputError, "non-public"),
    ("ftp://news.test/file", UnsafeInputError, "only http and https"),
    ("file:///etc/passwd", UnsafeInputError, "only http and https"),
    ("http://nowhere.test/", FetchError, "cannot resolve"),
])
def test_refused_urls(fake_dns, url, error, fragment):
    calls = []
    fetcher = _mock_fetcher(lambda request: calls.append(request) or httpx.Response(200, content=PAGE))
    with pytest.raises(error, match=fragment) as info:
        fetcher.fetch(url)
    assert calls == []                                               # refused before any request
    assert info.value.source == url


@pytest.mark.parametrize("location", ["http://127.0.0.1:8000/", "http://evil.test/x", "gopher://news.test/"])
def test_redirect_to_refused_target(fake_dns, location):
    seen = []

    def handler(request):
        seen.append(str(request.url))
        return httpx.Response(302, headers={"location": location})

    with pytest.raises(UnsafeInputError, match="after redirect to") as info:
        _mock_fetcher(handler).fetch("https://news.test/start")
    assert seen == ["https://news.test/start"] and info.value.source == "https://news.test/start"


def test_redirects_followed_and_capped(fake_dns):
    def handler(request):
        step = int(request.url.path.strip("/") or 0)
        if step < 3:
            return httpx.Response(301, headers={"location": f"/{step + 1}"})
        return httpx.Response(200, content=PAGE)

    assert _mock_fetcher(handler).fetch("https://news.test/0").url == "https://news.test/3"
    endless = _mock_fetcher(lambda request: httpx.Response(302, headers={"location": "/again"}))
    with pytest.raises(FetchError, match="more than 5 redirects"):
        endless.fetch("https://news.test/")


@pytest.mark.parametrize("response,fragment", [
    (httpx.Response(404), "HTTP 404"),
    (httpx.Response(302), "without a Location"),
    (httpx.Response(200, headers={"content-length": "999999999"}, content=b"x"), "size cap"),
    (httpx.Response(200, content=b"x" * 5000), "size cap"),
])
def test_bad_answers(fake_dns, response, fragment):
    with pytest.raises(FetchError, match=fragment):
        _mock_fetcher(lambda request: response, max_bytes=1000).fetch("https://news.test/")


def test_streamed_body_stops_past_the_cap(fake_dns):
    produced = []

    def chunks():
        for _ in range(1000):
            produced.append(1)
            yield b"y" * 1000

    fetcher = _mock_fetcher(lambda request: httpx.Response(200, content=chunks()), max_bytes=10_000)
    with pytest.raises(FetchError, match="size cap"):
        fetcher.fetch("https://news.test/")
    assert len(produced) <= 12


def test_timeout_becomes_fetch_error(fake_dns):
    def handler(request):
        raise httpx.ReadTimeout("slow", request=request)

    with pytest.raises(FetchError, match="timed out"):
        _mock_fetcher(handler).fetch("https://news.test/")


def test_pinned_backend_refuses_private_resolution(fake_dns):
    backend = GuardedBackend(AddressGuard(allow_private=False))
    with pytest.raises(UnsafeInputError):
        backend.connect_tcp("evil.test", 80)


@pytest.fixture
def local_server():
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/redirect":
                self.send_response(302)
                self.send_header("Location", "/page")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_local_server_needs_allow_private(local_server):
    with Fetcher(allow_private=True) as fetcher:
        page = fetcher.fetch(local_server + "/redirect")
    assert page.url == local_server + "/page" and page.body == PAGE
    with Fetcher() as fetcher, pytest.raises(UnsafeInputError):
        fetcher.fetch(local_server + "/page")


def test_dns_rebinding_is_caught_at_connect(local_server, monkeypatch):
    """The name resolves to a public address at check time, then to 127.0.0.1: the pinned
    connection re-checks what it connects to and refuses."""
    port = int(local_server.rsplit(":", 1)[1])
    answers = iter([PUBLIC_IP] + ["127.0.0.1"] * 10)
    real = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        if host == "rebind.test":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    with Fetcher() as fetcher, pytest.raises(UnsafeInputError):
        fetcher.fetch(f"http://rebind.test:{port}/page")
