"""Fetching one URL safely (httpx).

Rules, each enforced for the first request AND for every redirect:

- only ``http`` and ``https``; at most :data:`MAX_REDIRECTS` redirects;
- the host name is resolved (``socket.getaddrinfo``) and refused when ANY of its addresses is
  private, loopback, link-local, multicast, reserved, unspecified or otherwise not global
  (IPv4 and IPv6, IPv4 inside IPv4-mapped, 6to4 and NAT64 IPv6 included), unless
  ``allow_private=True``;
- with the default transport the TCP connection is *pinned*: :class:`GuardedBackend` resolves
  and checks the host itself and connects to the checked address, so a DNS answer that changes
  between the check and the connection (DNS rebinding) cannot reach a private address;
  TLS still verifies the certificate against the host name;
- connect and read timeouts of 10 s, a total deadline per fetch, and a size cap on the body
  (``Content-Length`` checked first, then counted while streaming; reading stops past the cap).

Errors are :class:`~rasid.errors.FetchError` (network, status, size, time) and
:class:`~rasid.errors.UnsafeInputError` (refused scheme or address). A custom ``transport``
(e.g. ``httpx.MockTransport`` in tests) replaces the network; the address checks still run on
every hop. Proxies from the environment are not used.
"""
from __future__ import annotations

import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from typing import Iterable, Iterator

import httpcore
import httpx

from rasid import __version__
from rasid.errors import FetchError, InputError, UnsafeInputError

CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 10.0
TOTAL_TIMEOUT = 60.0
MAX_REDIRECTS = 5
DEFAULT_MAX_BYTES = 50_000_000
ALLOWED_SCHEMES = ("http", "https")
USER_AGENT = f"rasid/{__version__} (news reader)"
_NAT64 = ipaddress.ip_network("64:ff9b::/96")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """A fetched body: the final URL (after redirects), its content type and its bytes."""

    url: str
    content_type: str
    body: bytes


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address carried inside an IPv4-mapped, 6to4 or NAT64 IPv6 address, if any."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_public_address(address: IPAddress) -> bool:
    """True only for globally routable unicast addresses (and their IPv6 carriers)."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = embedded_ipv4(address)
        if inner is not None and not is_public_address(inner):
            return False
    special = (address.is_private or address.is_loopback or address.is_link_local
               or address.is_multicast or address.is_reserved or address.is_unspecified)
    return not special and address.is_global


def parse_address(text: str) -> IPAddress:
    """An IP address from a resolver answer (IPv6 zone suffix ``%eth0`` dropped)."""
    return ipaddress.ip_address(text.split("%", 1)[0])


def resolve(host: str, port: int) -> list[str]:
    """The addresses ``host`` resolves to, in resolver order; FetchError when it does not resolve."""
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve host {host!r}: check the URL", source=host) from exc
    addresses = list(dict.fromkeys(str(answer[4][0]) for answer in answers))
    if not addresses:
        raise FetchError(f"host {host!r} has no address: check the URL", source=host)
    return addresses


class AddressGuard:
    """Resolves host names and refuses non-public addresses unless private ones are allowed."""

    def __init__(self, *, allow_private: bool = False) -> None:
        self.allow_private = allow_private

    def checked_addresses(self, host: str, port: int) -> list[str]:
        """The resolved addresses of ``host``; UnsafeInputError if any is not public."""
        addresses = resolve(host, port)
        if not self.allow_private:
            for text in addresses:
                if not is_public_address(parse_address(text)):
                    raise UnsafeInputError(
                        f"refused: {host} resolves to non-public address {text}; "
                        "use allow_private (--allow-private) only for trusted local servers", source=host)
        return addresses

    def check_url(self, url: httpx.URL) -> None:
        """Refuse a URL whose scheme is not http(s) or whose host resolves to a refused address."""
        if url.scheme not in ALLOWED_SCHEMES:
            raise UnsafeInputError(f"refused scheme {url.scheme!r}: only http and https URLs are fetched",
                                   source=str(url))
        if not url.host:
            raise FetchError("URL has no host: check the URL", source=str(url))
        self.checked_addresses(url.host, url.port or (443 if url.scheme == "https" else 80))


class GuardedBackend(httpcore.NetworkBackend):
    """A network backend that connects only to addresses the guard has just checked (pinning)."""

    def __init__(self, guard: AddressGuard) -> None:
        self._guard = guard
        self._inner = httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: Iterable[object] | None = None) -> httpcore.NetworkStream:
        last_error: Exception | None = None
        for address in self._guard.checked_addresses(host, port):
            try:
                return self._inner.connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last_error = exc
        raise FetchError(f"cannot connect to {host}:{port}: {last_error}", source=host)

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[object] | None = None) -> httpcore.NetworkStream:
        raise UnsafeInputError("refused: unix sockets are never used for fetching", source=path)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _BodyStream(httpx.SyncByteStream):
    """An httpcore response body as an httpx stream, network errors turned into FetchError."""

    def __init__(self, stream: Iterable[bytes]) -> None:
        self._stream = stream

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self._stream
        except httpcore.TimeoutException as exc:
            raise FetchError(f"timed out reading the body: {exc}") from exc
        except httpcore.NetworkError as exc:
            raise FetchError(f"network error reading the body: {exc}") from exc

    def close(self) -> None:
        close = getattr(self._stream, "close", None)
        if close is not None:
            close()


class PinnedTransport(httpx.BaseTransport):
    """An httpx transport over an httpcore pool whose connections go through :class:`GuardedBackend`."""

    def __init__(self, guard: AddressGuard, ssl_context: ssl.SSLContext | None = None) -> None:
        self._pool = httpcore.ConnectionPool(ssl_context=ssl_context or httpx.create_ssl_context(),
                                             network_backend=GuardedBackend(guard), max_connections=4)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(scheme=request.url.raw_scheme, host=request.url.raw_host,
                             port=request.url.port, target=request.url.raw_path),
            headers=request.headers.raw, content=request.stream, extensions=request.extensions)
        try:
            response = self._pool.handle_request(core_request)
        except httpcore.TimeoutException as exc:
            raise FetchError(f"timed out: {exc or 'no answer'}", source=str(request.url)) from exc
        except (httpcore.NetworkError, httpcore.ProtocolError) as exc:
            raise FetchError(f"network error: {exc}", source=str(request.url)) from exc
        return httpx.Response(status_code=response.status, headers=response.headers,
                              stream=_BodyStream(response.stream), extensions=response.extensions)

    def close(self) -> None:
        self._pool.close()


class Fetcher:
    """Fetches URLs under the rules of this module; use as a context manager or call ``close()``."""

    def __init__(self, *, allow_private: bool = False, max_bytes: int = DEFAULT_MAX_BYTES,
                 transport: httpx.BaseTransport | None = None, max_redirects: int = MAX_REDIRECTS,
                 total_timeout: float = TOTAL_TIMEOUT) -> None:
        self.guard = AddressGuard(allow_private=allow_private)
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.total_timeout = total_timeout
        self._client = httpx.Client(
            transport=transport or PinnedTransport(self.guard), follow_redirects=False, trust_env=False,
            timeout=httpx.Timeout(READ_TIMEOUT, connect=CONNECT_TIMEOUT),
            headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.5"})

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def fetch(self, url: str) -> FetchedPage:
        """GET ``url`` following up to ``max_redirects`` redirects, each re-checked."""
        deadline = time.monotonic() + self.total_timeout
        current = _parse_url(url)
        for hop in range(self.max_redirects + 1):
            try:
                self.guard.check_url(current)
                page_or_next = self._request(current, deadline)
            except InputError as exc:
                raise _named_after(exc, url, current if hop else None) from exc
            if isinstance(page_or_next, FetchedPage):
                return page_or_next
            current = page_or_next
        raise FetchError(f"more than {self.max_redirects} redirects: the URL does not settle on a page",
                         source=url)

    def _request(self, url: httpx.URL, deadline: float) -> FetchedPage | httpx.URL:
        """The page at ``url``, or the next URL when the answer is a redirect."""
        try:
            with self._client.stream("GET", url) as response:
                if response.is_redirect:
                    return _redirect_target(response)
                if response.status_code >= 400:
                    raise FetchError(f"HTTP {response.status_code}: the server refused the page",
                                     source=str(url))
                body = self._read_capped(response, deadline)
                return FetchedPage(str(response.url), response.headers.get("content-type", ""), body)
        except httpx.TimeoutException as exc:
            raise FetchError(f"timed out after {READ_TIMEOUT:.0f} s: try again later", source=str(url)) from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"cannot fetch: {exc}", source=str(url)) from exc

    def _read_capped(self, response: httpx.Response, deadline: float) -> bytes:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(f"body of {declared} bytes is over the size cap of {self.max_bytes} bytes",
                             source=str(response.url))
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(f"body is over the size cap of {self.max_bytes} bytes; reading stopped",
                                 source=str(response.url))
            if time.monotonic() > deadline:
                raise FetchError(f"took longer than {self.total_timeout:.0f} s in total: try again later",
                                 source=str(response.url))
            chunks.append(chunk)
        return b"".join(chunks)


def _named_after(error: InputError, url: str, redirected_to: httpx.URL | None) -> InputError:
    """The same error named after the URL asked for, saying which redirect hop failed."""
    message = f"after redirect to {redirected_to}: {error.message}" if redirected_to else error.message
    return type(error)(message, source=url)


def _parse_url(url: str) -> httpx.URL:
    try:
        return httpx.URL(url)
    except (httpx.InvalidURL, ValueError) as exc:
        raise FetchError(f"invalid URL: {exc}", source=url) from exc


def _redirect_target(response: httpx.Response) -> httpx.URL:
    location = response.headers.get("location")
    if not location:
        raise FetchError(f"redirect ({response.status_code}) without a Location header", source=str(response.url))
    try:
        return response.url.join(location)
    except (httpx.InvalidURL, ValueError) as exc:
        raise FetchError(f"redirect to an invalid URL {location!r}", source=str(response.url)) from exc
