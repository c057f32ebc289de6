"""One identity per person or organisation across a corpus: the rules.

Every speaker, cited source and entity name a store holds is a *variant*
(its folded spelling: ``"vladimir poutine"``). The store gives each variant
an *identity*, and counts, filters and exports go by identity, so that
"Poutine" and "Vladimir Poutine" are one speaker. Identities are a pure
function of the variants in the corpus (with their person/other votes and
the equivalences articles state): whatever order articles arrive in, the
same variants end up in the same identities. This module holds the rules;
:mod:`presswatch.corpus.store.identities` applies them in the database as
articles are stored.

**Folding.** Case, accents, apostrophes, hyphens and dashes, dots and
spaces never tell two names apart: "Jean-Marie Le Pen" = "jean marie le
pen"; "O.T.A.N." = "OTAN".

**Persons** (a variant typed as a person in most of its occurrences). Leading
honorifics and role words are dropped ("M.", "Mme", "Dr", "président",
"ministre": the titles of the language packs and the person nouns of their
lexicons). The rest splits into given names and a surname: the surname starts
at the first particle ("Le Pen", "de Gaulle", "von der Leyen", "d'Estaing";
"ben", "bin", "abu" only after a given name) or is the last word; the Arabic
article ("al-Assad", "el-Assad") is not part of it. A variant A is *covered*
by B when both have the same surname and each given name of A, in order,
equals B's given name at the same position or is its initial ("J." for
"Joe"), B having at least as many: "Biden" and "J. Biden" are covered by
"Joe Biden"; "Antony Blinken" by "Antony J. Blinken"; "George W. Bush" is
not covered by "George H. W. Bush" (W is not H). A variant covered by no
other is a full name and its own identity. A covered variant joins the
identity of the one full name covering it, if exactly one does; if several
do ("Biden" when the corpus knows "Joe Biden" and "Hunter Biden"; "Le Pen"
with "Marine Le Pen" and "Jean-Marie Le Pen") it is ambiguous and stays an
identity of its own. So two full names never merge ("Hunter Biden" / "Joe
Biden", "Marine Le Pen" / "Jean-Marie Le Pen"), and a bare surname merges
only while it is unambiguous in the corpus: when a second compatible full
name arrives, the store moves the bare variant back out (re-linking).
Within one article the entities stage has already grouped "Biden" with the
full name that article gives.

**Organisations and everything else** (places, media, governments, vague
sources). Variants are one identity when their folded words are equal
(leading articles dropped: "l'OTAN" = "OTAN"), when a list says so
(``lang/xx/organisations.tsv``: "OTAN" = "Organisation du traité de
l'Atlantique nord" = "NATO"; ``lang/xx/media.tsv``: "AFP" = "Agence
France-Presse"), or when an article states it: the entities stage grouped an
acronym with the name whose initials it spells, or the text writes "Name
(ACRONYM)" or "ACRONYM (Name)". Equivalences are transitive. A name of the
lists keeps the list's equivalences only: an article cannot join it to
another name (one article whose entities stage grouped "UE" with "Ukraine
européenne" does not make Ukraine the European Union).

Identity display name: for a person, the most frequent variant that has a
given name, preferring one without a title ("Le Pen" before "Mme Le Pen");
for others, the most frequent variant; ties go to the longer spelling, then
the alphabetically last.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from presswatch.core.text import fold
from presswatch.lang import LANGUAGES
from presswatch.lang.xx import media_outlet, organisations

#: Words that start a surname wherever they stand ("Le Pen", "Charles de Gaulle").
PARTICLES = frozenset(
    {"de", "du", "des", "d", "la", "le", "van", "von", "der", "den", "ter", "ten", "da", "di",
     "del", "della", "dos", "das", "zu"}
)  # fmt: skip
#: Words that start a surname only after a given name ("Mohammed ben Salmane").
INNER_PARTICLES = frozenset({"ben", "bin", "ibn", "abu", "ould"})
#: The Arabic article: starts a surname and is ignored in it ("Bachar al-Assad" = "Assad").
ARABIC_ARTICLES = frozenset({"al", "el"})
#: Honorifics of several languages, besides the titles of the language packs.
HONORIFICS = frozenset(
    {"m", "mm", "mme", "mmes", "mlle", "mr", "mrs", "ms", "dr", "pr", "me", "sir", "lord",
     "lady", "monsieur", "madame", "mademoiselle", "herr", "frau"}
)  # fmt: skip
#: Articles dropped before an organisation's or a place's name.
LEADING_ARTICLES = frozenset({"le", "la", "les", "l", "the"})
#: Function words skipped when an acronym spells a name's initials.
INITIALS_SKIP = frozenset(
    {"de", "du", "des", "d", "la", "le", "les", "l", "et", "of", "the", "and", "for", "pour",
     "en", "a", "au", "aux", "on", "in", "sur"}
)  # fmt: skip
_SEPARATORS = re.compile(r"[\s\-_/'`,;:()\[\]«»\"“”‒–—]+")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&.]{1,9}")

PERSON = "person"
OTHER = "other"


def words(name: str, *, dots: str = " ") -> list[str]:
    """The folded words of a name (dots become ``dots``)."""
    return [w for w in _SEPARATORS.split(fold(name).replace(".", dots)) if w]


@cache
def title_words() -> tuple[tuple[str, ...], ...]:
    """Honorifics and role words dropped before a person's name, longest
    first: the honorifics above, the titles of every language pack's entity
    words and the person nouns of every pack's lexicon ("premier ministre")."""
    titles: set[tuple[str, ...]] = {(word,) for word in HONORIFICS}
    for _, pack in LANGUAGES.items():
        if pack.entities is not None:
            titles |= {tuple(words(title)) for title in pack.entities.titles}
        if pack.lexicon is not None:
            titles |= {
                tuple(words(noun))
                for noun, kind in pack.lexicon.source_nouns.items()
                if kind == "person"
            }
    return tuple(sorted((t for t in titles if t), key=lambda t: (-len(t), t)))


