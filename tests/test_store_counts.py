"""The whole corpus's facet counts kept in ``facet_counts`` (schema version 5)
are the counts of its stored articles, on both backends: after every write,
whatever the order, after replacements that re-link identities, and after
the migration that counts an older database."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus_helpers import make_record
from presswatch.core.article import Technique
from presswatch.corpus.store import Filters, Store, open_store
from presswatch.corpus.store.migrations import SCHEMA_VERSION
from presswatch.corpus.store.types import FACET_KINDS
from test_store_identities import CORPUS, named

NAMES = "('speaker', 'source', 'entity', 'via')"


def counted(store: Store) -> dict[str, list[tuple[str, int]]]:
    """Every facet value of the corpus and its articles, counted from the
    stored rows (what the facet counts must equal)."""
    sql = {
        "outlet": "SELECT outlet, count(*) FROM articles WHERE outlet IS NOT NULL GROUP BY outlet",
        "language": "SELECT language, count(*) FROM articles WHERE language IS NOT NULL "
        "GROUP BY language",
        "month": "SELECT month, count(*) FROM articles WHERE month IS NOT NULL GROUP BY month",
        "technique": "SELECT max(value), count(*) FROM article_facets WHERE kind = 'technique' "
        "GROUP BY key",
    }
    found = {kind: store._execute(query).fetchall() for kind, query in sql.items()}
    for kind in ("speaker", "source", "entity", "via"):
        found[kind] = store._execute(
            "SELECT i.name, count(DISTINCT f.article) FROM article_facets f "
            "JOIN identities i ON i.id = f.identity WHERE f.kind = ? GROUP BY i.id, i.name",
            (kind,),
        ).fetchall()
    return {kind: sorted((str(v), int(n)) for v, n in rows) for kind, rows in found.items()}


def kept(store: Store) -> dict[str, list[tuple[str, int]]]:
    facets = store.facets(limit=1000)
    assert not facets.estimated
    assert facets.total == store._execute("SELECT count(*) FROM articles").fetchone()[0]
    assert store.count() == facets.total
    return {kind: sorted((v.value, v.count) for v in facets[kind]) for kind in FACET_KINDS}


def with_techniques(index: int) -> list:
    """CORPUS with outlets, months and techniques varying by article."""
    articles = []
    for number, article in enumerate(CORPUS):
        copy = dataclasses.replace(article)
        copy.outlet = f"Outlet {(number + index) % 3}"
        copy.published = f"2022-0{1 + number % 3}-1{number % 9}"
        copy.techniques = [
            Technique(name, 0, 0, 1, 0.9)
            for name in ("Loaded_Language", "Doubt", "Flag_Waving")[: 1 + (number + index) % 3]
        ]
        articles.append(copy)
    return articles


def test_store_counts_equal_the_stored_articles_after_each_write(store: Store) -> None:
    for article in with_techniques(0):
        store.add(make_record(article))
        assert kept(store) == counted(store)
    assert kept(store)["speaker"]  # names are counted by identity
    assert dict(kept(store)["speaker"])["Vladimir Poutine"] == 2


def test_store_counts_follow_replacements_and_relinking(store: Store) -> None:
    """Replacing the only article naming Hunter Biden re-links "Biden" to Joe
    Biden; replacing an article moves it to another outlet and month."""
    store.add_many([make_record(a) for a in with_techniques(0)])
    hunter = next(a for a in with_techniques(0) if a.title == "Washington 3")
    before = dict(kept(store)["speaker"])
    assert before["Joe Biden"] == 1  # "Biden" is ambiguous while Hunter Biden is known
    renamed = named("Washington 3", speakers=("Kamala Harris",))
    renamed.id, renamed.outlet, renamed.published = hunter.id, "Outlet 9", "2023-05-01"
    outcome = store.add_many([make_record(renamed)], replacing={hunter.id})[0]
    assert outcome.status == "updated"
    after = kept(store)
    assert after == counted(store)
    assert dict(after["speaker"])["Joe Biden"] == 2  # "Biden" joined Joe Biden
    assert "Hunter Biden" not in dict(after["speaker"])
    assert dict(after["outlet"])["Outlet 9"] == 1


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(order=st.permutations(range(len(CORPUS))), size=st.integers(1, 5))
def test_store_counts_same_whatever_the_order(tmp_path: Path, order: list[int], size: int) -> None:
    articles = with_techniques(1)
    path = tmp_path / f"order-{'-'.join(map(str, order))}-{size}.db"
    with open_store(str(path), create=True) as store:
        chosen = [articles[i] for i in order]
        for start in range(0, len(chosen), size):
            store.add_many([make_record(a) for a in chosen[start : start + size]])
        assert kept(store) == counted(store)


def test_store_counts_filtered_facets_still_count_matches(store: Store) -> None:
    store.add_many([make_record(a) for a in with_techniques(0)])
    facets = store.facets(None, Filters(outlets=("Outlet 0",)), limit=100)
    rows = store._execute("SELECT count(*) FROM articles WHERE outlet = 'Outlet 0'").fetchone()
    assert facets.total == rows[0]
    assert dict((v.value, v.count) for v in facets["outlet"]) == {"Outlet 0": rows[0]}


def test_store_counts_migration_counts_a_version_4_database(tmp_path: Path) -> None:
    path = tmp_path / "v4.db"
    with open_store(str(path), create=True) as store:
        store.add_many([make_record(a) for a in with_techniques(2)])
        expected = counted(store)
        with store.transaction():  # what version 5 added, taken away
            store._execute("DROP TABLE facet_counts")
            store._execute("DROP INDEX article_facets_article")
            store._execute("CREATE INDEX article_facets_article ON article_facets (article, kind)")
            store._set_meta("schema_version", "4")
    raw = sqlite3.connect(path)
    assert raw.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("4",)
    raw.close()
    with open_store(str(path)) as store:
        assert store.schema_version() == SCHEMA_VERSION == 5
        assert kept(store) == expected
        store.add(make_record(named("Sommet 4", speakers=("Poutine",))))
        assert kept(store) == counted(store)


def test_store_counts_migration_counts_a_version_4_postgres_database(postgres_url: str) -> None:
    with open_store(postgres_url, create=True) as store:
        store.add_many([make_record(a) for a in with_techniques(2)])
        expected = counted(store)
        with store.transaction():  # what version 5 added, taken away
            store._execute("DROP TABLE facet_counts")
            store._execute("DROP INDEX article_facets_article")
            store._execute("CREATE INDEX article_facets_article ON article_facets (article, kind)")
            store._set_meta("schema_version", "4")
    with open_store(postgres_url) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert kept(store) == expected


@pytest.mark.parametrize("kind", ["speaker", "outlet", "technique"])
def test_store_counts_top_values_keep_the_counting_order(store: Store, kind: str) -> None:
    """The most frequent values come first, ties in the order of their names,
    and ``limit`` cuts the same list."""
    store.add_many([make_record(a) for a in with_techniques(0)])
    full = [(v.value, v.count) for v in store.facets(limit=1000)[kind]]
    assert full == sorted(full, key=lambda item: (-item[1], item[0]))
    for limit in (1, 2, 3):
        assert [(v.value, v.count) for v in store.facets(limit=limit)[kind]] == full[:limit]


@pytest.mark.parametrize(
    "filters",
    [
        {"techniques": ("Doubt",)},
        {"techniques": ("Doubt", "flag_waving")},
        {"speakers": ("Poutine",)},
        {"speakers": ("Joe Biden", "Marine Le Pen")},
        {"entities": ("OTAN",)},
        {"speakers": ("Nobody Known",)},
    ],
)
def test_store_counts_one_facet_filter_counts_as_the_general_path(
    store: Store, filters: dict[str, tuple[str, ...]]
) -> None:
    """A facet filter alone is counted from its facet rows (and its total from
    facet_counts); the same filter with a date that every article passes
    takes the general path: both give the same facets."""
    store.add_many([make_record(a) for a in with_techniques(0)])
    alone = store.facets(None, Filters(**filters), limit=100)  # type: ignore[arg-type]
    general = store.facets(None, Filters(**filters, since="2000-01-01"), limit=100)  # type: ignore[arg-type]
    assert alone == general
    assert alone.total == store.search(None, Filters(**filters)).total  # type: ignore[arg-type]
