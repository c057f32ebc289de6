"""Quantities: values, approximations, qualifiers, units and counted nouns."""

from __future__ import annotations

import pytest
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


def _article_of(words: list[tuple[str, str, str]], language: str = "fr"):
    """An article whose tokens are ``(text, lemma, pos)`` separated by spaces
    (a word starting with "-" glued to the one before, as English splits "30-year")."""
    from presswatch.core.article import Article, Token

    tokens, start, text = [], 0, ""
    for i, (word, lemma, pos) in enumerate(words):
        if i and not word.startswith("-"):
            text += " "
            start += 1
        tokens.append(Token(i, start, start + len(word), word, pos, lemma, "", 0))
        text += word
        start += len(word)
    return Article(text=text, tokens=tokens, language=language)


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


_ENGLISH_WORDS = [
    *("1", "3.5", "1,500", "000", "2021", "2,000", "1.2bn", "5", "m", "bn", "A", "a", "an", "one"),
    *("two", "Twenty", "twenty", "-", "-five", "five", "thirds", "-thirds", "hundred", "hundreds"),
    *("dozen", "dozens", "tens", "ten", "thousands", "millions", "million", "couple", "half"),
    *("third", "quarter", "of", "the", "several", "by", "$", "US$", "£", "%", "percent"),
    *("per", "cent", "years", "-year", "-old", "people", "police", "officers", "Javelin"),
    *("nearly", "more", "than", "at", "least", "about", "between", "and", "to", "U.S."),
]  # fmt: skip


def _prefilter_holds(words, language: str) -> None:
    from presswatch.stages.quantities import (
        _may_start_number,
        _number_or_approximation,
        _Scanner,
        find_quantities,
    )

    article = _article_of(words, language)
    scanner = _Scanner(article)
    for index, token in enumerate(article.tokens):
        if _number_or_approximation(scanner, index) is not None:
            assert _may_start_number(token.text, token.lemma, token.pos, scanner.words), token
    assert find_quantities(article) == _scan_every_token(article)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(_ENGLISH_WORDS),
            st.sampled_from(_ENGLISH_WORDS),
            st.sampled_from(_POS),
        ),
        max_size=12,
    )
)
def test_quantities_english_prefilter_skips_only_tokens_that_cannot_start(words):
    _prefilter_holds(words, "en")


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


# -- English --------------------------------------------------------------------


def _english(text: str):
    import presswatch

    article = presswatch.analyze(f"Figures of the week\n\n{text}")
    assert article.language == "en"
    return {q.text: (q.value, q.approx, q.unit, q.qualifier, q.noun) for q in article.quantities}


@pytest.mark.slow
def test_quantities_english_amounts_and_qualifiers():
    found = _english(
        "The office said $1.2bn had been set aside, while nearly 300 troops were deployed and "
        "40% of voters agreed. About $12 trillion, £300,000 and 40 per cent were quoted; at "
        "least 2,034 people died, $5m went missing and 55,000 plants closed."
    )
    assert found["$1.2bn"] == (1.2e9, False, "dollars", None, None)
    assert found["nearly 300 troops"] == (300, True, None, None, "troops")
    assert found["40%"] == (40, False, "%", None, None)
    assert found["About $12 trillion"] == (12e12, True, "dollars", None, None)
    assert found["£300,000"][:3] == (300_000, False, "pounds")
    assert found["40 per cent"][:3] == (40, False, "%")
    assert found["at least 2,034 people"] == (2034, False, None, "at_least", "people")
    assert found["$5m"][:3] == (5e6, False, "dollars")
    assert found["55,000 plants"][0] == 55_000