@cache
def _titles_by_first_word() -> dict[str, tuple[tuple[str, ...], ...]]:
    index: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for title in title_words():
        index[title[0]].append(title)
    return {word: tuple(titles) for word, titles in index.items()}


def _title_length(tokens: list[str]) -> int:
    """How many leading tokens are a title ("le président", "M."), 0 if none
    (a name is never all title)."""
    skip = 1 if tokens and tokens[0] in LEADING_ARTICLES else 0
    if len(tokens) <= skip:
        return 0
    for title in _titles_by_first_word().get(tokens[skip], ()):
        end = skip + len(title)
        if len(tokens) > end and tuple(tokens[skip:end]) == title:
            return end
    return 0


@lru_cache(maxsize=100_000)
def titled(key: str) -> bool:
    """True when a name starts with a title ("Mme Le Pen")."""
    return _title_length(words(key)) > 0


def _strip_titles(tokens: list[str]) -> list[str]:
    while length := _title_length(tokens):
        tokens = tokens[length:]
    return tokens


@dataclass(frozen=True)
class PersonName:
    """A person's name as the identity rules see it."""

    given: tuple[str, ...]
    surname: tuple[str, ...]

    @property
    def key(self) -> str:
        return "p:" + " ".join(self.given) + "|" + " ".join(self.surname)

    def covered_by(self, other: PersonName) -> bool:
        """True when ``other`` names the same person more fully (see the module)."""
        if self.surname != other.surname or len(self.given) > len(other.given):
            return False
        if self.given == other.given:
            return False
        return all(
            mine == theirs or (len(mine) == 1 and theirs.startswith(mine))
            for mine, theirs in zip(self.given, other.given, strict=False)
        )


