"""Versioned schemas. A store opens a database of any older version and
migrates it forward in one transaction; a database written by a newer
presswatch is refused (never modified).

A migration is a list of steps: SQL statements, or Python callables that
receive the store (for data back-fills).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from presswatch.corpus.store.base import SQLStore

Step = str | Callable[["SQLStore"], None]
Migration = Sequence[Step]

_SQLITE_V1: Migration = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE articles (
        num INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        url TEXT,
        canonical_url TEXT UNIQUE,
        content_hash TEXT NOT NULL UNIQUE,
        outlet TEXT,
        outlet_key TEXT,
        published TEXT,
        month TEXT,
        week TEXT,
        language TEXT,
        title TEXT NOT NULL,
        genre TEXT,
        source TEXT,
        ingested_at TEXT NOT NULL,
        data BLOB NOT NULL
    )""",
    "CREATE INDEX articles_outlet ON articles (outlet_key, published)",
    "CREATE INDEX articles_published ON articles (published)",
    "CREATE INDEX articles_language ON articles (language, published)",
    "CREATE INDEX articles_month ON articles (month, outlet)",
    "CREATE INDEX articles_week ON articles (week, outlet)",
    """CREATE TABLE article_facets (
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        article INTEGER NOT NULL REFERENCES articles (num) ON DELETE CASCADE,
        value TEXT NOT NULL,
        weight INTEGER NOT NULL,
        PRIMARY KEY (kind, key, article)
    ) WITHOUT ROWID""",
    "CREATE INDEX article_facets_article ON article_facets (article, kind)",
    "CREATE VIRTUAL TABLE article_fts USING fts5"
    "(title, body, tokenize = 'unicode61 remove_diacritics 2')",
    """CREATE TABLE failures (
        source TEXT PRIMARY KEY,
        error TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        last_attempt TEXT NOT NULL
    )""",
)


def _backfill_signatures(store: SQLStore) -> None:
    """Compute MinHash signatures of the articles stored before version 2."""
    store.backfill_signatures()


_SQLITE_V2: Migration = (
    "ALTER TABLE articles ADD COLUMN signature BLOB",
    "ALTER TABLE articles ADD COLUMN near_duplicate_of TEXT",
    "ALTER TABLE articles ADD COLUMN similarity REAL",
    "CREATE INDEX articles_near_duplicate_of ON articles (near_duplicate_of)",
    """CREATE TABLE minhash_bands (
        key INTEGER NOT NULL,
        article INTEGER NOT NULL REFERENCES articles (num) ON DELETE CASCADE,
        PRIMARY KEY (key, article)
    ) WITHOUT ROWID""",
    _backfill_signatures,
)

#: Version 3: a prefix index (2, 3 and 4 characters) makes ``word*`` queries
#: and snippets of them fast; the full-text table is rebuilt with it.
_SQLITE_V3: Migration = (
    "CREATE VIRTUAL TABLE article_fts_v3 USING fts5"
    "(title, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4')",
    "INSERT INTO article_fts_v3 (rowid, title, body) SELECT rowid, title, body FROM article_fts",
    "DROP TABLE article_fts",
    "ALTER TABLE article_fts_v3 RENAME TO article_fts",
)


def _rebuild_identities(store: SQLStore) -> None:
    """Give the names of the articles stored before version 4 their identities."""
    from presswatch.corpus.store.identities import rebuild_identities

    rebuild_identities(store)


def _identity_tables(id_type: str, int_type: str, without_rowid: str) -> Migration:
    """Version 4: one identity per person or organisation across the corpus
    (``presswatch.corpus.store.names``); every name row of ``article_facets``
    gets its identity."""
    return (
        f"""CREATE TABLE identities (
            id {id_type},
            key TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            class TEXT NOT NULL
        )""",
        f"""CREATE TABLE identity_names (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            block TEXT NOT NULL,
            org_key TEXT NOT NULL,
            persons INTEGER NOT NULL DEFAULT 0,
            others INTEGER NOT NULL DEFAULT 0,
            untyped INTEGER NOT NULL DEFAULT 0,
            identity {int_type} REFERENCES identities (id)
        ){without_rowid}""",
        f"""CREATE TABLE identity_spellings (
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (key, value)
        ){without_rowid}""",
        "CREATE INDEX identity_names_block ON identity_names (block)",
        "CREATE INDEX identity_names_org_key ON identity_names (org_key)",
        "CREATE INDEX identity_names_identity ON identity_names (identity)",
        f"""CREATE TABLE identity_links (
            a TEXT NOT NULL,
            b TEXT NOT NULL,
            PRIMARY KEY (a, b)
        ){without_rowid}""",
        f"ALTER TABLE article_facets ADD COLUMN identity {int_type}",
        "CREATE INDEX article_facets_identity ON article_facets (kind, identity, article)",
        _rebuild_identities,
    )


