"""Source chains: the channel through which a speaker's words reach the article.

"X, cité par l'AFP, a estimé que…", "Interrogé par France Info, X juge…",
"X a déclaré à l'AFP…", "dans un entretien accordé au Monde", "invitée sur
France Inter", "a dit sur BFMTV": the speaker is X, the channel (``via``) is
the medium. An audience is no channel ("a déclaré à la presse", "devant les
députés"): after "à" or "sur" only a medium counts. "Y, citant X, affirme
que…" makes X the speaker and Y the channel.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from presswatch.core.article import SourceType
from presswatch.core.text import fold
from presswatch.stages.attribution.mentions import analyse
from presswatch.stages.attribution.speakers import (
    entity_source_type,
    noun_phrase_after,
    source_noun_type,
)
from presswatch.stages.attribution.view import ArticleView


@dataclass(frozen=True)
class Channel:
    """A channel: its tokens, canonical name and type."""

    first: int
    last: int
    name: str
    type: SourceType


def find_channel(
    view: ArticleView,
    cue: tuple[int, int],
    mention: tuple[int, int] | None,
    content: tuple[int, int] | None = None,
) -> Channel | None:
    """The channel named around a statement's cue (token range ``cue``) and
    speaker mention, in the cue's sentence, outside the statement's
    ``content`` (character range); None when there is none."""
    if cue[0] < 0:
        return None
    found = _named_channel(view, cue, mention)
    if found is None:
        found = _medium_in_sentence(view, cue, mention, content)
    return found


def _medium_in_sentence(
    view: ArticleView,
    cue: tuple[int, int],
    mention: tuple[int, int] | None,
    content: tuple[int, int] | None,
) -> Channel | None:
    """ "Invitée vendredi sur France Inter, X a rappelé…", "X est apparue sur
    un podcast de Times Radio, affirmant…": a medium named after "sur", "à"
    or "dans" anywhere in the cue's sentence, outside the statement."""
    sentence_start, sentence_end = view.sentence_of(cue[0])
    words = view.words
    for position in range(sentence_start, sentence_end - 1):
        token = view.tokens[position]
        if mention is not None and mention[0] <= position <= mention[1]:
            continue
        if content is not None and content[0] <= token.start < content[1]:
            continue
        if token.start in view.quoted:
            continue
        word = view.folded(position)
        if word in words.channel_prepositions or word == "dans":
            found = _channel_at(view, position + 1, medium_only=True)
            if found is not None and (
                content is None or not content[0] <= view.tokens[found.first].start < content[1]
            ):
                return found
    return None


def _named_channel(
    view: ArticleView, cue: tuple[int, int], mention: tuple[int, int] | None
) -> Channel | None:
    sentence_start, sentence_end = view.sentence_of(cue[0])
    words = view.words
    folded = view.folded_texts
    starts = _channel_starts(view)
    first = bisect.bisect_left(starts, sentence_start)
    last = bisect.bisect_left(starts, sentence_end)
    for position in starts[first:last]:
        if mention is not None and mention[0] <= position <= mention[1]:
            continue
        word = folded[position]
        if (
            word in words.channel_participles
            and position + 1 < sentence_end
            and folded[position + 1] in words.agent_prepositions
        ):
            found = _channel_at(view, position + 2, medium_only=False)
            if found is not None:
                return found
        for phrase in words.channel_phrases:
            end = position + len(phrase)
            if end < sentence_end and tuple(folded[position:end]) == phrase:
                found = _channel_at(view, end, medium_only=False)
                if found is not None:
                    return found
    return _after_verb(view, cue, sentence_end)


def _channel_starts(view: ArticleView) -> list[int]:
    """Tokens that may start a channel phrase, found once per article."""
    found = view.cache.get("channel_starts")
    if isinstance(found, list):
        return found
    words = view.words
    firsts = words.channel_participles | {phrase[0] for phrase in words.channel_phrases}
    starts = [i for i, word in enumerate(view.folded_texts) if word in firsts]
    view.cache["channel_starts"] = starts
    return starts


def _after_verb(view: ArticleView, cue: tuple[int, int], sentence_end: int) -> Channel | None:
    """ "a déclaré à l'AFP", "a dit sur BFMTV", "told the BBC": a medium right
    after the cue verb."""
    position = cue[1] + 1
    words = view.words
    while position < sentence_end and view.tokens[position].pos == "ADV":
        position += 1
    if position < sentence_end and view.folded(position) in words.channel_prepositions:
        return _channel_at(view, position + 1, medium_only=True)
    verb = view.tokens[cue[1]]
    if position < sentence_end and fold(verb.lemma) in words.channel_object_verbs:
        return _channel_at(view, position, medium_only=True)  # "told the BBC"
    return None


def _channel_at(view: ArticleView, index: int, *, medium_only: bool) -> Channel | None:
    """The medium (or, unless ``medium_only``, any source) named at token ``index``."""
    if index >= len(view.tokens):
        return None
    phrase = noun_phrase_after(view, index)
    if phrase is None:
        return None
    mention = analyse(view, *phrase)
    if mention is None:
        return None
    if mention.entity is not None:
        kind = entity_source_type(mention.entity)
        if medium_only and kind != "media":
            return None
        return Channel(mention.first, mention.last, mention.entity.canonical, kind)
    head_type = source_noun_type(view, mention.head)
    if head_type == "media" or medium_only:
        # "un podcast de Times Radio", "l'antenne de RTL": the outlet named in the phrase
        for entity in view.entities_in(mention.first, mention.last):
            if entity_source_type(entity) == "media":
                first, last = view.token_at(entity.start), view.token_containing(entity.end - 1)
                return Channel(
                    first, last if last is not None else first, entity.canonical, "media"
                )
    if medium_only or head_type is None or mention.kind == "pronoun":
        return None
    return Channel(
        mention.first,
        mention.last,
        view.span_text(mention.first, mention.last),
        head_type,  # type: ignore[arg-type]
    )


def citing(
    view: ArticleView, mention: tuple[int, int]
) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """ "L'agence Reuters, citant trois responsables américains, affirme…":
    (the cited source's tokens, the citing channel's tokens), else None."""
    first, last = mention
    _, sentence_end = view.sentence_of(first)
    position = last + 1
    words = view.words
    if position + 1 >= sentence_end or view.tokens[position].text != ",":
        return None
    if view.folded(position + 1) not in words.citing_words:
        return None
    cited = noun_phrase_after(view, position + 2)
    if cited is None or analyse(view, *cited) is None:
        return None
    return cited, mention
