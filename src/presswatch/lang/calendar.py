"""The vocabulary a language pack writes its date rules with.

A pack's :class:`~presswatch.lang.parts.DateGrammar` is a list of
:class:`DateRule`: a regular expression and the resolver that turns a match
into an ISO 8601 value at some granularity, given the publication date (a
:class:`Reference`). The resolvers below are language-neutral; those that
read words (month names, "last", "ago" units) take the language's tables as
arguments. The dates stage compiles and runs the rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from presswatch.core.article import Granularity

Resolved = tuple[str | None, Granularity]

#: A word boundary that also refuses a hyphen before, and after.
WORD_START = r"(?<![\w-])"
WORD_END = r"(?![\w-])"


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


Resolver = Callable[[re.Match[str], Reference | None], Resolved | None]


@dataclass(frozen=True)
class DateRule:
    """A date expression: ``lead + head + core`` compiled with ``flags``.

    The stage searches ``core`` (case-sensitively, in the lower-cased text
    when the rule ignores case) to find where to try the whole pattern, so
    every match of the pattern must end with a match of ``core``. A
    ``date`` group, if any, is the mention; else the whole match."""

    core: str
    resolver: Resolver
    relative: bool
    head: str = ""
    lead: str = WORD_START
    flags: int = re.IGNORECASE


def name_key(name: str) -> str:
    """A month or weekday name as the tables spell it. The patterns match
    case-insensitively, so "Mardİ" and "ſeptembre" match too, but lower-case
    to "mardi\u0307" and "ſeptembre"."""
    return name.lower().replace("\u0307", "").replace("ſ", "s")


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def nearest_year(month: int, day: int | None, ref: Reference | None) -> int | None:
    """The year placing (month, day) closest to the reference date."""
    if ref is None:
        return None
    anchor = ref.date or date(ref.year, ref.month, 15)
    best: tuple[int, int] | None = None
    for year in (ref.year - 1, ref.year, ref.year + 1):
        candidate = safe_date(year, month, day or 15)
        if candidate is None:
            continue
        distance = abs((candidate - anchor).days)
        if best is None or distance < best[0]:
            best = (distance, year)
    return best[1] if best else None


# -- absolute -------------------------------------------------------------------


def numeric_date(m: re.Match[str], ref: Reference | None) -> Resolved | None:
    """Groups ``y``, ``m``, ``d``: "31/01/2022", "2022-01-31"."""
    day = safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return (day.isoformat(), "day") if day else None


def _day_number(raw: str, first_day: Collection[str]) -> int:
    return 1 if raw.lower() in first_day else int(raw)


def day_month(months: Mapping[str, int], first_day: Collection[str]) -> Resolver:
    """Groups ``day``, ``month``, optional ``year``: "30 janvier" (the year
    closest to the publication date), "1er mars 2021"."""

    def resolve(m: re.Match[str], ref: Reference | None) -> Resolved | None:
        day_number = _day_number(m["day"], first_day)
        month = months[name_key(m["month"]).rstrip(".")]
        year = int(m["year"]) if m["year"] else nearest_year(month, day_number, ref)
        if year is None:
            return None, "day"
        day = safe_date(year, month, day_number)
        return (day.isoformat(), "day") if day else None

    return resolve


def first_of_pair(months: Mapping[str, int], first_day: Collection[str]) -> Resolver:
    """Groups ``day1``, ``month1`` or ``month``, optional ``year``: "les 9 et
    10 décembre 2021": the first day takes the month and year written after
    the second."""

    def resolve(m: re.Match[str], ref: Reference | None) -> Resolved | None:
        day_number = _day_number(m["day1"], first_day)
        month = months[name_key(m["month1"] or m["month"]).rstrip(".")]
        year = int(m["year"]) if m["year"] else nearest_year(month, day_number, ref)
        if year is None:
            return None, "day"
        day = safe_date(year, month, day_number)
        return (day.isoformat(), "day") if day else None

    return resolve


def month_year(months: Mapping[str, int]) -> Resolver:
    """Groups ``month``, ``year``: "mars 2021"."""

    def resolve(m: re.Match[str], ref: Reference | None) -> Resolved | None:
        return f"{int(m['year']):04d}-{months[name_key(m['month']).rstrip('.')]:02d}", "month"

    return resolve


def month_only(months: Mapping[str, int]) -> Resolver:
    """Groups ``month``, optional ``year``: "début février" (the year closest
    to the publication date)."""

    def resolve(m: re.Match[str], ref: Reference | None) -> Resolved | None:
        month = months[name_key(m["month"]).rstrip(".")]
        year = int(m["year"]) if m["year"] else nearest_year(month, None, ref)
        return (f"{year:04d}-{month:02d}" if year else None), "month"

    return resolve


def year(m: re.Match[str], ref: Reference | None) -> Resolved | None:
    """Group ``year``."""
    return m["year"], "year"


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


def _roman(numeral: str) -> int:
    total = 0
    for index, char in enumerate(numeral):
        value = _ROMAN[char]
        following = _ROMAN[numeral[index + 1]] if index + 1 < len(numeral) else 0
        total += -value if value < following else value
    return total


def century(m: re.Match[str], ref: Reference | None) -> Resolved | None:
    """Group ``roman``: "XXe siècle" -> ``19``."""
    number = _roman(m["roman"].upper())
    return (f"{number - 1:02d}" if 1 <= number <= 21 else None), "century"


def decade(m: re.Match[str], ref: Reference | None) -> Resolved | None:
    """Group ``decade``: "années 90" -> ``199``."""
    return decade_of(m["decade"])


def decade_of(digits: str) -> Resolved:
    """The decade written with four digits ("1990") or two ("90": the 1990s;
    "10": the 2010s)."""
    value = (
        int(digits)
        if len(digits) == 4
        else (1900 + int(digits) if int(digits) >= 20 else 2000 + int(digits))
    )
    return f"{value // 10:03d}", "decade"


def ordinal_century(m: re.Match[str], ref: Reference | None) -> Resolved | None:
    """Group ``number``: "14th century" -> ``13`` (the years 1300-1399)."""
    number = int(m["number"])
    return (f"{number - 1:02d}" if 1 <= number <= 21 else None), "century"


# -- relative -------------------------------------------------------------------


def offset_days(days: int) -> Resolver:
    """A day ``days`` after the publication date ("hier": -1)."""

    def resolve(m: re.Match[str], ref: Reference | None) -> Resolved | None:
        if ref is None or ref.date is None:
            return None, "day"
        return (ref.date + timedelta(days=days)).isoformat(), "day"

    return resolve


def this_period(periods: Mapping[str, Granularity], shifts: Mapping[str, int]) -> Resolver:
    """Groups ``period`` or ``period2``, optional ``which``: "cette semaine",
    "le mois dernier". ``periods`` gives each period word's granularity
    (week, month, else year); ``shifts`` each ``which`` word's offset."""

    def resolve(m: re.Match[str], ref: Reference | None) -> Resolved | None:
        granularity = periods.get((m["period"] or m["period2"]).lower(), "year")
        shift = shifts.get((m["which"] or "").lower(), 0)
        if granularity == "week":
            if ref is None or ref.date is None:
                return None, "week"
            return iso_week(ref.date + timedelta(weeks=shift)), "week"
        if granularity == "month":
            if ref is None:
                return None, "month"
            index = ref.year * 12 + ref.month - 1 + shift
            return f"{index // 12:04d}-{index % 12 + 1:02d}", "month"
        if ref is None:
            return None, "year"
        return f"{ref.year + shift:04d}", "year"

    return resolve


