"""The NLP stage against spaCy itself: the token layer copies what the model
says, and the selective parse gives the heads spaCy's parser gives the sentence."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import presswatch
from presswatch.core.article import Article, Paragraph
from presswatch.core.pipeline import Pipeline
from presswatch.lang import language_pack
from presswatch.stages.nlp import NLPStage, RuleLemmas, _entity_spans, lemma_tables, load_model

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "sommet-energie.txt"

TEXT = (
    "Le chancelier Olaf Scholz a affirmé lundi que l'Allemagne ne voulait pas  prendre ce risque. "
    "Le sommet s'est prolongé jusqu'à 23 heures.\n"
    "« Un plafond mal conçu, a-t-il ajouté, mettrait en danger notre approvisionnement. »"
)

#: Loads the language model (or its word vectors): left out of `make test-fast`.
pytestmark = pytest.mark.slow

FRENCH_MODEL = str(language_pack("fr").spacy_model)


@pytest.fixture(scope="module")
def article() -> Article:
    """Paragraphs given as they are, so that whitespace tokens (the double
    space, which the repair stage would collapse) reach the model."""
    first = TEXT.index("\n")
    paragraphs = [Paragraph(0, first), Paragraph(first + 1, len(TEXT))]
    return NLPStage()(Article(TEXT, paragraphs=paragraphs, language="fr"))


@pytest.fixture(scope="module")
def spacy_doc():
    """The same text through the model's own components, attribute_ruler and
    lemmatizer included (what presswatch replaces with cheaper equivalents),
    loaded as spaCy loads it: its products run on thinc's default BLIS, where
    presswatch's run on numpy's BLAS."""
    import spacy

    nlp = spacy.load(FRENCH_MODEL, exclude=["parser"])
    nlp.enable_pipe("senter")
    return nlp


def _paragraph_docs(article: Article, nlp) -> list:
    return [nlp(article.text[p.start : p.end]) for p in article.paragraphs]


def test_nlp_model_multiplies_with_numpy_blas() -> None:
    nlp = load_model(FRENCH_MODEL)
    for name in ("tok2vec", "morphologizer", "senter", "ner", "parser"):
        ops = nlp.get_pipe(name).model.ops
        assert type(ops).__name__ == "NumpyOps" and ops.use_blis is False, name


def test_nlp_tokens_copy_the_model_annotations(article: Article, spacy_doc) -> None:
    expected = []
    for paragraph, doc in zip(article.paragraphs, _paragraph_docs(article, spacy_doc), strict=True):
        for token in doc:
            if token.is_space:
                continue
            lemma = token.lemma_ if token.pos_ in ("VERB", "AUX", "NOUN", "ADJ") else token.lower_
            expected.append(
                (paragraph.start + token.idx, token.text, token.pos_, str(token.morph), lemma)
            )
    got = [(t.start, t.text, t.pos, t.morph, t.lemma) for t in article.tokens]
    assert got == expected
    assert all(article.text[t.start : t.end] == t.text for t in article.tokens)
    assert [t.i for t in article.tokens] == list(range(len(article.tokens)))


def test_nlp_sentences_and_entities_follow_the_model(article: Article, spacy_doc) -> None:
    sentences, entities = [], []
    for paragraph, doc in zip(article.paragraphs, _paragraph_docs(article, spacy_doc), strict=True):
        for sent in doc.sents:
            words = [t for t in sent if not t.is_space]
            if words:
                sentences.append(
                    (
                        paragraph.start + words[0].idx,
                        paragraph.start + words[-1].idx + len(words[-1]),
                    )
                )
        entities += [(paragraph.start + e.start_char, e.label_) for e in doc.ents]
    assert [(s.start, s.end) for s in article.sentences] == sentences
    assert [(e.start, e.label) for e in article.entities] == entities
    for index, entity in enumerate(article.entities):
        inside = [t for t in article.tokens if entity.start <= t.start < entity.end]
        assert inside and all(t.ent == index for t in inside)


def test_nlp_parses_only_the_selected_sentences_like_spacy(article: Article) -> None:
    """Heads and labels equal the parser's on the sentence copied with
    ``Span.as_doc`` (whitespace tokens dropped, heads re-indexed)."""
    nlp = load_model(FRENCH_MODEL)
    parser = nlp.get_pipe("parser")
    parsed = [s for s in article.sentences if s.parsed]
    assert parsed and len(parsed) < len(article.sentences)  # the speech-verb sentences only
    for paragraph in article.paragraphs:
        doc = nlp(article.text[paragraph.start : paragraph.end])
        for sent in doc.sents:
            words = [t for t in sent if not t.is_space]
            if not words:
                continue
            layer = [t for t in article.tokens if t.start == paragraph.start + words[0].idx]
            first = layer[0].i
            sentence = article.sentences[layer[0].sent]
            ours = article.tokens[first : first + len(words)]
            if not sentence.parsed:
                assert all(t.head == -1 and t.dep == "" for t in ours)
                continue
            alone = parser(sent.as_doc())
            index = {t.i: n for n, t in enumerate(t for t in alone if not t.is_space)}
            expected = [(first + index[t.head.i], t.dep_) for t in alone if not t.is_space]
            assert [(t.head, t.dep) for t in ours] == expected


def test_nlp_stage_batches_like_one_by_one() -> None:
    stage = NLPStage()
    texts = [EXAMPLE.read_text(encoding="utf-8"), TEXT]
    before = Pipeline(["repair", "language"])
    one_by_one = [stage(presswatch.analyze(t, pipeline=before)) for t in texts]
    batched = stage.pipe([presswatch.analyze(t, pipeline=before) for t in texts])
    for a, b in zip(one_by_one, batched, strict=True):
        assert a.tokens == b.tokens and a.sentences == b.sentences and a.entities == b.entities


_SEGMENTS = st.lists(
    st.one_of(
        st.just(["O"]),
        st.just([""]),  # missing annotation
        st.tuples(st.sampled_from(["PER", "LOC", "ORG"]), st.integers(1, 3)).map(
            lambda e: [f"B-{e[0]}"] + [f"I-{e[0]}"] * (e[1] - 1)
        ),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=200, deadline=None)
@given(_SEGMENTS)
def test_nlp_entity_spans_read_iob_like_doc_ents(segments: list[list[str]]) -> None:
    from spacy.attrs import ENT_IOB, ENT_TYPE
    from spacy.tokens import Doc

    tags = [tag for segment in segments for tag in segment]
    vocab = load_model(FRENCH_MODEL).vocab
    doc = Doc(vocab, words=[f"w{i}" for i in range(len(tags))], ents=tags)
    iob, types = doc.to_array([ENT_IOB, ENT_TYPE]).T.tolist()
    expected = [(e.start, e.end, e.label) for e in doc.ents]
    assert _entity_spans(iob, types) == expected


@pytest.fixture(scope="module")
def folder_tables() -> dict:
    tables = lemma_tables(Path(load_model(FRENCH_MODEL).path))
    assert tables is not None
    return tables


def test_nlp_lemma_tables_hold_what_spacy_loads(spacy_doc, folder_tables: dict) -> None:
    """The lemmatizer's tables read from the model folder (load_model leaves
    the lemmatizer out) have exactly the entries of spaCy's own Lookups."""
    lookups = spacy_doc.get_pipe("lemmatizer").lookups
    assert sorted(folder_tables) == sorted(lookups.tables)
    for name, table in folder_tables.items():
        assert table == dict(lookups.get_table(name).items()), name


_WORD_OR_FORM = st.text(alphabet="aàâbcçdeéèêëfghiîïjklmnoôpqrstuùûvwxyz-'", max_size=14)


@settings(max_examples=200, deadline=None)
@given(st.lists(_WORD_OR_FORM, max_size=20), st.sampled_from(["VERB", "AUX", "NOUN", "ADJ"]))
def test_nlp_rule_lemmas_from_the_folder_equal_those_from_spacy_tables(
    spacy_doc, folder_tables: dict, words: list[str], pos: str
) -> None:
    """Lemmas from the plain tables equal lemmas from spaCy's Table objects,
    for invented words and for forms the tables list for ``pos``."""
    lookups = spacy_doc.get_pipe("lemmatizer").lookups
    from_spacy = RuleLemmas({name: lookups.get_table(name) for name in lookups.tables})
    from_folder = RuleLemmas(folder_tables)
    known = list(lookups.get_table("lemma_index").get(pos.lower(), []))[:100]
    known += list(lookups.get_table("lemma_exc").get(pos.lower(), {}))[:100]
    for word in words + known:
        assert from_folder.lemma(word, pos) == from_spacy.lemma(word, pos), (word, pos)
