"""Which English sentences the NLP stage dependency-parses: those the
attribution rules read, i.e. those with a speech, thought or claim verb, or
an according-to cue."""

from __future__ import annotations

from collections.abc import Sequence

from presswatch.core.article import Token
from presswatch.lang.en.lexicon import LEXICON

#: Words that cue a statement without a speech verb ("according to", "quoted by").
_CUE_WORDS = frozenset({"according", "quoted", "cited", "interview", "sources"})


def parse_selector(tokens: Sequence[Token]) -> bool:
    """Parse sentences that contain a speech, thought or claim verb, or a cue word."""
    verbs = LEXICON.speech_verbs
    forms = LEXICON.speech_verb_forms
    for token in tokens:
        lemma = token.lemma.lower()
        if token.pos in ("VERB", "AUX") and lemma in verbs:
            return True
        lower = token.text.lower()
        if lower in _CUE_WORDS or (token.pos in ("NOUN", "PROPN") and lower in forms):
            return True  # "according to"; a speech verb the tagger mislabelled
    return False
