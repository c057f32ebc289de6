"""Build a large synthetic store fast: a million stored articles on one core.

    python -m benchmarks.bulk --articles 1000000 --store /tmp/x/million.db

:mod:`benchmarks.synthetic` makes one article at a time through the whole
article model (about 15 ms of CPU for the article and 5 ms for its row);
this module recombines **pools** instead, so that an article costs about a
millisecond:

* a pool of paragraphs per language (2 to 5 SemEval training sentences,
  as the synthetic generator makes them), each with its words' MinHash
  minima computed once: an article's signature is the element-wise minimum
  of its title's and paragraphs' minima and of the few shingles that span
  two of them — exactly ``fingerprints.minhash_signature`` of its text;
* a pool of annotation sets: the annotations of a real analysis (a golden
  snapshot of the language, names drawn Zipf-distributed from the name pool,
  offsets scaled to a text length), serialised to JSON once, with their
  facet rows and name tallies; an article takes one made for a text no
  longer than its own, so every offset stays inside its text;
* an article is a title, 5 to 12 pool paragraphs, an outlet (Zipf), a date
  over five years, a URL: its row, full-text row, facet rows and MinHash
  bands are written with the store's own schema (the store creates it) and
  its own encoders (``rows.encode_article`` of the article's JSON,
  ``rows.band_keys``, ``rows.month_of``/``week_of``, ``fingerprints``).

Bulk loading on SQLite: the store is created by ``open_store`` (its
migrations), then rows are inserted with ``executemany`` in transactions of
``--batch`` articles with the journal off and FTS5's ``hashsize`` raised to
512 MB (a batch's terms are written as one segment instead of one every few
dozen articles, merged again and again: 1.28 -> 0.73 ms of CPU per article at
20,000 articles; set back to the default at the end); an article's facet rows
are one staging row (the article and its annotation set, whose rows are
staged once) and its bands one row of 32 keys, expanded and inserted sorted
by key at the end (about 60 Python tuples fewer per article); the secondary indexes are
dropped during the load and created again after it (their definitions are
read from the schema, so they are the store's); the identities are decided
once from the names tallied during the load
(``identities.record_resolution``, what ``rebuild_identities`` does).
Near-duplicates are not searched during the load (the recombined articles
share no more than a few paragraphs; ``near_duplicate_of`` stays empty).
Creating the file ``STORE.stop`` stops the writing after the current batch;
the build then finishes with what it wrote.
``--pools FILE`` keeps the pools (about 2.5 minutes of CPU) in a pickle for
the next build with the same seed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import random
import sqlite3
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.synthetic import OUTLETS, Generator, _sentences
from presswatch.corpus.store.rows import BANDS

PARAGRAPHS_PER_LANGUAGE = 12_000
ANNOTATIONS_PER_BUCKET = 40
BUCKETS = 33  # up to 16,000 characters
FTS_HASH = 512 << 20  # bytes of pending full-text terms during the load (FTS5 "hashsize")
FTS_DEFAULT_HASH = 1 << 20  # FTS5's default
BUCKET = 500  # characters: annotation sets are made for text lengths in these steps
_NOW = "2026-12-03T00:00:00+00:00"  # ingested_at of every synthetic article


@dataclass
class Unit:
    """A title or a paragraph: its text, sentence spans, words and MinHash minima."""

    text: str
    sentences: list[tuple[int, int]]
    head: tuple[str, ...]
    tail: tuple[str, ...]
    minima: Any  # numpy uint64 array of NUM_PERM values (max_hash when no shingle)
    words: int


@dataclass
class Annotations:
    """One annotation set: its JSON members, facet rows and name tallies."""

    json: str
    facets: list[tuple[str, str, str, int]]
    tallies: dict[str, Any]
    links: list[tuple[str, str]]
    genre: str | None


class Hasher:
    """MinHash minima of shingle sets with ``fingerprints``' own MinHash
    (minima combine: the signature of a union is the element-wise minimum).

    The few shingles that span two paragraphs of each article are hashed here
    with the template's own hash function, permutations and scheme (the
    arithmetic of ``MinHash.update_batch``), without copying a ``MinHash`` per
    article; ``tests/test_store_scale.py`` checks that both give the same minima."""

    def __init__(self) -> None:
        from presswatch.corpus.fingerprints import _template

        self.template = _template()
        self.empty = np.asarray(self.template.hashvalues)
        self.a, self.b = self.template.permutations
        self.hash = self.template.hashfunc

    def minima(self, shingles: set[bytes]) -> Any:
        if not shingles:
            return self.empty
        minhash = self.template.copy()
        minhash.update_batch(list(shingles))
        return np.asarray(minhash.hashvalues)

    def few_minima(self, shingles: set[bytes]) -> Any:
        """:meth:`minima` for a few shingles, without copying a ``MinHash``."""
        if not shingles:
            return self.empty
        from datasketch.minhash import _SCHEME_WIDTHS, _fmix

        values = self.template._hash_input_array([self.hash(s) for s in shingles])
        permuted = _fmix(values.reshape(-1, 1), _SCHEME_WIDTHS[self.template.scheme])
        return np.minimum(self.empty, (permuted * self.a + self.b).min(axis=0))


def _shingles(words: tuple[str, ...]) -> set[bytes]:
    from presswatch.corpus.fingerprints import SHINGLE_SIZE

    return {
        " ".join(words[i : i + SHINGLE_SIZE]).encode("utf-8", "surrogatepass")
        for i in range(len(words) - SHINGLE_SIZE + 1)
    }


def make_unit(text: str, hasher: Hasher) -> Unit:
    from presswatch.core.text import fold
    from presswatch.corpus.fingerprints import _WORD

    words = tuple(_WORD.findall(fold(text)))
    spans = [(s["start"], s["end"]) for s in _sentences(text, [_Whole(len(text))])]
    return Unit(text, spans, words[:2], words[-2:], hasher.few_minima(_shingles(words)), len(words))


@dataclass
class _Whole:
    """A paragraph covering a whole text (for ``synthetic._sentences``)."""

    end: int
    start: int = 0


class Builder:
    def __init__(self, seed: int = 20220131) -> None:
        from presswatch.readers.compose import clean_line

        self.seed = seed
        self.base = Generator(seed)
        self.rng = random.Random(seed + 1)
        self.hasher = Hasher()
        self.paragraphs: list[list[Unit]] = []
        self.titles: list[list[Unit]] = []
        started = time.perf_counter()
        for pool in self.base.pools:
            units = []
            for _ in range(PARAGRAPHS_PER_LANGUAGE):
                chosen = self.rng.sample(pool.sentences, self.rng.randint(2, 5))
                units.append(make_unit(clean_line(" ".join(chosen)), self.hasher))
            self.paragraphs.append(units)
            self.titles.append(
                [make_unit(t, self.hasher) for t in {clean_line(t) for t in pool.titles} if t]
            )
        print(f"paragraph pool: {time.perf_counter() - started:.1f} s", flush=True)
        started = time.perf_counter()
        self.annotations = [self._annotation_pool(index) for index in range(len(self.base.pools))]
        print(f"annotation pool: {time.perf_counter() - started:.1f} s", flush=True)

    def __getstate__(self) -> dict[str, Any]:
        return {key: value for key, value in self.__dict__.items() if key != "hasher"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.hasher = Hasher()

    @classmethod
    def cached(cls, path: Path | None, seed: int) -> Builder:
        """The pools of ``seed``, from the pickle at ``path`` when it exists
        (made by an earlier build of this code), else built and saved there."""
        if path is None:
            return cls(seed)
        if path.exists():
            with path.open("rb") as file:
                builder = _Unpickler(file).load()
            if isinstance(builder, cls) and builder.seed == seed:
                return builder
        builder = cls(seed)
        partial = path.with_name(path.name + ".partial")
        with partial.open("wb") as file:
            pickle.dump(builder, file, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(path)
        return builder

    def _annotation_pool(self, language: int) -> dict[int, list[Annotations]]:
        """Annotation sets per text-length bucket (up to 16,000 characters)."""
        pool = self.base.pools[language]
        sets: dict[int, list[Annotations]] = {}
        for bucket in range(BUCKETS):
            length = max(bucket * BUCKET, 300)  # every article is longer than 300 characters
            sets[bucket] = [self._annotations(pool, length) for _ in range(ANNOTATIONS_PER_BUCKET)]
        return sets

    def _annotations(self, pool: Any, length: int) -> Annotations:
        from presswatch.corpus.store.identities import tally
        from presswatch.corpus.store.rows import facet_rows, stated_links
        from presswatch.readers.compose import compose_article

        # a stand-in article of the bucket's length, 5 paragraphs (the fewest an article has)
        filler = "x" * (length // 5 - 3)  # the stand-in is shorter than length
        stand_in = compose_article(title="t", body=[filler] * 5, source="synthetic", format="json")
        self.base.annotate(stand_in, self.rng.choice(pool.templates), pool.language)
        data = stand_in.to_dict()
        members = {key: data[key] for key in data if key not in _ARTICLE_MEMBERS}
        rows = facet_rows(stand_in)
        return Annotations(
            json=json.dumps(members, ensure_ascii=False, separators=(",", ":"))[1:-1],
            facets=[(r.kind, r.key, r.value, r.weight) for r in rows],
            tallies=tally(rows),
            links=stated_links(stand_in),
            genre=stand_in.genre.label if stand_in.genre else None,
        )


#: Members of ``Article.to_dict()`` made per article (the others come from an annotation set).
_ARTICLE_MEMBERS = frozenset(
    {"text", "title", "lead", "id", "url", "outlet", "published", "source", "format",
     "paragraphs", "sentences", "repairs"}
)  # fmt: skip


class Writer:
    """Writes recombined articles into a SQLite store."""

    def __init__(self, builder: Builder, path: Path) -> None:
        from presswatch.corpus.store import open_store

        self.builder = builder
        self.path = path
        with open_store(str(path), create=True):
            pass  # the store's own schema, created by its migrations
        self.db = sqlite3.connect(str(path), isolation_level=None)
        self.db.execute("PRAGMA journal_mode = OFF")
        self.db.execute("PRAGMA synchronous = OFF")
        self.db.execute("PRAGMA cache_size = -1500000")
        self.db.execute("PRAGMA temp_store = FILE")
        self.usage: Counter[tuple[int, int, int]] = Counter()
        self.cpu = {"articles": 0.0, "inserts": 0.0}  # CPU seconds: making rows, inserting them
        self.start = date(2019, 1, 1)
        self.indexes = self._drop_indexes()
        self.staging = path.with_name(path.name + ".staging")
        self.staging.unlink(missing_ok=True)
        self.db.execute("ATTACH DATABASE ? AS bulk", (str(self.staging),))
        self.db.execute("PRAGMA bulk.journal_mode = OFF")
        self.db.execute("PRAGMA bulk.synchronous = OFF")
        # an article's facet rows are those of its annotation set (written once, here);
        # its bands are one staging row; both are expanded, sorted, by finish()
        self.db.execute(
            "CREATE TABLE bulk.set_facets (annotations INTEGER, kind TEXT, key TEXT, "
            "value TEXT, weight INTEGER)"
        )
        self.db.execute("CREATE TABLE bulk.uses (article INTEGER, annotations INTEGER)")
        bands = ", ".join(f"b{band} INTEGER" for band in range(BANDS))
        self.db.execute(f"CREATE TABLE bulk.bands (article INTEGER, {bands})")
        self._write_set_facets()
        row = self.db.execute("SELECT coalesce(max(num), 0) FROM articles").fetchone()
        self.next = int(row[0]) + 1
        # the full-text index keeps a batch's terms in memory up to this size before it
        # writes them as a segment (default 1 MB: a segment every few dozen articles,
        # merged again and again); set back to the default by finish()
        self.db.execute(
            f"INSERT INTO article_fts (article_fts, rank) VALUES ('hashsize', {FTS_HASH})"
        )

    def _write_set_facets(self) -> None:
        rows = [
            (_set_number(language, bucket, choice), *facet)
            for language, buckets in enumerate(self.builder.annotations)
            for bucket, sets in buckets.items()
            for choice, annotations in enumerate(sets)
            for facet in annotations.facets
        ]
        self.db.execute("BEGIN")
        self.db.executemany("INSERT INTO bulk.set_facets VALUES (?, ?, ?, ?, ?)", rows)
        self.db.execute("COMMIT")

    def _drop_indexes(self) -> list[str]:
        """Drop the secondary indexes of the bulk-loaded tables (created again by :meth:`finish`)."""
        rows = self.db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            "AND tbl_name IN ('articles', 'article_facets')"
        ).fetchall()
        for name, _ in rows:
            self.db.execute(f"DROP INDEX {name}")
        return [sql for _, sql in rows]

    def article(
        self, num: int
    ) -> tuple[tuple[Any, ...], tuple[Any, ...], tuple[int, int], tuple[int, ...] | None]:
        from presswatch.corpus.fingerprints import MIN_WORDS, canonical_url, content_hash
        from presswatch.corpus.store.rows import (
            band_keys,
            encode_article,
            encode_signature,
            month_of,
            week_of,
        )

        b = self.builder
        rng = b.rng
        language = rng.choices(range(len(b.base.pools)), b.base.weights)[0]
        code = b.base.pools[language].language
        title = rng.choice(b.titles[language])
        units = [title, *rng.sample(b.paragraphs[language], rng.randint(5, 12))]
        outlet_number = rng.choices(range(OUTLETS), cum_weights=b.base.outlet_weights)[0]
        published = (self.start + timedelta(days=rng.randrange(5 * 365))).isoformat()
        outlet = f"Outlet {outlet_number:03d}"
        url = f"https://outlet-{outlet_number:03d}.example/{published.replace('-', '/')}/a{num}"
        text = "\n\n".join(u.text for u in units)
        paragraphs, sentences = [], []
        position = 0
        for index, unit in enumerate(units):
            kind = "title" if index == 0 else "paragraph"
            paragraphs.append(
                {
                    "start": position,
                    "end": position + len(unit.text),
                    "kind": kind,
                    "language": None,
                }
            )
            sentences += [
                {"start": position + s, "end": position + e, "parsed": False}
                for s, e in unit.sentences
            ]
            position += len(unit.text) + 2
        bucket = min(len(text) // BUCKET, BUCKETS - 1)
        choice = rng.randrange(len(b.annotations[language][bucket]))
        annotations = b.annotations[language][bucket][choice]
        self.usage[(language, bucket, choice)] += 1
        article_id = hashlib.sha256(url.encode()).hexdigest()[:16]
        head = {
            "text": text, "title": title.text, "lead": "", "id": article_id, "url": url,
            "outlet": outlet, "published": published, "source": f"synthetic:{num}",
            "format": "json", "paragraphs": paragraphs, "repairs": [], "sentences": sentences,
        }  # fmt: skip
        encoded = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1]
        encoded += "," + annotations.json + "}"
        signature = self._signature(units) if sum(u.words for u in units) >= MIN_WORDS else None
        row = (
            num, article_id, url, canonical_url(url), content_hash(text), outlet,
            outlet.lower(), published, month_of(published), week_of(published), code,
            title.text, annotations.genre, f"synthetic:{num}", _NOW, encode_article(None, encoded),  # type: ignore[arg-type]
            encode_signature(signature),
        )  # fmt: skip
        body = "\n".join(u.text for u in units[1:])
        uses = (num, _set_number(language, bucket, choice))
        bands = (num, *band_keys(signature)) if signature else None
        return row, (num, title.text, body), uses, bands

    def _signature(self, units: list[Unit]) -> tuple[int, ...]:
        """The text's MinHash: the units' minima and the shingles across units."""
        minima = [u.minima for u in units]
        boundary: set[bytes] = set()
        tail: tuple[str, ...] = ()
        for unit in units:
            if tail:
                window = tail + unit.head
                boundary |= {
                    " ".join(window[i : i + 3]).encode("utf-8", "surrogatepass")
                    for i in range(len(tail))
                    if i + 3 <= len(window)
                }
            tail = (tail + unit.head if unit.words < 2 else unit.tail)[-2:]
            if unit.words < 2:
                tail = (tail + unit.head)[-2:]
        minima.append(self.builder.hasher.few_minima(boundary))
        return tuple(int(v) for v in np.minimum.reduce(minima))

    def write(self, articles: int, batch: int) -> None:
        columns = (
            "num, id, url, canonical_url, content_hash, outlet, outlet_key, published, month, "
            "week, language, title, genre, source, ingested_at, data, signature"
        )
        marks = ", ".join("?" for _ in columns.split(","))
        started = time.perf_counter()
        first = self.next
        stop = self.path.with_name(self.path.name + ".stop")
        while self.next <= articles and not stop.exists():
            last = min(self.next + batch, articles + 1)
            cpu = time.process_time()
            made = [self.article(num) for num in range(self.next, last)]
            self.cpu["articles"] += time.process_time() - cpu
            cpu = time.process_time()
            self.db.execute("BEGIN")
            self.db.executemany(
                f"INSERT INTO articles ({columns}) VALUES ({marks})", [m[0] for m in made]
            )
            self.db.executemany(
                "INSERT INTO article_fts (rowid, title, body) VALUES (?, ?, ?)",
                [m[1] for m in made],
            )
            self.db.executemany("INSERT INTO bulk.uses VALUES (?, ?)", [m[2] for m in made])
            self.db.executemany(
                f"INSERT INTO bulk.bands VALUES ({', '.join('?' * (BANDS + 1))})",
                [m[3] for m in made if m[3]],
            )
            self.db.execute("COMMIT")
            self.cpu["inserts"] += time.process_time() - cpu
            self.next = last
            elapsed = time.perf_counter() - started
            done = last - first
            print(
                f"{last - 1:,} articles; {done / elapsed:,.0f}/s; CPU ms per article: "
                f"rows {1000 * self.cpu['articles'] / done:.2f}, "
                f"inserts {1000 * self.cpu['inserts'] / done:.2f}; load {os.getloadavg()[0]:.2f}",
                flush=True,
            )

    def tallies(self) -> tuple[dict[str, Any], set[tuple[str, str]]]:
        """What the written articles say of each name, and the links they state."""
        tallies: dict[str, Any] = {}
        links: set[tuple[str, str]] = set()
        for (language, bucket, choice), uses in self.usage.items():
            annotations = self.builder.annotations[language][bucket][choice]
            links.update(annotations.links)
            for key, entry in annotations.tallies.items():
                total = tallies.setdefault(key, type(entry)())
                total.merge(_times(entry, uses))
        return tallies, links

    def finish(self) -> dict[str, float]:
        """Identities, facet rows and bands in key order, the indexes again."""
        from presswatch.corpus.store import open_store
        from presswatch.corpus.store.counts import rebuild_counts
        from presswatch.corpus.store.identities import record_resolution
        from presswatch.corpus.store.rows import NAME_KINDS

        timings: dict[str, float] = {}
        started = time.perf_counter()
        tallies, links = self.tallies()
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.close()
        with open_store(str(self.path)) as store, store.transaction():
            record_resolution(store, tallies, links)
        timings["identities_s"] = time.perf_counter() - started
        self.db = sqlite3.connect(str(self.path), isolation_level=None)
        self.db.execute("PRAGMA journal_mode = OFF")
        self.db.execute("PRAGMA synchronous = OFF")
        self.db.execute("PRAGMA cache_size = -1500000")
        self.db.execute("ATTACH DATABASE ? AS bulk", (str(self.staging),))
        kinds = ", ".join(f"'{kind}'" for kind in NAME_KINDS)
        for name, sql in (
            (
                "facets_s",
                "INSERT INTO article_facets (kind, key, article, value, weight, identity) "
                f"SELECT f.kind, f.key, u.article, f.value, f.weight, CASE WHEN f.kind IN ({kinds}) "
                "THEN (SELECT n.identity FROM identity_names n WHERE n.key = f.key) END "
                "FROM bulk.uses u JOIN bulk.set_facets f ON f.annotations = u.annotations "
                "ORDER BY f.kind, f.key, u.article",
            ),
            (
                "bands_s",
                "INSERT INTO minhash_bands (key, article) SELECT key, article FROM ("
                + " UNION ALL ".join(
                    f"SELECT b{band} AS key, article FROM bulk.bands" for band in range(BANDS)
                )
                + ") ORDER BY key, article",
            ),
        ):
            started = time.perf_counter()
            self.db.execute("BEGIN")
            self.db.execute(sql)
            self.db.execute("COMMIT")
            timings[name] = time.perf_counter() - started
            print(f"{name}: {timings[name]:.1f} s", flush=True)
        self.db.execute(
            f"INSERT INTO article_fts (article_fts, rank) VALUES ('hashsize', {FTS_DEFAULT_HASH})"
        )
        self.db.execute("DETACH DATABASE bulk")
        self.staging.unlink()
        started = time.perf_counter()
        for sql in self.indexes:
            self.db.execute(sql)
        timings["indexes_s"] = time.perf_counter() - started
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.close()
        started = time.perf_counter()
        with open_store(str(self.path)) as store, store.transaction():
            rebuild_counts(store)  # the whole corpus's facet counts (schema version 5)
        timings["counts_s"] = time.perf_counter() - started
        return {k: round(v, 1) for k, v in timings.items()}


class _Unpickler(pickle.Unpickler):
    """Reads a pickle this module wrote, also when it ran as ``__main__``."""

    def find_class(self, module: str, name: str) -> Any:
        return super().find_class(__name__ if module == "__main__" else module, name)


class PostgresWriter(Writer):
    """Writes recombined articles into a PostgreSQL store with COPY: the
    articles into an unlogged staging table (their tsvector is computed by
    one INSERT … SELECT at the end, as the store's own INSERT computes it),
    each article's annotation set and bands into staging tables; facet rows
    and bands are expanded, the secondary indexes created, after the load."""

    def __init__(self, builder: Builder, url: str) -> None:
        import psycopg

        from presswatch.corpus.store import open_store

        self.builder = builder
        self.url = url
        self.path = Path(os.devnull)
        with open_store(url, create=True):
            pass  # the store's own schema, created by its migrations
        self.pg: Any = psycopg.connect(url, autocommit=True)
        self.usage = Counter()
        self.cpu = {"articles": 0.0, "inserts": 0.0}
        self.start = date(2019, 1, 1)
        self.indexes = [
            str(sql)
            for (sql,) in self.pg.execute(
                "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                "AND tablename IN ('articles', 'article_facets') AND indexname NOT IN "
                "(SELECT conname FROM pg_constraint)"
            ).fetchall()
        ]
        for (name,) in self.pg.execute(
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() "
            "AND tablename IN ('articles', 'article_facets') AND indexname NOT IN "
            "(SELECT conname FROM pg_constraint)"
        ).fetchall():
            self.pg.execute(f'DROP INDEX "{name}"')
        bands = ", ".join(f"b{band} BIGINT" for band in range(BANDS))
        for sql in (
            "DROP TABLE IF EXISTS bulk_articles, bulk_set_facets, bulk_uses, bulk_bands",
            "CREATE UNLOGGED TABLE bulk_articles (num BIGINT, id TEXT, url TEXT, "
            "canonical_url TEXT, content_hash TEXT, outlet TEXT, outlet_key TEXT, "
            "published TEXT, month TEXT, week TEXT, language TEXT, title TEXT, genre TEXT, "
            "source TEXT, ingested_at TEXT, data BYTEA, signature BYTEA, body TEXT)",
            "CREATE UNLOGGED TABLE bulk_set_facets (annotations INTEGER, kind TEXT, key TEXT, "
            "value TEXT, weight INTEGER)",
            "CREATE UNLOGGED TABLE bulk_uses (article BIGINT, annotations INTEGER)",
            f"CREATE UNLOGGED TABLE bulk_bands (article BIGINT, {bands})",
        ):
            self.pg.execute(sql)
        self._copy(
            "bulk_set_facets (annotations, kind, key, value, weight)",
            [
                (_set_number(language, bucket, choice), *facet)
                for language, buckets in enumerate(builder.annotations)
                for bucket, sets in buckets.items()
                for choice, annotations in enumerate(sets)
                for facet in annotations.facets
            ],
        )
        row = self.pg.execute("SELECT coalesce(max(num), 0) FROM articles").fetchone()
        self.next = int(row[0]) + 1 if row else 1

    def _copy(self, target: str, rows: Any) -> None:
        with self.pg.cursor() as cursor, cursor.copy(f"COPY {target} FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def write(self, articles: int, batch: int) -> None:
        columns = (
            "num, id, url, canonical_url, content_hash, outlet, outlet_key, published, month, "
            "week, language, title, genre, source, ingested_at, data, signature, body"
        )
        started = time.perf_counter()
        first = self.next
        while self.next <= articles:
            last = min(self.next + batch, articles + 1)
            cpu = time.process_time()
            made = [self.article(num) for num in range(self.next, last)]
            self.cpu["articles"] += time.process_time() - cpu
            cpu = time.process_time()
            with self.pg.transaction():
                self._copy(f"bulk_articles ({columns})", ((*m[0], m[1][2]) for m in made))
                self._copy("bulk_uses (article, annotations)", (m[2] for m in made))
                self._copy("bulk_bands", (m[3] for m in made if m[3]))
            self.cpu["inserts"] += time.process_time() - cpu
            self.next = last
            done = last - first
            print(
                f"{last - 1:,} articles; {done / (time.perf_counter() - started):,.0f}/s; "
                f"CPU ms per article: rows {1000 * self.cpu['articles'] / done:.2f}, "
                f"COPY {1000 * self.cpu['inserts'] / done:.2f}; load {os.getloadavg()[0]:.2f}",
                flush=True,
            )

    def finish(self) -> dict[str, float]:
        from presswatch.corpus.store import open_store
        from presswatch.corpus.store.counts import rebuild_counts
        from presswatch.corpus.store.identities import record_resolution
        from presswatch.corpus.store.migrations import PG_TEXT_CONFIG
        from presswatch.corpus.store.postgres import MAX_INDEXED_CHARS
        from presswatch.corpus.store.rows import NAME_KINDS

        timings: dict[str, float] = {}
        kinds = ", ".join(f"'{kind}'" for kind in NAME_KINDS)
        config = PG_TEXT_CONFIG
        started = time.perf_counter()
        tallies, links = self.tallies()
        with open_store(self.url) as store, store.transaction():
            record_resolution(store, tallies, links)
        timings["identities_s"] = time.perf_counter() - started
        steps = (
            (
                "articles_s",
                "INSERT INTO articles (num, id, url, canonical_url, content_hash, outlet, "
                "outlet_key, published, month, week, language, title, genre, source, "
                "ingested_at, data, signature, body, tsv) OVERRIDING SYSTEM VALUE "
                "SELECT num, id, url, canonical_url, content_hash, outlet, "
                "outlet_key, published, month, week, language, title, genre, source, "
                "ingested_at, data, signature, body, "
                f"setweight(to_tsvector('{config}', title), 'A') || "
                f"setweight(to_tsvector('{config}', left(body, {MAX_INDEXED_CHARS})), 'B') "
                "FROM bulk_articles ORDER BY num",
            ),
            (
                "facets_s",
                "INSERT INTO article_facets (kind, key, article, value, weight, identity) "
                f"SELECT f.kind, f.key, u.article, f.value, f.weight, CASE WHEN f.kind IN ({kinds}) "
                "THEN (SELECT n.identity FROM identity_names n WHERE n.key = f.key) END "
                "FROM bulk_uses u JOIN bulk_set_facets f ON f.annotations = u.annotations "
                "ORDER BY f.kind, f.key, u.article",
            ),
            (
                "bands_s",
                "INSERT INTO minhash_bands (key, article) SELECT key, article FROM ("
                + " UNION ALL ".join(
                    f"SELECT b{band} AS key, article FROM bulk_bands" for band in range(BANDS)
                )
                + ") b ORDER BY key, article",
            ),
            ("drop_s", "DROP TABLE bulk_articles, bulk_set_facets, bulk_uses, bulk_bands"),
        )
        # the new rows reference articles written just before: their foreign-key
        # triggers are not run (a bulk load's usual setting; superuser only)
        self.pg.execute("SET session_replication_role = replica")
        for name, sql in steps:
            started = time.perf_counter()
            self.pg.execute(sql)
            timings[name] = time.perf_counter() - started
            print(f"{name}: {timings[name]:.1f} s", flush=True)
        self.pg.execute("SET session_replication_role = DEFAULT")
        self.pg.execute(
            "SELECT setval(pg_get_serial_sequence('articles', 'num'), "
            "(SELECT coalesce(max(num), 0) + 1 FROM articles), false)"
        )
        started = time.perf_counter()
        for sql in self.indexes:
            self.pg.execute(sql)
        self.pg.execute("ANALYZE")
        timings["indexes_s"] = time.perf_counter() - started
        started = time.perf_counter()
        with open_store(self.url) as store, store.transaction():
            rebuild_counts(store)
        timings["counts_s"] = time.perf_counter() - started
        self.pg.close()
        return {k: round(v, 1) for k, v in timings.items()}


def build_postgres(
    url: str, articles: int, batch: int = 10_000, seed: int = 20220131, pools: Path | None = None
) -> dict[str, Any]:
    """Build the synthetic store in the PostgreSQL database at ``url`` (empty, or
    built by an earlier run: then extended to ``articles``) with COPY."""
    import psycopg

    started, cpu = time.perf_counter(), time.process_time()
    builder = Builder.cached(pools, seed)
    pools_s = time.perf_counter() - started
    writer = PostgresWriter(builder, url)
    first = writer.next
    writer.write(articles, batch)
    written = time.perf_counter() - started
    timings = writer.finish()
    seconds = time.perf_counter() - started
    with psycopg.connect(url) as connection:
        found = connection.execute("SELECT pg_database_size(current_database())").fetchone()
    size = int(found[0]) if found else 0
    return {
        "articles": articles - first + 1,
        "pools_s": round(pools_s, 1),
        "rows_s": round(written - pools_s, 1),
        **timings,
        "seconds": round(seconds, 1),
        "cpu_seconds": round(time.process_time() - cpu, 1),
        "bytes": size,
        "bytes_per_article": round(size / max(articles, 1)),
        "load_average": round(os.getloadavg()[0], 2),
    }


def _set_number(language: int, bucket: int, choice: int) -> int:
    """The number of an annotation set of the pools (staging tables)."""
    return (language * BUCKETS + bucket) * ANNOTATIONS_PER_BUCKET + choice


def _times(entry: Any, uses: int) -> Any:
    """A name tally counted ``uses`` times (what merging it ``uses`` times adds)."""
    return type(entry)(
        Counter({value: count * uses for value, count in entry.spellings.items()}),
        entry.persons * uses,
        entry.others * uses,
        entry.untyped * uses,
    )


def build(
    path: Path, articles: int, batch: int = 10_000, seed: int = 20220131, pools: Path | None = None
) -> dict[str, Any]:
    """Build (or extend to ``articles``) the synthetic store at ``path``;
    ``pools``: a pickle of the pools, reused when it exists (else written)."""
    started, cpu = time.perf_counter(), time.process_time()
    builder = Builder.cached(pools, seed)
    pools_s = time.perf_counter() - started
    writer = Writer(builder, path)
    first = writer.next
    writer.write(articles, batch)
    articles = writer.next - 1  # fewer when stopped early (a file PATH.stop)
    written = time.perf_counter() - started
    timings = writer.finish()
    seconds = time.perf_counter() - started
    size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    return {
        "articles": articles - first + 1,
        "pools_s": round(pools_s, 1),
        "rows_s": round(written - pools_s, 1),
        **timings,
        "seconds": round(seconds, 1),
        "cpu_seconds": round(time.process_time() - cpu, 1),
        "bytes": size,
        "bytes_per_article": round(size / max(articles, 1)),
        "load_average": round(os.getloadavg()[0], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--store", type=Path, help="a SQLite file")
    target.add_argument("--postgres", metavar="URL", help="a PostgreSQL database (COPY)")
    parser.add_argument("--batch", type=int, default=10_000)
    parser.add_argument("--pools", type=Path, help="a pickle of the pools (reused, else written)")
    args = parser.parse_args()
    if args.postgres:
        result = build_postgres(args.postgres, args.articles, args.batch, pools=args.pools)
    else:
        result = build(args.store, args.articles, args.batch, pools=args.pools)
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    from benchmarks import bulk  # the pickled pools name this module, not __main__

    bulk.main()
