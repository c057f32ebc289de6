"""The identity rules (presswatch.corpus.store.names): which names are one
person or organisation across a corpus. Pure functions, no database."""

from __future__ import annotations

import random
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from presswatch.core.text import fold
from presswatch.corpus.store.names import (
    Variant,
    better_spelling,
    block_of,
    org_key,
    parse_person,
    resolve,
    spells_initials,
)


def person(name: str, count: int = 1) -> Variant:
    return Variant(fold(name), name, persons=count)


def other(name: str, count: int = 1) -> Variant:
    return Variant(fold(name), name, others=count)


def groups(variants: list[Variant], links: tuple[tuple[str, str], ...] = ()) -> set[frozenset[str]]:
    """The identities as sets of spellings."""
    resolution = resolve(variants, links)
    by_identity: dict[str, set[str]] = {}
    for variant in variants:
        by_identity.setdefault(resolution.identity[variant.key], set()).add(variant.value)
    return {frozenset(members) for members in by_identity.values()}


@pytest.mark.parametrize(
    ("name", "given_names", "surname"),
    [
        ("Vladimir Poutine", ("vladimir",), ("poutine",)),
        ("Poutine", (), ("poutine",)),
        ("M. Poutine", (), ("poutine",)),
        ("Le président Emmanuel Macron", ("emmanuel",), ("macron",)),
        ("Premier ministre Jean Castex", ("jean",), ("castex",)),
        ("Antony J. Blinken", ("antony", "j"), ("blinken",)),
        ("Jean-Marie Le Pen", ("jean", "marie"), ("le", "pen")),
        ("Jean Marie Le Pen", ("jean", "marie"), ("le", "pen")),
        ("J.-M. Le Pen", ("j", "m"), ("le", "pen")),
        ("Le Pen", (), ("le", "pen")),
        ("Charles de Gaulle", ("charles",), ("de", "gaulle")),
        ("Ursula von der Leyen", ("ursula",), ("von", "der", "leyen")),
        ("Valéry Giscard d'Estaing", ("valery", "giscard"), ("d", "estaing")),
        ("Bachar al-Assad", ("bachar",), ("assad",)),
        ("el-Assad", (), ("assad",)),
        ("Mohammed ben Salmane", ("mohammed",), ("ben", "salmane")),
        ("George H. W. Bush", ("george", "h", "w"), ("bush",)),
    ],
)
def test_store_names_parse_person(
    name: str, given_names: tuple[str, ...], surname: tuple[str, ...]
) -> None:
    parsed = parse_person(name)
    assert parsed is not None
    assert (parsed.given, parsed.surname) == (given_names, surname)


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        # a bare surname joins the one full name with that surname
        (["Poutine", "Vladimir Poutine"], [{"Poutine", "Vladimir Poutine"}]),
        (
            ["M. Poutine", "Poutine", "Vladimir Poutine"],
            [{"M. Poutine", "Poutine", "Vladimir Poutine"}],
        ),
        # ... but not when two full names are compatible: ambiguous, alone
        (
            ["Biden", "Joe Biden", "Hunter Biden"],
            [{"Biden"}, {"Joe Biden"}, {"Hunter Biden"}],
        ),
        (["Biden", "Joe Biden"], [{"Biden", "Joe Biden"}]),
        # an initial narrows the candidates
        (["J. Biden", "Joe Biden", "Hunter Biden"], [{"J. Biden", "Joe Biden"}, {"Hunter Biden"}]),
        # middle initials fold into the full name, unless they disagree
        (["Antony J. Blinken", "Antony Blinken"], [{"Antony J. Blinken", "Antony Blinken"}]),
        (
            ["George W. Bush", "George H. W. Bush", "George Bush"],
            [{"George W. Bush"}, {"George H. W. Bush"}, {"George Bush"}],
        ),
        (
            ["Marine Le Pen", "Jean-Marie Le Pen", "Le Pen"],
            [{"Marine Le Pen"}, {"Jean-Marie Le Pen"}, {"Le Pen"}],
        ),
        (["Marine Le Pen", "Le Pen", "Mme Le Pen"], [{"Marine Le Pen", "Le Pen", "Mme Le Pen"}]),
        (["Jean-Marie Le Pen", "Jean Marie Le Pen"], [{"Jean-Marie Le Pen", "Jean Marie Le Pen"}]),
        (["Bachar al-Assad", "Assad", "el-Assad"], [{"Bachar al-Assad", "Assad", "el-Assad"}]),
        # the longest full name absorbs the shorter ones that it covers
        (
            ["Vladimir Vladimirovitch Poutine", "Vladimir Poutine", "Poutine"],
            [{"Vladimir Vladimirovitch Poutine", "Vladimir Poutine", "Poutine"}],
        ),
        # different given names never merge
        (["Joe Biden", "Jill Biden"], [{"Joe Biden"}, {"Jill Biden"}]),
        (["Joe Biden", "Joseph Biden"], [{"Joe Biden"}, {"Joseph Biden"}]),
    ],
)
def test_store_names_person_rules(names: list[str], expected: list[set[str]]) -> None:
    assert groups([person(n) for n in names]) == {frozenset(g) for g in expected}


def test_store_names_display_prefers_a_full_name_then_the_most_frequent() -> None:
    resolution = resolve([person("Poutine", 40), person("Vladimir Poutine", 5),
                          person("Vladimir Vladimirovitch Poutine", 1)])  # fmt: skip
    assert set(resolution.names.values()) == {"Vladimir Poutine"}
    assert set(resolution.classes.values()) == {"person"}


