"""The dashboard and fetching under attack or load (issue 11, B3, B12): a
bounded analysis queue that answers 503 with Retry-After and never blocks
pages, a clean stop on SIGTERM, a busy port in one line; bad dates answered
400, no open redirect, bidirectional controls neutralised, CSV cells
defused, the SSRF guard on IPv6 forms that carry an IPv4 address, and
file:// or gopher:// refused as such."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("starlette")

from corpus_helpers import make_article, make_record
from presswatch.cli import main
from presswatch.core.errors import EXIT_ADDRESS
from presswatch.corpus.ingest.fetch import BlockedAddressError, Fetcher, FetchOptions, is_public
from presswatch.corpus.ingest.sources import iter_items
from presswatch.corpus.store import open_store
from presswatch.corpus.store.export import safe_cell
from presswatch.web.config import WebConfig
from presswatch.web.server import RunningServer, serve_in_thread
from web_helpers import fetch, multipart

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
RLO = "\u202e"
HOSTILE_TITLE = f"Facture{RLO}txt.exe et \u2066isolé\u2069 \x1b[31mrouge"


@pytest.fixture(scope="module")
def corpus_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("robust-web") / "corpus.db"
    articles = [
        make_article(
            HOSTILE_TITLE,
            f"Le texte {RLO}inversé{RLO} continue ici, selon le ministre.",
            outlet=f"|cmd{RLO}",
            published="2022-02-10",
            url="https://a.example/hostile",
        ),
        make_article(
            "Un article ordinaire",
            "Le gaz coûte cher cette année.",
            outlet="＝HYPERLINK(1)",
            published="2022-03-01",
            url="https://a.example/ordinaire",
        ),
    ]
    with open_store(path, create=True) as store:
        store.add_many([make_record(a) for a in articles])
    return f"sqlite:///{path}"


@pytest.fixture(scope="module")
def server(corpus_url: str) -> Iterator[RunningServer]:
    with serve_in_thread(WebConfig(db=corpus_url, port=0)) as running:
        yield running


# -- B12: parameters, redirects, rendering, CSV --------------------------------------------------


@pytest.mark.parametrize("date", ["2022-13-45", "2022-02-30", "2022-00", "20220101", "hier"])
@pytest.mark.parametrize("page", ["/search", "/search.json", "/trends.json"])
def test_robustness_web_impossible_dates_are_400(server: RunningServer, page: str, date: str):
    reply = fetch(f"{server.url}{page}?since={date}")
    assert reply.status == 400, (page, date, reply.status)


def test_robustness_web_token_exchange_never_redirects_off_site(corpus_url: str):
    token = "a-token-for-the-redirect-test"
    with serve_in_thread(WebConfig(db=corpus_url, port=0, token=token)) as running:
        for path in ("//evil.example/", "/\\evil.example/", "///evil.example/x", "/%2F%2Fevil"):
            raw = socket.create_connection(("127.0.0.1", int(running.url.rsplit(":", 1)[1])))
            with raw:
                raw.sendall(
                    f"GET {path}?token={token} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    "Connection: close\r\n\r\n".encode()
                )
                answer = b""
                while chunk := raw.recv(65536):
                    answer += chunk
            head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1")
            location = next(
                line.split(":", 1)[1].strip()
                for line in head.splitlines()
                if line.lower().startswith("location:")
            )
            assert location.startswith("/") and not location.startswith(("//", "/\\")), location


def test_robustness_web_bidi_controls_are_neutralised(server: RunningServer, corpus_url: str):
    with open_store(corpus_url) as store:
        hit = next(h for h in store.search(None).hits if "Facture" in h.title.plain)
    for page in (f"/articles/{hit.id}", "/search?q=facture", "/outlets"):
        reply = fetch(f"{server.url}{page}")
        assert reply.status == 200, page
        for control in (RLO, "\u2066", "\u2069"):
            assert control not in reply.text, (page, control)
    assert "\ufffd" in fetch(f"{server.url}/articles/{hit.id}").text


def test_robustness_web_html_report_neutralises_bidi_controls(tmp_path: Path, capsys):
    path = tmp_path / "a.txt"
    path.write_text(f"{HOSTILE_TITLE}\n\nUn texte {RLO}inversé.", encoding="utf-8")
    assert main(["analyze", str(path), "-f", "html", "--disable=language", *_LIGHT]) == 0
    page = capsys.readouterr().out
    assert RLO not in page and "\ufffd" in page


_LIGHT = [
    f"--disable={name}"
    for name in ("persuasion", "quantities", "dates", "attribution", "entities", "nlp")
]


@pytest.mark.parametrize(
    "cell",
    [
        "=1+1",
        "+1",
        "-1",
        "@SUM(A1)",
        "|calc",
        "%x",
        "\t=1",
        "\r=1",
        "＝1",
        "＋1",
        "－1",
        "＠a",
        "｜a",
        "﹦1",
        "  =1",
        "\u3000＝1",
    ],
)
def test_robustness_csv_formula_starts_are_defused(cell: str):
    assert safe_cell(cell) == "'" + cell


def test_robustness_csv_exports_defuse_hostile_outlets(server: RunningServer, corpus_url: str):
    trends = fetch(f"{server.url}/trends.csv").text
    assert "'|cmd" in trends and "'＝HYPERLINK(1)" in trends
    assert "\n|cmd" not in trends and ",|cmd" not in trends


# -- B12: fetching -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "64:ff9b::7f00:1",
        "64:ff9b::a00:1",
        "64:ff9b:1::7f00:1",
        "2002:7f00:1::",
        "2002:a00:1::",
        "::127.0.0.1",
        "::ffff:0:7f00:1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "::ffff:169.254.169.254",
        "::1",
        "fe80::1",
        "fc00::1",
        "127.0.0.1",
        "10.1.2.3",
        "169.254.169.254",
        "0.0.0.0",
        "::",
    ],
)
def test_robustness_ssrf_guard_refuses_every_form_of_a_private_address(address: str):
    assert not is_public(address)
    fetcher = Fetcher(FetchOptions(min_interval=0), resolver=lambda host, port: [address])
    with pytest.raises(BlockedAddressError, match="non-public address"):
        fetcher.fetch("http://somewhere.example/page")


@pytest.mark.parametrize(
    "address", ["8.8.8.8", "64:ff9b::808:808", "2002:808:808::", "::ffff:8.8.8.8", "2606:4700::1"]
)
def test_robustness_ssrf_guard_lets_public_addresses_through(address: str):
    assert is_public(address)


@pytest.mark.parametrize(
    "source", ["file:///etc/passwd", "gopher://example.org/1", "ftp://example.org/a.txt"]
)
def test_robustness_other_url_schemes_are_refused_honestly(source: str):
    (failure,) = list(iter_items([source]))
    assert failure.source == source  # type: ignore[union-attr]
    message = failure.message  # type: ignore[union-attr]
    assert "not fetched" in message and "http://" in message and "no such file" not in message


# -- B3: the analysis queue, in a real server process ---------------------------------------------

SERVER = """
import sys, time
from presswatch.core.pipeline import Pipeline, Stage, get_stage
from presswatch.web.config import WebConfig
from presswatch.web.server import bind, serve

