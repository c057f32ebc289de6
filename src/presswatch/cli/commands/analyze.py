"""``presswatch analyze PATH... [--format text|json|html] [-o OUT]``, with the
metadata options of ``ingest`` (``--metadata``, ``--outlet``, ``--published``,
and the ``presswatch-metadata`` sidecar of a folder)."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any

from presswatch.api import BatchReport, Failure, analyze_articles, read_inputs, read_stream
from presswatch.cli.args import add_analysis_options, options_from
from presswatch.cli.messages import say
from presswatch.cli.metadata_options import add_metadata_options, report_unused_rows
from presswatch.core.article import Article
from presswatch.core.errors import EXIT_FAILURE, EXIT_OK, PresswatchError, UsageError
from presswatch.core.pipeline import Pipeline
from presswatch.corpus.ingest.metadata import RunMetadata, plan_metadata
from presswatch.corpus.ingest.sources import is_url, iter_items
from presswatch.outputs import WRITERS, writer_for
from presswatch.readers import iter_files


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "analyze",
        help="analyse articles and print what a careful reader would note",
        description=(
            "Analyse articles (files or directories, read recursively) and report quotes, "
            "sources, entities, figures and dates. Unreadable inputs are reported one line "
            "each on stderr; the exit code is 1 only when no article could be analysed."
        ),
    )
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="article file or directory; - reads one input from standard input",
    )
    formats = WRITERS.names()
    parser.add_argument("-f", "--format", choices=formats, default=formats[0], help="output format")
    parser.add_argument("-o", "--output", metavar="OUT", help="write to OUT instead of stdout")
    add_analysis_options(parser)
    add_metadata_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    report = BatchReport()
    options = options_from(args)
    if args.paths.count("-") > 1:
        raise UsageError("standard input (-) can be read only once")
    metadata = plan_metadata(
        [path for path in args.paths if path != "-"],
        metadata_file=args.metadata,
        outlet=args.outlet,
        published=args.published,
    )
    outcomes = analyze_articles(
        _inputs(args.paths, options.max_bytes, metadata),
        pipeline=Pipeline.default(options),
        options=options,
        report=report,
    )
    with ExitStack() as stack:
        stream = _open_output(args.output, stack)
        writer = writer_for(args.format, stream)
        progress = _progress(args, stack)
        for outcome in outcomes:
            if isinstance(outcome, Failure):
                say(f"presswatch: skipped {outcome.message}")
            else:
                writer.write(outcome)
            if progress is not None:
                progress.seen(_file_of(outcome))
        writer.close()
    report_unused_rows(metadata)
    if len(report.failures) and (report.analyzed > 1 or len(report.failures) > 1):
        say(f"presswatch: {report.analyzed} analysed, {len(report.failures)} failed")
    return EXIT_OK if report.analyzed else EXIT_FAILURE


def _inputs(paths: list[str], max_bytes: int, metadata: RunMetadata) -> Iterator[Article | Failure]:
    """The articles of the paths in order, ``-`` being standard input, with
    their metadata as ``ingest`` gives it (sidecar, article, flags). A URL is
    not fetched (``presswatch ingest`` fetches)."""
    for path in paths:
        if path == "-":
            for item in read_stream(sys.stdin.buffer, "<stdin>", max_bytes=max_bytes):
                yield item if isinstance(item, Failure) else metadata.apply(item, None, None)
        elif is_url(path):
            yield from read_inputs([path], max_bytes=max_bytes)
        else:
            for outcome in iter_items([path], max_bytes=max_bytes, metadata=metadata):
                if isinstance(outcome, Article):
                    yield outcome
                elif isinstance(outcome, Failure):  # named as read_inputs names it
                    yield Failure(outcome.source, f"{outcome.source}: {outcome.message}")


def _open_output(path: str | None, stack: ExitStack) -> IO[str]:
    if path is None or path == "-":
        return sys.stdout
    try:
        return stack.enter_context(Path(path).open("w", encoding="utf-8"))
    except OSError as exc:
        raise PresswatchError(f"{path}: cannot write ({exc.strerror})") from None


class _Progress:
    """A rich progress bar on stderr counting analysed inputs."""

    def __init__(self, stack: ExitStack, total: int | None) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self._progress = stack.enter_context(
            Progress(
                TextColumn("analysing"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
        )
        self._task = self._progress.add_task("analyse", total=total)

        self._current: str | None = None

    def seen(self, file: str) -> None:
        """Advance once per input file (a JSON Lines file holds many articles)."""
        if file != self._current:
            self._current = file
            self._progress.advance(self._task)


def _file_of(outcome: Article | Failure) -> str:
    """The input file an outcome came from ("a.jsonl:12" -> "a.jsonl")."""
    source = outcome.source or ""
    return re.sub(r"(?::\d+|\[\d+\])$", "", source)


def _progress(args: argparse.Namespace, stack: ExitStack) -> _Progress | None:
    many = len(args.paths) > 1 or any(Path(p).is_dir() for p in args.paths)
    if args.no_progress or not many or not sys.stderr.isatty():
        return None

    files = sum(1 if path == "-" else sum(1 for _ in iter_files(path)) for path in args.paths)
    return _Progress(stack, files)
