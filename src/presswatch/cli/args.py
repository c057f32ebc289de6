"""Arguments shared by the commands, and the one place where flags become
:class:`~presswatch.core.options.Options` (:func:`options_from`).

Analysis options (analyze, ingest): ``--disable STAGE``, ``--max-bytes N``,
``--nlp-batch N``, ``--no-progress``. Corpus options (ingest, search, export,
stats, serve): ``--db URL`` and the filters.
"""

from __future__ import annotations

import argparse
import os

from presswatch.core.options import Options
from presswatch.core.pipeline import STAGES
from presswatch.corpus.store import STORES
from presswatch.corpus.store.types import Filters

#: Deprecated: the NLP batch size used to be read from this variable when
#: presswatch was imported; the CLI still takes it as ``--nlp-batch``'s default.
NLP_BATCH_ENV = "PRESSWATCH_NLP_BATCH"


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    """``--db URL``: a SQLite file, or a URL of a scheme in :data:`STORES`."""
    schemes = ", ".join(f"{scheme}://" for scheme in STORES.names())
    parser.add_argument(
        "--db",
        metavar="URL",
        default=None,
        help=(
            "the corpus database: a SQLite file path (default presswatch.db) or a URL "
            f"({schemes}; e.g. sqlite:///path or postgresql://user@host/db); also read "
            "from $PRESSWATCH_DB"
        ),
    )


def database_url(args: argparse.Namespace) -> str | None:
    return args.db or os.environ.get("PRESSWATCH_DB") or None


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("filters (repeat an option for alternatives)")
    for flag, help_text in (
        ("--outlet", "published by this outlet"),
        ("--lang", "in this language (ISO code, e.g. fr)"),
        (
            "--speaker",
            "quoting this speaker (any name of the same person: Poutine, Vladimir Poutine)",
        ),
        ("--source", "citing this source"),
        ("--entity", "naming this entity"),
        ("--via", "quoting someone through this channel ('X, cité par Y': Y)"),
        ("--technique", "using this persuasion technique (e.g. Loaded_Language)"),
    ):
        group.add_argument(flag, action="append", default=[], metavar="NAME", help=help_text)
    group.add_argument("--since", metavar="DATE", help="published on or after DATE (YYYY-MM-DD)")
    group.add_argument("--until", metavar="DATE", help="published on or before DATE")
    group.add_argument(
        "--no-near-duplicates",
        action="store_true",
        help="leave out articles that are near-duplicates of an earlier one",
    )


def filters_from_args(args: argparse.Namespace) -> Filters:
    return Filters(
        outlets=tuple(args.outlet),
        languages=tuple(args.lang),
        since=args.since,
        until=args.until,
        speakers=tuple(args.speaker),
        sources=tuple(args.source),
        entities=tuple(args.entity),
        techniques=tuple(args.technique),
        vias=tuple(args.via),
        exclude_near_duplicates=args.no_near_duplicates,
    )


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number >= 1, got {value}")
    return value


def non_negative_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a number >= 0, got {value}")
    return value


def add_analysis_options(parser: argparse.ArgumentParser, *, inputs: str = "input files") -> None:
    """``--disable STAGE`` (repeatable), ``--max-bytes N``, ``--nlp-batch N`` and ``--no-progress``."""
    parser.add_argument(
        "--disable",
        action="append",
        default=[],
        metavar="STAGE",
        help=f"skip a pipeline stage (repeatable; one of {', '.join(STAGES.names())})",
    )
    parser.add_argument(
        "--max-bytes",
        type=positive_int,
        default=None,
        metavar="N",
        help=f"refuse {inputs} larger than N bytes (default 20 MiB)",
    )
    parser.add_argument(
        "--nlp-batch",
        type=positive_int,
        default=None,
        metavar="N",
        help=f"paragraphs per spaCy batch (default {Options.nlp_batch_size})",
    )
    parser.add_argument("--no-progress", action="store_true", help="never show progress")


def options_from(args: argparse.Namespace) -> Options:
    """The :class:`Options` the analysis flags ask for."""
    nlp_batch = args.nlp_batch or os.environ.get(NLP_BATCH_ENV) or Options.nlp_batch_size
    return Options(
        disable=tuple(args.disable),
        max_bytes=args.max_bytes or Options.max_bytes,
        nlp_batch_size=int(nlp_batch),
    )
