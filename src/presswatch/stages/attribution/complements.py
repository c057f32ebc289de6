"""What a speech verb reports: the complement that carries the claim.

Given a speech, thought or claim verb and its entry in the language's lexicon,
find the words it reports, by the forms the entry allows:

* a que-clause: "a affirmé que P" (P);
* an infinitive, bare or after a marker, possibly after an object: "assure ne
  préparer aucune invasion", "promet de …", "accuse Ottawa de ne pas …",
  "appelle les Occidentaux à ne « pas avoir peur »";
* a prepositional complement: "plaide pour un meilleur accompagnement",
  "met en garde contre « une pression fiscale »";
* an object with its attribute: "juge la situation préoccupante", "qualifie de
  « fausses » les informations";
* a noun-phrase object that carries the claim: "a annoncé la poursuite des
  frappes", "a démenti toute intention de …";
* an unquoted clause after a colon: "X a déclaré : P".

The clause stops where the reported content stops: at a contrasting clause in
the author's voice ("… que l'emploi diminuerait, mais il a bondi"), a
semicolon, or the sentence's end. Spans are token ranges.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from presswatch.core.article import Token
from presswatch.lang.parts import SpeechVerb
from presswatch.stages.attribution.speakers import subject_phrase
from presswatch.stages.attribution.view import (
    CLAUSE_PUNCT,
    QUOTE_MARKS,
    SENTENCE_END,
    ArticleView,
)

#: How far after the verb a complement may start (in tokens).
MAX_GAP = 12
#: Most tokens between a verb and the colon that introduces what it reports.
MAX_BEFORE_COLON = 8


@dataclass(frozen=True)
class Complement:
    """The reported words: tokens ``first``..``last``, found by ``form``
    (que, infinitive, preposition, attribute, object, colon)."""

    form: str
    first: int
    last: int
    #: Tokens inside ``first``..``last`` that are not reported: the cue of a
    #: parenthetical ("The rules, the minister said, will…").
    gap: tuple[int, int] | None = None


def complement(view: ArticleView, verb: int, entry: SpeechVerb) -> Complement | None:
    """The complement of the speech verb at token ``verb``, or None."""
    found: Complement | None = None
    if entry.que:
        found = que_clause(view, verb)
    if found is None and entry.infinitive and view.words.gerund_complements:
        found = _gerund_complement(view, verb)
    if found is None and (entry.infinitive or entry.de_infinitive or entry.a_infinitive):
        found = infinitive_complement(view, verb, entry)
    if found is None and entry.prepositions:
        found = prepositional_complement(view, verb, entry.prepositions)
    if found is None and entry.attribute:
        found = attribute_complement(view, verb)
    if found is None and entry.claim_object:
        found = object_complement(view, verb)
    if found is None:
        found = colon_complement(view, verb)
    return found


# -- clause ends -------------------------------------------------------------------


def clause_end(view: ArticleView, first: int) -> int:
    """Index of the last token of the reported clause starting at ``first``
    (``first - 1`` when nothing is left): up to the sentence end, a semicolon or
    a colon, or a contrasting clause in the author's voice (", mais il a
    bondi"), without trailing punctuation (a closing quotation mark opened
    inside the clause stays)."""
    if first >= len(view.tokens):
        return first - 1
    _, sentence_end = view.sentence_of(first)
    last = first
    position = first
    while position < sentence_end:
        text = view.tokens[position].text
        if text in SENTENCE_END or text in (";", ":"):
            break
        if position > first and (
            _contrast_starts(view, position, sentence_end)
            or _new_predicate(view, position, sentence_end)
            or _new_clause(view, first, position, sentence_end)
            or _new_cue_clause(view, position, sentence_end)
        ):
            break
        last = position
        position += 1
    opened = any(view.tokens[i].text in ("«", "“") for i in range(first, last + 1))
    while last > first and (view.tokens[last].pos == "PUNCT" or view.tokens[last].text == ","):
        if opened and view.tokens[last].text in ("»", "”"):
            break
        last -= 1
    return last


def _contrast_starts(view: ArticleView, position: int, sentence_end: int) -> bool:
    """A contrasting clause starts at token ``position``: "mais il a bondi",
    ", alors que …", ", tandis que …" — not "mais que Q" (a second complement
    of the same verb) nor "mais aussi X" (a coordinated phrase)."""
    words = view.words
    word = view.folded(position)
    length = _contrast_length(view, position)
    if length == 0:
        return False
    after = position + length
    if after < sentence_end and view.folded(after) in words.complementizers:
        return False  # "…, mais que Q": the verb's second complement
    if word in words.contrast_words and position > 0 and view.tokens[position - 1].text != ",":
        # "mais" without a comma: only before a clause of its own ("mais il a bondi")
        return _has_finite_verb(view, after, min(sentence_end, after + 6))
    return view.tokens[position - 1].text == "," or length > 1


def _new_predicate(view: ArticleView, position: int, sentence_end: int) -> bool:
    """After a comma, a new predicate of the speaker's clause starts: ", et a
    affirmé que …" (coordinated finite verb) or ", ajoutant que …" (participle)."""
    if view.tokens[position - 1].text != ",":
        return False
    token = view.tokens[position]
    if _is_present_participle(view, position):
        return True
    if view.folded(position) in view.words.np_conjunctions | {"ou"} and position + 1 < sentence_end:
        following = view.tokens[position + 1]
        return following.pos in ("VERB", "AUX") and following.feature("VerbForm") == "Fin"
    return token.pos == "AUX" and token.feature("VerbForm") == "Fin"


