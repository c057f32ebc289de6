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
    #: For a statement without a speaker mention, the subject of the verb before it.
    clause_subject: Speaker | None = None


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


@dataclass(frozen=True)
class _Mention:
    entity: Entity
    first: int  # first token
    sentence: int
    subject: bool


@dataclass
class _Index:
    """Entity mentions outside quotation marks, computed once per article."""

    mentions: list[_Mention]
    counts: dict[str, int]
    person_rank: dict[str, int]
    subjects: dict[int, list[str]]  # sentence -> canonical names of its subjects


def _index(view: ArticleView) -> _Index:
    found = view.cache.get("ranking")
    if isinstance(found, _Index):
        return found
    mentions = []
    counts: dict[str, int] = {}
    subjects: dict[int, list[str]] = {}
    for entity in view.article.entities:
        if entity.label not in ("PER", "ORG", "LOC", "MISC") or entity.start in view.quoted:
            continue
        first = view.token_at(entity.start)
        if first >= len(view.tokens):
            continue
        subject = is_subject(view, first)
        sentence = view.tokens[first].sent
        mentions.append(_Mention(entity, first, sentence, subject))
        counts[entity.canonical] = counts.get(entity.canonical, 0) + 1
        if subject:
            subjects.setdefault(sentence, []).append(entity.canonical)
    persons = sorted(  # ties in the order of first mention (never a set's order)
        dict.fromkeys(m.entity.canonical for m in mentions if m.entity.label == "PER"),
        key=lambda name: -counts[name],
    )
    index = _Index(mentions, counts, {name: rank for rank, name in enumerate(persons)}, subjects)
    view.cache["ranking"] = index
    return index


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
    subject = context.clause_subject
    if subject is not None and (subject.name or subject.type == "vague"):
        add(subject.name or subject.mention, subject.type, "clause_subject")
    index = _index(view)
    for mention in _window(view, index, context):
        candidate = add(mention.entity.canonical, entity_source_type(mention.entity), "window")
        candidate.entity = candidate.entity or mention.entity
        candidate.mentions.append(mention.first)
    for candidate in found.values():
        if candidate.entity is None and candidate.name:
            candidate.entity = _entity_named(view, index, candidate.name)
        candidate.features = _features(view, index, context, candidate)
    return [c for c in found.values() if not _disagrees_in_number(view, context, c)]


def _disagrees_in_number(view: ArticleView, context: Context, candidate: Candidate) -> bool:
    """A plural pronoun ("ils", "ceux") never designates one named person."""
    if context.mention_kind != "pronoun" or context.mention is None or "rule" in candidate.sources:
        return False
    word = view.folded(context.mention[0])
    plural = word in view.words.plural_pronouns or word in view.words.plural_possessives
    return plural and candidate.entity is not None and candidate.entity.label == "PER"


def _window(view: ArticleView, index: _Index, context: Context) -> list[_Mention]:
    """Entity mentions that may be the speaker: in the statement's sentence
    and the :data:`WINDOW_SENTENCES` before it, outside quotation marks and
    outside the statement's content."""
    anchor_sentence = view.tokens[context.anchor].sent
    content_first = view.token_at(context.start)
    last_sentence = anchor_sentence
    if content_first < len(view.tokens):
        last_sentence = max(last_sentence, view.tokens[content_first].sent)
    return [
        m
        for m in index.mentions
        if anchor_sentence - WINDOW_SENTENCES <= m.sentence <= last_sentence
        and not context.start <= m.entity.start < context.end
    ]


def _entity_named(view: ArticleView, index: _Index, name: str) -> Entity | None:
    for mention in index.mentions:
        if mention.entity.canonical == name:
            return mention.entity
    return None


# -- features -------------------------------------------------------------------------


def _features(
    view: ArticleView, index: _Index, context: Context, candidate: Candidate
) -> dict[str, float]:
    features: dict[str, float] = {}
    mention_kind = context.mention_kind or "none"
    if "none" in candidate.sources:
        features["none"] = 1.0
        features[f"none&kind={context.kind}"] = 1.0
        features[f"none&form={context.form}"] = 1.0
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
        if candidate.entity is None and mention_kind == "description":
            features["rule_unresolved_description"] = 1.0
    if context.continuation and "previous1" in candidate.sources:
        features["previous1&continuation"] = 1.0
        features[f"previous1&form={context.form}"] = 1.0
    _entity_features(view, index, context, candidate, features)
    _distance_features(view, index, context, candidate, features)
    _agreement_features(view, context, candidate, features)
    _description_features(view, index, context, candidate, features)
    spoken = context.spoken.get(candidate.key, 0)
    if spoken:
        features["spoke_before"] = 1.0
        features["spoke_before_log"] = math.log1p(spoken)
    return features


