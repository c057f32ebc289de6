"""Writers: how an analysed article is written out (``presswatch analyze --format``).

A writer is built on a text stream, writes one article at a time and is
closed once: ``text`` (a rich terminal report), ``json`` (one JSON object,
JSON Lines for several, :mod:`presswatch.outputs.jsonout`), ``html`` (one
self-contained page). A separate package adds a format with an entry point
in the ``presswatch.writers`` group naming a class (or any callable) that
takes the stream::

    [project.entry-points."presswatch.writers"]
    yaml = "presswatch_yaml:YAMLWriter"
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any, Protocol

from presswatch.core.article import Article
from presswatch.core.errors import PresswatchError, RegistryError
from presswatch.core.registry import Registry


class Writer(Protocol):
    def write(self, article: Article) -> None: ...

    def close(self) -> None: ...


#: Builds a writer on a text stream (a writer class is one).
WriterFactory = Callable[[IO[str]], Writer]


def _as_factory(name: str, value: Any) -> WriterFactory:
    if not callable(value):
        raise RegistryError(f"the writer {name!r} is not callable (got {value!r})")
    return value


#: The output formats, by name (the first is the default).
WRITERS: Registry[WriterFactory] = Registry(
    "output format",
    "presswatch.writers",
    builtins={
        "text": "presswatch.outputs.text:TextWriter",
        "json": "presswatch.outputs.jsonout:JSONWriter",
        "html": "presswatch.outputs.html:HTMLWriter",
    },
    coerce=_as_factory,
)


def writer_for(format: str, stream: IO[str]) -> Writer:
    """The writer for ``format`` (a name of :data:`WRITERS`) on ``stream``."""
    try:
        factory = WRITERS.get(format)
    except RegistryError as exc:
        raise PresswatchError(str(exc)) from None
    return factory(stream)