#: Most words of a subject that opens a new clause after a comma.
_MAX_SUBJECT = 6


def _new_clause(view: ArticleView, first: int, position: int, sentence_end: int) -> bool:
    """A clause of its own starts at ``position`` and the reported words end
    before it: after a comma, a subject and its finite verb ("… de ne pas
    livrer le compresseur, on apprenait le 8 juillet que …"), unless the
    words since ``first`` opened a subordinate clause the comma closes ("que
    si la Russie attaquait, elle riposterait"); with no finite verb yet, "et"
    and a finite verb ("a dénoncé le retrait et accuse …"). Words with no
    verb yet before the comma are a fronted phrase, not the clause."""
    if (
        _finite_since(view, first, position) is None
        and view.folded(position) in view.words.np_conjunctions
    ):
        following = view.tokens[position + 1] if position + 1 < sentence_end else None
        return following is not None and _is_finite(following)
    if (
        view.tokens[position - 1].text != ","
        or _subordinate_since(view, first, position)
        or not _has_predicate(view, first, position)
        or _quote_open(view, first, position)
    ):
        return False  # "Outre les fondamentaux, il est impératif…": a fronted phrase
    for scan in range(position, min(sentence_end, position + _MAX_SUBJECT + 1)):
        token = view.tokens[scan]
        if _is_finite(token):
            return scan > position or token.pos == "AUX"
        if token.pos not in ("DET", "NOUN", "PROPN", "ADJ", "PRON", "NUM") and not (
            token.pos == "ADP" and view.folded(scan) in view.words.of_words
        ):
            return False
        if view.folded(scan) in view.words.relative_starts | view.words.complementizers:
            return False
    return False


def _is_finite(token: Token) -> bool:
    return token.pos in ("VERB", "AUX") and token.feature("VerbForm") == "Fin"


def _quote_open(view: ArticleView, first: int, position: int) -> bool:
    """A quotation opened among the words ``first`` .. ``position`` is not closed yet."""
    depth = 0
    for i in range(first, position):
        text = view.tokens[i].text
        if text in ("«", "“"):
            depth += 1
        elif text in ("»", "”") and depth:
            depth -= 1
    return depth > 0


def _has_predicate(view: ArticleView, first: int, position: int) -> bool:
    """A finite verb or an infinitive among the words ``first`` .. ``position``."""
    return any(
        view.tokens[i].pos in ("VERB", "AUX")
        and view.tokens[i].feature("VerbForm") in ("Fin", "Inf")
        for i in range(first, position)
    )


def _finite_since(view: ArticleView, first: int, position: int) -> int | None:
    return next((i for i in range(first, position) if _is_finite(view.tokens[i])), None)


