"""JSON output: one object for one article, JSON Lines for several.

The objects follow ``presswatch/outputs/schema/article.schema.json``."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import IO, Any

from presswatch.core.article import Article


def article_json(article: Article, *, indent: int | None = None) -> str:
    return json.dumps(article.to_dict(), ensure_ascii=False, indent=indent)


@cache
def article_schema() -> dict[str, Any]:
    """The JSON Schema of presswatch's article output."""
    text = (
        resources.files("presswatch.outputs.schema")
        .joinpath("article.schema.json")
        .read_text("utf-8")
    )
    data: dict[str, Any] = json.loads(text)
    return data


class JSONWriter:
    """Pretty JSON when the run yields one article, JSON Lines when several."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self._pending: Article | None = None
        self._count = 0

    def write(self, article: Article) -> None:
        self._count += 1
        if self._count == 1:
            self._pending = article
            return
        if self._pending is not None:
            self._line(self._pending)
            self._pending = None
        self._line(article)

    def _line(self, article: Article) -> None:
        self.stream.write(article_json(article) + "\n")

    def close(self) -> None:
        if self._pending is not None:
            self.stream.write(article_json(self._pending, indent=2) + "\n")
            self._pending = None
        self.stream.flush()
