"""French word lists from this folder's data files, and the French
morphology they need (regular verb endings, adjective endings)."""

from __future__ import annotations

from collections.abc import Iterator

from presswatch.lang.parts import Lexicon

_ER_ENDINGS = ("e", "ent", "a", "ait", "aient", "era", "erait", "é", "ée", "és", "ées", "ons")
_IR_ENDINGS = ("it", "issent", "issait", "ira", "i", "ie", "is")


def inflect(lemma: str) -> Iterator[str]:
    """Regular third-person and participle forms of a folded -er or -ir verb."""
    stem = lemma[:-2]
    if lemma.endswith("er"):
        for ending in _ER_ENDINGS:
            yield stem + ending
    elif lemma.endswith("ir"):
        for ending in _IR_ENDINGS:
            yield stem + ending


def nationality_keys(word: str) -> tuple[str, ...]:
    """The masculine singular a folded nationality adjective may come from
    ("américaines" -> "americain")."""
    return (
        word,
        word.removesuffix("s"),
        word.removesuffix("es"),
        word.removesuffix("nes"),
        word.removesuffix("e"),
    )


LEXICON = Lexicon("presswatch.lang.fr", inflect=inflect, nationality_keys=nationality_keys)
