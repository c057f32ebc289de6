"""English numbers: number words and their arithmetic, units (before the
number: "$40"; after it: "40%", "40 per cent"), multipliers ("a hundred",
"2.5 million", "$1.2bn"), approximations ("dozens of", "a dozen"), qualifiers
("nearly 300", "more than", "at least"), fractions ("two-thirds", "half")
and ranges ("between 5 and 15", "600 to 150 yards")."""

from __future__ import annotations

import re

from presswatch.lang.parts import NumberWords, spelled_number

UNITS: dict[str, str] = {
    "%": "%", "percent": "%", "per cent": "%", "pc": "%", "percentage points": "percentage points",
    "€": "euros", "euro": "euros", "euros": "euros", "$": "dollars", "dollar": "dollars",
    "dollars": "dollars", "usd": "dollars", "£": "pounds", "pound": "pounds", "pounds": "pounds",
    "sterling": "pounds", "rouble": "roubles", "roubles": "roubles", "ruble": "roubles",
    "rubles": "roubles", "hryvnia": "hryvnias", "hryvnias": "hryvnias", "yuan": "yuans",
    "yen": "yens", "rupees": "rupees", "rupee": "rupees",
    "km": "km", "kilometre": "km", "kilometres": "km", "kilometer": "km", "kilometers": "km",
    "m": "m", "metre": "m", "metres": "m", "meter": "m", "meters": "m", "mile": "miles",
    "miles": "miles", "mph": "mph", "feet": "feet", "foot": "feet", "ft": "feet",
    "yard": "yards", "yards": "yards", "inch": "inches", "inches": "inches", "cm": "cm",
    "km2": "km²", "km²": "km²", "square miles": "square miles", "acre": "acres", "acres": "acres",
    "kg": "kg", "kilo": "kg", "kilos": "kg", "kilogram": "kg", "kilograms": "kg", "lb": "lb",
    "lbs": "lb", "ton": "tonnes", "tons": "tonnes", "tonne": "tonnes", "tonnes": "tonnes",
    "ha": "hectares", "hectare": "hectares", "hectares": "hectares", "litre": "litres",
    "litres": "litres", "liter": "litres", "liters": "litres", "gallon": "gallons",
    "gallons": "gallons", "barrel": "barrels", "barrels": "barrels", "megawatts": "MW",
    "mw": "MW", "gw": "GW", "gigawatts": "GW", "year": "years", "years": "years",
    "month": "months", "months": "months", "week": "weeks", "weeks": "weeks", "day": "days",
    "days": "days", "hour": "hours", "hours": "hours", "minute": "minutes",
    "minutes": "minutes", "second": "seconds", "seconds": "seconds", "decade": "decades",
    "decades": "decades", "degree": "degrees", "degrees": "degrees", "°c": "°C", "°f": "°F",
    "°": "degrees",
}  # fmt: skip
#: Currency symbols written before the amount.
PREFIX_UNITS = {
    "$": "dollars", "us$": "dollars", "c$": "dollars", "a$": "dollars", "£": "pounds",
    "€": "euros", "¥": "yens", "₽": "roubles", "₴": "hryvnias", "₹": "rupees",
}  # fmt: skip
MULTIPLIERS = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "millions": 1e6, "billion": 1e9,
    "billions": 1e9, "trillion": 1e12, "trillions": 1e12, "bn": 1e9, "mn": 1e6, "tn": 1e12,
    "trn": 1e12, "dozen": 12,
}  # fmt: skip
GLUED_MULTIPLIERS = {"bn": 1e9, "b": 1e9, "mn": 1e6, "m": 1e6, "k": 1e3, "tn": 1e12, "trn": 1e12}
APPROX_NOUNS = {"dozen": 12, "score": 20, "ten": 10, "hundred": 100, "thousand": 1000, "couple": 2}
NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000,
}  # fmt: skip
#: Fraction nouns, singular and plural.
FRACTIONS = {
    "half": 0.5, "halves": 0.5, "third": 1 / 3, "thirds": 1 / 3, "quarter": 0.25,
    "quarters": 0.25, "fifth": 0.2, "fifths": 0.2, "tenth": 0.1, "tenths": 0.1,
}  # fmt: skip
#: (words before the number, qualifier, approximate?), longest first.
QUALIFIERS: tuple[tuple[tuple[str, ...], str | None, bool], ...] = (
    (("no", "more", "than"), "at_most", False),
    (("no", "fewer", "than"), "at_least", False),
    (("no", "less", "than"), "at_least", False),
    (("as", "many", "as"), "up_to", False),
    (("as", "much", "as"), "up_to", False),
    (("as", "few", "as"), "at_least", False),
    (("as", "little", "as"), "at_least", False),
    (("in", "excess", "of"), "more_than", False),
    (("just", "over"), "more_than", False),
    (("just", "under"), "less_than", False),
    (("more", "than"), "more_than", False),
    (("over",), "more_than", False),
    (("upwards", "of"), "more_than", False),
    (("fewer", "than"), "less_than", False),
    (("less", "than"), "less_than", False),
    (("under",), "less_than", False),
    (("at", "least"), "at_least", False),
    (("at", "most"), "at_most", False),
    (("up", "to"), "up_to", False),
    (("an", "estimated"), None, True),
    (("close", "to"), None, True),
    (("about",), None, True),
    (("around",), None, True),
    (("approximately",), None, True),
    (("roughly",), None, True),
    (("nearly",), None, True),
    (("almost",), None, True),
    (("some",), None, True),
    (("approx",), None, True),
    (("circa",), None, True),
)
RANGE_LINKS = frozenset({"and", "to", "-", "–", "or"})


