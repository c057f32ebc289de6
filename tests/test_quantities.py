"""Quantities: values, approximations, qualifiers, units and counted nouns."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st


def quantities(article):
    return {q.text: q for q in article.quantities}


def test_quantities_seed_three_quantities(seed_article):
    found = quantities(seed_article)
    hundred = found["une centaine de ces munitions"]
    assert (hundred.value, hundred.approx, hundred.noun) == (100, True, "munitions")
    guards = found["Environ 200 gardes"]
    assert (guards.value, guards.approx, guards.noun) == (200, True, "gardes")
    javelins = found["300 missiles antichars Javelin"]
    assert (javelins.value, javelins.approx, javelins.noun) == (300, False, "missiles")
    assert len(seed_article.quantities) == 3  # no year (2015) and no day of month counted


def test_quantities_units_qualifiers_and_multipliers(analyze_text):
    article = analyze_text(
        "Plus de 40 % des électeurs ont voté. Le budget atteint 1,5 milliard de dollars. "
        "Au moins 150 000 personnes ont manifesté et une vingtaine de civils ont été évacués. "
        "Le pays a livré 50 tonnes de blé et deux soldats ont été blessés."
    )
    found = quantities(article)
    assert (
        found["Plus de 40 %"].value,
        found["Plus de 40 %"].unit,
        found["Plus de 40 %"].qualifier,
    ) == (40, "%", "more_than")
    assert found["1,5 milliard de dollars"].value == 1.5e9
    assert found["1,5 milliard de dollars"].unit == "dollars"
    assert (
        found["Au moins 150 000 personnes"].value,
        found["Au moins 150 000 personnes"].qualifier,
    ) == (150000, "at_least")
    assert (found["une vingtaine de civils"].value, found["une vingtaine de civils"].approx) == (
        20,
        True,
    )
    assert (found["50 tonnes"].unit, found["50 tonnes"].value) == (
        "tonnes",
        50,
    )  # a unit ends the span
    assert found["deux soldats"].value == 2


def test_quantities_not_quantities(analyze_text):
    article = analyze_text(
        "Le G7 s'est réuni le 12 juin 2021 à 15h30 pour la 3e fois. La Covid-19 a frappé en 2020. "
        "Les deux ont parlé. Un homme est venu."
    )
    assert article.quantities == []


def test_quantities_ranges_fractions_and_single_units(analyze_text):
    article = analyze_text(
        "Le taux est estimé entre 5 et 15 % selon les régions. La moitié des votants ont moins de 30 ans. "
        "Les prix ont augmenté en un an. Des millions de Britanniques ont été vaccinés."
    )
    found = quantities(article)
    assert (found["entre 5 et 15 %"].value, found["entre 5 et 15 %"].qualifier) == (None, "range")
    assert found["La moitié des votants"].value == 0.5
    assert found["un an"].value == 1
    assert found["Des millions de Britanniques"].value is None


def test_quantities_indefinite_plural_has_no_single_value(analyze_text):
    article = analyze_text("Des dizaines de milliers de manifestants ont défilé dans la capitale.")
    assert article.quantities[0].value is None
    assert article.quantities[0].approx is True


# -- the pre-filter of find_quantities ------------------------------------------
_WORDS = [
    *("1", "3,5", "150", "000", "2021", "12.000", "G7", "Un", "un", "une", "UNE", "deux"),
    *("Vingt-Cinq", "quatre-vingt-dix", "deux-cents", "cent", "mille", "et", "Zéro"),
    *("centaine", "centaines", "Dizaines", "millier", "milliers", "millions", "milliard"),
    *("moitié", "Moitié", "tiers", "quart", "quarts", "la", "les", "des", "de", "d'", "par"),
    *("%", "pour", "euros", "ans", "an", "soldats", "Javelin", "environ", "plus", "près"),
    *("le", "chat", "vingtaine", "Premier", "neuf-trois", "-", "à", "ún", "Múllions"),
]  # fmt: skip
_POS = ["NOUN", "ADJ", "DET", "NUM", "PROPN", "VERB", "ADP"]


def _article_of(words: list[tuple[str, str, str]]):
    """An article whose tokens are ``(text, lemma, pos)`` separated by spaces."""
    from presswatch.core.article import Article, Token

    tokens, start = [], 0
    for i, (text, lemma, pos) in enumerate(words):
        tokens.append(Token(i, start, start + len(text), text, pos, lemma, "", 0))
        start += len(text) + 1
    return Article(text=" ".join(text for text, _, _ in words), tokens=tokens)


def _scan_every_token(article):
    """find_quantities without the pre-filter: try a quantity at every token."""
    from presswatch.stages.quantities import _quantity_at, _Scanner

    scanner, found, index = _Scanner(article), [], 0
    while index < len(scanner.tokens):
        quantity = _quantity_at(scanner, index)
        if quantity is None:
            index += 1
            continue
        found.append(quantity[0])
        index = quantity[1] + 1
    return found


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(_WORDS), st.sampled_from(_WORDS), st.sampled_from(_POS)),
        max_size=12,
    )
)
def test_quantities_prefilter_skips_only_tokens_that_cannot_start(words):
    from presswatch.stages.quantities import (
        _may_start_number,
        _number_or_approximation,
        _Scanner,
        find_quantities,
    )

    article = _article_of(words)
    scanner = _Scanner(article)
    for index, token in enumerate(article.tokens):
        if _number_or_approximation(scanner, index) is not None:
            assert _may_start_number(token.text, token.lemma, token.pos, scanner.words), token
    assert find_quantities(article) == _scan_every_token(article)


_BEFORE = [(), ("la",), ("les",), ("des",), ("un",), ("par",), ("deux", "les"), ("3", "les")]
_AFTER = [(), ("de", "soldats"), ("d'", "euros"), ("millions", "de"), ("an",), ("%",), ("Javelin",)]
_NOUN_LEMMAS = ["centaine", "moitié", "tiers", "millier", "chat", "Dizaines"]


def test_quantities_prefilter_table_of_tokens_and_contexts():
    """Every token of _WORDS, with every part of speech, between every context:
    where the full test finds a number, the pre-filter lets the token through."""
    from presswatch.stages.quantities import _may_start_number, _number_or_approximation, _Scanner

    for text in _WORDS:
        readings = [(text, pos) for pos in _POS] + [(lemma, "NOUN") for lemma in _NOUN_LEMMAS]
        for lemma, pos in readings:
            for before in _BEFORE:
                for after in _AFTER:
                    words = [(w, w, "DET") for w in before]
                    words += [(text, lemma, pos)] + [(w, w, "NOUN") for w in after]
                    scanner = _Scanner(_article_of(words))
                    found = _number_or_approximation(scanner, len(before))
                    if found is not None:
                        assert _may_start_number(text, lemma, pos, scanner.words), words


def test_quantities_prefilter_same_quantities_on_real_text(seed_article, example_article):
    from presswatch.stages.quantities import find_quantities

    for article in (seed_article, example_article):
        assert find_quantities(article) == _scan_every_token(article)