def _surname_start(tokens: list[str]) -> int:
    for index, token in enumerate(tokens[:-1]):
        if token in PARTICLES or token in ARABIC_ARTICLES:
            return index
        if index > 0 and token in INNER_PARTICLES:
            return index
    return len(tokens) - 1


@lru_cache(maxsize=100_000)
def parse_person(name: str) -> PersonName | None:
    """Given names and surname of ``name`` (``None`` when nothing is left
    once titles are dropped)."""
    tokens = _strip_titles(words(name))
    if not tokens:
        return None
    start = _surname_start(tokens)
    surname = tuple(t for t in tokens[start:] if t not in ARABIC_ARTICLES) or tuple(tokens[start:])
    return PersonName(tuple(tokens[:start]), surname)


@lru_cache(maxsize=100_000)
def block_of(key: str) -> str:
    """The names among which a variant's identity is decided: those with the
    same surname (for any variant, as if it were a person)."""
    person = parse_person(key)
    return " ".join(person.surname) if person is not None else key


def _org_words(name: str) -> list[str]:
    tokens = words(name, dots="")
    while len(tokens) > 1 and tokens[0] in LEADING_ARTICLES:
        tokens = tokens[1:]
    return tokens


@cache
def _known_organisations() -> dict[str, str]:
    """Folded words of every listed name -> those of its main name."""
    known: dict[str, str] = {}
    for group in organisations():
        main = " ".join(_org_words(group[0]))
        for name in group:
            known.setdefault(" ".join(_org_words(name)), main)
    return known


@lru_cache(maxsize=100_000)
def listed(key: str) -> bool:
    """True when ``key`` names an organisation or outlet of the lists."""
    return " ".join(_org_words(key)) in _known_organisations() or media_outlet(key) is not None


@lru_cache(maxsize=100_000)
def org_key(key: str) -> str:
    """The identity key of a non-person variant before stated equivalences:
    its folded words, or the main name of the listed organisation or media
    outlet it names."""
    joined = " ".join(_org_words(key))
    known = _known_organisations().get(joined)
    if known is not None:
        return "o:" + known
    outlet = media_outlet(key)
    if outlet is not None:
        return "o:" + " ".join(_org_words(outlet.name))
    return "o:" + joined


def initials(name: str) -> str:
    """The initials of a name's significant words ("Organisation du traité de
    l'Atlantique nord" -> "otan")."""
    return "".join(w[0] for w in words(name) if w not in INITIALS_SKIP and w[0].isalnum())


def spells_initials(acronym: str, name: str, *, capitals: bool = True) -> bool:
    """True when the one word ``acronym`` (written in capitals, unless
    ``capitals`` is false: "Otan") spells ``name``'s initials."""
    acronym = acronym.strip()
    if capitals and not _ACRONYM.fullmatch(acronym):
        return False
    if " " in acronym or len(acronym) > 12:
        return False
    letters = fold(acronym).replace(".", "").replace("&", "")
    return len(letters) >= 2 and len(words(name)) >= 2 and initials(name) == letters


def better_spelling(a: str, b: str) -> str:
    """The spelling shown for a variant seen written as ``a`` and ``b``
    (order-independent): starting with a capital, no word in capitals
    ("MÉLENCHON"), most capitalised words ("Le Pen" before "le Pen"),
    accented, then the alphabetically last."""
    return max(a, b, key=_spelling_rank)


def _spelling_rank(text: str) -> tuple[bool, int, int, int, str]:
    tokens = text.split()
    shouted = sum(1 for t in tokens if len(t) > 3 and t.isupper()) if len(tokens) > 1 else 0
    capitalised = sum(1 for t in tokens if t[:1].isupper())
    accented = sum(1 for c in text if ord(c) > 127)
    return (text[:1].isupper(), -shouted, capitalised, accented, text)


