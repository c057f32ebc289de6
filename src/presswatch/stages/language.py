"""The language stage: the article's language, then each paragraph's
(lingua and function words, :mod:`presswatch.lang.identify`)."""

from __future__ import annotations

from presswatch.core.article import Article
from presswatch.core.pipeline import stage
from presswatch.lang.identify import clearly_in, detect_language, leading_language

#: Paragraphs shorter than this (in words) inherit the article's language.
MIN_PARAGRAPH_WORDS = 6
#: Below this confidence a paragraph inherits the article's language.
MIN_CONFIDENCE = 0.5
#: Characters of the article lingua reads to decide the article's language
#: (lingua's confidence is already 1.0 on 2,000 characters of each of the 158
#: French SemEval training articles; reading more costs time in proportion).
ARTICLE_SAMPLE = 2000


@stage("language", requires=("paragraphs",), provides=("language",))
def identify_language(article: Article) -> Article:
    """Identify the article's language, then each long enough paragraph's.

    A language the article already has (given by a metadata sidecar) is
    kept, with no confidence: it was stated, not identified."""
    if article.language:
        article.language_confidence = None
    else:
        article.language, confidence = article_language(article.text[:ARTICLE_SAMPLE])
        article.language_confidence = round(confidence, 4)
    for paragraph in article.paragraphs:
        paragraph.language = article.language
        text = article.text[paragraph.start : paragraph.end]
        if len(text.split()) < MIN_PARAGRAPH_WORDS or clearly_in(text, article.language or ""):
            continue
        language, confidence = detect_language(text, fast=True)
        if language is not None and confidence >= MIN_CONFIDENCE:
            paragraph.language = language
    return article


def article_language(sample: str) -> tuple[str | None, float]:
    """The language of an article's opening ``sample`` and lingua's confidence.

    When the language with the most function words (:func:`leading_language`)
    is also the one lingua's trigram models find, that is the answer. On a text of more than about 120
    letters lingua's accurate mode uses those same trigram models, so nothing
    changes; on a shorter text the accurate mode loads every n-gram model of
    every known language (about 3.5 s of CPU per process), which is kept for
    the short texts where the two signals disagree or the words say nothing."""
    leader = leading_language(sample)
    if leader is not None:
        language, confidence = detect_language(sample, fast=True)
        if language == leader:
            return language, confidence
    return detect_language(sample)
