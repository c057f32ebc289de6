"""The dashboard counts and links people by corpus identity, lists the
speakers with their variants, and says when an analysis was not available
for an article's language (never "no statement found")."""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from corpus_helpers import make_record
from presswatch.core.article import Label, Unavailable
from presswatch.corpus.store import open_store
from presswatch.web.config import WebConfig
from presswatch.web.server import RunningServer, serve_in_thread
from web_helpers import annotated, fetch

FRENCH_STAGES = ["repair", "language", "nlp", "entities", "attribution", "dates", "quantities",
                 "persuasion"]  # fmt: skip
NOT_FOR_ENGLISH = ("nlp", "entities", "attribution", "dates", "quantities")


@dataclass(frozen=True)
class Corpus:
    url: str
    bare_id: str
    full_id: str
    english_id: str
    silent_id: str


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    bare = annotated(
        "Énergie : Macron promet des aides",
        ["« Nous aiderons les ménages », a déclaré Macron mardi à l'Élysée."],
        outlet="Le Quotidien", published="2022-01-10", url="https://q.example/1",
        entities=(("Macron", "PER"),),
        quotes=(("Macron", "a déclaré", "Nous aiderons les ménages"),),
    )  # fmt: skip
    full = annotated(
        "Énergie : le plan du gouvernement",
        ["« Le plan sera prêt en mars », a affirmé Emmanuel Macron devant la presse."],
        outlet="La Gazette", published="2022-02-10", url="https://g.example/2",
        entities=(("Emmanuel Macron", "PER"),),
        quotes=(("Emmanuel Macron", "a affirmé", "Le plan sera prêt en mars"),),
    )  # fmt: skip
    english = annotated(
        "Energy: the government's plan",
        ['"The plan will be ready in March," Emmanuel Macron told reporters on Tuesday.'],
        outlet="The Wire", published="2022-02-11", url="https://w.example/3", language="en",
    )  # fmt: skip
    silent = annotated(
        "Énergie : les prix de gros reculent",
        ["Les prix de gros de l'électricité ont reculé pendant la semaine passée en Europe."],
        outlet="La Gazette", published="2022-02-12", url="https://g.example/4",
    )  # fmt: skip
    english.stages = ["repair", "language", "persuasion"]
    english.unavailable = [Unavailable(s, "unavailable for language en") for s in NOT_FOR_ENGLISH]
    english.genre = Label("reporting", 0.8)
    for article in (bare, full, silent):
        article.stages = list(FRENCH_STAGES)
    path = tmp_path_factory.mktemp("web-identities") / "corpus.db"
    with open_store(str(path), create=True) as store:
        store.add_many([make_record(a) for a in (bare, full, english, silent)])
    return Corpus(f"sqlite:///{path}", bare.id, full.id, english.id, silent.id)


@pytest.fixture(scope="module")
def server(corpus: Corpus) -> Iterator[RunningServer]:
    with serve_in_thread(WebConfig(db=corpus.url, port=0)) as running:
        yield running


def q(value: str) -> str:
    return urllib.parse.quote(value, safe="")


def test_web_identities_facets_count_a_person_once(server: RunningServer) -> None:
    data = fetch(f"{server.url}/search.json").json()
    speakers = {f["value"]: f["count"] for f in data["facets"]["speaker"]}
    assert speakers == {"Emmanuel Macron": 2}
    entities = {f["value"]: f["count"] for f in data["facets"]["entity"]}
    assert entities == {"Emmanuel Macron": 2}
    for name in ("Macron", "Emmanuel Macron", "M. Macron"):
        assert fetch(f"{server.url}/search.json?speaker={q(name)}").json()["total"] == 2
    trend = fetch(f"{server.url}/trends.json?speaker=Macron").json()
    assert trend["articles"] == 2
    outlet = fetch(f"{server.url}/outlets/{q('Le Quotidien')}.json").json()
    assert outlet["top_speakers"] == [{"value": "Emmanuel Macron", "articles": 1}]


def test_web_identities_who_says_what_names_the_identity(
    server: RunningServer, corpus: Corpus
) -> None:
    page = fetch(f"{server.url}/articles/{corpus.bare_id}").text
    assert '<a href="/search?speaker=Emmanuel+Macron">Macron</a>' in page
    assert "= Emmanuel Macron" in page
    data = fetch(f"{server.url}/articles/{corpus.bare_id}.json").json()
    assert data["identities"]["Macron"]["name"] == "Emmanuel Macron"
    full = fetch(f"{server.url}/articles/{corpus.full_id}.json").json()
    assert full["identities"]["Emmanuel Macron"] == data["identities"]["Macron"]


def test_web_identities_speakers_page_lists_variants(server: RunningServer) -> None:
    data = fetch(f"{server.url}/speakers.json").json()
    assert data["kind"] == "speaker"
    [macron] = data["identities"]
    assert macron["name"] == "Emmanuel Macron" and macron["articles"] == 2
    assert {v["value"] for v in macron["variants"]} == {"Macron", "Emmanuel Macron"}
    page = fetch(f"{server.url}/speakers").text
    assert '<a href="/search?speaker=Macron">Macron</a>' in page
    assert 'aria-current="page">Speakers<' in page
    entities = fetch(f"{server.url}/speakers.json?kind=entity&outlet={q('La Gazette')}").json()
    assert [i["articles"] for i in entities["identities"]] == [1]
    assert fetch(f"{server.url}/speakers?kind=planets").status == 400


def test_web_identities_article_says_what_is_not_available_for_its_language(
    server: RunningServer, corpus: Corpus
) -> None:
    page = fetch(f"{server.url}/articles/{corpus.english_id}").text
    assert "No statement attributed" not in page
    assert (
        "Quotes and attributions: not available for articles in English (en), "
        "so nothing was looked for." in page
    )
    assert "Entities: not available for articles in English (en)" in page
    assert "Quantities and dates: not available for articles in English (en)" in page
    assert "Analyses for English (en): ran: text repair, language identification" in page
    assert "not available: linguistic analysis, named entities, quotes and attributions" in page
    data = fetch(f"{server.url}/articles/{corpus.english_id}.json").json()
    assert data["analyses"]["language"] == "English (en)"
    assert {u["analysis"] for u in data["analyses"]["unavailable"]} >= {"quotes and attributions"}
    silent = fetch(f"{server.url}/articles/{corpus.silent_id}").text
    assert "No statement attributed in this article." in silent  # it ran and found nothing
    assert "not available for articles" not in silent
    assert "Analyses for French (fr): ran: text repair" in silent


def test_web_identities_openapi_documents_the_speakers_page(server: RunningServer) -> None:
    doc = fetch(f"{server.url}/openapi.json").json()
    assert {"/speakers.json", "/speakers"} <= set(doc["paths"])
    assert "Speakers" in doc["components"]["schemas"]


def test_web_identities_a_migrated_corpus_serves_identities(tmp_path: Path) -> None:
    """A corpus migrated from schema version 3 serves the same identities."""
    from test_store_identities import CORPUS, _as_version_3

    path = tmp_path / "old.db"
    with open_store(str(path), create=True) as store:
        store.add_many([make_record(a) for a in CORPUS[:2]])
        _as_version_3(store)
    with serve_in_thread(WebConfig(db=f"sqlite:///{path}", port=0)) as running:
        data = fetch(f"{running.url}/speakers.json").json()
    assert [i["name"] for i in data["identities"]] == ["Vladimir Poutine"]
