"""``presswatch export [--query Q] [filters] [--format jsonl|csv|parquet] [-o OUT]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from presswatch.cli.args import (
    add_db_argument,
    add_filter_arguments,
    database_url,
    filters_from_args,
)
from presswatch.core.deps import require
from presswatch.core.errors import PresswatchError, UsageError
from presswatch.corpus.store import open_store
from presswatch.corpus.store.export import EXPORT_FORMATS, write_csv, write_jsonl, write_parquet
from presswatch.corpus.store.query import parse_query


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "export",
        help="export stored articles with their analysis",
        description=(
            "Stream the articles matching the filters (and --query) out of the corpus "
            "database, oldest first: jsonl (full analysis, one article per line, with the "
            "corpus identity of each name), csv or parquet (one summary row per article, "
            "names as their corpus identities). Parquet needs -o FILE."
        ),
    )
    add_db_argument(parser)
    parser.add_argument("-q", "--query", default=None, metavar="QUERY", help="full-text query")
    add_filter_arguments(parser)
    parser.add_argument(
        "-f", "--format", choices=EXPORT_FORMATS, default="jsonl", help="output format"
    )
    parser.add_argument("-o", "--output", metavar="OUT", help="write to OUT instead of stdout")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.query and args.query.strip():
        parse_query(args.query)
    if args.format == "parquet" and (args.output in (None, "-")):
        raise UsageError("parquet export is binary: give a file with -o OUT.parquet")
    if args.format == "parquet":
        require("parquet")  # before the database is read
    with open_store(database_url(args)) as store:
        articles = store.export_identified(args.query, filters_from_args(args))
        if args.format == "parquet":
            count = write_parquet(articles, args.output)
        elif args.output in (None, "-"):
            count = (write_csv if args.format == "csv" else write_jsonl)(articles, sys.stdout)
        else:
            try:
                with Path(args.output).open("w", encoding="utf-8", newline="") as stream:
                    count = (write_csv if args.format == "csv" else write_jsonl)(articles, stream)
            except OSError as exc:
                raise PresswatchError(f"{args.output}: cannot write ({exc.strerror})") from None
    where = f" to {args.output}" if args.output not in (None, "-") else ""
    print(f"presswatch: exported {count} articles{where}", file=sys.stderr)
    return 0
