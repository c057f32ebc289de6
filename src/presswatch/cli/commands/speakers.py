"""``presswatch speakers [-q QUERY] [filters] [--kind KIND] [--limit N] [--format text|json]``."""

from __future__ import annotations

import argparse
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
from presswatch.corpus.store.query import parse_query
from presswatch.corpus.store.types import NAME_FACETS, Identity

_HEADINGS = {
    "speaker": "Speakers (articles quoting them)",
    "source": "Cited sources (articles citing them)",
    "entity": "Entities (articles naming them)",
    "via": "Channels of quotes (articles quoting through them)",
}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "speakers",
        help="who is quoted across the corpus, each person once with the names used",
        description=(
            "The corpus-wide identities of speakers (or, with --kind, of cited sources, "
            "entities or vias), most frequent first, each with its variants: every spelling "
            "the articles use and in how many articles. 'Poutine' and 'Vladimir Poutine' are "
            "one identity unless the corpus knows another Poutine (docs/store.md)."
        ),
    )
    add_db_argument(parser)
    parser.add_argument("-q", "--query", default=None, metavar="QUERY", help="full-text query")
    add_filter_arguments(parser)
    parser.add_argument("--kind", choices=NAME_FACETS, default="speaker", help="which names")
    parser.add_argument(
        "--limit", type=positive_int, default=20, metavar="N", help="identities (≤1000)"
    )
    parser.add_argument(
        "-f",
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: a table (default); json: every identity with its variants",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.query and args.query.strip():
        parse_query(args.query)  # a bad query fails before the database is opened
    with open_store(database_url(args)) as store:
        identities = store.identities(
            args.kind, args.query, filters_from_args(args), limit=args.limit
        )
    if args.format == "json":
        data = {"kind": args.kind, "identities": [i.to_dict() for i in identities]}
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        write_text(args.kind, identities, sys.stdout)
    return 0


def write_text(kind: str, identities: list[Identity], stream: IO[str]) -> None:
    print(_HEADINGS[kind], file=stream)
    if not identities:
        print("  (none)", file=stream)
        return
    width = max(len(str(i.articles)) for i in identities)
    for identity in identities:
        others = [v for v in identity.variants if v.value != identity.name]
        also = ""
        if others:
            also = "  also as " + ", ".join(f"{printable(v.value)} ({v.count})" for v in others)
        print(f"  {identity.articles:>{width}}  {printable(identity.name)}{also}", file=stream)
