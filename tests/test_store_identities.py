"""Corpus-wide identities in the store, on both backends: names counted once
in facets, stats, filters and exports; re-linking as articles arrive, the
same identities whatever the ingest order; stated equivalences; the
migration that back-fills an older database; the Quote's role and via fields."""

from __future__ import annotations

import csv
import gzip
import io
import json
import sqlite3
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus_helpers import make_article, make_record
from presswatch.core.article import Article, Entity, Quote, Source
from presswatch.corpus.store import Filters, Store, StoreError, open_store
from presswatch.corpus.store.export import write_csv, write_jsonl
from presswatch.corpus.store.identities import rebuild_identities
from presswatch.corpus.store.migrations import SCHEMA_VERSION
from presswatch.corpus.store.rows import decode_article


def named(
    title: str,
    *,
    people: tuple[str, ...] = (),
    speakers: tuple[str, ...] = (),
    orgs: tuple[str, ...] = (),
    text: str | None = None,
) -> Article:
    """An article quoting ``speakers`` (persons), naming ``people`` (PER) and
    ``orgs`` (ORG) as entities."""
    article = make_article(title, text or f"Un texte sur {title}, écrit pour les tests du corpus.")
    article.quotes = [
        Quote("direct", "…", 0, 1, name, name, "a dit", "person") for name in speakers
    ]
    article.sources = [Source(name, "person", 1, {"direct": 1}, [name]) for name in speakers]
    article.entities = [Entity(name, "PER", 0, 1, name) for name in people]
    article.entities += [Entity(name, "ORG", 0, 1, name) for name in orgs]
    return article


CORPUS = [
    named("Sommet 1", speakers=("Poutine",)),
    named("Sommet 2", speakers=("Vladimir Poutine",), people=("Poutine",)),
    named("Washington 1", speakers=("Biden",)),
    named("Washington 2", speakers=("Joe Biden",)),
    named("Washington 3", speakers=("Hunter Biden",), people=("Biden",)),
    named("Diplomatie 1", speakers=("Antony J. Blinken",)),
    named("Diplomatie 2", speakers=("Antony Blinken", "Blinken")),
    named("Élections 1", speakers=("Marine Le Pen",), people=("Le Pen",)),
    named("Élections 2", speakers=("Jean-Marie Le Pen",)),
    named("Élections 3", speakers=("Mme Le Pen", "Jordan Bardella")),
    named("Alliance 1", orgs=("OTAN",)),
    named("Alliance 2", orgs=("Organisation du traité de l'Atlantique nord",)),
    named("Alliance 3", orgs=("NATO", "Kremlin")),
]


def snapshot(store: Store) -> set[tuple[str, frozenset[str]]]:
    """Each identity as (its name, the keys of its variants); checks that
    every name row of article_facets carries its variant's identity."""
    rows = store._execute(
        "SELECT i.name, n.key FROM identity_names n JOIN identities i ON i.id = n.identity"
    ).fetchall()
    groups: dict[str, set[str]] = {}
    for name, key in rows:
        groups.setdefault(str(name), set()).add(str(key))
    stray = store._execute(
        "SELECT count(*) FROM article_facets f LEFT JOIN identity_names n ON n.key = f.key "
        "WHERE f.kind <> 'technique' AND (f.identity IS NULL OR f.identity <> n.identity)"
    ).fetchone()[0]
    assert stray == 0
    orphans = store._execute(
        "SELECT count(*) FROM identities i WHERE NOT EXISTS "
        "(SELECT 1 FROM identity_names n WHERE n.identity = i.id)"
    ).fetchone()[0]
    assert orphans == 0
    return {(name, frozenset(keys)) for name, keys in groups.items()}


def top(store: Store, kind: str = "speaker", **filters: Any) -> dict[str, int]:
    return {v.value: v.count for v in store.facets(None, Filters(**filters), limit=100)[kind]}


def test_store_identities_count_each_person_once(store: Store) -> None:
    store.add_many([make_record(a) for a in CORPUS])
    speakers = top(store)
    assert speakers["Vladimir Poutine"] == 2 and "Poutine" not in speakers
    assert speakers["Antony J. Blinken"] == 2  # equally frequent: the longer spelling shown
    assert speakers["Joe Biden"] == 1 and speakers["Hunter Biden"] == 1
    assert speakers["Biden"] == 1  # ambiguous: two Bidens are known
    assert speakers["Marine Le Pen"] == 1 and speakers["Jean-Marie Le Pen"] == 1
    assert speakers["Le Pen"] == 1  # "Mme Le Pen": two Le Pens are known
    otan = "Organisation du traité de l'Atlantique nord"
    assert top(store, "entity")[otan] == 3  # listed: OTAN = NATO = the full name
    stats = store.stats(limit=100)
    assert {v.value for v in stats.facets["speaker"]} == set(speakers)
    assert store.search(None, Filters(speakers=("Poutine",))).total == 2
    assert store.search(None, Filters(speakers=("vladimir POUTINE",))).total == 2
    assert store.search(None, Filters(speakers=("V. Poutine",))).total == 2  # not stored, resolved
    assert store.search(None, Filters(speakers=("Biden",))).total == 1
    assert store.search(None, Filters(speakers=("Jill Biden",))).total == 0
    assert store.search(None, Filters(entities=("North Atlantic Treaty Organization",))).total == 3
    assert store.search(None, Filters(entities=("Alliance atlantique",))).total == 3


