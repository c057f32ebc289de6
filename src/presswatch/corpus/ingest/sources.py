"""Turn ingest SOURCE arguments into a stream of raw articles.

A SOURCE is a file (any format the readers know: record, text, HTML, JSON,
JSON Lines), a directory (walked recursively, hidden files skipped), a WARC
or WARC.gz archive, an article URL, or an RSS/Atom feed URL. Everything is
streamed: nothing holds a whole corpus in memory.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from presswatch.core.article import Article
from presswatch.core.errors import Failure, InputError, PresswatchError
from presswatch.corpus.ingest.fetch import Fetcher
from presswatch.corpus.ingest.items import Item
from presswatch.corpus.ingest.metadata import RunMetadata, Sidecar
from presswatch.corpus.ingest.warc import is_warc, warc_items
from presswatch.corpus.ingest.web import url_items
from presswatch.readers import DEFAULT_MAX_BYTES, iter_files, iter_inputs, open_regular, read_path


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


_SCHEME = re.compile(r"\A([A-Za-z][A-Za-z0-9+.-]*):(?://|[^\\/])")


def other_scheme(source: str) -> str | None:
    """The scheme of a URL presswatch does not fetch (``file:``, ``gopher:``,
    ``ftp:``…), or ``None`` (an http(s) URL, or a path). A Windows drive
    letter (``C:\\…``) is a path."""
    match = _SCHEME.match(source)
    if match is None or is_url(source) or len(match.group(1)) == 1:
        return None
    return match.group(1).lower()


def iter_items(
    sources: Iterable[str],
    *,
    fetcher: Fetcher | None = None,
    skip_url: Callable[[str], bool] = lambda url: False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    metadata: RunMetadata | None = None,
) -> Iterator[Item]:
    """Every article of every source, in order; a source or record that
    cannot be read yields a :class:`Failure` and the stream goes on.
    ``metadata`` (a sidecar, the ``--outlet``/``--published`` values) is
    given to each article (:mod:`presswatch.corpus.ingest.metadata`)."""
    for source in sources:
        if is_url(source):
            items = url_items(source, fetcher or Fetcher(), skip_url)
            yield from _with_metadata(items, metadata, None, None)
            continue
        path = Path(source)
        if not path.exists():
            scheme = other_scheme(source)
            reason = "no such file or directory" if scheme is None else unsupported_scheme(scheme)
            yield Failure(source, reason)
            continue
        sidecar = metadata.sidecar_for(source) if metadata is not None else None
        for file in iter_inputs(path):
            if isinstance(file, InputError):
                yield Failure(file.source, file.reason)
                continue
            items = file_items(file, max_bytes=max_bytes, skip_url=skip_url)
            yield from _with_metadata(items, metadata, file, sidecar)


def _with_metadata(
    items: Iterable[Item], metadata: RunMetadata | None, file: Path | None, sidecar: Sidecar | None
) -> Iterator[Item]:
    for item in items:
        if metadata is not None and isinstance(item, Article):
            yield metadata.apply(item, file, sidecar)
        else:
            yield item


def unsupported_scheme(scheme: str) -> str:
    return (
        f"{scheme}: URLs are not fetched (presswatch fetches only http:// and https:// URLs; "
        "give a local file as a path)"
    )


def file_items(
    path: Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    skip_url: Callable[[str], bool] = lambda url: False,
) -> Iterator[Item]:
    try:
        with open_regular(path):
            pass  # a FIFO or a device is refused before anything reads it
    except InputError as exc:
        yield Failure(exc.source, exc.reason)
        return
    if is_warc(path):
        yield from warc_items(path, max_bytes=max_bytes, skip_url=skip_url)
        return
    try:
        for item in read_path(path, max_bytes=max_bytes):
            if isinstance(item, InputError):
                yield Failure(item.source, item.reason)
            else:
                yield item
    except InputError as exc:
        yield Failure(exc.source, exc.reason)
    except PresswatchError as exc:
        yield Failure(str(path), str(exc))


def estimate_total(sources: Iterable[str]) -> int | None:
    """How many articles the sources hold, when it can be counted cheaply
    (files, directories and JSON Lines; ``None`` with URLs or archives)."""
    total = 0
    for source in sources:
        if is_url(source):
            return None
        path = Path(source)
        if not path.exists():
            continue
        for file in iter_files(path):
            name = file.name.lower()
            if name.endswith((".warc", ".warc.gz", ".gz")):
                return None
            total += _count_lines(file) if name.endswith((".jsonl", ".ndjson")) else 1
    return total


def _count_lines(path: Path) -> int:
    count = 0
    last = b"\n"
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                count += chunk.count(b"\n")
                last = chunk[-1:]
    except OSError:
        return 1
    return count + (0 if last == b"\n" else 1)
