"""The library entry points: analyse one article, or many with failures recorded."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import BinaryIO

from presswatch.core.article import Article
from presswatch.core.errors import (
    Failure,
    InputError,
    InputTooLargeError,
    InputTypeError,
    PresswatchError,
)
from presswatch.core.options import DEFAULT_MAX_BYTES, Options
from presswatch.core.pipeline import Pipeline
from presswatch.readers import iter_inputs, read_bytes, read_path, read_text


@cache
def default_pipeline() -> Pipeline:
    return Pipeline.default()


def analyze_article(article: Article, pipeline: Pipeline | None = None) -> Article:
    """Run the pipeline (default: :meth:`Pipeline.default`) on a read article."""
    return (pipeline or default_pipeline()).run(article)


def analyze_text(
    text: str,
    *,
    source: str = "<text>",
    format: str | None = None,
    pipeline: Pipeline | None = None,
    options: Options | None = None,
) -> Article:
    """Analyse one article given as its text; never reads a file.

    The format is sniffed (record, JSON, HTML, or plain text whose first
    line is the title) unless ``format`` names it. Text larger than
    ``options.max_bytes`` (UTF-8) is refused like a file of that size, and an
    article longer than ``options.max_chars`` like any other
    (:class:`~presswatch.core.errors.InputTooLargeError`). Raises
    :class:`InputTypeError` when ``text`` is not a ``str``, and
    :class:`~presswatch.core.errors.InputError` for input that is not one
    readable article."""
    if not isinstance(text, str):
        raise InputTypeError("analyze_text", "text", "str", text)
    options = _options(pipeline, options)
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > options.max_bytes:
        raise InputTooLargeError(source, size, options.max_bytes)
    return _analyze_one(read_text(text, source, format=format), source, pipeline, options)


def analyze_file(
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    pipeline: Pipeline | None = None,
    options: Options | None = None,
) -> Article:
    """Analyse the one article of a file (a regular file no larger than
    ``options.max_bytes``). Raises :class:`InputTypeError` when ``path`` is
    not a ``str`` or ``os.PathLike``, and
    :class:`~presswatch.core.errors.InputError` for a file that cannot be
    read or holds several articles (use :func:`analyze_paths`)."""
    if not isinstance(path, str | os.PathLike):
        raise InputTypeError("analyze_file", "path", "str or os.PathLike", path)
    options = _options(pipeline, options)
    items = read_path(path, max_bytes=options.max_bytes, format=format)
    return _analyze_one(items, str(path), pipeline, options)


def analyze(
    article: str | bytes | os.PathLike[str],
    *,
    pipeline: Pipeline | None = None,
    format: str | None = None,
    options: Options | None = None,
) -> Article:
    """Analyse one article: the convenience of :func:`analyze_text` and
    :func:`analyze_file`, with one rule per type:

    * a ``pathlib.Path`` (any ``os.PathLike``) is a file to read;
    * a ``str`` is the article's text, never a file name: a string that
      looks like one (a single line ending in a file extension such as
      ``.txt`` or ``.json``, or a path such as ``./a``, ``/a/b`` or ``~/a``)
      raises :class:`~presswatch.core.errors.InputError` saying to use
      :func:`analyze_file` or a ``Path``, whether or not the file exists;
    * ``bytes`` are the content of a file (its encoding is detected).

    Anything else raises :class:`InputTypeError`."""
    if isinstance(article, os.PathLike):
        return analyze_file(article, format=format, pipeline=pipeline, options=options)
    if isinstance(article, bytes | bytearray):
        options = _options(pipeline, options)
        if len(article) > options.max_bytes:
            raise InputTooLargeError("<bytes>", len(article), options.max_bytes)
        items = read_bytes(bytes(article), "<bytes>", format=format)
        return _analyze_one(items, "<bytes>", pipeline, options)
    if not isinstance(article, str):
        raise InputTypeError("analyze", "article", "str, bytes or os.PathLike", article)
    if looks_like_a_path(article):
        raise InputError(
            _shown(article),
            "looks like a file name, not an article: analyze() reads only a pathlib.Path; "
            "use presswatch.analyze_file(name) to read a file, or analyze_text() for a text",
        )
    return analyze_text(article, format=format, pipeline=pipeline, options=options)


#: The file extensions a one-line "text" must not end with (it is a file name).
_PATH_SUFFIX = re.compile(
    r"\.(?:txt|text|md|json|jsonl|ndjson|html?|xhtml|xml|warc|gz|csv|tsv|rss|atom)\Z",
    re.IGNORECASE,
)
_PATH_SHAPE = re.compile(r"\A(?:~|\.{1,2})?[/\\]\S*\Z|\A[A-Za-z]:[/\\]\S*\Z|\A\S+\.\w{1,5}\Z")


def looks_like_a_path(text: str) -> bool:
    """True for a string that is a file name rather than an article: one
    short line ending in a file extension, or shaped like a path."""
    if "\n" in text or len(text) > 4096:
        return False
    candidate = text.strip()
    if _PATH_SUFFIX.search(candidate):
        return True
    return bool(_PATH_SHAPE.match(candidate)) and " " not in candidate


def _shown(text: str) -> str:
    return repr(text if len(text) <= 80 else text[:77] + "...")


def _options(pipeline: Pipeline | None, options: Options | None) -> Options:
    if options is not None:
        return options
    return pipeline.options if pipeline is not None else Options()


def _pipeline_for(pipeline: Pipeline | None, options: Options) -> Pipeline:
    if pipeline is not None:
        return pipeline
    return default_pipeline() if options == Options() else Pipeline.default(options)


def _analyze_one(
    items: Iterable[Article | InputError], source: str, pipeline: Pipeline | None, options: Options
) -> Article:
    found = list(items)
    if len(found) != 1:
        raise InputError(source, f"holds {len(found)} articles; use analyze_paths() for several")
    item = found[0]
    if isinstance(item, InputError):
        raise item
    return analyze_article(item, _pipeline_for(pipeline, options))


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
    stays bounded by the batch; inputs larger than ``options.max_bytes`` and
    articles longer than ``options.max_chars`` fail. ``report`` (if given)
    is updated as items are yielded::

        for item in analyze_paths(["inbox/"]):
            if isinstance(item, Failure):
                print("skipped", item.source, item.message)
            else:
                print(item.title, len(item.quotes))
    """
    if isinstance(paths, str | bytes | os.PathLike):
        raise InputTypeError("analyze_paths", "paths", "a list of paths", paths)
    options = _options(pipeline, options)
    return analyze_articles(
        read_inputs(paths, max_bytes=options.max_bytes),
        pipeline=pipeline,
        options=options,
        report=report,
    )


