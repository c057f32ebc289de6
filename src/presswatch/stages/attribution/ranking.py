"""Candidate speakers of a statement, and the features the speaker model ranks them by.

The rules resolve a statement's speaker mention as well as they can (see
:mod:`.speakers`); where they plateau — a description ("le milliardaire",
"la candidate du RN") or a pronoun whose antecedent is not the nearest name, a
quotation with no cue that continues someone's words — a trained model ranks
the candidates: the rules' own choice, the people, organisations and media
named in the sentences around (never inside a quotation), the previous
statements' speakers, the description itself as an unnamed source, and no
speaker at all. Each candidate gets a small set of named features (distance,
syntactic position, entity type, agreement with a pronoun, role words near
its earlier mentions…); :mod:`.model` scores them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from presswatch.core.article import Entity, SourceType
from presswatch.core.text import fold
from presswatch.stages.attribution.antecedents import (
    entity_gender,
    is_subject,
    pronoun_gender,
)
from presswatch.stages.attribution.speakers import Speaker, entity_source_type
from presswatch.stages.attribution.view import ArticleView

#: Sentences before the statement (or its cue) where candidates are looked for.
WINDOW_SENTENCES = 5
_ROLE_WINDOW = 6


@dataclass
class Context:
    """What the features of one statement's candidates need to know."""

    kind: str  # direct, indirect, according_to
    form: str  # how the statement was found (que, object, quote-after, …)
    anchor: int  # first token of the cue, else of the statement
    start: int  # character range of the content
    end: int
    rule: Speaker | None  # the rules' resolution of the mention
    mention: tuple[int, int] | None  # token range of the speaker mention
    mention_kind: str  # name, title_name, pronoun, description, "" (none)
    continuation: bool  # a quotation with no cue
    previous: list[str]  # names of earlier statements' speakers, most recent first
    spoken: dict[str, int]  # statements attributed so far, by folded name


@dataclass
class Candidate:
    name: str | None
    type: SourceType | None
    entity: Entity | None = None
    mentions: list[int] = field(default_factory=list)  # first tokens, outside quotations
    sources: set[str] = field(default_factory=set)
    features: dict[str, float] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return fold(self.name) if self.name else ""


def candidates(view: ArticleView, context: Context) -> list[Candidate]:
    """The candidates for one statement, each with its features."""
    found: dict[str, Candidate] = {}

    def add(name: str | None, type_: SourceType | None, source: str) -> Candidate:
        key = fold(name) if name else ""
        candidate = found.get(key)
        if candidate is None:
            candidate = found[key] = Candidate(name, type_)
        if candidate.type is None:
            candidate.type = type_
        candidate.sources.add(source)
        return candidate

    add(None, None, "none")
    rule = context.rule
    if rule is not None and rule.name:
        add(rule.name, rule.type, "rule")
    elif rule is not None and rule.type == "vague":
        add(rule.mention, "vague", "rule")
    for rank, name in enumerate(context.previous[:2]):
        add(name, None, f"previous{rank + 1}")
    for entity, first in _window_entities(view, context):
        candidate = add(entity.canonical, entity_source_type(entity), "window")
        candidate.entity = candidate.entity or entity
        candidate.mentions.append(first)
    for candidate in found.values():
        if candidate.entity is None and candidate.name:
            candidate.entity = _entity_named(view, candidate.name)
        candidate.features = _features(view, context, candidate)
    return list(found.values())


def _window_entities(view: ArticleView, context: Context) -> list[tuple[Entity, int]]:
    """Entity mentions that may be the speaker: in the statement's sentence
    and the :data:`WINDOW_SENTENCES` before it, outside quotation marks and
    outside the statement's content."""
    anchor_sentence = view.tokens[context.anchor].sent
    content_first = view.token_at(context.start)
    last_sentence = anchor_sentence
    if content_first < len(view.tokens):
        last_sentence = max(last_sentence, view.tokens[content_first].sent)
    result = []
    for entity in view.article.entities:
        if entity.label not in ("PER", "ORG", "LOC", "MISC"):
            continue
        first = view.token_at(entity.start)
        if first >= len(view.tokens):
            continue
        sentence = view.tokens[first].sent
        if sentence > last_sentence or anchor_sentence - sentence > WINDOW_SENTENCES:
            continue
        if entity.start in view.quoted or context.start <= entity.start < context.end:
            continue
        result.append((entity, first))
    return result


def _entity_named(view: ArticleView, name: str) -> Entity | None:
    for entity in view.article.entities:
        if entity.canonical == name:
            return entity
    return None


# -- features -------------------------------------------------------------------------


