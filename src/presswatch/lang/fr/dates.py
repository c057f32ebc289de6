"""French dates: month and day names, number words, and the date rules
(regular expressions and how each resolves, see :mod:`presswatch.lang.calendar`).

Absolute: "31/01/2022", "2022-01-31", "dimanche 30 janvier", "le 1er mars
2021", "mars 2021", "début février", "en 2015", "depuis 2015". Relative:
"aujourd'hui", "hier", "demain", "cette semaine", "la semaine dernière", "le
mois prochain", "l'an dernier", "il y a une semaine", "dans trois jours", a
bare weekday ("lundi", "lundi dernier"). Idioms that only look like dates
("du jour au lendemain", "de nos jours") are not dates.
"""

from __future__ import annotations

from presswatch.core.article import Granularity
from presswatch.lang.calendar import (
    WORD_END,
    WORD_START,
    DateRule,
    TimeUnit,
    ago,
    century,
    day_month,
    decade,
    first_of_pair,
    month_only,
    month_year,
    numeric_date,
    offset_days,
    this_period,
    unresolved,
    weekday,
    year,
)
from presswatch.lang.parts import DateGrammar

MONTHS = {
    "janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "fevr": 2, "mars": 3,
    "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "août": 8, "aout": 8,
    "septembre": 9, "sept": 9, "octobre": 10, "oct": 10, "novembre": 11, "nov": 11,
    "décembre": 12, "decembre": 12, "déc": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "lundi": 0,
    "mardi": 1,
    "mercredi": 2,
    "jeudi": 3,
    "vendredi": 4,
    "samedi": 5,
    "dimanche": 6,
}
NUMBER_WORDS = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "quinze": 15, "vingt": 20,
    "trente": 30, "quelques": None,
}  # fmt: skip

_MONTH = r"(?P<month>janvier|janv\.?|f[ée]vrier|f[ée]vr\.?|mars|avril|avr\.?|mai|juin|juillet|juil\.?|ao[uû]t|septembre|sept\.?|octobre|oct\.?|novembre|nov\.?|d[ée]cembre|d[ée]c\.?)"
_WEEKDAY = r"(?P<weekday>lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
_YEAR = r"(?P<year>1\d{3}|20\d\d)"
_COUNT = r"(?P<count>\d{1,3}|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|quinze|vingt|trente|quelques)"
_COUNT_WORDS = r"(?:\d{1,3}|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|quinze|vingt|trente|quelques|plusieurs)"
_PERIODS = r"(?:jours?|semaines?|mois|ans|années?|décennies?|siècles?|quinquennats?|mandats?)"
_MONTH1 = _MONTH.replace("?P<month>", "?P<month1>")
_UNIT = r"(?P<unit>jours?|semaines?|mois|ans|années?|heures?)"

#: How the first day of a month may be written.
FIRST_DAY = frozenset({"1er", "premier"})
#: "cette semaine", "le mois prochain": the granularity of each period word (else a year).
PERIODS: dict[str, Granularity] = {"semaine": "week", "mois": "month"}
#: "dernier", "prochaine": the offset each word gives its period.
SHIFTS = {
    "dernier": -1,
    "dernière": -1,
    "passé": -1,
    "passée": -1,
    "prochain": 1,
    "prochaine": 1,
}
#: "il y a N …", "dans N …": each unit's granularity and days (0: hours, no date).
TIME_UNITS: tuple[TimeUnit, ...] = (
    ("an", "year", 1),
    ("mois", "month", 1),
    ("semaine", "day", 7),
    ("jour", "day", 1),
    ("heure", "day", 0),
)

_MONTH_YEAR = _MONTH + r"(?:\s+" + _YEAR + r")?" + WORD_END

