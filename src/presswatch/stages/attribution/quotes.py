"""Direct quotations: « … », “ … ”, " … ", and their speakers.

A quotation is paired with a speech cue before it ("X a déclaré : « … »"),
after it ("« … », a-t-il indiqué", "« … », affirme X", "« … », selon X") or
inside it, as an incise ("« A, a-t-il ajouté, B »"; "« A », a-t-il dit,
« B »" becomes one quote in two parts). A quotation without a cue continues
the previous speaker when it follows a statement closely; a short quoted
phrase without a cue is a scare quote or a title and is not a statement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from presswatch.core.article import Token
from presswatch.core.text import fold
from presswatch.stages.attribution.mentions import skip_leading
from presswatch.stages.attribution.speakers import (
    can_speak,
    locution_ending_at,
    noun_phrase_after,
    subject_phrase,
)
from presswatch.stages.attribution.view import ArticleView

_PAIRS = {"«": "»", "“": "”", "„": "“", "‹": "›"}
MIN_STATEMENT_WORDS = 4
#: A quotation without any cue must look like a sentence to count as a statement.
MIN_UNCUED_WORDS = 6


@dataclass
class QuoteSpan:
    """A quotation: ``content`` ranges exclude the marks; ``outer`` includes them."""

    outer_start: int
    outer_end: int
    parts: list[tuple[int, int]] = field(default_factory=list)
    incise: tuple[int, int] | None = None  # token range of a cue inside the quotation

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]

    def text(self, source: str) -> str:
        return " […] ".join(source[s:e] for s, e in self.parts)

    def word_count(self, source: str) -> int:
        return sum(len(source[s:e].split()) for s, e in self.parts)


def find_quotations(
    text: str, paragraphs: list[tuple[int, int]], *, single: bool = False, mixed: bool = False
) -> list[QuoteSpan]:
    """Quotation spans per paragraph. A « left open at the end of a paragraph
    runs to the paragraph's end (French multi-paragraph quotes). ``single``:
    a paragraph with no double quotation mark may quote with ‘…’ or '…'.
    ``mixed``: a quotation opened by one kind of double mark may close with
    the other ('"…”', '“…,"')."""
    spans: list[QuoteSpan] = []
    for start, end in paragraphs:
        if single and not _DOUBLE.search(text, start, end):
            spans.extend(_single_quoted(text, start, end))
        else:
            spans.extend(_in_paragraph(text, start, end, mixed))
    return spans


_DOUBLE = re.compile('[«»“”"„]')
#: A single mark opens after a space, a bracket or a dash and before a non-space
#: that is no digit ("the '90s");
#: it closes after a non-space and before what cannot continue a word.
_SINGLE_OPEN = re.compile(r"(?:^|(?<=[\s(\[—–:]))[‘'](?=[^\s\d])", re.MULTILINE)
_SINGLE_CLOSE = re.compile(r"(?<=\S)[’'](?!\w)")
_POSSESSIVE = re.compile(r"s[’'] [a-z]")


def _single_quoted(text: str, start: int, end: int) -> list[QuoteSpan]:
    spans: list[QuoteSpan] = []
    position = start
    while position < end:
        opening = _SINGLE_OPEN.search(text, position, end)
        if opening is None:
            break
        closing = _SINGLE_CLOSE.search(text, opening.end(), end)
        while closing is not None and _POSSESSIVE.match(text, closing.start() - 1):
            later = _SINGLE_CLOSE.search(text, closing.end(), end)
            if later is None:
                break
            closing = later  # "the Smiths' house": a plural possessive, if a closer follows
        if closing is None:
            break
        content = _trim(text, opening.end(), closing.start())
        if content is not None:
            spans.append(QuoteSpan(opening.start(), closing.end(), [content]))
        position = closing.end()
    return spans


def _in_paragraph(text: str, start: int, end: int, mixed: bool = False) -> list[QuoteSpan]:
    spans: list[QuoteSpan] = []
    pairs = _PAIRS
    first_curly = _CURLY.search(text, start, end)
    if (
        first_curly is not None
        and first_curly.group() == "”"
        and not (mixed and text.count('"', start, first_curly.start()) % 2)
    ):  # (a ” after an odd number of '"' closes a mixed pair)
        pairs = {**_PAIRS, "”": "“"}  # reversed curly quotes: ” opens, “ closes
        del pairs["“"]
        mixed = False
    openers = _opening_marks(tuple(pairs))
    position = start
    while position < end:
        found = openers.search(text, position, end)
        if found is None:
            break
        position = found.start()
        char = text[position]
        closer = pairs.get(char) or '"'
        close = _find_close(text, position + 1, end, char, closer)
        if mixed and char in '"“':
            other = _mixed_close(text, position + 1, end if close is None else close, char)
            close = close if other is None else other
        if close is None and char in "“”":
            close = _find_close(text, position + 1, end, char, char)  # ” … ” used both ways
        content_end = close if close is not None else end
        outer_end = close + 1 if close is not None else end
        content = _trim(text, position + 1, content_end)
        if content is not None:
            spans.append(QuoteSpan(position, outer_end, [content]))
        position = outer_end
    return spans


_CURLY = re.compile("[“”]")


@cache
def _opening_marks(openers: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern finding the next character that can open a quotation."""
    return re.compile("[" + re.escape("".join(openers) + '"') + "]")


