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
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from presswatch.core.errors import (
    InputError,
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
    "iter_inputs",
    "open_regular",
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
    """Read articles from already decoded text.

    A reader that fails in a way it did not foresee (a bug, input nested
    deeper than Python can follow) fails this input with an
    :class:`UnreadableInputError`, never the batch it is part of."""
    fmt = format or sniff_format(text, source)
    try:
        reader = READERS.get(fmt)
    except RegistryError:
        known = ", ".join(READERS.names())
        raise UnknownFormatError(source, f"unknown format {fmt!r} (known: {known})") from None
    try:
        yield from reader.read(text, source)
    except InputError:
        raise
    except RecursionError:
        raise UnreadableInputError(source, f"nested too deeply for the {fmt} reader") from None
    except Exception as exc:
        raise UnreadableInputError(
            source, f"the {fmt} reader failed ({type(exc).__name__}: {exc})"
        ) from exc


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
    files larger than ``max_bytes`` are refused, and so is anything that is
    not a regular file (a FIFO, a device such as ``/dev/zero``, a socket):
    it is never opened for reading, so it can neither block nor stream
    without end."""
    source = str(path)
    with open_regular(path) as handle:
        head = handle.read(_HEAD_BYTES)
        if format in (None, "json") and _looks_like_json_lines(head):
            handle.seek(0)
            yield from read_json_lines(handle, source, max_line_bytes=max_bytes)
            return
        size = os.fstat(handle.fileno()).st_size
        if size > max_bytes:
            raise InputTooLargeError(source, size, max_bytes)
        data = head + handle.read(max_bytes + 1 - len(head))
    if len(data) > max_bytes:  # it grew while being read
        raise InputTooLargeError(source, len(data), max_bytes)
    yield from read_bytes(data, source, format=format)


_HEAD_BYTES = 65536


def _looks_like_json_lines(head: bytes) -> bool:
    """True when the first two non-empty lines each start a JSON object."""
    lines = [line.strip() for line in head.split(b"\n") if line.strip()]
    return len(lines) >= 2 and lines[0].startswith(b"{") and lines[1].startswith(b"{")


#: Metadata sidecars of a folder (``presswatch ingest``): never read as articles.
METADATA_SIDECAR_NAMES = ("presswatch-metadata.csv", "presswatch-metadata.jsonl")


def _file_kind(mode: int) -> str | None:
    """What a file that is not a regular file is (``None`` for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """Open a regular file for reading, or raise :class:`UnreadableInputError`.

    The file is opened without blocking (a FIFO would block ``open`` until a
    writer comes) and checked on the open descriptor, so what is read is
    what was checked."""
    source = str(path)
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        reason = "is a directory" if Path(path).is_dir() else exc.strerror or str(exc)
        raise UnreadableInputError(source, reason) from None
    try:
        kind = _file_kind(os.fstat(descriptor).st_mode)
        if kind == "a directory":
            raise UnreadableInputError(source, "is a directory")
        if kind is not None:
            raise UnreadableInputError(source, f"{kind}, not a regular file: skipped")
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def iter_inputs(path: str | os.PathLike[str]) -> Iterator[Path | InputError]:
    """The files of ``path``: itself, or every non-hidden file below a
    directory (sorted, recursive) except metadata sidecars, and an
    :class:`UnreadableInputError` for each folder that cannot be listed and
    each entry that is not a regular file (FIFO, device, socket, broken
    link), so that nothing is skipped without a word."""
    p = Path(path)
    if not p.is_dir():
        yield p
        return
    errors: list[OSError] = []
    for root, dirs, files in os.walk(p, onerror=errors.append):
        yield from _folder_errors(errors)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and name not in METADATA_SIDECAR_NAMES:
                yield _regular_or_error(Path(root) / name)
    yield from _folder_errors(errors)


def _folder_errors(errors: list[OSError]) -> Iterator[InputError]:
    for error in errors:
        reason = error.strerror or str(error)
        yield UnreadableInputError(str(error.filename), f"cannot read the folder ({reason})")
    errors.clear()


def _regular_or_error(path: Path) -> Path | InputError:
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return UnreadableInputError(str(path), exc.strerror or str(exc))
    kind = _file_kind(mode)
    if kind is None:
        return path
    return UnreadableInputError(str(path), f"{kind}, not a regular file: skipped")


def iter_files(path: str | os.PathLike[str]) -> Iterator[Path]:
    """The files of ``path`` (see :func:`iter_inputs`), without the errors."""
    for item in iter_inputs(path):
        if isinstance(item, Path):
            yield item
