"""Builders for corpus tests: analysed-looking articles without the models."""

from __future__ import annotations

from presswatch.core.article import Article, Entity, Label, Quote, Source, Technique
from presswatch.corpus.fingerprints import canonical_url, content_hash, minhash_signature
from presswatch.corpus.store import Record
from presswatch.readers.compose import compose_article


def make_article(
    title: str,
    *paragraphs: str,
    outlet: str | None = None,
    published: str | None = None,
    language: str | None = "fr",
    url: str | None = None,
    speakers: tuple[str, ...] = (),
    sources: tuple[str, ...] = (),
    entities: tuple[str, ...] = (),
    techniques: tuple[str, ...] = (),
    genre: str | None = None,
) -> Article:
    article = compose_article(
        title=title,
        body=list(paragraphs),
        url=url,
        outlet=outlet,
        published=published,
        source=f"test:{title}",
        format="text",
    )
    article.language = language
    article.quotes = [Quote("direct", "…", 0, 1, name, name, "dit") for name in speakers]
    article.sources = [Source(name, "person", 1) for name in sources]
    article.entities = [Entity(name, "MISC", 0, 1, name) for name in entities]
    article.techniques = [Technique(name, 1, 0, 1, 0.9) for name in techniques]
    article.genre = Label(genre, 0.9) if genre else None
    return article


def make_record(article: Article) -> Record:
    return Record(
        article,
        canonical_url(article.url),
        content_hash(article.text),
        minhash_signature(article.text),
    )
