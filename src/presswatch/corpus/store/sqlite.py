"""The embedded backend: one SQLite file, WAL mode, FTS5 full-text search
(accent- and case-insensitive through ``unicode61 remove_diacritics 2``)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from presswatch.corpus.store.base import (
    MATCH_ALL,
    RANK_CANDIDATES,
    SNIPPET_WORDS,
    Params,
    SQLStore,
)
from presswatch.corpus.store.errors import StoreError, StoreUnavailableError
from presswatch.corpus.store.migrations import SQLITE_MIGRATIONS
from presswatch.corpus.store.query import Query
from presswatch.corpus.store.rows import ArticleRow
from presswatch.corpus.store.types import Filters, SortOrder

_MARKS = "char(57344), char(57345)"  # HIGHLIGHT_START, HIGHLIGHT_END
_TITLE_WEIGHT = 4.0
#: Filters selecting up to this many articles are applied by FTS5 article by article.
FEW_FILTERED = 250
_RANK = f"bm25(article_fts, {_TITLE_WEIGHT}, 1.0)"
_SNIPPET_CHARS = 300
#: How long a writer waits for another one's lock before giving up (ms).
BUSY_TIMEOUT_MS = 30_000
#: SQLite's primary result codes meaning that the database cannot go on
#: (permission, busy/locked for too long, out of memory, read-only, I/O
#: error, corrupt, full, cannot open, locking protocol, not a database).
_BUSY = 5  # SQLITE_BUSY: another connection holds the lock
_UNAVAILABLE_CODES = frozenset({3, 5, 6, 7, 8, 10, 11, 13, 14, 15, 26})


def _store_error(where: str, exc: sqlite3.Error) -> StoreError:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in _UNAVAILABLE_CODES:
        return StoreUnavailableError(where, str(exc))
    return StoreError(where, str(exc))


def _busy(exc: BaseException) -> bool:
    """Whether ``exc`` (or the SQLite error it wraps) is SQLITE_BUSY."""
    cause = exc if isinstance(exc, sqlite3.Error) else exc.__cause__
    code = getattr(cause, "sqlite_errorcode", None)
    return code is not None and code & 0xFF == _BUSY


class SQLiteStore(SQLStore):
    backend = "sqlite"
    migrations = SQLITE_MIGRATIONS

    def __init__(self, path: str | Path, *, create: bool = True, url: str | None = None) -> None:
        super().__init__(url or f"sqlite:///{path}")
        self.path = Path(path)
        self._depth = 0
        if not create and not self.path.exists():
            raise StoreError(
                str(self.path), "no such database (create it with `presswatch ingest`)"
            )
        if self.path.is_dir():
            raise StoreError(str(self.path), "is a directory, not a database file")
        try:
            self._conn = sqlite3.connect(str(self.path), isolation_level=None, timeout=30.0)
        except sqlite3.Error as exc:
            raise StoreError(str(self.path), f"cannot open the database ({exc})") from None
        try:
            self._open_schema()
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            error = _store_error(str(self.path), exc)
            if isinstance(error, StoreUnavailableError) and "not a database" not in str(exc):
                raise StoreUnavailableError(
                    str(self.path), f"cannot open the database ({exc})"
                ) from None
            raise StoreError(str(self.path), f"not a usable SQLite database ({exc})") from None
        except BaseException:
            self._conn.close()
            raise

    def _open_schema(self) -> None:
        """Switch to WAL and create or migrate the schema, waiting for the
        other processes opening the same new file at the same moment.

        SQLite answers "database is locked" at once, without its busy
        handler, in a few cases of that race (the switch of a new file to
        WAL, a lock upgrade it refuses to avoid a deadlock): those are
        retried until :data:`BUSY_TIMEOUT_MS` has passed."""
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        pause = 0.01
        while True:
            try:
                self._configure()
                self._initialise()
                return
            except (sqlite3.OperationalError, StoreUnavailableError) as exc:
                if not _busy(exc) or time.monotonic() + pause > deadline:
                    raise
                self._rollback()
            time.sleep(pause)
            pause = min(pause * 2, 0.5)

    def _configure(self) -> None:
        self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        mode = self._conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise StoreError(str(self.path), f"cannot switch the database to WAL mode ({mode})")
        self._conn.execute("PRAGMA synchronous = NORMAL")
        self._conn.execute("PRAGMA foreign_keys = ON")

    def close(self) -> None:
        self._conn.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        with self._store_errors():
            self._conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
            with self._store_errors():
                self._conn.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise
        finally:
            self._depth = 0

    def _rollback(self) -> None:
        """Roll back what is left of a failed transaction (SQLite may have
        rolled it back itself, e.g. on a full disk); the error that caused it
        is the one reported."""
        if self._conn.in_transaction:
            with suppress(sqlite3.Error):
                self._conn.execute("ROLLBACK")

    @contextmanager
    def _store_errors(self) -> Iterator[None]:
        """SQLite's errors, and text it cannot encode, as :class:`StoreError`
        (:class:`StoreUnavailableError` when the database cannot go on)."""
        try:
            yield
        except sqlite3.Error as exc:
            raise _store_error(str(self.path), exc) from exc
        except UnicodeEncodeError:
            raise StoreError(
                str(self.path), "text with invalid characters (lone surrogates)"
            ) from None

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        with self._store_errors():
            return self._conn.execute(sql, tuple(params))

    def _executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        with self._store_errors():
            self._conn.executemany(sql, rows)

    def _stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[tuple[Any, ...]]:
        cursor = self._conn.cursor()
        try:
            with self._store_errors():
                cursor.execute(sql, tuple(params))
                while batch := cursor.fetchmany(200):
                    yield from batch
        finally:
            cursor.close()

    def _tables(self) -> set[str]:
        rows = self._conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        return {str(name) for (name,) in rows}

    # -- backend SQL --------------------------------------------------------
    def _insert_article_sql(self) -> tuple[str, str]:
        return "", ""

    def _insert_article_extra(self, row: ArticleRow, body: str) -> Params:
        return []

    def _insert_text(self, num: int, row: ArticleRow, body: str) -> None:
        self._execute(
            "INSERT INTO article_fts (rowid, title, body) VALUES (?, ?, ?)", (num, row.title, body)
        )

    def _delete_text(self, num: int) -> None:
        self._execute("DELETE FROM article_fts WHERE rowid = ?", (num,))

    def _matching(self, query: Query) -> tuple[str, Params]:
        return "SELECT rowid AS num FROM article_fts WHERE article_fts MATCH ?", [query.to_fts5()]

    def _count_up_to(self, query: Query | None, filters: Filters, cap: int) -> tuple[int, bool]:
        if query is not None and filters.is_empty():  # the full-text index alone
            sql = "SELECT rowid FROM article_fts WHERE article_fts MATCH ?"
            return self._capped(sql, [query.to_fts5()], cap)
        if query is not None:
            # the filters' articles in the index's matches (as the ranked page
            # finds them), until one more than the cap is found
            where, params = self._where(None, filters)
            restrict = self._filtered_rowids(where, params)
            sql = f"SELECT rowid FROM article_fts WHERE article_fts MATCH ? AND {restrict}"
            return self._capped(sql, [query.to_fts5(), *params], cap)
        return super()._count_up_to(query, filters, cap)

    def _count(self, query: Query | None, filters: Filters) -> int:
        if query is not None and filters.is_empty():
            sql = "SELECT count(*) FROM article_fts WHERE article_fts MATCH ?"
            return int(self._execute(sql, [query.to_fts5()]).fetchone()[0])
        return super()._count(query, filters)

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
            # the page's numbers from the index on dates first; the full-text
            # table is read for those rows only (joined first, SQLite scans it all)
            newest = (
                f"SELECT a.num FROM articles a WHERE {where} "
                "ORDER BY a.published DESC NULLS LAST, a.num DESC LIMIT ? OFFSET ?"
            )
            page = [int(row[0]) for row in self._execute(newest, [*params, limit, offset])]
            if not page:
                return []
            marks = ", ".join("?" for _ in page)
            found = {
                row[0]: row[1:]
                for row in self._execute(
                    f"SELECT a.num, {columns}, 0.0, f.title, "
                    f"substr(f.body, 1, {_SNIPPET_CHARS}) FROM articles a "
                    f"JOIN article_fts f ON f.rowid = a.num WHERE a.num IN ({marks})",
                    page,
                ).fetchall()
            }
            return [found[num] for num in page]
        match = query.to_fts5()
        nums = self._page_numbers(match, where, params, sort, limit, offset)
        if not nums:
            return []
        marks = ", ".join("?" for _ in nums)
        details = {
            row[0]: row[1:]
            for row in self._execute(
                f"SELECT a.num, {columns} FROM articles a WHERE a.num IN ({marks})", nums
            ).fetchall()
        }
        rows = []
        for num in nums:  # highlights one article at a time: cheap with the rowid
            score, title, snippet = self._execute(
                f"SELECT -{_RANK}, highlight(article_fts, 0, {_MARKS}), "
                f"snippet(article_fts, 1, {_MARKS}, '…', {SNIPPET_WORDS}) "
                "FROM article_fts WHERE article_fts MATCH ? AND rowid = ?",
                (match, num),
            ).fetchone()
            rows.append((*details[num], score, title, snippet))
        return rows

    def _filtered_rowids(self, where: str, params: Params) -> str:
        """The condition keeping the full-text matches among the filters'
        articles. Up to FEW_FILTERED of them, FTS5 looks each one up in the
        index (quick for a few, but up to 0.5 ms apiece for a common word);
        beyond, the index's matches are checked against their list ("+rowid":
        not handed to FTS5; 8 s -> 60 ms for a common word in the French
        articles of a 30,000-article store)."""
        _, more = self._capped(f"SELECT 1 FROM articles a WHERE {where}", params, FEW_FILTERED)
        column = "+rowid" if more else "rowid"
        return f"{column} IN (SELECT a.num FROM articles a WHERE {where})"

    def _page_numbers(
        self, match: str, where: str, params: Params, sort: SortOrder, limit: int, offset: int
    ) -> list[int]:
        """The article numbers of one page, in order; ranking works on the
        full-text index alone (snippets are made for this page only)."""
        if sort == "date":
            sql = (
                "SELECT a.num FROM articles a WHERE a.num IN "
                "(SELECT rowid FROM article_fts WHERE article_fts MATCH ?) "
                f"AND {where} ORDER BY a.published DESC NULLS LAST, a.num DESC LIMIT ? OFFSET ?"
            )
        else:
            # ranked among the RANK_CANDIDATES most recently stored matches
            # (all of them when fewer match): the cost stays bounded on any corpus
            restrict = "" if where == MATCH_ALL else f"AND {self._filtered_rowids(where, params)} "
            sql = (
                f"SELECT rowid FROM (SELECT rowid, {_RANK} AS score FROM article_fts "
                f"WHERE article_fts MATCH ? {restrict}ORDER BY rowid DESC LIMIT {RANK_CANDIDATES}) "
                "ORDER BY score, rowid LIMIT ? OFFSET ?"
            )
        return [int(row[0]) for row in self._execute(sql, [match, *params, limit, offset])]


def open_sqlite(url: str, create: bool) -> SQLiteStore:
    """Open ``sqlite:///relative.db`` or ``sqlite:////absolute.db``."""
    path = unquote(url.split("://", 1)[1])
    if path.startswith("/"):
        path = path[1:]  # sqlite:///rel.db -> rel.db, sqlite:////abs.db -> /abs.db
    if not path:
        raise StoreError(url, "no file path in the SQLite URL (sqlite:///path/to/file.db)")
    return SQLiteStore(Path(path), create=create, url=url)


def open_sqlite_file(path: str, create: bool) -> SQLiteStore:
    """Open a SQLite file given as a plain path."""
    return SQLiteStore(Path(path), create=create, url=f"sqlite:///{path}")
