"""Plain text: the first non-empty line is the title, the rest the body."""

from __future__ import annotations

from presswatch.core.article import Article
from presswatch.readers.base import Reader
from presswatch.readers.compose import compose_article, split_blocks


def read_plain(text: str, source: str) -> Article:
    lines = text.lstrip("\ufeff").strip("\n").split("\n")
    title = lines[0]
    return compose_article(
        title=title, body=split_blocks("\n".join(lines[1:])), source=source, format="text"
    )


#: Plain text is what nothing else recognised: it has no ``sniff``.
READER = Reader("text", lambda text, source: [read_plain(text, source)])
