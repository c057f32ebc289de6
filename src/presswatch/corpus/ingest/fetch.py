"""Careful HTTP fetching for ingest: timeouts, a size cap, a redirect limit,
an honest User-Agent, robots.txt, a per-host rate limit, and no requests to
private, loopback or link-local addresses (checked after DNS resolution and
after every redirect; the connection goes to the address that was checked)
unless ``allow_private`` is set.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from presswatch import __version__
from presswatch.core.errors import InputError
from presswatch.readers.decode import decode_bytes

DEFAULT_USER_AGENT = (
    f"presswatch/{__version__} (news analysis for research; respects robots.txt; "
    "+https://pypi.org/project/presswatch/)"
)
#: The token matched against robots.txt ``User-agent`` lines.
ROBOTS_AGENT = "presswatch"
_ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"
)
_CHUNK = 65536


class FetchError(InputError):
    """A URL could not be fetched (network, HTTP status, limits)."""


class BlockedAddressError(FetchError):
    """The URL resolves to a private, loopback or link-local address."""


class RobotsDisallowedError(FetchError):
    """robots.txt forbids fetching the URL."""


@dataclass(frozen=True)
class FetchOptions:
    #: Seconds to wait for the connection and for each read.
    timeout: float = 20.0
    #: Seconds for a whole response (a server that trickles bytes is cut off).
    total_timeout: float = 60.0
    max_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 5
    user_agent: str = DEFAULT_USER_AGENT
    #: Seconds between two requests to the same host (robots.txt
    #: ``Crawl-delay`` raises it).
    min_interval: float = 1.0
    allow_private: bool = False
    respect_robots: bool = True


@dataclass(frozen=True)
class Response:
    url: str  # after redirects
    status: int
    content_type: str
    charset: str | None
    body: bytes

    def text(self) -> str:
        """The body decoded with the declared charset, else detected."""
        if self.charset:
            try:
                return self.body.decode(self.charset).replace("\r\n", "\n")
            except (LookupError, UnicodeDecodeError):
                pass

        return decode_bytes(self.body, self.url)


Resolver = Callable[[str, int], list[str]]


def resolve(host: str, port: int) -> list[str]:
    """Every IP address of ``host`` (DNS)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


#: IPv6 prefixes whose last 32 bits are an IPv4 address a packet may reach:
#: IPv4-compatible (::/96), IPv4-mapped (::ffff:0:0/96), IPv4-translated
#: (::ffff:0:0:0/96), NAT64 well-known and local-use (64:ff9b::/96, 64:ff9b:1::/48).
_EMBEDDING_V4_AT_THE_END = tuple(
    ipaddress.ip_network(prefix)
    for prefix in ("::/96", "::ffff:0:0/96", "::ffff:0:0:0/96", "64:ff9b::/96", "64:ff9b:1::/48")
)


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries (and may be routed to):
    the forms of :data:`_EMBEDDING_V4_AT_THE_END`, 6to4 (2002::/16) and
    Teredo (2001::/32: its server and its client)."""
    found = []
    if any(ip in network for network in _EMBEDDING_V4_AT_THE_END):
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    if ip.sixtofour is not None:
        found.append(ip.sixtofour)
    if ip.teredo is not None:
        found.extend(ip.teredo)
    return found


def is_public(address: str) -> bool:
    """False for private, loopback, link-local, multicast, reserved and
    unspecified addresses, and for an IPv6 address that carries such an IPv4
    address (IPv4-mapped, -compatible or -translated, NAT64, 6to4, Teredo:
    ``::ffff:127.0.0.1``, ``64:ff9b::7f00:1``, ``2002:7f00:1::`` are loopback)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    candidates: list[ipaddress.IPv4Address | ipaddress.IPv6Address] = [ip]
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = embedded_ipv4(ip)
        if embedded and ip.ipv4_mapped is not None:
            candidates = []  # an IPv4-mapped address is its IPv4 address
        candidates.extend(embedded)
    return all(c.is_global and not c.is_multicast for c in candidates)


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to an address already checked, whatever DNS says now."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


