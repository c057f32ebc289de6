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
converted to UD before scoring (:func:`clear_to_ud`, from the measurements of
issue 13): UAS after conversion is the parse metric; LAS maps ClearNLP labels
to UD universal relations and is a lower bound (``fixed``, ``list``,
``nmod:desc``… cannot be recovered). A UD-trained model (French) is scored as
it is.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from presswatch.core.article import Article, Paragraph, Token
from presswatch.core.errors import InputError
from presswatch.lang import language_pack
from presswatch.stages.nlp import NLPStage, load_model

#: POS whose words take "obl"/"advcl" rather than "nmod"/"acl" (UD).
_VERBAL = frozenset({"VERB", "AUX", "ADJ", "ADV"})

#: ClearNLP label (spaCy English) -> UD universal relation, where the conversion leaves it.
CLEAR_TO_UD_LABELS = {
    "ROOT": "root", "nsubj": "nsubj", "nsubjpass": "nsubj", "csubj": "csubj",
    "csubjpass": "csubj", "dobj": "obj", "dative": "iobj", "attr": "obj", "acomp": "xcomp",
    "oprd": "xcomp", "aux": "aux", "auxpass": "aux", "neg": "advmod", "poss": "nmod",
    "predet": "det", "preconj": "cc", "prt": "compound", "quantmod": "advmod", "relcl": "acl",
    "intj": "discourse", "meta": "discourse", "nmod": "nmod", "appos": "appos", "amod": "amod",
    "advmod": "advmod", "advcl": "advcl", "ccomp": "ccomp", "xcomp": "xcomp", "conj": "conj",
    "cc": "cc", "det": "det", "expl": "expl", "mark": "mark", "case": "case",
    "compound": "compound", "nummod": "nummod", "parataxis": "parataxis", "punct": "punct",
    "dep": "dep", "prep": "case", "agent": "case", "pobj": "obl", "pcomp": "advcl",
}  # fmt: skip
#: Labels only ClearNLP-style trees have: their presence selects the conversion.
_CLEAR_LABELS = frozenset({"pobj", "dobj", "nsubjpass", "prep"})


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


# -- ClearNLP trees to UD ----------------------------------------------------------


def clear_to_ud(tokens: Sequence[Token], person: Sequence[bool]) -> tuple[list[int], list[str]]:
    """UD heads (index in ``tokens``, -1 for the root) and universal labels of
    one sentence's ClearNLP-style tree (heads relative to the sentence).
    ``person[i]``: the word is part of a person's name. See the module docstring."""
    tree = _Tree(tokens)
    tree.promote_objects()
    tree.promote_predicates()
    tree.flatten_names(person)
    tree.attach_conjuncts()
    return tree.head, tree.labels()


