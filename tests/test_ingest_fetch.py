"""Fetching articles and feeds from a local HTTP server: robots.txt, redirects,
timeouts, size cap, rate limit, User-Agent, and refusal of private addresses."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from presswatch.corpus.ingest import FetchOptions, ingest
from presswatch.corpus.ingest.fetch import (
    BlockedAddressError,
    Fetcher,
    FetchError,
    RobotsDisallowedError,
    is_public,
)
from presswatch.corpus.store import open_store
from slow_stage import fast_pipeline
from test_ingest_sources import page, paragraphs

ROBOTS = "User-agent: *\nDisallow: /private/\n"
PAGES = {
    "/news/velo.html": page("Le vélo en ville", *paragraphs("Vélo")),
    "/news/parc.html": page("Un nouveau parc", *paragraphs("Parc")),
    "/private/secret.html": page("Secret", *paragraphs("Secret")),
}


def feed(base: str) -> str:
    items = "".join(
        f"<item><title>{title}</title><link>{base}{path}</link>"
        "<pubDate>Mon, 31 Jan 2022 10:00:00 GMT</pubDate></item>"
        for title, path in (
            ("Vélo", "/news/velo.html"),
            ("Parc", "/news/parc.html"),
            ("Secret", "/private/secret.html"),
            ("Absent", "/news/missing.html"),
        )
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Le Journal</title><link>{base}/</link>{items}</channel></rss>"
    )


class Handler(BaseHTTPRequestHandler):
    user_agents: list[str] = []  # noqa: RUF012 - shared by the test server

    def log_message(self, format: str, *args: object) -> None:
        return None

    def do_GET(self) -> None:
        Handler.user_agents.append(self.headers.get("User-Agent", ""))
        base = f"http://{self.headers['Host']}"
        if self.path == "/robots.txt":
            self._send(200, ROBOTS, "text/plain")
        elif self.path in PAGES:
            self._send(200, PAGES[self.path], "text/html; charset=utf-8")
        elif self.path == "/feed.xml":
            self._send(200, feed(base), "application/rss+xml")
        elif self.path == "/redirect":
            self._redirect("/news/velo.html")
        elif self.path == "/loop":
            self._redirect("/loop")
        elif self.path == "/to-internal":
            self._redirect("http://intranet.test/admin")
        elif self.path == "/slow":
            self._slow()
        elif self.path == "/huge-declared":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(10**9))
            self.end_headers()
        elif self.path == "/huge-streamed":
            self._stream_large()
        else:
            self._send(404, "not found", "text/plain")

    def _send(self, status: int, body: str, content_type: str) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _slow(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "1000")
        self.end_headers()
        try:
            for _ in range(40):  # bounded: 40 bytes over at most 4 s
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.1)
        except OSError:
            return

    def _stream_large(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()  # no Content-Length: the size is only known by reading
        try:
            for _ in range(64):
                self.wfile.write(b"<p>" + b"a" * 4096 + b"</p>")
        except OSError:
            return


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


LOCAL = FetchOptions(
    min_interval=0.0, allow_private=True, timeout=2.0, total_timeout=1.0, max_bytes=100_000
)


def test_ingest_fetch_article_and_user_agent(server: str) -> None:
    Handler.user_agents.clear()
    response = Fetcher(LOCAL).fetch(f"{server}/news/velo.html")
    assert response.status == 200 and response.content_type == "text/html"
    assert "Le vélo en ville" in response.text()
    assert Handler.user_agents and all(ua.startswith("presswatch/") for ua in Handler.user_agents)


def test_ingest_fetch_follows_redirects_up_to_the_limit(server: str) -> None:
    fetcher = Fetcher(LOCAL)
    assert fetcher.fetch(f"{server}/redirect").url == f"{server}/news/velo.html"
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetcher.fetch(f"{server}/loop")


def test_ingest_fetch_respects_robots_txt(server: str) -> None:
    with pytest.raises(RobotsDisallowedError, match=r"robots\.txt"):
        Fetcher(LOCAL).fetch(f"{server}/private/secret.html")


def test_ingest_fetch_times_out_a_slow_response(server: str) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match="longer than 1 s"):
        Fetcher(LOCAL).fetch(f"{server}/slow")
    assert time.monotonic() - started < 3.5


def test_ingest_fetch_refuses_oversized_responses(server: str) -> None:
    fetcher = Fetcher(LOCAL)
    with pytest.raises(FetchError, match="too large"):
        fetcher.fetch(f"{server}/huge-declared")
    with pytest.raises(FetchError, match="larger than the limit"):
        fetcher.fetch(f"{server}/huge-streamed")


def test_ingest_fetch_http_errors_name_the_status(server: str) -> None:
    with pytest.raises(FetchError, match="HTTP 404 Not Found"):
        Fetcher(LOCAL).fetch(f"{server}/news/missing.html")


def test_ingest_fetch_refuses_private_addresses_by_default(server: str) -> None:
    with pytest.raises(BlockedAddressError, match=r"non-public address 127\.0\.0\.1"):
        Fetcher(FetchOptions(min_interval=0)).fetch(f"{server}/news/velo.html")
    # a public-looking name whose DNS answer is private is refused before connecting
    fetcher = Fetcher(FetchOptions(min_interval=0), resolver=lambda host, port: ["10.1.2.3"])
    with pytest.raises(
        BlockedAddressError, match=r"news\.example resolves to the non-public address 10\.1\.2\.3"
    ):
        fetcher.fetch("http://news.example/article")


def test_ingest_fetch_refuses_private_addresses_after_a_redirect(server: str) -> None:
    def resolver(host: str, port: int) -> list[str]:
        return ["127.0.0.1"] if host == "127.0.0.1" else ["192.168.7.7"]

    # the test server counts as allowed; the redirect target does not
    fetcher = Fetcher(
        FetchOptions(min_interval=0),
        resolver=resolver,
        address_allowed=lambda address: address == "127.0.0.1",
    )
    with pytest.raises(
        BlockedAddressError, match=r"intranet\.test resolves to the non-public address"
    ):
        fetcher.fetch(f"{server}/to-internal")


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("127.0.0.1", False),
        ("10.0.0.1", False),
        ("172.16.5.4", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),
        ("::1", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("::ffff:127.0.0.1", False),
        ("224.0.0.1", False),
        ("8.8.8.8", True),
        ("2001:4860:4860::8888", True),
    ],
)
def test_ingest_fetch_address_classification(address: str, public: bool) -> None:
    assert is_public(address) is public


def test_ingest_fetch_rate_limit_per_host(server: str) -> None:
    waits: list[float] = []
    fetcher = Fetcher(
        FetchOptions(min_interval=0.5, allow_private=True, respect_robots=False),
        sleep=waits.append,
    )
    fetcher.fetch(f"{server}/news/velo.html")
    fetcher.fetch(f"{server}/news/parc.html")
    assert len(waits) == 1 and 0.3 < waits[0] <= 0.5


def test_ingest_fetch_feed_articles_are_fetched_and_stored(server: str, sqlite_url: str) -> None:
    with open_store(sqlite_url, create=True) as store:
        summary = ingest(
            [f"{server}/feed.xml"], store, pipeline=fast_pipeline(), fetch_options=LOCAL
        )
        titles = sorted(h.title.plain for h in store.search(None).hits)
        failures = {f.source: f.message for f in store.failures()}
        article = store.get_article(store.search("title:vélo").hits[0].id)
        again = ingest(
            [f"{server}/feed.xml", f"{server}/news/velo.html"],
            store,
            pipeline=fast_pipeline(),
            fetch_options=LOCAL,
        )
    assert titles == ["Le vélo en ville", "Un nouveau parc"]
    assert (summary.stored, summary.failed) == (2, 2)
    assert "robots.txt" in failures[f"{server}/private/secret.html"]
    assert "HTTP 404" in failures[f"{server}/news/missing.html"]
    assert article.url == f"{server}/news/velo.html"
    assert article.published == "2022-01-31"  # from the feed entry
    assert (again.stored, again.duplicates, again.failed) == (0, 3, 2)


def test_ingest_fetch_without_allow_private_records_the_refusal(
    server: str, sqlite_url: str
) -> None:
    with open_store(sqlite_url, create=True) as store:
        summary = ingest([f"{server}/news/velo.html"], store, pipeline=fast_pipeline())
        [failure] = store.failures()
    assert summary.failed == 1 and summary.stored == 0
    assert "non-public address 127.0.0.1" in failure.message
    assert "--allow-private" in failure.message
