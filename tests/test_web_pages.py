"""The dashboard over HTTP: a real server on localhost, a temporary corpus."""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from presswatch.cli import main
from presswatch.corpus.store import open_store
from presswatch.web.config import WebConfig, WebConfigError
from presswatch.web.server import RunningServer, serve_in_thread
from web_helpers import XSS_NAME, WebCorpus, build_corpus, fetch, multipart


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> WebCorpus:
    return build_corpus(tmp_path_factory.mktemp("web") / "corpus.db")


@pytest.fixture(scope="module")
def server(corpus: WebCorpus) -> Iterator[RunningServer]:
    with serve_in_thread(WebConfig(db=corpus.url, port=0, max_upload=64 * 1024)) as running:
        yield running


def parse_elements(page: str) -> list[tuple[str, dict[str, str | None]]]:
    """Every element of an HTML page with its attributes, as a browser parses them."""
    elements: list[tuple[str, dict[str, str | None]]] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            elements.append((tag, dict(attrs)))

    Collector().feed(page)
    return elements


def q(value: str) -> str:
    return urllib.parse.quote(value, safe="")


# -- search ----------------------------------------------------------------------


def test_web_search_json_has_highlights_total_and_facets(server: RunningServer) -> None:
    reply = fetch(f"{server.url}/search.json?q=gaz")
    assert reply.status == 200
    data = reply.json()
    assert data["total"] >= 4
    assert len(data["hits"]) == min(data["total"], 20)
    assert any("<mark>" in hit["title_html"] + hit["snippet_html"] for hit in data["hits"])
    outlets = {f["value"]: f["count"] for f in data["facets"]["outlet"]}
    assert sum(outlets.values()) == data["total"]
    assert set(data["facets"]) == {
        "outlet", "language", "month", "technique", "speaker", "source", "entity", "via",
    }  # fmt: skip


def test_web_search_results_show_where_each_article_came_from(
    server: RunningServer, corpus: WebCorpus
) -> None:
    data = fetch(f"{server.url}/search.json?q=facture").json()
    main = next(hit for hit in data["hits"] if hit["id"] == corpus.main_id)
    assert main["source"] == "test:https://quotidien.example/gaz-facture"
    page = fetch(f"{server.url}/search?q=facture").text
    assert (
        '<span class="source-path" title="read from">test:https://quotidien.example/gaz-facture'
        in page
    )
    article = fetch(f"{server.url}/articles/{corpus.main_id}").text
    assert "read from test:https://quotidien.example/gaz-facture" in article


def test_web_search_facet_filters_the_results(server: RunningServer) -> None:
    everything = fetch(f"{server.url}/search.json?q=march%C3%A9").json()
    counts = {f["value"]: f["count"] for f in everything["facets"]["outlet"]}
    filtered = fetch(f"{server.url}/search.json?q=march%C3%A9&outlet={q('La Gazette')}").json()
    assert filtered["total"] == counts["La Gazette"] < everything["total"]
    assert {hit["outlet"] for hit in filtered["hits"]} == {"La Gazette"}
    selected = [f for f in filtered["facets"]["outlet"] if f["selected"]]
    assert [f["value"] for f in selected] == ["La Gazette"]
    technique = fetch(f"{server.url}/search.json?technique=Loaded_Language").json()
    assert technique["total"] == 1


def test_web_search_sorts_by_date_and_paginates(server: RunningServer) -> None:
    data = fetch(f"{server.url}/search.json?q=march%C3%A9&sort=date&per_page=5&page=2").json()
    dates = [hit["published"] for hit in data["hits"]]
    assert len(dates) == 5 and dates == sorted(dates, reverse=True)
    assert data["next"].startswith("/search.json?") and "&page=3" in data["next"]
    assert "&page=" not in data["previous"]  # page 1
    first = fetch(f"{server.url}/search.json?q=march%C3%A9&sort=date&per_page=5").json()
    assert first["hits"][0]["published"] >= dates[0]