class _Tree:
    """A sentence's tree being converted: heads, labels, and the labels the
    conversion fixed."""

    def __init__(self, tokens: Sequence[Token]) -> None:
        first = tokens[0].i
        self.tokens = tokens
        self.size = len(tokens)
        self.head = [-1 if t.head == t.i else t.head - first for t in tokens]
        self.dep = [t.dep for t in tokens]
        self.pos = [t.pos for t in tokens]
        self.fixed: list[str | None] = [None] * self.size

    def children(self, index: int) -> list[int]:
        return [j for j in range(self.size) if self.head[j] == index]

    def label(self, index: int) -> str:
        return self.fixed[index] or CLEAR_TO_UD_LABELS.get(self.dep[index], self.dep[index])

    def promote_objects(self) -> None:
        """Adpositions: the object heads the phrase; the adposition becomes case or mark."""
        children = [self.children(i) for i in range(self.size)]
        for adposition in range(self.size):
            objects = [c for c in children[adposition] if self.dep[c] in ("pobj", "pcomp")]
            if not objects or self.dep[adposition] not in (
                "prep", "agent", "dative", "ROOT", "advmod", "conj",
            ):  # fmt: skip
                continue
            obj, head = objects[0], self.head[adposition]
            verbal = head >= 0 and self.pos[head] in _VERBAL
            clausal = self.dep[obj] == "pcomp" and self.pos[obj] in ("VERB", "AUX")
            self.head[obj] = head
            self.fixed[obj] = self._object_label(self.dep[adposition], clausal, verbal)
            if self.dep[adposition] in ("ROOT", "conj"):
                self.dep[obj] = self.dep[adposition]
            self.head[adposition] = obj
            self.fixed[adposition] = "mark" if clausal else "case"
            for other in children[adposition]:
                if other != obj:
                    self.head[other] = obj

    @staticmethod
    def _object_label(adposition_dep: str, clausal: bool, verbal: bool) -> str:
        if adposition_dep == "ROOT":
            return "root"
        if adposition_dep == "conj":
            return "conj"
        if clausal:
            return "advcl" if verbal else "acl"
        return "obl" if verbal else "nmod"

    def promote_predicates(self) -> None:
        """The copula "be" with a nominal, adjectival or prepositional predicate:
        the predicate heads the clause."""
        for copula in range(self.size):
            if self.tokens[copula].lemma != "be" or self.dep[copula] in ("aux", "auxpass"):
                continue
            kids = self.children(copula)
            predicate = self._predicate(copula, kids)
            if predicate is None:
                continue
            self.head[predicate], self.head[copula] = self.head[copula], predicate
            self.fixed[predicate] = self.label(copula)
            self.dep[predicate] = self.dep[copula]
            self.fixed[copula] = "cop"
            for kid in kids:
                if kid != predicate:
                    self.head[kid] = predicate

    def _predicate(self, copula: int, kids: list[int]) -> int | None:
        deps = {self.dep[k] for k in kids}
        if "expl" in deps:
            return None
        predicates = [k for k in kids if self.dep[k] in ("attr", "acomp")]
        if not predicates and not deps & {"dobj", "ccomp", "xcomp", "csubj"}:
            predicates = [k for k in kids if k > copula and self.fixed[k] == "obl"]
        if not predicates and "nsubj" in deps:  # "the answer is that …"
            predicates = [
                k
                for k in kids
                if k > copula
                and self.dep[k] == "ccomp"
                and any(
                    self.dep[m] == "mark" and self.tokens[m].text.lower() == "that"
                    for m in self.children(k)
                )
            ]
        return predicates[0] if predicates else None

    def flatten_names(self, person: Sequence[bool]) -> None:
        """A person's name written as right-headed compounds becomes left-headed ``flat``."""
        for first, last in _runs(person):
            words = list(range(first, last + 1))
            if len(words) < 2 or any(self.pos[i] != "PROPN" for i in words):
                continue
            if not all(self.head[i] in words and self.dep[i] == "compound" for i in words[:-1]):
                continue
            self.head[first], self.fixed[first] = self.head[last], self.fixed[last]
            self.dep[first] = self.dep[last]
            for other in range(self.size):
                if self.head[other] == last and other not in words:
                    self.head[other] = first
            for index in words[1:]:
                self.head[index], self.fixed[index] = first, "flat"

    def attach_conjuncts(self) -> None:
        """Conjuncts hang on the first conjunct; ``cc`` on the conjunct after it."""
        for index in range(self.size):
            if self.label(index) == "conj" and self.head[index] >= 0:
                self.head[index] = self._first_conjunct(self.head[index])
        for index in range(self.size):
            if self.dep[index] == "cc" and self.head[index] >= 0:
                first = self._first_conjunct(self.head[index])
                following = [
                    x
                    for x in range(index + 1, self.size)
                    if self.head[x] == first and self.label(x) == "conj"
                ]
                if following:
                    self.head[index] = following[0]

    def _first_conjunct(self, index: int) -> int:
        for _ in range(self.size):
            if self.head[index] < 0 or self.label(index) != "conj":
                break
            index = self.head[index]
        return index

    def labels(self) -> list[str]:
        result = []
        for index in range(self.size):
            head, dep = self.head[index], self.dep[index]
            if head < 0:
                label = "root"
            elif self.fixed[index]:
                label = str(self.fixed[index])
            elif dep == "attr" and any(self.dep[k] == "expl" for k in self.children(head)):
                label = "nsubj"
            elif dep == "aux" and self.tokens[index].text.lower() == "to":
                label = "mark"
            elif dep == "npadvmod":
                label = "obl" if self.pos[head] in _VERBAL else "nmod"
            else:
                label = CLEAR_TO_UD_LABELS.get(dep, dep)
            result.append(label)
        return result


def _runs(flags: Sequence[bool]) -> Iterator[tuple[int, int]]:
    """(first, last) of each run of true flags."""
    start = None
    for index, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = index
        elif not flag and start is not None:
            yield start, index - 1
            start = None


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
    labels = set(load_model(model).get_pipe("parser").labels)
    scheme = "clear" if _CLEAR_LABELS & labels else "ud"
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
    heads, labels = _ud_trees(article, scores)
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


def _ud_trees(article: Article, scores: TreebankScores) -> tuple[list[int], list[str]]:
    """Every token's UD head (index in the article's tokens, -1 for a root) and label."""
    heads: list[int] = []
    labels: list[str] = []
    for number in range(len(article.sentences)):
        tokens = [t for t in article.tokens if t.sent == number]
        if not tokens:
            continue
        if scores.scheme == "clear":
            person = [t.ent >= 0 and article.entities[t.ent].label == "PER" for t in tokens]
            sentence_heads, sentence_labels = clear_to_ud(tokens, person)
        else:
            sentence_heads, sentence_labels = native_ud(tokens)
        first = tokens[0].i
        heads += [h + first if h >= 0 else -1 for h in sentence_heads]
        labels += sentence_labels
    return heads, labels
