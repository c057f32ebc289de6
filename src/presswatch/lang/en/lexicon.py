"""English word lists from this folder's data files, and the English
morphology they need (regular verb endings, plural demonyms)."""

from __future__ import annotations

from collections.abc import Iterator

from presswatch.lang.parts import Lexicon

_VOWELS = "aeiou"


def inflect(lemma: str) -> Iterator[str]:
    """Regular forms of a folded English verb: "-s", "-ed", "-ing" ("warns",
    "warned", "warning"; "denies", "denied"; "stated", "stating"; "admitted")."""
    if lemma.endswith("e"):
        yield from (lemma + "s", lemma + "d", lemma[:-1] + "ing")
        return
    if lemma.endswith("y") and len(lemma) > 1 and lemma[-2] not in _VOWELS:
        yield from (lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing")
        return
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        yield lemma + "es"
    else:
        yield lemma + "s"
    yield from (lemma + "ed", lemma + "ing")
    if (
        len(lemma) >= 3
        and lemma[-1] not in _VOWELS + "wxy"
        and lemma[-2] in _VOWELS
        and lemma[-3] not in _VOWELS
    ):
        yield from (lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing")  # "admitted"


def nationality_keys(word: str) -> tuple[str, ...]:
    """The singular a folded demonym may come from ("americans" -> "american")."""
    return (word, word.removesuffix("s"))


LEXICON = Lexicon("presswatch.lang.en", inflect=inflect, nationality_keys=nationality_keys)
