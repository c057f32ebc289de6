"""The analysis step of ingest: a pure function from a batch of raw articles
to analysed records, with no storage and no shared state.

It is what worker processes run (:mod:`presswatch.ingest.workers`) and what
a distributed engine would map over partitions of a corpus::

    records = analyse_batch(raw_articles)        # list[Record | Problem]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from presswatch.article import INTERNAL_FIELDS, Article
from presswatch.errors import PresswatchError
from presswatch.ingest.fingerprint import canonical_url, content_hash, minhash_signature
from presswatch.pipeline import Pipeline
from presswatch.store.types import Record


@dataclass(frozen=True)
class Problem:
    """An input that could not be read, fetched or analysed (picklable:
    the error is kept as its message)."""

    source: str
    error: str


@dataclass(frozen=True)
class Identity:
    """What identifies a raw article before analysis (for de-duplication)."""

    article_id: str
    canonical_url: str | None
    content_hash: str


def identify(article: Article) -> Identity:
    """The identity of a raw article, as read (before any stage changes its text)."""
    return Identity(article.id, canonical_url(article.url), content_hash(article.text))


def analyse_one(article: Article, pipeline: Pipeline | None = None) -> Record | Problem:
    """Analyse one raw article into a :class:`Record`; a failure becomes a
    :class:`Problem` naming the article and the reason, never an exception."""
    source = article.source or article.url or article.id
    identity = identify(article)
    try:
        from presswatch.api import analyze_article

        analysed = analyze_article(article, pipeline)
        signature = minhash_signature(analysed.text)
    except PresswatchError as exc:
        return Problem(source, str(exc))
    except Exception as exc:  # a bug in a stage must not stop the batch
        return Problem(source, f"analysis failed: {exc!r}")
    for name in INTERNAL_FIELDS:  # working layers (tokens) are never stored: drop them
        setattr(analysed, name, [])  # here, before they cost pickling and serialising
    return Record(analysed, identity.canonical_url, identity.content_hash, signature)


def analyse_batch(
    articles: Sequence[Article], pipeline: Pipeline | None = None
) -> list[Record | Problem]:
    """Analyse raw articles (as readers produce them) with ``pipeline``
    (default: :meth:`Pipeline.default`); one result per article, in order."""
    return [analyse_one(article, pipeline) for article in articles]