def test_web_search_says_more_than_when_the_count_stops(
    server: RunningServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Beyond the store's COUNT_CAP the page says "more than N", the JSON has
    total_capped, and the pages end at the cap (a page beyond: a clear 400)."""
    from presswatch.corpus.store import base

    monkeypatch.setattr(base, "COUNT_CAP", 3)
    query = "gaz%20OR%20march%C3%A9"  # a query of this test alone (the results are cached)
    data = fetch(f"{server.url}/search.json?q={query}&per_page=2").json()
    assert (data["total"], data["total_capped"], len(data["hits"])) == (3, True, 2)
    assert "&page=2" in data["next"]
    second = fetch(f"{server.url}/search.json?q={query}&per_page=2&page=2").json()
    assert len(second["hits"]) == 1 and second["next"] is None
    page = fetch(f"{server.url}/search?q={query}&per_page=2").text
    assert "more than 3 matching articles" in page
    beyond = fetch(f"{server.url}/search?q={query}&per_page=2&page=3")
    assert beyond.status == 400 and "only the first 3 matches are paged" in beyond.text
    uncapped = fetch(f"{server.url}/search.json?q=gaz&since=2030-01-01").json()
    assert (uncapped["total"], uncapped["total_capped"]) == (0, False)


def test_web_search_bad_query_is_a_clear_400(server: RunningServer) -> None:
    page = fetch(f"{server.url}/search?q=%28gaz")
    assert page.status == 400
    assert "bad search query" in page.text and "Traceback" not in page.text
    data = fetch(f"{server.url}/search.json?q=%28gaz")
    assert data.status == 400 and "bad search query" in data.json()["error"]
    assert fetch(f"{server.url}/search?page=0").status == 400
    assert fetch(f"{server.url}/search?bogus=1").status == 400
    assert fetch(f"{server.url}/search?since=yesterday").status == 400


# -- article -----------------------------------------------------------------------


def test_web_article_json_twin_and_accept_header(server: RunningServer, corpus: WebCorpus) -> None:
    twin = fetch(f"{server.url}/articles/{corpus.main_id}.json")
    negotiated = fetch(
        f"{server.url}/articles/{corpus.main_id}", headers={"Accept": "application/json"}
    )
    assert twin.status == negotiated.status == 200
    assert twin.json() == negotiated.json()
    article = twin.json()["article"]
    assert article["id"] == corpus.main_id and twin.json()["stored"] is True
    assert article["quotes"][0]["speaker"] == "Emmanuel Macron"
    assert {t["technique"] for t in article["techniques"]} >= {"Loaded_Language", "Doubt"}


def test_web_article_page_marks_every_layer(server: RunningServer, corpus: WebCorpus) -> None:
    page = fetch(f"{server.url}/articles/{corpus.main_id}").text
    assert 'class="quote quote-direct"' in page and 'data-quote="0"' in page
    assert 'class="speaker"' in page and 'class="cue"' in page
    assert 'title="Emmanuel Macron — direct (person)"' in page  # the speaker on hover
    assert 'class="technique tech-loaded_language"' in page
    assert "tech-doubt" not in page  # its score, 0.3, is below the display threshold
    assert "1 weaker mark not shown" in page and "at least 0.50" in page
    assert 'id="t-techniques">' in page and 'id="t-entities">' in page  # off at first
    assert 'id="t-quotes" checked>' in page and 'id="t-figures" checked>' in page
    assert 'class="entity ent-per"' in page and 'class="quantity"' in page
    assert 'class="date"' in page
    assert "Who says what / according to whom" in page
    assert "Economic" in page and "reporting" in page  # frames and genre
    start = page.index('href="/assets/techniques.css?') + 6
    stylesheet = fetch(server.url + page[start : page.index('"', start)].replace("&amp;", "&"))
    assert stylesheet.status == 200 and stylesheet.headers["content-type"].startswith("text/css")
    assert ".tech-loaded_language{background:#" in stylesheet.text


def test_web_article_links_near_duplicates(server: RunningServer, corpus: WebCorpus) -> None:
    copy = fetch(f"{server.url}/articles/{corpus.copy_id}").text
    assert f'href="/articles/{corpus.original_id}"' in copy and "copied from" in copy
    original = fetch(f"{server.url}/articles/{corpus.original_id}.json").json()
    assert [link["id"] for link in original["links"]] == [corpus.copy_id]


def test_web_hostile_article_is_escaped_everywhere(
    server: RunningServer, corpus: WebCorpus
) -> None:
    pages = [
        fetch(f"{server.url}/articles/{corpus.hostile_id}").text,
        fetch(f"{server.url}/search?q=ministre").text,
        fetch(f"{server.url}/search?q=source").text,
        fetch(f"{server.url}/outlets/{q('<b>Evil</b> Media')}").text,
        fetch(f"{server.url}/outlets").text,
        fetch(f"{server.url}/trends?outlet={q('<b>Evil</b> Media')}").text,
    ]
    for page in pages:
        elements = parse_elements(page)
        scripts = [attrs for tag, attrs in elements if tag == "script"]
        assert scripts == [{"src": "/static/app.js", "defer": None}]
        assert not [tag for tag, _ in elements if tag in ("img", "iframe", "object", "embed")]
        for tag, attrs in elements:
            assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
            for name in ("href", "src", "action"):
                assert not (attrs.get(name) or "").strip().lower().startswith("javascript:")
            if tag == "svg":
                assert attrs.get("class", "").startswith("chart")  # only our charts
        assert "<b>Evil</b>" not in page
    article = pages[0]
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in article
    assert "javascript:window.__pwned=7" in article  # shown as text, not linked
    assert "&lt;b&gt;Evil&lt;/b&gt; Media" in pages[3]
    svg = fetch(f"{server.url}/trends.svg?outlet={q('<b>Evil</b> Media')}").text
    assert "<b>" not in svg and "&lt;b&gt;Evil" in svg
    facets = fetch(f"{server.url}/search.json?q=source").json()["facets"]
    assert XSS_NAME in [f["value"] for f in facets["speaker"]]  # JSON keeps the raw value


# -- outlets, trends ---------------------------------------------------------------


def test_web_outlet_profile_counts_paragraphs(server: RunningServer, corpus: WebCorpus) -> None:
    name = "Le Quotidien"
    data = fetch(f"{server.url}/outlets/{q(name)}.json").json()
    with open_store(corpus.url) as store:
        articles = list(store.export())
    mine = [a for a in articles if a.outlet == name]
    assert data["articles"] == len(mine)
    profile = data["technique_profile"]
    assert profile["outlet_paragraphs"] == sum(len(a.paragraphs) for a in mine)
    assert profile["corpus_paragraphs"] == sum(len(a.paragraphs) for a in articles)
    rows = {row["technique"]: row for row in profile["techniques"]}
    naming = rows["Name_Calling-Labeling"]
    expected = sum(1 for a in mine for t in a.techniques if t.technique == naming["technique"])
    assert naming["outlet_paragraphs"] == expected
    assert naming["outlet_share"] == pytest.approx(
        expected / profile["outlet_paragraphs"], abs=1e-6
    )
    assert rows["Loaded_Language"]["outlet_paragraphs"] == 1
    assert sum(p["articles"] for p in data["volume"]) == len(mine)
    assert data["top_speakers"][0] == {"value": "Olaf Scholz", "articles": 6}
    page = fetch(f"{server.url}/outlets/{q(name)}")
    assert page.status == 200 and "<svg" in page.text and "Technique profile" in page.text
    assert fetch(f"{server.url}/outlets/{q('Nobody')}").status == 404
    listing = fetch(f"{server.url}/outlets.json").json()
    assert sum(o["articles"] for o in listing["outlets"]) == corpus.articles


def test_web_trends_json_csv_svg_png(server: RunningServer) -> None:
    params = f"speaker={q('Olaf Scholz')}&interval=week"
    data = fetch(f"{server.url}/trends.json?{params}").json()
    assert data["interval"] == "week" and data["articles"] == 6
    assert all("-W" in point["period"] for point in data["series"])
    csv = fetch(f"{server.url}/trends.csv?{params}")
    assert csv.status == 200 and csv.headers["content-type"].startswith("text/csv")
    lines = csv.text.strip().split("\n")
    assert lines[0] == "period,outlet,articles" and len(lines) - 1 == len(data["series"])
    svg = fetch(f"{server.url}/trends.svg?{params}")
    assert svg.headers["content-type"] == "image/svg+xml" and "<polyline" in svg.text
    png = fetch(f"{server.url}/trends.png?{params}")
    assert png.headers["content-type"] == "image/png" and png.body[:8] == b"\x89PNG\r\n\x1a\n"
    assert "attachment" in png.headers["content-disposition"]
    page = fetch(f"{server.url}/trends?{params}").text
    assert "<svg" in page and "/trends.png?" in page and "/trends.csv?" in page


# -- API description, errors, security ------------------------------------------------


def test_web_openapi_describes_every_json_route(server: RunningServer, corpus: WebCorpus) -> None:
    doc = fetch(f"{server.url}/openapi.json").json()
    assert doc["openapi"].startswith("3.1")
    samples = {"{id}": corpus.main_id, "{name}": q("La Gazette")}
    for path, item in doc["paths"].items():
        url = path
        for placeholder, value in samples.items():
            url = url.replace(placeholder, value)
        for method, operation in item.items():
            if method != "get":
                continue
            reply = fetch(server.url + url)
            assert str(reply.status) in operation["responses"], path
            assert reply.status == 200, path
    routes = {"/search.json", "/articles/{id}.json", "/outlets.json", "/outlets/{name}.json",
              "/trends.json", "/trends.csv", "/trends.svg", "/trends.png", "/analyze.json"}  # fmt: skip
    assert routes <= set(doc["paths"])
    assert "ArticlePage" in doc["components"]["schemas"]
    assert fetch(f"{server.url}/api").status == 200


def test_web_security_headers_on_every_response(server: RunningServer, corpus: WebCorpus) -> None:
    for path in (
        "/search",
        f"/articles/{corpus.main_id}",
        "/nope",
        "/static/app.js",
        "/search?q=(",
    ):
        reply = fetch(server.url + path)
        csp = reply.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert reply.headers["x-content-type-options"] == "nosniff"


def test_web_errors_are_short_and_never_traces(server: RunningServer) -> None:
    cases = {
        "/articles/0000000000000000": 404,
        "/articles/..%2F..%2Fetc%2Fpasswd": 404,
        "/nowhere": 404,
        "/static/../app.py": 404,
        "/static/%2e%2e/app.py": 404,
        "/static/..%2fapp.py": 404,
        "/outlets.json?x=1": 400,
        "/trends.json?interval=year": 400,
    }
    for path, status in cases.items():
        reply = fetch(server.url + path)
        assert reply.status == status, path
        assert "Traceback" not in reply.text and 'File "' not in reply.text
    assert fetch(f"{server.url}/search", method="DELETE").status == 405
    assert fetch(f"{server.url}/search", method="POST", data=b"x").status == 405


def test_web_refuses_foreign_host_headers_on_loopback(server: RunningServer) -> None:
    assert fetch(f"{server.url}/search", headers={"Host": "evil.example"}).status == 421
    assert fetch(f"{server.url}/search", headers={"Host": "localhost:1"}).status == 200


def test_web_analyze_limits_size_and_origin(server: RunningServer) -> None:
    body, content_type = multipart({"text": "x" * (200 * 1024)}, {})
    big = fetch(
        f"{server.url}/analyze.json", method="POST", data=body,
        headers={"Content-Type": content_type},
    )  # fmt: skip
    assert big.status == 413 and "too large" in big.json()["error"]
    body, content_type = multipart({"text": "Titre\n\nUn texte."}, {})
    foreign = fetch(
        f"{server.url}/analyze", method="POST", data=body,
        headers={"Content-Type": content_type, "Origin": "http://evil.example"},
    )  # fmt: skip
    assert foreign.status == 403
    empty, content_type = multipart({"text": "  "}, {})
    reply = fetch(
        f"{server.url}/analyze", method="POST", data=empty, headers={"Content-Type": content_type}
    )
    assert reply.status == 400 and "paste a text" in reply.text


def test_web_analyze_old_urls_redirect_keeping_the_method(server: RunningServer) -> None:
    form = fetch(f"{server.url}/analyse?x=1")
    assert form.status == 308 and form.headers["location"] == "/analyze?x=1"
    body, content_type = multipart({"text": "  "}, {})
    post = fetch(
        f"{server.url}/analyse.json", method="POST", data=body,
        headers={"Content-Type": content_type},
    )  # fmt: skip
    assert post.status == 308 and post.headers["location"] == "/analyze.json"
    assert fetch(f"{server.url}/analyze").status == 200


@pytest.mark.slow
def test_web_analyze_shows_an_article_without_storing_it(
    server: RunningServer, corpus: WebCorpus
) -> None:
    text = (
        "Sommet sur l'énergie à Bruxelles\n\n"
        "« Nous devons agir vite », a déclaré Ursula von der Leyen lundi à Bruxelles.\n\n"
        "Les prix ont augmenté de 30 % depuis janvier."
    )
    body, content_type = multipart({}, {"file": ("../../etc/passwd", text.encode("utf-8"))})
    reply = fetch(
        f"{server.url}/analyze.json", method="POST", data=body,
        headers={"Content-Type": content_type},
    )  # fmt: skip
    assert reply.status == 200, reply.text
    data = reply.json()
    assert data["stored"] is False
    assert data["article"]["title"] == "Sommet sur l'énergie à Bruxelles"
    assert any(qt["speaker"] == "Ursula von der Leyen" for qt in data["article"]["quotes"])
    assert data["article"]["source"] == ".._.._etc_passwd"  # a label, never a path
    body, content_type = multipart({"text": text}, {})
    page = fetch(
        f"{server.url}/analyze", method="POST", data=body, headers={"Content-Type": content_type}
    )
    assert page.status == 200 and "not stored in the corpus" in page.text
    assert 'class="quote quote-direct"' in page.text
    with open_store(corpus.url) as store:
        assert store.count() == corpus.articles


# -- access token, configuration --------------------------------------------------------


def test_web_token_is_required_when_set(corpus: WebCorpus) -> None:
    token = "s3cret-token-for-the-tests"
    with serve_in_thread(WebConfig(db=corpus.url, port=0, token=token)) as running:
        assert fetch(f"{running.url}/search").status == 401
        assert (
            fetch(f"{running.url}/search", headers={"Authorization": "Bearer nope"}).status == 401
        )
        bearer = fetch(f"{running.url}/search.json", headers={"Authorization": f"Bearer {token}"})
        assert bearer.status == 200
        exchange = fetch(f"{running.url}/search?q=gaz&token={token}")
        assert exchange.status == 303 and exchange.headers["location"] == "/search?q=gaz"
        cookie = exchange.headers["set-cookie"].split(";")[0]
        assert "httponly" in exchange.headers["set-cookie"].lower()
        assert fetch(f"{running.url}/search?q=gaz", headers={"Cookie": cookie}).status == 200
        # With a token, the Host header is not restricted to loopback names.
        other_host = {"Host": "dashboard.example", "Authorization": f"Bearer {token}"}
        assert fetch(f"{running.url}/search", headers=other_host).status == 200


def test_web_config_refuses_unsafe_bindings() -> None:
    with pytest.raises(WebConfigError, match="--token"):
        WebConfig(host="0.0.0.0").check()
    with pytest.raises(WebConfigError, match="16 characters"):
        WebConfig(host="0.0.0.0", token="short").check()
    with pytest.raises(WebConfigError, match="letters, digits"):
        WebConfig(host="0.0.0.0", token="a; b=c" * 4).check()
    assert WebConfig(host="0.0.0.0", token="x" * 16).check().host == "0.0.0.0"
    assert WebConfig(host="::1").check().token is None


def test_web_serve_command_errors_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--host", "0.0.0.0", "--db", str(tmp_path / "x.db")]) == 2
    assert "--token" in capsys.readouterr().err
    assert main(["serve", "--db", str(tmp_path / "missing.db")]) == 3  # database error
    err = capsys.readouterr().err
    assert err.startswith("presswatch: error:") and "no such database" in err
