"""Readers: turn files, bytes or text into :class:`~presswatch.core.article.Article` objects.

The format is chosen by sniffing the content, not only the extension:

* ``record``: the scraper record format (``date YYYY-MM URL`` header line, a
  blank line, the title, the lead ending with a ``DD.MM.YYYY, Outlet``
  dateline, then the body);
* ``json``: a JSON object or array of objects, or JSON Lines, with ``url``,
  ``title``, ``text``, ``published``, ``outlet`` (common aliases accepted);
* ``html``: a web page, main text and metadata extracted by trafilatura;
* ``text``: plain text whose first line is the title.

Readers yield one item per article: the :class:`Article`, or the typed
:class:`InputError` explaining why one record of a multi-article input could
not be read (the other records are still yielded).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from presswatch.core.errors import (
    InputTooLargeError,
    RegistryError,
    UnknownFormatError,
    UnreadableInputError,
)
from presswatch.core.options import DEFAULT_MAX_BYTES
from presswatch.core.registry import Registry
from presswatch.readers.base import Reader, ReadItem
from presswatch.readers.decode import decode_bytes
from presswatch.readers.jsonobj import read_json_lines

__all__ = [
    "DEFAULT_MAX_BYTES",
    "METADATA_SIDECAR_NAMES",
    "READERS",
    "ReadItem",
    "Reader",
    "iter_files",
    "read_bytes",
    "read_path",
    "read_text",
    "sniff_format",
]


def _as_reader(name: str, value: Any) -> Reader:
    if not isinstance(value, Reader):
        raise RegistryError(f"the reader {name!r} is not a Reader (got {value!r})")
    return value


#: The readers, by format name; sniffing tries them in this order (plug-ins
#: after the built-ins), and ``text`` reads what none recognised.
READERS: Registry[Reader] = Registry(
    "reader",
    "presswatch.readers",
    builtins={
        "record": "presswatch.readers.record:READER",
        "json": "presswatch.readers.jsonobj:READER",
        "html": "presswatch.readers.html:READER",
        "text": "presswatch.readers.plain:READER",
    },
    coerce=_as_reader,
)
#: The format of text that no reader recognises.
FALLBACK_FORMAT = "text"

_FEED_HINT = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?<(?:rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)


def sniff_format(text: str, name: str = "") -> str:
    """Guess the format of ``text`` (a name of :data:`READERS`).

    Raises :class:`UnknownFormatError` for content presswatch cannot analyse
    as an article (feeds, WARC records, other XML)."""
    head = text[:65536].lstrip("\ufeff")
    stripped = head.lstrip()
    if stripped.startswith("WARC/"):
        raise UnknownFormatError(name, "a WARC archive; use `presswatch ingest` for archives")
    if _FEED_HINT.match(stripped):
        raise UnknownFormatError(name, "an RSS/Atom feed; use `presswatch ingest` for feeds")
    for _, reader in READERS.items():
        if reader.sniff is not None and reader.sniff(head):
            return reader.name
    if stripped.startswith("<?xml") or re.match(r"<[A-Za-z][\w:-]*[\s>]", stripped):
        raise UnknownFormatError(name, "XML that is not an HTML page")
    return FALLBACK_FORMAT


def read_text(
    text: str, source: str = "<text>", *, format: str | None = None
) -> Iterator[ReadItem]:
    """Read articles from already decoded text."""
    fmt = format or sniff_format(text, source)
    try:
        reader = READERS.get(fmt)
    except RegistryError:
        known = ", ".join(READERS.names())
        raise UnknownFormatError(source, f"unknown format {fmt!r} (known: {known})") from None
    yield from reader.read(text, source)


def read_bytes(data: bytes, source: str, *, format: str | None = None) -> Iterator[ReadItem]:
    """Read articles from raw bytes (encoding detected)."""
    yield from read_text(decode_bytes(data, source), source, format=format)


def read_path(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    format: str | None = None,
) -> Iterator[ReadItem]:
    """Read the articles of one file.

    JSON Lines files are streamed (``max_bytes`` applies to each line); other
    files larger than ``max_bytes`` are refused."""
    source = str(path)
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise UnreadableInputError(source, exc.strerror or str(exc)) from None
    if p.is_dir():
        raise UnreadableInputError(source, "is a directory")
    if format in (None, "json") and _looks_like_json_lines(p):
        yield from read_json_lines(p, source, max_line_bytes=max_bytes)
        return
    if size > max_bytes:
        raise InputTooLargeError(source, size, max_bytes)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise UnreadableInputError(source, exc.strerror or str(exc)) from None
    yield from read_bytes(data, source, format=format)


def _looks_like_json_lines(path: Path) -> bool:
    """True when the first two non-empty lines each start a JSON object."""
    try:
        with path.open("rb") as handle:
            head = handle.read(65536)
    except OSError:
        return False
    lines = [line.strip() for line in head.split(b"\n") if line.strip()]
    return len(lines) >= 2 and lines[0].startswith(b"{") and lines[1].startswith(b"{")


#: Metadata sidecars of a folder (``presswatch ingest``): never read as articles.
METADATA_SIDECAR_NAMES = ("presswatch-metadata.csv", "presswatch-metadata.jsonl")


def iter_files(path: str | os.PathLike[str]) -> Iterator[Path]:
    """The files of ``path``: itself, or every non-hidden file below a directory
    (sorted, recursive) except metadata sidecars."""
    p = Path(path)
    if not p.is_dir():
        yield p
        return
    for root, dirs, files in os.walk(p):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and name not in METADATA_SIDECAR_NAMES:
                yield Path(root) / name
