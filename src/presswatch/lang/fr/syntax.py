"""Which French sentences the NLP stage dependency-parses: those the
attribution rules read, i.e. those with a speech, thought or claim verb."""

from __future__ import annotations

from collections.abc import Sequence

from presswatch.core.article import Token
from presswatch.core.text import fold
from presswatch.lang.fr.lexicon import LEXICON


def parse_selector(tokens: Sequence[Token]) -> bool:
    """Parse sentences that contain a speech, thought or claim verb."""
    verbs = LEXICON.speech_verbs
    forms = LEXICON.speech_verb_forms
    for index, token in enumerate(tokens):
        if token.pos in ("VERB", "AUX") and fold(token.lemma) in verbs:
            return True
        if fold(token.text) in forms and any(
            fold(t.text) in ("que", "qu'") for t in tokens[index + 1 : index + 4]
        ):
            return True  # a speech verb the tagger mislabelled ("Kallas, juge que…")
    return False
