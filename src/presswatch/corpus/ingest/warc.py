"""Web archives: the HTML pages of a WARC or WARC.gz file (warcio)."""

from __future__ import annotations

import contextlib
import gzip
import io
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
    status 200 and ``resource`` records); other records are ignored.

    A record that cannot be read (no target URI, bad HTTP headers, cut
    short) fails alone; an archive that cannot be read on (a bad
    ``Content-Length``, a truncated ``.warc.gz``) yields the pages read so
    far and one failure saying where it stopped. warcio's own warnings are
    kept off the terminal."""
    source = str(path)
    if not has_warc_signature(path):
        yield Failure(source, "not a readable WARC archive (no WARC/ header)")
        return
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    read = 0
    with path.open("rb") as handle:
        records = iter(ArchiveIterator(handle, no_record_parse=True))
        while True:
            try:
                with _quiet():
                    record = next(records, None)
            except ArchiveLoadFailed as exc:
                yield Failure(
                    source, f"not a readable WARC archive after {read} records ({_first_line(exc)})"
                )
                return
            except Exception as exc:  # warcio on a damaged record: the archive cannot be read on
                yield Failure(source, _damaged(read, exc))
                return
            if record is None:
                break
            read += 1
            with _quiet():
                item = _guarded_record(record, source, read, max_bytes, skip_url)
            if item is not None:
                yield item
    if path.name.lower().endswith(".gz") or _is_gzip(path):
        problem = gzip_problem(path)
        if problem is not None:
            yield Failure(
                source, f"WARC archive truncated or damaged after {read} records ({problem})"
            )


def _damaged(read: int, exc: BaseException) -> str:
    return f"WARC archive damaged after {read} records ({type(exc).__name__}: {_first_line(exc)})"


@contextmanager
def _quiet() -> Iterator[None]:
    """warcio prints warnings about damaged records on standard error:
    the failure recorded for the record says it instead."""
    with contextlib.redirect_stderr(io.StringIO()):
        yield


def _is_gzip(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(2) == b"\x1f\x8b"


def gzip_problem(path: Path) -> str | None:
    """Why a (multi-member) gzip file is not complete, or ``None``: every
    member must end with its trailer, and nothing may follow the last."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    started = False
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            while chunk:
                started = True
                try:
                    inflater.decompress(chunk)
                except zlib.error as exc:
                    return f"bad gzip data: {exc}"
                if not inflater.eof:
                    break
                chunk = inflater.unused_data
                inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
                started = False
    if started and not inflater.eof:
        return "the file ends in the middle of a compressed record"
    return None


def _guarded_record(
    record: Any, source: str, number: int, max_bytes: int, skip_url: Callable[[str], bool]
) -> Item | None:
    key = _record_key(record, source, number)
    item: Item | None
    try:
        item = _record_item(record, key, max_bytes, skip_url)
    except InputError as exc:
        item = Failure(key, exc.reason)
    except PresswatchError as exc:
        item = Failure(key, str(exc))
    except Exception as exc:  # a record warcio or its HTTP headers cannot make sense of
        item = Failure(key, f"unreadable WARC record ({type(exc).__name__}: {_first_line(exc)})")
    if not isinstance(item, Failure) and _cut_short(record):
        return Failure(key, "record truncated (the archive is damaged or incomplete)")
    return item


def _cut_short(record: Any) -> bool:
    """Read what is left of the record: True when the archive ends before
    the record's declared length (whatever the record held)."""
    stream = record.raw_stream
    try:
        while stream.read(1 << 16):
            pass
    except Exception:
        return True
    declared = record.rec_headers.get_header("Content-Length")
    return getattr(stream, "limit", 0) > 0 or declared is None


def _record_key(record: Any, source: str, number: int) -> str:
    """How failures and articles name a record: the archive and the page's
    URI, else the record's id, else its position."""
    headers = record.rec_headers
    uri = headers.get_header("WARC-Target-URI")
    if uri:
        return f"{source}#{uri}"
    record_id = headers.get_header("WARC-Record-ID")
    return f"{source}@{record_id}" if record_id else f"{source}@record-{number}"


def _record_item(
    record: Any, key: str, max_bytes: int, skip_url: Callable[[str], bool]
) -> Item | None:
    if record.rec_type not in ("response", "resource"):
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    stream = record.raw_stream
    if record.rec_type == "response":
        if not _is_http_response(record):
            return None
        status, content_type = _http_head(stream)
        if status != "200":
            return None
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    if content_type.split(";")[0].strip().lower() not in _HTML_TYPES:
        return None
    if uri and skip_url(uri):
        return Skipped(key)
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        return Failure(key, f"page too large (more than {max_bytes:,} bytes)")
    if getattr(stream, "limit", 0) > 0:
        return None  # cut short: reported as such by _guarded_record
    return read_html(decode_bytes(data, key), key, url=uri or None)


def _is_http_response(record: Any) -> bool:
    content_type = (record.rec_headers.get_header("Content-Type") or "").lower()
    return content_type.startswith("application/http") or not content_type


def _http_head(stream: Any) -> tuple[str, str]:
    """The status code and Content-Type of the HTTP response at the start of
    ``stream`` (its body follows). Raises ``ValueError`` for bad headers."""
    from warcio.statusandheaders import StatusAndHeadersParser

    headers = StatusAndHeadersParser(["HTTP/1.0", "HTTP/1.1"], verify=False).parse(stream)
    if headers is None or not headers.protocol.startswith("HTTP/"):
        raise ValueError("the record does not hold an HTTP response")
    return headers.get_statuscode() or "", headers.get_header("Content-Type") or ""


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