def _entity_features(
    view: ArticleView,
    index: _Index,
    context: Context,
    candidate: Candidate,
    features: dict[str, float],
) -> None:
    entity = candidate.entity
    if entity is None:
        features[f"type={candidate.type or 'unknown'}"] = 1.0
        return
    label = entity.label
    mention_kind = context.mention_kind or "none"
    features[f"label={label}"] = 1.0
    features[f"type={entity_source_type(entity)}"] = 1.0
    features[f"label={label}&mention={mention_kind}"] = 1.0
    features["mentions_log"] = math.log1p(index.counts.get(entity.canonical, 0))
    rank = index.person_rank.get(entity.canonical)
    if rank is not None:
        features[f"person_rank={min(rank, 3)}"] = 1.0
        features[f"person_rank={min(rank, 3)}&mention={mention_kind}"] = 1.0
    if context.mention is not None and view.tokens[context.mention[1]].ent >= 0:
        named = view.article.entities[view.tokens[context.mention[1]].ent]
        if named.canonical == entity.canonical:
            features["named_by_mention"] = 1.0


def _distance_features(
    view: ArticleView,
    index: _Index,
    context: Context,
    candidate: Candidate,
    features: dict[str, float],
) -> None:
    anchor = context.anchor
    anchor_sentence = view.tokens[anchor].sent
    name = candidate.entity.canonical if candidate.entity is not None else None
    if name is not None:
        if name in index.subjects.get(anchor_sentence, ()):
            features["subject_of_anchor_sentence"] = 1.0
            features[f"subject_of_anchor_sentence&mention={context.mention_kind or 'none'}"] = 1.0
        if name in index.subjects.get(anchor_sentence - 1, ()):
            features["subject_of_previous_sentence"] = 1.0
    if not candidate.mentions:
        features["not_in_window"] = 1.0
        return
    before = [m for m in candidate.mentions if m < anchor]
    after = [m for m in candidate.mentions if m >= anchor]
    nearest = max(before) if before else min(after)
    sentences = anchor_sentence - view.tokens[nearest].sent
    bucket = min(max(sentences, 0), 4)
    features[f"sentences={bucket}"] = 1.0
    features["tokens_log"] = math.log1p(abs(anchor - nearest))
    if after and view.tokens[min(after)].sent == anchor_sentence:
        features["after_in_sentence"] = 1.0
    if any(is_subject(view, m) for m in candidate.mentions):
        features["subject"] = 1.0
    if is_subject(view, nearest):
        features["nearest_is_subject"] = 1.0
        features[f"subject&sentences={bucket}"] = 1.0
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
    if context.mention is None or context.mention_kind not in ("pronoun", "description"):
        return
    index = context.mention[0]
    entity = candidate.entity
    if context.mention_kind == "pronoun":
        word = view.folded(index)
        plural = word in view.words.plural_pronouns or word in view.words.plural_possessives
        features["pronoun_plural" if plural else "pronoun_singular"] = 1.0
        gender = pronoun_gender(view, index)
        if entity is not None:
            features[f"pronoun_{'plural' if plural else 'singular'}&label={entity.label}"] = 1.0
    else:
        gender = _description_gender(view, context.mention)
    if entity is None or gender is None:
        return
    other = entity_gender(view, entity)
    if other:
        agreement = "gender_agrees" if gender == other else "gender_disagrees"
        features[f"{agreement}&mention={context.mention_kind}"] = 1.0


def _description_gender(view: ArticleView, mention: tuple[int, int]) -> str | None:
    first, last = mention
    for token in view.tokens[first : last + 1]:
        if token.pos in ("DET", "NOUN", "ADJ") and token.feature("Gender") == "Fem":
            return "Fem"
        if token.pos == "DET" and token.feature("Gender") == "Masc":
            return "Masc"
    return None


def _description_features(
    view: ArticleView,
    index: _Index,
    context: Context,
    candidate: Candidate,
    features: dict[str, float],
) -> None:
    """A description ("le milliardaire", "la candidate du RN", "le quotidien
    britannique"): its words near the candidate's earlier mentions, its
    determiner, its type against the candidate's."""
    if context.mention is None or context.mention_kind != "description":
        return
    first, last = context.mention
    determiner = view.folded(first) if view.tokens[first].pos == "DET" else ""
    if determiner in view.words.indefinite_determiners:
        features["description_indefinite"] = 1.0
    rule = context.rule
    entity = candidate.entity
    if entity is None:
        return
    if rule is not None:
        features[f"description_type={rule.type}&candidate_type={entity_source_type(entity)}"] = 1.0
    words = {
        fold(t.lemma)
        for t in view.tokens[first : last + 1]
        if t.pos in ("NOUN", "ADJ", "PROPN") and t.ent < 0
    }
    if not words:
        return
    start = view.tokens[first].start
    overlap = 0
    for mention in index.mentions:
        if mention.entity.canonical != entity.canonical or mention.entity.start >= start:
            continue
        near = view.tokens[max(0, mention.first - _ROLE_WINDOW) : mention.first + _ROLE_WINDOW]
        overlap = max(overlap, len(words & {fold(t.lemma) for t in near}))
    if overlap:
        features["role_near_mention"] = 1.0
        features[f"role_overlap={min(overlap, 3)}"] = 1.0
