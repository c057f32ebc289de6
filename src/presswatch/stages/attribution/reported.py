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
from presswatch.lang.parts import SpeechVerb
from presswatch.stages.attribution.complements import clause_end, complement
from presswatch.stages.attribution.quotes import adjectival_participle, comme_cue, cue_after
from presswatch.stages.attribution.speakers import (
    can_speak,
    noun_phrase_after,
    noun_phrase_before,
    source_noun_type,
    subject_phrase,
)
from presswatch.stages.attribution.view import (
    QUOTE_MARKS,
    SENTENCE_END,
    ArticleView,
    SpanSet,
)

_MAX_GAP = 12


@dataclass
class Statement:
    """A found statement before speaker resolution (token indices)."""

    kind: str
    parts: list[tuple[int, int]]  # character ranges of the content
    cue: tuple[int, int]  # token range of the cue words
    speaker: tuple[int, int] | None  # token range of the speaker mention
    #: How it was found (que, infinitive, object, postposed, according, quote-after…):
    #: a feature of the statement model.
    form: str = ""


# -- indirect speech -----------------------------------------------------------


def indirect_statements(view: ArticleView, excluded: list[tuple[int, int]]) -> list[Statement]:
    """A speech verb with what it reports (see :mod:`.complements`) and its subject."""
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
        found = _indirect(view, token.i, verb)
        if found is not None:
            statements.append(found)
    return statements


def _indirect(view: ArticleView, index: int, verb: SpeechVerb) -> Statement | None:
    anchor = view.verb_group_start(index)
    if (
        not _speaker_can_control(view, anchor)
        or _is_hypothetical(view, anchor)
        or _is_prospective(view, index)
    ):
        return None
    content = complement(view, index, verb)
    if content is None or _is_impersonal(view, anchor):
        return None
    if content.form != "que" and adjectival_participle(view, index):
        return None  # "ce sommet dit « de la dernière chance »": so-called, not said
    speaker = subject_phrase(view, anchor)
    if speaker is None or _impersonal_passive(view, speaker, anchor, index):
        return None
    if content.form in _NEEDS_SUBJECT_FIRST and (
        speaker[0] > anchor or _inverted_cue(view, anchor)
    ):
        return None  # "», a affirmé le ministre": the words after the verb are its subject
    if content.gap is not None:
        parts = [
            _char_range(view, content.first, content.gap[0] - 1),
            _char_range(view, content.gap[1] + 1, content.last),
        ]
    else:
        parts = [_char_range(view, content.first, content.last)]
    spans = [span for span in parts if span is not None]
    if len(spans) != len(parts):
        return None
    return Statement("indirect", spans, (_cue_start(view, anchor), index), speaker, content.form)


#: Complements that follow the verb as its subject would in an inverted cue.
_NEEDS_SUBJECT_FIRST = frozenset({"object", "attribute", "preposition", "colon"})


def _impersonal_passive(
    view: ArticleView, speaker: tuple[int, int], anchor: int, verb: int
) -> bool:
    """ "Il a été rapporté que…", "il est admis que…": no one speaks."""
    first, last = speaker
    if first != last or view.folded(first) not in view.words.expletive_subjects:
        return False
    group = view.tokens[_cue_start(view, anchor) : verb + 1]
    passive = any(t.pos == "AUX" and fold(t.lemma) in view.words.passive_auxiliaries for t in group)
    return passive and view.tokens[verb].feature("VerbForm") == "Part"


def _inverted_cue(view: ArticleView, verb: int) -> bool:
    """The verb opens an inverted cue: right after a comma or a closing quotation mark."""
    first = _cue_start(view, verb)
    return first > 0 and (
        view.tokens[first - 1].text == "," or view.tokens[first - 1].text in ("»", "”", '"')
    )


def _is_hypothetical(view: ArticleView, verb: int) -> bool:
    """ "S'il déclarait que…": speech under a condition is not reported."""
    sentence_start, _ = view.sentence_of(verb)
    words = view.words
    for position in range(verb - 1, max(sentence_start - 1, verb - 5), -1):
        word = view.folded(position)
        if word in words.hypothetical and position > sentence_start - 1:
            after = view.folded(position + 1) if position + 1 < verb else ""
            elided = word.endswith("'")
            concessive = position > 0 and view.folded(position - 1) in words.concessive_before_if
            if (not elided or after in words.hypothetical_elided_subjects) and not concessive:
                return True
        if view.tokens[position].text == "," or view.tokens[position].pos in ("VERB",):
            return False
    return False