def _features(view: ArticleView, context: Context, candidate: Candidate) -> dict[str, float]:
    features: dict[str, float] = {}
    mention_kind = context.mention_kind or "none"
    if "none" in candidate.sources:
        features["none"] = 1.0
        features[f"none&kind={context.kind}"] = 1.0
        features[f"none&mention={mention_kind}"] = 1.0
        if context.continuation:
            features["none&continuation"] = 1.0
        return features
    for source in sorted(candidate.sources):
        features[f"source={source}"] = 1.0
        features[f"source={source}&mention={mention_kind}"] = 1.0
    if "rule" in candidate.sources:
        features[f"rule&kind={context.kind}"] = 1.0
        features[f"rule&form={context.form}"] = 1.0
    if context.continuation and "previous1" in candidate.sources:
        features["previous1&continuation"] = 1.0
    _entity_features(view, context, candidate, features)
    _distance_features(view, context, candidate, features)
    _agreement_features(view, context, candidate, features)
    _role_features(view, context, candidate, features)
    spoken = context.spoken.get(candidate.key, 0)
    if spoken:
        features["spoke_before"] = 1.0
        features["spoke_before_log"] = math.log1p(spoken)
    return features


def _entity_features(
    view: ArticleView, context: Context, candidate: Candidate, features: dict[str, float]
) -> None:
    entity = candidate.entity
    if entity is None:
        features[f"type={candidate.type or 'unknown'}"] = 1.0
        return
    label = entity.label
    features[f"label={label}"] = 1.0
    features[f"type={entity_source_type(entity)}"] = 1.0
    features[f"label={label}&mention={context.mention_kind or 'none'}"] = 1.0
    count = sum(1 for e in view.article.entities if e.canonical == entity.canonical)
    features["mentions_log"] = math.log1p(count)
    if context.mention is not None and view.tokens[context.mention[1]].ent >= 0:
        named = view.article.entities[view.tokens[context.mention[1]].ent]
        if named.canonical == entity.canonical:
            features["named_by_mention"] = 1.0


def _distance_features(
    view: ArticleView, context: Context, candidate: Candidate, features: dict[str, float]
) -> None:
    if not candidate.mentions:
        features["not_in_window"] = 1.0
        return
    anchor = context.anchor
    anchor_sentence = view.tokens[anchor].sent
    before = [m for m in candidate.mentions if m < anchor]
    after = [m for m in candidate.mentions if m >= anchor]
    nearest = max(before) if before else min(after)
    sentences = anchor_sentence - view.tokens[nearest].sent
    features[f"sentences={min(max(sentences, 0), 4)}"] = 1.0
    features["tokens_log"] = math.log1p(abs(anchor - nearest))
    if after and view.tokens[min(after)].sent == anchor_sentence:
        features["after_in_sentence"] = 1.0
    if any(is_subject(view, m) for m in candidate.mentions):
        features["subject"] = 1.0
    if is_subject(view, nearest):
        features["nearest_is_subject"] = 1.0
        features[f"subject&sentences={min(max(sentences, 0), 4)}"] = 1.0
    paragraph = view.article.paragraph_at(view.tokens[anchor].start)
    if view.article.paragraph_at(view.tokens[nearest].start) == paragraph:
        features["same_paragraph"] = 1.0
    closer = _nearer_persons(view, context, nearest)
    features[f"persons_between={min(closer, 3)}"] = 1.0


def _nearer_persons(view: ArticleView, context: Context, nearest: int) -> int:
    """How many other persons are named between the candidate's nearest
    mention and the anchor (outside quotations)."""
    lo, hi = sorted((nearest, context.anchor))
    names = set()
    for token in view.tokens[lo + 1 : hi]:
        if token.ent >= 0 and token.start not in view.quoted:
            entity = view.article.entities[token.ent]
            if entity.label == "PER":
                names.add(entity.canonical)
    return len(names)


def _agreement_features(
    view: ArticleView, context: Context, candidate: Candidate, features: dict[str, float]
) -> None:
    if context.mention is None or context.mention_kind != "pronoun":
        return
    index = context.mention[0]
    plural = view.folded(index) in view.words.plural_pronouns
    features["pronoun_plural" if plural else "pronoun_singular"] = 1.0
    entity = candidate.entity
    if entity is None:
        return
    if not plural and entity.label == "PER":
        features["singular&person"] = 1.0
    gender = pronoun_gender(view, index)
    other = entity_gender(view, entity)
    if gender and other:
        features["gender_agrees" if gender == other else "gender_disagrees"] = 1.0


def _role_features(
    view: ArticleView, context: Context, candidate: Candidate, features: dict[str, float]
) -> None:
    """A description ("le milliardaire", "la candidate du RN") whose head
    noun stood near an earlier mention of the candidate."""
    if context.mention is None or context.mention_kind != "description":
        return
    entity = candidate.entity
    if entity is None:
        return
    first, last = context.mention
    words = {
        fold(t.lemma) for t in view.tokens[first : last + 1] if t.pos in ("NOUN", "ADJ", "PROPN")
    }
    if not words:
        return
    for mention in view.article.entities:
        if mention.canonical != entity.canonical or mention.start >= view.tokens[first].start:
            continue
        index = view.token_at(mention.start)
        near = view.tokens[max(0, index - _ROLE_WINDOW) : index + _ROLE_WINDOW]
        if words & {fold(t.lemma) for t in near}:
            features["role_near_mention"] = 1.0
            return
