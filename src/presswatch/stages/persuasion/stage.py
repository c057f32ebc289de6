"""The ``persuasion`` pipeline stage: techniques (with spans), genre, frames."""

from __future__ import annotations

from functools import cache

from presswatch.core.article import Article, Label, Technique
from presswatch.core.pipeline import stage
from presswatch.stages.persuasion.labels import SEMEVAL_LANGUAGES
from presswatch.stages.persuasion.model import default_model
from presswatch.stages.persuasion.predict import ArticleInput, Prediction, Predictor


@cache
def default_predictor() -> Predictor:
    """The shipped model, loaded on first use and kept for the process."""
    return Predictor(default_model())


def detect_persuasion_batch(articles: list[Article]) -> list[Article]:
    """:func:`detect_persuasion` for a batch: the sentence encoder runs once over
    the paragraphs of every article (each article's result is its own)."""
    predictions = default_predictor().predict_many([_input(article) for article in articles])
    return [
        apply(article, prediction)
        for article, prediction in zip(articles, predictions, strict=True)
    ]


@stage(
    "persuasion",
    requires=("paragraphs", "language"),
    provides=("techniques", "genre", "frames"),
    languages=sorted(set(SEMEVAL_LANGUAGES.values())),
    batch=detect_persuasion_batch,
)
def detect_persuasion(article: Article) -> Article:
    """Persuasion techniques per paragraph (with the words that carry them), genre, frames."""
    return apply_prediction(article, default_predictor())


def apply_prediction(article: Article, predictor: Predictor) -> Article:
    return apply(article, predictor.predict(*_input(article)))


def _input(article: Article) -> ArticleInput:
    paragraphs = article.paragraphs
    texts = [article.text[p.start : p.end] for p in paragraphs]
    return texts, [p.kind == "title" for p in paragraphs], article.language


def apply(article: Article, prediction: Prediction) -> Article:
    """Write a prediction into the article (offsets made absolute)."""
    paragraphs = article.paragraphs
    article.techniques = [
        Technique(
            technique=hit.technique,
            paragraph=hit.paragraph,
            start=paragraphs[hit.paragraph].start + hit.start,
            end=paragraphs[hit.paragraph].start + hit.end,
            score=hit.score,
        )
        for hit in prediction.techniques
    ]
    article.genre = Label(*prediction.genre) if prediction.genre else None
    article.frames = [Label(label, score) for label, score in prediction.frames]
    return article