def test_store_names_organisations_merge_only_when_stated_or_listed() -> None:
    variants = [other("OTAN"), other("l'OTAN"), other("Organisation du traité de l'Atlantique nord"),
                other("NATO"), other("Alliance atlantique")]  # fmt: skip
    assert len(groups(variants)) == 1  # the list in lang/xx/organisations.tsv says so
    assert groups(
        [other("FNSEA"), other("Fédération nationale des syndicats d'exploitants agricoles")]
    ) == {
        frozenset({"FNSEA"}),
        frozenset({"Fédération nationale des syndicats d'exploitants agricoles"}),
    }  # initials alone prove nothing
    stated = (("fnsea", fold("Fédération nationale des syndicats d'exploitants agricoles")),)
    assert (
        len(
            groups(
                [
                    other("FNSEA"),
                    other("Fédération nationale des syndicats d'exploitants agricoles"),
                ],
                stated,
            )
        )
        == 1
    )
    assert org_key("AFP") == org_key("Agence France-Presse")  # lang/xx/media.tsv


def test_store_names_links_are_transitive_through_names_not_in_the_corpus() -> None:
    links = (("z q x", "zqx"), ("zqx", "zeta quanta xenon"))
    assert groups([other("Z Q X"), other("Zeta Quanta Xenon")], links) == {
        frozenset({"Z Q X", "Zeta Quanta Xenon"})
    }


def test_store_names_a_person_never_joins_an_organisation() -> None:
    variants = [other("Washington"), person("George Washington")]
    assert groups(variants) == {frozenset({"Washington"}), frozenset({"George Washington"})}


def test_store_names_class_is_the_majority_vote() -> None:
    assert Variant("poutine", "Poutine", persons=3, others=1).is_person
    assert not Variant("washington", "Washington", persons=1, others=1).is_person
    assert not Variant("x", "X", untyped=5).is_person


@pytest.mark.parametrize(
    ("acronym", "name", "expected"),
    [
        ("OTAN", "Organisation du traité de l'Atlantique nord", True),
        ("ONU", "Organisation des Nations unies", True),
        ("O.N.U.", "Organisation des Nations unies", True),
        ("Otan", "Organisation du traité de l'Atlantique nord", False),  # not written as an acronym
        ("UE", "Union africaine", False),
        ("OTAN", "Otan", False),
    ],
)
def test_store_names_acronyms(acronym: str, name: str, expected: bool) -> None:
    assert spells_initials(acronym, name) is expected


# -- folding: case, accents, hyphens, apostrophes, spaces and dots never matter ----------

NAMES = ["Sergueï Lavrov", "Jean-Marie Le Pen", "Antony J. Blinken", "Élisabeth Borne",
         "Organisation du traité de l'Atlantique nord", "Volodymyr Zelensky"]  # fmt: skip


def _respell(name: str, rng: random.Random) -> str:
    out = []
    for char in name:
        roll = rng.random()
        if char == "-" and roll < 0.5:
            out.append(rng.choice([" ", "‐", "–", " - "]))
        elif char == "'" and roll < 0.5:
            out.append("’")
        elif char == " " and roll < 0.3:
            out.append("  ")
        elif char.isalpha() and roll < 0.3:
            out.append(char.swapcase())
        elif char.isalpha() and roll < 0.4:
            out.append(
                unicodedata.normalize("NFD", char).encode("ascii", "ignore").decode() or char
            )
        else:
            out.append(char)
    return "".join(out)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(NAMES), st.integers(0, 2**32))
def test_store_names_folding_never_splits_a_name(name: str, seed: int) -> None:
    spelling = _respell(name, random.Random(seed))
    assert parse_person(fold(spelling)) == parse_person(fold(name))
    assert block_of(fold(spelling)) == block_of(fold(name))
    assert org_key(fold(spelling)) == org_key(fold(name))


POOL = ["Poutine", "Vladimir Poutine", "V. Poutine", "Biden", "Joe Biden", "Hunter Biden",
        "J. Biden", "Le Pen", "Marine Le Pen", "Jean-Marie Le Pen", "Antony Blinken",
        "Antony J. Blinken", "Blinken", "George Bush", "George W. Bush"]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(POOL), min_size=1, max_size=10, unique=True), st.randoms())
def test_store_names_resolution_ignores_order(names: list[str], rng: random.Random) -> None:
    variants = [person(n) for n in names]
    shuffled = list(variants)
    rng.shuffle(shuffled)
    assert resolve(variants) == resolve(shuffled)


def test_store_names_an_article_cannot_contradict_the_lists() -> None:
    variants = [other("UE"), other("Union européenne"), other("Ukraine européenne")]
    stated = (("ue", "ukraine europeenne"),)  # the entities stage grouped them in one article
    assert groups(variants, stated) == {
        frozenset({"UE", "Union européenne"}),
        frozenset({"Ukraine européenne"}),
    }


@pytest.mark.parametrize(
    ("a", "b", "shown"),
    [
        ("Marine le Pen", "Marine Le Pen", "Marine Le Pen"),
        ("gouvernement", "Gouvernement", "Gouvernement"),
        ("Jean-Luc MÉLENCHON", "Jean-Luc Mélenchon", "Jean-Luc Mélenchon"),
        ("Medvedev", "Medvédev", "Medvédev"),
    ],
)
def test_store_names_the_spelling_shown_does_not_depend_on_order(
    a: str, b: str, shown: str
) -> None:
    assert better_spelling(a, b) == better_spelling(b, a) == shown
