"""Store behaviour on both backends: storing, de-duplication, search,
filters, facets, time series, near-duplicates, stats and export."""

from __future__ import annotations

import pytest

from corpus_helpers import make_article, make_record
from presswatch.corpus.store import ArticleNotFoundError, FilterError, Filters, Store
from presswatch.corpus.store.migrations import SCHEMA_VERSION

UKRAINE = (
    "La Russie masse des troupes à la frontière ukrainienne, affirme Washington. Moscou dément "
    "toute intention d'envahir son voisin et accuse l'Otan de provocations répétées depuis des mois."
)


@pytest.fixture
def corpus(store: Store) -> Store:
    store.add_many(
        [
            make_record(
                make_article(
                    "La vaccination obligatoire en débat",
                    "Le gouvernement défend l'obligation vaccinale ; l'État tient bon.",
                    outlet="Sputnik France",
                    published="2022-01-31",
                    speakers=("Olivier Véran",),
                    entities=("France",),
                    techniques=("Loaded_Language", "Doubt"),
                    url="https://fr.sputniknews.com/vaccin.html?utm_source=x",
                )
            ),
            make_record(
                make_article(
                    "Élections : Macron en tête",
                    "Emmanuel Macron devance Marine Le Pen selon l'Ifop.",
                    outlet="Le Monde",
                    published="2022-03-02",
                    speakers=("Emmanuel Macron",),
                    sources=("Ifop",),
                    entities=("France", "Emmanuel Macron"),
                )
            ),
            make_record(
                make_article(
                    "Ukraine : les tensions montent",
                    UKRAINE,
                    outlet="Sputnik France",
                    published="2022-02-10",
                    language="fr",
                    entities=("Russie", "Ukraine"),
                    techniques=("Loaded_Language",),
                )
            ),
            make_record(
                make_article(
                    "Tensions at the border",
                    "Russia masses troops at the Ukrainian border.",
                    outlet="BBC",
                    published="2022-02-11",
                    language="en",
                )
            ),
        ]
    )
    return store


def test_store_search_is_accent_and_case_insensitive(corpus: Store) -> None:
    for query in ("etat", "ÉTAT", "état", "elections"):
        page = corpus.search(query)
        assert page.total == 1, query
    assert corpus.search("etat").hits[0].title.plain == "La vaccination obligatoire en débat"


def test_store_search_highlights_matches_in_title_and_snippet(corpus: Store) -> None:
    hit = corpus.search("vaccin*").hits[0]
    assert hit.title.marked() == "La [vaccination] obligatoire en débat"
    assert "[vaccinale]" in hit.snippet.marked()
    assert "<mark>vaccinale</mark>" in hit.snippet.html()


def test_store_search_snippet_html_escapes_article_text(store: Store) -> None:
    store.add(
        make_record(make_article("Balise", "Un <script>alert(1)</script> piégé dans le texte."))
    )
    snippet = store.search("piégé").hits[0].snippet
    assert "<script>" not in snippet.html()
    assert "<mark>piégé</mark>" in snippet.html()
    if "<script>" in snippet.plain:
        assert "&lt;script&gt;" in snippet.html()


def test_store_search_phrases_prefixes_boolean_and_fields(corpus: Store) -> None:
    assert corpus.search('"troupes à la frontière"').total == 1
    assert corpus.search('"frontière à la troupes"').total == 0
    assert corpus.search("tension*").total == 2
    assert corpus.search("macron OR vaccination").total == 2
    assert corpus.search("tension* NOT russia").total == 1
    assert corpus.search("title:ukraine").total == 1
    assert corpus.search("body:ukrainienne").total == 1
    assert corpus.search("title:ukrainienne").total == 0


def test_store_search_ranks_title_matches_first(store: Store) -> None:
    store.add_many(
        [
            make_record(
                make_article("Le marché du blé", "Les prix montent. Le gaz aussi, un peu.")
            ),
            make_record(make_article("Le gaz russe", "Les livraisons reprennent lundi.")),
        ]
    )
    hits = store.search("gaz").hits
    assert [h.title.plain for h in hits] == ["Le gaz russe", "Le marché du blé"]
    assert hits[0].score > hits[1].score


def test_store_search_filters(corpus: Store) -> None:
    def total(**kwargs: object) -> int:
        return corpus.search(None, Filters(**kwargs)).total  # type: ignore[arg-type]

    assert total(outlets=("sputnik france",)) == 2
    assert total(outlets=("Le Monde", "BBC")) == 2
    assert total(languages=("en",)) == 1
    assert total(since="2022-02-01") == 3
    assert total(until="2022-02-10") == 2
    assert total(since="2022-02", until="2022-02") == 2
    assert total(speakers=("emmanuel macron",)) == 1
    assert total(sources=("IFOP",)) == 1
    assert total(entities=("France",)) == 2
    assert total(techniques=("Loaded_Language",)) == 2
    assert total(techniques=("Loaded_Language",), outlets=("Le Monde",)) == 0
    assert corpus.search("tension*", Filters(languages=("fr",))).total == 1