def word_value(word: str) -> float | None:
    """Value of a spelled-out number: "twenty-five", "ninety nine", "two-thirds"."""
    parts = [p for p in re.split(r"[-\s]", word) if p and p != "and"]
    if not parts:
        return None
    if len(parts) == 2 and parts[0] in NUMBER_WORDS and parts[1] in FRACTIONS:
        return NUMBER_WORDS[parts[0]] * FRACTIONS[parts[1]]  # "two-thirds"
    if any(p not in NUMBER_WORDS for p in parts):
        return None
    return spelled_number([NUMBER_WORDS[part] for part in parts])


NUMBERS = NumberWords(
    units=UNITS,
    multipliers=MULTIPLIERS,
    approx_nouns=APPROX_NOUNS,
    fractions=FRACTIONS,
    qualifiers=QUALIFIERS,
    word_value=word_value,
    one=frozenset({"a", "an", "one"}),
    not_after_one=frozenset(),
    of=frozenset({"of"}),
    approx_links=frozenset({"of"}),
    indefinite=frozenset({"several", "many", "some", "few"}),
    per=frozenset({"by", "in"}),
    definite_plural=frozenset({"the"}),
    fraction_determiners=frozenset({"a", "one", "the"}),
    range_links=RANGE_LINKS,
    range_starts=frozenset({"between", "from"}),
    uncounted_after=frozenset({"th", "st", "nd", "rd", "am", "pm", "a.m.", "p.m."}),
    plural_multipliers=frozenset({"hundreds", "thousands", "millions", "billions", "trillions"}),
    modifier_prefixes=(),
    digits=r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$",
    decimal_point=".",
    prefix_units=PREFIX_UNITS,
    glued_multipliers=GLUED_MULTIPLIERS,
    vague_plurals=True,
    hyphenated=True,
    modifiers_before_noun=True,
    one_before_units=False,
    one_before_units_after_qualifier=True,
    counted_alone_after=frozenset({"all"}),
    durations_in_dates=frozenset(
        {"years", "months", "weeks", "days", "hours", "minutes", "decades", "centuries"}
    ),
    duration_point_words=frozenset({"ago", "earlier", "later", "before", "after", "from"}),
)
