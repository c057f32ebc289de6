"""Speaker mentions: finding the noun phrase, resolving it, typing the source.

A speaker mention is resolved to a canonical name when possible:

* a named entity in the mention ("Sergueï Lavrov", "le Daily Mail");
* a personal pronoun ("il", "-t-elle", "selon lui") to the most recent person
  named before it; a plural one ("ceux-ci", "ils") to the most recent plural
  noun phrase that can speak ("les conseillers …");
* a definite description ("le quotidien britannique", "le ministre") to the
  most recent entity of the matching kind named before it (a media outlet for
  a newspaper, a person introduced with that role for a role noun).

Its type is one of person, organisation, media, government, document, vague:
countries and capitals speak for their governments ("Moscou assure…"), and an
unresolved plural or indefinite phrase ("les médias occidentaux", "des
sources proches du dossier", "on") is vague.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from presswatch.core.article import Entity, SourceType
from presswatch.core.text import fold
from presswatch.lang.parts import AttributionWords
from presswatch.lang.xx import media_outlet
from presswatch.stages.attribution.antecedents import (
    agrees,
    entity_gender,
    is_subject,
    pronoun_gender,
    singular_antecedent,
)
from presswatch.stages.attribution.mentions import (
    analyse,
    last_of_compound,
    nationality_noun,
    role_text,
)
from presswatch.stages.attribution.view import CLAUSE_PUNCT, QUOTE_MARKS, SENTENCE_END, ArticleView

_MAX_NP_TOKENS = 14
_PRONOUN_WINDOW_SENTENCES = 4


@dataclass
class Speaker:
    mention: str
    start: int
    end: int
    name: str | None
    type: SourceType
    #: The title the text gives a named speaker ("sénateur LR").
    role: str | None = None
    #: What the mention is: name, title_name, pronoun, description ("" for none).
    kind: str = ""

    @property
    def key(self) -> str:
        """The name used to group statements in the sources summary."""
        return self.name or self.mention


def _is_pronoun(word: str, words: AttributionWords, *, author: bool) -> bool:
    """A personal pronoun: singular, plural, vague (and the author's, if ``author``)."""
    return (
        word in words.singular_pronouns
        or word in words.plural_pronouns
        or word in words.vague_pronouns
        or (author and word in words.author_pronouns)
    )


def noun_phrase_after(
    view: ArticleView, index: int, limit: int = _MAX_NP_TOKENS
) -> tuple[int, int] | None:
    """The noun phrase starting at token ``index`` ("les médias occidentaux",
    "le ministre des Affaires étrangères"), as (first, last) token indices."""
    _, sentence_end = view.sentence_of(index) if index < len(view.tokens) else (0, 0)
    words = view.words
    last = None
    position = index
    while position < min(sentence_end, index + limit):
        token = view.tokens[position]
        word = fold(token.text)
        if token.text in CLAUSE_PUNCT or token.text in SENTENCE_END or token.text in QUOTE_MARKS:
            break
        if token.text == "," or word in words.np_stop_words:
            break
        if token.pos in ("VERB", "AUX") and token.feature("VerbForm") in ("Fin", "Inf"):
            break
        if token.pos == "ADP" and word not in words.np_links:
            break
        if token.pos in ("SCONJ", "ADV") and position > index:
            break
        if token.pos == "CCONJ" and word not in words.np_conjunctions:
            break
        last = position
        position += 1
    if last is None:
        return None
    while last > index and (
        view.tokens[last].pos in ("ADP", "DET", "CCONJ") or view.tokens[last].text in "-'’"
    ):
        last -= 1
    return index, last


def noun_phrase_before(view: ArticleView, index: int) -> tuple[int, int] | None:
    """The subject noun phrase ending just before the verb group at token
    ``index`` (unparsed fallback): "… Sergueï Lavrov a affirmé", "Il l'a dit",
    "Il a, également, indiqué", "l'Insee, qui a montré" (the antecedent of "qui")."""
    sentence_start, _ = view.sentence_of(index)
    words = view.words
    position = _skip_before_verb(view, index - 1, sentence_start)
    if position < sentence_start:
        return None
    if view.folded(position) in words.subject_relatives:
        position = _skip_before_verb(view, position - 1, sentence_start)  # "X, qui a dit"
        if position < sentence_start:
            return None
    if view.tokens[position].text == "," and position - 1 >= sentence_start:
        position -= 1  # "La ministre, Kaja Kallas, juge que…": the subject sits before the comma
    head = view.tokens[position]
    if head.pos == "PRON" or view.folded(position) in words.vague_pronouns:
        return position, position
    if head.pos not in ("PROPN", "NOUN", "ADJ") and head.ent < 0:
        return None
    first = position
    while first - 1 >= sentence_start and view.tokens[first].pos != "DET":
        previous = view.tokens[first - 1]
        if (
            previous.pos in ("PROPN", "NOUN", "ADJ", "DET", "NUM")
            or fold(previous.text) in words.np_links
            or (previous.ent >= 0 and previous.ent == view.tokens[first].ent)
        ):
            first -= 1
            continue
        break
    while first < position and (
        view.tokens[first].pos == "ADP" or fold(view.tokens[first].text) in words.np_links
    ):
        first += 1
    return first, position


def _skip_before_verb(view: ArticleView, position: int, sentence_start: int) -> int:
    """Back over what stands between a subject and its verb: auxiliaries,
    adverbs, object clitics, adverbial locutions ("de son côté") and an
    adverb between commas ("Il a, également, indiqué")."""
    words = view.words
    while position >= sentence_start:
        token = view.tokens[position]
        auxiliary = token.pos == "AUX" or fold(token.lemma) in words.auxiliary_lemmas
        if (
            (auxiliary or token.pos == "ADV") and view.folded(position) not in words.vague_pronouns
        ) or (token.pos in ("PRON", "ADV") and view.folded(position) in words.object_clitics):
            position -= 1
            continue
        if token.text == "," and position - 2 >= sentence_start:
            inner = view.tokens[position - 1]
            if inner.pos == "ADV" or locution_ending_at(view, position - 1, sentence_start):
                position -= 1  # the closing comma of an aside: skip to the aside
                continue
            if view.tokens[position + 1].pos == "AUX" or view.tokens[position - 1].pos == "AUX":
                position -= 1
                continue
        locution = locution_ending_at(view, position, sentence_start)
        if locution:
            position -= locution  # "X s'est de son côté dite …"
            continue
        break
    return position


def locution_ending_at(view: ArticleView, position: int, sentence_start: int) -> int:
    """Length of an adverbial locution ending at token ``position`` ("de son côté")."""
    folded = view.folded_texts
    for locution in view.words.adverbial_locutions:
        first = position + 1 - len(locution)
        if first >= sentence_start and tuple(folded[first : position + 1]) == locution:
            return len(locution)
    return 0


def subject_phrase(view: ArticleView, verb: int) -> tuple[int, int] | None:
    """The subject of ``verb`` as (first, last) tokens, or None if it has none
    (impersonal, infinitive without controller)."""
    if view.is_parsed(verb):
        found = _parsed_subject(view, verb, depth=0)
        if found is not None and not _quoted_away(view, found, verb):
            return found
    token = view.tokens[verb]
    if token.feature("VerbForm") == "Inf" or _is_participle(view, verb):
        return _main_clause_subject(view, verb)
    return noun_phrase_before(view, verb) or _inverted_subject(view, verb)


def _quoted_away(view: ArticleView, phrase: tuple[int, int], verb: int) -> bool:
    """The parse gave a verb outside quotation marks a subject inside them
    ("« Rien n'est joué », a-t-il lancé, estimant que…": "estimant" hung on
    the quotation's predicate)."""
    quoted = view.quoted
    return view.tokens[phrase[0]].start in quoted and view.tokens[verb].start not in quoted


def _is_participle(view: ArticleView, verb: int) -> bool:
    token = view.tokens[verb]
    if token.feature("VerbForm") == "Part" and token.feature("Tense") == "Pres":
        return True
    return view.folded(verb).endswith(view.words.present_participle_ending) and (
        verb > 0 and view.tokens[verb - 1].text in (",", "en")
    )


def _main_clause_subject(view: ArticleView, verb: int) -> tuple[int, int] | None:
    """The subject an infinitive or a participle shares with the clause it
    depends on: "X a tenu à dénoncer", "…, ajoutant que", "en expliquant"."""
    sentence_start, _ = view.sentence_of(verb)
    for position in range(verb - 1, sentence_start - 1, -1):
        token = view.tokens[position]
        if token.pos in ("VERB", "AUX") and token.feature("VerbForm") == "Fin":
            start = _group_start(view, position)
            if start > 0 and view.folded(start - 1) in view.words.subject_relatives:
                continue  # "X, qui fait l'objet d'une enquête, …": not the main clause
            found = noun_phrase_before(view, start)
            if found is not None:
                return found
            return _subject_after_cue(view, position, verb)
    return None


def _subject_after_cue(view: ArticleView, finite: int, verb: int) -> tuple[int, int] | None:
    """The subject of an inverted cue that a participle continues: "« P »,
    a-t-il déclaré, ajoutant que…" (the clitic "il"), "…, a déclaré le
    ministre, précisant que…" (the noun phrase between the cue and the comma)."""
    position = finite + 1
    if position < verb and _is_euphonic_t(view, position):
        position += 1
    if position < verb and view.tokens[position].text.startswith("-"):
        return position, position
    while position < verb and view.tokens[position].pos in ("VERB", "AUX", "ADV"):
        position += 1
    comma = verb - 1
    if position >= comma or view.tokens[comma].text != ",":
        return None
    phrase = noun_phrase_after(view, position)
    if phrase is None or phrase[1] >= comma or not can_speak(view, *phrase):
        return None
    return phrase


def _group_start(view: ArticleView, verb: int) -> int:
    first = verb
    while first - 1 >= 0 and view.tokens[first - 1].pos == "AUX":
        first -= 1
    return first


def _inverted_subject(view: ArticleView, verb: int) -> tuple[int, int] | None:
    """A subject after its verb, as in "Comme le dit Éric Zemmour :" or
    "Voici ce que nous en dit Reuters :" (a name that can speak)."""
    _, sentence_end = view.sentence_of(verb)
    position = verb + 1
    while position < sentence_end and view.tokens[position].pos == "ADV":
        position += 1
    if position >= sentence_end:
        return None
    phrase = noun_phrase_after(view, position)
    if phrase is None or not view.entities_in(*phrase):
        return None
    after = phrase[1] + 1
    if after < sentence_end and view.tokens[after].text not in (":", ",", ".", "!", "?"):
        return None
    return phrase


def _parsed_subject(view: ArticleView, verb: int, depth: int) -> tuple[int, int] | None:
    token = view.tokens[verb]
    for kid in view.children_of(verb, "nsubj", "expl:subj", "obl:agent"):
        if _is_euphonic_t(view, kid):
            continue  # "a-t-il": the "-t-" is no subject, "-il" is
        dep = view.tokens[kid].dep
        if (
            dep == "expl:subj"
            and fold(view.tokens[kid].text) in view.words.expletive_subjects
            and not _is_inverted_subject(view, kid)
        ):
            return None  # impersonal "il"
        if fold(view.tokens[kid].text) in view.words.subject_relatives and token.dep.startswith(
            "acl"
        ):
            return _phrase_of(view, token.head)
        return _phrase_of(view, kid)
    participle = token.feature("VerbForm") == "Part" and token.feature("Tense") == "Pres"
    infinitive = token.feature("VerbForm") == "Inf"
    climbs = token.dep in ("conj", "xcomp") or (
        (participle or infinitive) and token.dep.startswith("advcl")
    )
    if depth < 2 and climbs and token.head >= 0 and token.head != verb:
        return _parsed_subject(view, token.head, depth + 1)
    return None


def _is_euphonic_t(view: ArticleView, index: int) -> bool:
    """The "-t-" of an inverted "a-t-il", "va-t-elle"."""
    return view.tokens[index].text.strip("-") == "t"


def _is_inverted_subject(view: ArticleView, index: int) -> bool:
    return view.tokens[index].text.startswith("-")


_LEFT_DEPENDENTS = frozenset(
    {"det", "amod", "nummod", "flat", "flat:name", "compound", "fixed", "case"}
)


def _possessor_before(view: ArticleView, index: int) -> bool:
    """Whether the token before ``index`` is a possessor whose clitic marker is
    ``index`` ("China 's health ministry", "the government’s spokesman"): a
    case marker that follows its own head (a preposition precedes it)."""
    token = view.tokens[index]
    return token.dep == "case" and token.head == index - 1


def _phrase_of(view: ArticleView, head: int) -> tuple[int, int]:
    """The noun phrase headed by ``head``: its determiners and modifiers on the
    left, its complements on the right (no clauses, no fronted adverbials)."""
    indices = set(
        view.subtree(
            head,
            exclude=(
                "acl",
                "advcl",
                "ccomp",
                "xcomp",
                "parataxis",
                "conj",
                "punct",
                "cc",
                "dislocated",
                "mark",
                "obl",
                "advmod",
            ),
        )
    )
    first = head
    while first - 1 in indices and (
        view.tokens[first - 1].dep in _LEFT_DEPENDENTS or _possessor_before(view, first)
    ):
        first -= 1
    last = head
    while last + 1 in indices:
        last += 1
    for kid in view.children_of(head, "appos"):
        # "Dans une chronique du Figaro, Christian Saint-Étienne": the name in apposition
        if (
            kid > last
            and view.tokens[kid].ent >= 0
            and all(view.tokens[i].text == "," for i in range(last + 1, kid))
        ):
            last = max(view.subtree(kid, exclude=("punct", "acl", "relcl")))
    return first, last


# -- resolution -------------------------------------------------------------


def clean_name(text: str) -> str:
    """A mention or name without soft hyphens, footnote calls ("Telegraph[2]")
    or brackets left open."""
    text = text.replace("\xad", "")
    if "[" in text:
        text = text[: text.index("[")].rstrip()
    return text


def is_author_voice(view: ArticleView, first: int, last: int) -> bool:
    """The author's or reader's "je"/"nous"/"vous", or a pronoun that is no
    one ("cela"): the statement is not reported speech."""
    word = view.folded(first)
    words = view.words
    if first == last and word in words.non_speakers:
        return True
    return word in words.author_pronouns and view.tokens[first].pos in ("PRON", "PROPN", "X")


def resolve(view: ArticleView, first: int, last: int, history: list[Speaker]) -> Speaker | None:
    """Resolve the mention spanning tokens [first, last]; None when it
    cannot designate a speaker (see :func:`.mentions.analyse`) or is the
    author's voice."""
    last = _demonstrative_suffix(view, last)
    if is_author_voice(view, first, last):
        return None
    mention = analyse(view, first, last)
    if mention is None:
        return None
    mention_last = mention.last
    if mention.kind == "pronoun":
        mention_last = _demonstrative_suffix(view, mention.last)  # "ceux-ci", not "ceux"
    text = view.span_text(mention.first, mention_last).lstrip("-")
    end = view.tokens[mention_last].end
    start = end - len(text)
    text = clean_name(text)
    if mention.kind == "pronoun":
        word = view.folded(mention.first)
        found = _resolve_pronoun(view, mention.first, word, text, start, end, history)
        if found is not None:
            found.kind = "pronoun"
        return found
    if mention.entity is not None:
        entity = mention.entity
        kind = entity_source_type(entity)
        if mention.kind == "title_name":
            head = _head_noun(view, mention.first, mention.last)
            head_type = source_noun_type(view, head) if head is not None else None
            if head_type == "media" and kind == "organisation":
                kind = "media"
            if entity.label == "PER":
                kind = "person"
        return Speaker(
            text, start, end, entity.canonical, kind, role_text(view, mention), mention.kind
        )
    if nationality_noun(view, mention.head):
        return Speaker(text, start, end, None, "vague", kind="description")  # "l'Allemand moyen"
    phrase = _resolve_phrase(view, mention.first, mention.last, history)
    if phrase is None:
        return Speaker(text, start, end, None, "vague", kind="description")
    name, source_type = phrase
    return Speaker(text, start, end, name, source_type, kind="description")


def _resolve_phrase(
    view: ArticleView, first: int, last: int, history: list[Speaker]
) -> tuple[str | None, SourceType] | None:
    """(canonical name or None, source type) of a noun phrase."""
    person = _person_at_head(view, first, last)
    if person is not None:
        return person.canonical, "person"
    head = _head_noun(view, first, last)
    if head is None:
        entities = view.entities_in(first, last)
        return (entities[0].canonical, entity_source_type(entities[0])) if entities else None
    named = _named_head(view, first, head, last)
    if named is not None:
        return named.canonical, entity_source_type(named)
    words = view.words
    determiner = fold(view.tokens[first].text) if view.tokens[first].pos == "DET" else ""
    head_type = source_noun_type(view, head)
    sentence = view.tokens[first].sent
    singular = view.tokens[head].feature("Number") != "Plur"
    if (determiner in words.demonstratives and singular) or _is_ce_dernier(view, first, last):
        person = _last_person_before(view, view.tokens[first].start, sentence)
        if person is not None and head_type in ("person", None):
            return person.canonical, "person"
    if head_type in ("document", "speech"):
        return _resolve_said(view, first, last, head, head_type == "speech", history)
    apposed = _person_before_comma(view, first, head_type)
    if apposed is not None:
        return apposed.canonical, "person"
    return _resolve_by_head(view, first, last, head, head_type)


def _resolve_said(
    view: ArticleView, first: int, last: int, head: int, speech: bool, history: list[Speaker]
) -> tuple[str | None, SourceType] | None:
    """A document or words: their author ("les propos de X"), else for words
    the person a possessive points to ("ses propos"), for a document itself."""
    author = _author(view, head, last, history)
    if author is not None:
        return author
    if not speech:
        return _without_determiner(view, first, last), "document"
    if view.tokens[first].pos == "DET" and fold(view.tokens[first].text) in view.words.possessives:
        person = _last_person_before(view, view.tokens[first].start, view.tokens[first].sent)
        if person is not None:
            return person.canonical, "person"
    return None


def _resolve_by_head(
    view: ArticleView, first: int, last: int, head: int, head_type: str | None
) -> tuple[str | None, SourceType] | None:
    """A description by its head noun: the entity it refers back to, a vague
    source (None), the phrase itself typed by its head, or an unknown head."""
    if head_type is not None:
        resolved = _resolve_description(view, first, last, head, head_type)
        if resolved is not None:
            return resolved.canonical, entity_source_type(resolved)
        if _is_vague(view, first, last, head):
            return None
        return _without_determiner(view, first, last), head_type  # type: ignore[return-value]
    if _is_vague(view, first, last, head):
        return None
    entities = view.entities_in(first, last)
    if entities:
        return entities[0].canonical, entity_source_type(entities[0])
    speaker = _unknown_head(view, first, last, head, view.span_text(first, last))
    return speaker.name, speaker.type


def _person_at_head(view: ArticleView, first: int, last: int) -> Entity | None:
    """The person the parse makes the phrase's head, titles and affiliations
    before the name ("Harvard law professor Alan Dershowitz", "Obama Treasury
    Secretary Jack Lew": head-final English compounds)."""
    heads = [
        i
        for i in range(first, last + 1)
        if view.is_parsed(i) and not first <= view.tokens[i].head <= last
    ]
    if len(heads) != 1 or view.tokens[heads[0]].ent < 0:
        return None
    entity = view.article.entities[view.tokens[heads[0]].ent]
    return entity if entity.label == "PER" else None


def _named_head(view: ArticleView, first: int, head: int, last: int) -> Entity | None:
    """The entity the phrase names: its head itself ("Sergueï Lavrov", "le
    Daily Mail") or a name right after the head noun ("le chancelier Olaf
    Scholz", "le bihebdomadaire camerounais Sans Détour", "la ministre,
    Kaja Kallas") — not a name in a complement ("l'avocat de Donald Trump")."""
    token = view.tokens[head]
    if token.ent >= 0:
        return view.article.entities[token.ent]
    position = head + 1
    while position <= last and (
        view.tokens[position].pos == "ADJ" or view.tokens[position].text in (",", "(")
    ):
        position += 1
    if position <= last and view.tokens[position].ent >= 0:
        entity = view.article.entities[view.tokens[position].ent]
        if entity.label in ("PER", "ORG", "MISC") or entity.kind is not None:
            return entity
    # "le porte-parole du gouvernement, Olivier Véran, a déclaré": a name in apposition
    after = last + 2
    if (
        after < len(view.tokens)
        and view.tokens[last + 1].text == ","
        and view.tokens[after].ent >= 0
    ):
        entity = view.article.entities[view.tokens[after].ent]
        head_type = source_noun_type(view, head)
        if entity.label == "PER" and head_type in ("person", None):
            return entity
        # "The operator, Harbour Holdings, said": an organisation in apposition
        if entity.label == "ORG" and head_type != "person":
            return entity
    return None


def _is_ce_dernier(view: ArticleView, first: int, last: int) -> bool:
    folded = [fold(t.text) for t in view.tokens[first : last + 1]]
    latter = view.words
    return (
        len(folded) == 2
        and folded[0] in latter.latter_determiners
        and folded[1].startswith(latter.latter_prefix)
    )


def _author(
    view: ArticleView, head: int, last: int, history: list[Speaker]
) -> tuple[str | None, SourceType] | None:
    """The source behind a document or words: "les chiffres du ministère" ->
    the ministry, "les propos de Jérôme Lê" -> Jérôme Lê."""
    position = head + 1
    while position <= last and view.tokens[position].pos == "ADJ":
        position += 1
    if position > last or fold(view.tokens[position].text) not in view.words.of_words:
        return None
    complement = position + 1
    if complement > last or not can_speak(view, complement, last):
        return None
    return _resolve_phrase(view, complement, last, history)


def _person_before_comma(view: ArticleView, first: int, head_type: str | None) -> Entity | None:
    """ "Margarita Simonyan, journaliste et responsable de RT, a déclaré…":
    a role phrase in apposition after a person's name."""
    if head_type not in ("person", None) or first < 2 or view.tokens[first - 1].text != ",":
        return None
    previous = view.tokens[first - 2]
    if previous.ent >= 0 and view.article.entities[previous.ent].label == "PER":
        return view.article.entities[previous.ent]
    return None


def _demonstrative_suffix(view: ArticleView, last: int) -> int:
    """Extend "ceux" over "-ci" / "- ci" (spaCy splits "ceux-ci")."""
    position = last + 1
    suffixes = view.words.demonstrative_suffixes
    while position < len(view.tokens) and view.tokens[position].text in suffixes:
        if view.tokens[position].start != view.tokens[position - 1].end:
            break
        last = position
        position += 1
    return last


def entity_source_type(entity: Entity) -> SourceType:
    if entity.kind == "media":
        return "media"
    if entity.label == "PER":
        return "person"
    if entity.kind == "government" or entity.label == "LOC":
        return "government"
    return "organisation"


def _unknown_head(view: ArticleView, first: int, last: int, head: int, mention: str) -> Speaker:
    """A definite description whose head noun presswatch does not know
    ("l'hydrologue", "la députée écologiste"): the person introduced with that
    noun if any, else a person or an organisation by the noun's form."""
    start, end = view.tokens[first].start, view.tokens[last].end
    resolved = _resolve_description(view, first, last, head, "person")
    if resolved is not None:
        return Speaker(mention, start, end, resolved.canonical, "person")
    noun = fold(view.tokens[head].lemma)
    kind: SourceType = "person" if noun.endswith(view.words.person_suffixes) else "organisation"
    return Speaker(mention, start, end, _without_determiner(view, first, last), kind)


def can_speak(view: ArticleView, first: int, last: int) -> bool:
    """Whether the phrase can designate a source: a named entity, a personal
    pronoun, or a noun phrase headed by a noun that can speak (see
    :func:`.mentions.analyse`)."""
    return analyse(view, first, last) is not None


def source_noun_type(view: ArticleView, index: int) -> str | None:
    """Source type of a head noun, by lemma or by form ("données")."""
    token = view.tokens[index]
    nouns = view.lexicon.source_nouns
    return nouns.get(fold(token.lemma)) or nouns.get(fold(token.text))


def _head_noun(view: ArticleView, first: int, last: int) -> int | None:
    for index in range(first, last + 1):
        if view.tokens[index].pos in ("NOUN", "PROPN"):
            return last_of_compound(view, index, last) if view.words.head_final else index
    return None


def _is_vague(view: ArticleView, first: int, last: int, head: int) -> bool:
    """Unidentifiable sources: indefinite ("des sources", "un responsable"),
    generic ("les experts", "les médias occidentaux"). A plural phrase with a
    complement ("les conseillers des chefs d'État") names a definite group."""
    first_token = view.tokens[first]
    words = view.words
    determiner = fold(first_token.text) if first_token.pos == "DET" else ""
    head_token = view.tokens[head]
    plural = head_token.feature("Number") == "Plur"
    if source_noun_type(view, head) in ("document", "government"):
        return False
    if determiner in words.indefinite_determiners:
        return True
    if fold(head_token.lemma) in view.lexicon.vague_heads and (
        plural or determiner not in words.definite_singular
    ):
        return True
    if plural and source_noun_type(view, head) in ("media", "person", "organisation", None):
        return not _has_complement(view, head, last)
    return False


def _has_complement(view: ArticleView, head: int, last: int) -> bool:
    for position in range(head + 1, last):
        if fold(view.tokens[position].text) in view.words.of_words and view.tokens[
            position + 1
        ].pos in ("NOUN", "PROPN", "DET"):
            return True
    return False


def _without_determiner(view: ArticleView, first: int, last: int) -> str:
    if view.tokens[first].pos == "DET" and first < last:
        first += 1
    return view.span_text(first, last)


def _resolve_description(
    view: ArticleView, first: int, last: int, head: int, head_type: str
) -> Entity | None:
    """ "le quotidien britannique" -> the last British media outlet named before it."""
    determiner = fold(view.tokens[first].text)
    if determiner not in view.words.description_determiners:
        return None
    position = view.tokens[first].start
    earlier = [e for e in view.article.entities if e.end <= position]
    if head_type == "media":
        wanted = {
            view.lexicon.nationality(t.text)
            for t in view.tokens[first : last + 1]
            if t.pos in ("ADJ", "NOUN")
        } - {None}
        for entity in reversed(earlier):
            if entity.kind == "media" and (not wanted or _media_country(view, entity) in wanted):
                return entity
        return None
    if head_type == "person":
        role = fold(view.tokens[head].lemma)
        for entity in reversed(earlier):
            if entity.label == "PER" and role in _context_words(view, entity):
                return entity
    if head_type in ("person", "organisation") and view.tokens[head].feature("Number") != "Plur":
        return _recent_referent(view, first, head, head_type, earlier)
    return None


#: How many sentences back a definite description looks for its referent.
_DESCRIPTION_WINDOW_SENTENCES = 2


def _recent_referent(
    view: ArticleView, first: int, head: int, head_type: str, earlier: list[Entity]
) -> Entity | None:
    """ "la candidate du RN", "l'organisation": the most recent person (of the
    determiner's gender) or organisation named before the description, in its
    sentence or the two before, outside quotations and outside the
    description's own complement."""
    sentence = view.tokens[first].sent
    label = "PER" if head_type == "person" else "ORG"
    gender = _determiner_gender(view, first)
    for entity in reversed(earlier):
        index = view.token_containing(entity.start)
        if index is None or sentence - view.tokens[index].sent > _DESCRIPTION_WINDOW_SENTENCES:
            return None
        if entity.label != label or entity.start in view.quoted:
            continue
        if label == "PER" and gender is not None:
            other = entity_gender(view, entity)
            if other is not None and other != gender:
                continue
        return entity
    return None


def _determiner_gender(view: ArticleView, first: int) -> str | None:
    token = view.tokens[first]
    if token.pos != "DET" or token.text.endswith(("'", "’")):
        return None  # "l'": the gender is not written
    return token.feature("Gender")


def _media_country(view: ArticleView, entity: Entity) -> str | None:
    """An outlet's country: from presswatch's list, or the nationality adjective
    it was introduced with ("le bihebdomadaire camerounais Sans Détour")."""
    outlet = media_outlet(entity.text)
    if outlet is not None and outlet.country:
        return outlet.country
    index = view.token_at(entity.start)
    for token in view.tokens[max(0, index - 3) : index + 6]:
        code = view.lexicon.nationality(token.text) if token.pos == "ADJ" else None
        if code:
            return code
    return None


def _context_words(view: ArticleView, entity: Entity, window: int = 6) -> set[str]:
    first = view.token_at(entity.start)
    last = view.token_at(entity.end)
    lo, hi = max(0, first - window), min(len(view.tokens), last + window)
    return {fold(t.lemma) for t in view.tokens[lo:hi]}


def _resolve_pronoun(
    view: ArticleView,
    index: int,
    word: str,
    mention: str,
    start: int,
    end: int,
    history: list[Speaker],
) -> Speaker | None:
    words = view.words
    if word in words.author_pronouns:
        return None
    if word in words.vague_pronouns:
        return Speaker(mention, start, end, None, "vague")
    sentence = view.tokens[index].sent
    if word in words.plural_pronouns or word in words.plural_possessives:
        group = _plural_antecedent(view, index, sentence)
        if group is not None:
            first, last = group
            resolved = resolve(view, first, last, history)
            if resolved is not None:
                return Speaker(
                    mention, start, end, resolved.name or resolved.mention, resolved.type
                )
        return Speaker(mention, start, end, None, "vague")
    antecedent = singular_antecedent(view, index)
    previous = _previous_speaker(view, index, history, antecedent)
    if previous is not None:
        return Speaker(mention, start, end, previous.name, previous.type)
    if antecedent is not None:
        return Speaker(mention, start, end, antecedent.canonical, entity_source_type(antecedent))
    described = _described_subject(view, index, history)
    if described is not None:
        return Speaker(mention, start, end, described.name, described.type)
    return Speaker(mention, start, end, None, "person")


def _described_subject(view: ArticleView, index: int, history: list[Speaker]) -> Speaker | None:
    """For "il"/"elle" with no name before it, the subject of this or the
    previous sentence when a person's role describes it: "Le ministre a été
    interpellé. « … », poursuit-il" -> "ministre"."""
    sentence = view.tokens[index].sent
    gender = pronoun_gender(view, index)
    looked = 0
    for here in range(sentence, max(-1, sentence - 4), -1):
        first, end = view.sentence_ranges[here]
        if not any(any(c.isalnum() for c in t.text) for t in view.tokens[first:end]):
            continue  # a quotation mark the splitter left alone
        looked += 1
        if looked > 2:
            break
        for position in range(first, min(end, index)):
            token = view.tokens[position]
            if token.pos != "NOUN" or not is_subject(view, position) or token.start in view.quoted:
                continue
            if source_noun_type(view, position) != "person":
                continue
            if (
                gender == "Fem"
                and token.feature("Gender") == "Masc"
                and _masculine_determiner(view, position)
            ):
                continue
            phrase = noun_phrase_after(view, _determiner_start(view, position))
            if phrase is not None and phrase[1] < index:
                return resolve(view, phrase[0], phrase[1], history)
    return None


def _determiner_start(view: ArticleView, position: int) -> int:
    while position > 0 and view.tokens[position - 1].pos in ("DET", "ADJ"):
        position -= 1
    return position


def _masculine_determiner(view: ArticleView, position: int) -> bool:
    start = _determiner_start(view, position)
    return view.tokens[start].pos == "DET" and view.tokens[start].feature("Gender") == "Masc"


def _previous_speaker(
    view: ArticleView, index: int, history: list[Speaker], antecedent: Entity | None
) -> Speaker | None:
    """The previous statement's speaker, when it was named more recently than
    ``antecedent`` (within the pronoun window) and agrees with the pronoun."""
    recent = next((s for s in reversed(history) if s.start < view.tokens[index].start), None)
    if recent is None or recent.name is None or recent.type not in ("person", "organisation"):
        return None
    there = view.token_containing(recent.start)
    if there is None or view.tokens[index].sent - view.tokens[there].sent > 2:
        return None
    if antecedent is not None and view.token_at(antecedent.start) > there:
        return None
    entity = next((e for e in view.article.entities if e.canonical == recent.name), None)
    gender = pronoun_gender(view, index)
    if entity is not None and not agrees(view, entity, gender, False):
        return None
    return recent


def _subject_entity_in_sentence(view: ArticleView, index: int, sentence: int) -> Entity | None:
    """An entity that is the subject of an earlier clause of the same sentence:
    "L'OMS tient son assemblée cette semaine, elle fera valoir que…"."""
    sentence_start, _ = view.sentence_ranges[sentence]
    subjects = view.subject_entity_tokens
    found = bisect.bisect_left(subjects, index) - 1  # the last one before ``index``
    if found >= 0 and subjects[found] >= sentence_start:
        return view.article.entities[view.tokens[subjects[found]].ent]
    return None


def _last_person_before(view: ArticleView, offset: int, sentence: int) -> Entity | None:
    for entity in reversed(view.article.entities):
        if entity.end > offset or entity.label != "PER":
            continue
        token = view.token_containing(entity.start)
        if token is not None and sentence - view.tokens[token].sent > _PRONOUN_WINDOW_SENTENCES:
            return None
        return entity
    return None


def _plural_antecedent(view: ArticleView, index: int, sentence: int) -> tuple[int, int] | None:
    """The most recent plural noun phrase that can speak, in this or the previous sentence."""
    nouns = view.lexicon.source_nouns
    for position in range(index - 1, -1, -1):
        token = view.tokens[position]
        if sentence - token.sent > 1:
            return None
        if token.pos == "NOUN" and token.feature("Number") == "Plur" and fold(token.lemma) in nouns:
            first = _outermost_head(view, position)
            while (
                first > 0
                and view.tokens[first - 1].pos in ("DET", "ADJ")
                and view.tokens[first - 1].sent == token.sent
            ):
                first -= 1
            phrase = noun_phrase_after(view, first)
            return phrase if phrase is not None else (first, position)
    return None


def _outermost_head(view: ArticleView, position: int) -> int:
    """ "conseillers des chefs": climb from "chefs" to "conseillers"."""
    nouns = view.lexicon.source_nouns
    while position >= 2:
        link, noun = view.tokens[position - 1], view.tokens[position - 2]
        if (
            fold(link.text) in view.words.of_words
            and noun.pos == "NOUN"
            and fold(noun.lemma) in nouns
        ):
            position -= 2
            continue
        break
    return position
