"""The team backend: PostgreSQL through psycopg 3, full-text search with a
French configuration on unaccented words (``presswatch_fr``: unaccent +
french_stem), ranked by ``ts_rank_cd`` with titles weighted above bodies."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from presswatch.core.deps import require
from presswatch.corpus.store.base import RANK_CANDIDATES, Params, SQLStore
from presswatch.corpus.store.errors import StoreError, StoreUnavailableError
from presswatch.corpus.store.migrations import PG_TEXT_CONFIG, POSTGRES_MIGRATIONS
from presswatch.corpus.store.query import And, Node, Not, Or, Query, Term
from presswatch.corpus.store.rows import ArticleRow
from presswatch.corpus.store.types import SortOrder

_WORD = re.compile(r"\w+")
#: tsvector has a size limit (1 MB); longer bodies are indexed up to here.
MAX_INDEXED_CHARS = 200_000
_HEADLINE = (
    "StartSel=\ue000, StopSel=\ue001, MaxWords=35, MinWords=15, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)
_TITLE_HEADLINE = "StartSel=\ue000, StopSel=\ue001, HighlightAll=true"
_SNIPPET_CHARS = 300


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


def _pg(sql: str) -> str:
    return sql.replace("%", "%%").replace("?", "%s")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _clean(value: Any) -> Any:
    """PostgreSQL text cannot hold NUL characters."""
    return value.replace("\x00", "") if isinstance(value, str) else value


class PostgresStore(SQLStore):
    backend = "postgresql"
    migrations = POSTGRES_MIGRATIONS

    def __init__(self, url: str) -> None:
        super().__init__(redact(url))
        require("postgres")
        import psycopg

        self._psycopg = psycopg
        self._depth = 0
        try:
            self._conn = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise StoreUnavailableError(self.url, f"cannot connect ({redact(reason)})") from None
        try:
            self._execute("SET client_min_messages = warning")
            with self._advisory_lock():
                self._initialise()
        except BaseException:
            self._conn.close()
            raise

    @contextmanager
    def _advisory_lock(self) -> Iterator[None]:
        """Serialise schema creation between processes opening the same database."""
        self._execute("SELECT pg_advisory_lock(7264837)")
        try:
            yield
        finally:
            self._execute("SELECT pg_advisory_unlock(7264837)")

    def close(self) -> None:
        self._conn.close()

    def _lock_identities(self) -> None:
        """One writer at a time decides identities (released at commit)."""
        self._execute("SELECT pg_advisory_xact_lock(7264838)")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._depth = 1
        try:
            with self._store_errors(), self._conn.transaction():
                yield
        finally:
            self._depth = 0

    @contextmanager
    def _store_errors(self) -> Iterator[None]:
        """psycopg's errors, and text it cannot encode, as :class:`StoreError`
        (:class:`StoreUnavailableError` when the server or the connection is
        gone, or the server's disk is full)."""
        psycopg = self._psycopg
        try:
            yield
        except (psycopg.OperationalError, psycopg.InterfaceError) as exc:
            raise StoreUnavailableError(
                self.url, f"the database server failed ({_first_line(exc)})"
            ) from exc
        except psycopg.Error as exc:
            raise StoreError(self.url, _first_line(exc)) from exc
        except UnicodeEncodeError:
            raise StoreError(self.url, "text with invalid characters (lone surrogates)") from None

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        with self._store_errors():
            return self._conn.execute(_pg(sql), [_clean(p) for p in params])

    def _executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = [[_clean(v) for v in row] for row in rows]
        if not rows:
            return
        with self._store_errors(), self._conn.cursor() as cursor:
            cursor.executemany(_pg(sql), rows)

    def _insert_rows(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        """COPY the rows in (one round trip, no statement per row)."""
        if not rows:
            return
        with (
            self._store_errors(),
            self._conn.cursor() as cursor,
            cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row([_clean(value) for value in row])

    def _stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[tuple[Any, ...]]:
        with (
            self._store_errors(),
            self._conn.transaction(),
            self._conn.cursor(name="presswatch_stream") as cursor,
        ):
            cursor.itersize = 200
            cursor.execute(_pg(sql), [_clean(p) for p in params])
            yield from cursor

    def _tables(self) -> set[str]:
        rows = self._execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        ).fetchall()
        return {str(name) for (name,) in rows}

    # -- backend SQL --------------------------------------------------------
    def _insert_article_sql(self) -> tuple[str, str]:
        config = PG_TEXT_CONFIG
        return (
            ", body, tsv",
            f", ?, setweight(to_tsvector('{config}', ?), 'A') "
            f"|| setweight(to_tsvector('{config}', ?), 'B')",
        )

    def _insert_article_extra(self, row: ArticleRow, body: str) -> Params:
        return [body, row.title, body[:MAX_INDEXED_CHARS]]

    def _delete_text(self, num: int) -> None:
        return None  # the searchable text is in the article's row

    def _insert_text(self, num: int, row: ArticleRow, body: str) -> None:
        return None  # the tsvector is written with the article row

    def _matching(self, query: Query) -> tuple[str, Params]:
        expression, params = tsquery(query.root)
        return f"SELECT num FROM articles WHERE tsv @@ ({expression})", params

    def _search_page(
        self,
        query: Query | None,
        where: str,
        params: Params,
        sort: SortOrder,
        limit: int,
        offset: int,
    ) -> list[tuple[Any, ...]]:
        columns = "a.id, a.url, a.outlet, a.published, a.language, a.near_duplicate_of, a.source"
        if query is None:
            sql = (
                f"SELECT {columns}, 0.0, a.title, substr(a.body, 1, {_SNIPPET_CHARS}) "
                f"FROM articles a WHERE {where} "
                "ORDER BY a.published DESC NULLS LAST, a.num DESC LIMIT ? OFFSET ?"
            )
            return list(self._execute(sql, [*params, limit, offset]).fetchall())
        expression, query_params = tsquery(query.root)
        order = (
            "score DESC, a.num"
            if sort == "relevance"
            else "a.published DESC NULLS LAST, a.num DESC"
        )
        outer_order = (
            "p.score DESC, p.num"
            if sort == "relevance"
            else "p.published DESC NULLS LAST, p.num DESC"
        )
        config = PG_TEXT_CONFIG
        # by relevance: ranked among the RANK_CANDIDATES most recently stored
        # matches (all of them when fewer match), so the cost stays bounded
        candidates = (
            f"(SELECT a.* FROM articles a, q WHERE a.tsv @@ q.q AND {where} "
            f"ORDER BY a.num DESC LIMIT {RANK_CANDIDATES}) a"
            if sort == "relevance"
            else "articles a"
        )
        match = "TRUE" if sort == "relevance" else f"a.tsv @@ q.q AND {where}"
        sql = (
            "WITH q AS (SELECT (" + expression + ") AS q) "
            "SELECT p.id, p.url, p.outlet, p.published, p.language, p.near_duplicate_of, p.source, "
            "p.score, "
            f"ts_headline('{config}', p.title, q.q, '{_TITLE_HEADLINE}'), "
            f"ts_headline('{config}', p.body, q.q, '{_HEADLINE}') "
            f"FROM (SELECT a.num, {columns}, a.title, a.body, ts_rank_cd(a.tsv, q.q) AS score "
            f"FROM {candidates}, q WHERE {match} ORDER BY {order} LIMIT ? OFFSET ?) p, q "
            f"ORDER BY {outer_order}"
        )
        return list(self._execute(sql, [*query_params, *params, limit, offset]).fetchall())


def tsquery(node: Node) -> tuple[str, Params]:
    """A SQL expression building the ``tsquery`` of a parsed query; every
    word is a bound parameter."""
    if isinstance(node, Term):
        return f"to_tsquery('{PG_TEXT_CONFIG}', ?)", [_term_text(node)]
    if isinstance(node, Not):
        inner, params = tsquery(node.part)
        return f"(!! {inner})", params
    parts = [tsquery(part) for part in node.parts]
    operator = " && " if isinstance(node, And) else " || "
    assert isinstance(node, And | Or)
    return "(" + operator.join(p for p, _ in parts) + ")", [v for _, ps in parts for v in ps]


def _term_text(term: Term) -> str:
    """The to_tsquery text of a term: quoted words joined by <-> (followed by)."""
    words = _WORD.findall(term.text)
    weight = {"title": "A", "body": "B"}.get(term.field or "", "")
    pieces = []
    for index, word in enumerate(words):
        star = "*" if term.prefix and index == len(words) - 1 else ""
        suffix = f":{star}{weight}" if star or weight else ""
        pieces.append(f"'{word}'{suffix}")
    return " <-> ".join(pieces)


def open_postgres(url: str, create: bool) -> PostgresStore:
    """Open ``postgresql://user:password@host:port/dbname`` (the database must exist)."""
    return PostgresStore(url)
