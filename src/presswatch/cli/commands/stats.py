"""``presswatch stats [--db URL] [--limit N] [--format text|json] [--failures]``."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from typing import IO, Any

from presswatch.cli.args import add_db_argument, database_url, positive_int
from presswatch.core.errors import Failure
from presswatch.core.text import printable
from presswatch.corpus.store import open_store
from presswatch.corpus.store.types import FacetValue, MetadataGaps, Stats

_SECTIONS = (
    ("outlet", "Articles by outlet"),
    ("language", "Articles by language"),
    ("month", "Articles by month"),
    ("speaker", "Top speakers (articles quoting them)"),
    ("source", "Top cited sources (articles citing them)"),
    ("entity", "Top entities (articles naming them)"),
    ("via", "Top channels of quotes (articles quoting through them)"),
    ("technique", "Persuasion techniques (articles using them)"),
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "stats",
        help="what the corpus database holds",
        description=(
            "Counts by outlet, language and month; top speakers, cited sources, entities and "
            "channels of quotes (each person or organisation once: see `presswatch speakers`); "
            "persuasion technique frequencies; near-duplicates and failures."
        ),
    )
    add_db_argument(parser)
    parser.add_argument(
        "--limit", type=positive_int, default=10, metavar="N", help="rows per table"
    )
    parser.add_argument(
        "-f", "--format", choices=("text", "json"), default="text", help="output format"
    )
    parser.add_argument(
        "--failures", action="store_true", help="also list the inputs that could not be ingested"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with open_store(database_url(args)) as store:
        stats = store.stats(limit=args.limit)
        gaps = store.metadata_gaps()
        failures = store.failures(limit=max(args.limit, 100)) if args.failures else []
        url = store.url
    if args.format == "json":
        data: dict[str, Any] = asdict(stats)
        data["facets"] = {k: [asdict(v) for v in vs] for k, vs in stats.facets.counts.items()}
        data["by_month"] = [asdict(v) for v in stats.by_month]
        data["without_outlet"] = gaps.without_outlet
        data["without_date"] = gaps.without_date
        if args.failures:
            data["failure_list"] = [
                {
                    "source": f.source,
                    "error": f.message,
                    "attempts": f.attempts,
                    "last_attempt": f.last_attempt,
                }
                for f in failures
            ]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        write_text(stats, url, failures, sys.stdout, gaps)
    return 0


def write_text(
    stats: Stats,
    url: str,
    failures: list[Failure],
    stream: IO[str],
    gaps: MetadataGaps | None = None,
) -> None:
    span = (
        f", published {stats.first_published} to {stats.last_published}"
        if stats.first_published
        else ""
    )
    print(f"{printable(url)} ({stats.backend}, schema version {stats.schema_version})", file=stream)
    print(
        f"{stats.articles} articles{span}; {stats.near_duplicates} near-duplicates; "
        f"{stats.failures} failed inputs",
        file=stream,
    )
    for kind, heading in _SECTIONS:
        values = stats.by_month if kind == "month" else stats.facets[kind]
        _table(heading, values, stream)
        if gaps is not None and kind in ("outlet", "month"):
            _gap_note(kind, gaps, stream)
    if failures:
        print("\nFailed inputs", file=stream)
        for failure in failures:
            line = f"  {failure.source}: {failure.message} (attempts: {failure.attempts})"
            print(printable(line), file=stream)


def _table(heading: str, values: tuple[FacetValue, ...], stream: IO[str]) -> None:
    print(f"\n{heading}", file=stream)
    if not values:
        print("  (none)", file=stream)
        return
    width = max(len(str(v.count)) for v in values)
    for value in values:
        print(f"  {value.count:>{width}}  {printable(value.value)}", file=stream)


def _gap_note(kind: str, gaps: MetadataGaps, stream: IO[str]) -> None:
    """Under the outlet and month tables: the articles they leave out, and why."""
    count = gaps.without_outlet if kind == "outlet" else gaps.without_date
    if not count:
        return
    what, flag = ("outlet", "--outlet NAME") if kind == "outlet" else ("date", "--published DATE")
    print(
        f"  ({count} of {gaps.articles} articles have no {what}: ingest them again with "
        f"{flag} or a metadata sidecar, see docs/corpus.md)",
        file=stream,
    )