#: A time unit of "il y a N unités": (word prefix, granularity, days per unit;
#: 0 for a unit too small to give a date, such as hours).
TimeUnit = tuple[str, Granularity, int]


def ago(sign: int, numbers: Mapping[str, int | None], units: Sequence[TimeUnit]) -> Resolver:
    """Groups ``count`` and ``unit``: "il y a trois jours" (``sign`` -1),
    "dans deux semaines" (+1). A count word maps to ``None`` when it gives no
    number ("quelques"); a unit is the first of ``units`` it starts with."""

    def resolve(m: re.Match[str], ref: Reference | None) -> Resolved | None:
        raw = m["count"].lower()
        count = int(raw) if raw.isdigit() else numbers.get(raw)
        unit = m["unit"].lower()
        granularity, days = next(
            ((g, d) for prefix, g, d in units if unit.startswith(prefix)), ("day", 1)
        )
        if count is None or days == 0:
            return None, granularity
        if ref is None or (ref.date is None and granularity == "day"):
            return None, granularity
        if granularity == "year":
            return f"{ref.year + sign * count:04d}", "year"
        if granularity == "month":
            index = ref.year * 12 + ref.month - 1 + sign * count
            return f"{index // 12:04d}-{index % 12 + 1:02d}", "month"
        assert ref.date is not None
        return (ref.date + timedelta(days=sign * count * days)).isoformat(), "day"

    return resolve


def weekday(weekdays: Mapping[str, int], next_word: str, last_word: str) -> Resolver:
    """Groups ``weekday``, optional ``which``: "lundi" (the last one on or
    before the publication date), "lundi prochain" (``which`` starting with
    ``next_word``), "lundi dernier" (with ``last_word``: never the same day)."""

    def resolve(m: re.Match[str], ref: Reference | None) -> Resolved | None:
        if ref is None or ref.date is None:
            return None, "day"
        target = weekdays[name_key(m["weekday"])]
        which = (m["which"] or "").lower()
        if which.startswith(next_word):
            delta = (target - ref.date.weekday()) % 7 or 7
            return (ref.date + timedelta(days=delta)).isoformat(), "day"
        delta = (ref.date.weekday() - target) % 7
        if which.startswith(last_word) and delta == 0:
            delta = 7
        return (ref.date - timedelta(days=delta)).isoformat(), "day"

    return resolve


def unresolved(granularity: Granularity) -> Resolver:
    """Expressions relative to an event or vague periods: a date, no single value."""

    def resolve(m: re.Match[str], ref: Reference | None) -> Resolved | None:
        return None, granularity

    return resolve
