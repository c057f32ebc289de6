"""``presswatch search [QUERY] [filters] [--format table|json|csv]``."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import IO, Any

from presswatch.cli.args import (
    add_db_argument,
    add_filter_arguments,
    database_url,
    filters_from_args,
    positive_int,
)
from presswatch.core.text import printable
from presswatch.corpus.store import open_store
from presswatch.corpus.store.export import safe_cell
from presswatch.corpus.store.query import parse_query
from presswatch.corpus.store.types import SearchPage, Snippet

FORMATS = ("table", "json", "csv")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "search",
        help="search the corpus database",
        description=(
            "Full-text search over titles and paragraphs, with filters. Query language: "
            'words (accent- and case-insensitive), "exact phrases", prefix*, AND, OR, NOT '
            "(or -word), parentheses, title:word / body:word. Without QUERY, the newest "
            "articles matching the filters. A malformed query exits with code 2."
        ),
    )
    parser.add_argument("query", nargs="?", default=None, metavar="QUERY", help="what to look for")
    add_db_argument(parser)
    add_filter_arguments(parser)
    parser.add_argument(
        "--sort", choices=("relevance", "date"), default="relevance", help="result order"
    )
    parser.add_argument(
        "--limit", type=positive_int, default=20, metavar="N", help="results (≤1000)"
    )
    parser.add_argument(
        "--offset", type=int, default=0, metavar="N", help="skip the first N results"
    )
    parser.add_argument("-f", "--format", choices=FORMATS, default="table", help="output format")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.query and args.query.strip():
        parse_query(args.query)  # a bad query fails before the database is opened
    with open_store(database_url(args)) as store:
        page = store.search(
            args.query,
            filters_from_args(args),
            sort=args.sort,
            limit=args.limit,
            offset=args.offset,
        )
    if args.format == "json":
        write_json(page, sys.stdout)
    elif args.format == "csv":
        write_csv(page, sys.stdout)
    else:
        write_table(page, sys.stdout)
    return 0


def write_json(page: SearchPage, stream: IO[str]) -> None:
    data = {
        "query": page.query,
        "total": page.total,
        "total_capped": page.total_capped,
        "limit": page.limit,
        "offset": page.offset,
        "hits": [h.to_dict() for h in page.hits],
    }
    stream.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def write_csv(page: SearchPage, stream: IO[str]) -> None:
    columns = (
        "id",
        "published",
        "outlet",
        "language",
        "title",
        "snippet",
        "url",
        "source",
        "score",
        "near_duplicate_of",
    )
    writer = csv.writer(stream)
    writer.writerow(columns)
    for hit in page.hits:
        row = hit.to_dict()
        writer.writerow([safe_cell(row[c]) for c in columns])


def write_table(page: SearchPage, stream: IO[str]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=stream, highlight=False, soft_wrap=False)
    colour = console.is_terminal

    def styled(snippet: Snippet) -> Text:
        text = Text()
        for segment in snippet.segments:
            # a paragraph break stays a line break inside the table's cell
            words = printable(segment.text, keep="\n")
            if segment.highlighted:
                text.append(words if colour else f"[{words}]", style="bold yellow")
            else:
                text.append(words)
        return text

    shown = f"{page.offset + 1}–{page.offset + len(page.hits)}" if page.hits else "none"
    about = f" for {printable(repr(page.query))}" if page.query else ""
    more = "more than " if page.total_capped else ""
    console.print(Text(f"{more}{page.total} matching articles{about} (showing {shown})"))
    if not page.hits:
        return
    table = Table(show_lines=True, expand=False)
    table.add_column("#", justify="right")
    table.add_column("date")
    table.add_column("outlet")
    table.add_column("article", overflow="fold")
    for number, hit in enumerate(page.hits, start=page.offset + 1):
        cell = Text()
        cell.append_text(styled(hit.title))
        cell.append("\n")
        cell.append_text(styled(hit.snippet))
        note = f"\nid {hit.id}"
        if hit.source and hit.source != hit.url:
            note += f" · {hit.source}"
        if hit.near_duplicate_of:
            note += f" · near-duplicate of {hit.near_duplicate_of}"
        cell.append(printable(note, keep="\n"), style="dim")
        table.add_row(
            str(number), printable(hit.published or ""), Text(printable(hit.outlet or "")), cell
        )
    console.print(table)