def _subordinate_since(view: ArticleView, first: int, position: int) -> bool:
    """A subordinating conjunction ("si", "quand", "lorsque") among the words
    ``first`` .. ``position``: the comma may close the clause it opened."""
    return any(
        view.tokens[i].pos == "SCONJ" or view.folded(i) in view.words.hypothetical
        for i in range(first, position)
    )


#: Most words of the subject of a cue clause that ends a reported clause.
_MAX_CUE_SUBJECT = 4


def _new_cue_clause(view: ArticleView, position: int, sentence_end: int) -> bool:
    """After a comma, another speaker's cue clause starts, with no conjunction
    (where the language lets a clause drop its complementizer): "P,
    however, some have warned Q" ends P before "however"."""
    if not view.words.bare_complements or view.tokens[position - 1].text != ",":
        return False
    scan = position
    while scan < sentence_end and (
        view.tokens[scan].pos in ("ADV", "CCONJ") or view.tokens[scan].text == ","
    ):
        scan += 1  # "however,", "but"
    subject = scan
    while scan < sentence_end and scan - subject < _MAX_CUE_SUBJECT:
        if view.tokens[scan].pos not in ("DET", "ADJ", "NOUN", "PROPN", "PRON", "NUM"):
            break
        scan += 1
    if scan == subject:
        return False
    while scan < sentence_end and view.tokens[scan].pos == "AUX":
        scan += 1
    if scan >= sentence_end or view.tokens[scan].pos != "VERB":
        return False
    if scan + 1 >= sentence_end or view.tokens[scan + 1].text in (",", *SENTENCE_END):
        return False  # "P, officials noted, Q": a parenthetical cue, not a new statement
    verb = view.speech_verb(scan)
    return verb is not None and verb.que and verb.cue


def _is_present_participle(view: ArticleView, index: int) -> bool:
    token = view.tokens[index]
    return token.pos in ("VERB", "AUX") and (
        token.feature("VerbForm") == "Part" and token.feature("Tense") == "Pres"
    )


def _contrast_length(view: ArticleView, position: int) -> int:
    words = view.words
    word = view.folded(position)
    if word in words.contrast_words:
        return 1
    if word not in _first_words(words.contrast_locutions):
        return 0
    for locution in words.contrast_locutions:
        end = position + len(locution)
        if end <= len(view.tokens) and tuple(view.folded_texts[position:end]) == locution:
            return len(locution)
    return 0


@cache
def _first_words(locutions: tuple[tuple[str, ...], ...]) -> frozenset[str]:
    return frozenset(locution[0] for locution in locutions)


def _has_finite_verb(view: ArticleView, first: int, end: int) -> bool:
    for token in view.tokens[first:end]:
        if token.text in (",", ";") or token.text in SENTENCE_END:
            return False
        if token.pos in ("VERB", "AUX") and token.feature("VerbForm") == "Fin":
            return True
    return False


def _span(view: ArticleView, form: str, first: int, last: int) -> Complement | None:
    while first <= last and view.tokens[first].text in (",", ":"):
        first += 1
    if last < first:
        return None
    return Complement(form, first, last)


def _ends_search(view: ArticleView, index: int) -> bool:
    token = view.tokens[index]
    if token.text in SENTENCE_END or token.text in CLAUSE_PUNCT:
        return True
    return token.pos in ("VERB", "AUX") and token.feature("VerbForm") == "Fin"


# -- que-clauses -------------------------------------------------------------------


def que_clause(view: ArticleView, verb: int) -> Complement | None:
    """ "a affirmé que P", "estime ainsi que P" (P)."""
    que = view.words.complementizers
    if view.is_parsed(verb):
        parsed = _parsed_que_clause(view, verb)
        if parsed is not None:
            return parsed
    _, sentence_end = view.sentence_of(verb)
    position = verb + 1
    while position < min(sentence_end, verb + MAX_GAP):
        token = view.tokens[position]
        if view.folded(position) in que and token.pos in ("SCONJ", "PRON", "ADV"):
            if position + 1 >= sentence_end or _locution_before(view, verb, position):
                return None
            return _span(view, "que", position + 1, clause_end(view, position + 1))
        if token.text == "," and position == verb + 1:
            closing = _incise_end(view, position, sentence_end)
            if closing is not None:  # "estimait, sur l'antenne de RTL, que P"
                position = closing + 1
                continue
        if token.text in QUOTE_MARKS or _ends_search(view, position) or token.text == ",":
            return None
        position += 1
    return None