def test_store_search_sort_limit_offset_and_total(corpus: Store) -> None:
    page = corpus.search(None, limit=2)
    assert page.total == 4
    assert [h.published for h in page.hits] == ["2022-03-02", "2022-02-11"]
    second = corpus.search(None, limit=2, offset=2)
    assert [h.published for h in second.hits] == ["2022-02-10", "2022-01-31"]
    assert corpus.search(None, limit=2, offset=10).hits == ()
    by_date = corpus.search("tension*", sort="date")
    assert [h.published for h in by_date.hits] == ["2022-02-11", "2022-02-10"]
    ranked = corpus.search("tension*")
    pages = [corpus.search("tension*", limit=1, offset=n).hits[0].id for n in (0, 1)]
    assert pages == [h.id for h in ranked.hits] and ranked.total == 2
    filtered = corpus.search("tension*", Filters(outlets=("BBC",)), limit=1)
    assert (filtered.total, filtered.hits[0].outlet) == (1, "BBC")
    assert filtered.hits[0].title.marked() == "[Tensions] at the border"


def test_store_search_counts_matches_up_to_the_cap_and_pages_no_further(
    corpus: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Beyond COUNT_CAP matches the count stops (``total_capped``: "more
    than"), for a query, filters or both; the whole corpus and one facet value
    alone are counted exactly (their counts are kept); pages reach the first
    COUNT_CAP matches."""
    from presswatch.corpus.store import base

    monkeypatch.setattr(base, "COUNT_CAP", 2)
    for query, filters in (
        ("france OR ukraine OR russia OR macron OR vaccination", None),
        (None, Filters(since="2022-01-01")),
        ("france OR ukraine OR russia OR macron", Filters(since="2022-01-01")),
    ):
        page = corpus.search(query, filters, limit=1)
        assert (page.total, page.total_capped) == (2, True), (query, filters)
        last = corpus.search(query, filters, sort="date", limit=5, offset=1)
        assert len(last.hits) == 1  # cut at the cap
        with pytest.raises(FilterError, match="only the first 2 matches are paged"):
            corpus.search(query, filters, limit=1, offset=2)
    whole = corpus.search(None, limit=1)
    assert (whole.total, whole.total_capped) == (4, False)
    few = corpus.search("tension*", limit=1)
    assert (few.total, few.total_capped) == (2, False)  # exactly the cap: not more
    one = corpus.search("vaccination")
    assert (one.total, one.total_capped) == (1, False)
    monkeypatch.setattr(base, "COUNT_CAP", 1)  # one facet value alone: its kept count, exact
    kept = corpus.search(None, Filters(techniques=("Loaded_Language",)), limit=1)
    assert (kept.total, kept.total_capped, len(kept.hits)) == (2, False, 1)


def test_store_search_query_with_filters_finds_the_same_whatever_the_filters_size(
    corpus: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite applies a few filtered articles in the full-text index one by
    one, and checks the index's matches against the list of many: the same
    hits and totals either way."""
    from presswatch.corpus.store import sqlite as store_sqlite

    requests = [
        ("tension*", Filters(outlets=("BBC",))),
        ("tension* OR france", Filters(since="2022-02-01")),
        ("vaccination OR ukraine", Filters(languages=("fr",), outlets=("Sputnik France",))),
    ]

    def results() -> list[tuple[int, list[str]]]:
        pages = [
            corpus.search(q, f, sort=sort) for q, f in requests for sort in ("relevance", "date")
        ]
        return [(page.total, [hit.id for hit in page.hits]) for page in pages]

    monkeypatch.setattr(store_sqlite, "FEW_FILTERED", 1000)
    few = results()
    monkeypatch.setattr(store_sqlite, "FEW_FILTERED", 0)
    assert results() == few
    assert [total for total, _ in few] == [1, 1, 2, 2, 2, 2]


@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.search("x", limit=0),
        lambda s: s.search("x", limit=5000),
        lambda s: s.search("x", offset=-1),
        lambda s: s.search("x", offset=10_000),
        lambda s: s.search("x", sort="random"),
        lambda s: s.search(None, Filters(since="last week")),
        lambda s: s.timeseries(interval="day"),
        lambda s: s.timeseries(by="speaker"),
    ],
)
def test_store_search_bad_arguments_raise_filter_error(corpus: Store, call) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(FilterError):
        call(corpus)


def test_store_search_values_are_parameters_not_sql(corpus: Store) -> None:
    evil = "x' OR 1=1 --"
    assert corpus.search(None, Filters(outlets=(evil,), speakers=(evil,))).total == 0
    assert corpus.search(f'"{evil}"').total == 0
    assert corpus.count() == 4


def test_store_facets_count_matching_articles(corpus: Store) -> None:
    facets = corpus.facets()
    assert facets.total == 4
    assert facets["outlet"][0].value == "Sputnik France" and facets["outlet"][0].count == 2
    assert {v.value: v.count for v in facets["language"]} == {"fr": 3, "en": 1}
    assert {v.value: v.count for v in facets["technique"]} == {"Loaded_Language": 2, "Doubt": 1}
    assert {v.value for v in facets["speaker"]} == {"Olivier Véran", "Emmanuel Macron"}
    assert [v.value for v in facets["source"]] == ["Ifop"]
    assert facets["entity"][0].value == "France"
    assert {v.value for v in facets["month"]} == {"2022-01", "2022-02", "2022-03"}
    narrowed = corpus.facets("tension*")
    assert narrowed.total == 2
    assert {v.value for v in narrowed["outlet"]} == {"Sputnik France", "BBC"}


