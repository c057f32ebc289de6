"""Web archives: the HTML pages of a WARC or WARC.gz file (warcio)."""

from __future__ import annotations

import gzip
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from presswatch.core.errors import Failure, InputError, PresswatchError
from presswatch.corpus.ingest.items import Item, Skipped
from presswatch.readers.decode import decode_bytes
from presswatch.readers.html import read_html

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_warc(path: Path) -> bool:
    """True for a WARC file, compressed or not (by name, else by content)."""
    return path.name.lower().endswith((".warc", ".warc.gz")) or has_warc_signature(path)


def has_warc_signature(path: Path) -> bool:
    """True when the file starts like a WARC archive (after gzip, if compressed)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
        if head.startswith(b"\x1f\x8b"):
            with gzip.open(path, "rb") as unzipped:
                head = unzipped.read(16)
    except (OSError, EOFError, gzip.BadGzipFile):
        return False
    return head.startswith(b"WARC/")


def warc_items(path: Path, *, max_bytes: int, skip_url: Callable[[str], bool]) -> Iterator[Item]:
    """One item per HTML page of the archive (``response`` records with
    status 200 and ``resource`` records); other records are ignored."""
    try:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed
    except ImportError:
        yield Failure(
            str(path), "reading WARC files needs warcio (pip install 'presswatch[corpus]')"
        )
        return
    source = str(path)
    if not has_warc_signature(path):
        yield Failure(source, "not a readable WARC archive (no WARC/ header)")
        return
    try:
        with path.open("rb") as handle:
            for record in ArchiveIterator(handle):
                item = _record_item(record, source, max_bytes, skip_url)
                if item is not None:
                    yield item
    except ArchiveLoadFailed as exc:
        yield Failure(source, f"not a readable WARC archive ({_first_line(exc)})")
    except (OSError, EOFError, ValueError) as exc:
        yield Failure(source, f"WARC archive damaged or truncated ({_first_line(exc)})")


def _record_item(
    record: Any, source: str, max_bytes: int, skip_url: Callable[[str], bool]
) -> Item | None:
    if record.rec_type not in ("response", "resource"):
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    if record.rec_type == "response":
        if record.http_headers is None or record.http_headers.get_statuscode() != "200":
            return None
        content_type = record.http_headers.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    if content_type.split(";")[0].strip().lower() not in _HTML_TYPES:
        return None
    key = (
        f"{source}#{uri}" if uri else f"{source}@{record.rec_headers.get_header('WARC-Record-ID')}"
    )
    if uri and skip_url(uri):
        return Skipped(key)
    data = record.content_stream().read(max_bytes + 1)
    if len(data) > max_bytes:
        return Failure(key, f"page too large (more than {max_bytes:,} bytes)")
    if getattr(record.raw_stream, "limit", 0) > 0:
        return Failure(key, "record truncated (the archive is damaged or incomplete)")
    try:
        return read_html(decode_bytes(data, key), key, url=uri or None)
    except InputError as exc:
        return Failure(key, exc.reason)
    except PresswatchError as exc:
        return Failure(key, str(exc))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
