"""Errors raised by corpus stores."""

from __future__ import annotations

from presswatch.core.errors import EXIT_STORE, EXIT_USAGE, PresswatchError


class StoreError(PresswatchError):
    """A database could not be opened, read or written."""

    exit_code = EXIT_STORE

    def __init__(self, where: str, reason: str) -> None:
        self.where = where
        self.reason = reason
        super().__init__(f"{where}: {reason}")


class StoreUnavailableError(StoreError):
    """The database cannot go on at all (disk full, I/O error, server shut
    down or connection lost, locked for too long): not one record's fault,
    so a batch stops instead of failing every remaining record. What was
    committed before is intact."""


class SchemaTooNewError(StoreError):
    """The database was written by a newer presswatch."""


class ArticleNotFoundError(StoreError):
    """No stored article has the requested id."""

    def __init__(self, where: str, article_id: str) -> None:
        self.article_id = article_id
        super().__init__(where, f"no article with id {article_id!r}")


class QuerySyntaxError(PresswatchError):
    """A search query does not follow the query language (docs/store.md)."""

    exit_code = EXIT_USAGE

    def __init__(self, query: str, reason: str, position: int | None = None) -> None:
        self.query = query
        self.reason = reason
        self.position = position
        where = f" at character {position + 1}" if position is not None else ""
        shown = query if len(query) <= 80 else query[:77] + "..."
        super().__init__(f"bad search query {shown!r}{where}: {reason}")


class FilterError(PresswatchError):
    """A search filter, sort order or page size is not valid."""

    exit_code = EXIT_USAGE