def _find_close(text: str, position: int, end: int, opener: str, closer: str) -> int | None:
    depth = 0
    while position < end:
        char = text[position]
        if char == closer and depth == 0:
            return position
        if opener != closer and char == opener:
            depth += 1
        elif opener != closer and char == closer:
            depth -= 1
        position += 1
    return None


def _mixed_close(text: str, position: int, limit: int, opener: str) -> int | None:
    """Where a quotation opened by ``opener`` closes with the other kind of
    double mark before ``limit`` (its own closer, or the paragraph's end):
    after '"', a ” that closes no “ of its own; after “, a '"' that ends a
    word ('…,"') and closes no '"' opened inside. None: no such mark."""
    curly = 0
    straight_open = False
    for index in range(position, limit):
        char = text[index]
        if char == "“":
            curly += 1
        elif char == "”":
            if curly == 0 and opener == '"':
                return index
            curly = max(0, curly - 1)
        elif char == '"' and opener == "“":
            if straight_open:
                straight_open = False
            elif _ends_word(text, index) and curly == 0:
                return index
            else:
                straight_open = True
    return None


def _ends_word(text: str, index: int) -> bool:
    """A mark glued to the word before it and not to a word after it."""
    before = text[index - 1] if index > 0 else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    return not before.isspace() and not after.isalnum()


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and (text[start].isspace() or text[start] in "\u00a0\u202f"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "\u00a0\u202f"):
        end -= 1
    return (start, end) if end > start else None


# -- cues ---------------------------------------------------------------------


@dataclass
class Cue:
    """A speech cue: the verb phrase (tokens ``first``..``last``) and the
    speaker mention's token range, if any."""

    first: int
    last: int
    speaker: tuple[int, int] | None


def is_cue_verb(view: ArticleView, index: int) -> bool:
    """A speech verb that can stand as a cue; right after a quotation the
    tagger often mislabels it ("estime" as a noun), so its form also counts."""
    verb = view.speech_verb(index, by_form=True)
    return verb is not None and verb.cue


def cue_after(view: ArticleView, index: int) -> Cue | None:
    """A cue starting at token ``index`` (just after a closing quote mark):
    ", a-t-il indiqué", ", affirme X", ", selon X", ", a déclaré à la presse X"."""
    _, sentence_end = view.sentence_of(index) if index < len(view.tokens) else (0, 0)
    position = index
    while position < sentence_end and view.tokens[position].text in (",", "—", "–", "-"):
        position += 1
    if position >= sentence_end:
        return None
    words = view.words
    folded = view.folded_texts
    for pattern in words.according_after_quote:
        if tuple(folded[position : position + len(pattern)]) == pattern:
            offset = len(pattern)
            phrase = noun_phrase_after(view, position + offset)
            return Cue(position, position + offset - 1, phrase) if phrase else None
    first = position
    while position < sentence_end and position - first < 4:
        token = view.tokens[position]
        if is_cue_verb(view, position):
            if _is_present_participle(token, words.present_participle_ending):
                return None  # "…», ajoutant que…": the speaker is the main clause's subject
            return Cue(first, position, _speaker_after_verb(view, first, position, sentence_end))
        if (
            token.pos == "AUX"
            or token.text.startswith("-")
            or fold(token.text) in words.cue_fillers
        ):
            position += 1
            continue
        if token.pos == "ADV" and position > first:
            position += 1
            continue
        if words.subject_first_cues and not _line_break_before(view, index):
            # a subject-first clause on the next line is a new statement, not
            # this quotation's cue ("…!”" then "Cardinal Lee said that…")
            return _subject_first_cue(view, first, sentence_end)
        return None
    return None


def _line_break_before(view: ArticleView, index: int) -> bool:
    """Whether a line break separates token ``index`` from the token before it."""
    if not 0 < index < len(view.tokens):
        return False
    previous, token = view.tokens[index - 1], view.tokens[index]
    return "\n" in view.article.text[previous.end : token.start]


