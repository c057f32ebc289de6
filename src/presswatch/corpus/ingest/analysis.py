"""The analysis step of ingest: a pure function from a batch of raw articles
to analysed records, with no storage and no shared state.

It is what worker processes run (:mod:`presswatch.corpus.ingest.workers`) and what
a distributed engine would map over partitions of a corpus::

    records = analyze_batch(raw_articles)        # list[Record | Failure]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from presswatch.api import default_pipeline
from presswatch.core.article import INTERNAL_FIELDS, Article
from presswatch.core.errors import Failure, PresswatchError
from presswatch.core.pipeline import Pipeline
from presswatch.corpus.fingerprints import canonical_url, content_hash, minhash_signature
from presswatch.corpus.store.types import Record


@dataclass(frozen=True)
class Identity:
    """What identifies a raw article before analysis (for de-duplication)."""

    article_id: str
    canonical_url: str | None
    content_hash: str


def identify(article: Article) -> Identity:
    """The identity of a raw article, as read (before any stage changes its text)."""
    return Identity(article.id, canonical_url(article.url), content_hash(article.text))


def analyze_batch(
    articles: Sequence[Article], pipeline: Pipeline | None = None
) -> list[Record | Failure]:
    """Analyse raw articles (as readers produce them) with ``pipeline``
    (default: :meth:`Pipeline.default`); one result per article, in order.

    The articles go through :meth:`Pipeline.run_many` together (the NLP
    stage is faster on batches); a failing article becomes a
    :class:`Failure` and never stops the others."""
    pipeline = pipeline or default_pipeline()
    identities = [identify(article) for article in articles]  # before stages edit the text
    try:
        outcomes: list[Article | PresswatchError] = list(
            pipeline.run_many(articles, batch_size=max(len(articles), 1))
        )
    except Exception:  # a batch-level bug: analyse one by one so only the culprit fails
        outcomes = [_run_one(article, pipeline) for article in articles]
    return [
        _record(article, identity, outcome)
        for article, identity, outcome in zip(articles, identities, outcomes, strict=True)
    ]


def _run_one(article: Article, pipeline: Pipeline) -> Article | PresswatchError:
    try:
        return pipeline.run(article)
    except PresswatchError as exc:
        return exc
    except Exception as exc:
        return PresswatchError(f"analysis failed: {exc!r}")


def _record(
    article: Article, identity: Identity, outcome: Article | PresswatchError
) -> Record | Failure:
    source = article.source or article.url or article.id
    if isinstance(outcome, PresswatchError):
        return Failure(source, str(outcome))
    try:
        signature = minhash_signature(outcome.text)
    except PresswatchError as exc:
        return Failure(source, str(exc))
    for name in INTERNAL_FIELDS:  # working layers (tokens) are never stored: drop them
        setattr(outcome, name, [])  # here, before they cost pickling and serialising
    return Record(outcome, identity.canonical_url, identity.content_hash, signature)
