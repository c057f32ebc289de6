"""Entity clean-up and grouping of mentions into canonical entities.

spaCy's mentions are trimmed (leading articles: "L'Estonie" -> "Estonie"),
obvious mislabels are fixed (a weapon called "Javelin" after "missiles" is not
a person; "État" in "chefs d'État" is not a place), and mentions that refer
to the same entity share one ``canonical`` name: "Lavrov", "M. Lavrov" and
"Sergueï Lavrov" are all "Sergueï Lavrov"; "le Daily Mail" is "Daily Mail".
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from presswatch.core.article import Article, Entity, Token
from presswatch.core.pipeline import stage
from presswatch.core.text import fold
from presswatch.lang import DEFAULT_LANGUAGE, language_pack, packs_with
from presswatch.lang.pack import LanguagePack
from presswatch.lang.parts import EntityWords, Lexicon
from presswatch.lang.xx import first_names, looks_like_media_name, media_outlet


@dataclass(frozen=True)
class _Rules:
    """A language's entity knowledge, ready to use."""

    words: EntityWords
    lexicon: Lexicon
    leading_article: re.Pattern[str]
    media_nouns: frozenset[str]


@cache
def _rules(pack: LanguagePack) -> _Rules:
    assert pack.entities is not None and pack.lexicon is not None
    media = frozenset(fold(k) for k, v in pack.lexicon.source_nouns.items() if v == "media")
    return _Rules(
        pack.entities,
        pack.lexicon,
        re.compile(pack.entities.leading_article, re.IGNORECASE),
        media | pack.entities.media_nouns,
    )


def _rules_for(language: str | None) -> _Rules:
    return _rules(language_pack(language or DEFAULT_LANGUAGE))


def _strip(entity: Entity, rules: _Rules) -> Entity:
    match = rules.leading_article.match(entity.text)
    if match and len(entity.text) > match.end() + 1:
        entity.start += match.end()
        entity.text = entity.text[match.end() :]
    stripped = entity.text.rstrip(" .,;:!?»\"'’")
    entity.end -= len(entity.text) - len(stripped)
    entity.text = stripped
    return entity


def _tokens_before(
    tokens: list[Token], starts: list[int], entity: Entity, limit: int = 3
) -> list[Token]:
    index = bisect.bisect_left(starts, entity.start)
    return tokens[max(0, index - limit) : index]


def _is_spurious(entity: Entity, text: str, words: EntityWords) -> bool:
    if not any(ch.isalpha() for ch in entity.text):
        return True
    before = text[max(0, entity.start - 2) : entity.start]
    # "chef d'État", "coup d'État": a common noun, not a place
    return fold(entity.text) in words.common_after_elision and before in words.elisions


def _relabel(entity: Entity, tokens: list[Token], starts: list[int], rules: _Rules) -> None:
    """Fix labels the NER model often gets wrong: weapons and products named
    after a noun ("missiles Javelin") are not persons; "Fiona Hill" or
    "Notis Mitarachi" labelled as a place or organisation are persons."""
    if entity.label == "PER":
        for token in reversed(_tokens_before(tokens, starts, entity)):
            if fold(token.text) in rules.words.product_nouns:
                entity.label = "MISC"
                return
            if token.pos not in ("NOUN", "ADJ"):
                return
        return
    words = entity.text.split()
    key = fold(entity.text)
    if (
        2 <= len(words) <= 4
        and fold(words[0]) in first_names()
        and key not in rules.lexicon.capitals
        and not looks_like_media_name(entity.text)
    ):
        entity.label = "PER"


def _surnames_as_persons(entities: list[Entity]) -> None:
    """A one-word non-person mention equal to a named person's surname
    ("Mitarachi" after "Notis Mitarachi") is that person."""
    surnames = {
        fold(e.text.split()[-1]) for e in entities if e.label == "PER" and len(e.text.split()) > 1
    }
    for entity in entities:
        if (
            entity.label != "PER"
            and len(entity.text.split()) == 1
            and fold(entity.text) in surnames
        ):
            entity.label = "PER"


def _name_words(name: str, titles: frozenset[str]) -> list[str]:
    words = [w for w in re.split(r"[\s\-]+", fold(name)) if w]
    while words and words[0] in titles:
        words = words[1:]
    return words


def _introduced_as_media(
    entity: Entity, tokens: list[Token], starts: list[int], media_nouns: frozenset[str]
) -> bool:
    """ "le quotidien britannique X", "X, un hebdomadaire …"."""
    index = bisect.bisect_left(starts, entity.start)
    for token in reversed(tokens[max(0, index - 4) : index]):
        if fold(token.lemma) in media_nouns or fold(token.text) in media_nouns:
            return True
        if token.pos not in ("ADJ", "NOUN", "DET"):
            break
    after = bisect.bisect_left(starts, entity.end)
    following = tokens[after : after + 4]
    return (
        len(following) >= 3
        and following[0].text == ","
        and any(fold(t.lemma) in media_nouns for t in following[1:])
    )


