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
    name_breaks: re.Pattern[str]


@cache
def _rules(pack: LanguagePack) -> _Rules:
    assert pack.entities is not None and pack.lexicon is not None
    media = frozenset(fold(k) for k, v in pack.lexicon.source_nouns.items() if v == "media")
    return _Rules(
        pack.entities,
        pack.lexicon,
        re.compile(pack.entities.leading_article, re.IGNORECASE),
        media | pack.entities.media_nouns,
        re.compile(pack.entities.name_breaks),
    )


def _rules_for(language: str | None) -> _Rules:
    return _rules(language_pack(language or DEFAULT_LANGUAGE))


def _strip(entity: Entity, rules: _Rules) -> Entity:
    pieces = rules.name_breaks.split(entity.text)
    if len(pieces) > 1:
        longest = max(pieces, key=len)
        entity.start += entity.text.index(longest)
        entity.end = entity.start + len(longest)
        entity.text = longest
    match = rules.leading_article.match(entity.text)
    if match and len(entity.text) > match.end() + 1:
        entity.start += match.end()
        entity.text = entity.text[match.end() :]
    stripped = entity.text.rstrip(" .,;:!?»\"'’")
    for possessive in rules.words.possessives:
        if stripped.endswith(possessive) and len(stripped) > len(possessive) + 1:
            stripped = stripped[: -len(possessive)].rstrip()
            break
    entity.end -= len(entity.text) - len(stripped)
    entity.text = stripped
    return entity


def _whole_name(entity: Entity, tokens: list[Token], starts: list[int]) -> Entity:
    """Extend a name the NER cut short after a given name: "Amélie" +
    " Oudéa-Castéra" (the proper nouns that follow, hyphens included)."""
    words = entity.text.split()
    if len(words) != 1 or fold(words[0]) not in first_names():
        return entity
    index = bisect.bisect_left(starts, entity.end)
    end = entity.end
    while index < len(tokens):
        token = tokens[index]
        glued = token.start == end
        if token.pos == "PROPN" and token.text[:1].isupper():
            end = token.end
        elif token.text in ("-", "‐") and glued:
            pass
        else:
            break
        index += 1
    if end > entity.end and not entity.text.endswith("-"):
        entity.text += _gap_and_rest(tokens, entity.end, end)
        entity.end = end
        entity.label = "PER"
    return entity


def _split_glued_person(entity: Entity) -> list[Entity]:
    """ "Rassemblement national Marine Le Pen", "LR Bruno Retailleau": the NER
    glued an organisation and the person it introduces into one name. Split
    where a known given name starts a capitalised tail of two to four words,
    when what comes before is an acronym or at least two words — not
    "Fondation Jean Jaurès" or "Lycée Victor Hugo", one word named after a
    person."""
    if entity.label == "PER":
        return [entity]
    words = entity.text.split(" ")
    for index in range(1, len(words) - 1):
        tail, head = words[index:], words[:index]
        if fold(words[index]) not in first_names() or not 2 <= len(tail) <= 4:
            continue
        if not all(word[:1].isupper() for word in tail):
            continue
        if fold(head[-1]) in first_names():
            continue  # a name of several given names: "Jean Marie Le Pen"
        if len(head) < 2 and not (head[0].isupper() and len(head[0]) > 1):
            continue
        offset = len(" ".join(head)) + 1
        first_text = " ".join(head)
        person_text = " ".join(tail)
        organisation = Entity(
            first_text, entity.label, entity.start, entity.start + len(first_text), first_text
        )
        person = Entity(person_text, "PER", entity.start + offset, entity.end, person_text)
        return [organisation, person]
    return [entity]


def _gap_and_rest(tokens: list[Token], start: int, end: int) -> str:
    text = ""
    position = start
    for token in tokens:
        if token.start >= start and token.end <= end:
            text += " " * (token.start - position) + token.text
            position = token.end
    return text


def _role_word(word: str, rules: _Rules) -> bool:
    key = fold(word)
    return rules.lexicon.source_nouns.get(key) == "person" or key in rules.words.title_prefixes


def _is_role(entity: Entity, rules: _Rules) -> bool:
    """ "ministre des Affaires étrangères", "porte-parole du Kremlin",
    "Premier ministre indien": a role the NER took for a name (it starts with a
    lower-case role noun, or has no word but titles and lower-case words)."""
    words = entity.text.split()
    if not words or not _role_word(words[0], rules):
        return False
    # "Premier ministre indien": title words and lower-case words only, no name
    return words[0][:1].islower() or all(
        _role_word(word, rules) or word[:1].islower() for word in words
    )