def _parsed_que_clause(view: ArticleView, verb: int) -> Complement | None:
    """The que-clause the parse gives: a ccomp with its complementizer, or
    (where the language allows it) a bare clause or a clause around a
    parenthetical cue."""
    que = view.words.complementizers
    for kid in view.children_of(verb, "ccomp"):
        marks = [m for m in view.children_of(kid, "mark") if view.folded(m) in que]
        if marks and marks[0] > verb:
            first = marks[0] + 1
            return _span(view, "que", first, clause_end(view, first))
        if not marks and view.words.bare_complements:
            bare = _bare_clause(view, verb, kid)
            if bare is not None:
                return bare
    if view.words.bare_complements:
        return _parenthetical_clause(view, verb)
    return None


#: Single quotation marks as tokens (English quotes with them too).
_SINGLE_MARKS = frozenset({"'", "‘", "’"})


def _bare_clause(view: ArticleView, verb: int, clause: int) -> Complement | None:
    """A finite clause with no complementizer (languages whose
    :attr:`~presswatch.lang.parts.AttributionWords.bare_complements` allow it):
    after the verb ("said the report was flawed", a que-clause without "que")
    or before it, its cue closing the sentence ("The talks failed, officials
    said", as a postposed cue)."""
    if not view.children_of(clause, "nsubj", "csubj", "expl"):
        return None
    words = view.subtree(clause)
    if clause > verb:
        first = words[0]
        marks = QUOTE_MARKS | _SINGLE_MARKS
        if first <= verb or any(view.tokens[i].text in marks for i in (first - 1, first)):
            return None  # a quotation right after the verb is a direct statement
        return _span(view, "que", first, clause_end(view, first))
    subject = subject_phrase(view, verb)
    if subject is None or words[-1] >= subject[0]:
        return None
    first, last = words[0], words[-1]
    if _is_quoted(view, first, last):
        return None  # a quotation with its cue after it: a direct statement
    while last > first and view.tokens[last].pos == "PUNCT":
        last -= 1
    while first < last and view.tokens[first].pos == "PUNCT":
        first += 1
    return Complement("postposed", first, last)


def _parenthetical_clause(view: ArticleView, verb: int) -> Complement | None:
    """ "The new rules, the minister said, will cut costs": a cue set off by
    commas inside the clause it reports (parsed as a parataxis of that
    clause's verb), its subject before it. The statement is the clause around
    the cue (:attr:`Complement.gap`); a quoted clause is left to the quotation
    rules."""
    token = view.tokens[verb]
    if token.dep != "parataxis" or token.head == verb:
        return None
    cue = view.subtree(verb)
    subject = subject_phrase(view, verb)
    if subject is None or not cue[0] < subject[0] <= subject[1] < verb:
        return None
    if view.tokens[cue[0]].text != "," or view.tokens[cue[-1]].text != ",":
        return None
    head = token.head
    clause = view.subtree(head)
    while clause[0] >= cue[0] and view.tokens[head].head != head:
        head = view.tokens[head].head  # "needs, he said, to implement…": the clause it interrupts
        clause = view.subtree(head)
    first, last = clause[0], clause[-1]
    while first < cue[0] and view.tokens[first].dep == "mark":
        first += 1  # "said that prices, officials noted, rose"
    while last > cue[-1] and view.tokens[last].pos == "PUNCT":
        last -= 1
    if not first < cue[0] or not last > cue[-1]:
        return None
    marks = QUOTE_MARKS | _SINGLE_MARKS
    around = range(max(0, first - 1), min(len(view.tokens), last + 2))
    if any(view.tokens[i].text in marks for i in around):
        return None
    return Complement("postposed", first, last, gap=(cue[0], cue[-1]))


