"""The library entry points: analyse one article, or many with failures recorded."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from presswatch.core.article import Article
from presswatch.core.errors import Failure, InputError, PresswatchError
from presswatch.core.options import Options
from presswatch.core.pipeline import Pipeline
from presswatch.readers import iter_files, read_path, read_text


@cache
def default_pipeline() -> Pipeline:
    return Pipeline.default()


def analyze_article(article: Article, pipeline: Pipeline | None = None) -> Article:
    """Run the pipeline (default: :meth:`Pipeline.default`) on a read article."""
    return (pipeline or default_pipeline()).run(article)


def analyze(
    text_or_path: str | os.PathLike[str],
    *,
    pipeline: Pipeline | None = None,
    format: str | None = None,
) -> Article:
    """Analyse one article given as a file path or as its text.

    A ``str`` that names an existing file is read as a file; any other string
    is the article itself (format sniffed: record, JSON, HTML or plain text
    whose first line is the title). Raises :class:`~presswatch.core.errors.InputError`
    for unreadable input, including a file holding several articles (use
    :func:`analyze_paths`)."""
    if isinstance(text_or_path, os.PathLike) or _is_existing_path(text_or_path):
        source = str(text_or_path)
        items = list(read_path(text_or_path, format=format))
    else:
        source = "<text>"
        items = list(read_text(str(text_or_path), source, format=format))
    if len(items) != 1:
        raise InputError(source, f"holds {len(items)} articles; use analyze_paths() for several")
    item = items[0]
    if isinstance(item, InputError):
        raise item
    return analyze_article(item, pipeline)


def _is_existing_path(value: str) -> bool:
    if "\n" in value or len(value) > 4096:
        return False
    try:
        return Path(value).is_file()
    except (OSError, ValueError):
        return False


@dataclass
class BatchReport:
    """What a batch did: how many articles were analyzed, and the failures."""

    analyzed: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def analysed(self) -> int:
        """Deprecated spelling of :attr:`analyzed`."""
        return self.analyzed


def analyze_paths(
    paths: Iterable[str | os.PathLike[str]],
    *,
    pipeline: Pipeline | None = None,
    options: Options | None = None,
    report: BatchReport | None = None,
) -> Iterator[Article | Failure]:
    """Analyse every article of every file (directories are walked).

    Yields each analysed :class:`Article`, or a :class:`Failure` for an input
    that failed, in input order; a failure never stops the batch. Articles go
    through the pipeline (default: ``Pipeline.default(options)``) in batches
    of ``options.batch_size`` (the NLP stage is faster on batches); memory
    stays bounded by the batch; inputs larger than ``options.max_bytes`` fail.
    ``report`` (if given) is updated as items are yielded."""
    options = options or (pipeline.options if pipeline is not None else Options())
    report = report if report is not None else BatchReport()
    pipeline = pipeline or (
        default_pipeline() if options == Options() else Pipeline.default(options)
    )
    max_bytes, batch_size = options.max_bytes, options.batch_size
    pending: list[Article | Failure] = []
    for item in _read_all(paths, max_bytes):
        pending.append(item)
        if sum(isinstance(i, Article) for i in pending) >= batch_size:
            yield from _flush(pending, pipeline, report)
            pending = []
    yield from _flush(pending, pipeline, report)


def _read_all(
    paths: Iterable[str | os.PathLike[str]], max_bytes: int
) -> Iterator[Article | Failure]:
    for path in paths:
        for file in iter_files(path):
            source = str(file)
            try:
                for item in read_path(file, max_bytes=max_bytes):
                    yield Failure(item.source, str(item)) if isinstance(item, InputError) else item
            except PresswatchError as exc:
                yield Failure(source, str(exc))


def _flush(
    pending: list[Article | Failure], pipeline: Pipeline, report: BatchReport
) -> Iterator[Article | Failure]:
    articles = [i for i in pending if isinstance(i, Article)]
    analyzed = iter(pipeline.run_many(articles, batch_size=max(1, len(articles))))
    for item in pending:
        outcome: Article | Failure = item
        if isinstance(item, Article):
            result = next(analyzed)
            outcome = (
                Failure(item.source or item.id, str(result))
                if isinstance(result, PresswatchError)
                else result
            )
        if isinstance(outcome, Failure):
            report.failures.append(outcome)
        else:
            report.analyzed += 1
        yield outcome