def _without_title(entity: Entity, rules: _Rules) -> Entity:
    """ "Premier ministre Jean Castex" -> "Jean Castex" (a person): the title
    words leading a name are not part of it."""
    words = entity.text.split(" ")
    count = 0
    while count < len(words) - 1 and (
        _role_word(words[count], rules)
        or (count > 0 and words[count].islower() and rules.lexicon.nationality(words[count]))
    ):
        count += 1
    if count == 0 or not words[count][:1].isupper():
        return entity
    offset = len(" ".join(words[:count])) + 1
    entity.start += offset
    entity.text = entity.text[offset:]
    entity.label = "PER"
    return entity


def _tokens_before(
    tokens: list[Token], starts: list[int], entity: Entity, limit: int = 3
) -> list[Token]:
    index = bisect.bisect_left(starts, entity.start)
    return tokens[max(0, index - limit) : index]


def _is_spurious(entity: Entity, text: str, words: EntityWords) -> bool:
    if not any(ch.isalpha() for ch in entity.text):
        return True
    if words.capitalised and not (entity.text[:1].isupper() or entity.text[:1].isdigit()):
        return True  # "pneumonic"
    if words.capitalised and entity.label == "PER" and _headline_words(entity.text):
        return True  # "TRUMP TELLS JEFF SESSIONS TO PUT AN END", "Mueller News: ‘Huge Victory"
    before = text[max(0, entity.start - 2) : entity.start]
    # "chef d'État", "coup d'État": a common noun, not a place
    return fold(entity.text) in words.common_after_elision and before in words.elisions


#: Punctuation no person's name holds (a headline's colon or quotation marks).
_NOT_IN_NAMES = frozenset(':;!?"“”‘«»')
#: More words than a person's name has.
_MAX_NAME_WORDS = 5


def _headline_words(name: str) -> bool:
    """A "person" the NER found in a headline of a language that capitalises
    names: several words in capitals, punctuation no name holds, or too many words."""
    words = name.split()
    shouting = len(words) >= 3 and name.isupper()
    return shouting or len(words) > _MAX_NAME_WORDS or any(ch in _NOT_IN_NAMES for ch in name)


def _relabel(entity: Entity, tokens: list[Token], starts: list[int], rules: _Rules) -> None:
    """Fix labels the NER model often gets wrong: weapons and products named
    after a noun ("missiles Javelin") are not persons; "Fiona Hill" or
    "Notis Mitarachi" labelled as a place or organisation are persons, and
    so is a name after a person's title ("Mr Campbell"); religions and
    scriptures are none of the three ("Islam", "Quran")."""
    if fold(entity.text) in rules.words.other_names:
        entity.label = "MISC"
        return
    if entity.label != "PER" and (
        _after_person_title(entity, tokens, starts, rules.words)
        or _apposed_to_role(entity, tokens, starts, rules)
    ):
        entity.label = "PER"
        return
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


def _after_person_title(
    entity: Entity, tokens: list[Token], starts: list[int], words: EntityWords
) -> bool:
    """ "Mr Campbell", "Sen. Warren": a one- or two-word name right after a person's title."""
    if not words.person_titles or len(entity.text.split()) > 2:
        return False
    before = _tokens_before(tokens, starts, entity, limit=1)
    return bool(before) and _is_title(before[0].text, words.person_titles)


#: How far back before the comma the role noun of "le directeur général de
#: l'OMS, Tedros Adhanom Ghebreyesus" may stand.
_ROLE_WINDOW = 6


def _apposed_to_role(entity: Entity, tokens: list[Token], starts: list[int], rules: _Rules) -> bool:
    """ "le directeur général de l'OMS, Tedros Adhanom Ghebreyesus": a name
    of two to four capitalised words in apposition after a person's role
    (a role noun after a determiner, no verb in between) is that person —
    unless it is a known organisation, government body or medium."""
    words = entity.text.split()
    if not 2 <= len(words) <= 4 or not all(word[:1].isupper() for word in words):
        return False
    if (
        entity_kind(entity, rules.lexicon) is not None
        or fold(entity.text) in rules.lexicon.capitals
    ):
        return False
    before = _tokens_before(tokens, starts, entity, limit=_ROLE_WINDOW + 1)
    if not before or before[-1].text != ",":
        return False
    for position in range(len(before) - 2, 0, -1):
        token = before[position]
        if token.pos in ("VERB", "AUX", "PUNCT"):
            return False
        if before[position - 1].pos == "DET" and _role_word(token.text, rules):
            return True
    return False