def test_store_identities_list_variants(store: Store) -> None:
    store.add_many([make_record(a) for a in CORPUS])
    identities = {i.name: i for i in store.identities("speaker", limit=100)}
    poutine = identities["Vladimir Poutine"]
    assert poutine.category == "person" and poutine.articles == 2
    assert {v.value for v in poutine.variants} == {"Poutine", "Vladimir Poutine"}
    blinken = next(i for i in identities.values() if "Blinken" in i.name)
    assert {v.value for v in blinken.variants} == {"Antony J. Blinken", "Antony Blinken", "Blinken"}
    assert blinken.articles == 2  # "Antony Blinken" and "Blinken" in one article count once
    only = store.identities("speaker", None, Filters(outlets=("nowhere",)))
    assert only == []


def test_store_identities_relink_when_the_corpus_learns_more(store: Store) -> None:
    store.add(make_record(named("Washington 1", speakers=("Biden",))))
    assert top(store) == {"Biden": 1}
    store.add(make_record(named("Washington 2", speakers=("Joe Biden",))))
    assert top(store) == {"Joe Biden": 2}  # the bare surname joined the one full name
    assert store.search(None, Filters(speakers=("Biden",))).total == 2
    store.add(make_record(named("Washington 3", speakers=("Hunter Biden",))))
    assert top(store) == {"Biden": 1, "Joe Biden": 1, "Hunter Biden": 1}  # moved back out
    assert store.search(None, Filters(speakers=("Biden",))).total == 1
    assert store.search(None, Filters(speakers=("Joe Biden",))).total == 1
    before = snapshot(store)
    with store.transaction():
        rebuild_identities(store)
    assert snapshot(store) == before


def _ingest(
    path: Path, articles: list[Article], sizes: list[int]
) -> set[tuple[str, frozenset[str]]]:
    with open_store(str(path), create=True) as store:
        start = 0
        for size in sizes:
            store.add_many([make_record(a) for a in articles[start : start + size]])
            start += size
        result = snapshot(store)
        with store.transaction():
            rebuild_identities(store)
        assert snapshot(store) == result  # incremental = from scratch
        return result


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(order=st.permutations(CORPUS), sizes=st.lists(st.integers(1, 5), min_size=len(CORPUS)))
def test_store_identities_same_whatever_the_ingest_order(
    tmp_path: Path, order: list[Article], sizes: list[int]
) -> None:
    expected = _reference(tmp_path)
    database = tmp_path / f"order-{uuid.uuid4().hex}.db"
    assert _ingest(database, order, sizes) == expected


_REFERENCE: dict[str, set[tuple[str, frozenset[str]]]] = {}


def _reference(tmp_path: Path) -> set[tuple[str, frozenset[str]]]:
    """The identities of CORPUS stored in one batch (computed once)."""
    if "corpus" not in _REFERENCE:
        _REFERENCE["corpus"] = _ingest(tmp_path / "reference.db", CORPUS, [len(CORPUS)])
    return _REFERENCE["corpus"]


def test_store_identities_same_order_independence_on_postgres(
    postgres_url: str, tmp_path: Path
) -> None:
    expected = _ingest(tmp_path / "reference.db", CORPUS, [len(CORPUS)])
    with open_store(postgres_url) as store:
        for article in reversed(CORPUS):
            store.add(make_record(article))
        assert snapshot(store) == expected


def _ids(store: Store) -> dict[str, int]:
    return {
        str(name): int(i)
        for i, name in store._execute("SELECT id, name FROM identities").fetchall()
    }


