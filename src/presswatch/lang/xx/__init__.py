"""Knowledge that belongs to no single language (spaCy calls this ``xx``):
news outlets (``media.tsv``: names, aliases, web domains, country),
organisations known under several names (``organisations.tsv``) and
given names of many languages (``first_names.txt``). Not a language pack:
no text is "in xx"; readers and stages of every language use it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from presswatch.core.text import fold
from presswatch.lang.parts import read_lines

#: Articles that may lead an outlet's name ("le Daily Mail", "The Guardian").
OUTLET_ARTICLES = ("The ", "Le ", "La ", "Les ", "L'", "Die ", "Der ", "El ", "Il ")

#: Words typical of outlet names, in several languages (folded).
MEDIA_NAME_WORDS = frozenset(
    fold(w)
    for w in [
        "Times", "Post", "News", "Journal", "Mail", "Gazette", "Herald", "Tribune",
        "Telegraph", "Guardian", "TV", "Télé", "Radio", "Zeitung", "Presse", "Press",
        "Daily", "Hebdo", "Magazine", "Matin", "Soir", "Courrier", "Observer", "Express",
        "Chronicle", "Gazeta", "Pravda", "Izvestia", "Inquirer", "Monitor", "Review",
        "Weekly", "Today", "Dépêche", "Libre", "Nouvelles", "Info", "Actu", "Média",
        "Medias", "Channel", "Broadcasting", "Agency",
    ]
)  # fmt: skip


@dataclass(frozen=True)
class Outlet:
    name: str
    aliases: tuple[str, ...]
    domains: tuple[str, ...]
    country: str | None = None


def _lines(name: str) -> list[str]:
    return read_lines(__name__, name)


@cache
def _media() -> tuple[dict[str, Outlet], dict[str, Outlet]]:
    by_name: dict[str, Outlet] = {}
    by_domain: dict[str, Outlet] = {}
    for line in _lines("media.tsv"):
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
    for article in OUTLET_ARTICLES:
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


def looks_like_media_name(name: str) -> bool:
    """True for names of media outlets: known ones, or a typical word (Times, Gazette…)."""
    if media_outlet(name):
        return True
    return any(word in MEDIA_NAME_WORDS for word in fold(name).replace("-", " ").split())


@cache
def organisations() -> tuple[tuple[str, ...], ...]:
    """Organisations known under several names, each as (main name, other
    names…): ("OTAN", "Organisation du traité de l'Atlantique nord", "NATO", …)."""
    groups = []
    for line in _lines("organisations.tsv"):
        name, _, aliases = line.partition("\t")
        others = tuple(a.strip() for a in aliases.split("|") if a.strip())
        groups.append((name.strip(), *others))
    return tuple(groups)


@cache
def first_names() -> frozenset[str]:
    """Common given names, folded ("sergueï" -> "serguei")."""
    return frozenset(fold(word) for line in _lines("first_names.txt") for word in line.split())


@cache
def _gendered_first_names() -> dict[str, str]:
    genders: dict[str, str] = {}
    for name, gender in (
        ("masculine_first_names.txt", "Masc"),
        ("feminine_first_names.txt", "Fem"),
    ):
        for line in _lines(name):
            for word in line.split():
                genders[fold(word)] = gender
    return genders


def first_name_gender(word: str) -> str | None:
    """ "Fem" or "Masc" for a given name borne mostly by women or by men, else None."""
    return _gendered_first_names().get(fold(word))
