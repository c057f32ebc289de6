"""Ingest: read, fetch, analyse and store articles, safely and resumably.

>>> from presswatch.corpus.ingest import ingest
>>> from presswatch.corpus.store import open_store
>>> with open_store("corpus.db", create=True) as store:          # doctest: +SKIP
...     summary = ingest(["articles/", "https://example.org/feed.xml"], store, workers=2)
>>> summary.stored, summary.duplicates, summary.failed            # doctest: +SKIP

Sources are streamed (:mod:`presswatch.corpus.ingest.sources`); an article already
stored (same id, canonical URL or content hash) is skipped before analysis;
analysis runs in this process or in worker processes
(:mod:`presswatch.corpus.ingest.workers`) as a pure function
(:func:`~presswatch.corpus.ingest.analysis.analyze_batch`); one writer, this
process, stores the results a batch per transaction. An interrupted ingest
leaves every committed batch in place; running it again continues.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from presswatch.core.article import Article
from presswatch.core.deps import require
from presswatch.core.errors import Failure, Terminated
from presswatch.core.pipeline import Pipeline
from presswatch.corpus.fingerprints import canonical_url
from presswatch.corpus.ingest.analysis import analyze_batch, identify
from presswatch.corpus.ingest.fetch import Fetcher, FetchOptions
from presswatch.corpus.ingest.items import Item, Skipped
from presswatch.corpus.ingest.metadata import RunMetadata, metadata_changed
from presswatch.corpus.ingest.sources import iter_items
from presswatch.corpus.ingest.workers import Analyzer, make_analyzer
from presswatch.corpus.store.base import SQLStore
from presswatch.corpus.store.errors import StoreError, StoreUnavailableError
from presswatch.corpus.store.types import AddOutcome, Record
from presswatch.readers import DEFAULT_MAX_BYTES

__all__ = [
    "Failure",
    "FetchOptions",
    "IngestStoreError",
    "IngestSummary",
    "analyze_batch",
    "ingest",
]

#: Failures kept in the summary (all of them are recorded in the store).
MAX_REPORTED_FAILURES = 20


@dataclass
class IngestSummary:
    """What an ingest did; updated while it runs (for progress displays)."""

    stored: int = 0
    #: Stored articles read again from their source with other metadata, and replaced.
    updated: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    failed: int = 0
    elapsed: float = 0.0
    interrupted: bool = False
    #: Stopped by SIGTERM rather than Ctrl-C (``interrupted`` is set too).
    terminated: bool = False
    total: int | None = None  # expected number of articles, when known
    failures: list[Failure] = field(default_factory=list)
    #: Articles stored (or updated) by this run without an outlet, without a date.
    without_outlet: int = 0
    without_date: int = 0
    partitions_done: int = 0  # on a cluster (presswatch.corpus.cluster): partitions stored

    @property
    def processed(self) -> int:
        return self.stored + self.updated + self.duplicates + self.failed

    @property
    def rate(self) -> float:
        """Articles processed per second."""
        return self.processed / self.elapsed if self.elapsed > 0 else 0.0


Progress = Callable[[IngestSummary], None]


class IngestStoreError(StoreUnavailableError):
    """The database failed during an ingest (disk full, server gone): the
    ingest stopped. Every batch committed before is intact, and running the
    ingest again continues where it stopped; ``summary`` says what was done."""

    def __init__(self, cause: StoreError, summary: IngestSummary) -> None:
        self.cause = cause
        self.summary = summary
        super().__init__(
            cause.where,
            f"{cause.reason}; the ingest stopped (what was stored before is kept: "
            "run it again to continue)",
        )


class _Run:
    """One ingest run: the loop between sources, analysis and the store."""

    def __init__(self, store: SQLStore, summary: IngestSummary, progress: Progress | None) -> None:
        self.store = store
        self.summary = summary
        self.progress = progress
        self.started = time.monotonic()
        self.in_flight: set[str] = set()
        self.batch_keys: dict[int, set[str]] = {}
        self.replacing: set[str] = set()

    def notify(self) -> None:
        self.summary.elapsed = time.monotonic() - self.started
        if self.progress is not None:
            self.progress(self.summary)

    def skip_url(self, url: str) -> bool:
        canonical = canonical_url(url)
        return canonical is not None and self.store.has_url(canonical)

    def admit(self, article: Article) -> set[str] | None:
        """The keys identifying a new article; ``None`` (and counted as a
        duplicate) when it is stored already or being analysed."""
        identity = identify(article)
        keys = {
            k for k in (identity.article_id, identity.content_hash, identity.canonical_url) if k
        }
        stored = None
        if not keys & self.in_flight:
            stored = self.store.find_stored(
                article_id=identity.article_id,
                canonical_url=identity.canonical_url,
                content_hash=identity.content_hash,
            )
        if keys & self.in_flight or (stored is not None and not metadata_changed(article, stored)):
            self.summary.duplicates += 1
            return None
        if stored is not None:  # read again with other metadata: analysed again, replaced
            article.id = stored.id
            self.replacing.add(stored.id)
            keys.add(stored.id)
        self.in_flight |= keys
        return keys

    def fail(self, failure: Failure) -> None:
        self.store.record_failure(failure.source, failure.message)
        self.summary.failed += 1
        if len(self.summary.failures) < MAX_REPORTED_FAILURES:
            self.summary.failures.append(failure)

    def finish(self, token: int, results: list[Record | Failure]) -> None:
        """Store one analysed batch."""
        self.in_flight -= self.batch_keys.pop(token, set())
        records = [r for r in results if isinstance(r, Record)]
        for result in results:
            if isinstance(result, Failure):
                self.fail(result)
        replacing = {r.article.id for r in records} & self.replacing
        self.replacing -= replacing
        try:
            outcomes = self.store.add_many(records, replacing=replacing)
        except StoreUnavailableError:
            raise  # the database cannot go on: no record is to blame
        except StoreError:
            outcomes = []
            for record in records:  # store what can be stored, record the rest
                try:
                    outcomes.extend(self.store.add_many([record], replacing=replacing))
                except StoreUnavailableError:
                    raise
                except StoreError as exc:
                    source = record.article.source or record.article.url or record.article.id
                    self.fail(Failure(source, f"could not be stored: {exc.reason}"))
        stored = {r.article.id: r.article for r in records}
        for outcome in outcomes:
            self.count(outcome, stored.get(outcome.article_id))
        self.notify()

    def count(self, outcome: AddOutcome, article: Article | None) -> None:
        if outcome.status == "duplicate":
            self.summary.duplicates += 1
            return
        if outcome.status == "updated":
            self.summary.updated += 1
        else:
            self.summary.stored += 1
        if outcome.near_duplicate_of:
            self.summary.near_duplicates += 1
        if article is not None:
            self.summary.without_outlet += not article.outlet
            self.summary.without_date += not article.published


def ingest(
    sources: Iterable[str],
    store: SQLStore,
    *,
    workers: int = 1,
    pipeline: Pipeline | None = None,
    fetch_options: FetchOptions | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch_size: int = 16,
    progress: Progress | None = None,
    total: int | None = None,
    metadata: RunMetadata | None = None,
) -> IngestSummary:
    """Analyse and store every article of ``sources`` (files, directories,
    JSON Lines, WARC archives, article or feed URLs).

    ``metadata`` gives the articles what they lack (a sidecar, an outlet and
    a date for the whole run: :func:`~presswatch.corpus.ingest.metadata.plan_metadata`);
    a stored article read again from the same source with other metadata is
    analysed again and replaced (``summary.updated``). Failures are recorded
    in the store and counted, never raised; a Ctrl-C stops the ingest cleanly
    (``summary.interrupted``). A database that cannot go on (disk full,
    server gone) stops it with :class:`IngestStoreError`, committed batches
    kept. ``progress`` is called with the summary as articles are processed.
    A missing dependency (:class:`~presswatch.core.deps.MissingDependencyError`)
    is raised before anything is read."""
    require("ingest")
    summary = IngestSummary(total=total)
    run = _Run(store, summary, progress)
    analyzer = make_analyzer(workers, pipeline)
    items = iter_items(
        sources,
        fetcher=Fetcher(fetch_options),
        skip_url=run.skip_url,
        max_bytes=max_bytes,
        metadata=metadata,
    )
    try:
        _feed(items, run, analyzer, batch_size)
    except KeyboardInterrupt as exc:
        summary.interrupted = True
        summary.terminated = isinstance(exc, Terminated)
        analyzer.abort()  # what was stored stays; the batches in flight are redone next time
    except StoreUnavailableError as exc:
        analyzer.abort()
        run.notify()
        raise IngestStoreError(exc, summary) from exc
    finally:
        analyzer.close()
        run.notify()
    return summary


def _feed(items: Iterable[Item], run: _Run, analyzer: Analyzer, batch_size: int) -> None:
    """Send the new articles to the analyser in batches, store what comes back."""
    batch: list[Article] = []
    keys: set[str] = set()
    token = 0
    for item in items:
        if isinstance(item, Skipped):
            run.summary.duplicates += 1
        elif isinstance(item, Failure):
            run.fail(item)
        elif (article_keys := run.admit(item)) is not None:
            batch.append(item)
            keys |= article_keys
            if len(batch) >= batch_size:
                token += 1
                run.batch_keys[token] = keys
                for finished in analyzer.submit(token, batch):
                    run.finish(*finished)
                batch, keys = [], set()
            for finished in analyzer.poll():
                run.finish(*finished)
            continue
        run.notify()
    if batch:
        token += 1
        run.batch_keys[token] = keys
        for finished in analyzer.submit(token, batch):
            run.finish(*finished)
    for finished in analyzer.drain():
        run.finish(*finished)
