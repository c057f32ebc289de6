"""Indirect reported speech and according-to attributions.

Indirect speech is a speech, thought or claim verb with a que-clause or an
infinitive: "Sergueï Lavrov a affirmé […] que la Russie ne voulait pas de
conflit", "Moscou assure pour sa part ne préparer aucune invasion". The
dependency parse gives the subject and the complement when the sentence was
parsed; word-order rules are the fallback, because the parser often attaches
an infinitive to the wrong word.

According-to attributions are "selon X", "d'après X", "à en croire X",
"aux dires de X", "de l'avis de X", and the opinion frame "Pour X, …": the
content is the clause they qualify, without the cue phrase.
"""

from __future__ import annotations

from dataclasses import dataclass

from presswatch.core.text import fold
from presswatch.stages.attribution.quotes import comme_cue, cue_after
from presswatch.stages.attribution.speakers import (
    can_speak,
    noun_phrase_after,
    source_noun_type,
    subject_phrase,
)
from presswatch.stages.attribution.view import (
    CLAUSE_PUNCT,
    QUOTE_MARKS,
    SENTENCE_END,
    ArticleView,
    SpanSet,
)

_MAX_GAP = 12
#: Single quotation marks as tokens (English quotes with them too).
_SINGLE_MARKS = frozenset({"'", "‘", "’"})


@dataclass
class Statement:
    """A found statement before speaker resolution (token indices)."""

    kind: str
    parts: list[tuple[int, int]]  # character ranges of the content
    cue: tuple[int, int]  # token range of the cue words
    speaker: tuple[int, int] | None  # token range of the speaker mention


# -- indirect speech -----------------------------------------------------------


def indirect_statements(view: ArticleView, excluded: list[tuple[int, int]]) -> list[Statement]:
    excluded_spans = SpanSet(excluded)
    statements: list[Statement] = []
    for token in view.tokens:
        if token.pos in ("VERB", "AUX"):
            by_form = False
        elif token.pos in ("NOUN", "ADJ") and _que_follows(view, token.i):
            by_form = True  # "Kaja Kallas, juge que…" mis-tagged
        else:
            continue
        if token.start in excluded_spans:
            continue
        verb = view.speech_verb(token.i, by_form=by_form)
        if verb is None:
            continue
        anchor = view.verb_group_start(token.i)
        if not _speaker_can_control(view, anchor):
            continue
        content = None
        if verb.que:
            content = _que_clause(view, token.i)
        if content is None and (verb.infinitive or verb.de_infinitive):
            content = _infinitive_complement(
                view, token.i, bare=verb.infinitive, with_de=verb.de_infinitive
            )
        if content is None:
            continue
        if _is_impersonal(view, anchor):
            continue
        speaker = subject_phrase(view, anchor)
        if speaker is None:
            continue
        statements.append(
            Statement("indirect", [content], (_cue_start(view, anchor), token.i), speaker)
        )
    return statements


def _speaker_can_control(view: ArticleView, verb: int) -> bool:
    """An infinitive speech verb counts only under a control verb."""
    token = view.tokens[verb]
    if token.feature("VerbForm") != "Inf":
        return True
    sentence_start, _ = view.sentence_of(verb)
    for position in range(verb - 1, max(sentence_start - 1, verb - 4), -1):
        previous = view.tokens[position]
        if previous.pos in ("VERB", "AUX"):
            return fold(previous.lemma) in view.words.control_verbs
    return False


def _que_follows(view: ArticleView, index: int) -> bool:
    que = view.words.complementizers
    return any(fold(t.text) in que for t in view.tokens[index + 1 : index + 4])


def _cue_start(view: ArticleView, verb: int) -> int:
    first = verb
    while first > 0 and (
        view.tokens[first - 1].pos == "AUX" or view.tokens[first - 1].text.startswith("-")
    ):
        first -= 1
    return first


def _is_impersonal(view: ArticleView, verb: int) -> bool:
    """ "Il convient de rappeler que…": no one is speaking."""
    sentence_start, _ = view.sentence_of(verb)
    window = view.tokens[max(sentence_start, verb - 4) : verb]
    impersonal = view.words.impersonal_verbs
    return any(fold(t.lemma) in impersonal for t in window if t.pos in ("VERB", "AUX"))


