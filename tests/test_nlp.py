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


@pytest.mark.parametrize("model", [FRENCH_MODEL, str(language_pack("en").spacy_model)])
def test_nlp_model_without_its_string_table_annotates_like_the_full_load(
    model: str, semeval_dir: Path
) -> None:
    """load_model leaves out the model's string table (vocab/strings.json):
    on SemEval paragraphs in six languages, every token attribute, sentence,
    entity and parse equals that of the model loaded with its strings (same
    ops, numpy's BLAS)."""
    import spacy
    from thinc.api import use_ops

    from presswatch.core.regexcache import cached_compilation

    lean = load_model(model)
    assert len(lean.vocab.strings) < 100_000  # the table (85,000 to 713,000 strings) is not read
    with cached_compilation(), use_ops("numpy", use_blis=False):
        full = spacy.load(model, exclude=["lemmatizer"])
    full.enable_pipe("senter")
    texts = []
    for language in ("en", "fr", "ge", "it", "po", "ru"):
        for path in sorted((semeval_dir / language / "train-articles").glob("*.txt"))[:2]:
            texts += [p for p in path.read_text(encoding="utf-8").split("\n") if p.strip()]

    def annotations(nlp) -> list:
        rows = []
        with nlp.select_pipes(enable=lean.pipe_names):
            for doc in nlp.pipe(texts):
                rows.append([_attributes(t) for t in nlp.get_pipe("parser")(doc)])
        return rows

    assert annotations(lean) == annotations(full)


def _attributes(t) -> tuple:
    """What spaCy says of token ``t``: its annotations and lexical attributes."""
    return (
        *(t.text, t.pos_, t.tag_, str(t.morph), t.dep_, t.head.i, t.is_sent_start),
        *(t.ent_iob_, t.ent_type_, t.norm_, t.shape_, t.prefix_, t.suffix_),
    )


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