class Fetcher:
    """Fetches URLs one at a time with the limits of :class:`FetchOptions`.
    Thread-safe for the rate limit; robots.txt is cached per origin.

    ``resolver`` (DNS) and ``address_allowed`` (default: public addresses
    only, or every address with ``allow_private``) can be replaced, e.g. by
    tests."""

    def __init__(
        self,
        options: FetchOptions | None = None,
        *,
        resolver: Resolver = resolve,
        address_allowed: Callable[[str], bool] | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.options = options or FetchOptions()
        self._resolve = resolver
        if address_allowed is None:
            address_allowed = (lambda address: True) if self.options.allow_private else is_public
        self._address_allowed = address_allowed
        self._clock = clock
        self._sleep = sleep
        self._last_request: dict[str, float] = {}
        self._intervals: dict[str, float] = {}
        self._robots: dict[str, tuple[RobotFileParser, str | None]] = {}
        self._lock = threading.Lock()

    def fetch(self, url: str) -> Response:
        """GET ``url`` following at most ``max_redirects`` redirects.

        Raises :class:`FetchError` (or :class:`BlockedAddressError`,
        :class:`RobotsDisallowedError`) naming the URL and the reason."""
        current = url
        for _ in range(self.options.max_redirects + 1):
            self._check_robots(url, current)
            status, headers, body = self._get(url, current)
            location = headers.get("Location")
            if status in (301, 302, 303, 307, 308) and location:
                current = urljoin(current, location.strip())
                continue
            if status != 200:
                reason = http.client.responses.get(status, "")
                raise FetchError(url, f"HTTP {status} {reason}".strip())
            message = Message()
            message["Content-Type"] = headers.get("Content-Type", "")
            content_type = message.get_content_type()
            charset = message.get_param("charset")
            return Response(
                current, status, content_type, charset if isinstance(charset, str) else None, body
            )
        raise FetchError(url, f"more than {self.options.max_redirects} redirects")

    # -- one request ---------------------------------------------------------
    def _get(self, original: str, url: str) -> tuple[int, http.client.HTTPMessage, bytes]:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchError(original, f"cannot fetch {scheme or 'scheme-less'} URL {url!r}")
        host = parts.hostname
        if not host:
            raise FetchError(original, f"no host in URL {url!r}")
        try:
            port = parts.port or (443 if scheme == "https" else 80)
        except ValueError:
            raise FetchError(original, f"bad port in URL {url!r}") from None
        address = self._address(original, host, port)
        self._wait_turn(host)
        connection_class = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
        connection = connection_class(host, port, address, self.options.timeout)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        try:
            connection.request(
                "GET",
                path,
                headers={
                    "User-Agent": self.options.user_agent,
                    "Accept": _ACCEPT,
                    "Accept-Encoding": "gzip",
                    "Connection": "close",
                },
            )
            response = connection.getresponse()
            body = (
                self._read(original, response, connection.sock) if response.status == 200 else b""
            )
            return response.status, response.headers, body
        except TimeoutError:
            raise FetchError(original, f"timed out after {self.options.timeout:g} s") from None
        except (OSError, http.client.HTTPException) as exc:
            raise FetchError(original, f"network error: {exc or type(exc).__name__}") from None
        finally:
            connection.close()

    def _address(self, original: str, host: str, port: int) -> str:
        try:
            addresses = self._resolve(host, port)
        except (OSError, UnicodeError) as exc:
            raise FetchError(original, f"cannot resolve host {host!r} ({exc})") from None
        if not addresses:
            raise FetchError(original, f"cannot resolve host {host!r}")
        blocked = [a for a in addresses if not self._address_allowed(a)]
        if blocked:
            raise BlockedAddressError(
                original,
                f"{host} resolves to the non-public address {blocked[0]}; "
                "refused (use --allow-private to fetch from private networks)",
            )
        return addresses[0]

    def _read(
        self, original: str, response: http.client.HTTPResponse, sock: socket.socket | None
    ) -> bytes:
        limit = self.options.max_bytes
        declared = response.getheader("Content-Length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise FetchError(
                original, f"response too large ({int(declared):,} bytes; limit {limit:,})"
            )
        deadline = self._clock() + self.options.total_timeout
        gzip = (response.getheader("Content-Encoding") or "").lower() == "gzip"
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS) if gzip else None
        pieces: list[bytes] = []
        size = 0
        while True:
            remaining = deadline - self._clock()
            if remaining <= 0:
                raise FetchError(
                    original, f"response took longer than {self.options.total_timeout:g} s"
                )
            if sock is not None:
                sock.settimeout(min(self.options.timeout, remaining))
            chunk = response.read1(_CHUNK)
            if not chunk:
                break
            if inflater is not None:
                try:
                    chunk = inflater.decompress(chunk, limit + 1 - size)
                except zlib.error as exc:
                    raise FetchError(original, f"bad gzip content ({exc})") from None
            size += len(chunk)
            if size > limit:
                raise FetchError(original, f"response larger than the limit ({limit:,} bytes)")
            pieces.append(chunk)
        return b"".join(pieces)

    def _wait_turn(self, host: str) -> None:
        """Per-host rate limit: wait until the host's interval has passed."""
        with self._lock:
            interval = max(self.options.min_interval, self._intervals.get(host, 0.0))
            last = self._last_request.get(host)
            now = self._clock()
            wait_for = 0.0 if last is None else last + interval - now
            self._last_request[host] = now + max(wait_for, 0.0)
        if wait_for > 0:
            self._sleep(wait_for)

    # -- robots.txt ------------------------------------------------------------
    def _check_robots(self, original: str, url: str) -> None:
        if not self.options.respect_robots:
            return
        robots, refusal = self._robots_for(original, url)
        if robots.can_fetch(ROBOTS_AGENT, url):
            return
        netloc = urlsplit(url).netloc
        raise RobotsDisallowedError(original, refusal or f"robots.txt of {netloc} disallows {url}")

    def _robots_for(self, original: str, url: str) -> tuple[RobotFileParser, str | None]:
        """The parsed robots.txt of the URL's origin, and why everything is
        refused when it could not be read (RFC 9309)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{(parts.netloc or '').lower()}"
        if origin in self._robots:
            return self._robots[origin]
        robots = RobotFileParser()
        refusal = None
        try:
            status, _, body = self._get(original, origin + "/robots.txt")
        except BlockedAddressError:
            raise
        except FetchError as exc:
            raise FetchError(original, f"cannot read {origin}/robots.txt ({exc.reason})") from None
        if status == 200:
            robots.parse(body.decode("utf-8", "replace").splitlines())
            delay = robots.crawl_delay(ROBOTS_AGENT)
            if delay:
                self._intervals[parts.hostname or ""] = min(float(delay), 60.0)
        elif status in (401, 403) or status >= 500:
            robots.parse(["User-agent: *", "Disallow: /"])
            refusal = f"{origin}/robots.txt answered HTTP {status}: fetching is not allowed"
        else:  # 404 and other client errors, or a redirect: no rules
            robots.parse([])
        self._robots[origin] = (robots, refusal)
        return robots, refusal