def _clause_end(view: ArticleView, first: int) -> int:
    """Index of the last token of the clause starting at ``first`` (``first - 1``
    when nothing is left)."""
    if first >= len(view.tokens):
        return first - 1
    _, sentence_end = view.sentence_of(first)
    last = max(first, min(view.next_clause_stop(first), sentence_end) - 1)
    opened = view.opens_a_quote(first, last)
    while last > first and view.tokens[last].pos == "PUNCT":
        if opened and view.tokens[last].text in ("»", "”"):
            break
        last -= 1
    return last


def _que_clause(view: ArticleView, verb: int) -> tuple[int, int] | None:
    que = view.words.complementizers
    if view.is_parsed(verb):
        for kid in view.children_of(verb, "ccomp"):
            marks = [m for m in view.children_of(kid, "mark") if fold(view.tokens[m].text) in que]
            if marks and marks[0] > verb:
                first = marks[0] + 1
                return _char_range(view, first, _clause_end(view, first))
            if not marks and view.words.bare_complements:
                bare = _bare_clause(view, verb, kid)
                if bare is not None:
                    return bare
    _, sentence_end = view.sentence_of(verb)
    for position in range(verb + 1, min(sentence_end, verb + _MAX_GAP)):
        token = view.tokens[position]
        word = fold(token.text)
        if word in que and token.pos in ("SCONJ", "PRON", "ADV"):
            if (
                position + 1 >= sentence_end
                or fold(view.tokens[position - 1].text) in view.words.complementizer_locutions
            ):
                return None
            return _char_range(view, position + 1, _clause_end(view, position + 1))
        if _ends_search(token.pos, token.text, token.feature("VerbForm")):
            return None
    return None


def _bare_clause(view: ArticleView, verb: int, clause: int) -> tuple[int, int] | None:
    """A finite clause with no complementizer: after the verb ("said the
    report was flawed") or before it, its cue closing the sentence ("The
    talks failed, officials said")."""
    if not view.children_of(clause, "nsubj", "csubj", "expl"):
        return None
    words = view.subtree(clause)
    if clause > verb:
        first = words[0]
        marks = QUOTE_MARKS | _SINGLE_MARKS
        if first <= verb or any(view.tokens[i].text in marks for i in (first - 1, first)):
            return None  # a quotation right after the verb is a direct statement
        return _char_range(view, first, _clause_end(view, first))
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
    return _char_range(view, first, last)


def _is_quoted(view: ArticleView, first: int, last: int) -> bool:
    """Whether tokens [first, last], which end before their cue, hold a double
    quotation mark or sit between single ones (inside, single marks are apostrophes)."""
    around = range(max(0, first - 1), last + 3)
    edges = {max(0, first - 1), first, last, last + 1, last + 2}
    return any(view.tokens[i].text in QUOTE_MARKS for i in around) or any(
        view.tokens[i].text in _SINGLE_MARKS for i in edges
    )


def _ends_search(pos: str, text: str, verb_form: str | None) -> bool:
    if text in SENTENCE_END or text in CLAUSE_PUNCT or text in QUOTE_MARKS:
        return True
    return pos in ("VERB", "AUX") and verb_form == "Fin"


def _infinitive_complement(
    view: ArticleView, verb: int, *, bare: bool, with_de: bool
) -> tuple[int, int] | None:
    _, sentence_end = view.sentence_of(verb)
    words = view.words
    saw_de = False
    for position in range(verb + 1, min(sentence_end, verb + _MAX_GAP)):
        token = view.tokens[position]
        word = fold(token.text)
        if token.pos in ("VERB", "AUX") and token.feature("VerbForm") == "Inf":
            if (bare and not saw_de) or (with_de and saw_de):
                first = position
                while (
                    first - 1 > verb
                    and fold(view.tokens[first - 1].text) in words.infinitive_prefixes
                ):
                    first -= 1
                return _char_range(view, first, _clause_end(view, position))
            return None
        if word in words.infinitive_markers and token.pos == "ADP":
            saw_de = True
            continue
        if (
            token.pos in ("NOUN", "PROPN")
            and not saw_de
            and _is_direct_object(view, verb, position)
        ):
            return None
        if (
            _ends_search(token.pos, token.text, token.feature("VerbForm"))
            or word in words.complementizers
        ):
            return None
    return None


