"""``--metadata``, ``--outlet`` and ``--published``: the metadata options of
``analyze``, ``ingest`` and ``batch``, and the report of sidecar rows that
matched no article, in a module of their own so that ``analyze`` does not
import what only ``ingest`` runs (the cluster, the store)."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from presswatch.cli.messages import say
from presswatch.corpus.ingest.metadata import RunMetadata, check_outlet, check_published

#: Sidecar rows listed when they matched no article.
MAX_REPORTED_ROWS = 5


def add_metadata_options(parser: argparse.ArgumentParser) -> None:
    """--metadata, --outlet, --published (analyze, ingest and batch)."""
    given = parser.add_argument_group(
        "metadata for articles that lack it (precedence: sidecar, then the article's own, "
        "then these flags)"
    )
    given.add_argument(
        "--metadata",
        metavar="FILE",
        help="a metadata sidecar (.csv with a header row, or .jsonl): rows of file, url, "
        "outlet, published, language, title; without it, presswatch-metadata.csv or "
        ".jsonl at the top of each SOURCE folder is used",
    )
    given.add_argument(
        "--outlet",
        type=_checked(check_outlet),
        metavar="NAME",
        help="the outlet of every article that has none",
    )
    given.add_argument(
        "--published",
        type=_checked(check_published),
        metavar="DATE",
        help="the publication date (YYYY-MM-DD or YYYY-MM) of every article that has none",
    )


def _checked(check: Callable[[str], str]) -> Callable[[str], str]:
    """An argparse type from a metadata check (a bad value is a usage error)."""

    def convert(text: str) -> str:
        try:
            return check(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return convert


def report_unused_rows(metadata: RunMetadata) -> None:
    """The sidecar rows that matched no article (typos, missing files), on
    standard error, the first :data:`MAX_REPORTED_ROWS` by name."""
    unused = metadata.unused()
    for sidecar, entry in unused[:MAX_REPORTED_ROWS]:
        say(f"presswatch: {sidecar.path}:{entry.line}: {entry.file!r} matched no article")
    if len(unused) > MAX_REPORTED_ROWS:
        say(
            f"presswatch: … and {len(unused) - MAX_REPORTED_ROWS} more metadata rows "
            "matched no article"
        )