@dataclass(frozen=True)
class Variant:
    """A name as the corpus holds it: its key (folded spelling), the
    spelling shown, and how its occurrences were typed."""

    key: str
    value: str
    persons: int = 0
    others: int = 0
    untyped: int = 0

    @property
    def occurrences(self) -> int:
        return self.persons + self.others + self.untyped

    @property
    def is_person(self) -> bool:
        """Typed as a person in most of its typed occurrences (ties: not)."""
        return self.persons > self.others and parse_person(self.key) is not None


@dataclass(frozen=True)
class Resolution:
    """Which identity each variant belongs to, and each identity's name and class."""

    identity: dict[str, str]  # variant key -> identity key
    names: dict[str, str]  # identity key -> display name
    classes: dict[str, str]  # identity key -> "person" | "other"


def resolve(variants: Iterable[Variant], links: Iterable[tuple[str, str]] = ()) -> Resolution:
    """The identities of ``variants``, given the stated equivalences
    ``links`` (pairs of variant keys). A pure function of its arguments:
    the order of either never matters."""
    persons: list[Variant] = []
    others: list[Variant] = []
    for variant in variants:
        (persons if variant.is_person else others).append(variant)
    identity = _resolve_persons(persons)
    identity.update(_resolve_others(others, links))
    members: dict[str, list[Variant]] = defaultdict(list)
    for variant in (*persons, *others):
        members[identity[variant.key]].append(variant)
    names = {key: _display(key, group) for key, group in members.items()}
    classes = {key: PERSON if key.startswith("p:") else OTHER for key in members}
    return Resolution(identity, names, classes)


def _resolve_persons(variants: list[Variant]) -> dict[str, str]:
    parsed: dict[str, PersonName] = {}
    for variant in variants:
        person = parse_person(variant.key)
        assert person is not None  # is_person checked it
        parsed[variant.key] = person
    by_surname: dict[tuple[str, ...], set[PersonName]] = defaultdict(set)
    for person in parsed.values():
        by_surname[person.surname].add(person)
    owner: dict[PersonName, PersonName] = {}
    for people in by_surname.values():
        owner.update(_owners(people))
    return {key: owner[person].key for key, person in parsed.items()}


def _owners(people: set[PersonName]) -> dict[PersonName, PersonName]:
    """For people sharing a surname: the full name each one belongs to
    (itself when it is a full name or ambiguous)."""
    by_initial: dict[str, list[PersonName]] = defaultdict(list)
    for person in people:
        by_initial[person.given[0][0] if person.given else ""].append(person)

    def covering(person: PersonName) -> list[PersonName]:
        pool = list(people) if not person.given else by_initial.get(person.given[0][0], [])
        return [other for other in pool if person.covered_by(other)]

    full = {person for person in people if not covering(person)}
    owners: dict[PersonName, PersonName] = {}
    for person in people:
        if person in full:
            owners[person] = person
            continue
        candidates = [other for other in covering(person) if other in full]
        owners[person] = candidates[0] if len(candidates) == 1 else person
    return owners


def _resolve_others(variants: list[Variant], links: Iterable[tuple[str, str]]) -> dict[str, str]:
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        root = key
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(key, key) != root:
            parent[key], key = root, parent[key]
        return root

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            low, high = sorted((ra, rb))
            parent[high] = low

    keys = {variant.key: org_key(variant.key) for variant in variants}
    for a, b in links:
        if not (listed(a) or listed(b)):  # the lists know better than one article
            union(org_key(a), org_key(b))
    return {key: find(identity_key) for key, identity_key in keys.items()}


def _display(identity: str, group: list[Variant]) -> str:
    if identity.startswith("p:"):

        def rank(v: Variant) -> tuple[bool, bool, int, int, str]:
            person = parse_person(v.key)
            untitled = not titled(v.key)
            return (bool(person and person.given), untitled, v.occurrences, len(v.value), v.value)

        return max(group, key=rank).value
    return max(group, key=lambda v: (v.occurrences, len(v.value), v.value)).value
