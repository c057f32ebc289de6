"""French numbers: number words and their arithmetic, units, multipliers,
approximations ("une centaine"), qualifiers ("plus de"), fractions and ranges."""

from __future__ import annotations

import re

from presswatch.lang.parts import NumberWords, spelled_number

UNITS: dict[str, str] = {
    "%": "%", "pour cent": "%", "pourcent": "%", "pour-cent": "%",
    "€": "euros", "euro": "euros", "euros": "euros", "$": "dollars", "dollar": "dollars",
    "dollars": "dollars", "usd": "dollars", "rouble": "roubles", "roubles": "roubles",
    "hryvnia": "hryvnias", "hryvnias": "hryvnias", "hryvnas": "hryvnias", "livre": "livres",
    "livres": "livres", "£": "livres", "franc": "francs", "francs": "francs", "yuan": "yuans",
    "yuans": "yuans", "yens": "yens", "yen": "yens", "km": "km", "kilomètre": "km",
    "kilomètres": "km", "m": "m", "mètre": "m", "mètres": "m", "km2": "km²", "km²": "km²",
    "kg": "kg", "kilo": "kg", "kilos": "kg", "kilogrammes": "kg", "tonne": "tonnes",
    "tonnes": "tonnes", "t": "tonnes", "ha": "hectares", "hectare": "hectares",
    "hectares": "hectares", "litre": "litres", "litres": "litres", "baril": "barils",
    "barils": "barils", "mégawatts": "MW", "mw": "MW", "gw": "GW", "gigawatts": "GW",
    "an": "ans", "ans": "ans", "année": "ans", "années": "ans", "mois": "mois",
    "semaine": "semaines", "semaines": "semaines", "jour": "jours", "jours": "jours",
    "heure": "heures", "heures": "heures", "minute": "minutes", "minutes": "minutes",
    "degré": "degrés", "degrés": "degrés", "°c": "°C", "°": "degrés",
}  # fmt: skip
MULTIPLIERS = {
    "mille": 1e3,
    "million": 1e6,
    "millions": 1e6,
    "milliard": 1e9,
    "milliards": 1e9,
    "billion": 1e12,
    "billions": 1e12,
}
APPROX_NOUNS = {
    "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30,
    "quarantaine": 40, "cinquantaine": 50, "soixantaine": 60, "centaine": 100, "millier": 1000,
}  # fmt: skip
NUMBER_WORDS = {
    "zéro": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
    "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13,
    "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20, "trente": 30,
    "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100, "cents": 100, "mille": 1000,
}  # fmt: skip
#: (words before the number, qualifier, approximate?)
QUALIFIERS: tuple[tuple[tuple[str, ...], str | None, bool], ...] = (
    (("aux", "alentours", "de"), None, True),
    (("a", "peu", "pres"), None, True),
    (("pas", "moins", "de"), "at_least", False),
    (("autour", "de"), None, True),
    (("pres", "de"), None, True),
    (("plus", "de"), "more_than", False),
    (("plus", "d'"), "more_than", False),
    (("moins", "de"), "less_than", False),
    (("moins", "d'"), "less_than", False),
    (("au", "moins"), "at_least", False),
    (("au", "plus"), "at_most", False),
    (("au", "maximum"), "at_most", False),
    (("jusqu'a",), "up_to", False),
    (("jusqu'", "a"), "up_to", False),
    (("environ",), None, True),
    (("presque",), None, True),
    (("quasiment",), None, True),
    (("approximativement",), None, True),
    (("quelque",), None, True),
    (("pratiquement",), None, True),
)
INDEFINITE = frozenset({"des", "plusieurs", "quelques", "de", "d'", "nombreuses", "nombreux"})
UNCOUNTED_AFTER = frozenset({"h", "h.", "e", "er", "ème", "eme", "e.", "ère"})
#: Fractions counted as quantities ("la moitié de", "un tiers des").
FRACTIONS = {"moitie": 0.5, "tiers": 1 / 3, "quart": 0.25}
RANGE_LINKS = frozenset({"et", "a", "-", "–", "ou"})
PLURAL_MULTIPLIERS = frozenset({"millions", "milliards", "milliers"})


def word_value(word: str) -> float | None:
    """Value of a spelled-out number: "vingt-cinq", "quatre-vingt-dix", "deux-cents"."""
    parts = [p for p in re.split(r"[-\s]", word) if p and p != "et"]
    if not parts or any(p not in NUMBER_WORDS for p in parts):
        return None
    values: list[float] = []
    for part in parts:
        if part in ("vingt", "vingts") and values and values[-1] == 4:
            values[-1] = 80  # "quatre-vingt(s)"
        else:
            values.append(NUMBER_WORDS[part])
    return spelled_number(values)


NUMBERS = NumberWords(
    units=UNITS,
    multipliers=MULTIPLIERS,
    approx_nouns=APPROX_NOUNS,
    fractions=FRACTIONS,
    qualifiers=QUALIFIERS,
    word_value=word_value,
    one=frozenset({"un", "une"}),
    not_after_one=frozenset({"mille"}),
    of=frozenset({"de", "d'", "des", "du"}),
    approx_links=frozenset({"de", "d'"}),
    indefinite=INDEFINITE,
    per=frozenset({"par"}),
    definite_plural=frozenset({"les"}),
    fraction_determiners=frozenset({"la", "un", "une", "le", "les"}),
    range_links=RANGE_LINKS,
    range_starts=frozenset({"entre", "de", "d'"}),
    uncounted_after=UNCOUNTED_AFTER,
    plural_multipliers=PLURAL_MULTIPLIERS,
    modifier_prefixes=("anti",),
)
