"""What a source yields for each article it holds."""

from __future__ import annotations

from dataclasses import dataclass

from presswatch.core.article import Article
from presswatch.core.errors import Failure


@dataclass(frozen=True)
class Skipped:
    """An article not read again because its URL is already stored."""

    source: str


#: A raw article to analyse, an input that failed, or one already stored.
Item = Article | Failure | Skipped