#: How far after a closing quote mark a subject-first cue's verb may stand ("X, NATO's chief, said").
SUBJECT_FIRST_REACH = 10


def _subject_first_cue(view: ArticleView, first: int, sentence_end: int) -> Cue | None:
    """A cue whose subject comes first, right after the quotation: "…," he said;
    "…," Johnson told reporters. The subject (from the parse, or the noun phrase
    before the verb) must start at ``first``."""
    for position in range(first + 1, min(sentence_end, first + SUBJECT_FIRST_REACH)):
        token = view.tokens[position]
        if token.text in ("«", "»", '"', "“", "”"):
            return None
        if not is_cue_verb(view, position):
            continue
        if _is_present_participle(token, view.words.present_participle_ending):
            return None
        subject = subject_phrase(view, position)
        if subject is None or subject[0] != first:
            return None
        return Cue(_aux_start(view, position), position, subject)
    return None


def _is_present_participle(token: Token, ending: str) -> bool:
    return (token.feature("VerbForm") == "Part" and token.feature("Tense") == "Pres") or fold(
        token.text
    ).endswith(ending)


def _speaker_after_verb(
    view: ArticleView, first: int, verb: int, sentence_end: int
) -> tuple[int, int] | None:
    """Inverted clitic ("a-t-il indiqué", "affirme-t-elle") or the subject after the verb."""
    for index in range(first, min(verb + 3, sentence_end)):
        word = fold(view.tokens[index].text)
        if word.startswith("-") and word not in view.words.not_clitic_subjects:
            return index, index
    position = verb + 1
    while position < sentence_end and (
        view.tokens[position].pos == "ADV" or view.tokens[position].text == ","
    ):
        position += 1
    if position >= sentence_end:
        return None
    # skip a complement or a time before a postposed subject: "a déclaré à la presse X",
    # "a affirmé vendredi le secrétaire d'État", "affirmait à l'époque un porte-parole"
    position = skip_leading(view, position, sentence_end - 1)
    if position >= sentence_end:
        return None
    token = view.tokens[position]
    nominal = token.pos in ("PROPN", "NOUN", "DET", "PRON", "NUM") or (
        token.ent >= 0 and token.pos in ("X", "ADJ")  # a name the tagger left unclassified
    )
    if not nominal or token.text in ("«", "»"):
        return None
    return noun_phrase_after(view, position)


def cue_before(view: ArticleView, index: int) -> Cue | None:
    """A cue ending just before an opening quote mark at token ``index``:
    "X a déclaré : « … »", "X a affirmé que « … »", "Selon X, « … »"."""
    sentence_start, _ = view.sentence_of(index) if index < len(view.tokens) else (0, 0)
    headline = _headline_speaker(view, index, sentence_start)
    if headline is not None:
        return headline
    for position in range(index - 1, max(sentence_start - 1, index - 25), -1):
        token = view.tokens[position]
        if token.text in ("«", "»", '"', "“", "”"):
            return None
        if _according_ends_at(view, position):
            phrase = noun_phrase_after(view, position + 1)
            if phrase is not None and phrase[1] < index:
                return Cue(position, position, phrase)
        comme = comme_cue(view, _comme_before(view, position, sentence_start), index)
        if comme is not None and comme.last == position:  # "comme l'écrit X : « … »"
            return comme
        if token.pos == "VERB" and _announces_quote(view, position, index):
            # "Le président Xi a lancé un avertissement clair : « … »"
            return Cue(_aux_start(view, position), position, subject_phrase(view, position))
        if token.pos == "VERB" and view.speech_verb(position) is not None:
            if not _introduces(view, position, index) or adjectival_participle(view, position):
                return None
            return Cue(_aux_start(view, position), position, subject_phrase(view, position))
    return None


def _according_ends_at(view: ArticleView, position: int) -> bool:
    """An according-to cue that may open a quotation ends at token ``position``
    ("Selon X, « … »": "selon"; "D'après": "après")."""
    folded = view.folded_texts
    return any(
        position + 1 >= len(pattern)
        and tuple(folded[position + 1 - len(pattern) : position + 1]) == pattern
        for pattern in view.words.according_before_quote
    )


def _announces_quote(view: ArticleView, verb: int, quote: int) -> bool:
    """A verb whose object, just before a colon that opens the quotation, is
    something said: "a lancé un avertissement clair : « … »"."""
    if view.tokens[quote - 1].text != ":" or quote - 1 - verb > 6:
        return False
    between = view.tokens[verb + 1 : quote - 1]
    said = view.words.said_nouns
    return any(t.pos == "NOUN" and fold(t.lemma) in said for t in between)