def _is_direct_object(view: ArticleView, verb: int, position: int) -> bool:
    """A noun right after the verb (no preposition) is its object: "assurer la formation"."""
    between = view.tokens[verb + 1 : position]
    return all(t.pos in ("DET", "ADJ", "ADV", "NUM") for t in between)


def _char_range(view: ArticleView, first: int, last: int) -> tuple[int, int] | None:
    if last < first:
        return None
    return view.tokens[first].start, view.tokens[last].end


# -- according to ----------------------------------------------------------------


def according_statements(view: ArticleView, excluded: list[tuple[int, int]]) -> list[Statement]:
    excluded_spans = SpanSet(excluded)
    statements: list[Statement] = []
    folded = view.folded_texts
    cues = view.words.according_cues
    starts = frozenset(pattern[0] for pattern in cues)
    for index in [i for i, word in enumerate(folded) if word in starts]:
        length = _cue_length(folded, index, cues)
        if length == 0 or view.tokens[index].start in excluded_spans:
            continue
        found = _according(view, index, length)
        if found is not None:
            statements.append(found)
    statements.extend(_opinion_frames(view, excluded_spans))
    return statements


def _cue_length(folded: list[str], index: int, cues: tuple[tuple[str, ...], ...]) -> int:
    """Length in words of the according-to cue ("selon", "d'après"…) starting
    at word ``index`` of the folded words, or 0."""
    for pattern in cues:
        if tuple(folded[index : index + len(pattern)]) == pattern:
            return len(pattern)
    return 0


def _according(view: ArticleView, cue: int, length: int) -> Statement | None:
    phrase = noun_phrase_after(view, cue + length)
    if phrase is None:
        return None
    first, last = phrase
    if fold(view.tokens[first].text) in view.words.not_sources or not can_speak(view, first, last):
        return None
    sentence_start, sentence_end = view.sentence_of(cue)
    before = _clause_before(view, cue, sentence_start)
    after_first = last + 1
    if before is None:
        after_first = _after_cue_phrase(view, after_first, sentence_end)
    while after_first < sentence_end and view.tokens[after_first].text == ",":
        after_first += 1
    parts: list[tuple[int, int]] = []
    if before is not None:
        parts.append(before)
    if after_first < sentence_end and view.tokens[after_first].text not in SENTENCE_END:
        after = _char_range(view, after_first, _clause_end(view, after_first))
        if after is not None:
            parts.append(after)
    if not parts:
        return None
    return Statement("according_to", parts, (cue, cue + length - 1), phrase)


def _clause_before(view: ArticleView, cue: int, sentence_start: int) -> tuple[int, int] | None:
    """The clause left of a mid- or end-sentence cue, back to its start; a
    relative clause takes its antecedent along ("les tanks russes lesquels")."""
    last = cue - 1
    while last >= sentence_start and view.tokens[last].text in (",", "(", "—", "–"):
        last -= 1
    if last < sentence_start:
        return None
    first = last
    while first >= sentence_start:
        token = view.tokens[first]
        if fold(token.text) in view.words.relative_starts:
            first = _antecedent_start(view, first, sentence_start)
            break
        if first == sentence_start:
            break
        previous = view.tokens[first - 1]
        if (
            previous.text in (";", ":")
            or previous.text in QUOTE_MARKS
            or previous.text in SENTENCE_END
        ):
            break
        if fold(previous.text) in view.words.relative_starts:
            first -= 1
            continue
        if previous.text == "," and _starts_main_clause(view, first):
            break
        first -= 1
    while first <= last and view.tokens[first].pos in ("PUNCT", "CCONJ"):
        first += 1
    if first > last:
        return None
    return view.tokens[first].start, view.tokens[last].end


def _after_cue_phrase(view: ArticleView, position: int, sentence_end: int) -> int:
    """Skip what still belongs to a sentence-initial cue phrase ("D'après les
    estimations de l'OMS (OMS) publiées jeudi, …") up to its closing comma."""
    for scan in range(position, min(sentence_end, position + 12)):
        token = view.tokens[scan]
        if token.text == ",":
            return scan
        if token.pos in ("VERB", "AUX") and token.feature("VerbForm") == "Fin":
            return position
    return position


