"""The store API and the SQL shared by the SQLite and PostgreSQL backends.

SQL is written once with ``?`` placeholders; the PostgreSQL backend
translates them. Every value reaches the database as a bound parameter.
"""

from __future__ import annotations

import dataclasses
from abc import ABC, abstractmethod
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

from presswatch import __version__
from presswatch.core.article import Article
from presswatch.core.errors import Failure
from presswatch.core.text import fold
from presswatch.corpus.fingerprints import minhash_signature
from presswatch.corpus.store.counts import (
    CountChanges,
    article_values,
    stored_articles,
    top_values,
)
from presswatch.corpus.store.errors import (
    ArticleNotFoundError,
    FilterError,
    SchemaTooNewError,
    StoreError,
)
from presswatch.corpus.store.identities import chunks, lookup_identities, update_identities
from presswatch.corpus.store.migrations import SCHEMA_VERSION, Migration
from presswatch.corpus.store.query import Query, parse_query
from presswatch.corpus.store.rows import (
    NAME_KINDS,
    ArticleRow,
    FacetRow,
    article_names,
    article_row,
    band_keys,
    decode_article,
    decode_signature,
    encode_signature,
    facet_rows,
    month_of,
    name_key,
    search_body,
    similarity,
    stated_links,
    storable,
)
from presswatch.corpus.store.types import (
    FACET_KINDS,
    AddOutcome,
    Facets,
    FacetValue,
    Filters,
    IdentifiedArticle,
    Identity,
    Interval,
    Link,
    MetadataGaps,
    NameIdentity,
    Record,
    SearchHit,
    SearchPage,
    SeriesPoint,
    Snippet,
    SortOrder,
    Stats,
    StoredMetadata,
    check_date,
)

#: Estimated Jaccard similarity from which an article is a near-duplicate.
NEAR_DUPLICATE_THRESHOLD = 0.7
MAX_LIMIT = 1000
MAX_CANDIDATES = 50
EXPORT_BATCH = 200
#: Facets count at most about this many matching articles (a sample beyond,
#: said so: "≈"): reading an article's facet rows costs about 30 µs of CPU
#: (0.06 s for 2,000 at 30,000 articles), and a dashboard page counts them for
#: every request; a value found in 5 % of the matches is estimated within
#: about ±14 % (one standard deviation) from 1,000.
FACET_SAMPLE = 1_000
#: Relevance ranks at most this many matches, the most recently stored ones.
RANK_CANDIDATES = 10_000
#: Matches are counted up to this many (beyond, a search page says "more than
#: 10,000": counting every match of a common word in a million articles takes
#: seconds), and pages reach no further than this many matches.
COUNT_CAP = 10_000
SNIPPET_WORDS = 24
_ARTICLE_COLUMNS = (
    "id, url, canonical_url, content_hash, outlet, outlet_key, published, month, week, "
    "language, title, genre, source, ingested_at, data, signature"
)
#: Facet kinds counted from article_facets by key (the names are counted by identity).
_FACET_KINDS_BY_KEY = frozenset({"technique"})
#: Articles counted once per identity, even when two of its variants are in one article.
_DISTINCT_ARTICLES = "count(DISTINCT f.article)"

