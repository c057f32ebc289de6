"""``presswatch ingest SOURCE... [--db URL] [--workers N]``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from presswatch.cli.args import (
    add_analysis_options,
    add_cluster_options,
    add_db_argument,
    database_url,
    non_negative_float,
    options_from,
    positive_int,
)
from presswatch.cli.messages import say
from presswatch.cli.metadata_options import add_metadata_options, report_unused_rows
from presswatch.core.deps import require
from presswatch.core.errors import EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK, EXIT_TERMINATED
from presswatch.core.pipeline import Pipeline
from presswatch.corpus.cluster import cluster_ingest, default_shards
from presswatch.corpus.ingest import FetchOptions, IngestStoreError, IngestSummary, ingest
from presswatch.corpus.ingest.metadata import RunMetadata, plan_metadata
from presswatch.corpus.ingest.progress import describe, progress_for
from presswatch.corpus.ingest.sources import estimate_total
from presswatch.corpus.store import open_store


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "ingest",
        help="analyse articles and store them in a corpus database",
        description=(
            "Analyse and store every article of the SOURCEs: files, directories (recursive), "
            "JSON Lines, WARC/WARC.gz archives, article URLs and RSS/Atom feed URLs (each "
            "article of a feed is fetched). Articles already stored (same canonical URL or "
            "content) are skipped, so re-running an interrupted ingest continues where it "
            "stopped. Failures are recorded in the database and reported at the end. "
            "Exit code 1 only when every article failed, 130 when interrupted."
        ),
    )
    parser.add_argument("sources", nargs="+", metavar="SOURCE", help="file, directory or URL")
    add_db_argument(parser)
    parser.add_argument(
        "--workers",
        type=positive_int,
        default=1,
        metavar="N",
        help="analyse in N processes (default 1; each loads the language model once)",
    )
    add_cluster_options(parser)
    add_analysis_options(parser, inputs="files and pages")
    add_metadata_options(parser)
    web = parser.add_argument_group("fetching URLs and feeds")
    web.add_argument(
        "--allow-private",
        action="store_true",
        help="allow fetching from private, loopback and link-local addresses (refused by default)",
    )
    web.add_argument(
        "--rate",
        type=non_negative_float,
        default=1.0,
        metavar="SECONDS",
        help="wait at least SECONDS between two requests to one host (default 1; "
        "robots.txt Crawl-delay can raise it)",
    )
    web.add_argument(
        "--timeout",
        type=non_negative_float,
        default=20.0,
        metavar="SECONDS",
        help="give up on a connection or a read after SECONDS (default 20)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    metadata = plan_metadata(
        args.sources, metadata_file=args.metadata, outlet=args.outlet, published=args.published
    )
    analysis = options_from(args)
    pipeline = Pipeline.default(analysis)
    max_bytes = analysis.max_bytes
    options = FetchOptions(
        timeout=max(args.timeout, 0.1),
        total_timeout=max(3 * args.timeout, 1.0),
        max_bytes=max_bytes,
        min_interval=args.rate,
        allow_private=args.allow_private,
    )
    require("ingest", *(["cluster"] if args.cluster else []))  # before anything is created or read
    with open_store(database_url(args), create=True) as store:
        total = estimate_total(args.sources) if not args.no_progress else None
        progress = progress_for(sys.stderr, total, enabled=not args.no_progress)
        summary: IngestSummary
        try:
            if args.cluster:
                summary = cluster_ingest(
                    args.sources,
                    store,
                    cluster=args.cluster,
                    shards=args.shards or default_shards(store.url),
                    partition_size=args.partition_size,
                    pipeline=pipeline,
                    fetch_options=options,
                    max_bytes=max_bytes,
                    progress=progress,
                    total=total,
                    metadata=metadata,
                )
            else:
                summary = ingest(
                    args.sources,
                    store,
                    workers=args.workers,
                    pipeline=pipeline,
                    fetch_options=options,
                    max_bytes=max_bytes,
                    progress=progress,
                    total=total,
                    metadata=metadata,
                )
        except IngestStoreError as exc:
            _report(exc.summary, store.url, stopped=True)
            raise
        finally:
            if progress is not None:
                progress.close()
        _report(summary, store.url, metadata)
    if summary.interrupted:
        return EXIT_TERMINATED if summary.terminated else EXIT_INTERRUPTED
    if summary.failed and not (summary.stored or summary.updated or summary.duplicates):
        return EXIT_FAILURE
    return EXIT_OK


def _report(
    summary: IngestSummary,
    url: str,
    metadata: RunMetadata | None = None,
    *,
    stopped: bool = False,
) -> None:
    """The failures, what the metadata did, then one summary line (on standard
    error, escaped)."""
    for failure in summary.failures:
        say(f"presswatch: failed {failure.source}: {failure.message}")
    if summary.failed > len(summary.failures):
        say(
            f"presswatch: … and {summary.failed - len(summary.failures)} more failures "
            "(all recorded in the database: `presswatch stats --failures`)"
        )
    if metadata is not None and not summary.interrupted:
        report_metadata(summary, metadata)
    rate = f", {summary.rate:.1f} articles/s" if summary.processed else ""
    state = "interrupted after" if summary.interrupted else "done in"
    if stopped:
        state = "stopped after"
    say(f"presswatch: {describe(summary)}; {state} {summary.elapsed:.1f} s{rate} -> {url}")


def report_metadata(summary: IngestSummary, metadata: RunMetadata) -> None:
    """Sidecar rows that matched nothing, and articles stored without an
    outlet or a date (the outlet pages and trends leave them out)."""
    report_unused_rows(metadata)
    hint = missing_metadata_hint(summary)
    if hint:
        say(f"presswatch: {hint}")


def missing_metadata_hint(summary: IngestSummary) -> str | None:
    """What to do when this run stored articles without an outlet or a date."""
    done = summary.stored + summary.updated
    lacking = [
        f"{count} {'has' if count == 1 else 'have'} no {what}"
        for count, what in (
            (summary.without_outlet, "outlet"),
            (summary.without_date, "publication date"),
        )
        if count
    ]
    if not lacking:
        return None
    stored = "stored" if not summary.updated else "stored or updated"
    return (
        f"of the {done} articles {stored}, {' and '.join(lacking)}: outlet pages and trends "
        "leave them out. Give --outlet NAME, --published DATE or a metadata sidecar "
        "(presswatch-metadata.csv, see docs/corpus.md) and run the same ingest again: "
        "stored articles get the new metadata"
    )
