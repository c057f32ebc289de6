"""Antecedents of a speaker pronoun, with gender and number agreement.

"« … », a-t-elle ajouté" names whoever "elle" refers to: a person (or an
organisation) mentioned before, outside quotation marks (a name inside the
quotation is what the speaker talks about, never the speaker), agreeing in
gender when the text tells it ("la ministre X", "Mme X", a given name borne
mostly by women). The subject of a clause is preferred over other names, and
the nearest sentence over earlier ones.
"""

from __future__ import annotations

from dataclasses import dataclass

from presswatch.core.article import Entity, Token
from presswatch.core.text import fold
from presswatch.lang.xx import first_name_gender
from presswatch.stages.attribution.view import ArticleView

#: How many sentences before the pronoun's an antecedent may lie in.
WINDOW_SENTENCES = 4
#: Tokens before a name where a title or determiner tells its gender.
_GENDER_WINDOW = 4


@dataclass(frozen=True)
class Candidate:
    """A possible antecedent: an entity mention outside quotation marks."""

    entity: Entity
    index: int  # first token of the mention
    sentence: int
    subject: bool  # the subject (or in the subject phrase) of its clause


def pronoun_gender(view: ArticleView, index: int) -> str | None:
    token = view.tokens[index]
    if view.folded(index) in view.words.feminine_pronouns:
        return "Fem"
    return token.feature("Gender") or ("Masc" if token.pos == "PRON" else None)


def entity_gender(view: ArticleView, entity: Entity) -> str | None:
    """ "Fem" / "Masc" from how the text introduces the entity ("la
    ministre X", "Mme X", "le président X") or its given name; None when unknown."""
    cache = view.genders
    if entity.canonical in cache:
        return cache[entity.canonical]
    gender = None
    if entity.label == "PER":
        for mention in view.article.entities:
            if mention.canonical == entity.canonical:
                gender = _gender_before(view, view.token_at(mention.start))
                if gender:
                    break
        if gender is None:
            gender = first_name_gender(entity.canonical.split()[0])
    else:
        gender = _organisation_gender(view, entity)
    cache[entity.canonical] = gender
    return gender


def _gender_before(view: ArticleView, index: int) -> str | None:
    """The gender a title or determiner right before a name gives it."""
    words = view.words
    for position in range(index - 1, max(-1, index - _GENDER_WINDOW - 1), -1):
        token = view.tokens[position]
        word = view.folded(position)
        if word in words.feminine_titles:
            return "Fem"
        if word in words.masculine_titles:
            return "Masc"
        if token.pos in ("DET", "NOUN") and token.feature("Gender"):
            if token.pos == "NOUN" and token.feature("Gender") != "Fem":
                continue  # epicene titles ("ministre") are tagged masculine by default
            return token.feature("Gender")
        if token.pos not in ("ADJ", "NOUN", "PROPN", "DET") and token.text != ",":
            return None
    return None


def _organisation_gender(view: ArticleView, entity: Entity) -> str | None:
    index = view.token_at(entity.start)
    if index > 0 and view.tokens[index - 1].pos == "DET":
        return view.tokens[index - 1].feature("Gender")
    first = view.tokens[index] if index < len(view.tokens) else None
    return first.feature("Gender") if first is not None else None


def candidates(view: ArticleView, index: int) -> list[Candidate]:
    """Entity mentions before token ``index``, most recent first, within
    :data:`WINDOW_SENTENCES` sentences, outside quotation marks."""
    sentence = view.tokens[index].sent
    found: list[Candidate] = []
    start = view.tokens[index].start
    for entity in reversed(view.article.entities):
        if entity.end > start:
            continue
        first = view.token_at(entity.start)
        if first >= len(view.tokens):
            continue
        here = view.tokens[first].sent
        if sentence - here > WINDOW_SENTENCES:
            break
        if entity.start in view.quoted or entity.label not in ("PER", "ORG", "LOC", "MISC"):
            continue
        found.append(Candidate(entity, first, here, is_subject(view, first)))
    return found


def is_subject(view: ArticleView, index: int) -> bool:
    """The mention at token ``index`` is (in) the subject of its clause: the
    parse says so, or it stands before the clause's first finite verb and is
    not a complement ("le maire de Lyon, Jean Dupont, a dit": Jean Dupont,
    not Lyon). Remembered per article."""
    known = view.cache.setdefault("is_subject", {})
    assert isinstance(known, dict)
    if index not in known:
        known[index] = _is_subject(view, index)
    return bool(known[index])