def sleepy(article):
    time.sleep(float(sys.argv[2]))
    return article

pipeline = Pipeline([get_stage("repair"), Stage("sleepy", sleepy, requires=("text",))])
config = WebConfig(db=sys.argv[1], port=0, analysis_queue=1)
sock = bind(config)
print(sock.getsockname()[1], flush=True)
serve(config, pipeline=pipeline, sock=sock)
"""


@pytest.fixture
def slow_server(corpus_url: str) -> Iterator[tuple[subprocess.Popen[str], str]]:
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")])
    )
    process = subprocess.Popen(
        [sys.executable, "-c", SERVER, corpus_url, "6"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        port = int(process.stdout.readline())
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while fetch_status(f"{url}/static/app.css") != 200:
            assert time.monotonic() < deadline, "the server did not answer"
            time.sleep(0.1)
        yield process, url
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()


def fetch_status(url: str) -> int | None:
    try:
        return fetch(url).status
    except OSError:
        return None


def _post_analysis(url: str, results: list[tuple[int, dict[str, str], float]]) -> None:
    body, content_type = multipart({"text": "Un titre\n\nLe maire a parlé hier soir."}, {})
    started = time.monotonic()
    reply = fetch(
        f"{url}/analyze.json", method="POST", data=body, headers={"Content-Type": content_type}
    )
    results.append((reply.status, reply.headers, time.monotonic() - started))


def test_robustness_web_analysis_queue_is_bounded_and_pages_stay_fast(
    slow_server: tuple[subprocess.Popen[str], str],
):
    _process, url = slow_server
    results: list[tuple[int, dict[str, str], float]] = []
    posts = [threading.Thread(target=_post_analysis, args=(url, results)) for _ in range(2)]
    for thread in posts:  # one runs (6 s), one waits: the queue is full
        thread.start()
        time.sleep(0.5)
    started = time.monotonic()
    _post_analysis(url, results)
    status, headers, elapsed = results[-1]
    assert status == 503 and elapsed < 3
    assert int(headers["retry-after"]) >= 1
    for page in ("/static/app.css", "/static/app.js", "/api", "/openapi.json", "/search.json"):
        begun = time.monotonic()
        assert fetch(f"{url}{page}").status == 200, page
        assert time.monotonic() - begun < 3, f"{page} waited for the analyses"
    assert time.monotonic() - started < 5  # all while the first analysis still runs
    for thread in posts:
        thread.join(60)
    assert sorted(status for status, _, _ in results) == [200, 200, 503]


def test_robustness_web_sigterm_stops_the_server_during_an_analysis(
    slow_server: tuple[subprocess.Popen[str], str],
):
    process, url = slow_server
    results: list[tuple[int, dict[str, str], float]] = []
    post = threading.Thread(target=_post_analysis, args=(url, results), daemon=True)
    post.start()
    time.sleep(1.0)  # the analysis is running
    process.send_signal(signal.SIGTERM)
    started = time.monotonic()
    process.wait(timeout=30)
    assert time.monotonic() - started < 10  # uvicorn's grace period is 5 s
    assert process.returncode in (0, -signal.SIGTERM)


def test_robustness_serve_stops_cleanly_on_sigterm_and_exits_0(corpus_url: str):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "presswatch", "serve", "--db", corpus_url, "--port", str(port)],
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    deadline = time.monotonic() + 30
    while fetch_status(f"http://127.0.0.1:{port}/static/app.css") != 200:
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.1)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0, stderr
    assert stderr.splitlines()[-1] == "presswatch: dashboard stopped"


def test_robustness_serve_busy_port_is_one_line_and_exit_4(corpus_url: str, capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["serve", "--db", corpus_url, "--port", str(port)]) == EXIT_ADDRESS
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "already in use" in err and "dashboard on" not in err


def test_robustness_web_deep_json_upload_is_400_not_500(server: RunningServer):
    deep = '{"title": "t", "text": "x", "extra": ' + "[" * 1000 + "]" * 1000 + "}"
    body, content_type = multipart({}, {"file": ("deep.json", deep.encode())})
    reply = fetch(
        f"{server.url}/analyze.json", method="POST", data=body,
        headers={"Content-Type": content_type},
    )  # fmt: skip
    assert reply.status == 400 and "nested" in json.loads(reply.body)["error"]


def test_robustness_web_long_paste_is_refused_before_analysis(server: RunningServer):
    """A paste within the upload limit but longer than an article may be
    (Options.max_chars) is a 413 naming the limit, not minutes of analysis."""
    text = "Titre\n\n" + "Le maire parle. " * 20_000  # 320,000 characters, 320 KB
    body, content_type = multipart({"text": text}, {})
    reply = fetch(
        f"{server.url}/analyze.json", method="POST", data=body,
        headers={"Content-Type": content_type},
    )  # fmt: skip
    assert reply.status == 413, reply.body[:300]  # too large for an article
    assert "200,000" in json.loads(reply.body)["error"]