def _between_comme_and_verb(token: Token, fillers: frozenset[str]) -> bool:
    """What may stand between "comme" and its speech verb: "comme le rapporte",
    "comme l'a écrit", "comme ne l'a pas dit"."""
    return fold(token.text) in fillers or token.pos == "AUX"


def _comme_before(view: ArticleView, verb: int, sentence_start: int) -> int:
    """Where a "comme" would stand before ``verb`` (see :func:`comme_cue`)."""
    position = verb - 1
    fillers = view.words.as_fillers
    while position > sentence_start and _between_comme_and_verb(view.tokens[position], fillers):
        position -= 1
    return position


def comme_cue(view: ArticleView, comme: int, limit: int) -> Cue | None:
    """ "comme le rapporte BFMTV", "comme l'a écrit X": the cue from "comme" at
    token ``comme`` to its speech verb, with the speaker after the verb (all
    before token ``limit``)."""
    if fold(view.tokens[comme].text) != view.words.as_word:
        return None
    verb = comme + 1
    fillers = view.words.as_fillers
    while verb < limit and _between_comme_and_verb(view.tokens[verb], fillers):
        verb += 1
    if verb >= limit or view.speech_verb(verb, by_form=True) is None:
        found = _subject_first_comme(view, comme, limit)
        if found is None and view.words.subject_first_cues:
            found = _as_subject_said(view, comme, limit)
        return found
    phrase = noun_phrase_after(view, verb + 1)
    if phrase is None or phrase[1] >= limit:
        return None
    return Cue(comme, verb, phrase)


def _subject_first_comme(view: ArticleView, comme: int, limit: int) -> Cue | None:
    """ "comme Alan Greenspan l'a admis", "comme le ministre l'a rappelé": the
    speaker between "comme" and the verb, whose object clitic stands for the
    clause attributed."""
    phrase = noun_phrase_after(view, comme + 1)
    if phrase is None:
        return None
    first, last = phrase
    while last > first and view.folded(last) in view.words.as_fillers:
        last -= 1  # "Bloomberg l'": the clitic belongs to the verb
    if last + 2 >= limit:
        return None
    phrase = (first, last)
    verb = last + 1
    if view.folded(verb) not in view.words.as_fillers:
        return None  # "comme X l'a dit" needs its clitic: "comme X a dit" is no cue
    fillers = view.words.as_fillers
    while verb < limit and (
        _between_comme_and_verb(view.tokens[verb], fillers) or view.tokens[verb].pos == "ADV"
    ):
        verb += 1
    if verb >= limit or view.speech_verb(verb, by_form=True) is None:
        return None
    return Cue(comme, verb, phrase)


def _as_subject_said(view: ArticleView, as_word: int, limit: int) -> Cue | None:
    """ "As Trump proclaimed", "as the minister has so often observed": the
    speaker before the verb (languages whose cues put the subject first)."""
    phrase = noun_phrase_after(view, as_word + 1)
    if phrase is None or phrase[0] != as_word + 1:
        return None
    verb = phrase[1] + 1
    while verb < limit and view.tokens[verb].pos in ("AUX", "ADV"):
        if _is_modal(view.tokens[verb]):
            return None  # "as one would expect", "as you might imagine": no one's words
        verb += 1
    if verb >= limit or view.tokens[verb].pos != "VERB":
        return None
    entry = view.speech_verb(verb, by_form=True)
    if entry is None or not entry.cue:
        return None
    return Cue(as_word, verb, phrase)


def _is_modal(token: Token) -> bool:
    """A modal auxiliary ("would", "might"): finite, with no tense of its own."""
    return (
        token.pos == "AUX"
        and token.feature("VerbForm") == "Fin"
        and token.feature("Tense") is None
        and token.feature("Mood") is None
    )


def _headline_speaker(view: ArticleView, index: int, sentence_start: int) -> Cue | None:
    """ "Donald Trump à Eric Zemmour : « … »": a verbless name before a colon."""
    if index - 1 <= sentence_start or view.tokens[index - 1].text != ":":
        return None
    before = view.tokens[sentence_start : index - 1]
    if not before or len(before) > 8 or any(t.pos in ("VERB", "AUX") for t in before):
        return None
    if not view.entities_in(sentence_start, index - 2):
        return None
    return Cue(index - 1, index - 1, (sentence_start, index - 2))


