"""Attribution: who says what, and according to whom.

The ``attribution`` stage finds three kinds of statements
(:mod:`~presswatch.stages.attribution.quotes` for direct quotes,
:mod:`~presswatch.stages.attribution.reported` for indirect speech and according-to
attributions), resolves each speaker (:mod:`~presswatch.stages.attribution.speakers`)
and summarises the sources the article relies on
(:mod:`~presswatch.stages.attribution.sources`).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace

from presswatch.core.article import Article, Quote
from presswatch.core.pipeline import stage
from presswatch.core.text import fold
from presswatch.lang import DEFAULT_LANGUAGE, packs_with
from presswatch.stages.attribution.chains import Channel, citing, find_channel
from presswatch.stages.attribution.filtering import statement_features
from presswatch.stages.attribution.mentions import analyse
from presswatch.stages.attribution.model import LinearModel, shipped_model
from presswatch.stages.attribution.quotes import (
    MIN_STATEMENT_WORDS,
    MIN_UNCUED_WORDS,
    Cue,
    QuoteSpan,
    adjectival_participle,
    cue_after,
    cue_before,
    cue_governing,
    find_quotations,
    incise_inside,
)
from presswatch.stages.attribution.ranking import Candidate, Context, candidates
from presswatch.stages.attribution.reported import (
    Statement,
    according_statements,
    indirect_statements,
    inverted_statements,
)
from presswatch.stages.attribution.sources import summarise_sources
from presswatch.stages.attribution.speakers import (
    Speaker,
    can_speak,
    entity_source_type,
    is_author_voice,
    resolve,
    subject_phrase,
)
from presswatch.stages.attribution.view import QUOTE_MARKS, ArticleView, SpanSet

#: A cue-less quotation continues the previous speaker unless this many
#: sentences (with words) separate it from the previous statement.
CONTINUATION_SENTENCES = 2


@dataclass
class _Found:
    statement: Statement
    continuation: bool = False  # no cue: may continue the previous speaker


def _direct_statements(view: ArticleView) -> list[_Found]:
    paragraphs = [(p.start, p.end) for p in view.article.paragraphs]
    found: list[_Found] = []
    for span in find_quotations(
        view.text, paragraphs, single=view.single_quotes, mixed=view.mixed_marks
    ):
        statement = _direct(view, span)
        if statement is not None:
            found.append(statement)
    return found


def _direct(view: ArticleView, span: QuoteSpan) -> _Found | None:
    cue: Cue | None = None
    form = "quote-uncued"
    split = incise_inside(view, span)
    if split is not None:
        span, cue = split
        form = "quote-incise"
    if cue is None:
        cue = cue_after(view, view.token_at(span.outer_end))
        form = "quote-after" if cue is not None else form
    opening = view.token_containing(span.outer_start)
    if (
        view.title_case
        and form == "quote-uncued"
        and opening is not None
        and _quoted_title(view, span, opening)
    ):
        return None  # "told CBS's “Face the Nation”", "his book “Made in China,”"
    if (cue is None or cue.speaker is None) and opening is not None:
        before = cue_before(view, opening)
        found_form = "quote-before"
        if before is None:
            before = cue_governing(view, opening)
            found_form = "quote-governed"
        if before is not None and (cue is None or before.speaker is not None):
            cue, form = before, found_form
    if cue is None and opening is not None and _sentence_like(view, span):
        cue = _colon_cue(view, opening)
        form = "quote-colon" if cue is not None else form
    long_enough = span.word_count(view.text) >= MIN_STATEMENT_WORDS
    if (
        cue is None
        and opening is not None
        and (_so_called(view, opening) or _object_of_another_verb(view, opening))
    ):
        return None  # "un sommet dit « … »", "a publié la liste : « … »": not speech
    if cue is None:
        statement = Statement("direct", span.parts, (-1, -1), None, form)
        return _Found(statement, continuation=_sentence_like(view, span))
    if cue.speaker is None and not long_enough:
        return None
    return _Found(Statement("direct", span.parts, (cue.first, cue.last), cue.speaker, form))


_WORD = re.compile(r"[^\W\d_][\w'’-]*")
#: Shortest word that Title Case capitalises (shorter ones may stay lower case: "of", "the").
_TITLE_WORD = 4


def _quoted_title(view: ArticleView, span: QuoteSpan, opening: int) -> bool:
    """A quotation whose words are all capitalised (but short ones) inside a
    sentence written in lower case: a title, not speech."""
    if len(span.parts) != 1:
        return False
    words = _WORD.findall(span.text(view.text))
    long_words = [w for w in words if len(w) >= _TITLE_WORD]
    if not 2 <= len(words) <= 12 or not long_words:
        return False
    if not all(w[0].isupper() for w in long_words) or not words[-1][0].isupper():
        return False
    first, last = view.sentence_of(opening)
    start, end = view.tokens[first].start, view.tokens[last - 1].end
    around = view.text[start : span.outer_start] + " " + view.text[span.outer_end : end]
    outside = [w for w in _WORD.findall(around) if len(w) >= _TITLE_WORD]
    lower = sum(1 for w in outside if w[0].islower())
    return lower >= 2 or (len(outside) >= 3 and lower * 2 >= len(outside))


def _so_called(view: ArticleView, opening: int) -> bool:
    """The quotation follows a speech verb's participle used as an adjective
    ("dit", "dite", "qualifié de"): it names something, nobody says it."""
    for position in (opening - 1, opening - 2):
        if position < 0 or view.tokens[position].pos not in ("VERB", "ADJ"):
            continue
        if view.speech_verb(position, by_form=True) is not None:
            return adjectival_participle(view, position)
    return False


def _object_of_another_verb(view: ArticleView, opening: int) -> bool:
    """The quotation follows a colon after a verb that does not report speech
    ("Le club a publié la liste : « … »"): the verb's object, not a statement."""
    if opening < 1 or view.tokens[opening - 1].text != ":":
        return False
    sentence_start, _ = view.sentence_of(opening)
    for position in range(opening - 2, max(sentence_start - 1, opening - 10), -1):
        token = view.tokens[position]
        if token.text in QUOTE_MARKS or token.text in (",", ";"):
            return False
        if token.pos == "VERB":
            return view.speech_verb(position) is None and not view.speech_verb(
                position, by_form=True
            )
    return False


