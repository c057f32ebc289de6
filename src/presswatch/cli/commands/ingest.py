"""``presswatch ingest SOURCE... [--db URL] [--workers N]``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from presswatch.cli.args import (
    add_analysis_options,
    add_db_argument,
    database_url,
    non_negative_float,
    options_from,
    positive_int,
)
from presswatch.core.pipeline import Pipeline
from presswatch.corpus.ingest import FetchOptions, ingest
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
    add_analysis_options(parser, inputs="files and pages")
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
    with open_store(database_url(args), create=True) as store:
        total = estimate_total(args.sources) if not args.no_progress else None
        progress = progress_for(sys.stderr, total, enabled=not args.no_progress)
        try:
            summary = ingest(
                args.sources,
                store,
                workers=args.workers,
                pipeline=pipeline,
                fetch_options=options,
                max_bytes=max_bytes,
                progress=progress,
                total=total,
            )
        finally:
            if progress is not None:
                progress.close()
        for failure in summary.failures:
            print(f"presswatch: failed {failure.source}: {failure.message}", file=sys.stderr)
        if summary.failed > len(summary.failures):
            print(
                f"presswatch: … and {summary.failed - len(summary.failures)} more failures "
                "(all recorded in the database: `presswatch stats --failures`)",
                file=sys.stderr,
            )
        rate = f", {summary.rate:.1f} articles/s" if summary.processed else ""
        state = "interrupted after" if summary.interrupted else "done in"
        print(
            f"presswatch: {describe(summary)}; {state} {summary.elapsed:.1f} s{rate} -> {store.url}",
            file=sys.stderr,
        )
    if summary.interrupted:
        return 130
    if summary.failed and not summary.stored and not summary.duplicates:
        return 1
    return 0
