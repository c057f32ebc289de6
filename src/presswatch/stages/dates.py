"""Dates and relative time expressions in French, resolved against the
publication date.

Absolute: "31/01/2022", "2022-01-31", "dimanche 30 janvier", "le 1er mars
2021", "mars 2021", "début février", "en 2015", "depuis 2015". A day and month
without a year take the year that puts them closest to the publication date.
Relative: "aujourd'hui", "hier", "demain", "cette semaine", "la semaine
dernière", "le mois prochain", "l'an dernier", "il y a une semaine",
"dans trois jours", a bare weekday ("lundi", "lundi dernier"). Idioms that
only look like dates ("du jour au lendemain", "de nos jours") are not dates.

Values are ISO 8601 at the expression's granularity: ``2022-01-30``,
``2022-W05``, ``2022-01``, ``2015``; ``None`` when a relative expression has
no publication date to resolve against.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from presswatch.core.article import Article, DateMention, Granularity
from presswatch.core.pipeline import stage

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

_FLAGS = re.IGNORECASE


@dataclass(frozen=True)
class Reference:
    """The publication date, at day or month precision."""

    year: int
    month: int
    day: int | None

    @classmethod
    def parse(cls, published: str | None) -> Reference | None:
        if not published:
            return None
        match = re.match(r"(\d{4})-(\d{2})(?:-(\d{2}))?", published)
        if not match:
            return None
        year, month = int(match[1]), int(match[2])
        day = int(match[3]) if match[3] else None
        return cls(year, month, day)

    @property
    def date(self) -> date | None:
        return date(self.year, self.month, self.day) if self.day else None


Resolved = tuple[str | None, Granularity]
Resolver = Callable[[re.Match[str], Reference | None], Resolved | None]


def _iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_number(text: str) -> int:
    return MONTHS[_name_key(text).rstrip(".")]


def _nearest_year(month: int, day: int | None, ref: Reference | None) -> int | None:
    """The year placing (month, day) closest to the reference date."""
    if ref is None:
        return None
    anchor = ref.date or date(ref.year, ref.month, 15)
    best: tuple[int, int] | None = None
    for year in (ref.year - 1, ref.year, ref.year + 1):
        candidate = _safe_date(year, month, day or 15)
        if candidate is None:
            continue
        distance = abs((candidate - anchor).days)
        if best is None or distance < best[0]:
            best = (distance, year)
    return best[1] if best else None


# -- absolute -------------------------------------------------------------------


def _numeric_dmy(m: re.Match[str], ref: Reference | None) -> Resolved | None:
    day = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return (day.isoformat(), "day") if day else None


def _iso(m: re.Match[str], ref: Reference | None) -> Resolved | None:
    day = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return (day.isoformat(), "day") if day else None


def _day_month(m: re.Match[str], ref: Reference | None) -> Resolved | None:
    raw_day = m["day"].lower()
    day_number = 1 if raw_day in ("1er", "premier") else int(raw_day)
    month = _month_number(m["month"])
    year = int(m["year"]) if m["year"] else _nearest_year(month, day_number, ref)
    if year is None:
        return None, "day"
    day = _safe_date(year, month, day_number)
    return (day.isoformat(), "day") if day else None


def _month_year(m: re.Match[str], ref: Reference | None) -> Resolved | None:
    return f"{int(m['year']):04d}-{_month_number(m['month']):02d}", "month"


def _month_only(m: re.Match[str], ref: Reference | None) -> Resolved | None:
    month = _month_number(m["month"])
    year = int(m["year"]) if m["year"] else _nearest_year(month, None, ref)
    return (f"{year:04d}-{month:02d}" if year else None), "month"


def _year(m: re.Match[str], ref: Reference | None) -> Resolved | None:
    return m["year"], "year"


# -- relative -------------------------------------------------------------------


def _offset_days(days: int) -> Callable[[re.Match[str], Reference | None], Resolved | None]:
    def resolve(m: re.Match[str], ref: Reference | None) -> Resolved | None:
        if ref is None or ref.date is None:
            return None, "day"
        return (ref.date + timedelta(days=days)).isoformat(), "day"

    return resolve


def _this_period(m: re.Match[str], ref: Reference | None) -> Resolved | None:
    period = (m["period"] or m["period2"]).lower()
    period = "année" if period == "an" else period
    shift = {
        "dernier": -1,
        "dernière": -1,
        "passé": -1,
        "passée": -1,
        "prochain": 1,
        "prochaine": 1,
    }.get((m["which"] or "").lower(), 0)
    if period == "semaine":
        if ref is None or ref.date is None:
            return None, "week"
        return _iso_week(ref.date + timedelta(weeks=shift)), "week"
    if period == "mois":
        if ref is None:
            return None, "month"
        index = ref.year * 12 + ref.month - 1 + shift
        return f"{index // 12:04d}-{index % 12 + 1:02d}", "month"
    if ref is None:
        return None, "year"
    return f"{ref.year + shift:04d}", "year"


def _ago(sign: int) -> Callable[[re.Match[str], Reference | None], Resolved | None]:
    def resolve(m: re.Match[str], ref: Reference | None) -> Resolved | None:
        raw = m["count"].lower()
        count = int(raw) if raw.isdigit() else NUMBER_WORDS.get(raw)
        unit = m["unit"].lower()
        granularity: Granularity = (
            "year" if unit.startswith(("an", "ann")) else "month" if unit == "mois" else "day"
        )
        if count is None or unit.startswith("heure"):
            return None, granularity
        if ref is None or (ref.date is None and granularity == "day"):
            return None, granularity
        if granularity == "year":
            return f"{ref.year + sign * count:04d}", "year"
        if granularity == "month":
            index = ref.year * 12 + ref.month - 1 + sign * count
            return f"{index // 12:04d}-{index % 12 + 1:02d}", "month"
        assert ref.date is not None
        days = count * (7 if unit.startswith("semaine") else 1)
        return (ref.date + timedelta(days=sign * days)).isoformat(), "day"

    return resolve


def _name_key(name: str) -> str:
    """A month or weekday name as the tables spell it. The patterns match
    case-insensitively, so "Mardİ" and "ſeptembre" match too, but lower-case
    to "mardi\u0307" and "ſeptembre"."""
    return name.lower().replace("\u0307", "").replace("ſ", "s")


def _weekday(m: re.Match[str], ref: Reference | None) -> Resolved | None:
    if ref is None or ref.date is None:
        return None, "day"
    target = WEEKDAYS[_name_key(m["weekday"])]
    which = (m["which"] or "").lower()
    if which.startswith("prochain"):
        delta = (target - ref.date.weekday()) % 7 or 7
        return (ref.date + timedelta(days=delta)).isoformat(), "day"
    delta = (ref.date.weekday() - target) % 7
    if which.startswith("dernier") and delta == 0:
        delta = 7
    return (ref.date - timedelta(days=delta)).isoformat(), "day"


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


def _roman(numeral: str) -> int:
    total = 0
    for index, char in enumerate(numeral):
        value = _ROMAN[char]
        following = _ROMAN[numeral[index + 1]] if index + 1 < len(numeral) else 0
        total += -value if value < following else value
    return total


def _century(m: re.Match[str], ref: Reference | None) -> Resolved | None:
    number = _roman(m["roman"].upper())
    return (f"{number - 1:02d}" if 1 <= number <= 21 else None), "century"


def _decade(m: re.Match[str], ref: Reference | None) -> Resolved | None:
    digits = m["decade"]
    year = (
        int(digits)
        if len(digits) == 4
        else (1900 + int(digits) if int(digits) >= 20 else 2000 + int(digits))
    )
    return f"{year // 10:03d}", "decade"


def _unresolved(
    granularity: Granularity,
) -> Callable[[re.Match[str], Reference | None], Resolved | None]:
    """Expressions relative to an event or vague periods: a date, no single value."""

    def resolve(m: re.Match[str], ref: Reference | None) -> Resolved | None:
        return None, granularity

    return resolve


def _first_of_pair(m: re.Match[str], ref: Reference | None) -> Resolved | None:
    """ "les 9 et 10 décembre 2021", "du 24 mai au 1er juin 2021": the first
    day takes the month and year written after the second."""
    raw = m["day1"].lower()
    day_number = 1 if raw in ("1er", "premier") else int(raw)
    month = _month_number(m["month1"] or m["month"])
    year = int(m["year"]) if m["year"] else _nearest_year(month, day_number, ref)
    if year is None:
        return None, "day"
    day = _safe_date(year, month, day_number)
    return (day.isoformat(), "day") if day else None


_B = r"(?<![\w-])"  # a word boundary that also refuses a hyphen before
_E = r"(?![\w-])"


@dataclass(frozen=True)
class Rule:
    """A date expression: ``pattern`` compiles ``lead + head + core``, ``lead``
    being the word boundary before it.

    Trying ``pattern`` at every character is slow. ``finder``, ``core``
    compiled case-sensitively, is searched instead (in the lower-cased text
    when ``pattern`` ignores case): the regex engine jumps straight to its
    first letters. Every match of ``pattern`` ends with a match of ``core``,
    and begins with it when ``head`` is empty (``core_starts``).
    """

    pattern: re.Pattern[str]
    finder: re.Pattern[str]
    core_starts: bool
    ignores_case: bool
    resolver: Resolver
    relative: bool


def _rule(
    core: str,
    resolver: Resolver,
    relative: bool,
    *,
    head: str = "",
    lead: str = _B,
    flags: int = _FLAGS,
) -> Rule:
    pattern = re.compile(lead + head + core, flags)
    ignores_case = bool(flags & re.IGNORECASE)
    return Rule(pattern, re.compile(core), not head, ignores_case, resolver, relative)


_MONTH_YEAR = _MONTH + r"(?:\s+" + _YEAR + r")?" + _E

#: In priority order; earlier rules win overlaps.
RULES: list[Rule] = [
    _rule(
        r"(?:et|au|-)\s+(?:le\s+)?(?:\d{1,2}|1er)\s+" + _MONTH_YEAR,
        _first_of_pair,
        False,
        head=r"(?:(?:du|le|les)\s+)?(?P<date>(?P<day1>\d{1,2}|1er)(?:\s+" + _MONTH1 + r")?)\s+",
    ),
    _rule(
        r"[./](?P<m>\d{1,2})[./](?P<y>(?:19|20)\d\d)" + _E,
        _numeric_dmy,
        False,
        head=r"(?P<d>\d{1,2})",
        flags=0,
    ),
    _rule(r"(?P<y>(?:19|20)\d\d)-(?P<m>\d{2})-(?P<d>\d{2})" + _E, _iso, False, flags=0),
    _rule(
        _MONTH_YEAR,
        _day_month,
        False,
        head=r"(?:" + _WEEKDAY + r"\s+)?(?P<day>\d{1,2}|1er|premier)\s+",
    ),
    _rule(r"(?:début|fin|mi-|courant)\s*" + _MONTH_YEAR, _month_only, False, head=r"(?:au\s+)?"),
    _rule(
        r"(?:depuis|en|dès|jusqu'en|d'ici|(?:au|le|du)\s+mois\s+d['’]?e?)\s*(?P<date>"
        + _MONTH
        + r"(?:\s+"
        + _YEAR
        + r")?)"
        + _E,
        _month_only,
        False,
    ),
    _rule(_MONTH + r"\s+" + _YEAR + _E, _month_year, False),
    _rule(
        r"(?:en|depuis|dès|de|d'ici|jusqu'en|avant|après|année|an|fin|début|mi-|printemps|été|automne|hiver)\s"
        r"(?P<date>" + _YEAR + r")" + _E,
        _year,
        False,
        lead=r"\b",
    ),
    _rule(r"il\s+y\s+a\s+" + _COUNT + r"\s+" + _UNIT + _E, _ago(-1), True),
    _rule(r"dans\s+" + _COUNT + r"\s+" + _UNIT + _E, _ago(1), True),
    _rule(
        r"siècle" + _E,
        _century,
        False,
        head=r"(?:(?:au\s+)?(?:début|fin|milieu)\s+du\s+)?(?P<roman>[IVXL]{1,6})(?:e|è|ème|eme)\s+",
        flags=0,
    ),
    _rule(
        r"années\s+(?P<decade>1\d{2}0|20\d0|[2-9]0)" + _E,
        _decade,
        False,
        head=r"(?:(?:au\s+)?(?:début|fin)\s+des\s+|les\s+)?",
    ),
    _rule(
        r"(?:ces|les|des)\s+(?:"
        + _COUNT_WORDS
        + r"\s+)?(?:derniers|dernières|prochains|prochaines)\s+"
        + _PERIODS
        + _E,
        _unresolved("day"),
        True,
    ),
    _rule(
        r"(?:années|mois|semaines|jours)\s+(?:passées|passés|à\s+venir|précédentes|précédents|suivantes|suivants)"
        + _E,
        _unresolved("day"),
        True,
        head=r"(?:les\s+)?",
    ),
    _rule(
        _PERIODS + r"\s+(?:plus\s+tard|plus\s+tôt|auparavant|après|avant)" + _E,
        _unresolved("day"),
        True,
        head=_COUNT_WORDS + r"(?:\s+ou\s+" + _COUNT_WORDS + r")?\s+",
    ),
    _rule(r"avant-hier" + _E, _offset_days(-2), True),
    _rule(r"après-demain" + _E, _offset_days(2), True),
    _rule(r"aujourd['’]hui" + _E, _offset_days(0), True, lead=r"(?<!d')(?<!d’)" + _B),
    _rule(r"hier(?:\s+(?:soir|matin|après-midi))?" + _E, _offset_days(-1), True),
    _rule(r"demain(?:\s+(?:soir|matin|après-midi))?" + _E, _offset_days(1), True),
    _rule(r"(?:ce\s+(?:matin|soir)|cet\s+après-midi|cette\s+nuit)" + _E, _offset_days(0), True),
    _rule(
        r"(?:(?:cette|ce|cet)\s+(?P<period>semaine|mois|année)(?:-ci)?"
        r"|(?:la|le|l['’])\s*(?P<period2>semaine|mois|année|an)\s+(?P<which>dernière|dernier|passée|passé|prochaine|prochain))"
        + _E,
        _this_period,
        True,
    ),
    _rule(_WEEKDAY + r"(?:\s+(?P<which>dernier|prochain))?" + _E, _weekday, True),
]

#: Characters whose lower case behaves in a regular expression as the character
#: itself does with IGNORECASE (tests/test_dates.py checks each one): Latin
#: letters, digits, punctuation, but not "İ", "ı" or "ſ", which also match "i" or "s".
_UNFOLDABLE = re.compile(r"[^\x00-\u024f\u2000-\u206f\u20ac]|[\u0130\u0131\u017f]")


def _mention_span(match: re.Match[str]) -> tuple[int, int]:
    """The span of the rule's "date" group when it has one, else the whole match."""
    if "date" in match.re.groupindex and match.group("date") is not None:
        return match.span("date")
    return match.span()


