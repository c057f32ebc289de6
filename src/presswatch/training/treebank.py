"""Measure the NLP stage on a Universal Dependencies treebank (CoNLL-U).

``presswatch evaluate nlp --treebank en_ewt-ud-dev.conllu --language en`` runs
the NLP stage as an analysis does (one spaCy document per paragraph, the
senter's sentences, presswatch's own POS and lemma copy) on the treebank's
raw text, every sentence parsed, and scores it the way the CoNLL 2018 shared
task does: words and sentences by exact character spans (precision, recall,
F1), then on the words whose span matches a gold word, the universal POS
and the attachment (a head is right when it is the word aligned with the
gold head; F1 over gold and predicted words).

spaCy's English parser is trained on OntoNotes converted by ClearNLP
(prepositions head their objects, the copula heads its predicate, names are
right-headed compounds); UD puts content words on top. Its trees are
converted to UD by the NLP stage itself (the pack's ``tree_converter``,
:func:`presswatch.lang.en.trees.clear_to_ud`), so the trees scored are those
the attribution rules read: UAS after conversion is the parse metric; LAS
maps ClearNLP labels to UD universal relations and is a lower bound (``fixed``, ``list``,
``nmod:desc``… cannot be recovered). A UD-trained model (French) is scored as
it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from presswatch.core.article import Article, Paragraph, Token
from presswatch.core.errors import InputError
from presswatch.lang import language_pack
from presswatch.stages.nlp import NLPStage

# -- the treebank ----------------------------------------------------------------


@dataclass
class GoldWord:
    form: str
    upos: str
    head: int  # index in the sentence's words; -1 for the root
    deprel: str  # universal part only ("nmod:poss" -> "nmod")
    start: int = -1  # offsets in the paragraph text; -1 inside a multiword token not spelled out
    end: int = -1


@dataclass
class GoldSentence:
    words: list[GoldWord] = field(default_factory=list)
    #: Surface tokens: (form, space after, first word, last word).
    tokens: list[tuple[str, bool, int, int]] = field(default_factory=list)
    start: int = 0
    end: int = 0


@dataclass
class GoldParagraph:
    sentences: list[GoldSentence] = field(default_factory=list)
    text: str = ""


def read_conllu(path: str | Path) -> list[GoldParagraph]:
    """The treebank's paragraphs (``# newdoc`` and ``# newpar`` start one),
    each with its text rebuilt from the surface tokens and ``SpaceAfter=No``."""
    paragraphs: list[GoldParagraph] = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read the treebank ({exc})") from None
    sentence: GoldSentence | None = None
    new_paragraph = True
    for number, line in enumerate(lines, start=1):
        if line.startswith(("# newdoc", "# newpar")):
            new_paragraph = True
        elif line.startswith("#"):
            continue
        elif not line.strip():
            if sentence is not None and sentence.words:
                _add_sentence(paragraphs, sentence, new_paragraph)
                new_paragraph = False
            sentence = None
        else:
            sentence = sentence or GoldSentence()
            _read_word_line(sentence, line, f"{path}:{number}")
    if sentence is not None and sentence.words:
        _add_sentence(paragraphs, sentence, new_paragraph)
    if not paragraphs:
        raise InputError(str(path), "no sentence in the treebank")
    for paragraph in paragraphs:
        _place(paragraph)
    return paragraphs


def _read_word_line(sentence: GoldSentence, line: str, where: str) -> None:
    columns = line.split("\t")
    if len(columns) != 10:
        raise InputError(where, "a CoNLL-U line has 10 tab-separated columns")
    identifier, form, space = columns[0], columns[1], "SpaceAfter=No" not in columns[9]
    if "." in identifier:
        return  # empty node: no part of the basic tree
    if "-" in identifier:
        first, last = (int(x) for x in identifier.split("-"))
        sentence.tokens.append((form, space, first - 1, last - 1))
        return
    index = int(identifier)
    sentence.words.append(GoldWord(form, columns[3], int(columns[6]) - 1, columns[7].split(":")[0]))
    covered = sentence.tokens and sentence.tokens[-1][3] >= index - 1
    if not covered:
        sentence.tokens.append((form, space, index - 1, index - 1))


def _add_sentence(
    paragraphs: list[GoldParagraph], sentence: GoldSentence, new_paragraph: bool
) -> None:
    if new_paragraph or not paragraphs:
        paragraphs.append(GoldParagraph())
    paragraphs[-1].sentences.append(sentence)


def _place(paragraph: GoldParagraph) -> None:
    """Write the paragraph's text and every word's offsets in it."""
    pieces: list[str] = []
    position = 0
    for number, sentence in enumerate(paragraph.sentences):
        if number and paragraph.sentences[number - 1].tokens[-1][1]:
            pieces.append(" ")
            position += 1
        sentence.start = position
        for index, (form, space, first, last) in enumerate(sentence.tokens):
            words = sentence.words[first : last + 1]
            if "".join(w.form for w in words) == form:  # "don't" -> "do" + "n't"
                offset = position
                for word in words:
                    word.start, word.end = offset, offset + len(word.form)
                    offset += len(word.form)
            pieces.append(form)
            position += len(form)
            if space and index < len(sentence.tokens) - 1:
                pieces.append(" ")
                position += 1
        sentence.end = position
    paragraph.text = "".join(pieces)


def native_ud(tokens: Sequence[Token]) -> tuple[list[int], list[str]]:
    """Heads and universal labels of a UD-trained parser, as they are."""
    first = tokens[0].i
    heads = [-1 if t.head == t.i else t.head - first for t in tokens]
    return heads, [
        "root" if h < 0 else t.dep.split(":")[0].lower() for t, h in zip(tokens, heads, strict=True)
    ]


# -- scoring ---------------------------------------------------------------------


@dataclass
class _Counts:
    gold: int = 0
    predicted: int = 0
    correct: int = 0
    aligned: int = 0  # words whose span matches a gold word's

    def summary(self) -> dict[str, float]:
        p = self.correct / self.predicted if self.predicted else 0.0
        r = self.correct / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        result = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}
        if self.aligned:
            result["aligned_accuracy"] = round(self.correct / self.aligned, 4)
        return result


@dataclass
class TreebankScores:
    """Word, sentence, POS and attachment scores (CoNLL 2018 style)."""

    words: _Counts = field(default_factory=_Counts)
    sentences: _Counts = field(default_factory=_Counts)
    upos: _Counts = field(default_factory=_Counts)
    uas: _Counts = field(default_factory=_Counts)
    las: _Counts = field(default_factory=_Counts)
    scheme: str = "ud"
    paragraphs: int = 0

    def summary(self) -> dict[str, Any]:
        return {
            "paragraphs": self.paragraphs,
            "gold_words": self.words.gold,
            "gold_sentences": self.sentences.gold,
            "scheme": self.scheme,
            **{
                name: getattr(self, name).summary()
                for name in ("words", "sentences", "upos", "uas", "las")
            },
        }


def evaluate_treebank(path: str | Path, language: str, *, batch_size: int = 64) -> TreebankScores:
    """Run the NLP stage of ``language`` on the treebank's paragraphs, every
    sentence parsed, and score it."""
    paragraphs = read_conllu(path)
    stage = NLPStage(selector=lambda tokens: True)
    model = language_pack(language).spacy_model
    if model is None:
        raise InputError(language, "no spaCy model for this language")
    scheme = "clear" if language_pack(language).tree_converter is not None else "ud"
    scores = TreebankScores(scheme=scheme, paragraphs=len(paragraphs))
    for start in range(0, len(paragraphs), batch_size):
        chunk = paragraphs[start : start + batch_size]
        articles = [
            Article(p.text, paragraphs=[Paragraph(0, len(p.text))], language=language)
            for p in chunk
        ]
        for gold, article in zip(chunk, stage.pipe(articles), strict=True):
            _score_paragraph(gold, article, scores)
    return scores


def _score_paragraph(gold: GoldParagraph, article: Article, scores: TreebankScores) -> None:
    words = [w for s in gold.sentences for w in s.words if w.start >= 0]
    scores.words.gold += sum(len(s.words) for s in gold.sentences)
    scores.words.predicted += len(article.tokens)
    by_span = {(t.start, t.end): t for t in article.tokens}
    aligned = {id(w): by_span[(w.start, w.end)] for w in words if (w.start, w.end) in by_span}
    scores.words.correct += len(aligned)
    gold_sentences = {(s.start, s.end) for s in gold.sentences}
    predicted_sentences = {(s.start, s.end) for s in article.sentences}
    scores.sentences.gold += len(gold_sentences)
    scores.sentences.predicted += len(predicted_sentences)
    scores.sentences.correct += len(gold_sentences & predicted_sentences)
    heads, labels = _ud_trees(article)
    for counts in (scores.upos, scores.uas, scores.las):
        counts.gold += sum(len(s.words) for s in gold.sentences)
        counts.predicted += len(article.tokens)
        counts.aligned += len(aligned)
    for sentence in gold.sentences:
        for word in sentence.words:
            token = aligned.get(id(word))
            if token is None:
                continue
            scores.upos.correct += token.pos == word.upos
            gold_head = sentence.words[word.head] if word.head >= 0 else None
            if gold_head is None:
                right = heads[token.i] == -1
            else:
                head_token = aligned.get(id(gold_head))
                right = head_token is not None and heads[token.i] == head_token.i
            scores.uas.correct += right
            scores.las.correct += right and labels[token.i] == word.deprel


def _ud_trees(article: Article) -> tuple[list[int], list[str]]:
    """Every token's UD head (index in the article's tokens, -1 for a root) and label."""
    heads: list[int] = []
    labels: list[str] = []
    for number in range(len(article.sentences)):
        tokens = [t for t in article.tokens if t.sent == number]
        if not tokens:
            continue
        sentence_heads, sentence_labels = native_ud(tokens)
        first = tokens[0].i
        heads += [h + first if h >= 0 else -1 for h in sentence_heads]
        labels += sentence_labels
    return heads, labels
