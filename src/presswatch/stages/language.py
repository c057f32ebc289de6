"""Language identification (lingua) for the article and each paragraph."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from presswatch.core.article import Article
from presswatch.core.pipeline import stage

#: Languages presswatch tells apart (ISO 639-1). Restricting the set keeps
#: lingua fast and its models small; add codes here to recognise more.
LANGUAGES = (
    "fr", "en", "de", "it", "pl", "ru", "es", "pt", "nl", "uk", "ro", "ca", "ar", "tr",
)  # fmt: skip

#: Paragraphs shorter than this (in words) inherit the article's language.
MIN_PARAGRAPH_WORDS = 6
#: Below this confidence a paragraph inherits the article's language.
MIN_CONFIDENCE = 0.5

#: Function-word shortcut: a paragraph keeps the article's language without
#: running lingua when at least MIN_FUNCTION_SHARE of its words (and at least
#: MIN_FUNCTION_HITS words) are among that language's FUNCTION_WORDS most
#: frequent words, and that share is FUNCTION_MARGIN times the share of any
#: other language's. It covers 89% of the SemEval training paragraphs in
#: French (62-92% in the other five languages); on the paragraphs of 30
#: articles per language it never claims one that lingua assigns to another
#: language (tests/test_language.py).
FUNCTION_WORDS = 50
#: Characters of the article lingua reads to decide the article's language
#: (lingua's confidence is already 1.0 on 2,000 characters of each of the 158
#: French SemEval training articles; reading more costs time in proportion).
ARTICLE_SAMPLE = 2000
MIN_FUNCTION_SHARE = 0.2
MIN_FUNCTION_HITS = 3
FUNCTION_MARGIN = 1.5
_WORD = re.compile(r"\w+")


@cache
def _detector(low_accuracy: bool = False) -> Any:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [
        Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in LANGUAGES
    ]
    builder = LanguageDetectorBuilder.from_languages(*languages)
    if low_accuracy:
        builder = builder.with_low_accuracy_mode()
    return builder.build()


def detect_language(text: str, *, fast: bool = False) -> tuple[str | None, float]:
    """The most likely language of ``text`` (ISO 639-1) and its confidence.

    ``fast`` uses lingua's low-accuracy mode (trigrams only), good enough
    for a paragraph once the article's language is known."""
    if not any(ch.isalpha() for ch in text):
        return None, 0.0
    values = _detector(fast).compute_language_confidence_values(text)
    if not values:
        return None, 0.0
    best = values[0]
    return best.language.iso_code_639_1.name.lower(), float(best.value)


@cache
def _function_words() -> dict[str, frozenset[str]]:
    """Each language's most frequent words, from ``data/function_words.tsv``
    (written from wordfreq by ``scripts/function_words.py``)."""
    from presswatch.lexicon import data_lines

    table = {}
    for line in data_lines("function_words.tsv"):
        code, words = line.split("\t")
        table[code] = frozenset(words.split()[:FUNCTION_WORDS])
    return table


def clearly_in(text: str, language: str) -> bool:
    """Whether ``text``'s function words are clearly those of ``language``
    (see :data:`FUNCTION_WORDS`); False means "ask lingua", not "another language"."""
    return language in _function_words() and clear_language(text) == language


def clear_language(text: str) -> str | None:
    """The language whose function words clearly dominate ``text`` (see
    :data:`FUNCTION_WORDS`), or ``None``. At most one language can: each must
    have :data:`FUNCTION_MARGIN` (> 1) times the hits of every other."""
    hits, words = _function_word_hits(text)
    if not words:
        return None
    for language, own in hits.items():
        rival = max(count for code, count in hits.items() if code != language)
        if (
            own >= MIN_FUNCTION_HITS
            and own >= MIN_FUNCTION_SHARE * words
            and own >= FUNCTION_MARGIN * rival
        ):
            return language
    return None


def _function_word_hits(text: str) -> tuple[dict[str, int], int]:
    """How many of ``text``'s words are function words of each language, and
    how many words it has."""
    index = _function_word_index()
    hits = dict.fromkeys(_function_words(), 0)
    words = _WORD.findall(text)
    for word in words:
        for code in index.get(word.lower(), ()):
            hits[code] += 1
    return hits, len(words)


@cache
def _function_word_index() -> dict[str, tuple[str, ...]]:
    """Function word -> the languages it is a function word of."""
    index: dict[str, tuple[str, ...]] = {}
    for code, words in _function_words().items():
        for word in words:
            index[word] = (*index.get(word, ()), code)
    return index


@stage("language", requires=("paragraphs",), provides=("language",))
def identify_language(article: Article) -> Article:
    """Identify the article's language, then each long enough paragraph's."""
    sample = article.text[:ARTICLE_SAMPLE]
    article.language, confidence = detect_language(sample)
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
