"""Corpus stores: analysed articles in SQLite (default) or PostgreSQL, with
full-text search, filters, facets, statistics, time series and export.

>>> from presswatch.corpus.store import open_store, Filters
>>> with open_store("sqlite:///presswatch.db") as store:          # doctest: +SKIP
...     page = store.search("vaccin* NOT covid", Filters(outlets=("Sputnik France",)))
...     for hit in page.hits:
...         print(hit.title.plain, hit.snippet.marked())

See ``docs/store.md`` for the API and the query language.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from presswatch.corpus.store.base import SQLStore
from presswatch.corpus.store.errors import (
    ArticleNotFoundError,
    FilterError,
    QuerySyntaxError,
    SchemaTooNewError,
    StoreError,
)
from presswatch.corpus.store.query import Query, parse_query
from presswatch.corpus.store.types import (
    FACET_KINDS,
    AddOutcome,
    Facets,
    FacetValue,
    Filters,
    Link,
    Record,
    SearchHit,
    SearchPage,
    Segment,
    SeriesPoint,
    Snippet,
    Stats,
    StoredFailure,
)

#: The database used when no ``--db`` is given: a SQLite file in the current directory.
DEFAULT_DB = "presswatch.db"

Store = SQLStore

__all__ = [
    "DEFAULT_DB",
    "FACET_KINDS",
    "AddOutcome",
    "ArticleNotFoundError",
    "FacetValue",
    "Facets",
    "FilterError",
    "Filters",
    "Link",
    "Query",
    "QuerySyntaxError",
    "Record",
    "SchemaTooNewError",
    "SearchHit",
    "SearchPage",
    "Segment",
    "SeriesPoint",
    "Snippet",
    "Stats",
    "Store",
    "StoreError",
    "StoredFailure",
    "open_store",
    "parse_query",
]


def open_store(url: str | None = None, *, create: bool = False) -> Store:
    """Open the store at ``url``.

    ``url`` is ``sqlite:///relative/path.db``, ``sqlite:////absolute/path.db``,
    a plain file path, or ``postgresql://user:password@host:port/dbname``;
    ``None`` means :data:`DEFAULT_DB`. A missing SQLite file is created only
    with ``create=True`` (ingest); reading commands get a clear
    :class:`StoreError` instead. The schema is created or migrated on open."""
    target = url or DEFAULT_DB
    scheme = urlsplit(target).scheme.lower() if "://" in target else ""
    if scheme in ("postgresql", "postgres"):
        from presswatch.corpus.store.postgres import PostgresStore

        return PostgresStore(target)
    if scheme == "sqlite":
        path = unquote(target.split("://", 1)[1])
        if path.startswith("/"):
            path = path[1:]  # sqlite:///rel.db -> rel.db, sqlite:////abs.db -> /abs.db
        if not path:
            raise StoreError(target, "no file path in the SQLite URL (sqlite:///path/to/file.db)")
        return _sqlite(Path(path), create, target)
    if scheme:
        raise StoreError(
            target, f"unsupported database URL scheme {scheme!r} (use sqlite:/// or postgresql://)"
        )
    return _sqlite(Path(target), create, f"sqlite:///{target}")


def _sqlite(path: Path, create: bool, url: str) -> Store:
    from presswatch.corpus.store.sqlite import SQLiteStore

    return SQLiteStore(path, create=create, url=url)
