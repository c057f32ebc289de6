"""Speaker mentions: the words that designate who speaks, trimmed and checked.

A mention found by the cue rules may carry words that are not the speaker: a
preposition and its phrase ("a déclaré à la presse Piotr Müller"), a day or
an adverbial ("vendredi le secrétaire d'État", "de son côté", "à l'époque"), a
relative clause. :func:`trim` removes them. :func:`analyse` then says what the
trimmed words are: a name (a named entity), a title with a name ("Le sénateur
LR Bruno Retailleau": the person, the title kept as their role), a pronoun, or
a description headed by a noun that can speak (a role or title, an
organisation, a medium, a government or institution, a document, a vague
group). Anything else ("effet", "côté", "fortune") is no speaker: ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass

from presswatch.core.article import Entity
from presswatch.core.text import fold
from presswatch.stages.attribution.view import QUOTE_MARKS, ArticleView

#: Agent-noun endings that never make a person ("gouvernement", "argument").
_NOT_PERSON_ENDINGS = ("ment",)


@dataclass(frozen=True)
class Mention:
    """A speaker mention: tokens ``first``..``last`` (trimmed).

    ``kind`` is "name", "title_name", "pronoun" or "description"; ``entity``
    the named entity it designates (for a title and a name, the name);
    ``role`` the token range of the title ("sénateur LR"); ``head`` the head
    token (the entity's last token for names)."""

    first: int
    last: int
    kind: str
    head: int
    entity: Entity | None = None
    role: tuple[int, int] | None = None


# -- trimming ----------------------------------------------------------------------


def trim(view: ArticleView, first: int, last: int) -> tuple[int, int] | None:
    """The mention without leading prepositional, temporal and adverbial
    material and without trailing relative or adverbial material; None when
    nothing is left."""
    first, last = _trim_edges(view, first, last)
    if first > last:
        return None
    first = skip_leading(view, first, last)
    if (
        first < last
        and view.tokens[first].pos == "ADP"
        and view.folded(first) not in view.words.np_links
    ):
        first += 1  # the preposition of a phrase with nothing after it: "dans un éditorial"
    if first > last:
        return None
    last = _cut_trailing(view, first, last)
    first, last = _trim_edges(view, first, last)
    if first > last:
        return None
    return first, _complete_entity(view, last)


def _complete_entity(view: ArticleView, last: int) -> int:
    """Extend ``last`` over the rest of a name it cuts ("… Anniken" -> "Anniken Huitfeldt")."""
    entity = view.tokens[last].ent
    while entity >= 0 and last + 1 < len(view.tokens) and view.tokens[last + 1].ent == entity:
        last += 1
    return last


def _trim_edges(view: ArticleView, first: int, last: int) -> tuple[int, int]:
    """Drop punctuation, quotation marks and conjunctions at either end, and a
    footnote call ("Telegraph[2]")."""
    words = view.words
    for position in range(first + 1, last + 1):
        if view.tokens[position].text.startswith("["):
            last = position - 1
            break
    while first <= last and (
        view.tokens[first].pos in ("PUNCT", "CCONJ")
        or view.tokens[first].text in QUOTE_MARKS
        or view.folded(first) in words.np_conjunctions
    ):
        first += 1
    while last >= first and (
        view.tokens[last].pos in ("PUNCT", "CCONJ", "ADP", "DET")
        or view.tokens[last].text in QUOTE_MARKS
    ):
        if view.tokens[last].text == ")" and _opens_before(view, first, last):
            break
        last -= 1
    return first, last


def _opens_before(view: ArticleView, first: int, last: int) -> bool:
    return any(view.tokens[i].text == "(" for i in range(first, last))


def skip_leading(view: ArticleView, first: int, last: int) -> int:
    """Skip adverbial locutions ("de son côté", "en effet"), temporal words
    ("vendredi", "mardi soir", "mi-avril") and a prepositional phrase that a
    name or a determiner follows ("à la presse Piotr Müller", "à l'AP Natalia
    Gebert")."""
    for _ in range(6):
        skipped = _adverbial_length(view, first, last) or _temporal_length(view, first, last)
        if not skipped:
            skipped = _prepositional_length(view, first, last)
        if not skipped:
            return first
        first += skipped
        while first <= last and view.tokens[first].text == ",":
            first += 1
    return first


def _adverbial_length(view: ArticleView, first: int, last: int) -> int:
    """Length of an adverbial locution or adverb at ``first`` (0 if none)."""
    folded = view.folded_texts
    for locution in view.words.adverbial_locutions:
        end = first + len(locution)
        if end <= last + 1 and tuple(folded[first:end]) == locution:
            return len(locution)
    if view.tokens[first].pos == "ADV" and first < last:
        return 1
    return 0


def _temporal_length(view: ArticleView, first: int, last: int) -> int:
    """ "vendredi", "mardi soir", "le 3 mars", "mi-avril", "à l'époque"."""
    words = view.words
    position = first
    while position <= last and (
        view.folded(position) in words.temporal_words
        or view.folded(position).startswith(words.temporal_prefixes)
        or (
            view.tokens[position].pos == "NUM"
            and position + 1 <= last
            and view.folded(position + 1) in words.temporal_words
        )
    ):
        position += 1
    if position == first or position > last:
        return 0
    return position - first


def _prepositional_length(view: ArticleView, first: int, last: int) -> int:
    """A prepositional phrase before the speaker: "à la presse Piotr Müller"
    (the phrase is skipped when a name, a determiner or a pronoun follows it)."""
    if view.tokens[first].pos != "ADP" or view.folded(first) in view.words.np_links:
        return 0
    position = first + 1
    while position <= last and view.tokens[position].pos == "DET":
        position += 1
    head = position
    while position <= last and (
        view.tokens[position].pos in ("NOUN", "PROPN", "ADJ")
        or (view.tokens[position].ent >= 0 and view.tokens[position].ent == view.tokens[head].ent)
    ):
        ent = view.tokens[position].ent
        if position > head and ent >= 0 and ent != view.tokens[head].ent:
            break  # "à l'AP Natalia Gebert": a second name starts the subject
        position += 1
    while position < last and view.folded(position) in view.words.np_links:
        # the phrase's complement: "dans une chronique du Figaro, X"
        after = position + 1
        while after <= last and view.tokens[after].pos == "DET":
            after += 1
        if after > last or view.tokens[after].pos not in ("NOUN", "PROPN"):
            break
        position = after
        while position <= last and (
            view.tokens[position].pos in ("NOUN", "PROPN", "ADJ") or view.tokens[position].ent >= 0
        ):
            position += 1
    if position > last or position == head:
        return 0
    return position - first


def _cut_trailing(view: ArticleView, first: int, last: int) -> int:
    """Cut a relative clause, a participial phrase, a temporal word or a
    parenthesis after the head ("le ministre, depuis New York", "le Kremlin,
    qui …")."""
    words = view.words
    for position in range(first + 1, last + 1):
        token = view.tokens[position]
        word = view.folded(position)
        if word in words.relative_starts or token.text in (",", ";", ":") or token.text == "(":
            if token.text == "," and _apposed_name(view, position, last):
                continue  # "le porte-parole du Kremlin, Dmitri Peskov"
            return position - 1
        if word in words.temporal_words and position > first + 1:
            return position - 1
        if (
            token.pos in ("VERB", "AUX")
            and token.feature("VerbForm") in ("Fin", "Part", "Inf")
            and token.ent < 0  # "Narendra Modi" tagged as a verb is still a name
        ):
            return position - 1
    return last


def _apposed_name(view: ArticleView, comma: int, last: int) -> bool:
    """A person's name in apposition after a comma, ending the mention
    ("le porte-parole du Kremlin, Dmitri Peskov" — not ", depuis New York")."""
    after = comma + 1
    if after > last or view.tokens[after].ent < 0:
        return False
    entity = view.article.entities[view.tokens[after].ent]
    return entity.label in ("PER", "ORG") and view.token_at(entity.end) > last


# -- what a mention is ------------------------------------------------------------------


def analyse(view: ArticleView, first: int, last: int) -> Mention | None:
    """What the words ``first``..``last`` designate, after :func:`trim`;
    None when they cannot designate a speaker."""
    trimmed = trim(view, first, last)
    if trimmed is None:
        return None
    first, last = trimmed
    token = view.tokens[first]
    word = view.folded(first)
    determiner_like = first < last and view.tokens[first + 1].pos in ("NOUN", "ADJ")
    if (first == last or (token.pos == "PRON" and not determiner_like)) and (
        _is_pronoun(view, word) or (first == last and word in view.words.possessives)
    ):
        return Mention(first, first, "pronoun", first)
    named = _title_and_name(view, first, last)
    if named is not None:
        return named
    head = _head_noun(view, first, last)
    if head is None:
        return None
    if view.tokens[head].ent >= 0 and not nationality_noun(view, head):
        entity = view.article.entities[view.tokens[head].ent]
        return Mention(first, last, "name", _entity_last(view, entity, last), entity)
    person = _surname_of_person_before(view, head) if view.words.surname_mentions else None
    if person is not None:
        return Mention(first, last, "name", head, person)
    if not noun_can_speak(view, head):
        return None
    return Mention(first, last, "description", head)


def nationality_noun(view: ArticleView, index: int) -> bool:
    """ "l'Allemand moyen", "les Russes": a nationality used as a noun (a vague group)."""
    token = view.tokens[index]
    return token.text[:1].isupper() and bool(view.lexicon.nationality(token.text))


def _is_pronoun(view: ArticleView, word: str) -> bool:
    words = view.words
    return (
        word in words.singular_pronouns
        or word in words.plural_pronouns
        or word in words.vague_pronouns
        or word in words.author_pronouns
    )


def _head_noun(view: ArticleView, first: int, last: int) -> int | None:
    """The head: the first noun or name (a phrase's complements come after it);
    in a head-final language the last noun of the compound it starts ("a
    senior Justice Department official", "DR Congo's health ministry")."""
    for index in range(first, last + 1):
        token = view.tokens[index]
        if token.pos in ("NOUN", "PROPN") or token.ent >= 0:
            return last_of_compound(view, index, last) if view.words.head_final else index
        if token.pos == "ADJ" and view.lexicon.nationality(token.text) and token.text[:1].isupper():
            return index  # "le Britannique Boris Johnson"
    return None


def _surname_of_person_before(view: ArticleView, head: int) -> Entity | None:
    """The last person named before token ``head`` whose name ends with it,
    when ``head`` is a capitalised proper noun outside any entity."""
    token = view.tokens[head]
    if token.ent >= 0 or token.pos != "PROPN" or not token.text[:1].isupper():
        return None
    surname = fold(token.text)
    found = None
    for entity in view.article.entities:
        if entity.end > token.start:
            continue
        words = entity.text.split()
        if entity.label == "PER" and len(words) > 1 and fold(words[-1]) == surname:
            found = entity
    return found


def last_of_compound(view: ArticleView, index: int, last: int) -> int:
    """The last noun of the run of nouns and adjectives starting at ``index``,
    across a possessive clitic ("DR Congo 's health ministry": the ministry)."""
    head = index
    for position in range(index + 1, last + 1):
        token = view.tokens[position]
        if token.pos in ("NOUN", "PROPN"):
            head = position
        elif token.dep == "case" and token.head == position - 1 and position < last:
            continue  # a possessor's clitic: the possessed noun follows
        elif token.pos != "ADJ" and token.text != "-":
            break
    return head


def _entity_last(view: ArticleView, entity: Entity, last: int) -> int:
    return min(last, max(view.token_at(entity.end) - 1, view.token_at(entity.start)))


def _title_and_name(view: ArticleView, first: int, last: int) -> Mention | None:
    """A title or description followed by the name it introduces: "Le
    sénateur LR Bruno Retailleau", "la ministre des Affaires étrangères
    norvégienne Anniken Huitfeldt", "le porte-parole du Kremlin, Dmitri
    Peskov", "le quotidien britannique Daily Mail" — not "l'avocat de Donald
    Trump" (a complement) nor "Bruno Retailleau" alone."""
    if view.tokens[last].ent < 0:
        return None
    entity = view.article.entities[view.tokens[last].ent]
    name_first = view.token_at(entity.start)
    if name_first <= first:
        return None
    before = name_first - 1
    while before > first and view.tokens[before].text in (",", "(", "-", "–"):
        before -= 1
    link = before
    while link > first and view.tokens[link].pos == "DET":
        link -= 1
    if view.folded(link) in view.words.of_words or view.tokens[link].pos == "ADP":
        return None  # "l'avocat de Donald Trump", "le président de la Commission"
    before = link
    head = _head_noun(view, first, before)
    if head is None or view.tokens[head].ent >= 0 or not noun_can_speak(view, head):
        return None
    role = (_skip_determiner(view, first, before), before)
    return Mention(first, last, "title_name", last, entity, role)


def _skip_determiner(view: ArticleView, first: int, last: int) -> int:
    while first < last and view.tokens[first].pos == "DET":
        first += 1
    return first


def noun_can_speak(view: ArticleView, head: int) -> bool:
    """A head noun that can designate a speaker: a role or title, an
    organisation, a medium, a government, a document or words, a vague group
    (the lexicon's source nouns and vague heads), an agent noun by its
    ending ("l'hydrologue", "le manifestant"), or a nationality noun ("les
    Russes")."""
    token = view.tokens[head]
    lexicon = view.lexicon
    for key in (fold(token.lemma), fold(token.text)):
        if key in lexicon.source_nouns or key in lexicon.vague_heads:
            return True
        if key in view.words.not_speaker_nouns:
            return False
    noun = fold(token.lemma)
    if noun.endswith(view.words.person_suffixes) and not noun.endswith(_NOT_PERSON_ENDINGS):
        return token.pos == "NOUN"
    return bool(lexicon.nationality(token.text)) and token.text[:1].isupper()


def role_text(view: ArticleView, mention: Mention) -> str | None:
    """The title of a title-and-name mention, as written ("sénateur LR")."""
    if mention.role is None:
        return None
    first, last = mention.role
    if last < first:
        return None
    text = view.span_text(first, last).strip(" ,")
    return text or None
