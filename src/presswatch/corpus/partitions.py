"""Split ingest SOURCEs into partitions that a cluster analyses independently.

A partition is a small, picklable description of some input, never the input
itself:

* ``files``: a group of small files (each read as the single-process ingest
  reads it);
* ``lines``: a range of lines of a JSON Lines file, given by the byte offset
  and the number of its first line (so each article keeps the source name
  ``file.jsonl:LINE`` it gets in a single-process ingest);
* ``warc``: a range of records of a WARC or WARC.gz archive, given by the
  byte offsets of its first record and of the record after its last;
* ``entries``: a batch of links of an RSS/Atom feed (fetched on the worker);
* ``articles``: articles already read on the client (an article URL).

Planning reads JSON Lines and WARC files once, sequentially and in a
streaming way (counting lines, or walking the WARC record headers without
their content), so that no whole file is ever held in memory; reading a
partition on a worker opens the file at its offset and stops at its end.

>>> for part in plan(["corpus/"], size=500):           # doctest: +SKIP
...     for item in part_items(part):
...         ...
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from presswatch.core.article import Article
from presswatch.core.errors import Failure, InputError
from presswatch.corpus.ingest.fetch import Fetcher, FetchOptions
from presswatch.corpus.ingest.items import Item
from presswatch.corpus.ingest.metadata import RunMetadata
from presswatch.corpus.ingest.sources import file_items, is_url
from presswatch.corpus.ingest.warc import (
    _damaged,
    _guarded_record,
    _is_gzip,
    _quiet,
    gzip_problem,
    has_warc_signature,
    is_warc,
)
from presswatch.corpus.ingest.web import (
    FeedEntry,
    _complete_from_entry,
    _page_item,
    is_feed,
    parse_feed,
)
from presswatch.readers import (
    _HEAD_BYTES,
    DEFAULT_MAX_BYTES,
    _looks_like_json_lines,
    iter_files,
    open_regular,
)
from presswatch.readers.decode import decode_bytes
from presswatch.readers.jsonobj import _read_line

PartKind = Literal["files", "lines", "warc", "entries", "articles"]

#: Articles per partition (lines of JSON Lines, WARC records, feed entries, files).
DEFAULT_PARTITION_SIZE = 500
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Partition:
    """One unit of work: where its articles are, not the articles."""

    index: int
    kind: PartKind
    #: The file (``lines``, ``warc``), the files (``files``) or the feed URL (``entries``).
    sources: tuple[str, ...]
    #: ``lines``: first byte and first line number; ``warc``: first record's offset.
    start: int = 0
    first_line: int = 1
    #: ``lines``: the line after the last (exclusive); ``warc``: the offset after the last record.
    stop: int | None = None
    #: ``entries``: (link, title, published) of each feed entry.
    entries: tuple[tuple[str, str | None, str | None], ...] = ()
    #: ``articles``: raw articles read on the client.
    articles: tuple[Article, ...] = field(default=(), compare=False)
    #: Size and modification time of each file, so that a changed file is analysed again.
    stamp: tuple[tuple[int, int], ...] = ()
    #: The SOURCE argument each file was found under (whose metadata sidecar applies).
    roots: tuple[str, ...] = ()

    def key(self, salt: str = "") -> str:
        """A stable name for this partition's work (its shard file name):
        the same input and ``salt`` (presswatch version, stages) give the same key."""
        described = {
            "kind": self.kind,
            "sources": self.sources,
            "start": self.start,
            "first_line": self.first_line,
            "stop": self.stop,
            "entries": self.entries,
            "articles": [a.id for a in self.articles],
            "stamp": self.stamp,
            "roots": self.roots,
            "salt": salt,
        }
        text = json.dumps(described, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:20]

    def describe(self) -> str:
        if self.kind == "lines":
            stop = "end" if self.stop is None else str(self.stop - 1)
            return f"{self.sources[0]} lines {self.first_line}–{stop}"
        if self.kind == "warc":
            return f"{self.sources[0]} bytes {self.start}–{self.stop or 'end'}"
        if self.kind == "entries":
            return f"{self.sources[0]} ({len(self.entries)} feed entries)"
        if self.kind == "articles":
            return f"{len(self.articles)} articles ({self.sources[0]})"
        return f"{len(self.sources)} files from {self.sources[0]}"


#: What planning yields: partitions, and failures of whole sources (missing files…).
Planned = Partition | Failure


def plan(
    sources: Iterable[str],
    *,
    size: int = DEFAULT_PARTITION_SIZE,
    fetcher: Fetcher | None = None,
    skip_url: Callable[[str], bool] = lambda url: False,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Planned]:
    """The partitions of ``sources``, in the order a single-process ingest
    reads them (their ``index`` counts from 0)."""
    if size < 1:
        raise ValueError(f"partition size must be >= 1, got {size}")
    counter = iter(range(1 << 62))
    for planned in _plan(sources, size, fetcher, skip_url, max_bytes):
        if isinstance(planned, Failure):
            yield planned
        else:
            yield _numbered(planned, next(counter))


def _numbered(part: Partition, index: int) -> Partition:
    return replace(part, index=index)


def _plan(
    sources: Iterable[str],
    size: int,
    fetcher: Fetcher | None,
    skip_url: Callable[[str], bool],
    max_bytes: int,
) -> Iterator[Planned]:
    group: list[tuple[Path, str]] = []
    for source in sources:
        if is_url(source):
            yield from _flush(group)
            group = []
            yield from _plan_url(source, size, fetcher or Fetcher(), skip_url)
            continue
        path = Path(source)
        if not path.exists():
            yield from _flush(group)
            group = []
            yield Failure(source, "no such file or directory")
            continue
        for file in iter_files(path):
            if is_warc(file) and has_warc_signature(file):
                yield from _flush(group)
                group = []
                yield from _rooted(_plan_warc(file, size), source)
            elif _is_json_lines(file):
                yield from _flush(group)
                group = []
                yield from _rooted(_plan_lines(file, size), source)
            else:
                group.append((file, source))
                if len(group) >= size:
                    yield from _flush(group)
                    group = []
    yield from _flush(group)


def _is_json_lines(path: Path) -> bool:
    """Read as JSON Lines by the single-process ingest (its first lines)."""
    try:
        with open_regular(path) as handle:
            return _looks_like_json_lines(handle.read(_HEAD_BYTES))
    except (InputError, OSError):
        return False  # read as a file: its failure is reported as there


def _stamp(path: Path) -> tuple[int, int]:
    try:
        info = path.stat()
    except OSError:
        return (-1, -1)
    return (info.st_size, info.st_mtime_ns)


def _flush(group: list[tuple[Path, str]]) -> Iterator[Partition]:
    if group:
        yield Partition(
            0,
            "files",
            tuple(str(p) for p, _ in group),
            stamp=tuple(_stamp(p) for p, _ in group),
            roots=tuple(root for _, root in group),
        )


def _rooted(planned: Iterable[Planned], root: str) -> Iterator[Planned]:
    for item in planned:
        yield replace(item, roots=(root,)) if isinstance(item, Partition) else item


def _plan_lines(path: Path, size: int) -> Iterator[Partition]:
    """Ranges of ``size`` lines, found by counting newlines chunk by chunk."""
    stamp = (_stamp(path),)
    start, first_line, line, offset = 0, 1, 1, 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            position = 0
            while (newline := chunk.find(b"\n", position)) >= 0:
                position = newline + 1
                line += 1
                if line - first_line >= size:
                    stop = offset + position
                    yield Partition(0, "lines", (str(path),), start, first_line, line, stamp=stamp)
                    start, first_line = stop, line
            offset += len(chunk)
    if offset > start:
        yield Partition(0, "lines", (str(path),), start, first_line, None, stamp=stamp)


def _plan_warc(path: Path, size: int) -> Iterator[Planned]:
    """Ranges of ``size`` records, found by walking the record headers
    (``first_line``: the number of the range's first record)."""
    from warcio.archiveiterator import ArchiveIterator

    stamp = (_stamp(path),)
    offsets: list[int] = []
    first = 1
    try:
        with path.open("rb") as handle, _quiet():
            records = ArchiveIterator(handle, no_record_parse=True)
            for _ in records:  # the content is skipped, never read into memory
                offsets.append(records.get_record_offset())
                if len(offsets) > size:
                    yield Partition(
                        0, "warc", (str(path),), offsets[0], first, offsets[-1], stamp=stamp
                    )
                    first += len(offsets) - 1
                    offsets = offsets[-1:]
    except Exception:  # damage: the partition that reaches it reports it, as warc_items does
        pass
    start = offsets[0] if offsets else 0
    yield Partition(0, "warc", (str(path),), start, first, None, stamp=stamp)


def _plan_url(
    url: str, size: int, fetcher: Fetcher, skip_url: Callable[[str], bool]
) -> Iterator[Planned]:
    """An article URL is read here (one request); a feed becomes batches of
    entries, each fetched on a worker."""
    if skip_url(url):
        return
    try:
        response = fetcher.fetch(url)
    except InputError as exc:
        yield Failure(url, exc.reason)
        return
    if not is_feed(response):
        item = _page_item(url, response)
        if isinstance(item, Article):
            yield Partition(0, "articles", (url,), articles=(item,))
        elif isinstance(item, Failure):
            yield item
        return
    try:
        entries = parse_feed(response.body, response.url)
    except InputError as exc:
        yield Failure(url, exc.reason)
        return
    batch = [(e.link, e.title, e.published) for e in entries if not skip_url(e.link)]
    for start in range(0, len(batch), size):
        yield Partition(0, "entries", (url,), entries=tuple(batch[start : start + size]))


# -- reading a partition (on a worker) -------------------------------------


def part_items(
    part: Partition,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    fetch_options: FetchOptions | None = None,
    metadata: RunMetadata | None = None,
) -> Iterator[Item]:
    """The items (raw articles, failures) of one partition, in order, read
    as a single-process ingest reads them; ``metadata`` (sidecars, the
    ``--outlet``/``--published`` values) is given to each article as there."""
    for items, file, root in _part_sources(part, max_bytes, fetch_options):
        if metadata is None:
            yield from items
            continue
        sidecar = metadata.sidecar_for(root) if root is not None else None
        for item in items:
            yield metadata.apply(item, file, sidecar) if isinstance(item, Article) else item


def _part_sources(
    part: Partition, max_bytes: int, fetch_options: FetchOptions | None
) -> Iterator[tuple[Iterator[Item], Path | None, str | None]]:
    """The items of each file of a partition, with the file and the SOURCE
    argument it was found under (``None`` for web pages)."""
    roots: tuple[str | None, ...] = part.roots or (None,) * len(part.sources)
    if part.kind == "files":
        for source, root in zip(part.sources, roots, strict=True):
            yield file_items(Path(source), max_bytes=max_bytes), Path(source), root
    elif part.kind == "lines":
        yield _line_items(part, max_bytes), Path(part.sources[0]), roots[0]
    elif part.kind == "warc":
        yield _warc_items(part, max_bytes), Path(part.sources[0]), roots[0]
    elif part.kind == "entries":
        yield _entry_items(part, Fetcher(fetch_options)), None, None
    else:
        yield iter(part.articles), None, None


def _line_items(part: Partition, max_bytes: int) -> Iterator[Item]:
    source = part.sources[0]
    try:
        handle = open(source, "rb")  # noqa: SIM115 - closed below, read lazily
    except OSError as exc:
        yield Failure(source, exc.strerror or str(exc))
        return
    with handle:
        handle.seek(part.start)
        number = part.first_line
        for raw in handle:
            if part.stop is not None and number >= part.stop:
                break
            name = f"{source}:{number}"
            number += 1
            if raw.strip():
                yield _line_item(raw, name, max_bytes)


def _line_item(raw: bytes, name: str, max_bytes: int) -> Item:
    if len(raw) > max_bytes:
        return Failure(name, f"line too large ({len(raw):,} bytes; limit {max_bytes:,})")
    try:
        item = _read_line(decode_bytes(raw, name), name)
    except InputError as exc:
        return Failure(exc.source, exc.reason)
    if isinstance(item, InputError):
        return Failure(item.source, item.reason)
    return item


def _warc_items(part: Partition, max_bytes: int) -> Iterator[Item]:
    """The records of a WARC range read as :func:`warc_items` reads the
    whole archive: the same names, the same failures (``first_line`` is the
    number of the range's first record)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    source = part.sources[0]
    number = part.first_line - 1
    with open(source, "rb") as handle:
        handle.seek(part.start)
        iterator = ArchiveIterator(handle, no_record_parse=True)
        records = iter(iterator)
        while True:
            try:
                with _quiet():
                    record = next(records, None)
            except ArchiveLoadFailed as exc:
                yield Failure(
                    source,
                    f"not a readable WARC archive after {number} records ({_first_line(exc)})",
                )
                return
            except Exception as exc:  # a damaged record: the archive cannot be read on
                yield Failure(source, _damaged(number, exc))
                return
            if record is None:
                break
            number += 1
            with _quiet():
                item = _guarded_record(record, source, number, max_bytes, lambda url: False)
            # the record's offset is known once it is read (to its end)
            if part.stop is not None and iterator.get_record_offset() >= part.stop:
                return
            if item is not None:
                yield item
    path = Path(source)
    if path.name.lower().endswith(".gz") or _is_gzip(path):
        problem = gzip_problem(path)
        if problem is not None:
            yield Failure(
                source, f"WARC archive truncated or damaged after {number} records ({problem})"
            )


def _entry_items(part: Partition, fetcher: Fetcher) -> Iterator[Item]:
    for link, title, published in part.entries:
        try:
            page = fetcher.fetch(link)
        except InputError as exc:
            yield Failure(link, exc.reason)
            continue
        item = _page_item(link, page)
        if isinstance(item, Article):
            _complete_from_entry(item, FeedEntry(link, title, published))
        yield item


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