def _colon_cue(view: ArticleView, opening: int) -> Cue | None:
    """A sentence quoted after a colon that closes its clause takes that
    clause's verb and subject as its cue, whatever the verb ("Dupond-Moretti
    tape fort : « Il y a … »", "Xi Jinping a lancé un avertissement explicite
    à Joe Biden : « … »"): the colon announces the subject's words."""
    verb = _verb_before_colon(view, opening)
    if verb is None:
        return None
    subject = subject_phrase(view, verb)
    if subject is None or not can_speak(view, *subject) or is_author_voice(view, *subject):
        return None
    first = verb
    while first > 0 and view.tokens[first - 1].pos == "AUX":
        first -= 1
    return Cue(first, verb, subject)


def _verb_before_colon(view: ArticleView, opening: int) -> int | None:
    """The finite verb (or participle) of the clause a colon right before the
    quotation at ``opening`` closes, within that clause."""
    if opening < 1 or view.tokens[opening - 1].text != ":":
        return None
    sentence_start, _ = view.sentence_of(opening)
    for position in range(opening - 2, max(sentence_start - 1, opening - 16), -1):
        token = view.tokens[position]
        if token.text in QUOTE_MARKS or token.text in (";", ":"):
            return None
        if token.pos == "VERB" and token.feature("VerbForm") in ("Fin", "Part"):
            if adjectival_participle(view, position):
                continue  # "un avertissement explicite à X :"
            return position
    return None


