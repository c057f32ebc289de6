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
from dataclasses import dataclass

from presswatch.core.article import Article, Quote
from presswatch.core.pipeline import stage
from presswatch.lang import packs_with
from presswatch.stages.attribution.quotes import (
    MIN_STATEMENT_WORDS,
    MIN_UNCUED_WORDS,
    Cue,
    QuoteSpan,
    cue_after,
    cue_before,
    cue_governing,
    find_quotations,
    incise_inside,
)
from presswatch.stages.attribution.reported import (
    Statement,
    according_statements,
    indirect_statements,
    inverted_statements,
)
from presswatch.stages.attribution.sources import summarise_sources
from presswatch.stages.attribution.speakers import Speaker, resolve
from presswatch.stages.attribution.view import ArticleView

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
    for span in find_quotations(view.text, paragraphs, single=view.single_quotes):
        statement = _direct(view, span)
        if statement is not None:
            found.append(statement)
    return found


def _direct(view: ArticleView, span: QuoteSpan) -> _Found | None:
    cue: Cue | None = None
    split = incise_inside(view, span)
    if split is not None:
        span, cue = split
    if cue is None:
        cue = cue_after(view, view.token_at(span.outer_end))
    opening = view.token_containing(span.outer_start)
    if (cue is None or cue.speaker is None) and opening is not None:
        before = cue_before(view, opening) or cue_governing(view, opening)
        if before is not None and (cue is None or before.speaker is not None):
            cue = before
    long_enough = span.word_count(view.text) >= MIN_STATEMENT_WORDS
    if cue is None:
        statement = Statement("direct", span.parts, (-1, -1), None)
        return _Found(statement, continuation=_sentence_like(view, span))
    if cue.speaker is None and not long_enough:
        return None
    return _Found(Statement("direct", span.parts, (cue.first, cue.last), cue.speaker))


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


def find_statements(article: Article, view: ArticleView | None = None) -> list[Quote]:
    """All statements of ``article`` with resolved speakers, in text order.

    A quotation with no cue of its own that lies inside an indirect or
    according-to statement ("X juge que l'Europe « paie … »") belongs to
    that statement; an indirect statement built on the same cue as a
    quotation, or overlapping a quotation that has its own cue, is dropped."""
    view = view or ArticleView(article)
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
    for item in direct:
        if item.statement.cue[0] < 0:
            found_host = hosts[id(item)]
            host = None if found_host is None else others[found_host]
            if host is not None:
                item.statement.cue, item.statement.speaker = (
                    host.statement.cue,
                    host.statement.speaker,
                )
                item.continuation = False
            elif not item.continuation:
                continue  # a short quoted phrase nobody is said to have said: scare quotes, a title
        kept.append(item)
    found = sorted(kept + _dedupe(others), key=lambda f: f.statement.parts[0][0])
    quotes: list[Quote] = []
    history: list[Speaker] = []
    for item in found:
        quote = _to_quote(view, item, history, quotes)
        if quote is not None:
            quotes.append(quote)
    return quotes


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


def _to_quote(
    view: ArticleView, item: _Found, history: list[Speaker], quotes: list[Quote]
) -> Quote | None:
    statement = item.statement
    speaker: Speaker | None = None
    if statement.speaker is not None:
        speaker = resolve(view, statement.speaker[0], statement.speaker[1], history)
        if speaker is None:
            return None  # the author's own voice ("je pense que…")
        history.append(speaker)
    elif item.continuation:
        speaker = _previous_speaker(view, statement, quotes, history)
    text = view.text
    start, end = statement.parts[0][0], statement.parts[-1][1]
    cue_first, cue_last = statement.cue
    has_cue = cue_first >= 0
    return Quote(
        kind=statement.kind,  # type: ignore[arg-type]
        text=" […] ".join(text[s:e] for s, e in statement.parts)
        if len(statement.parts) > 1
        else text[start:end],
        start=start,
        end=end,
        speaker=speaker.name if speaker else None,
        speaker_mention=speaker.mention if speaker and statement.speaker is not None else None,
        cue=view.span_text(cue_first, cue_last) if has_cue else None,
        speaker_type=speaker.type if speaker else None,
        speaker_start=speaker.start if speaker and statement.speaker is not None else None,
        speaker_end=speaker.end if speaker and statement.speaker is not None else None,
        cue_start=view.tokens[cue_first].start if has_cue else None,
        cue_end=view.tokens[cue_last].end if has_cue else None,
        parts=[[s, e] for s, e in statement.parts],
        paragraph=view.article.paragraph_at(start),
    )


def _previous_speaker(
    view: ArticleView, statement: Statement, quotes: list[Quote], history: list[Speaker]
) -> Speaker | None:
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
    return Speaker(last.mention, last.start, last.end, last.name, last.type) if last.name else None


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
    view = ArticleView(article)
    article.quotes = find_statements(article, view)
    article.sources = summarise_sources(article.quotes, view.words.impersonal_subjects)
    return article