Params = list[Any]
MATCH_ALL = "1 = 1"  # the WHERE clause of an unfiltered query
MATCH_NOTHING = "1 = 0"  # a filter naming nothing the corpus holds


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SQLStore(ABC):
    """A corpus of analysed articles in a SQL database.

    Open one with :func:`presswatch.corpus.store.open_store`. Writing methods
    (:meth:`add_many`, :meth:`record_failure`) are used by ingest; the
    query methods (:meth:`search`, :meth:`facets`, :meth:`get_article`,
    :meth:`links`, :meth:`stats`, :meth:`timeseries`, :meth:`export`) are
    the API of the CLI and the dashboard."""

    backend: str = ""
    migrations: tuple[Migration, ...] = ()

    def __init__(self, url: str) -> None:
        self.url = url

    # -- connection primitives, per backend --------------------------------
    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def transaction(self) -> AbstractContextManager[None]:
        """A context in which every statement commits together or not at all."""

    @abstractmethod
    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """Run one statement; returns the cursor."""

    @abstractmethod
    def _executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None: ...

    def _insert_rows(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        """Insert new rows (never in conflict with stored ones) into ``table``;
        backends may have a faster way than one INSERT per row (PostgreSQL: COPY)."""
        if rows:
            marks = ", ".join("?" for _ in columns)
            self._executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

    @abstractmethod
    def _stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[tuple[Any, ...]]:
        """Iterate over result rows without loading them all."""

    @abstractmethod
    def _tables(self) -> set[str]: ...

    # -- backend-specific SQL ----------------------------------------------
    @abstractmethod
    def _insert_text(self, num: int, row: ArticleRow, body: str) -> None:
        """Make an article's title and body searchable."""

    @abstractmethod
    def _delete_text(self, num: int) -> None:
        """Remove an article's title and body from a search index kept outside
        its row (before the row is deleted)."""

    @abstractmethod
    def _insert_article_sql(self) -> tuple[str, str]:
        """Extra (columns, placeholders) of the article INSERT for the backend."""

    @abstractmethod
    def _insert_article_extra(self, row: ArticleRow, body: str) -> Params: ...

    @abstractmethod
    def _matching(self, query: Query) -> tuple[str, Params]:
        """SQL selecting the ``num`` of the articles matching ``query``."""

    @abstractmethod
    def _search_page(
        self,
        query: Query | None,
        where: str,
        params: Params,
        sort: SortOrder,
        limit: int,
        offset: int,
    ) -> list[tuple[Any, ...]]:
        """Rows (id, url, outlet, published, language, near_duplicate_of,
        source, score, marked title, marked snippet) of one result page;
        ``where`` holds the filters only (not the query)."""

    # -- lifecycle ---------------------------------------------------------
    def __enter__(self) -> SQLStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _initialise(self) -> None:
        """Create or migrate the schema (called by the backends when opening).

        The version is read again under the write lock of the migration's
        transaction: another process opening the same new database at the
        same moment (two first ingests) may have created it meanwhile."""
        if self._current_version() == SCHEMA_VERSION:
            return
        with self.transaction():
            version = self._current_version()
            if version == SCHEMA_VERSION:
                return
            for number in range(version, SCHEMA_VERSION):
                for step in self.migrations[number]:
                    if isinstance(step, str):
                        self._execute(step)
                    else:
                        step(self)
                self._set_meta("schema_version", str(number + 1))
            if version == 0:
                self._set_meta("created_at", now())
            self._set_meta("written_by", f"presswatch {__version__}")

    def _current_version(self) -> int:
        """The schema version (0: an empty database); refuses a database that
        is not presswatch's or that a newer presswatch wrote."""
        tables = self._tables()
        if not tables:
            return 0
        if "meta" not in tables or "articles" not in tables:
            raise StoreError(self.url, "not a presswatch database (refusing to modify it)")
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise SchemaTooNewError(
                self.url,
                f"database schema version {version} is newer than this presswatch "
                f"supports ({SCHEMA_VERSION}); upgrade presswatch",
            )
        return version

    def schema_version(self) -> int:
        row = self._execute("SELECT value FROM meta WHERE key = ?", ("schema_version",)).fetchone()
        return int(row[0]) if row else 0

    def _set_meta(self, key: str, value: str) -> None:
        self._execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    # -- writing -----------------------------------------------------------
    def is_known(self, *, article_id: str, canonical_url: str | None, content_hash: str) -> bool:
        """True when an article with this id, canonical URL or content is stored."""
        row = self._execute(
            "SELECT 1 FROM articles WHERE id = ? OR content_hash = ? OR canonical_url = ? LIMIT 1",
            (article_id, content_hash, canonical_url),
        ).fetchone()
        return row is not None

    def find_stored(
        self, *, article_id: str, canonical_url: str | None, content_hash: str
    ) -> StoredMetadata | None:
        """The metadata of the stored article with this id, canonical URL or
        content (``None`` when there is none); the same lookup as :meth:`is_known`."""
        row = self._execute(
            "SELECT id, source, url, outlet, published, language, title FROM articles "
            "WHERE id = ? OR content_hash = ? OR canonical_url = ? LIMIT 1",
            (article_id, content_hash, canonical_url),
        ).fetchone()
        return None if row is None else StoredMetadata(*row)

    def has_url(self, canonical_url: str) -> bool:
        row = self._execute(
            "SELECT 1 FROM articles WHERE canonical_url = ? LIMIT 1", (canonical_url,)
        ).fetchone()
        return row is not None

    def add(self, record: Record) -> AddOutcome:
        """Store one analysed article (see :meth:`add_many`)."""
        return self.add_many([record])[0]

    def add_many(
        self, records: Sequence[Record], *, replacing: Collection[str] = ()
    ) -> list[AddOutcome]:
        """Store analysed articles in one transaction.

        An article whose id, canonical URL or content hash is already stored
        is not stored again (status ``duplicate``), unless its id is in
        ``replacing``: then the stored article of that id is replaced by the
        record (status ``updated``; ingest does so when a source is read
        again with other metadata). A stored article whose MinHash signature
        is close to an earlier one's is linked to it (``near_duplicate_of``).
        The names of the stored articles get their corpus-wide identities,
        and the identities they affect are decided again
        (:mod:`presswatch.corpus.store.identities`). Succeeded sources are
        removed from the failures."""
        outcomes = []
        stored: list[tuple[int, list[FacetRow]]] = []
        columns: dict[int, tuple[str | None, ...]] = {}
        links: list[tuple[str, str]] = []
        withdrawn: list[FacetRow] = []
        changes = CountChanges()
        with self.transaction():
            for record in records:
                if record.article.id in replacing:
                    outcome, num = self._replace(record, withdrawn, changes)
                else:
                    outcome, num = self._add(record)
                outcomes.append(outcome)
                if num is not None:
                    stored.append((num, facet_rows(record.article)))
                    columns[num] = _counted_columns(record.article)
                    links += stated_links(record.article)
                if record.article.source:
                    self._execute(
                        "DELETE FROM failures WHERE source = ?", (storable(record.article.source),)
                    )
            updated = sum(outcome.status == "updated" for outcome in outcomes)
            if updated:
                self._set_meta("updates", str(self.revision()[1] + updated))
            touched: set[int] = set()
            if stored:
                touched = self._insert_facets(stored, links, withdrawn, columns, changes)
            changes.apply(self, touched)
        return outcomes

    def _insert_facets(
        self,
        stored: list[tuple[int, list[FacetRow]]],
        links: list[tuple[str, str]],
        withdrawn: list[FacetRow],
        columns: dict[int, tuple[str | None, ...]],
        changes: CountChanges,
    ) -> set[int]:
        """Insert the facet rows of the stored articles with the identities
        of their names, after updating the identities with those names (and
        without the names of the versions ``withdrawn`` by replacement); add
        the articles' values to ``changes``. Returns the identities whose
        counts must be taken again (see :class:`~presswatch.corpus.store.counts.CountChanges`)."""
        rows = [row for _, article_rows in stored for row in article_rows]
        update = update_identities(self, rows, links, withdrawn)
        ids = update.ids
        for num, article_rows in stored:
            changes.add(
                article_values(
                    columns[num],
                    [
                        (r.kind, r.key, r.value, ids.get(r.key) if r.kind in NAME_KINDS else None)
                        for r in article_rows
                    ],
                )
            )
        self._insert_rows(
            "article_facets",
            ("kind", "key", "article", "value", "weight", "identity"),
            [
                (
                    row.kind,
                    row.key,
                    num,
                    row.value,
                    row.weight,
                    ids.get(row.key) if row.kind in NAME_KINDS else None,
                )
                for num, article_rows in stored
                for row in article_rows
            ],
        )
        return update.touched

    def _lock_identities(self) -> None:
        """Keep concurrent writers from deciding identities at the same time
        (SQLite: the write transaction already does)."""
        return None

    def _add(self, record: Record) -> tuple[AddOutcome, int | None]:
        """Insert the article (its facets are inserted by :meth:`add_many`);
        the outcome and the article's number, ``None`` for a duplicate."""
        row = article_row(record)
        body = search_body(record.article)
        extra_columns, extra_marks = self._insert_article_sql()
        values = [
            row.id, row.url, row.canonical_url, row.content_hash, row.outlet, row.outlet_key,
            row.published, row.month, row.week, row.language, row.title, row.genre, row.source,
            now(), row.data, row.signature,
        ]  # fmt: skip
        marks = ", ".join("?" for _ in values)
        inserted = self._execute(
            f"INSERT INTO articles ({_ARTICLE_COLUMNS}{extra_columns}) VALUES ({marks}{extra_marks}) "
            "ON CONFLICT DO NOTHING RETURNING num",
            values + self._insert_article_extra(row, body),
        ).fetchone()
        if inserted is None:
            return AddOutcome("duplicate", self._existing_id(record)), None
        num = int(inserted[0])
        self._insert_text(num, row, body)
        if record.signature is None:
            return AddOutcome("stored", row.id), num
        original, score = self._link_near_duplicate(num, record.signature, row.id)
        return AddOutcome("stored", row.id, original, score), num

    def _replace(
        self, record: Record, withdrawn: list[FacetRow], changes: CountChanges
    ) -> tuple[AddOutcome, int | None]:
        """Delete the stored article of ``record``'s id, then store the record;
        when it would duplicate another stored article, nothing changes. The
        facet rows of the deleted version are added to ``withdrawn`` (its
        names leave the corpus identities)."""
        row = self._execute(
            "SELECT num, data FROM articles WHERE id = ?", (record.article.id,)
        ).fetchone()
        if row is not None:
            withdrawn += facet_rows(decode_article(bytes(row[1])))
            changes.add(self._stored_values(int(row[0])), -1)
            self._delete_text(int(row[0]))
            self._execute("DELETE FROM articles WHERE num = ?", (int(row[0]),))
        outcome, num = self._add(record)
        if outcome.status == "duplicate":
            raise StoreError(
                self.url,
                f"{record.article.source or record.article.id}: its new URL or text is "
                f"already stored as article {outcome.article_id}",
            )
        return AddOutcome(
            "updated", outcome.article_id, outcome.near_duplicate_of, outcome.similarity
        ), num

    def _stored_values(self, num: int) -> dict[tuple[str, str], str]:
        """The counted values of a stored article (see :mod:`~presswatch.corpus.store.counts`)."""
        found = self._execute(
            "SELECT outlet, language, month FROM articles WHERE num = ?", (num,)
        ).fetchone()
        facets = self._execute(
            "SELECT kind, key, value, identity FROM article_facets WHERE article = ?", (num,)
        ).fetchall()
        return article_values(tuple(found), [tuple(f) for f in facets])

    def _existing_id(self, record: Record) -> str:
        row = self._execute(
            "SELECT id FROM articles WHERE id = ? OR content_hash = ? OR canonical_url = ? LIMIT 1",
            (record.article.id, record.content_hash, record.canonical_url),
        ).fetchone()
        return str(row[0]) if row else record.article.id

    def _link_near_duplicate(
        self, num: int, signature: tuple[int, ...], own_id: str | None = None
    ) -> tuple[str | None, float | None]:
        keys = band_keys(signature)
        marks = ", ".join("?" for _ in keys)
        candidates = self._execute(
            f"SELECT a.num, a.id, a.signature, a.near_duplicate_of FROM articles a WHERE a.num IN "
            f"(SELECT DISTINCT article FROM minhash_bands WHERE key IN ({marks})) "
            f"ORDER BY a.num LIMIT {MAX_CANDIDATES}",
            keys,
        ).fetchall()
        best: tuple[float, str] | None = None
        for _, other_id, other_signature, other_original in candidates:
            other = decode_signature(other_signature)
            if other is None:
                continue
            original = str(other_original or other_id)
            if original == own_id:  # a copy of this very article (it is being replaced)
                continue
            score = similarity(signature, other)
            if score >= NEAR_DUPLICATE_THRESHOLD and (best is None or score > best[0]):
                best = (score, original)
        # the bands of an article stored now (or without a signature until now):
        # new rows, never in conflict with stored ones
        self._insert_rows("minhash_bands", ("key", "article"), [(key, num) for key in keys])
        if best is None:
            return None, None
        self._execute(
            "UPDATE articles SET near_duplicate_of = ?, similarity = ? WHERE num = ?",
            (best[1], round(best[0], 4), num),
        )
        return best[1], best[0]

    def backfill_signatures(self) -> None:
        """Compute signatures and near-duplicate links of articles stored
        without them (migration to schema version 2)."""
        rows = self._execute(
            "SELECT num, data FROM articles WHERE signature IS NULL ORDER BY num"
        ).fetchall()
        for num, data in rows:
            signature = minhash_signature(decode_article(data).text)
            if signature is None:
                continue
            self._execute(
                "UPDATE articles SET signature = ? WHERE num = ?",
                (encode_signature(signature), num),
            )
            self._link_near_duplicate(int(num), signature)

    def record_failure(self, source: str, error: str) -> None:
        """Remember that ``source`` could not be ingested, and why."""
        with self.transaction():
            self._execute(
                "INSERT INTO failures (source, error, attempts, last_attempt) VALUES (?, ?, 1, ?) "
                "ON CONFLICT (source) DO UPDATE SET error = excluded.error, "
                "attempts = failures.attempts + 1, last_attempt = excluded.last_attempt",
                (storable(source), storable(error[:2000]), now()),
            )

    def has_failed(self, source: str) -> bool:
        row = self._execute(
            "SELECT 1 FROM failures WHERE source = ?", (storable(source),)
        ).fetchone()
        return row is not None

    def failures(self, *, limit: int = 100) -> list[Failure]:
        rows = self._execute(
            "SELECT source, error, attempts, last_attempt FROM failures "
            "ORDER BY last_attempt DESC, source LIMIT ?",
            (_check_limit(limit),),
        ).fetchall()
        return [Failure(str(s), str(e), int(a), str(t)) for s, e, a, t in rows]

    # -- reading -----------------------------------------------------------
    def count(self) -> int:
        """The number of stored articles (kept in ``facet_counts``)."""
        return stored_articles(self)

    def revision(self) -> tuple[int, int]:
        """What changes whenever the stored articles change: their number, and
        how many stored articles were replaced (re-ingested with new
        metadata). Caches of query results are kept per revision."""
        row = self._execute("SELECT value FROM meta WHERE key = ?", ("updates",)).fetchone()
        return self.count(), int(row[0]) if row else 0

    def get_article(self, article_id: str) -> Article:
        """The stored article with its full analysis."""
        row = self._execute("SELECT data FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise ArticleNotFoundError(self.url, article_id)
        return decode_article(bytes(row[0]))

    def search(
        self,
        query: str | None = None,
        filters: Filters | None = None,
        *,
        sort: SortOrder = "relevance",
        limit: int = 20,
        offset: int = 0,
    ) -> SearchPage:
        """Articles matching ``query`` (see :mod:`presswatch.corpus.store.query`) and
        ``filters``, best first (``sort="relevance"``) or newest first
        (``sort="date"``; always so without a query), with highlighted
        snippets and the number of matches, counted up to :data:`COUNT_CAP`
        (``total_capped`` when more match). Pages reach the first
        :data:`COUNT_CAP` matches (``offset`` below it; a page ending beyond
        it is cut there)."""
        if sort not in ("relevance", "date"):
            raise FilterError(f"unknown sort order {sort!r} (use relevance or date)")
        _check_limit(limit)
        if not 0 <= offset < COUNT_CAP:
            raise FilterError(
                f"offset must be between 0 and {COUNT_CAP - 1:,}, got {offset} (only the first "
                f"{COUNT_CAP:,} matches are paged: narrow the search or sort by date)"
            )
        parsed = parse_query(query) if query and query.strip() else None
        filters = filters or Filters()
        total, capped = self._count_up_to(parsed, filters, COUNT_CAP)
        rows: list[tuple[Any, ...]] = []
        if total > offset:
            only_filters, filter_params = self._where(None, filters)
            shown = min(limit, COUNT_CAP - offset)
            rows = self._search_page(parsed, only_filters, filter_params, sort, shown, offset)
        hits = tuple(_hit(row) for row in rows)
        return SearchPage(hits, total, limit, offset, query if parsed else None, capped)

    def facets(
        self, query: str | None = None, filters: Filters | None = None, *, limit: int = 10
    ) -> Facets:
        """For each kind of :data:`~presswatch.corpus.store.types.FACET_KINDS`, the
        values most often found among the matching articles, with counts."""
        _check_limit(limit)
        parsed = parse_query(query) if query and query.strip() else None
        where, params = self._where(parsed, filters or Filters())
        if where == MATCH_ALL:  # the whole corpus: its counts are kept up to date
            return Facets(
                self.count(),
                {
                    kind: tuple(FacetValue(v, n) for v, n in top_values(self, kind, limit))
                    for kind in FACET_KINDS
                },
            )
        alone = self._facet_filter_alone(parsed, filters or Filters())
        if alone is not None:
            return self._facets_of(alone, limit)
        total = self._count(parsed, filters or Filters())
        # Beyond FACET_SAMPLE matching articles, every step-th one is counted
        # and the counts are scaled (an estimate, said so); below, exact.
        step = -(-total // FACET_SAMPLE) if total > FACET_SAMPLE else 1
        selection, params = self._selection(parsed, filters or Filters(), where, params, step)
        return self._count_facets(selection, params, total, step, limit)

    def _count_facets(
        self, selection: str, params: Params, total: int, step: int, limit: int
    ) -> Facets:
        """Count every facet kind over the articles ``selection`` selects (one
        statement: the selection computed once, a materialised common table
        expression, and the outlet, language and month of its articles read
        once, another). With ``step`` > 1 it holds every step-th matching
        article and the counts are scaled (an estimate, said so)."""
        counts: dict[str, list[FacetValue]] = {kind: [] for kind in FACET_KINDS}
        parts: list[str] = []
        part_params: Params = []
        for kind in FACET_KINDS:
            part, kind_params = _facet_part(kind, False, limit)
            parts.append(part)
            part_params += kind_params
        sql = (
            f"WITH m AS MATERIALIZED ({selection}), "
            "c AS MATERIALIZED (SELECT a.outlet, a.language, a.month "
            "FROM m CROSS JOIN articles a WHERE a.num = m.num) " + " UNION ALL ".join(parts)
        )
        for kind, value, n in self._execute(sql, [*params, *part_params]).fetchall():
            counts[kind].append(FacetValue(str(value), min(int(n) * step, total)))
        return Facets(
            total, {kind: tuple(values) for kind, values in counts.items()}, estimated=step > 1
        )

    def _facet_filter_alone(
        self, query: Query | None, filters: Filters
    ) -> tuple[str, Params, tuple[str, str] | None] | None:
        """When the only condition is one facet filter (techniques, or the
        names of one kind), the SELECT of its articles' numbers from
        ``article_facets`` alone (``article`` column, possibly repeated), its
        parameters, and the ``facet_counts`` row that holds its exact count
        when it is one value; ``None`` otherwise."""
        if query is not None:
            return None
        keys = [fold(v) for v in filters.techniques if fold(v)]
        if keys and _only(filters, "techniques"):
            marks = ", ".join("?" for _ in keys)
            inner = f"SELECT article FROM article_facets WHERE kind = ? AND key IN ({marks})"
            counted = ("technique", keys[0]) if len(set(keys)) == 1 else None
            return inner, ["technique", *keys], counted
        for kind, field in (
            ("speaker", "speakers"),
            ("source", "sources"),
            ("entity", "entities"),
            ("via", "vias"),
        ):
            values = getattr(filters, field)
            if not any(fold(v) for v in values):
                continue
            if not _only(filters, field):
                return None
            identities = lookup_identities(self, values)
            if not identities:
                return None  # matches nothing: the general path says so
            marks = ", ".join("?" for _ in identities)
            inner = f"SELECT article FROM article_facets WHERE kind = ? AND identity IN ({marks})"
            counted = (kind, str(identities[0])) if len(set(identities)) == 1 else None
            return inner, [kind, *identities], counted
        return None

    def _facets_of(self, alone: tuple[str, Params, tuple[str, str] | None], limit: int) -> Facets:
        """The facets of the articles of one facet filter: counted from its
        rows in ``article_facets`` (never looked up one by one in
        ``articles``), its total from ``facet_counts`` when it is one value."""
        inner, params, counted = alone
        if counted is not None:
            total = self._kept_count(counted)
        else:
            row = self._execute(
                f"SELECT count(DISTINCT s.article) FROM ({inner}) s", params
            ).fetchone()
            total = int(row[0])
        step = -(-total // FACET_SAMPLE) if total > FACET_SAMPLE else 1
        selection = f"SELECT DISTINCT s.article AS num FROM ({inner}) s"
        selection_params = list(params)
        if step > 1:
            selection += " WHERE s.article % ? = 0"
            selection_params.append(step)
        return self._count_facets(selection, selection_params, total, step, limit)

    def _kept_count(self, counted: tuple[str, str]) -> int:
        """The number of stored articles with one facet value (kind, key), as kept."""
        row = self._execute(
            "SELECT n FROM facet_counts WHERE kind = ? AND key = ?", counted
        ).fetchone()
        return int(row[0]) if row else 0

    def _selection(
        self, query: Query | None, filters: Filters, where: str, params: Params, step: int
    ) -> tuple[str, Params]:
        """The SELECT of the numbers (``num``) of the matching articles whose
        facets are counted: every ``step``-th one. A query without filters
        is answered by the full-text index alone (its matches are never
        looked up one by one in ``articles``)."""
        if query is not None and filters.is_empty():
            matching, matching_params = self._matching(query)
            selection = f"SELECT s.num AS num FROM ({matching}) s"
            if step > 1:
                return f"{selection} WHERE s.num % ? = 0", [*matching_params, step]
            return selection, matching_params
        if step > 1:
            where, params = self._sampled(where, params, step)
        return f"SELECT a.num AS num FROM articles a WHERE {where}", params

    def _sampled(self, where: str, params: Params, step: int) -> tuple[str, Params]:
        """``where`` restricted to every ``step``-th article (by number); the
        whole corpus is never sampled (its counts are kept)."""
        return f"{where} AND a.num % ? = 0", [*params, step]

    def timeseries(
        self,
        query: str | None = None,
        filters: Filters | None = None,
        *,
        interval: Interval = "month",
        by: str = "outlet",
    ) -> list[SeriesPoint]:
        """Matching articles per period (``month`` or ISO ``week``) and per
        ``outlet`` or ``language``, in chronological order. Articles without
        a (full) publication date are left out."""
        if interval not in ("month", "week"):
            raise FilterError(f"unknown interval {interval!r} (use month or week)")
        if by not in ("outlet", "language"):
            raise FilterError(f"cannot group by {by!r} (use outlet or language)")
        parsed = parse_query(query) if query and query.strip() else None
        where, params = self._where(parsed, filters or Filters())
        period = f"a.{interval}"
        rows = self._execute(
            f"SELECT {period}, coalesce(a.{by}, '(unknown)'), count(*) FROM articles a "
            f"WHERE {where} AND {period} IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2",
            params,
        ).fetchall()
        return [SeriesPoint(str(p), str(g), int(n)) for p, g, n in rows]

    def metadata_gaps(
        self, query: str | None = None, filters: Filters | None = None
    ) -> MetadataGaps:
        """How many matching articles have no outlet, no date, no full date:
        what an empty outlet list or chart needs to explain."""
        parsed = parse_query(query) if query and query.strip() else None
        where, params = self._where(parsed, filters or Filters())
        row = self._execute(
            "SELECT count(*), count(*) - count(a.outlet), count(*) - count(a.month), "
            f"count(*) - count(a.week) FROM articles a WHERE {where}",
            params,
        ).fetchone()
        return MetadataGaps(*(int(value) for value in row))

    def links(self, article_id: str) -> list[Link]:
        """Near-duplicate links of an article: the original it copies, and
        the later copies of it."""
        row = self._execute(
            "SELECT near_duplicate_of, similarity FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None:
            raise ArticleNotFoundError(self.url, article_id)
        links: list[Link] = []
        original, score = row
        if original:
            other = self._execute(
                "SELECT id, title, outlet, published FROM articles WHERE id = ?", (original,)
            ).fetchone()
            if other is not None:
                links.append(
                    Link(
                        "near_duplicate_of",
                        other[0],
                        other[1],
                        other[2],
                        other[3],
                        float(score or 0),
                    )
                )
        copies = self._execute(
            "SELECT id, title, outlet, published, similarity FROM articles "
            "WHERE near_duplicate_of = ? ORDER BY published, num",
            (article_id,),
        ).fetchall()
        for other_id, title, outlet, published, sim in copies:
            links.append(
                Link("has_near_duplicate", other_id, title, outlet, published, float(sim or 0))
            )
        return links

    def stats(self, *, limit: int = 10) -> Stats:
        """Counts of the whole corpus and its most frequent values, read from
        the kept counts (``facet_counts``) and the indexes: no statement reads
        every article."""
        near_duplicates = self._execute(
            "SELECT count(*) FROM articles WHERE near_duplicate_of IS NOT NULL"
        ).fetchone()[0]
        first = self._execute("SELECT min(published) FROM articles").fetchone()[0]
        last = self._execute("SELECT max(published) FROM articles").fetchone()[0]
        failures = int(self._execute("SELECT count(*) FROM failures").fetchone()[0])
        months = self._execute(
            "SELECT key, n FROM facet_counts WHERE kind = 'month' ORDER BY key"
        ).fetchall()
        return Stats(
            articles=self.count(),
            near_duplicates=int(near_duplicates),
            failures=failures,
            first_published=first,
            last_published=last,
            facets=self.facets(limit=limit),
            by_month=tuple(FacetValue(str(m), int(n)) for m, n in months),
            schema_version=self.schema_version(),
            backend=self.backend,
        )

    def export(self, query: str | None = None, filters: Filters | None = None) -> Iterator[Article]:
        """Every matching article with its analysis, oldest first, streamed
        (memory stays bounded whatever the size of the corpus)."""
        parsed = parse_query(query) if query and query.strip() else None
        where, params = self._where(parsed, filters or Filters())
        sql = f"SELECT a.data FROM articles a WHERE {where} ORDER BY a.published, a.num"
        for (data,) in self._stream(sql, params):
            yield decode_article(bytes(data))

    def export_identified(
        self, query: str | None = None, filters: Filters | None = None
    ) -> Iterator[IdentifiedArticle]:
        """As :meth:`export`, each article with the corpus identity of every
        name it uses (what the exports write)."""
        parsed = parse_query(query) if query and query.strip() else None
        where, params = self._where(parsed, filters or Filters())
        sql = f"SELECT a.num, a.data FROM articles a WHERE {where} ORDER BY a.published, a.num"
        batch: list[tuple[int, bytes]] = []
        for num, data in self._stream(sql, params):
            batch.append((int(num), bytes(data)))
            if len(batch) >= EXPORT_BATCH:
                yield from self._identified(batch)
                batch = []
        yield from self._identified(batch)

    def _identified(self, batch: list[tuple[int, bytes]]) -> Iterator[IdentifiedArticle]:
        names = self._facet_identities([num for num, _ in batch])
        for num, data in batch:
            article = decode_article(data)
            known = names.get(num, {})
            identities = {
                value: known[name_key(value)]
                for value in article_names(article)
                if name_key(value) in known
            }
            yield IdentifiedArticle(article, identities)

    def _facet_identities(self, nums: list[int]) -> dict[int, dict[str, NameIdentity]]:
        """For each article number: name key -> identity."""
        found: dict[int, dict[str, NameIdentity]] = {}
        for part in chunks(nums):
            marks = ", ".join("?" for _ in part)
            for num, key, identity, name in self._execute(
                "SELECT f.article, f.key, i.id, i.name FROM article_facets f "
                f"JOIN identities i ON i.id = f.identity WHERE f.article IN ({marks})",
                list(part),
            ).fetchall():
                found.setdefault(int(num), {})[str(key)] = NameIdentity(int(identity), str(name))
        return found

    def article_identities(
        self, article_id: str, article: Article | None = None
    ) -> dict[str, NameIdentity]:
        """The corpus identity of every name a stored article uses, keyed by
        the name as the article writes it (``article``: the article, if the
        caller has already read it)."""
        row = self._execute("SELECT num FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise ArticleNotFoundError(self.url, article_id)
        article = article or self.get_article(article_id)
        known = self._facet_identities([int(row[0])]).get(int(row[0]), {})
        return {v: known[name_key(v)] for v in article_names(article) if name_key(v) in known}

    def identities(
        self,
        kind: str = "speaker",
        query: str | None = None,
        filters: Filters | None = None,
        *,
        limit: int = 20,
        offset: int = 0,
    ) -> list[Identity]:
        """The identities of ``kind`` (speaker, source, entity or via) found
        in the most matching articles, with their variants (each spelling
        and its number of articles)."""
        if kind not in NAME_KINDS:
            raise FilterError(f"unknown name kind {kind!r} (use {', '.join(NAME_KINDS)})")
        _check_limit(limit)
        if offset < 0:
            raise FilterError(f"offset must be >= 0, got {offset}")
        parsed = parse_query(query) if query and query.strip() else None
        where, params = self._where(parsed, filters or Filters())
        scope = (
            ""
            if where == MATCH_ALL
            else f"AND f.article IN (SELECT a.num FROM articles a WHERE {where}) "
        )
        top = self._execute(
            "SELECT i.id, i.name, i.class, t.n FROM "
            f"(SELECT f.identity AS identity, {_DISTINCT_ARTICLES} AS n FROM article_facets f "
            f"WHERE f.kind = ? {scope}GROUP BY f.identity) t "
            "JOIN identities i ON i.id = t.identity ORDER BY t.n DESC, i.name LIMIT ? OFFSET ?",
            [kind, *params, limit, offset],
        ).fetchall()
        if not top:
            return []
        ids = [int(row[0]) for row in top]
        marks = ", ".join("?" for _ in ids)
        variants: dict[int, list[FacetValue]] = {}
        for identity, value, n in self._execute(
            "SELECT f.identity, n.value, count(*) FROM article_facets f "
            "JOIN identity_names n ON n.key = f.key "
            f"WHERE f.kind = ? AND f.identity IN ({marks}) {scope}"
            "GROUP BY f.identity, f.key, n.value ORDER BY count(*) DESC, n.value",
            [kind, *ids, *params],
        ).fetchall():
            variants.setdefault(int(identity), []).append(FacetValue(str(value), int(n)))
        return [
            Identity(int(i), str(name), str(category), int(n), tuple(variants.get(int(i), ())))
            for i, name, category, n in top
        ]

    def _count_up_to(self, query: Query | None, filters: Filters, cap: int) -> tuple[int, bool]:
        """How many articles match, counted up to ``cap``, and whether more
        match (the whole corpus is counted exactly: its count is kept)."""
        if query is None and filters.is_empty():
            return self.count(), False
        alone = self._facet_filter_alone(query, filters)
        if alone is not None and alone[2] is not None:  # one facet value: its count is kept
            return self._kept_count(alone[2]), False
        where, params = self._where(query, filters)
        return self._capped(f"SELECT 1 FROM articles a WHERE {where}", params, cap)

    def _capped(self, selection: str, params: Params, cap: int) -> tuple[int, bool]:
        """The rows of ``selection``, counted up to ``cap`` (and whether there are more)."""
        row = self._execute(
            f"SELECT count(*) FROM ({selection} LIMIT ?) c", [*params, cap + 1]
        ).fetchone()
        return min(int(row[0]), cap), int(row[0]) > cap

    def _count(self, query: Query | None, filters: Filters) -> int:
        """How many articles match (backends may have a faster way)."""
        where, params = self._where(query, filters)
        row = self._execute(f"SELECT count(*) FROM articles a WHERE {where}", params).fetchone()
        return int(row[0])

    # -- filters -----------------------------------------------------------
    def _where(self, query: Query | None, filters: Filters) -> tuple[str, Params]:
        clauses: list[str] = []
        params: Params = []
        if query is not None:
            sql, query_params = self._matching(query)
            clauses.append(f"a.num IN ({sql})")
            params.extend(query_params)
        _in(clauses, params, "a.outlet_key", [fold(o) for o in filters.outlets])
        _in(clauses, params, "a.language", [lang.strip().lower() for lang in filters.languages])
        if filters.since:
            clauses.append("a.published >= ?")
            params.append(_check_date(filters.since, "since"))
        if filters.until:
            clauses.append("a.published <= ?")
            params.append(_check_date(filters.until, "until") + "~")  # '~' sorts after digits
        for kind, values in (
            ("speaker", filters.speakers),
            ("source", filters.sources),
            ("entity", filters.entities),
            ("via", filters.vias),
        ):
            if not any(fold(v) for v in values):
                continue
            identities = lookup_identities(self, values)
            if not identities:
                clauses.append(MATCH_NOTHING)
                continue
            marks = ", ".join("?" for _ in identities)
            clauses.append(
                "a.num IN (SELECT article FROM article_facets "
                f"WHERE kind = ? AND identity IN ({marks}))"
            )
            params.extend([kind, *identities])
        keys = [fold(v) for v in filters.techniques if fold(v)]
        if keys:
            marks = ", ".join("?" for _ in keys)
            clauses.append(
                f"a.num IN (SELECT article FROM article_facets WHERE kind = ? AND key IN ({marks}))"
            )
            params.extend(["technique", *keys])
        if filters.exclude_near_duplicates:
            clauses.append("a.near_duplicate_of IS NULL")
        return (" AND ".join(clauses) or MATCH_ALL), params


def _facet_part(kind: str, everything: bool, limit: int) -> tuple[str, Params]:
    """The SELECT counting one facet kind over the matching articles (``m``,
    unless ``everything`` matches): names by identity, techniques by key,
    outlet, language and month by column. The matching articles drive the
    count (``m CROSS JOIN``, which SQLite keeps in this order): each one's
    rows are read from the index by article, never every row of a kind; the
    columns are counted over ``c``, the matching articles' outlet, language
    and month, read once for the three."""
    if kind in NAME_KINDS or kind in _FACET_KINDS_BY_KEY:
        source = (
            "article_facets f WHERE "
            if everything
            else "m CROSS JOIN article_facets f WHERE f.article = m.num AND "
        )
    if kind in NAME_KINDS:
        sql = (
            "SELECT * FROM (SELECT ? AS kind, i.name AS value, t.n AS n FROM "
            f"(SELECT f.identity AS identity, {_DISTINCT_ARTICLES} AS n "
            f"FROM {source}f.kind = ? GROUP BY f.identity) t "
            "JOIN identities i ON i.id = t.identity "
            f"ORDER BY t.n DESC, i.name LIMIT ?) AS facet_{kind}"
        )
        return sql, [kind, kind, limit]
    if kind in _FACET_KINDS_BY_KEY:
        # counted by key from the index alone; the value shown is the one the
        # whole corpus's counts keep for the key (its greatest spelling)
        sql = (
            "SELECT * FROM (SELECT ? AS kind, c.value AS value, t.n AS n FROM "
            f"(SELECT f.key AS key, count(*) AS n FROM {source}f.kind = ? GROUP BY f.key) t "
            "JOIN facet_counts c ON c.kind = ? AND c.key = t.key "
            f"ORDER BY t.n DESC, c.value LIMIT ?) AS facet_{kind}"
        )
        return sql, [kind, kind, kind, limit]
    articles = "articles a WHERE " if everything else "c a WHERE "
    column = {"outlet": "a.outlet", "language": "a.language", "month": "a.month"}[kind]
    sql = (
        f"SELECT * FROM (SELECT ? AS kind, {column} AS value, count(*) AS n "
        f"FROM {articles}{column} IS NOT NULL "
        f"GROUP BY {column} ORDER BY count(*) DESC, {column} LIMIT ?) AS facet_{kind}"
    )
    return sql, [kind, limit]


def _only(filters: Filters, field: str) -> bool:
    """Whether ``filters`` sets nothing but ``field``."""
    return not any(
        getattr(filters, other.name) for other in dataclasses.fields(filters) if other.name != field
    )


def _counted_columns(article: Article) -> tuple[str | None, ...]:
    """The outlet, language and month of an article as its row stores them."""
    return (
        storable(article.outlet) if article.outlet is not None else None,
        storable(article.language) if article.language is not None else None,
        month_of(article.published),
    )


def _in(clauses: list[str], params: Params, column: str, values: list[str]) -> None:
    values = [v for v in values if v]
    if values:
        clauses.append(f"{column} IN ({', '.join('?' for _ in values)})")
        params.extend(values)


def _check_date(value: str, name: str) -> str:
    try:
        return check_date(value)
    except ValueError as exc:
        raise FilterError(f"--{name}: {exc}") from None


def _check_limit(limit: int) -> int:
    if not 1 <= limit <= MAX_LIMIT:
        raise FilterError(f"limit must be between 1 and {MAX_LIMIT}, got {limit}")
    return limit


def _hit(row: tuple[Any, ...]) -> SearchHit:
    article_id, url, outlet, published, language, original, source, score, title, snippet = row
    return SearchHit(
        id=str(article_id),
        title=Snippet.from_marked(str(title or "")),
        snippet=Snippet.from_marked(str(snippet or "")),
        url=url,
        outlet=outlet,
        published=published,
        language=language,
        score=round(float(score or 0.0), 6),
        near_duplicate_of=original,
        source=source,
    )