def _sentence_like(view: ArticleView, span: QuoteSpan) -> bool:
    """A quotation standing alone must read as a sentence (long enough, with a
    finite verb) to count as someone's statement, not a title or scare quote."""
    if span.word_count(view.text) < MIN_UNCUED_WORDS:
        return False
    first, last = view.token_at(span.start), view.token_at(span.end)
    return any(
        t.pos in ("VERB", "AUX") and t.feature("VerbForm") == "Fin" for t in view.tokens[first:last]
    )


def _outer_spans(found: list[_Found], view: ArticleView) -> list[tuple[int, int]]:
    spans = []
    for item in found:
        start = item.statement.parts[0][0] - 1
        end = item.statement.parts[-1][1] + 1
        spans.append((max(0, start), min(len(view.text), end)))
    return spans


@dataclass
class Decision:
    """One statement's speaker choice, as recorded for training: the
    statement, its candidates with their features, and the rules' choice."""

    kind: str
    form: str
    parts: list[tuple[int, int]]
    candidates: list[Candidate]
    rule: Speaker | None
    #: Features of the statement itself (for the statement model).
    features: dict[str, float] = field(default_factory=dict)


@dataclass
class _State:
    """What the speaker decisions carry from one statement to the next."""

    model: LinearModel | None
    record: list[Decision] | None
    keep: LinearModel | None = None
    history: list[Speaker] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    spoken: dict[str, int] = field(default_factory=dict)


def find_statements(
    article: Article,
    view: ArticleView | None = None,
    *,
    model: LinearModel | None = None,
    keep: LinearModel | None = None,
    record: list[Decision] | None = None,
) -> list[Quote]:
    """All statements of ``article`` with resolved speakers, in text order.

    A quotation with no cue of its own that lies inside an indirect or
    according-to statement ("X juge que l'Europe « paie … »") belongs to
    that statement; an indirect statement built on the same cue as a
    quotation, or overlapping a quotation that has its own cue, is dropped.
    With ``model`` (the speaker ranker), the model chooses each speaker among
    the candidates; with ``keep`` (the statement model), a statement it scores
    below its threshold is dropped; with ``record``, each decision's
    candidates and features are appended to it (for training)."""
    view = view or ArticleView(article)
    paragraphs = [(p.start, p.end) for p in view.article.paragraphs]
    view.quoted = SpanSet(
        [
            (span.outer_start, span.outer_end)
            for span in find_quotations(view.text, paragraphs, mixed=view.mixed_marks)
        ]
    )
    direct = _direct_statements(view)
    quoted = _outer_spans(direct, view)
    reported = (
        indirect_statements(view, quoted)
        + according_statements(view, quoted)
        + inverted_statements(view, quoted)
    )
    cued = [item for item in direct if item.statement.cue[0] >= 0]
    others = [
        _Found(s) for s in reported if s.kind != "according_to" or not _restates_a_quote(s, cued)
    ]
    learned = model is not None or keep is not None or record is not None
    kept: list[_Found] = []
    uncued = [item for item in direct if item.statement.cue[0] < 0]
    hosts = dict(
        zip(
            map(id, uncued),
            first_containing(
                [_bounds(o.statement.parts) for o in others],
                [_bounds(item.statement.parts) for item in uncued],
            ),
            strict=True,
        )
    )
    repeated = _repeated_quotations(view, direct)
    for item in direct:
        if item.statement.cue[0] < 0:
            found_host = hosts[id(item)]
            host = None if found_host is None else others[found_host]
            if host is not None:
                item.statement.cue, item.statement.speaker = (
                    host.statement.cue,
                    host.statement.speaker,
                )
                item.statement.form = "quote-hosted"
                item.continuation = False
            elif not item.continuation:
                if not learned or _scare_quote(view, item, repeated):
                    continue  # a short quoted phrase nobody is said to have said: scare quotes
                item.statement.form = "quote-fragment"  # the statement model decides
        kept.append(item)
    found = sorted(kept + _dedupe(others), key=lambda f: f.statement.parts[0][0])
    found = [each for item in found for each in _coordinated(view, item)]
    state = _State(model, record, keep)
    for item in found:
        quote = _to_quote(view, item, state)
        if quote is not None:
            state.quotes.append(quote)
    return _relayed(state.quotes)