def _names_subsume(full: list[str], short: list[str]) -> bool:
    """Every word of ``short`` is a word of ``full`` or its initial:
    "Lavrov" and "S. Lavrov" in "Sergueï Lavrov"."""
    if len(short) > len(full):
        return False
    remaining = list(full)
    for word in short:
        initial = word.rstrip(".")
        match = next(
            (w for w in remaining if w == word or (len(initial) == 1 and w.startswith(initial))),
            None,
        )
        if match is None:
            return False
        remaining.remove(match)
    return True


def entity_kind(entity: Entity, lexicon: Lexicon) -> str | None:
    """Finer type used by attribution: media, government or None."""
    if entity.label in ("ORG", "MISC") and looks_like_media_name(entity.text):
        return "media"
    key = fold(entity.text)
    if key in lexicon.government_bodies or (entity.label == "LOC" and key in lexicon.capitals):
        return "government"
    return None


def group_mentions(entities: list[Entity], language: str = DEFAULT_LANGUAGE) -> None:
    """Give mentions of the same entity one canonical name (in place).

    A person mention whose words are all part of a longer person mention
    ("Lavrov" in "Sergueï Lavrov") takes the nearest such name, preferring one
    that came before. Other mentions group by folded text; an acronym groups
    with the name whose initials it spells. The canonical name is the longest
    form, then the first seen. Titles ("M.", "Mme") are those of ``language``."""
    titles = _rules_for(language).words.titles
    full_names: list[tuple[int, Entity, list[str]]] = []
    for index, entity in enumerate(entities):
        if entity.label == "PER":
            full_names.append((index, entity, _name_words(entity.text, titles)))
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
            _, chosen = before[-1] if before else candidates[0]
            entity.canonical = _display(chosen.text, titles)
        else:
            entity.canonical = _display(entity.text, titles)
    groups: dict[str, list[Entity]] = {}
    for entity in entities:
        if entity.label != "PER":
            entity.canonical = _display(entity.text, titles)
        groups.setdefault(fold(entity.canonical), []).append(entity)
    _merge_acronyms(groups)
    for members in groups.values():
        best = max(members, key=lambda e: (len(e.canonical), -e.start)).canonical
        label = _majority_label(members)
        for member in members:
            member.canonical = best
            member.label = label  # type: ignore[assignment]


def _display(name: str, titles: frozenset[str]) -> str:
    words = name.split()
    while words and fold(words[0]) in titles and len(words) > 1:
        words = words[1:]
    return " ".join(words)


def _initials(name: str) -> str:
    return "".join(
        w[0] for w in re.split(r"[\s\-']+", fold(name)) if w and w[0].isalpha() and len(w) > 2
    )


def _merge_acronyms(groups: dict[str, list[Entity]]) -> None:
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


def _majority_label(members: list[Entity]) -> str:
    counts: dict[str, int] = {}
    for member in members:
        counts[member.label] = counts.get(member.label, 0) + 1
    return max(counts, key=lambda label: (counts[label], label == members[0].label))


@stage(
    "entities",
    requires=("entities", "tokens"),
    provides=("canonical_entities",),
    languages=packs_with("entities"),
)
def canonicalise_entities(article: Article) -> Article:
    """Trim and relabel entity mentions, then group them into entities."""
    rules = _rules_for(article.language)
    cleaned: list[Entity] = []
    starts = [t.start for t in article.tokens]
    for entity in article.entities:
        entity = _strip(entity, rules)
        if _is_spurious(entity, article.text, rules.words):
            continue
        _relabel(entity, article.tokens, starts, rules)
        cleaned.append(entity)
    _surnames_as_persons(cleaned)
    group_mentions(cleaned, article.language or DEFAULT_LANGUAGE)
    media = {
        e.canonical
        for e in cleaned
        if _introduced_as_media(e, article.tokens, starts, rules.media_nouns)
    }
    for entity in cleaned:
        entity.kind = "media" if entity.canonical in media else entity_kind(entity, rules.lexicon)
        outlet = media_outlet(entity.canonical) if entity.kind == "media" else None
        if outlet is not None:
            entity.canonical = outlet.name  # one name per outlet across articles
    _reindex_tokens(article.tokens, cleaned)
    article.entities = cleaned
    return article


def _reindex_tokens(tokens: list[Token], entities: list[Entity]) -> None:
    for token in tokens:
        token.ent = -1
    position = 0
    for index, entity in enumerate(entities):
        while position < len(tokens) and tokens[position].end <= entity.start:
            position += 1
        scan = position
        while scan < len(tokens) and tokens[scan].start < entity.end:
            tokens[scan].ent = index
            scan += 1