@pytest.mark.slow
def test_quantities_english_number_words_and_approximations():
    found = _english(
        "A hundred people and dozens of police officers gathered near two white police "
        "officers; twenty-five soldiers, two dozen nurses, thousands of pages, two-thirds of "
        "all infections and a 30-year-old man were counted."
    )
    assert found["A hundred people"][:2] == (100, False)
    assert found["dozens of police officers"][:2] == (None, True)
    assert found["dozens of police officers"][4] == "police officers"
    assert found["two white police officers"][0] == 2
    assert found["twenty-five soldiers"][0] == 25
    assert found["two dozen nurses"][0] == 24
    assert found["thousands of pages"][:2] == (None, True)
    assert abs(found["two-thirds of all infections"][0] - 2 / 3) < 1e-9
    assert found["30-year-old man"][0] == 30


@pytest.mark.slow
def test_quantities_english_durations_inside_dates():
    """ "the past five months" is a date, and its duration a quantity; "two
    years ago" is a point in time only."""
    found = _english(
        "Over the past five months, sales fell. He had ruled for the past 60 years. "
        "Two years ago he left."
    )
    assert found["five months"][:3] == (5, False, "months")
    assert found["60 years"][:3] == (60, False, "years")
    assert not any("Two years" in text for text in found)


@given(
    count=st.integers(min_value=2, max_value=99),
    unit=st.sampled_from(["days", "weeks", "months", "years", "hours"]),
    lead=st.sampled_from(["", "Sales fell. ", "The 3 firms said so. "]),
)
@settings(max_examples=15, deadline=None)
def test_quantities_english_duration_offsets(count: int, unit: str, lead: str) -> None:
    """The duration's offsets slice its own words out of the text, wherever it sits."""
    import presswatch

    text = f"Figures of the week\n\n{lead}Over the past {count} {unit}, prices rose."
    article = presswatch.analyze(text)
    spans = [article.text[q.start : q.end] for q in article.quantities]
    assert f"{count} {unit}" in spans, spans


@pytest.mark.slow
def test_quantities_english_articles_ordinals_and_names_are_not_counted():
    found = _english(
        "One thing is clear: a third caravan left after a week, and one of the members "
        "cited resolution 2231 in 2016. In a 2,000-word essay, 2,000 is no year."
    )
    assert "One thing" not in found and "a week" not in found and "a third caravan" not in found
    assert not any(text.startswith("one of") for text in found)
    assert "2231" not in found and "2016" not in found
    assert found["2,000"][0] == 2000


@pytest.mark.slow
def test_quantities_english_counts_without_a_counted_noun():
    """ "All three" counts three people; "12 abstaining" counts 12, not
    "abstaining"s; "almost a week" is a duration where "a week" alone is an
    article; adverbs may stand before the counted noun's adjectives."""
    found = _english(
        "All three were held. The motion failed, 105 votes against, with 12 abstaining, "
        "after almost a week of talks. Then thousands of predominantly young men marched "
        "for a week."
    )
    assert found["three"][0] == 3
    assert found["12"][0] == 12 and not any("abstaining" in text for text in found)
    assert found["almost a week"][:4] == (1, True, "weeks", None)
    assert found["thousands of predominantly young men"][:2] == (None, True)
    assert "a week" not in found


@pytest.mark.slow
def test_quantities_english_shortened_years_are_not_counted():
    found = _english("Adam Warren, CC ‘22, met 40 students of the class of '19 in the ’90s style.")
    assert list(found) == ["40 students"]


@pytest.mark.parametrize(
    ("module", "words", "value"),
    [
        ("fr", "quatre-vingt-dix", 90),
        ("fr", "cent quatre-vingts", 180),  # "quatre-vingts" after a hundred is still 80
        ("fr", "deux mille quatre-vingt", 2080),
        ("fr", "trois mille deux cent cinq", 3205),
        ("en", "two hundred and five", 205),
        ("en", "three thousand twenty", 3020),
        ("en", "two-thirds", 2 / 3),
    ],
)
def test_quantities_spelled_numbers_in_each_pack(module: str, words: str, value: float):
    from importlib import import_module

    word_value = import_module(f"presswatch.lang.{module}.numbers").word_value
    assert word_value(words) == pytest.approx(value)