def _quoted_words(view: ArticleView, item: _Found) -> str:
    return fold(" ".join(view.text[s:e] for s, e in item.statement.parts))


def _repeated_quotations(view: ArticleView, direct: list[_Found]) -> set[str]:
    """The quoted phrases the article quotes more than once ("« en même
    temps »" three times): terms it mentions, not words someone said once."""
    seen: set[str] = set()
    repeated: set[str] = set()
    for item in direct:
        words = _quoted_words(view, item)
        (repeated if words in seen else seen).add(words)
    return repeated


def _scare_quote(view: ArticleView, item: _Found, repeated: set[str]) -> bool:
    """A quoted phrase with no cue is a term set off, not a statement, when it
    is one or two words ("« projets verts »"), or short and quoted again
    elsewhere ("« en même temps »")."""
    fewest = view.words.min_fragment_words
    if not fewest:
        return False
    words = _quoted_words(view, item)
    count = len(words.split())
    return count < fewest or (count < MIN_UNCUED_WORDS and words in repeated)


def _relayed(quotes: list[Quote]) -> list[Quote]:
    """ "M. Poutine a déclaré que P, a rapporté l'AFP", "« … », a déclaré X
    selon le Daily Beast": a medium's statement whose content holds another
    statement's cue only relays it — the medium becomes that statement's
    channel, and is not a statement of its own."""
    relays: set[int] = set()
    for index, outer in enumerate(quotes):
        if outer.speaker_type != "media" or outer.kind == "direct" or not outer.speaker:
            continue
        inner = [
            q
            for q in quotes
            if q is not outer
            and q.cue_start is not None
            and outer.start <= q.cue_start < outer.end
            and q.speaker
            and fold(q.speaker) != fold(outer.speaker)
        ]
        for quote in inner:
            if quote.via is None:
                quote.via, quote.via_type = outer.speaker, "media"
                if outer.speaker_start is not None and outer.speaker_end is not None:
                    quote.via_start, quote.via_end = outer.speaker_start, outer.speaker_end
        if inner:
            relays.add(index)
    return [q for i, q in enumerate(quotes) if i not in relays]


def _coordinated(view: ArticleView, item: _Found) -> list[_Found]:
    """ "Marine Le Pen et Eric Zemmour dénoncent …": one statement per named
    speaker of a coordinated subject, with the same content."""
    mention = item.statement.speaker
    if mention is None:
        return [item]
    first, last = mention
    links = [
        i
        for i in range(first + 1, last)
        if view.tokens[i].pos == "CCONJ" and view.folded(i) in view.words.np_conjunctions
    ]
    if len(links) != 1:
        return [item]
    sides = [(first, links[0] - 1), (links[0] + 1, last)]
    analysed = [analyse(view, a, b) for a, b in sides]
    if any(m is None or m.entity is None for m in analysed):
        return [item]
    return [_Found(replace(item.statement, speaker=side), item.continuation) for side in sides]


def _restates_a_quote(statement: Statement, quotes: list[_Found]) -> bool:
    """An according-to statement that only frames a quotation with its own
    cue ("« … », selon X") is that quotation. (Indirect speech that quotes —
    "X estime que « … »" — is kept beside the quotation, as a statement of
    its own; the sources summary counts the pair once.)"""
    start, end = statement.parts[0][0], statement.parts[-1][1]
    for item in quotes:
        quote_start, quote_end = item.statement.parts[0][0], item.statement.parts[-1][1]
        overlap = min(end, quote_end + 1) - max(start, quote_start - 1)
        if overlap > 0 and overlap >= 0.8 * (end - start):
            return True
    return False


def _bounds(parts: list[tuple[int, int]]) -> tuple[int, int]:
    return parts[0][0], parts[-1][1]