def _is_prospective(view: ArticleView, verb: int) -> bool:
    """ "Certains diront que…", "on objectera que…": a speech verb in the
    future tense reports nothing said yet; the author imagines it."""
    token = view.tokens[verb]
    if token.feature("Tense") == "Fut" and token.feature("Mood") == "Ind":
        return True
    endings = view.words.future_endings
    if not endings or token.feature("VerbForm") != "Fin":
        return False
    lemma = fold(token.lemma)
    stem = lemma[:-1] if lemma.endswith("re") else lemma  # "dire" -> "dir-ont"
    word = view.folded(verb)
    return word.startswith(stem) and word[len(stem) :] in endings


#: "sans dire": an infinitive speech verb after it reports nothing.
_WITHOUT = frozenset({"sans"})


def _speaker_can_control(view: ArticleView, verb: int) -> bool:
    """An infinitive speech verb counts only under a control verb."""
    token = view.tokens[verb]
    if token.feature("VerbForm") != "Inf":
        return True
    sentence_start, _ = view.sentence_of(verb)
    if verb > 0 and view.folded(verb - 1) in view.words.negation_words | _WITHOUT:
        return False  # "pour ne pas dire", "il va sans dire": nothing is said
    for position in range(verb - 1, max(sentence_start - 1, verb - 4), -1):
        previous = view.tokens[position]
        if previous.pos in ("VERB", "AUX"):
            return fold(previous.lemma) in view.words.control_verbs
        if view.folded(position) in view.words.purpose_markers:
            return True  # "ont manifesté pour dénoncer …": the subject is the main clause's
    return False


def _que_follows(view: ArticleView, index: int) -> bool:
    que = view.words.complementizers
    return any(word in que for word in view.folded_texts[index + 1 : index + 4])


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
    return clause_end(view, first)


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
    for index in view.positions(starts):
        length = _cue_length(folded, index, cues)
        if length == 0 or view.tokens[index].start in excluded_spans:
            continue
        found = _according(view, index, length)
        if found is not None:
            statements.append(found)
    statements.extend(_opinion_frames(view, excluded_spans))
    statements.extend(_possessive_cues(view, excluded_spans))
    statements.extend(_relative_cues(view, excluded_spans))
    return statements


def _possessive_cues(view: ArticleView, excluded_spans: SpanSet) -> list[Statement]:
    """ "À son avis, P", "De leur point de vue, P": the possessive designates the source."""
    words = view.words
    statements = []
    folded = view.folded_texts
    for pattern in words.possessive_according_cues:
        slot = pattern.index("*")
        starts = [i for i in view.positions({pattern[0]}) if i < len(folded) - len(pattern)]
        for index in starts:
            if view.tokens[index].start in excluded_spans:
                continue
            window = view.folded_texts[index : index + len(pattern)]
            if window[slot] not in words.possessives or any(
                w != p for w, p in zip(window, pattern, strict=True) if p != "*"
            ):
                continue
            after = index + len(pattern)
            _, sentence_end = view.sentence_of(index)
            while after < sentence_end and view.tokens[after].text in (",", ":"):
                after += 1
            if after >= sentence_end:
                continue
            content = _char_range(view, after, _clause_end(view, after))
            if content is not None:
                cue = (index, after - 1)
                mention = (index + slot, index + slot)
                statements.append(Statement("according_to", [content], cue, mention, "according"))
    return statements


def _relative_cues(view: ArticleView, excluded_spans: SpanSet) -> list[Statement]:
    """ "l'Inde, pour qui P", "la déclaration de X selon laquelle P": the
    relative's antecedent is the source."""
    words = view.words
    statements = []
    for index in view.positions(words.relative_according_words):
        if index < 1 or index + 2 >= len(view.tokens):
            continue
        if view.folded(index + 1) not in words.relative_starts or (
            view.tokens[index].start in excluded_spans
        ):
            continue
        antecedent = noun_phrase_before(view, index)
        if antecedent is None or not can_speak(view, *antecedent):
            continue
        first = index + 2
        _, sentence_end = view.sentence_of(index)
        if first >= sentence_end:
            continue
        content = _char_range(view, first, _clause_end(view, first))
        if content is not None:
            statements.append(
                Statement("according_to", [content], (index, index + 1), antecedent, "relative")
            )
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
    while after_first < sentence_end and view.tokens[after_first].text in (",", ":"):
        after_first += 1
    after_first = _past_citing(view, after_first, sentence_end)
    if before is None and after_first == sentence_end and view.tokens[after_first - 1].text == ":":
        _, sentence_end = view.sentence_of(min(after_first, len(view.tokens) - 1))
        if after_first >= len(view.tokens):
            return None  # "Selon X :" closing the text
    parts: list[tuple[int, int]] = []
    if before is not None:
        parts.append(before)
    if after_first < sentence_end and view.tokens[after_first].text not in SENTENCE_END:
        after = _char_range(view, after_first, _clause_end(view, after_first))
        if after is not None:
            parts.append(after)
    if not parts:
        return None
    return Statement("according_to", parts, (cue, cue + length - 1), phrase, "according")