def analyze_articles(
    items: Iterable[Article | Failure],
    *,
    pipeline: Pipeline | None = None,
    options: Options | None = None,
    report: BatchReport | None = None,
) -> Iterator[Article | Failure]:
    """Analyse articles already read (failures pass through), in batches, as
    :func:`analyze_paths` does."""
    options = _options(pipeline, options)
    report = report if report is not None else BatchReport()
    pipeline = _pipeline_for(pipeline, options)
    pending: list[Article | Failure] = []
    waiting = 0
    for item in items:
        pending.append(item)
        waiting += isinstance(item, Article)
        if waiting >= options.batch_size:
            yield from _flush(pending, pipeline, report)
            pending, waiting = [], 0
    yield from _flush(pending, pipeline, report)


def read_inputs(
    paths: Iterable[str | os.PathLike[str]], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Article | Failure]:
    """The articles of every file of ``paths`` as read (not analysed), and a
    :class:`Failure` for each input that cannot be read."""
    for path in paths:
        if not isinstance(path, str | os.PathLike):
            yield Failure(repr(path)[:80], f"not a path ({type(path).__name__})")
            continue
        for file in iter_inputs(path):
            if isinstance(file, InputError):
                yield Failure(file.source, str(file))
                continue
            try:
                for item in read_path(file, max_bytes=max_bytes):
                    yield Failure(item.source, str(item)) if isinstance(item, InputError) else item
            except PresswatchError as exc:
                yield Failure(str(file), str(exc))


def read_stream(
    stream: BinaryIO, source: str = "<stdin>", *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Article | Failure]:
    """The articles of a byte stream (standard input), read up to
    ``max_bytes``, as :func:`read_inputs` gives those of a file."""
    data = stream.read(max_bytes + 1)
    try:
        if len(data) > max_bytes:
            raise InputTooLargeError(source, len(data), max_bytes)
        for item in read_bytes(data, source):
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
