"""Which language a text is in: lingua, restricted to the known languages,
and a shortcut from each language's function words.

Used by the language stage (article and paragraphs), by repair (to judge
glued words with the right word list) and by the readers (to choose between
candidate decodings of a file)."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from presswatch.lang import LANGUAGES, language_codes

#: Function-word shortcut: a text is clearly in a language when at least
#: MIN_FUNCTION_SHARE of its words (and at least MIN_FUNCTION_HITS words) are
#: among that language's function words (:data:`presswatch.lang.pack.FUNCTION_WORDS`
#: most frequent words), and that share is FUNCTION_MARGIN times the share
#: of any other language's. It covers 89% of the SemEval training paragraphs
#: in French (62-92% in the other five languages); on the paragraphs of 30
#: articles per language it never claims one that lingua assigns to another
#: language (tests/test_language.py).
MIN_FUNCTION_SHARE = 0.2
MIN_FUNCTION_HITS = 3
FUNCTION_MARGIN = 1.5
_WORD = re.compile(r"\w+")


@cache
def _detector(low_accuracy: bool = False) -> Any:
    """lingua, restricted to the known languages (fast, small models)."""
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [
        Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))
        for code in language_codes()
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
    """Each known language's function words, from its pack."""
    return {code: pack.function_words for code, pack in LANGUAGES.items()}


def clearly_in(text: str, language: str) -> bool:
    """Whether ``text``'s function words are clearly those of ``language``
    (see :data:`MIN_FUNCTION_SHARE`); False means "ask lingua", not "another language"."""
    return language in _function_words() and clear_language(text) == language


def clear_language(text: str) -> str | None:
    """The language whose function words clearly dominate ``text`` (see
    :data:`MIN_FUNCTION_SHARE`), or ``None``. At most one language can: each
    must have :data:`FUNCTION_MARGIN` (> 1) times the hits of every other."""
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


def leading_language(text: str) -> str | None:
    """The language with strictly the most function words in ``text`` (at
    least :data:`MIN_FUNCTION_HITS`), or ``None``: a weaker signal than
    :func:`clear_language`, to be confirmed by another one."""
    hits, _ = _function_word_hits(text)
    ranked = sorted(hits.items(), key=lambda item: -item[1])
    if len(ranked) < 2 or ranked[0][1] < MIN_FUNCTION_HITS or ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]


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