def _is_quoted(view: ArticleView, first: int, last: int) -> bool:
    """Whether tokens [first, last], which end before their cue, hold a double
    quotation mark or sit between single ones (inside, single marks are apostrophes)."""
    around = range(max(0, first - 1), last + 3)
    edges = {max(0, first - 1), first, last, last + 1, last + 2}
    return any(view.tokens[i].text in QUOTE_MARKS for i in around) or any(
        view.tokens[i].text in _SINGLE_MARKS for i in edges
    )


#: The longest phrase set off by commas between a verb and its "que".
_MAX_INCISE = 8


def _incise_end(view: ArticleView, comma: int, sentence_end: int) -> int | None:
    """The comma closing a short phrase opened by the comma at ``comma`` and
    followed by "que" (no verb and no quotation mark inside), else None."""
    que = view.words.complementizers
    for position in range(comma + 1, min(sentence_end - 1, comma + _MAX_INCISE + 2)):
        token = view.tokens[position]
        if token.text == ",":
            return position if view.folded(position + 1) in que else None
        if token.text in QUOTE_MARKS or token.pos in ("VERB", "AUX"):
            return None
    return None


def _locution_before(view: ArticleView, verb: int, que: int) -> bool:
    """ "pour que", "alors que": the "que" is part of a conjunction — unless
    the word before it sits right after the verb, only adverbs between ("estime
    ainsi que P")."""
    previous = view.folded(que - 1)
    if previous not in view.words.complementizer_locutions:
        return False
    return not (
        previous in view.words.adverb_locutions
        and all(t.pos == "ADV" for t in view.tokens[verb + 1 : que])
    )


# -- infinitives ----------------------------------------------------------------------


def infinitive_complement(view: ArticleView, verb: int, entry: SpeechVerb) -> Complement | None:
    """ "assure ne préparer aucune invasion", "promet de partir", "accuse
    Ottawa de ne pas autoriser …", "appelle les Occidentaux à ne « pas
    avoir peur »" (from the infinitive, with a preceding "ne")."""
    _, sentence_end = view.sentence_of(verb)
    words = view.words
    marker: str | None = None
    for position in range(verb + 1, min(sentence_end, verb + MAX_GAP)):
        token = view.tokens[position]
        word = view.folded(position)
        if token.pos in ("VERB", "AUX") and token.feature("VerbForm") == "Inf":
            allowed = (
                (marker is None and entry.infinitive)
                or (marker == "de" and entry.de_infinitive)
                or (marker == "a" and entry.a_infinitive)
            )
            if not allowed:
                return None
            first = _infinitive_start(view, verb, position)
            return _span(view, "infinitive", first, clause_end(view, position))
        if marker is None and token.pos in ("ADP", "PART") and word in words.infinitive_markers:
            marker = "de"
            continue
        if marker is None and token.pos == "ADP" and word in words.a_infinitive_markers:
            if _infinitive_follows(view, position + 1, sentence_end):
                marker = "a"
            continue  # "reproche à la Grèce de …": an indirect object
        if token.text in QUOTE_MARKS or word in words.infinitive_prefixes:
            continue
        if token.pos in ("NOUN", "PROPN", "PRON") and marker is None:
            if entry.object_first or (entry.de_infinitive and token.pos == "PRON"):
                continue  # "accuse Ottawa de …", "lui demande de …"
            if _is_direct_object(view, verb, position):
                return None
        if _ends_search(view, position) or word in words.complementizers:
            return None
    return None


def _gerund_complement(view: ArticleView, verb: int) -> Complement | None:
    """An "-ing" verb right after the speech verb, or after a negation only
    ("denied having met…", "admitted never taking…"), where the language
    lets it stand for the infinitive of the verb's entry."""
    _, sentence_end = view.sentence_of(verb)
    position = verb + 1
    while position < sentence_end and view.folded(position) in view.words.infinitive_prefixes:
        position += 1
    if position >= sentence_end:
        return None
    token = view.tokens[position]
    if token.pos not in ("VERB", "AUX") or token.feature("Aspect") == "Perf":
        return None
    if token.feature("VerbForm") not in ("Ger", "Part"):
        return None
    return _span(view, "infinitive", verb + 1, clause_end(view, position))