def test_store_timeseries_by_month_and_week(corpus: Store) -> None:
    months = corpus.timeseries()
    assert [(p.period, p.group, p.count) for p in months] == [
        ("2022-01", "Sputnik France", 1),
        ("2022-02", "BBC", 1),
        ("2022-02", "Sputnik France", 1),
        ("2022-03", "Le Monde", 1),
    ]
    weeks = corpus.timeseries("tension*", interval="week", by="language")
    assert [(p.period, p.group) for p in weeks] == [("2022-W06", "en"), ("2022-W06", "fr")]


def test_store_get_article_round_trips_the_analysis(corpus: Store) -> None:
    hit = corpus.search("vaccination").hits[0]
    article = corpus.get_article(hit.id)
    assert article.title == "La vaccination obligatoire en débat"
    assert [t.technique for t in article.techniques] == ["Loaded_Language", "Doubt"]
    assert article.quotes[0].speaker == "Olivier Véran"
    with pytest.raises(ArticleNotFoundError):
        corpus.get_article("0000000000000000")


def test_store_duplicates_are_stored_once(corpus: Store) -> None:
    same_url = make_article(
        "Autre titre", "Autre texte.", url="https://FR.sputniknews.com/vaccin.html#top"
    )
    same_text = make_article("Ukraine : les tensions montent", UKRAINE, outlet="Copie")
    outcomes = corpus.add_many([make_record(same_url), make_record(same_text)])
    assert [o.status for o in outcomes] == ["duplicate", "duplicate"]
    assert corpus.count() == 4
    assert corpus.is_known(
        article_id="x", canonical_url=None, content_hash=make_record(same_text).content_hash
    )


LONG = [
    "Le ministre a présenté mardi un plan de soutien aux agriculteurs touchés par la sécheresse, "
    "qui prévoit des aides directes, un report des cotisations et un fonds d'urgence régional.",
    "Selon le ministère, plus de douze mille exploitations pourraient en bénéficier d'ici la fin "
    "de l'année, un chiffre jugé insuffisant par les syndicats agricoles réunis à Lyon.",
    "Les représentants de la filière réclament depuis des mois une réforme de l'assurance récolte "
    "et dénoncent des délais de versement trop longs pour les petites exploitations familiales.",
    "Le gouvernement promet une première évaluation du dispositif au printemps prochain et "
    "n'exclut pas de l'étendre aux éleveurs si la situation continue de se dégrader cet été.",
]


def test_store_near_duplicates_are_linked_to_their_original(corpus: Store) -> None:
    first = corpus.add(make_record(make_article("Un plan pour les agriculteurs", *LONG)))
    edited = [p.replace("mardi", "ce mardi").replace("Lyon", "Paris") for p in LONG[:-1]]
    copy = make_article("Sécheresse : un plan d'aide", *edited, LONG[-1] + " (avec AFP)")
    outcome = corpus.add(make_record(copy))
    assert outcome.status == "stored"
    original = first.article_id
    assert outcome.near_duplicate_of == original
    assert outcome.similarity is not None and outcome.similarity >= 0.7
    links = corpus.links(original)
    assert [(link.kind, link.other_id) for link in links] == [
        ("has_near_duplicate", outcome.article_id)
    ]
    assert corpus.links(outcome.article_id)[0].kind == "near_duplicate_of"
    assert corpus.search("agriculteurs").total == 2
    assert corpus.search("agriculteurs", Filters(exclude_near_duplicates=True)).total == 1
    assert corpus.stats().near_duplicates == 1
    unrelated = corpus.search("title:macron").hits[0].id
    assert corpus.links(unrelated) == []


def test_store_failures_are_recorded_and_cleared_on_success(store: Store) -> None:
    store.record_failure("a.txt", "empty input")
    store.record_failure("a.txt", "empty input")
    assert [(f.source, f.attempts) for f in store.failures()] == [("a.txt", 2)]
    article = make_article("Titre", "Texte réparé.")
    article.source = "a.txt"
    store.add(make_record(article))
    assert store.failures() == []


def test_store_stats_and_export(corpus: Store) -> None:
    stats = corpus.stats()
    assert (stats.articles, stats.failures, stats.schema_version) == (4, 0, SCHEMA_VERSION)
    assert (stats.first_published, stats.last_published) == ("2022-01-31", "2022-03-02")
    assert [(m.value, m.count) for m in stats.by_month] == [
        ("2022-01", 1),
        ("2022-02", 2),
        ("2022-03", 1),
    ]
    exported = list(corpus.export(None, Filters(outlets=("Sputnik France",))))
    assert [a.published for a in exported] == ["2022-01-31", "2022-02-10"]
    assert [a.title for a in corpus.export("macron")] == ["Élections : Macron en tête"]
