"""``presswatch batch SOURCE... --out DIR [--cluster ADDRESS]``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from presswatch.cli.args import (
    add_analysis_options,
    add_cluster_options,
    non_negative_float,
    options_from,
)
from presswatch.cli.metadata_options import add_metadata_options
from presswatch.core.deps import require
from presswatch.core.pipeline import Pipeline
from presswatch.corpus.cluster import BatchSummary, batch
from presswatch.corpus.ingest import FetchOptions
from presswatch.corpus.ingest.metadata import plan_metadata


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "batch",
        help="analyse articles into Parquet shards (no database)",
        description=(
            "Analyse every article of the SOURCEs (as `ingest` reads them) into Parquet shards "
            "under DIR/articles/, one per partition, for DuckDB, pandas, Spark or BigQuery; then "
            "find the near-duplicates across all shards (DIR/near_duplicates.parquet) and write "
            "DIR/manifest.json. Shards already written are kept, so a rerun resumes. Without "
            "--cluster the partitions are analysed in this process. Exit code 1 only when every "
            "article failed, 130 when interrupted. The shard schema is in docs/formats.md."
        ),
    )
    parser.add_argument("sources", nargs="+", metavar="SOURCE", help="file, directory or URL")
    parser.add_argument("--out", required=True, metavar="DIR", help="the output folder")
    add_cluster_options(parser, shards=False)
    add_analysis_options(parser, inputs="files and pages")
    add_metadata_options(parser)
    parser.add_argument(
        "--allow-private",
        action="store_true",
        help="allow fetching from private, loopback and link-local addresses",
    )
    parser.add_argument(
        "--rate",
        type=non_negative_float,
        default=1.0,
        metavar="SECONDS",
        help="wait at least SECONDS between two requests to one host (default 1)",
    )
    parser.set_defaults(run=run)


class _Progress:
    """One line on stderr per finished partition."""

    def __call__(self, summary: BatchSummary) -> None:
        print(
            f"batch: {summary.partitions} partitions, {summary.articles} articles, "
            f"{summary.failed} failed, {summary.rate:.1f} articles/s",
            file=sys.stderr,
            flush=True,
        )


def run(args: argparse.Namespace) -> int:
    analysis = options_from(args)
    fetch = FetchOptions(
        max_bytes=analysis.max_bytes, min_interval=args.rate, allow_private=args.allow_private
    )
    require("ingest", "parquet", *(["cluster"] if args.cluster else []))
    metadata = plan_metadata(
        args.sources, metadata_file=args.metadata, outlet=args.outlet, published=args.published
    )
    summary = batch(
        args.sources,
        args.out,
        cluster=args.cluster,
        partition_size=args.partition_size,
        pipeline=Pipeline.default(analysis),
        fetch_options=fetch,
        max_bytes=analysis.max_bytes,
        progress=None if args.no_progress else _Progress(),
        metadata=metadata,
    )
    for failure in summary.failures:
        print(f"presswatch: failed {failure.source}: {failure.message}", file=sys.stderr)
    state = "interrupted after" if summary.interrupted else "done in"
    print(
        f"presswatch: {summary.articles} articles in {summary.partitions} shards "
        f"({summary.reused} already written), {summary.failed} failed, "
        f"{summary.near_duplicates} near-duplicates; {state} {summary.elapsed:.1f} s -> "
        f"{summary.out}",
        file=sys.stderr,
    )
    if summary.interrupted:
        return 130
    return 1 if summary.failed and not summary.articles else 0
