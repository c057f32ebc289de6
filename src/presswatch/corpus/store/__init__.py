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

import os
from collections.abc import Callable
from typing import Any, cast
from urllib.parse import urlsplit

from presswatch.core.errors import InputTypeError, RegistryError
from presswatch.core.registry import Registry
from presswatch.corpus.store.base import SQLStore
from presswatch.corpus.store.errors import (
    ArticleNotFoundError,
    FilterError,
    QuerySyntaxError,
    SchemaTooNewError,
    StoreError,
)
from presswatch.corpus.store.query import Query, parse_query
from presswatch.corpus.store.sqlite import open_sqlite_file
from presswatch.corpus.store.types import (
    FACET_KINDS,
    AddOutcome,
    Facets,
    FacetValue,
    Filters,
    Link,
    MetadataGaps,
    Record,
    SearchHit,
    SearchPage,
    Segment,
    SeriesPoint,
    Snippet,
    Stats,
)

#: The database used when no ``--db`` is given: a SQLite file in the current directory.
DEFAULT_DB = "presswatch.db"

Store = SQLStore

__all__ = [
    "DEFAULT_DB",
    "FACET_KINDS",
    "STORES",
    "AddOutcome",
    "ArticleNotFoundError",
    "FacetValue",
    "Facets",
    "FilterError",
    "Filters",
    "Link",
    "MetadataGaps",
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
    "open_store",
    "parse_query",
]


#: Opens the store at a URL of its scheme (``create``: a missing database may be created).
StoreOpener = Callable[[str, bool], Store]


def _as_opener(scheme: str, value: Any) -> StoreOpener:
    if not callable(value):
        raise RegistryError(f"the store {scheme!r} is not callable (got {value!r})")
    return cast(StoreOpener, value)


#: The store backends, by URL scheme. A separate package adds one with an
#: entry point in the ``presswatch.stores`` group naming its opener.
STORES: Registry[StoreOpener] = Registry(
    "store",
    "presswatch.stores",
    builtins={
        "sqlite": "presswatch.corpus.store.sqlite:open_sqlite",
        "postgresql": "presswatch.corpus.store.postgres:open_postgres",
        "postgres": "presswatch.corpus.store.postgres:open_postgres",
    },
    coerce=_as_opener,
)


def open_store(url: str | os.PathLike[str] | None = None, *, create: bool = False) -> Store:
    """Open the store at ``url``.

    ``url`` is ``sqlite:///relative/path.db``, ``sqlite:////absolute/path.db``,
    a plain file path (a ``str`` or a ``pathlib.Path``), or ``postgresql://user:password@host:port/dbname``
    (or a scheme a plug-in registered in :data:`STORES`); ``None`` means
    :data:`DEFAULT_DB`. A missing SQLite file is created only with
    ``create=True`` (ingest); reading commands get a clear
    :class:`StoreError` instead. The schema is created or migrated on open."""
    if isinstance(url, os.PathLike):
        return open_sqlite_file(os.fspath(url), create)
    if url is not None and not isinstance(url, str):
        raise InputTypeError("open_store", "url", "a str or a path", url)
    target = url or DEFAULT_DB
    scheme = urlsplit(target).scheme.lower() if "://" in target else ""
    if not scheme:
        return open_sqlite_file(target, create)
    if scheme not in STORES:
        raise StoreError(
            target, f"unsupported database URL scheme {scheme!r} (use sqlite:/// or postgresql://)"
        )
    return STORES.get(scheme)(target, create)
