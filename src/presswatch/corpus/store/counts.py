"""Facet counts of the whole corpus, kept in the ``facet_counts`` table
(schema version 5) as articles are stored and replaced, so that the
dashboard's front page and ``facets()`` without a query or filter read a
few hundred rows instead of counting a million articles.

One row per facet value: ``kind`` and ``key`` (the value itself for
outlet, language and month; the folded key for a technique; the identity
id, as text, for a name kind), the ``value`` shown (techniques: the
greatest spelling, as the counting query shows), and ``n``, the number of
stored articles with that value; kind ``articles`` (key ``''``) holds how
many articles are stored. Counts are exact: each stored article adds one
to each of its values, a replaced article's old version takes one away
from each of its own, and the identities whose variants moved to another
identity (re-linking) are counted again from ``article_facets``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from presswatch.corpus.store.rows import NAME_KINDS

if TYPE_CHECKING:
    from presswatch.corpus.store.base import SQLStore

ARTICLES = "articles"
#: Facet kinds read from the articles' own columns.
COLUMN_KINDS = ("outlet", "language", "month")
_NAME_KINDS_SQL = ", ".join(f"'{kind}'" for kind in NAME_KINDS)

#: Identities per ``IN (…)`` list.
CHUNK = 500

#: (kind, key) -> shown value, for one article's values.
Values = dict[tuple[str, str], str]


def article_values(
    columns: Sequence[str | None], facets: Iterable[tuple[str, str, str, int | None]]
) -> Values:
    """The counted values of one article: its outlet, language and month
    (``columns``), and its facet rows as (kind, key, value, identity)."""
    values: Values = {(ARTICLES, ""): ""}
    for kind, column in zip(COLUMN_KINDS, columns, strict=True):
        if column is not None:
            values[(kind, column)] = column
    for kind, key, value, identity in facets:
        if kind in NAME_KINDS:
            if identity is not None:
                values[(kind, str(identity))] = ""
        else:
            values[(kind, key)] = max(value, values.get((kind, key), value))
    return values


class CountChanges:
    """What a write changes in the counts: one per article and value."""

    def __init__(self) -> None:
        self.delta: Counter[tuple[str, str]] = Counter()
        self.shown: Values = {}

    def add(self, values: Values, sign: int = 1) -> None:
        for item, value in values.items():
            self.delta[item] += sign
            if sign > 0:
                self.shown[item] = max(value, self.shown.get(item, value))

    def apply(self, db: SQLStore, recount: Iterable[int] = ()) -> None:
        """Write the changes, then count again the identities in ``recount``
        (their variants moved) from the facet rows; drop values left at 0."""
        rows = [
            (kind, key, self.shown.get((kind, key), ""), n)
            for (kind, key), n in sorted(self.delta.items())
            if n
        ]
        db._executemany(
            "INSERT INTO facet_counts (kind, key, value, n) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (kind, key) DO UPDATE SET n = facet_counts.n + excluded.n, "
            "value = CASE WHEN excluded.value > facet_counts.value THEN excluded.value "
            "ELSE facet_counts.value END",
            rows,
        )
        recount = sorted(set(recount))
        if recount:
            recount_identities(db, recount)
        fallen = [(kind, key) for kind, key, _, n in rows if n < 0]
        db._executemany("DELETE FROM facet_counts WHERE kind = ? AND key = ? AND n <= 0", fallen)


def recount_identities(db: SQLStore, identities: Sequence[int]) -> None:
    """Count again, from ``article_facets``, the articles of each identity."""
    for start in range(0, len(identities), CHUNK):
        part = identities[start : start + CHUNK]
        marks = ", ".join("?" for _ in part)
        db._execute(
            f"DELETE FROM facet_counts WHERE kind IN ({_NAME_KINDS_SQL}) AND key IN ({marks})",
            [str(i) for i in part],
        )
        db._execute(
            "INSERT INTO facet_counts (kind, key, value, n) "
            "SELECT kind, CAST(identity AS TEXT), '', count(DISTINCT article) FROM article_facets "
            f"WHERE kind IN ({_NAME_KINDS_SQL}) AND identity IN ({marks}) GROUP BY kind, identity",
            list(part),
        )


def rebuild_counts(db: SQLStore) -> None:
    """Count every value of the whole corpus again (the migration to schema
    version 5, and after identities are decided again or bulk-loaded)."""
    db._execute("DELETE FROM facet_counts")
    db._execute(
        f"INSERT INTO facet_counts (kind, key, value, n) SELECT '{ARTICLES}', '', '', count(*) "
        "FROM articles"
    )
    for kind in COLUMN_KINDS:
        db._execute(
            f"INSERT INTO facet_counts (kind, key, value, n) SELECT '{kind}', {kind}, {kind}, "
            f"count(*) FROM articles WHERE {kind} IS NOT NULL GROUP BY {kind}"
        )
    db._execute(
        "INSERT INTO facet_counts (kind, key, value, n) SELECT kind, key, max(value), count(*) "
        f"FROM article_facets WHERE kind NOT IN ({_NAME_KINDS_SQL}) GROUP BY kind, key"
    )
    db._execute(
        "INSERT INTO facet_counts (kind, key, value, n) "
        "SELECT kind, CAST(identity AS TEXT), '', count(DISTINCT article) FROM article_facets "
        f"WHERE kind IN ({_NAME_KINDS_SQL}) AND identity IS NOT NULL GROUP BY kind, identity"
    )


def stored_articles(db: SQLStore) -> int:
    row = db._execute(
        "SELECT n FROM facet_counts WHERE kind = ? AND key = ''", (ARTICLES,)
    ).fetchone()
    return int(row[0]) if row else 0


def top_values(db: SQLStore, kind: str, limit: int) -> list[tuple[str, int]]:
    """The ``limit`` most frequent values of ``kind`` over the whole corpus,
    in the order of the counting query (count, then the shown value); only
    the values as frequent as the ``limit``-th are read."""
    floor = (
        "c.n >= coalesce((SELECT n FROM facet_counts WHERE kind = ? "
        "ORDER BY n DESC LIMIT 1 OFFSET ?), 0)"
    )
    if kind in NAME_KINDS:
        sql = (
            "SELECT i.name, c.n FROM facet_counts c JOIN identities i "
            f"ON i.id = CAST(c.key AS BIGINT) WHERE c.kind = ? AND {floor} "
            "ORDER BY c.n DESC, i.name LIMIT ?"
        )
    else:
        sql = (
            f"SELECT c.value, c.n FROM facet_counts c WHERE c.kind = ? AND {floor} "
            "ORDER BY c.n DESC, c.value LIMIT ?"
        )
    rows: list[Any] = db._execute(sql, [kind, kind, limit - 1, limit]).fetchall()
    return [(str(value), int(n)) for value, n in rows]
