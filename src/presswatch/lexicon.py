"""Word lists that ship with presswatch (``presswatch/data``), loaded once.

All lookups are accent- and case-insensitive through :func:`fold`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from presswatch.core.text import fold


def data_lines(name: str) -> list[str]:
    data = resources.files("presswatch.data").joinpath(name).read_text(encoding="utf-8")
    return [line for line in data.split("\n") if line.strip() and not line.startswith("#")]


@dataclass(frozen=True)
class SpeechVerb:
    lemma: str
    que: bool  # takes a que-clause
    infinitive: bool  # takes a bare infinitive ("assure ne préparer aucune invasion")
    de_infinitive: bool  # takes de + infinitive ("promet de …")
    cue: bool  # can follow a quote as an inverted cue ("…", a-t-il indiqué)
    reflexive: bool = False  # speech sense needs "se" ("s'alarmer"); else "se" + verb is not speech


@cache
def speech_verbs() -> dict[str, SpeechVerb]:
    """Speech, thought and claim verbs, by folded lemma."""
    verbs: dict[str, SpeechVerb] = {}
    for line in data_lines("speech_verbs.tsv"):
        lemma, _, flags = line.partition("\t")
        marks = set(flags.split())
        verb = SpeechVerb(
            lemma, "q" in marks, "i" in marks, "d" in marks, "c" in marks, "r" in marks
        )
        verbs[fold(lemma)] = verb
    return verbs


@cache
def multiword_speech_verbs() -> dict[str, list[tuple[str, SpeechVerb]]]:
    """Multi-word speech verbs ("faire valoir") indexed by their last word."""
    index: dict[str, list[tuple[str, SpeechVerb]]] = {}
    for key, verb in speech_verbs().items():
        if " " in key:
            index.setdefault(key.split()[-1], []).append((key, verb))
    return index


_ER_ENDINGS = ("e", "ent", "a", "ait", "aient", "era", "erait", "é", "ée", "és", "ées", "ons")
_IR_ENDINGS = ("it", "issent", "issait", "ira", "i", "ie", "is")


@cache
def speech_verb_forms() -> dict[str, str]:
    """Inflected forms of the speech verbs -> lemma (folded), for words the
    tagger mislabels ("estime" tagged as a noun after a quotation)."""
    forms: dict[str, str] = {}
    for key, verb in speech_verbs().items():
        if " " in verb.lemma:
            continue
        stem = key[:-2]
        if key.endswith("er"):
            for ending in _ER_ENDINGS:
                forms.setdefault(fold(stem + ending), key)
        elif key.endswith("ir"):
            for ending in _IR_ENDINGS:
                forms.setdefault(fold(stem + ending), key)
    for line in data_lines("speech_verb_forms.tsv"):
        form, _, lemma = line.partition("\t")
        forms[fold(form)] = fold(lemma)
    return forms


@dataclass(frozen=True)
class Outlet:
    name: str
    aliases: tuple[str, ...]
    domains: tuple[str, ...]
    country: str | None = None


@cache
def _media() -> tuple[dict[str, Outlet], dict[str, Outlet]]:
    by_name: dict[str, Outlet] = {}
    by_domain: dict[str, Outlet] = {}
    for line in data_lines("media.tsv"):
        name, aliases, domains, country = ([*line.split("\t"), "", "", ""])[:4]
        outlet = Outlet(
            name,
            tuple(a for a in aliases.split("|") if a),
            tuple(d for d in domains.split("|") if d),
            country or None,
        )
        for key in (name, *outlet.aliases):
            by_name.setdefault(fold(key), outlet)
            by_name.setdefault(fold(_strip_article(key)), outlet)
        for domain in outlet.domains:
            by_domain[domain.lower()] = outlet
    return by_name, by_domain


def _strip_article(name: str) -> str:
    for article in ("The ", "Le ", "La ", "Les ", "L'", "Die ", "Der ", "El ", "Il "):
        if name.startswith(article) and len(name) > len(article) + 2:
            return name[len(article) :]
    return name


def media_outlet(name: str) -> Outlet | None:
    """The known media outlet called ``name`` ("le Daily Mail" -> Daily Mail)."""
    by_name, _ = _media()
    key = fold(name)
    return by_name.get(key) or by_name.get(fold(_strip_article(name.strip().capitalize())))


def media_for_domain(host: str) -> str | None:
    """The outlet name for a host name, trying parent domains."""
    _, by_domain = _media()
    parts = host.lower().removeprefix("www.").split(".")
    for index in range(len(parts) - 1):
        outlet = by_domain.get(".".join(parts[index:]))
        if outlet:
            return outlet.name
    return None


_MEDIA_NAME_WORDS = frozenset(
    fold(w)
    for w in [
        "Times",
        "Post",
        "News",
        "Journal",
        "Mail",
        "Gazette",
        "Herald",
        "Tribune",
        "Telegraph",
        "Guardian",
        "TV",
        "Télé",
        "Radio",
        "Zeitung",
        "Presse",
        "Press",
        "Daily",
        "Hebdo",
        "Magazine",
        "Matin",
        "Soir",
        "Courrier",
        "Observer",
        "Express",
        "Chronicle",
        "Gazeta",
        "Pravda",
        "Izvestia",
        "Inquirer",
        "Monitor",
        "Review",
        "Weekly",
        "Today",
        "Dépêche",
        "Libre",
        "Nouvelles",
        "Info",
        "Actu",
        "Média",
        "Medias",
        "Channel",
        "Broadcasting",
        "Agency",
    ]
)


def looks_like_media_name(name: str) -> bool:
    """True for names of media outlets: known ones, or a typical word (Times, Gazette…)."""
    if media_outlet(name):
        return True
    return any(word in _MEDIA_NAME_WORDS for word in fold(name).replace("-", " ").split())


@cache
def source_nouns() -> dict[str, str]:
    """Head noun -> source type ("quotidien" -> media, "rapport" -> document)."""
    return {
        fold(k): v for k, _, v in (line.partition("\t") for line in data_lines("source_nouns.tsv"))
    }


@cache
def vague_heads() -> frozenset[str]:
    return frozenset(fold(line.strip()) for line in data_lines("vague_heads.txt"))


@cache
def capitals() -> frozenset[str]:
    return frozenset(fold(line.strip()) for line in data_lines("capitals.txt"))


@cache
def government_bodies() -> dict[str, str]:
    return {
        fold(k): v for k, _, v in (line.partition("\t") for line in data_lines("government.tsv"))
    }


@cache
def first_names() -> frozenset[str]:
    """Common given names, folded ("sergueï" -> "serguei")."""
    return frozenset(fold(word) for line in data_lines("first_names.txt") for word in line.split())


@cache
def _nationalities() -> dict[str, str]:
    return {
        fold(k): v for k, _, v in (line.partition("\t") for line in data_lines("nationalities.tsv"))
    }


def nationality(adjective: str) -> str | None:
    """Country code of a nationality adjective in any gender or number
    ("britannique", "américaines" -> "US")."""
    table = _nationalities()
    word = fold(adjective)
    for candidate in (
        word,
        word.removesuffix("s"),
        word.removesuffix("es"),
        word.removesuffix("nes"),
        word.removesuffix("e"),
    ):
        if candidate in table:
            return table[candidate]
    return None