def _is_title(word: str, titles: frozenset[str]) -> bool:
    return fold(word).rstrip(".") in titles


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


def _name_words(
    name: str, titles: frozenset[str], person_titles: frozenset[str] = frozenset()
) -> list[str]:
    words = [w for w in re.split(r"[\s\-]+", fold(name)) if w]
    while words and (words[0] in titles or words[0].rstrip(".") in person_titles):
        words = words[1:]
    return words


def _introduced_as_media(
    entity: Entity, tokens: list[Token], starts: list[int], media_nouns: frozenset[str]
) -> bool:
    """ "le quotidien britannique X", "X, un hebdomadaire …" (not a person:
    "a déclaré à la presse Piotr Müller")."""
    if entity.label == "PER" and fold(entity.text.split()[0]) in first_names():
        return False
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


class _LongerNames:
    """Which person names subsume a name (:func:`_names_subsume`), found
    through an index of their words: each distinct name is compared only
    with the distinct names holding its rarest full word, once, so grouping
    stays fast with thousands of person mentions."""

    def __init__(self, names: list[tuple[str, ...]]) -> None:
        self._mentions: dict[tuple[str, ...], list[int]] = {}
        for position, words in enumerate(names):
            self._mentions.setdefault(words, []).append(position)
        self._by_word: dict[str, list[tuple[str, ...]]] = {}
        for words in self._mentions:
            for word in set(words):
                self._by_word.setdefault(word, []).append(words)
        self._found: dict[tuple[str, ...], list[int]] = {}

    def positions(self, words: tuple[str, ...]) -> list[int]:
        """The positions (ascending) of the mentions whose name is another,
        longer form of ``words``."""
        found = self._found.get(words)
        if found is None:
            anchors = [self._by_word.get(w, []) for w in words if len(w.rstrip(".")) != 1]
            pool = min(anchors, key=len) if anchors else list(self._mentions)
            found = sorted(
                position
                for other in pool
                if other != words and _names_subsume(list(other), list(words))
                for position in self._mentions[other]
            )
            self._found[words] = found
        return found


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
    form, then the first seen. Titles ("M.", "Mme"; "Mr", "President") are
    those of ``language``."""
    words_of_language = _rules_for(language).words
    titles, person_titles = words_of_language.titles, words_of_language.person_titles
    people = [e for e in entities if e.label == "PER"]
    names = [tuple(_name_words(person.text, titles, person_titles)) for person in people]
    longer = _LongerNames(names)
    for position, (person, words) in enumerate(zip(people, names, strict=True)):
        candidates = longer.positions(words) if words else []
        if candidates:
            before = bisect.bisect_left(candidates, position)
            chosen = people[candidates[before - 1] if before else candidates[0]]
            person.canonical = _display(chosen.text, titles, person_titles)
        else:
            person.canonical = _display(person.text, titles, person_titles)
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


def _display(name: str, titles: frozenset[str], person_titles: frozenset[str] = frozenset()) -> str:
    words = name.split()
    while len(words) > 1 and (fold(words[0]) in titles or _is_title(words[0], person_titles)):
        words = words[1:]
    return " ".join(words)


def _initials(name: str) -> str:
    return "".join(
        w[0] for w in re.split(r"[\s\-']+", fold(name)) if w and w[0].isalpha() and len(w) > 2
    )


def _merge_acronyms(groups: dict[str, list[Entity]]) -> None:
    keys = list(groups)
    by_initials: dict[str, list[str]] = {}  # the names each acronym may stand for, in order
    for other in keys:
        by_initials.setdefault(_initials(other), []).append(other)
    for key in keys:
        if key not in groups or len(key) < 2 or len(key) > 6:
            continue
        if not any(e.text.isupper() for e in groups[key]):
            continue
        for other in by_initials.get(key.replace(".", ""), ()):
            if other != key and other in groups:
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
        if _is_spurious(entity, article.text, rules.words) or _is_role(entity, rules):
            continue
        entity = _without_title(_whole_name(entity, article.tokens, starts), rules)
        for part in _split_glued_person(entity):
            _relabel(part, article.tokens, starts, rules)
            cleaned.append(part)
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