def test_store_identities_follow_a_replaced_article(store: Store, tmp_path: Path) -> None:
    """Replacing a stored article (ingest does it when a source comes back
    with other metadata) withdraws the old version's names: the identities
    are those of the final articles stored from scratch, and a replacement
    by the same names keeps every identity id."""
    store.add_many([make_record(a) for a in CORPUS])
    ids = _ids(store)
    same = named("Washington 3", speakers=("Hunter Biden",), people=("Biden",))
    same.outlet = "Autre journal"
    assert store.add_many([make_record(same)], replacing={same.id})[0].status == "updated"
    assert _ids(store) == ids
    assert top(store)["Biden"] == 1  # two Bidens are still known
    hunter = CORPUS.index(next(a for a in CORPUS if a.title == "Washington 3"))
    final = list(CORPUS)
    final[hunter] = named("Washington 3", speakers=("Joe Biden",))  # Hunter Biden gone
    assert final[hunter].id == same.id
    assert store.add_many([make_record(final[hunter])], replacing={same.id})[0].status == "updated"
    assert "Hunter Biden" not in top(store)
    assert top(store)["Joe Biden"] == 3  # "Biden" joined the one full name left
    assert snapshot(store) == _ingest(tmp_path / "final.db", final, [len(final)])
    assert _ids(store)["Joe Biden"] == ids["Joe Biden"]


def test_store_identities_an_article_states_an_acronym(store: Store) -> None:
    full = "Fédération nationale des syndicats d'exploitants agricoles"
    text = f"La {full} (FNSEA) réclame des aides. Le syndicat prévient."
    stated = named("Agriculture 1", text=text)
    start = stated.text.index(full)
    stated.entities = [Entity(full, "ORG", start, start + len(full), full)]
    store.add_many([make_record(named("Agriculture 2", orgs=("FNSEA",))), make_record(stated)])
    assert top(store, "entity") == {full: 2}
    store.add(make_record(named("Agriculture 3", orgs=("F.N.S.E.A.",))))
    assert top(store, "entity") == {full: 3}


def test_store_identities_an_acronym_grouped_by_the_entities_stage(store: Store) -> None:
    article = named("Union 1")
    article.entities = [
        Entity("CGT", "ORG", 0, 1, "Confédération générale du travail"),
        Entity(
            "Confédération générale du travail", "ORG", 0, 1, "Confédération générale du travail"
        ),
    ]
    store.add_many([make_record(named("Union 2", orgs=("CGT",))), make_record(article)])
    assert top(store, "entity") == {"Confédération générale du travail": 2}