def _past_citing(view: ArticleView, position: int, sentence_end: int) -> int:
    """Past a source chain's ", citing X," after the cue phrase ("According to
    Reuters, citing two officials, P": P is what is reported; the chain is
    read by :mod:`.chains`)."""
    if position >= sentence_end or view.folded(position) not in view.words.citing_words:
        return position
    for scan in range(position + 1, min(sentence_end, position + 12)):
        if view.tokens[scan].text == ",":
            return scan + 1
        if (
            view.tokens[scan].pos in ("VERB", "AUX")
            and view.tokens[scan].feature("VerbForm") == "Fin"
        ):
            break
    return position


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
        if token.text == ":":
            return scan
        if token.text == ",":
            return _after_apposition(view, scan, sentence_end)
        if token.pos in ("VERB", "AUX") and token.feature("VerbForm") == "Fin":
            return position
    return position


def _after_apposition(view: ArticleView, comma: int, sentence_end: int) -> int:
    """ "Selon Marco Cavaleri, responsable de …, : P": past a verbless
    apposition that ends with a colon; else the comma itself."""
    for scan in range(comma + 1, min(sentence_end, comma + 25)):
        token = view.tokens[scan]
        if token.text == ":":
            return scan
        if token.pos in ("VERB", "AUX") and token.feature("VerbForm") == "Fin":
            return comma
        if token.text in QUOTE_MARKS or token.text == ";":
            return comma
    return comma


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
    for first_word, sentence_end in view.sentence_ranges:
        sentence_start = _after_connective(view, first_word, sentence_end)
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
                Statement(
                    "according_to", [content], (sentence_start, sentence_start), phrase, "opinion"
                )
            )
    return statements


def _after_connective(view: ArticleView, sentence_start: int, sentence_end: int) -> int:
    """The first word after a connective opening the sentence ("Mais, pour
    X, P" -> "pour"), else the sentence's first word."""
    if view.folded(sentence_start) not in view.words.sentence_connectives:
        return sentence_start
    position = sentence_start + 1
    if position < sentence_end and view.tokens[position].text == ",":
        position += 1
    return position


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
                found = _after_comma(view, position, (sentence_start, sentence_end), excluded_spans)
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
    view: ArticleView, comma: int, sentence: tuple[int, int], quotations: SpanSet
) -> Statement | None:
    sentence_start, sentence_end = sentence
    cue = cue_after(view, comma + 1)
    if cue is None or cue.speaker is None or cue.speaker[0] <= cue.first:
        return None
    if view.speech_verb(cue.last, by_form=True) is None:
        return None  # "P, selon X" is an according-to cue, found by according_statements
    first, last = cue.speaker
    if not can_speak(view, first, last) or view.tokens[sentence_start].start in quotations:
        return None  # the clause ends a quotation found with this cue: a direct statement
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
    return Statement("indirect", parts, (cue.first, cue.last), cue.speaker, "postposed")


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
    after = _past_adverbial(view, max(phrase[1], position) + 1, sentence_end)
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
    return Statement("according_to", [content], (index, position), phrase, "comme")


def _past_adverbial(view: ArticleView, position: int, sentence_end: int) -> int:
    """The comma after a short adverbial that ends a cue ("comme X l'a admis
    un jour, P"), else ``position``."""
    for scan in range(position, min(sentence_end, position + 4)):
        token = view.tokens[scan]
        if token.text == ",":
            return scan
        if token.pos in ("VERB", "AUX", "PUNCT") or token.text in QUOTE_MARKS:
            break
    return position


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
    return Statement("according_to", [content], (sentence_start, verb), phrase, "cleft")