@pytest.fixture(scope="module", params=["decoded", "cached"])
def folder_tables(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The French lemmatizer's tables from the model folder: decoded from
    msgpack, and read entry by entry from the disk cache (stages.lookup_cache)."""
    path = Path(load_model(FRENCH_MODEL).path)
    with pytest.MonkeyPatch.context() as patch:
        if request.param == "decoded":
            patch.setenv("PRESSWATCH_CACHE_DIR", "")
        else:
            patch.setenv("PRESSWATCH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
            lemma_tables(path)  # decodes the file and writes the cache entry
        tables = lemma_tables(path)
    assert tables is not None
    cached = not isinstance(tables["lemma_lookup"], dict)
    assert cached == (request.param == "cached")
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


# -- English: a tagger-only model, whose POS and morphology come from its attribute_ruler

ENGLISH_MODEL = str(language_pack("en").spacy_model)
ENGLISH_TEXT = (
    "Prime Minister Boris Johnson told reporters on Monday that the talks  had collapsed, "
    "and Mr Johnson's office said $1.2bn was at stake. Gonna be fine, y'all, ain't it?\n"
    '"We are not going to back down," he added. Let\'s see: I gotta go, they said.'
)


@pytest.fixture(scope="module")
def english_article() -> Article:
    first = ENGLISH_TEXT.index("\n")
    paragraphs = [Paragraph(0, first), Paragraph(first + 1, len(ENGLISH_TEXT))]
    return NLPStage()(Article(ENGLISH_TEXT, paragraphs=paragraphs, language="en"))


@pytest.fixture(scope="module")
def english_spacy():
    """The English model's own components, attribute_ruler and lemmatizer included,
    with the senter instead of the parser (as presswatch segments)."""
    import spacy

    nlp = spacy.load(ENGLISH_MODEL, exclude=["parser"])
    nlp.enable_pipe("senter")
    return nlp


def _copied_annotations(article: Article, nlp) -> tuple[list, list]:
    """(start, text, POS, morphology, lemma) of each word and (start, end) of
    each sentence, as spaCy's components give them."""
    tokens, sentences = [], []
    for paragraph, doc in zip(article.paragraphs, _paragraph_docs(article, nlp), strict=True):
        for token in doc:
            if not token.is_space:
                start = paragraph.start + token.idx
                tokens.append((start, token.text, token.pos_, str(token.morph), token.lemma_))
        for sent in doc.sents:
            words = [t for t in sent if not t.is_space]
            if words:
                start = paragraph.start + words[0].idx
                sentences.append((start, paragraph.start + words[-1].idx + len(words[-1])))
    return tokens, sentences


def test_nlp_english_tokens_have_spacys_pos_morphology_and_lemmas(
    english_article: Article, english_spacy
) -> None:
    """Every word, lemmatised: the attribute_ruler's POS, morphology and fixed
    lemmas ("ai" -> "be", "'s" -> "us"), then the English rule lemmatizer."""
    tokens, sentences = _copied_annotations(english_article, english_spacy)
    got = [(t.start, t.text, t.pos, t.morph, t.lemma) for t in english_article.tokens]
    assert got == tokens
    assert [(s.start, s.end) for s in english_article.sentences] == sentences
    lemmas = {t.text: t.lemma for t in english_article.tokens}
    assert lemmas["told"] == "tell" and lemmas["ai"] == "be" and lemmas["Johnson"] == "Johnson"


def test_nlp_english_entities_take_presswatch_labels(english_article: Article) -> None:
    """OntoNotes labels map to PER/ORG/LOC/MISC; dates and amounts are left to their stages."""
    assert [(e.text, e.label) for e in english_article.entities][:2] == [
        ("Boris Johnson", "PER"),
        ("Johnson", "PER"),
    ]
    assert all(e.label in ("PER", "ORG", "LOC", "MISC") for e in english_article.entities)
    assert "Monday" not in {e.text for e in english_article.entities}


def test_nlp_english_parses_the_speech_sentences_like_spacys_parser_in_ud(
    english_article: Article,
) -> None:
    """The parsed sentences carry spaCy's trees converted to UD by the pack
    (ClearNLP labels such as dobj, pobj or nsubjpass never appear)."""
    from dataclasses import replace

    from presswatch.lang.en.trees import clear_to_ud

    nlp = load_model(ENGLISH_MODEL)
    parser = nlp.get_pipe("parser")
    parsed = [s for s in english_article.sentences if s.parsed]
    assert parsed and len(parsed) < len(english_article.sentences)
    for sentence in parsed:
        paragraph = next(p for p in english_article.paragraphs if p.start <= sentence.start < p.end)
        doc = nlp(english_article.text[paragraph.start : paragraph.end])
        sent = next(s for s in doc.sents if paragraph.start + s.start_char == sentence.start)
        alone = parser(sent.as_doc())
        first = next(t.i for t in english_article.tokens if t.start == sentence.start)
        index = {t.i: n for n, t in enumerate(t for t in alone if not t.is_space)}
        clear = [(first + index[t.head.i], t.dep_) for t in alone if not t.is_space]
        ours = english_article.tokens[first : first + len(clear)]
        spacy_tokens = [replace(t, head=h, dep=d) for t, (h, d) in zip(ours, clear, strict=True)]
        entities = english_article.entities
        person = [t.ent >= 0 and entities[t.ent].label == "PER" for t in ours]
        heads, labels = clear_to_ud(spacy_tokens, person)
        expected = [
            (t.i, "ROOT") if h < 0 else (first + h, label)
            for t, h, label in zip(ours, heads, labels, strict=True)
        ]
        assert [(t.head, t.dep) for t in ours] == expected
        assert not {"dobj", "pobj", "nsubjpass", "prep"} & {t.dep for t in ours}


def test_nlp_english_trees_are_ud() -> None:
    """The copula's predicate heads the clause, the preposition's object heads
    the phrase, a person's name is left-headed (flat), passives keep their subtype."""
    text = (
        "Senator Elizabeth Warren said that the bill was a giveaway to Wall Street. "
        "The bill was criticised by the senator, she said."
    )
    article = NLPStage()(Article(text, paragraphs=[Paragraph(0, len(text))], language="en"))
    word = {t.text: t for t in reversed(article.tokens)}  # first occurrences
    assert (word["was"].head, word["was"].dep) == (word["giveaway"].i, "cop")
    assert (word["to"].head, word["to"].dep) == (word["Street"].i, "case")
    assert (word["Warren"].head, word["Warren"].dep) == (word["Elizabeth"].i, "flat")
    assert (word["Elizabeth"].head, word["Elizabeth"].dep) == (word["said"].i, "nsubj")
    assert word["said"].dep == "ROOT" and word["said"].head == word["said"].i
    passive = [t for t in article.tokens if t.sent == 1]
    subject, agent = passive[1], passive[6]  # "bill", "senator"
    assert (subject.dep, subject.head) == ("nsubj:pass", word["criticised"].i)
    assert (agent.dep, agent.head) == ("obl:agent", word["criticised"].i)


def test_nlp_english_articles_match_spacy_word_for_word(semeval_dir: Path, english_spacy) -> None:
    """Twelve SemEval English articles (every 37th), every word."""
    from presswatch.stages.repair import split_paragraphs

    files = sorted((semeval_dir / "en" / "train-articles").glob("article*.txt"))[::37][:12]
    for path in files:
        text = path.read_text(encoding="utf-8")
        paragraphs = [Paragraph(start, end) for start, end in split_paragraphs(text)]
        article = NLPStage(selector=None)(Article(text, paragraphs=paragraphs, language="en"))
        tokens, _ = _copied_annotations(article, english_spacy)
        assert [(t.start, t.text, t.pos, t.morph, t.lemma) for t in article.tokens] == tokens


_TAGS = ["NN", "NNS", "NNP", "VB", "VBD", "VBZ", "VBP", "VBN", "VBG", "MD", "PRP", "PRP$", "DT",
         "IN", "RB", "JJ", "CD", "_SP", ".", ",", "WDT", "CC", "TO", "UH"]  # fmt: skip
_WORDS = ["the", "a", "that", "is", "'s", "was", "do", "did", "had", "i", "me", "you", "it",
          "her", "not", "n't", "ai", "ca", "gon", "na", "got", "ta", "let", "y'", "all", "c'm",
          "on", "gets", "been", "being", "something", "here", "well", "once", "will", "'d",
          "doin'", "nothin'", "talks", "Johnson", "\n", "but", "if"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_TAGS)), min_size=1, max_size=12)
)
def test_nlp_attribute_rules_apply_like_spacys_attribute_ruler(words_and_tags) -> None:
    """The English model's attribute_ruler patterns, applied without spaCy's
    matcher, give what the ruler gives a tagged, unparsed document."""
    from spacy.tokens import Doc

    from presswatch.stages.nlp import _annotators

    nlp = load_model(ENGLISH_MODEL)
    ruler = nlp.get_pipe("attribute_ruler")
    words = [w for w, _ in words_and_tags]
    tags = [t for _, t in words_and_tags]
    doc = ruler(Doc(nlp.vocab, words=words, tags=tags))
    rules = _annotators(ENGLISH_MODEL).attribute_rules
    assert rules is not None
    got = rules.apply(tags, words, [t.is_space for t in doc])
    expected = [(t.pos_, "" if str(t.morph) == "" else str(t.morph), t.lemma_ or None) for t in doc]
    assert got == expected