def _antecedent_start(view: ArticleView, relative: int, sentence_start: int) -> int:
    """Start of the noun phrase a relative pronoun refers to ("les tanks russes lesquels")."""
    first = relative
    while first - 1 >= sentence_start and relative - first < 6:
        previous = view.tokens[first - 1]
        if previous.pos in ("PUNCT", "VERB", "AUX", "ADP", "SCONJ", "CCONJ", "PRON"):
            break
        first -= 1
        if previous.pos == "DET":
            break
    return first


def _starts_main_clause(view: ArticleView, index: int) -> bool:
    """After a comma, a subject followed by a finite verb starts a new clause."""
    for token in view.tokens[index : index + 6]:
        if token.pos in ("VERB", "AUX") and token.feature("VerbForm") == "Fin":
            return True
        if token.text == ",":
            return False
    return False


def _opinion_frames(view: ArticleView, excluded_spans: SpanSet) -> list[Statement]:
    """ "Pour Sergueï Lavrov, la guerre n'aura pas lieu.", "Pour le quotidien, …"
    (sentence-initial only; the phrase is a named person or organisation, a
    pronoun, or a definite description headed by a source noun: "le média",
    "le gouvernement", "les experts" — not "Pour les enfants, …")."""
    statements = []
    for sentence_start, sentence_end in view.sentence_ranges:
        if sentence_end - sentence_start < 4:
            continue
        token = view.tokens[sentence_start]
        if fold(token.text) != view.words.opinion_word or token.start in excluded_spans:
            continue
        phrase = noun_phrase_after(view, sentence_start + 1)
        if phrase is None:
            continue
        first, last = phrase
        comma = last + 1
        if comma >= sentence_end or view.tokens[comma].text != ",":
            continue
        named = view.entities_in(first, last)
        pronoun = fold(view.tokens[first].text) in view.words.stressed_pronouns
        if not (
            pronoun
            or any(e.label in ("PER", "ORG") for e in named)
            or _definite_source(view, first, last)
        ):
            continue
        content = _char_range(view, comma + 1, _clause_end(view, comma + 1))
        if content is not None:
            statements.append(
                Statement("according_to", [content], (sentence_start, sentence_start), phrase)
            )
    return statements


_FRAME_SOURCE_TYPES = frozenset({"media", "government", "organisation", "person"})


def _definite_source(view: ArticleView, first: int, last: int) -> bool:
    """ "le média", "le gouvernement", "les experts": a definite article and a
    head noun that designates a source (not a document or mere words)."""
    if fold(view.tokens[first].text) not in view.words.definite_articles or first == last:
        return False
    head = first + 1
    if view.tokens[head].pos != "NOUN":
        return False
    return source_noun_type(view, head) in _FRAME_SOURCE_TYPES


# -- inverted cues without quotation marks ------------------------------------------


def inverted_statements(view: ArticleView, excluded: list[tuple[int, int]]) -> list[Statement]:
    """Attributions that follow or interrupt an unquoted clause:
    "P, a rapporté l'AFP.", "P, observe l'Arcom, alors que…", "Comme le
    rapporte BFMTV, P", "C'est du moins ce qu'avance le journal." (about the
    previous sentence)."""
    excluded_spans = SpanSet(excluded)
    statements: list[Statement] = []
    for sentence_start, sentence_end in view.sentence_ranges:
        for position in range(sentence_start, sentence_end):
            token = view.tokens[position]
            if token.text != "," and view.folded(position) != view.words.as_word:
                continue
            if token.start in excluded_spans:
                continue
            if (
                token.text == ","
                and position > sentence_start
                and not _quoted_clause(view, sentence_start, position)
            ):
                found = _after_comma(view, position, sentence_start, sentence_end)
            elif token.text != ",":
                found = _comme(view, position, sentence_start, sentence_end)
            else:
                found = None
            if found is not None:
                statements.append(found)
        found = _cest_ce_que(view, sentence_start, sentence_end)
        if found is not None:
            statements.append(found)
    return statements


def _quoted_clause(view: ArticleView, sentence_start: int, comma: int) -> bool:
    """ "« … », a-t-il dit": the clause before the comma is one quotation (a
    direct quote's cue, found by the quotation rules)."""
    if view.tokens[comma - 1].text not in QUOTE_MARKS:
        return False
    # the opening mark may have been left at the end of the previous sentence
    opening = (sentence_start, sentence_start - 1) if sentence_start > 0 else (sentence_start,)
    return any(view.tokens[i].text in QUOTE_MARKS for i in opening)