def first_containing(
    spans: list[tuple[int, int]], queries: list[tuple[int, int]]
) -> list[int | None]:
    """For each query span, the index of the first span of ``spans`` (in
    list order) that contains it (``start <= query start`` and ``query end <=
    end``), or ``None``: a sweep over starts with a Fenwick tree of minimum
    indexes over ends, O((n + m) log n) where scanning was O(n × m)."""
    ends = sorted({end for _, end in spans}, reverse=True)  # rank 0: the largest end
    rank = {end: position for position, end in enumerate(ends)}
    ends_negated = [-end for end in ends]  # ascending, for bisect
    tree = [len(spans)] * (len(ends) + 1)  # 1-based; len(spans) means none

    def insert(position: int, index: int) -> None:
        position += 1
        while position <= len(ends):
            tree[position] = min(tree[position], index)
            position += position & -position

    def first_reaching(end: int) -> int:
        """The smallest index inserted with an end >= ``end``."""
        position = bisect.bisect_right(ends_negated, -end)
        best = len(spans)
        while position > 0:
            best = min(best, tree[position])
            position -= position & -position
        return best

    by_start = sorted(range(len(spans)), key=lambda i: spans[i][0])
    answers: list[int | None] = [None] * len(queries)
    inserted = 0
    for query in sorted(range(len(queries)), key=lambda q: queries[q][0]):
        start, end = queries[query]
        while inserted < len(by_start) and spans[by_start[inserted]][0] <= start:
            index = by_start[inserted]
            insert(rank[spans[index][1]], index)
            inserted += 1
        best = first_reaching(end)
        answers[query] = best if best < len(spans) else None
    return answers


def _dedupe(found: list[_Found]) -> list[_Found]:
    """One statement per content span (a verb reached by two rules counts once)."""
    seen: set[tuple[int, int]] = set()
    unique = []
    for item in found:
        key = item.statement.parts[0]
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return unique


def _to_quote(view: ArticleView, item: _Found, state: _State) -> Quote | None:
    statement = item.statement
    speaker: Speaker | None = None
    chain = citing(view, statement.speaker) if statement.speaker is not None else None
    if chain is not None:
        statement = replace(statement, speaker=chain[0])  # "Y, citant X, affirme": X speaks
    if statement.speaker is not None:
        first, last = statement.speaker
        if is_author_voice(view, first, last):
            return None  # the author's own voice ("je pense que…")
        speaker = resolve(view, first, last, state.history)
        if speaker is None and statement.kind != "direct":
            return None  # "sa fortune menaçait de…": no one speaks
    elif item.continuation:
        speaker = _previous_speaker(view, statement, state)
    decision: Decision | None = None
    channel = _channel(view, statement, chain[1] if chain is not None else None)
    if state.model is not None or state.record is not None or state.keep is not None:
        speaker, decision = _ranked_speaker(view, item, speaker, state, channel)
        if decision is not None and not _kept(view, statement, speaker, decision, state):
            return None
    if speaker is not None and statement.speaker is not None:
        state.history.append(speaker)
    if speaker is not None and speaker.name:
        key = fold(speaker.name)
        state.spoken[key] = state.spoken.get(key, 0) + 1
    quote = _quote(view, statement, speaker)
    if channel is not None and (speaker is None or fold(channel.name) != fold(speaker.name or "")):
        quote.via, quote.via_type = channel.name, channel.type
        quote.via_start = view.tokens[channel.first].start
        quote.via_end = view.tokens[channel.last].end
    return quote


def _channel(
    view: ArticleView, statement: Statement, citing_mention: tuple[int, int] | None
) -> Channel | None:
    """The channel of the statement: the citing source ("Y, citant X"), else
    one named around its cue ("cité par Y", "a déclaré à l'AFP")."""
    if citing_mention is not None:
        mention = analyse(view, *citing_mention)
        if mention is not None and mention.entity is not None:
            entity = mention.entity
            return Channel(
                mention.first, mention.last, entity.canonical, entity_source_type(entity)
            )
    content = (statement.parts[0][0], statement.parts[-1][1])
    return find_channel(view, statement.cue, statement.speaker, content)