def test_store_identities_a_failed_write_changes_nothing(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.add(make_record(named("Washington 1", speakers=("Biden",))))
    before = snapshot(store)
    original = store._insert_rows  # new facet rows go in there (COPY on PostgreSQL)

    def failing(table: str, columns: Any, rows: Any) -> None:
        if table == "article_facets":
            raise StoreError(store.url, "disk full (simulated)")
        original(table, columns, rows)

    monkeypatch.setattr(store, "_insert_rows", failing)
    with pytest.raises(StoreError, match="simulated"):
        store.add(make_record(named("Washington 2", speakers=("Joe Biden",))))
    monkeypatch.undo()
    assert snapshot(store) == before
    assert store.count() == 1
    assert top(store) == {"Biden": 1}


def test_store_identities_exports_write_identities(store: Store, tmp_path: Path) -> None:
    store.add_many([make_record(a) for a in CORPUS[:2]])
    lines = io.StringIO()
    assert write_jsonl(store.export_identified(), lines) == 2
    records = [json.loads(line) for line in lines.getvalue().splitlines()]
    assert records[0]["identities"]["Poutine"]["name"] == "Vladimir Poutine"
    assert records[1]["identities"]["Vladimir Poutine"] == records[0]["identities"]["Poutine"]
    table = io.StringIO()
    write_csv(store.export_identified(), table)
    rows = list(csv.DictReader(io.StringIO(table.getvalue())))
    assert [row["speakers"] for row in rows] == ["Vladimir Poutine", "Vladimir Poutine"]
    assert rows[1]["entities"] == "Vladimir Poutine"
    pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    from presswatch.corpus.store.export import write_parquet

    write_parquet(store.export_identified(), tmp_path / "out.parquet")
    table_rows = pq.read_table(tmp_path / "out.parquet").to_pylist()
    assert [r["speakers"] for r in table_rows] == [["Vladimir Poutine"], ["Vladimir Poutine"]]
    assert store.article_identities(CORPUS[0].id)["Poutine"].name == "Vladimir Poutine"


def test_store_quote_role_and_via_survive_storage_exports_and_filter(store: Store) -> None:
    article = named("Chaîne 1", speakers=("Piotr Müller",))
    quote = article.quotes[0]
    quote.speaker_role = "porte-parole du gouvernement"
    quote.via, quote.via_type, quote.via_start, quote.via_end = "AFP", "media", 0, 3
    store.add_many(
        [make_record(article), make_record(named("Chaîne 2", speakers=("Piotr Müller",)))]
    )
    stored = store.get_article(article.id).quotes[0]
    assert (stored.speaker_role, stored.via, stored.via_type, stored.via_start, stored.via_end) == (
        "porte-parole du gouvernement", "AFP", "media", 0, 3,
    )  # fmt: skip
    assert store.search(None, Filters(vias=("Agence France-Presse",))).total == 1
    assert top(store, "via") == {"AFP": 1}
    lines = io.StringIO()
    write_jsonl(store.export_identified(None, Filters(vias=("AFP",))), lines)
    exported = json.loads(lines.getvalue())
    assert exported["quotes"][0]["via"] == "AFP"
    assert exported["quotes"][0]["speaker_role"] == "porte-parole du gouvernement"
    table = io.StringIO()
    write_csv(store.export_identified(None, Filters(vias=("AFP",))), table)
    assert next(csv.DictReader(io.StringIO(table.getvalue())))["vias"] == "AFP"


def _as_version_3(store: Store) -> None:
    """Remove what schema version 4 added, as if the database were older."""
    with store.transaction():
        store._execute("DROP TABLE facet_counts")  # version 5 …
        store._execute("DROP INDEX article_facets_article")
        store._execute("CREATE INDEX article_facets_article ON article_facets (article, kind)")
        store._execute("DROP INDEX article_facets_identity")
        store._execute("ALTER TABLE article_facets DROP COLUMN identity")
        for table in ("identity_links", "identity_spellings", "identity_names", "identities"):
            store._execute(f"DROP TABLE {table}")
        store._set_meta("schema_version", "3")


def test_store_identities_migration_backfills_an_older_database(store_url: str) -> None:
    with open_store(store_url, create=True) as store:
        store.add_many([make_record(a) for a in CORPUS])
        expected = snapshot(store)
        _as_version_3(store)
    with open_store(store_url) as store:
        assert store.schema_version() == SCHEMA_VERSION == 5
        assert snapshot(store) == expected
        assert top(store)["Vladimir Poutine"] == 2
        store.add(make_record(named("Sommet 3", speakers=("V. Poutine",))))
        assert top(store)["Vladimir Poutine"] == 3


def test_store_identities_migration_reads_a_sqlite_file_of_version_3(tmp_path: Path) -> None:
    path = tmp_path / "v3.db"
    with open_store(str(path), create=True) as store:
        store.add_many([make_record(a) for a in CORPUS[:2]])
        _as_version_3(store)
    connection = sqlite3.connect(path)
    assert connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (
        "3",
    )
    connection.close()
    with open_store(str(path)) as store:
        assert top(store) == {"Vladimir Poutine": 2}


def test_store_identities_migrate_a_database_written_at_version_3(tmp_path: Path) -> None:
    """tests/data/store-v3.db.gz was written by presswatch at schema version
    3 (main before corpus identities: 8 invented articles stored by
    ``add_many``, then VACUUM). Opening it migrates to version 4 without
    losing or changing anything stored, and gives the identities that
    storing the same articles from scratch gives."""
    path = tmp_path / "v3.db"
    path.write_bytes(
        gzip.decompress((Path(__file__).parent / "data" / "store-v3.db.gz").read_bytes())
    )
    raw = sqlite3.connect(path)
    assert raw.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("3",)
    articles = {
        str(i): decode_article(bytes(data))
        for i, data in raw.execute("SELECT id, data FROM articles").fetchall()
    }
    columns = "num, id, url, content_hash, outlet, published, language, title, signature"
    stored_rows = raw.execute(f"SELECT {columns} FROM articles ORDER BY num").fetchall()
    facet_sql = "SELECT kind, key, article, value, weight FROM article_facets ORDER BY 1, 2, 3"
    facets = raw.execute(facet_sql).fetchall()
    bands = raw.execute("SELECT count(*) FROM minhash_bands").fetchone()
    raw.close()
    assert len(articles) == 8
    with open_store(str(path)) as store:
        assert store.schema_version() == SCHEMA_VERSION == 5
        assert {i: store.get_article(i) for i in articles} == articles
        assert store._execute(f"SELECT {columns} FROM articles ORDER BY num").fetchall() == (
            stored_rows
        )
        assert store._execute(facet_sql).fetchall() == facets
        assert store._execute("SELECT count(*) FROM minhash_bands").fetchone() == bands
        assert store.search("Sommet").total == 2
        assert top(store) == {"Vladimir Poutine": 2, "Joe Biden": 2, "Antony J. Blinken": 2}
        alliance = next(i for i in store.identities("entity", limit=100) if i.articles == 2)
        assert {v.value for v in alliance.variants} == {"OTAN", "NATO"}
        assert store.stats().facets["outlet"][0].count == 8
        migrated = snapshot(store)
    assert migrated == _ingest(tmp_path / "fresh.db", list(articles.values()), [len(articles)])
