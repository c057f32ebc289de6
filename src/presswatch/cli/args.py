"""Arguments shared by the commands, and the one place where flags become
:class:`~presswatch.core.options.Options` (:func:`options_from`).

Analysis options (analyze, ingest): ``--disable STAGE``, ``--max-bytes N``,
``--max-chars N``, ``--nlp-batch N``, ``--no-progress``. Values are checked
here: a bad date, technique, language or stage is a usage error (exit 2)
naming the valid values. Corpus options (ingest, search, export,
stats, serve): ``--db URL`` and the filters.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Sequence

from presswatch.core.options import DEFAULT_MAX_CHARS, Options
from presswatch.core.pipeline import STAGES
from presswatch.corpus.store import STORES
from presswatch.corpus.store.types import Filters, check_date
from presswatch.lang import LANGUAGES
from presswatch.stages.persuasion.labels import TECHNIQUES

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


def date_value(text: str) -> str:
    """An argparse type: a real date YYYY-MM-DD, a month YYYY-MM or a year YYYY."""
    try:
        return check_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def one_of(kind: str, names: Callable[[], Sequence[str]]) -> Callable[[str], str]:
    """An argparse type accepting one of ``names()`` (asked when a value is
    checked, so plug-ins count), and naming them all when a value is not."""

    def check(text: str) -> str:
        valid = list(names())
        if text in valid:
            return text
        folded = {name.casefold(): name for name in valid}
        if text.casefold() in folded:
            return folded[text.casefold()]
        raise argparse.ArgumentTypeError(f"unknown {kind} {text!r} (valid: {', '.join(valid)})")

    check.__name__ = kind  # argparse names the type in its messages
    return check


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("filters (repeat an option for alternatives)")
    for flag, help_text, value_type in (
        ("--outlet", "published by this outlet", str),
        ("--lang", "in this language (ISO code, e.g. fr)", one_of("language", LANGUAGES.names)),
        (
            "--speaker",
            "quoting this speaker (any name of the same person: Poutine, Vladimir Poutine)",
            str,
        ),
        ("--source", "citing this source", str),
        ("--entity", "naming this entity", str),
        ("--via", "quoting someone through this channel ('X, cité par Y': Y)", str),
        (
            "--technique",
            "using this persuasion technique (e.g. Loaded_Language; the 23 of SemEval-2023)",
            one_of("technique", lambda: TECHNIQUES),
        ),
    ):
        group.add_argument(
            flag, action="append", default=[], metavar="NAME", type=value_type, help=help_text
        )
    group.add_argument(
        "--since",
        metavar="DATE",
        type=date_value,
        help="published on or after DATE (YYYY-MM-DD, YYYY-MM or YYYY)",
    )
    group.add_argument(
        "--until",
        metavar="DATE",
        type=date_value,
        help="published on or before DATE (YYYY-MM-DD, YYYY-MM or YYYY)",
    )
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


def non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a number >= 0, got {value}")
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
        type=one_of("stage", STAGES.names),
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
        "--max-chars",
        type=positive_int,
        default=None,
        metavar="N",
        help=f"refuse articles longer than N characters (default {DEFAULT_MAX_CHARS:,}; "
        "what one article costs in time and memory grows with it)",
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
        max_chars=args.max_chars or Options.max_chars,
        nlp_batch_size=int(nlp_batch),
    )


def cluster_spec(text: str) -> str:
    """``--cluster``: ``local:N`` or a scheduler address (``tcp://HOST:8786``)."""
    from presswatch.corpus.cluster import ClusterError, parse_cluster

    try:
        parse_cluster(text)
    except ClusterError as exc:
        raise argparse.ArgumentTypeError(str(exc).split(": ", 1)[-1]) from None
    return text


def add_cluster_options(parser: argparse.ArgumentParser, *, shards: bool = True) -> None:
    """``--cluster``, ``--partition-size`` and (ingest) ``--shards``."""
    from presswatch.corpus.partitions import DEFAULT_PARTITION_SIZE

    group = parser.add_argument_group("scale-out on Dask distributed (docs/scale.md)")
    group.add_argument(
        "--cluster",
        type=cluster_spec,
        default=None,
        metavar="ADDRESS",
        help="analyse on a Dask cluster: a scheduler address (tcp://HOST:8786) or local:N "
        "(N worker processes on this machine); see docs/scale.md",
    )
    group.add_argument(
        "--partition-size",
        type=positive_int,
        default=DEFAULT_PARTITION_SIZE,
        metavar="N",
        help=f"articles (lines, WARC records, files, feed entries) per partition "
        f"(default {DEFAULT_PARTITION_SIZE})",
    )
    if shards:
        group.add_argument(
            "--shards",
            metavar="DIR",
            default=None,
            help="where the Parquet shards go (a folder every worker can write at the same "
            "path; default: next to a SQLite database, DB.shards, else ./presswatch-shards)",
        )