def _kept(
    view: ArticleView,
    statement: Statement,
    speaker: Speaker | None,
    decision: Decision,
    state: _State,
) -> bool:
    """Whether the statement model keeps the statement (always, without one).
    Its features read the rules' speaker, not the model's: the two models
    are trained apart."""
    decision.features = statement_features(view, statement, decision.rule, decision.form)
    if state.record is not None:
        state.record.append(decision)
    if state.keep is None or (decision.form not in _DOUBTFUL_FORMS and speaker is not None):
        return True  # a que-clause, an infinitive or a cued quotation with a speaker stays
    return state.keep.keeps(decision.features)


#: The statement forms the rules are least sure of: the statement model decides on them.
_DOUBTFUL_FORMS = frozenset(
    {"quote-fragment", "quote-uncued", "object", "attribute", "preposition", "colon"}
)


def _quote(view: ArticleView, statement: Statement, speaker: Speaker | None) -> Quote:
    text = view.text
    start, end = statement.parts[0][0], statement.parts[-1][1]
    cue_first, cue_last = statement.cue
    has_cue = cue_first >= 0
    mentioned = speaker is not None and speaker.end > speaker.start
    return Quote(
        kind=statement.kind,  # type: ignore[arg-type]
        text=" […] ".join(text[s:e] for s, e in statement.parts)
        if len(statement.parts) > 1
        else text[start:end],
        start=start,
        end=end,
        speaker=speaker.name if speaker else None,
        speaker_mention=speaker.mention if speaker and mentioned else None,
        cue=view.span_text(cue_first, cue_last) if has_cue else None,
        speaker_type=speaker.type if speaker else None,
        speaker_role=speaker.role if speaker and mentioned else None,
        speaker_start=speaker.start if speaker and mentioned else None,
        speaker_end=speaker.end if speaker and mentioned else None,
        cue_start=view.tokens[cue_first].start if has_cue else None,
        cue_end=view.tokens[cue_last].end if has_cue else None,
        parts=[[s, e] for s, e in statement.parts],
        paragraph=view.article.paragraph_at(start),
    )


def _ranked_speaker(
    view: ArticleView,
    item: _Found,
    rule: Speaker | None,
    state: _State,
    channel: Channel | None = None,
) -> tuple[Speaker | None, Decision]:
    """The speaker the model ranks first among the statement's candidates
    (recorded for training when asked); the rules' choice without a model.
    The statement's channel ("quoted by Y", "told the BBC") only relays the
    words: it is no candidate unless the rules chose it."""
    statement = item.statement
    start, end = statement.parts[0][0], statement.parts[-1][1]
    has_cue = statement.cue[0] >= 0
    anchor = statement.cue[0] if has_cue else min(view.token_at(start), len(view.tokens) - 1)
    mention = _mention_tokens(view, rule) if statement.speaker is not None else None
    previous: list[str] = []
    for quote in reversed(state.quotes):
        if quote.speaker and quote.speaker not in previous:
            previous.append(quote.speaker)
    context = Context(
        kind=statement.kind,
        form=statement.form or ("quote-" + ("cued" if has_cue else "uncued")),
        anchor=anchor,
        start=start,
        end=end,
        rule=rule,
        mention=mention,
        mention_kind=rule.kind if rule is not None and mention is not None else "",
        continuation=not has_cue and (item.continuation or statement.form == "quote-fragment"),
        previous=previous,
        spoken=state.spoken,
        clause_subject=_clause_subject(view, statement, state) if mention is None else None,
    )
    options = [c for c in candidates(view, context) if not _is_channel(c, channel)]
    decision = Decision(statement.kind, context.form, statement.parts, options, rule)
    if state.model is None:
        return rule, decision
    best = max(options, key=lambda c: state.model.score(c.features))  # type: ignore[union-attr]
    return _chosen(best, rule, context.clause_subject), decision


def _is_channel(candidate: Candidate, channel: Channel | None) -> bool:
    return (
        channel is not None
        and candidate.name is not None
        and "rule" not in candidate.sources
        and fold(candidate.name) == fold(channel.name)
    )