def _after_comma(
    view: ArticleView, comma: int, sentence_start: int, sentence_end: int
) -> Statement | None:
    cue = cue_after(view, comma + 1)
    if cue is None or cue.speaker is None or cue.speaker[0] <= cue.first:
        return None
    if view.speech_verb(cue.last, by_form=True) is None:
        return None  # "P, selon X" is an according-to cue, found by according_statements
    first, last = cue.speaker
    if not can_speak(view, first, last):
        return None
    after = _skip_aside(view, max(last, cue.last) + 1, sentence_end)
    parts: list[tuple[int, int]] = []
    left = _char_range(view, sentence_start, comma - 1)
    if left is None:
        return None
    parts.append(left)
    if after < sentence_end and view.tokens[after].text == ",":
        right_first = after + 1
        if right_first < sentence_end and view.tokens[right_first].text not in SENTENCE_END:
            right = _char_range(view, right_first, _clause_end(view, right_first))
            if right is not None:
                parts.append(right)
    elif after < sentence_end and view.tokens[after].text not in SENTENCE_END:
        return None
    return Statement("according_to", parts, (cue.first, cue.last), cue.speaker)


def _skip_aside(view: ArticleView, position: int, sentence_end: int) -> int:
    """Skip what may follow an inverted cue's speaker before the clause goes
    on: a parenthesis ("l'Arcom (ex-CSA)") or a short adverbial ("à l'époque")."""
    if position < sentence_end and view.tokens[position].text == "(":
        while position < sentence_end and view.tokens[position].text != ")":
            position += 1
        return position + 1
    for scan in range(position, min(sentence_end, position + 5)):
        if view.tokens[scan].text in (",", ".", "!", "?", "…", ";"):
            return scan
        if view.tokens[scan].pos in ("VERB", "AUX"):
            break
    return position


def _comme(
    view: ArticleView, index: int, sentence_start: int, sentence_end: int
) -> Statement | None:
    """ "Comme le rapporte BFMTV, P" / "P, comme l'a rappelé X"."""
    cue = comme_cue(view, index, sentence_end)
    if cue is None or cue.speaker is None or not can_speak(view, *cue.speaker):
        return None
    position, phrase = cue.last, cue.speaker
    after = phrase[1] + 1
    if index == sentence_start or view.tokens[index - 1].text not in (",", "(", "—"):
        if after < sentence_end and view.tokens[after].text == ",":
            content = _char_range(view, after + 1, _clause_end(view, after + 1))
        else:
            return None
    elif index - 1 - sentence_start < _MIN_CONTENT_WORDS:
        return None  # "Ou, comme le tweete X : « … »": nothing is attributed before the cue
    else:
        content = _char_range(view, sentence_start, index - 2)
    if content is None:
        return None
    return Statement("according_to", [content], (index, position), phrase)


#: Fewest words a clause needs to be attributed by a following "comme le dit X".
_MIN_CONTENT_WORDS = 3


def _cest_ce_que(view: ArticleView, sentence_start: int, sentence_end: int) -> Statement | None:
    """ "C'est (du moins) ce qu'avance le journal." attributes the previous sentence."""
    cleft = view.words
    words = [
        fold(t.text) for t in view.tokens[sentence_start : min(sentence_end, sentence_start + 8)]
    ]
    if len(words) < 5 or words[0] not in cleft.cleft_subjects or words[1] != cleft.cleft_verb:
        return None
    try:
        ce = words.index(cleft.cleft_pronoun, 2)
    except ValueError:
        return None
    que = sentence_start + ce + 1
    if que + 1 >= sentence_end or fold(view.tokens[que].text) not in cleft.complementizers:
        return None
    verb = que + 1
    while verb < sentence_end and view.tokens[verb].pos == "AUX":
        verb += 1
    if verb >= sentence_end or view.speech_verb(verb, by_form=True) is None:
        return None
    phrase = noun_phrase_after(view, verb + 1)
    sentence = view.tokens[sentence_start].sent
    if phrase is None or sentence == 0 or not can_speak(view, *phrase):
        return None
    previous_start, _previous_end = view.sentence_ranges[sentence - 1]
    content = _char_range(view, previous_start, _clause_end(view, previous_start))
    if content is None:
        return None
    return Statement("according_to", [content], (sentence_start, verb), phrase)
