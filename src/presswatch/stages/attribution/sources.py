"""The sources summary: who the article relies on, and how much."""

from __future__ import annotations

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


def _nested(quote: Quote, quotes: list[Quote]) -> bool:
    return any(
        other is not quote
        and other.speaker == quote.speaker
        and other.start <= quote.start
        and quote.end <= other.end
        and (other.start, other.end) != (quote.start, quote.end)
        for other in quotes
    )


def summarise_sources(quotes: list[Quote], impersonal_subjects: frozenset[str]) -> list[Source]:
    """One :class:`Source` per speaker or cited source, most relied on first
    (a vague subject in ``impersonal_subjects``, such as "on", names no source)."""
    sources: dict[str, Source] = {}
    for quote in quotes:
        if _nested(quote, quotes):
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
