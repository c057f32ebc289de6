"""spaCy's English trees in Universal Dependencies.

spaCy's English parser is trained on OntoNotes converted by ClearNLP
(prepositions head their objects, the copula heads its predicate, names are
right-headed compounds); UD, which the attribution rules read (and French
spaCy predicts), puts content words on top. :func:`clear_to_ud` converts one
parsed sentence; the NLP stage applies it to every sentence it parses (the
pack's ``tree_converter``; ``presswatch evaluate nlp`` scores the result
against UD English-EWT, docs/models.md). ``fixed``, ``list``, ``nmod:desc``…
cannot be recovered; passives keep their subtype (``nsubj:pass``,
``aux:pass``, ``obl:agent``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from presswatch.core.article import Token

#: POS whose words take "obl"/"advcl" rather than "nmod"/"acl" (UD).
_VERBAL = frozenset({"VERB", "AUX", "ADJ", "ADV"})

#: ClearNLP label (spaCy English) -> UD universal relation, where the conversion leaves it.
CLEAR_TO_UD_LABELS = {
    "ROOT": "root", "nsubj": "nsubj", "nsubjpass": "nsubj:pass", "csubj": "csubj",
    "csubjpass": "csubj:pass", "dobj": "obj", "dative": "iobj", "attr": "obj", "acomp": "xcomp",
    "oprd": "xcomp", "aux": "aux", "auxpass": "aux:pass", "neg": "advmod", "poss": "nmod",
    "predet": "det", "preconj": "cc", "prt": "compound", "quantmod": "advmod", "relcl": "acl",
    "intj": "discourse", "meta": "discourse", "nmod": "nmod", "appos": "appos", "amod": "amod",
    "advmod": "advmod", "advcl": "advcl", "ccomp": "ccomp", "xcomp": "xcomp", "conj": "conj",
    "cc": "cc", "det": "det", "expl": "expl", "mark": "mark", "case": "case",
    "compound": "compound", "nummod": "nummod", "parataxis": "parataxis", "punct": "punct",
    "dep": "dep", "prep": "case", "agent": "case", "pobj": "obl", "pcomp": "advcl",
}  # fmt: skip

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
        if adposition_dep == "agent":
            return "obl:agent"
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