def _is_subject(view: ArticleView, index: int) -> bool:
    token = view.tokens[index]
    if token.dep.startswith("nsubj"):
        return True
    if view.is_parsed(index) and token.dep in ("appos", "flat:name", "flat"):
        head = view.tokens[token.head]
        return head.dep.startswith("nsubj") or (head.dep == "appos" and head.i != index)
    if index > 0 and view.folded(index - 1) in view.words.of_words:
        return False
    sentence_start, sentence_end = view.sentence_of(index)
    for position in range(sentence_start, index):
        if view.tokens[position].pos in ("VERB", "AUX") and (
            view.tokens[position].feature("VerbForm") == "Fin"
        ):
            return False
        if view.tokens[position].text in (";", ":"):
            return False
    for position in range(index + 1, min(sentence_end, index + 12)):
        if view.tokens[position].pos in ("VERB", "AUX") and (
            view.tokens[position].feature("VerbForm") == "Fin"
        ):
            return True
    return False


def agrees(view: ArticleView, entity: Entity, gender: str | None, person: bool) -> bool:
    """The entity can be what a singular pronoun of ``gender`` refers to
    (``person``: only persons)."""
    if person and entity.label != "PER":
        return False
    if gender is None:
        return True
    other = entity_gender(view, entity)
    return other is None or other == gender


def singular_antecedent(view: ArticleView, index: int, depth: int = 0) -> Entity | None:
    """The entity a singular pronoun at token ``index`` most likely refers
    to: in the nearest sentence that has one, an agreeing subject, else the
    most recent agreeing person. A subject pronoun of the same gender in a
    more recent sentence than any such subject continues a chain ("Le
    discours de X … Il chante les louanges des armes fabriquées par Y. Il
    dénonce…"): the pronoun refers to what that one refers to."""
    gender = pronoun_gender(view, index)
    found = candidates(view, index)
    chained = _chained_pronoun(view, index, gender) if depth < _MAX_CHAIN else None
    fallback: Entity | None = None
    organisation: Entity | None = None
    for sentence in sorted({c.sentence for c in found}, reverse=True):
        if chained is not None and view.tokens[chained].sent > sentence:
            break
        here = [c for c in found if c.sentence == sentence]
        subjects = [
            c for c in reversed(here) if c.subject and agrees(view, c.entity, gender, False)
        ]
        persons = [c for c in subjects if c.entity.label == "PER"]
        if persons:
            return persons[0].entity
        if subjects and organisation is None:
            organisation = subjects[0].entity
        if fallback is None:
            fallback = next((c.entity for c in here if agrees(view, c.entity, gender, True)), None)
    if chained is not None:
        earlier = singular_antecedent(view, chained, depth + 1)
        if earlier is not None:
            return earlier
    return fallback or organisation


#: How many subject pronouns a chain may go back through.
_MAX_CHAIN = 3


def _chained_pronoun(view: ArticleView, index: int, gender: str | None) -> int | None:
    """The nearest subject pronoun before token ``index``, in an earlier
    sentence within the window, of the same gender, outside quotation marks
    and not impersonal ("il faut", "il y a")."""
    sentence = view.tokens[index].sent
    start, _ = view.sentence_of(index)
    for position in range(start - 1, -1, -1):
        token = view.tokens[position]
        if sentence - token.sent > WINDOW_SENTENCES:
            return None
        word = view.folded(position).lstrip("-")
        if word not in ("il", "elle") or not _subject_pronoun(view, position):
            continue
        if token.start in view.quoted or pronoun_gender(view, position) != gender:
            continue
        if _impersonal(view, token):
            continue
        return position
    return None


def _subject_pronoun(view: ArticleView, position: int) -> bool:
    """A subject pronoun: by the parse, or in an unparsed sentence, the
    pronoun that opens it."""
    if view.is_parsed(position):
        return view.tokens[position].dep.startswith(("nsubj", "expl:subj"))
    return position == view.sentence_of(position)[0]


def _impersonal(view: ArticleView, pronoun: Token) -> bool:
    """ "il faut", "il semble", "il y a", "il est possible de": the parse
    often tags a personal "il" as expletive too, so its verb decides."""
    if not view.is_parsed(pronoun.i):
        return _impersonal_unparsed(view, pronoun.i)
    if not 0 <= pronoun.head < len(view.tokens):
        return True
    head = view.tokens[pronoun.head]
    if pronoun.dep.startswith("nsubj"):
        return fold(head.lemma) in view.words.impersonal_verbs
    if head.pos != "VERB" or fold(head.lemma) in view.words.impersonal_verbs:
        return True
    following = view.folded(pronoun.i + 1) if pronoun.i + 1 < len(view.tokens) else ""
    return following == "y"


def _impersonal_unparsed(view: ArticleView, position: int) -> bool:
    """Without a parse: the first verb after the pronoun decides ("Il ne
    cesse de…" is personal, "Il faut…", "Il y a…" are not)."""
    _, sentence_end = view.sentence_of(position)
    for after in range(position + 1, min(sentence_end, position + 4)):
        token = view.tokens[after]
        if view.folded(after) == "y":
            return True
        if token.pos in ("VERB", "AUX"):
            return fold(token.lemma) in view.words.impersonal_verbs or token.pos == "AUX"
    return True
