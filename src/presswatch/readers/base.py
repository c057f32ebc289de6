"""What a reader is: a named format, a function from decoded text to
articles, and optionally a test that recognises the format."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from presswatch.core.article import Article
from presswatch.core.errors import InputError

#: One item a reader yields: an article, or why one record could not be read.
ReadItem = Article | InputError


@dataclass(frozen=True)
class Reader:
    """A reader of one format.

    ``read(text, source)`` yields the articles of a decoded text (or the
    :class:`InputError` of a record that cannot be read; raising one refuses
    the whole input). ``sniff(head)``, given the first 64 KiB without a BOM,
    says whether the text is in this format; a reader without it is chosen
    only by name (``format=``)."""

    name: str
    read: Callable[[str, str], Iterable[ReadItem]]
    sniff: Callable[[str], bool] | None = None
