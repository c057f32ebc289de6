"""Quantities: values, approximations, qualifiers, units and counted nouns."""

from __future__ import annotations


def quantities(article):
    return {q.text: q for q in article.quantities}


def test_figures_seed_three_quantities(seed_article):
    found = quantities(seed_article)
    hundred = found["une centaine de ces munitions"]
    assert (hundred.value, hundred.approx, hundred.noun) == (100, True, "munitions")
    guards = found["Environ 200 gardes"]
    assert (guards.value, guards.approx, guards.noun) == (200, True, "gardes")
    javelins = found["300 missiles antichars Javelin"]
    assert (javelins.value, javelins.approx, javelins.noun) == (300, False, "missiles")
    assert len(seed_article.quantities) == 3  # no year (2015) and no day of month counted


def test_figures_units_qualifiers_and_multipliers(analyze_text):
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


def test_figures_not_quantities(analyze_text):
    article = analyze_text(
        "Le G7 s'est réuni le 12 juin 2021 à 15h30 pour la 3e fois. La Covid-19 a frappé en 2020. "
        "Les deux ont parlé. Un homme est venu."
    )
    assert article.quantities == []


def test_figures_ranges_fractions_and_single_units(analyze_text):
    article = analyze_text(
        "Le taux est estimé entre 5 et 15 % selon les régions. La moitié des votants ont moins de 30 ans. "
        "Les prix ont augmenté en un an. Des millions de Britanniques ont été vaccinés."
    )
    found = quantities(article)
    assert (found["entre 5 et 15 %"].value, found["entre 5 et 15 %"].qualifier) == (None, "range")
    assert found["La moitié des votants"].value == 0.5
    assert found["un an"].value == 1
    assert found["Des millions de Britanniques"].value is None


def test_figures_indefinite_plural_has_no_single_value(analyze_text):
    article = analyze_text("Des dizaines de milliers de manifestants ont défilé dans la capitale.")
    assert article.quantities[0].value is None
    assert article.quantities[0].approx is True
