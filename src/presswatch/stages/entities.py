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

from presswatch.core.article import Article, Entity, Token
from presswatch.core.pipeline import stage
from presswatch.core.text import fold
from presswatch.lexicon import (
    capitals,
    first_names,
    government_bodies,
    looks_like_media_name,
    media_outlet,
    source_nouns,
)

_LEADING_ARTICLE = re.compile(r"^(?:l['’]|le\s+|la\s+|les\s+|the\s+)", re.IGNORECASE)
_TITLES = frozenset(
    fold(t)
    for t in [
        "M.",
        "M",
        "Mme",
        "Mlle",
        "Mgr",
        "Dr",
        "Pr",
        "Me",
        "MM.",
        "Monsieur",
        "Madame",
        "Sir",
        "Lord",
        "Saint",
    ]
)
#: Nouns after which a capitalised name is a product or weapon, not a person.
_PRODUCT_NOUNS = frozenset(
    fold(n)
    for n in [
        "missile",
        "missiles",
        "char",
        "chars",
        "avion",
        "avions",
        "drone",
        "drones",
        "hélicoptère",
        "hélicoptères",
        "fusil",
        "fusils",
        "système",
        "systèmes",
        "lance-roquettes",
        "navire",
        "navires",
        "sous-marin",
        "sous-marins",
        "vaccin",
        "vaccins",
        "voiture",
        "voitures",
        "modèle",
        "modèles",
        "logiciel",
        "logiciels",
        "application",
        "applications",
        "opération",
        "opérations",
        "programme",
        "programmes",
        "antichars",
        "antiaériens",
        "antiaérien",
        "antichar",
        "obus",
        "roquette",
        "roquettes",
        "canon",
        "canons",
        "blindé",
        "blindés",
        "batterie",
        "batteries",
        "satellite",
        "satellites",
        "gazoduc",
        "oléoduc",
    ]
)


def _strip(entity: Entity) -> Entity:
    match = _LEADING_ARTICLE.match(entity.text)
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


def _is_spurious(entity: Entity, text: str) -> bool:
    if not any(ch.isalpha() for ch in entity.text):
        return True
    before = text[max(0, entity.start - 2) : entity.start]
    # "chef d'État", "coup d'État": a common noun, not a place
    return fold(entity.text) == "etat" and before in ("d'", "d’")


def _relabel(entity: Entity, tokens: list[Token], starts: list[int]) -> None:
    """Fix labels the NER model often gets wrong: weapons and products named
    after a noun ("missiles Javelin") are not persons; "Fiona Hill" or
    "Notis Mitarachi" labelled as a place or organisation are persons."""
    if entity.label == "PER":
        for token in reversed(_tokens_before(tokens, starts, entity)):
            if fold(token.text) in _PRODUCT_NOUNS:
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
        and key not in capitals()
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


def _name_words(name: str) -> list[str]:
    words = [w for w in re.split(r"[\s\-]+", fold(name)) if w]
    while words and words[0] in _TITLES:
        words = words[1:]
    return words


_MEDIA_NOUNS = frozenset(fold(k) for k, v in source_nouns().items() if v == "media") | {
    "bihebdomadaire",
    "quotidien",
    "tabloid",
}


def _introduced_as_media(entity: Entity, tokens: list[Token], starts: list[int]) -> bool:
    """ "le quotidien britannique X", "X, un hebdomadaire …"."""
    index = bisect.bisect_left(starts, entity.start)
    for token in reversed(tokens[max(0, index - 4) : index]):
        if fold(token.lemma) in _MEDIA_NOUNS or fold(token.text) in _MEDIA_NOUNS:
            return True
        if token.pos not in ("ADJ", "NOUN", "DET"):
            break
    after = bisect.bisect_left(starts, entity.end)
    following = tokens[after : after + 4]
    return (
        len(following) >= 3
        and following[0].text == ","
        and any(fold(t.lemma) in _MEDIA_NOUNS for t in following[1:])
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


def entity_kind(entity: Entity) -> str | None:
    """Finer type used by attribution: media, government or None."""
    if entity.label in ("ORG", "MISC") and looks_like_media_name(entity.text):
        return "media"
    key = fold(entity.text)
    if key in government_bodies() or (entity.label == "LOC" and key in capitals()):
        return "government"
    return None


def group_mentions(entities: list[Entity]) -> None:
    """Give mentions of the same entity one canonical name (in place).

    A person mention whose words are all part of a longer person mention
    ("Lavrov" in "Sergueï Lavrov") takes the nearest such name, preferring one
    that came before. Other mentions group by folded text; an acronym groups
    with the name whose initials it spells. The canonical name is the longest
    form, then the first seen."""
    full_names: list[tuple[int, Entity, list[str]]] = []
    for index, entity in enumerate(entities):
        if entity.label == "PER":
            full_names.append((index, entity, _name_words(entity.text)))
    for index, entity in enumerate(entities):
        if entity.label != "PER":
            continue
        words = _name_words(entity.text)
        candidates = [
            (other_index, other)
            for other_index, other, other_words in full_names
            if words and _names_subsume(other_words, words) and other_words != words
        ]
        if candidates:
            before = [c for c in candidates if c[0] < index]
            _, chosen = before[-1] if before else candidates[0]
            entity.canonical = _display(chosen.text)
        else:
            entity.canonical = _display(entity.text)
    groups: dict[str, list[Entity]] = {}
    for entity in entities:
        if entity.label != "PER":
            entity.canonical = _display(entity.text)
        groups.setdefault(fold(entity.canonical), []).append(entity)
    _merge_acronyms(groups)
    for members in groups.values():
        best = max(members, key=lambda e: (len(e.canonical), -e.start)).canonical
        label = _majority_label(members)
        for member in members:
            member.canonical = best
            member.label = label  # type: ignore[assignment]


def _display(name: str) -> str:
    words = name.split()
    while words and fold(words[0]) in _TITLES and len(words) > 1:
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


@stage("entities", requires=("entities", "tokens"), provides=("canonical_entities",))
def canonicalise_entities(article: Article) -> Article:
    """Trim and relabel entity mentions, then group them into entities."""
    cleaned: list[Entity] = []
    starts = [t.start for t in article.tokens]
    for entity in article.entities:
        entity = _strip(entity)
        if _is_spurious(entity, article.text):
            continue
        _relabel(entity, article.tokens, starts)
        cleaned.append(entity)
    _surnames_as_persons(cleaned)
    group_mentions(cleaned)
    media = {e.canonical for e in cleaned if _introduced_as_media(e, article.tokens, starts)}
    for entity in cleaned:
        entity.kind = "media" if entity.canonical in media else entity_kind(entity)
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
