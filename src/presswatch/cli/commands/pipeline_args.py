"""Options shared by the commands that run the analysis pipeline (analyze, ingest)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from presswatch.cli.commands.corpus_args import positive_int

if TYPE_CHECKING:
    from presswatch.core.pipeline import Pipeline


def add_pipeline_options(parser: argparse.ArgumentParser, *, inputs: str = "input files") -> None:
    """``--disable STAGE`` (repeatable), ``--max-bytes N`` and ``--no-progress``."""
    parser.add_argument(
        "--disable",
        action="append",
        default=[],
        metavar="STAGE",
        help="skip a pipeline stage (repeatable; see `presswatch stages`)",
    )
    parser.add_argument(
        "--max-bytes",
        type=positive_int,
        default=None,
        metavar="N",
        help=f"refuse {inputs} larger than N bytes (default 20 MiB)",
    )
    parser.add_argument("--no-progress", action="store_true", help="never show progress")


def pipeline_from(args: argparse.Namespace) -> Pipeline:
    """The default pipeline without the stages named by ``--disable``."""
    from presswatch.core.pipeline import Pipeline

    pipeline = Pipeline.default()
    return pipeline.without(*args.disable) if args.disable else pipeline


def max_bytes_from(args: argparse.Namespace) -> int:
    from presswatch.readers import DEFAULT_MAX_BYTES

    return int(args.max_bytes or DEFAULT_MAX_BYTES)