def find_dates(text: str, published: str | None) -> Iterator[DateMention]:
    """Every date expression of ``text``, resolved against ``published``."""
    folded = None if _UNFOLDABLE.search(text) else text.lower()
    yield from resolve_matches(
        text, Reference.parse(published), lambda rule: _matches(rule, text, folded)
    )


def resolve_matches(
    text: str, ref: Reference | None, matches_of: Callable[[Rule], Iterable[re.Match[str]]]
) -> list[DateMention]:
    """The dates that the rules' matches (``matches_of(rule)``, rule by rule,
    in order) resolve to, skipping any that overlaps an earlier one; sorted."""
    taken: list[tuple[int, int]] = []
    mentions: list[DateMention] = []
    for rule in RULES:
        for match in matches_of(rule):
            start, end = _mention_span(match)
            if any(start < e and s < end for s, e in taken):
                continue
            resolved = rule.resolver(match, ref)
            if resolved is None:
                continue
            value, granularity = resolved
            taken.append((start, end))
            mentions.append(
                DateMention(text[start:end], value, start, end, granularity, rule.relative)
            )
    return sorted(mentions, key=lambda d: d.start)


def _matches(rule: Rule, text: str, folded: str | None) -> Iterator[re.Match[str]]:
    """The matches of ``rule.pattern.finditer(text)``, the finder telling where
    to look: from a match of the core when the pattern starts with it, else
    only while a core is left to find."""
    haystack = folded if rule.ignores_case else text
    if haystack is None:  # the text has a character that lower-casing could change
        yield from rule.pattern.finditer(text)
        return
    position = 0
    while (found := rule.finder.search(haystack, position)) is not None:
        if rule.core_starts:
            match = rule.pattern.match(text, found.start())
            if match is None:  # not at a word boundary: a match may still start inside
                position = found.start() + 1
                continue
        else:
            match = rule.pattern.search(text, position)
            if match is None:
                return
        yield match
        position = match.end()