def _infinitive_start(view: ArticleView, verb: int, infinitive: int) -> int:
    """The infinitive with its prefixes ("ne pas", "se") and quotation marks."""
    words = view.words
    first = infinitive
    while first - 1 > verb and (
        view.folded(first - 1) in words.infinitive_prefixes
        or view.tokens[first - 1].text in QUOTE_MARKS
    ):
        first -= 1
    return first


def _infinitive_follows(view: ArticleView, position: int, sentence_end: int) -> bool:
    """An infinitive comes next, after prefixes ("ne pas", "se") and quotation marks."""
    words = view.words
    while position < sentence_end and (
        view.folded(position) in words.infinitive_prefixes
        or view.tokens[position].text in QUOTE_MARKS
    ):
        position += 1
    return (
        position < sentence_end
        and view.tokens[position].pos in ("VERB", "AUX")
        and view.tokens[position].feature("VerbForm") == "Inf"
    )


def _is_direct_object(view: ArticleView, verb: int, position: int) -> bool:
    """A noun right after the verb (no preposition) is its object: "assurer la formation"."""
    between = view.tokens[verb + 1 : position]
    return all(t.pos in ("DET", "ADJ", "ADV", "NUM") for t in between)


# -- prepositional complements ---------------------------------------------------------


def prepositional_complement(
    view: ArticleView, verb: int, prepositions: tuple[str, ...]
) -> Complement | None:
    """ "plaide pour un meilleur accompagnement", "s'oppose à la décision",
    "met en garde contre « une pression fiscale »" (what follows the preposition)."""
    _, sentence_end = view.sentence_of(verb)
    position = _after_verb(view, verb, sentence_end)
    for _ in range(4):  # a short adverbial may stand first: "insiste avec raison sur"
        if position >= sentence_end:
            return None
        for preposition in prepositions:
            words = tuple(preposition.split())
            end = position + len(words)
            if tuple(view.folded_texts[position:end]) == words:
                if end < sentence_end and view.tokens[end].text not in SENTENCE_END:
                    return _span(view, "preposition", end, clause_end(view, end))
                return None
        if view.tokens[position].pos not in ("ADP", "NOUN", "ADV", "DET", "ADJ"):
            return None
        position += 1
    return None


def _after_verb(view: ArticleView, verb: int, sentence_end: int) -> int:
    """The first token after the verb that is not an adverb, a clitic subject
    ("-t-il") or the rest of the verb group."""
    position = verb + 1
    while position < sentence_end and (
        view.tokens[position].pos == "ADV" or view.tokens[position].text.startswith("-")
    ):
        position += 1
    return position


# -- objects ----------------------------------------------------------------------------


def attribute_complement(view: ArticleView, verb: int) -> Complement | None:
    """ "juge la situation préoccupante", "qualifie de « fausses » les
    informations", "considère la Russie comme un partenaire": the object and
    its attribute, to the clause end."""
    _, sentence_end = view.sentence_of(verb)
    first = _after_verb(view, verb, sentence_end)
    first += _temporal_after(view, first, sentence_end)
    if first >= sentence_end:
        return None
    last = clause_end(view, first)
    if last <= first:
        return None
    tokens = view.tokens[first : last + 1]
    starts = (
        tokens[0].pos in ("DET", "NOUN", "PROPN", "NUM", "ADJ") or tokens[0].text in QUOTE_MARKS
    )
    starts = starts or view.folded(first) in view.words.attribute_links
    if not starts or tokens[0].pos in ("VERB", "AUX"):
        return None
    nouns = [t for t in tokens if t.pos in ("NOUN", "PROPN")]
    links = view.words.attribute_links
    attribute = any(t.pos == "ADJ" or t.feature("VerbForm") == "Part" for t in tokens) or any(
        view.folded(t.i) in links
        and (t.i == first or view.folded(t.i) in links - view.words.of_words)
        for t in tokens
    )
    if not nouns or not attribute:
        return None
    return _span(view, "attribute", first, last)