def _clause_subject(view: ArticleView, statement: Statement, state: _State) -> Speaker | None:
    """For a statement with no speaker mention (a quoted fragment), the
    subject of the nearest finite verb before it in its sentence: "Des
    militants ont manifesté pour dénoncer une « criminalisation »"."""
    first = view.token_at(statement.parts[0][0])
    if first >= len(view.tokens):
        return None
    sentence_start, _ = view.sentence_of(first)
    for position in range(first - 1, sentence_start - 1, -1):
        token = view.tokens[position]
        if token.start in view.quoted:
            continue
        if token.pos in ("VERB", "AUX") and token.feature("VerbForm") == "Fin":
            subject = subject_phrase(view, position)
            if subject is None or is_author_voice(view, *subject):
                return None
            return resolve(view, subject[0], subject[1], state.history)
    return None


def _mention_tokens(view: ArticleView, speaker: Speaker | None) -> tuple[int, int] | None:
    if speaker is None or speaker.end <= speaker.start:
        return None
    first = view.token_containing(speaker.start)
    last = view.token_containing(speaker.end - 1)
    if first is None or last is None:
        return None
    return first, last


def _chosen(
    best: Candidate, rule: Speaker | None, clause_subject: Speaker | None
) -> Speaker | None:
    """The speaker for a chosen candidate: the rules' own when the model
    agrees with them, the clause's subject when it is the one chosen, else
    the candidate's name with the rules' mention."""
    if "rule" in best.sources and rule is not None:
        return rule
    if "clause_subject" in best.sources and clause_subject is not None:
        return clause_subject
    if best.name is None:
        if rule is None:
            return None
        return Speaker(rule.mention, rule.start, rule.end, None, rule.type, kind=rule.kind)
    kind = best.type or "person"
    if rule is None:
        return Speaker("", 0, 0, best.name, kind, kind="model")
    return Speaker(rule.mention, rule.start, rule.end, best.name, kind, rule.role, "model")


def _previous_speaker(view: ArticleView, statement: Statement, state: _State) -> Speaker | None:
    quotes, history = state.quotes, state.history
    if not quotes or not history:
        return None
    previous = quotes[-1]
    here = view.token_at(statement.parts[0][0])
    there = view.token_containing(max(previous.start, previous.end - 1))
    if here >= len(view.tokens) or there is None:
        return None
    if _sentences_between(view, there, here) >= CONTINUATION_SENTENCES:
        return None
    last = history[-1]
    if not last.name:
        return None
    return Speaker("", 0, 0, last.name, last.type, kind="previous")


def _sentences_between(view: ArticleView, there: int, here: int) -> int:
    """Sentences with words strictly between tokens ``there`` and ``here`` (a
    quotation mark the sentence splitter left on its own is not a sentence)."""
    ends = {view.tokens[there].sent, view.tokens[here].sent}
    return len(
        {
            t.sent
            for t in view.tokens[there + 1 : here]
            if t.sent not in ends and any(c.isalnum() for c in t.text)
        }
    )


@stage(
    "attribution",
    requires=("tokens", "sentences", "canonical_entities"),
    provides=("quotes", "sources"),
    languages=packs_with("attribution"),
)
def attribute(article: Article) -> Article:
    """Direct quotes, indirect speech and according-to attributions, with speakers and sources."""
    return attribute_article(article)


def attribute_with_rules(article: Article) -> Article:
    """The attribution stage by its rules alone (to measure what the model adds)."""
    return attribute_article(article, model=False)


def attribute_article(article: Article, *, model: bool = True) -> Article:
    """Find the statements of ``article`` and their speakers, and summarise its sources."""
    view = ArticleView(article)
    language = article.language or DEFAULT_LANGUAGE
    ranker = shipped_model("speakers", language) if model else None
    keep = shipped_model("statements", language) if model else None
    article.quotes = find_statements(article, view, model=ranker, keep=keep)
    article.sources = summarise_sources(article.quotes, view.words.impersonal_subjects)
    return article