#: In priority order; earlier rules win overlaps.
RULES: tuple[DateRule, ...] = (
    DateRule(
        r"(?:et|au|-)\s+(?:le\s+)?(?:\d{1,2}|1er)\s+" + _MONTH_YEAR,
        first_of_pair(MONTHS, FIRST_DAY),
        False,
        head=r"(?:(?:du|le|les)\s+)?(?P<date>(?P<day1>\d{1,2}|1er)(?:\s+" + _MONTH1 + r")?)\s+",
    ),
    DateRule(
        r"[./](?P<m>\d{1,2})[./](?P<y>(?:19|20)\d\d)" + WORD_END,
        numeric_date,
        False,
        head=r"(?P<d>\d{1,2})",
        flags=0,
    ),
    DateRule(
        r"(?P<y>(?:19|20)\d\d)-(?P<m>\d{2})-(?P<d>\d{2})" + WORD_END, numeric_date, False, flags=0
    ),
    DateRule(
        _MONTH_YEAR,
        day_month(MONTHS, FIRST_DAY),
        False,
        head=r"(?:" + _WEEKDAY + r"\s+)?(?P<day>\d{1,2}|1er|premier)\s+",
    ),
    DateRule(
        r"(?:début|fin|mi-|courant)\s*" + _MONTH_YEAR, month_only(MONTHS), False, head=r"(?:au\s+)?"
    ),
    DateRule(
        r"(?:depuis|en|dès|jusqu'en|d'ici|(?:au|le|du)\s+mois\s+d['’]?e?)\s*(?P<date>"
        + _MONTH
        + r"(?:\s+"
        + _YEAR
        + r")?)"
        + WORD_END,
        month_only(MONTHS),
        False,
    ),
    DateRule(_MONTH + r"\s+" + _YEAR + WORD_END, month_year(MONTHS), False),
    DateRule(
        r"(?:en|depuis|dès|de|d'ici|jusqu'en|avant|après|année|an|fin|début|mi-|printemps|été|automne|hiver)\s"
        r"(?P<date>" + _YEAR + r")" + WORD_END,
        year,
        False,
        lead=r"\b",
    ),
    DateRule(
        r"il\s+y\s+a\s+" + _COUNT + r"\s+" + _UNIT + WORD_END,
        ago(-1, NUMBER_WORDS, TIME_UNITS),
        True,
    ),
    DateRule(
        r"dans\s+" + _COUNT + r"\s+" + _UNIT + WORD_END, ago(1, NUMBER_WORDS, TIME_UNITS), True
    ),
    DateRule(
        r"siècle" + WORD_END,
        century,
        False,
        head=r"(?:(?:au\s+)?(?:début|fin|milieu)\s+du\s+)?(?P<roman>[IVXL]{1,6})(?:e|è|ème|eme)\s+",
        flags=0,
    ),
    DateRule(
        r"années\s+(?P<decade>1\d{2}0|20\d0|[2-9]0)" + WORD_END,
        decade,
        False,
        head=r"(?:(?:au\s+)?(?:début|fin)\s+des\s+|les\s+)?",
    ),
    DateRule(
        r"(?:ces|les|des)\s+(?:"
        + _COUNT_WORDS
        + r"\s+)?(?:derniers|dernières|prochains|prochaines)\s+"
        + _PERIODS
        + WORD_END,
        unresolved("day"),
        True,
    ),
    DateRule(
        r"(?:années|mois|semaines|jours)\s+(?:passées|passés|à\s+venir|précédentes|précédents|suivantes|suivants)"
        + WORD_END,
        unresolved("day"),
        True,
        head=r"(?:les\s+)?",
    ),
    DateRule(
        _PERIODS + r"\s+(?:plus\s+tard|plus\s+tôt|auparavant|après|avant)" + WORD_END,
        unresolved("day"),
        True,
        head=_COUNT_WORDS + r"(?:\s+ou\s+" + _COUNT_WORDS + r")?\s+",
    ),
    DateRule(r"avant-hier" + WORD_END, offset_days(-2), True),
    DateRule(r"après-demain" + WORD_END, offset_days(2), True),
    DateRule(
        r"aujourd['’]hui" + WORD_END, offset_days(0), True, lead=r"(?<!d')(?<!d’)" + WORD_START
    ),
    DateRule(r"hier(?:\s+(?:soir|matin|après-midi))?" + WORD_END, offset_days(-1), True),
    DateRule(r"demain(?:\s+(?:soir|matin|après-midi))?" + WORD_END, offset_days(1), True),
    DateRule(
        r"(?:ce\s+(?:matin|soir)|cet\s+après-midi|cette\s+nuit)" + WORD_END, offset_days(0), True
    ),
    DateRule(
        r"(?:(?:cette|ce|cet)\s+(?P<period>semaine|mois|année)(?:-ci)?"
        r"|(?:la|le|l['’])\s*(?P<period2>semaine|mois|année|an)\s+(?P<which>dernière|dernier|passée|passé|prochaine|prochain))"
        + WORD_END,
        this_period(PERIODS, SHIFTS),
        True,
    ),
    DateRule(
        _WEEKDAY + r"(?:\s+(?P<which>dernier|prochain))?" + WORD_END,
        weekday(WEEKDAYS, "prochain", "dernier"),
        True,
    ),
)

DATES = DateGrammar(rules=RULES)
