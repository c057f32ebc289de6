"""Features of a found statement, for the statement model that keeps or drops it.

The rules find candidate statements generously (a speech verb with its
object, a quotation with no cue, a colon…); whether the article reports
someone's words there depends on the verb, its tense and negation, who its
subject is, what the complement looks like. :func:`statement_features` names
those facts; the ``statements`` model (:mod:`.model`) weighs them.
"""

from __future__ import annotations

import math

from presswatch.stages.attribution.reported import Statement
from presswatch.stages.attribution.speakers import Speaker
from presswatch.stages.attribution.view import QUOTE_MARKS, ArticleView


def statement_features(
    view: ArticleView, statement: Statement, speaker: Speaker | None, form: str
) -> dict[str, float]:
    """Named facts about a statement found by the rules."""
    features: dict[str, float] = {"bias": 1.0, f"form={form}": 1.0, f"kind={statement.kind}": 1.0}
    start, end = statement.parts[0][0], statement.parts[-1][1]
    first = view.token_at(start)
    last = max(first, view.token_at(end) - 1)
    words = max(1, last - first + 1)
    features[f"words={_bin(words)}"] = 1.0
    features["words_log"] = math.log1p(words)
    features[f"form={form}&words={_bin(words)}"] = 1.0
    _content_features(view, first, last, start, end, features)
    _speaker_features(speaker, form, features)
    if statement.cue[0] >= 0:
        _cue_features(view, statement.cue[0], statement.cue[1], form, features)
    else:
        features["no_cue"] = 1.0
    sentence_start, sentence_end = view.sentence_of(min(first, len(view.tokens) - 1))
    if any(t.text == "?" for t in view.tokens[sentence_start:sentence_end]):
        features["question"] = 1.0
    paragraph = view.article.paragraph_at(start)
    if paragraph is not None and view.article.paragraphs[paragraph].kind in ("title", "heading"):
        features["in_title"] = 1.0
    return features


def _bin(words: int) -> str:
    for limit in (2, 4, 8, 16, 32):
        if words <= limit:
            return str(limit)
    return "many"


def _content_features(
    view: ArticleView, first: int, last: int, start: int, end: int, features: dict[str, float]
) -> None:
    tokens = view.tokens[first : last + 1]
    if any(t.pos in ("VERB", "AUX") and t.feature("VerbForm") == "Fin" for t in tokens):
        features["content_finite_verb"] = 1.0
    quoted = sum(1 for t in tokens if t.start in view.quoted)
    if tokens and quoted == len(tokens):
        features["content_all_quoted"] = 1.0
    elif quoted:
        features["content_partly_quoted"] = 1.0
    if any(t.text in QUOTE_MARKS for t in tokens):
        features["content_has_marks"] = 1.0
    text = view.text[start:end]
    if text[:1].isupper():
        features["content_capitalised"] = 1.0
    if any(t.ent >= 0 and view.article.entities[t.ent].label == "PER" for t in tokens):
        features["content_names_person"] = 1.0
    if tokens and tokens[0].pos in ("NOUN", "PROPN", "DET"):
        features["content_starts_nominal"] = 1.0


def _speaker_features(speaker: Speaker | None, form: str, features: dict[str, float]) -> None:
    if speaker is None:
        features["speaker=none"] = 1.0
        features[f"speaker=none&form={form}"] = 1.0
        return
    kind = speaker.kind or "other"
    features[f"speaker_kind={kind}"] = 1.0
    features[f"speaker_type={speaker.type}"] = 1.0
    features[f"speaker_type={speaker.type}&form={form}"] = 1.0
    if speaker.name is None:
        features["speaker_unnamed"] = 1.0


def _cue_features(
    view: ArticleView, cue_first: int, cue_last: int, form: str, features: dict[str, float]
) -> None:
    verb = view.tokens[cue_last]
    entry = view.speech_verb(cue_last, by_form=True)
    if entry is not None:
        features[f"verb={entry.lemma}"] = 1.0
        features[f"verb={entry.lemma}&form={form}"] = 1.0
    for name in ("Tense", "Mood", "VerbForm"):
        value = verb.feature(name)
        if value:
            features[f"verb_{name}={value}"] = 1.0
    if _negated(view, cue_first, cue_last):
        features["negated"] = 1.0
    if any(t.pos == "AUX" and t.lemma == "être" for t in view.tokens[cue_first:cue_last]):
        features["passive_or_reflexive"] = 1.0


def _negated(view: ArticleView, first: int, last: int) -> bool:
    """ "n'a pas dit", "ne dit jamais": a negated cue."""
    words = view.words
    sentence_start, sentence_end = view.sentence_of(last)
    before = view.folded_texts[max(sentence_start, first - 3) : last + 1]
    after = view.folded_texts[last + 1 : min(sentence_end, last + 3)]
    return any(w in words.negation_particles for w in before) and any(
        w in words.negation_words for w in before + after
    )