def object_complement(view: ArticleView, verb: int) -> Complement | None:
    """ "a annoncé la poursuite des frappes", "dénonce une « criminalisation »":
    the noun-phrase object (from the parse, else the words after the verb)."""
    if view.is_parsed(verb):
        for kid in view.children_of(verb, "obj"):
            if kid < verb or view.tokens[kid].pos not in ("NOUN", "PROPN", "NUM"):
                continue
            indices = view.subtree(kid, exclude=("punct",))
            first = indices[0]
            while (
                first < kid
                and view.tokens[first].pos == "PUNCT"
                and view.tokens[first].text not in QUOTE_MARKS
            ):
                first += 1
            if first <= verb:
                continue
            last = _to_comma(view, first, clause_end(view, first))
            if _time_adverbial(view, first, last):
                return None
            return _span(view, "object", first, last)
        return None
    _, sentence_end = view.sentence_of(verb)
    first = _after_verb(view, verb, sentence_end)
    first += _temporal_after(view, first, sentence_end)
    if first >= sentence_end:
        return None
    token = view.tokens[first]
    partitive = view.folded(first) in view.words.of_words and first + 1 < sentence_end
    if (
        token.pos not in ("DET", "NOUN", "PROPN", "NUM")
        and token.text not in QUOTE_MARKS
        and not partitive
    ):
        return None
    last = _to_comma(view, first, clause_end(view, first))
    if _time_adverbial(view, first, last):
        return None
    return _span(view, "object", first, last)


#: Nouns of a time adverbial an object slot may hold ("a admis un jour").
_TIME_NOUNS = frozenset({"jour", "jours", "fois"})


def _time_adverbial(view: ArticleView, first: int, last: int) -> bool:
    """ "un jour", "une fois", "la semaine dernière": a short phrase of time
    after the verb is no object carrying a claim."""
    if last - first > 2:
        return False
    words = view.words
    times = words.temporal_words | words.temporal_links | _TIME_NOUNS
    return any(view.folded(i) in times for i in range(first, last + 1)) and all(
        view.tokens[i].pos in ("DET", "NOUN", "ADJ", "NUM") or view.folded(i) in times
        for i in range(first, last + 1)
    )


def _to_comma(view: ArticleView, first: int, last: int) -> int:
    """``last``, or the token before the first comma after ``first``."""
    comma = next((i for i in range(first + 1, last + 1) if view.tokens[i].text == ","), None)
    return comma - 1 if comma is not None else last


def _close_quotes(view: ArticleView, last: int) -> int:
    """Extend a span over the quotation mark that closes one it opened."""
    if last + 1 < len(view.tokens) and view.tokens[last + 1].text in ("»", "”", '"'):
        return last + 1
    return last


def _temporal_after(view: ArticleView, position: int, sentence_end: int) -> int:
    """Length of a time phrase right after the verb ("a dévoilé courant mai …")."""
    words = view.words
    length = 0
    while position + length < sentence_end and (
        view.folded(position + length) in words.temporal_words
        or view.folded(position + length) in words.temporal_links
    ):
        length += 1
    return length if length and position + length < sentence_end else 0


# -- colon ----------------------------------------------------------------------------


def colon_complement(view: ArticleView, verb: int) -> Complement | None:
    """ "X a déclaré : P" without quotation marks (P, to the sentence end;
    the next sentence when the colon ends one)."""
    _sentence_start, sentence_end = view.sentence_of(verb)
    for position in range(verb + 1, min(sentence_end, verb + MAX_BEFORE_COLON + 1)):
        token = view.tokens[position]
        if token.text == ":":
            first = position + 1
            if first >= sentence_end:
                return _next_sentence(view, position)
            if view.tokens[first].text in QUOTE_MARKS:
                return None  # a quotation: the direct-quote rules have it
            return _span(view, "colon", first, clause_end(view, first))
        if token.text in QUOTE_MARKS or _ends_search(view, position) or token.text == ",":
            return None
    return None


def _next_sentence(view: ArticleView, colon: int) -> Complement | None:
    """The sentence after a colon that ended the verb's sentence, in the same paragraph."""
    first = colon + 1
    if first >= len(view.tokens):
        return None
    paragraph = view.article.paragraph_at(view.tokens[colon].start)
    following = view.article.paragraph_at(view.tokens[first].start)
    if paragraph is None or following is None or following - paragraph > 1:
        return None
    if view.tokens[first].text in QUOTE_MARKS:
        return None
    return _span(view, "colon", first, clause_end(view, first))