def cue_governing(view: ArticleView, index: int) -> Cue | None:
    """A speech verb governing a quoted fragment in its own clause:
    "M. Macron a jugé la présence russe « préoccupante »", "la directrice
    du FMI parle de « vents contraires »"."""
    sentence_start, _ = view.sentence_of(index)
    for position in range(index - 1, max(sentence_start - 1, index - 20), -1):
        token = view.tokens[position]
        if (
            token.text in (";", ":", "«", "»", '"', "“", "”")
            or fold(token.text) in view.words.clause_openers
        ):
            return None
        if token.pos in ("VERB", "AUX"):
            if view.speech_verb(position) is not None:
                if adjectival_participle(view, position):
                    return None  # "une diplomatie dite d'« ambiguïté »": so-called, not said
                return Cue(_aux_start(view, position), position, subject_phrase(view, position))
            if token.feature("VerbForm") == "Fin":
                return None
    return None


def adjectival_participle(view: ArticleView, verb: int) -> bool:
    """A past participle right after a noun, with no auxiliary: an adjective
    ("la diplomatie dite …", "le sommet dit « de la dernière chance »")."""
    token = view.tokens[verb]
    if token.feature("VerbForm") != "Part" or token.feature("Tense") == "Pres" or verb == 0:
        return False
    sentence_start, _ = view.sentence_of(verb)
    position = verb - 1
    while position > sentence_start:
        locution = locution_ending_at(view, position, sentence_start)
        if locution:
            position -= locution  # "s'est de son côté dite …"
        elif view.tokens[position].pos == "ADV":
            position -= 1
        else:
            break
    previous = view.tokens[position]
    if _clause_follows(view, verb):
        return False  # "Amazon dit avoir créé…": a present tense the tagger took for a participle
    return previous.pos in ("NOUN", "PROPN", "ADJ") and previous.pos != "AUX"


def _clause_follows(view: ArticleView, verb: int) -> bool:
    """An infinitive or a complementizer right after the verb: what a verb
    of speech governs ("dit avoir…", "dit que…"), never what a participle
    used as an adjective does ("la diplomatie dite d'ambiguïté")."""
    if verb + 1 >= len(view.tokens):
        return False
    following = view.tokens[verb + 1]
    if view.folded(verb + 1) in view.words.complementizers:
        return True
    return following.pos in ("VERB", "AUX") and following.feature("VerbForm") == "Inf"


def _introduces(view: ArticleView, verb: int, quote: int) -> bool:
    """True when the words between a speech verb and a quotation leave the
    quotation as the verb's complement: "a déclaré : «", "a affirmé que «",
    "écrivait sur Twitter samedi : «" — not "a lancé, ce printemps, le «"
    nor "se résume à «"."""
    between = view.tokens[verb + 1 : quote]
    if not between:
        return True
    last = between[-1]
    if not (
        last.text in (":", ",")
        or fold(last.text) in view.words.complementizers
        or last.pos == "ADV"
    ):
        return False
    for token in between:
        if token.pos in ("VERB", "AUX") or token.text in ("«", "»", '"', ";"):
            return False
    return len(between) <= 8


def _aux_start(view: ArticleView, verb: int) -> int:
    first = verb
    while first - 1 >= 0 and (
        view.tokens[first - 1].pos == "AUX" or view.tokens[first - 1].text.startswith("-")
    ):
        first -= 1
    return first


def incise_inside(view: ArticleView, span: QuoteSpan) -> tuple[QuoteSpan, Cue] | None:
    """Split "« A, a-t-il ajouté, B »" into parts A and B with the incise as cue."""
    start, end = span.parts[0]
    first = view.token_at(start)
    position = first
    while position < len(view.tokens) and view.tokens[position].end <= end:
        if view.tokens[position].text == "," and position + 1 < len(view.tokens):
            cue = cue_after(view, position + 1)
            if cue is not None and view.tokens[cue.last].end < end:
                closing = cue.last + 1
                if cue.speaker is not None:
                    closing = max(closing, cue.speaker[1] + 1)
                if (
                    closing < len(view.tokens)
                    and view.tokens[closing].text == ","
                    and _is_inverted(view, cue)
                ):
                    left = (start, view.tokens[position].start)
                    right = _trim(view.text, view.tokens[closing].end, end)
                    if right is not None:
                        split = QuoteSpan(
                            span.outer_start, span.outer_end, [left, right], (position + 1, closing)
                        )
                        return split, cue
        position += 1
    return None


def _is_inverted(view: ArticleView, cue: Cue) -> bool:
    """An incise inverts verb and subject and names someone who can speak:
    "a-t-il ajouté", "poursuit le ministre", "explique Marie Dupont"."""
    if cue.speaker is None or cue.speaker[0] <= cue.first:
        return False
    return cue.last - cue.first <= 4 and can_speak(view, *cue.speaker)