_BARE_YEAR = re.compile(r"^(?:1[5-9]\d\d|20\d\d)$")


def bare_years(article: Article, taken: list[DateMention]) -> list[DateMention]:
    """Years standing alone ("par rapport à 2021", "en 2019, 2020 et 2021",
    "Présidentielle 2022"): a four-digit number not followed by what it would
    count ("1500 soldats", "2000 euros")."""
    from presswatch.core.text import fold
    from presswatch.stages.quantities import UNITS

    spans = [(d.start, d.end) for d in taken]
    found = []
    tokens = article.tokens
    # a comprehension first: most tokens are not years, and it rejects them fastest
    years = [index for index, token in enumerate(tokens) if _BARE_YEAR.match(token.text)]
    for index in years:
        token = tokens[index]
        if any(s <= token.start < e for s, e in spans):
            continue
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if following is not None and following.start == token.end:
            continue  # glued to something: "2021a", "2020-2021" handled elsewhere
        if following is not None and (
            following.pos == "NOUN"
            or fold(following.text) in UNITS
            or following.text in ("%", "000")
        ):
            continue
        found.append(DateMention(token.text, token.text, token.start, token.end, "year", False))
    return found


@stage("dates", requires=("paragraphs", "tokens"), provides=("dates",), languages=("fr",))
def extract_dates(article: Article) -> Article:
    """Dates and relative time expressions, resolved against the publication date."""
    mentions = list(find_dates(article.text, article.published))
    mentions += bare_years(article, mentions)
    article.dates = sorted(mentions, key=lambda d: d.start)
    return article
