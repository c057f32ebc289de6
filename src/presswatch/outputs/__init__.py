"""Output writers: JSON (Lines), a rich terminal report, a self-contained HTML page."""

from __future__ import annotations

from typing import IO, Protocol

from presswatch.core.article import Article
from presswatch.core.errors import PresswatchError


class Writer(Protocol):
    def write(self, article: Article) -> None: ...

    def close(self) -> None: ...


def writer_for(format: str, stream: IO[str]) -> Writer:
    """The writer for ``format`` (``json``, ``text`` or ``html``) on ``stream``."""
    if format == "json":
        from presswatch.outputs.jsonout import JSONWriter

        return JSONWriter(stream)
    if format == "text":
        from presswatch.outputs.text import TextWriter

        return TextWriter(stream)
    if format == "html":
        from presswatch.outputs.html import HTMLWriter

        return HTMLWriter(stream)
    raise PresswatchError(f"unknown output format {format!r} (known: json, text, html)")
