"""What keeps the store fast on a large corpus, checked on a small one with
the thresholds lowered: facets of the whole corpus read from the counts kept
up to date (exact whatever its size), of a selection counted on a sample
beyond FACET_SAMPLE matching articles (exact below, and said so), relevance ranked among the
RANK_CANDIDATES most recently stored matches (the total counted up to
COUNT_CAP: see test_store_search). The bulk generator of the million-article
benchmark computes MinHash minima as ``datasketch`` does."""

from __future__ import annotations

import pytest

from corpus_helpers import make_article, make_record
from presswatch.corpus.store import Filters, Store
from presswatch.corpus.store import base as store_base
from presswatch.corpus.store import postgres as store_postgres
from presswatch.corpus.store import sqlite as store_sqlite


def _fill(store: Store, count: int = 60) -> None:
    records = []
    for n in range(count):
        outlet = "Le Grand Journal" if n % 3 == 0 else f"Journal {n % 3}"
        article = make_article(
            f"Vaccin numéro {n}",
            f"Un texte sur le vaccin, article {n}, avec des mots {' '.join(f'm{n}x{k}' for k in range(12))}.",
            outlet=outlet,
            published=f"2022-{1 + n % 12:02d}-10",
            url=f"https://example.org/{n}",
            speakers=("Olivier Véran",) if n % 2 else ("Agnès Buzyn",),
            techniques=("Loaded_Language",),
        )
        records.append(make_record(article))
    store.add_many(records)


def test_store_facets_sample_beyond_the_limit_and_are_exact_below(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(store)
    exact = store.facets()
    assert not exact.estimated
    assert {v.value: v.count for v in exact["speaker"]} == {"Olivier Véran": 30, "Agnès Buzyn": 30}
    monkeypatch.setattr(store_base, "FACET_SAMPLE", 12)
    assert store.facets() == exact  # the whole corpus: kept counts, never sampled
    sampled = store.facets("vaccin")  # a query alone: its matches from the full-text index
    assert sampled.estimated and sampled.total == 60
    speakers = {v.value: v.count for v in sampled["speaker"]}
    assert set(speakers) == {"Olivier Véran", "Agnès Buzyn"}
    assert sum(speakers.values()) == 60  # every 5th article counted, times 5
    assert {v.value: v.count for v in sampled["technique"]} == {"Loaded_Language": 60}
    filtered = store.facets("vaccin", Filters(outlets=("Le Grand Journal",)))
    assert filtered.total == 20 and filtered.estimated  # 20 > 12: sampled
    assert sum(v.count for v in filtered["outlet"]) == 20
    narrow = store.facets(None, Filters(outlets=("Le Grand Journal",), since="2022-07-01"))
    assert narrow.total == 10 and not narrow.estimated  # under the limit: exact
    assert [(v.value, v.count) for v in narrow["outlet"]] == [("Le Grand Journal", 10)]


def test_store_facets_sample_article_numbers_of_any_size(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sampled article numbers of the whole corpus go beyond a small
    integer (PostgreSQL typed the first one as smallint: out of range)."""
    if store.backend == "postgresql":
        store._execute("ALTER TABLE articles ALTER COLUMN num RESTART WITH 40000")
    _fill(store)
    monkeypatch.setattr(store_base, "FACET_SAMPLE", 12)
    for sampled in (store.facets("vaccin"), store.facets(None, Filters(since="2022-01-01"))):
        assert sampled.estimated and sampled.total == 60
        assert sum(v.count for v in sampled["outlet"]) == 60


def test_store_relevance_ranks_the_newest_matches_and_counts_them_all(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(store)
    full = store.search("vaccin", limit=60)
    assert full.total == 60 and len(full.hits) == 60
    monkeypatch.setattr(store_sqlite, "RANK_CANDIDATES", 10)
    monkeypatch.setattr(store_postgres, "RANK_CANDIDATES", 10)
    bounded = store.search("vaccin", limit=20)
    assert bounded.total == 60  # the total is still exact
    newest = {f"Vaccin numéro {n}" for n in range(50, 60)}
    assert {hit.title.plain for hit in bounded.hits} == newest
    filtered = store.search("vaccin", Filters(outlets=("Le Grand Journal",)), limit=20)
    assert filtered.total == 20
    assert {hit.title.plain for hit in filtered.hits} == {
        f"Vaccin numéro {n}" for n in range(30, 60) if n % 3 == 0
    }
    by_date = store.search("vaccin", sort="date", limit=60)
    assert len(by_date.hits) == 60  # sorting by date is not bounded


def test_store_scale_bulk_minima_of_a_few_shingles_are_minhash_minima() -> None:
    """``benchmarks.bulk`` hashes the shingles across two paragraphs without a
    ``MinHash`` per article: the same minima as ``MinHash.update_batch``
    (whatever the scheme of the installed ``datasketch``)."""
    pytest.importorskip("datasketch")
    import random

    from benchmarks.bulk import Hasher

    hasher = Hasher()
    rng = random.Random(3)
    for size in (0, 1, 2, 7, 300):
        shingles = {rng.randbytes(rng.randint(3, 30)) for _ in range(size)}
        assert hasher.few_minima(shingles).tolist() == hasher.minima(shingles).tolist()