_SQLITE_V4 = _identity_tables("INTEGER PRIMARY KEY", "INTEGER", " WITHOUT ROWID")


def _rebuild_counts(store: SQLStore) -> None:
    """Count the values of the articles stored before version 5."""
    from presswatch.corpus.store.counts import rebuild_counts

    rebuild_counts(store)


def _count_tables(without_rowid: str) -> Migration:
    """Version 5: the facet counts of the whole corpus, kept up to date as
    articles are stored (``presswatch.corpus.store.counts``), and the
    identity in the index of facet rows by article (facets of a selection)."""
    return (
        f"""CREATE TABLE facet_counts (
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            n BIGINT NOT NULL,
            PRIMARY KEY (kind, key)
        ){without_rowid}""",
        "CREATE INDEX facet_counts_n ON facet_counts (kind, n)",
        _rebuild_counts,
        # the facet rows of given articles with their identities, from the index alone
        "DROP INDEX article_facets_article",
        "CREATE INDEX article_facets_article ON article_facets (article, kind, identity)",
    )


SQLITE_MIGRATIONS: tuple[Migration, ...] = (
    _SQLITE_V1,
    _SQLITE_V2,
    _SQLITE_V3,
    _SQLITE_V4,
    _count_tables(" WITHOUT ROWID"),
)

#: The text search configuration: French stemming on unaccented words.
PG_TEXT_CONFIG = "presswatch_fr"

_PG_V1: Migration = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    f"""DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{PG_TEXT_CONFIG}') THEN
            CREATE TEXT SEARCH CONFIGURATION {PG_TEXT_CONFIG} (COPY = french);
            ALTER TEXT SEARCH CONFIGURATION {PG_TEXT_CONFIG}
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
        END IF;
    END $$""",
    """CREATE TABLE articles (
        num BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        url TEXT,
        canonical_url TEXT UNIQUE,
        content_hash TEXT NOT NULL UNIQUE,
        outlet TEXT,
        outlet_key TEXT,
        published TEXT COLLATE "C",
        month TEXT COLLATE "C",
        week TEXT COLLATE "C",
        language TEXT,
        title TEXT NOT NULL,
        genre TEXT,
        source TEXT,
        ingested_at TEXT NOT NULL,
        data BYTEA NOT NULL,
        body TEXT NOT NULL,
        tsv TSVECTOR NOT NULL
    )""",
    "CREATE INDEX articles_tsv ON articles USING GIN (tsv)",
    "CREATE INDEX articles_outlet ON articles (outlet_key, published)",
    "CREATE INDEX articles_published ON articles (published)",
    "CREATE INDEX articles_language ON articles (language, published)",
    "CREATE INDEX articles_month ON articles (month, outlet)",
    "CREATE INDEX articles_week ON articles (week, outlet)",
    """CREATE TABLE article_facets (
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        article BIGINT NOT NULL REFERENCES articles (num) ON DELETE CASCADE,
        value TEXT NOT NULL,
        weight INTEGER NOT NULL,
        PRIMARY KEY (kind, key, article)
    )""",
    "CREATE INDEX article_facets_article ON article_facets (article, kind)",
    """CREATE TABLE failures (
        source TEXT PRIMARY KEY,
        error TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        last_attempt TEXT NOT NULL
    )""",
)

_PG_V2: Migration = (
    "ALTER TABLE articles ADD COLUMN signature BYTEA",
    "ALTER TABLE articles ADD COLUMN near_duplicate_of TEXT",
    "ALTER TABLE articles ADD COLUMN similarity REAL",
    "CREATE INDEX articles_near_duplicate_of ON articles (near_duplicate_of)",
    """CREATE TABLE minhash_bands (
        key BIGINT NOT NULL,
        article BIGINT NOT NULL REFERENCES articles (num) ON DELETE CASCADE,
        PRIMARY KEY (key, article)
    )""",
    _backfill_signatures,
)

#: Version 3 changed the SQLite full-text index only (GIN already serves prefixes).
_PG_V3: Migration = ()

_PG_V4 = _identity_tables("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY", "BIGINT", "")

POSTGRES_MIGRATIONS: tuple[Migration, ...] = (_PG_V1, _PG_V2, _PG_V3, _PG_V4, _count_tables(""))

#: The schema version this presswatch writes.
SCHEMA_VERSION = len(SQLITE_MIGRATIONS)
assert len(POSTGRES_MIGRATIONS) == SCHEMA_VERSION
