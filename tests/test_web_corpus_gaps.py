"""The dashboard on corpora a new user has: plain-text files without outlet or
date (the pages say why they are empty and how to fix it), and many outlets
(trends draw the largest, the others summed in one line, with a legend)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from corpus_helpers import make_article, make_record
from presswatch.corpus.store import open_store
from presswatch.corpus.store.types import MetadataGaps
from presswatch.web.config import WebConfig
from presswatch.web.explain import empty_chart_message, no_date, no_outlet
from presswatch.web.server import RunningServer, serve_in_thread
from web_helpers import fetch

OUTLETS = 30


def store_articles(path: Path, articles: list) -> str:
    url = f"sqlite:///{path}"
    with open_store(url, create=True) as store:
        store.add_many([make_record(article) for article in articles])
    return url


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """Four plain-text articles: no outlet, no date."""
    articles = [
        make_article(f"Article {n}", f"Le conseil municipal a voté le budget numéro {n}.")
        for n in range(4)
    ]
    url = store_articles(tmp_path_factory.mktemp("plain") / "plain.db", articles)
    with serve_in_thread(WebConfig(db=url, port=0)) as running:
        yield running


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """30 outlets ("Outlet 00" has the most articles), two undated articles,
    one without an outlet."""
    articles = []
    for number in range(OUTLETS):
        for index in range(OUTLETS - number):
            month = ("2022-01", "2022-02", "2022-03")[index % 3]
            articles.append(
                make_article(
                    f"Budget {number}-{index}",
                    f"Le budget de la ville {number} a été voté, version {index}.",
                    outlet=f"Outlet {number:02d} — édition régionale",
                    published=f"{month}-{index % 28 + 1:02d}",
                )
            )
    articles.append(
        make_article("Sans date", "Le budget sans date.", outlet="Outlet 00 — édition régionale")
    )
    articles.append(
        make_article("Sans date 2", "Un budget sans date.", outlet="Outlet 01 — édition régionale")
    )
    articles.append(make_article("Sans titre", "Le budget sans journal.", published="2022-02-02"))
    url = store_articles(tmp_path_factory.mktemp("many") / "many.db", articles)
    with serve_in_thread(WebConfig(db=url, port=0)) as running:
        yield running


# -- explanations ----------------------------------------------------------------


def test_web_gaps_explanations_say_why_and_how() -> None:
    assert no_outlet(MetadataGaps(4, 0, 0, 0)) is None
    assert no_outlet(MetadataGaps(53, 53, 53, 53)) == (
        "None of the 53 articles has an outlet. Give them one with `presswatch ingest "
        "--outlet NAME` or a metadata sidecar (presswatch-metadata.csv beside the files; see "
        "docs/corpus.md), then run the same ingest again: the stored articles get it."
    )
    assert no_outlet(MetadataGaps(5, 1, 0, 0)).startswith(
        "1 article of 5 has no outlet and is not listed."
    )
    assert no_date(MetadataGaps(10, 0, 3, 4)).startswith(
        "3 articles of 10 matching have no publication date and are left out of the chart."
    )
    assert no_date(MetadataGaps(10, 0, 3, 4), interval="week").startswith(
        "4 articles of 10 matching have no full publication date (year, month and day)"
    )
    assert "--published YYYY-MM-DD" in no_date(MetadataGaps(1, 0, 1, 1))
    assert empty_chart_message(MetadataGaps(0, 0, 0, 0)) == "No article matches."
    assert empty_chart_message(MetadataGaps(53, 0, 53, 53)) == (
        "None of the 53 matching articles has a publication date."
    )


def test_web_gaps_outlets_page_says_why_it_is_empty(plain: RunningServer) -> None:
    page = fetch(f"{plain.url}/outlets").text
    assert "0 outlets, 4 articles." in page
    assert "None of the 4 articles has an outlet. Give them one with `presswatch ingest" in page
    assert fetch(f"{plain.url}/outlets.json").json()["without_outlet"] == 4


def test_web_gaps_trends_say_why_the_chart_is_empty(plain: RunningServer) -> None:
    page = fetch(f"{plain.url}/trends").text
    assert "None of the 4 matching articles has a publication date, so there is nothing" in page
    assert "--published YYYY-MM-DD" in page
    svg = fetch(f"{plain.url}/trends.svg").text
    assert "None of the 4 matching articles has a publication date." in svg
    data = fetch(f"{plain.url}/trends.json").json()
    assert (data["matching_articles"], data["without_date"], data["articles"]) == (4, 4, 0)
    nothing = fetch(f"{plain.url}/trends.svg?q=introuvable").text
    assert "No article matches." in nothing


def test_web_gaps_search_facets_say_what_is_missing(plain: RunningServer) -> None:
    page = fetch(f"{plain.url}/search").text
    assert "none of these articles has an outlet" in page
    assert "none of these articles has a publication date" in page


def test_web_gaps_partly_dated_corpus_notes_what_is_left_out(many: RunningServer) -> None:
    page = fetch(f"{many.url}/trends").text
    assert "2 articles of 468 matching have no publication date and are left out" in page
    assert "1 matching article has no outlet: counted as “(unknown)”." in page
    outlets = fetch(f"{many.url}/outlets").text
    assert "1 article of 468 has no outlet and is not listed." in outlets
    outlet = fetch(
        f"{many.url}/outlets/Outlet%2000%20%E2%80%94%20%C3%A9dition%20r%C3%A9gionale"
    ).text
    assert "1 article of 31 has no publication date" in outlet


# -- many outlets ----------------------------------------------------------------------


def test_web_trends_many_outlets_show_the_largest_and_sum_the_others(many: RunningServer) -> None:
    data = fetch(f"{many.url}/trends.json").json()
    lines = data["lines"]
    assert [line["name"] for line in lines[:2]] == [
        "Outlet 00 — édition régionale",
        "Outlet 01 — édition régionale",
    ]
    assert len(lines) == 7 and lines[-1] == {
        "name": "other outlets (25)",  # 24 outlets and the articles without one
        "articles": sum(range(1, 25)) + 1,
        "other": True,
    }
    assert data["top"] == 6 and data["others"] is True
    assert {point["outlet"] for point in data["series"]} >= {"Outlet 29 — édition régionale"}

    page = fetch(f"{many.url}/trends").text
    assert page.count('class="line-toggle"') == 6  # a check box per named line
    assert 'for="line-0" class="line-label"' in page and "Outlet 00 — édition régionale" in page
    assert "other outlets (25)" in page and "others=0" in page  # hide the others: redraw
    assert "legend-entry" not in page  # the page's legend is HTML, the file's is in the SVG
    svg = fetch(f"{many.url}/trends.svg").text
    assert svg.count('class="legend-entry"') == 7 and "Outlet 05 — édition régionale" in svg
    png = fetch(f"{many.url}/trends.png")
    assert png.status == 200 and png.body.startswith(b"\x89PNG")

    fewer = fetch(f"{many.url}/trends.json?top=3&others=0").json()
    assert [line["other"] for line in fewer["lines"]] == [False, False, False]
    page = fetch(f"{many.url}/trends?top=3&others=0").text
    assert "articles left out" in page and "show</span>" in page
    four = fetch(f"{many.url}/trends?top=4").text
    assert '<option value="4" selected>the 4 largest</option><option value="6">' in four
    assert four.count('class="line-toggle"') == 4
    assert fetch(f"{many.url}/trends?top=11").status == 400
    assert fetch(f"{many.url}/trends.json?others=yes").status == 400
