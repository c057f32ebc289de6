"""The sources summary: who the article relies on, and how much."""

from __future__ import annotations

import itertools

from presswatch.core.article import Quote, Source
from presswatch.core.text import fold

#: Order used when two sources have the same number of statements.
_TYPE_ORDER = ("person", "government", "organisation", "media", "document", "vague")


def _source_name(quote: Quote, no_name: frozenset[str]) -> str | None:
    if quote.speaker:
        return quote.speaker
    if (
        quote.speaker_type == "vague"
        and quote.speaker_mention
        and fold(quote.speaker_mention) not in no_name
    ):
        return quote.speaker_mention
    return None  # unattributed, an unresolved pronoun, or the impersonal "on"


def _nested(quotes: list[Quote]) -> set[int]:
    """The indexes of the quotes that lie inside another quote of the same
    speaker (a different span that contains theirs), found in
    O(n log n): sorted by start, each is inside an earlier-starting quote
    whose end reaches its end, or a same-start quote that ends later."""
    by_speaker: dict[str | None, list[int]] = {}
    for index, quote in enumerate(quotes):
        by_speaker.setdefault(quote.speaker, []).append(index)
    nested: set[int] = set()
    for indexes in by_speaker.values():
        ordered = sorted(indexes, key=lambda i: (quotes[i].start, -quotes[i].end))
        furthest = -1  # the furthest end among quotes starting strictly earlier
        for _, group in itertools.groupby(ordered, key=lambda i: quotes[i].start):
            same_start = list(group)
            longest = quotes[same_start[0]].end
            for index in same_start:
                end = quotes[index].end
                if furthest >= end or end < longest:
                    nested.add(index)
            furthest = max(furthest, longest)
    return nested


def summarise_sources(quotes: list[Quote], impersonal_subjects: frozenset[str]) -> list[Source]:
    """One :class:`Source` per speaker or cited source, most relied on first
    (a vague subject in ``impersonal_subjects``, such as "on", names no source)."""
    sources: dict[str, Source] = {}
    nested = _nested(quotes)
    for index, quote in enumerate(quotes):
        if index in nested:
            continue  # a quoted phrase inside a statement already counted
        name = _source_name(quote, impersonal_subjects)
        if name is None or quote.speaker_type is None:
            continue
        key = fold(name)
        source = sources.get(key)
        if source is None:
            source = sources[key] = Source(name=name, type=quote.speaker_type, statements=0)
        source.statements += 1
        source.kinds[quote.kind] = source.kinds.get(quote.kind, 0) + 1
        mention = quote.speaker_mention
        if mention and mention not in source.mentions:
            source.mentions.append(mention)
    return sorted(
        sources.values(),
        key=lambda s: (-s.statements, _TYPE_ORDER.index(s.type), s.name),
    )
