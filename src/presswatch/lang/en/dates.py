"""English dates: month and day names, number words, and the date rules
(regular expressions and how each resolves, see :mod:`presswatch.lang.calendar`).

Absolute: "January 28, 2022", "Jan. 28", "Saturday, February 10th 2018", "7 March
2019", "the 7th of March", "May 2017", "April of 2018", "early February", "late
2017", "the fall of 2016", "in 2015", "the 1990s", "the 14th century",
"2022-01-31", "06/22/2017". Relative: "today", "yesterday", "tomorrow",
"tonight", "last night", "this week", "last month", "earlier this month", "next
year", "three days ago", "last Tuesday", "Monday", "Friday night", "this
weekend", "the past five months", "hours earlier", clock times ("9 p.m.").

Month and weekday names are matched with their capital (English writes them
so), which keeps the verbs "may" and "march" and the name "Theresa May" out;
"May" alone is a month only after words such as "in" or "since".
"""

from __future__ import annotations

import re

from presswatch.core.article import Granularity
from presswatch.lang.calendar import (
    WORD_END,
    WORD_START,
    DateRule,
    Reference,
    Resolved,
    Resolver,
    TimeUnit,
    ago,
    day_month,
    decade_of,
    month_only,
    month_year,
    name_key,
    numeric_date,
    offset_days,
    ordinal_century,
    safe_date,
    this_period,
    unresolved,
    weekday,
    year,
)
from presswatch.lang.parts import DateGrammar

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
#: Counts of "N days ago" (None: no number).
NUMBER_WORDS: dict[str, int | None] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "twenty": 20, "thirty": 30, "few": None, "several": None, "couple": None,
}  # fmt: skip
#: "this week", "last month": the granularity of each period word.
PERIODS: dict[str, Granularity] = {"week": "week", "month": "month", "year": "year"}
#: "last", "next": the offset each word gives its period ("this": none).
SHIFTS = {"last": -1, "next": 1}
#: "N ... ago": each unit's granularity and days (0: hours, no date).
TIME_UNITS: tuple[TimeUnit, ...] = (
    ("year", "year", 1),
    ("month", "month", 1),
    ("week", "day", 7),
    ("day", "day", 1),
    ("hour", "day", 0),
    ("minute", "day", 0),
)

# Month names with their capital; "Mar" only with its full stop ("Mar." not a word).
_MONTH_NAMES = (
    r"January|Jan\.?|February|Feb\.?|March|Mar\.|April|Apr\.?|May|June|Jun\.?|July|Jul\.?"
    r"|August|Aug\.?|September|Sept\.?|Sep\.?|October|Oct\.?|November|Nov\.?|December|Dec\.?"
)
_MONTH = r"(?P<month>" + _MONTH_NAMES + r")"
#: Months that are no other word: "May" is also a name, "March" a verb.
_PLAIN_MONTH = r"(?P<month>" + _MONTH_NAMES.replace("|May", "").replace("|March", "") + r")"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_WEEKDAY_PLAIN = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?P<year>1\d{3}|20\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night))?"
_COUNT = (
    r"(?P<count>\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven"
    r"|twelve|fifteen|twenty|thirty|few|several|couple)"
)
_COUNT_WORDS = (
    r"(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|fifteen|twenty|thirty|few|several|couple\s+of)"
)
_UNIT = r"(?P<unit>days?|weeks?|months?|years?|hours?|minutes?)"
_PERIOD_WORDS = r"(?:days|weeks|months|years|decades|hours)"
_APPROXIMATELY = (
    r"(?:(?:about|around|nearly|almost|roughly|some|over|more\s+than|less\s+than|just)\s+)?"
)
#: Words after which a capitalised month name with no day is a month.
_BEFORE_MONTH = (
    r"(?i:in|since|until|till|from|through|throughout|during|before|after|early|late|mid-?"
    r"|last|next|this|between|than|their|his|her|its|our|a)"
)
_BEFORE_PLAIN_MONTH = r"(?i:of|and|or|than|to|by|on|every|each)"

FIRST_DAY: frozenset[str] = frozenset()


def us_numeric_date(m: re.Match[str], ref: Reference | None) -> Resolved | None:
    """Groups ``a``, ``b``, ``y``: "06/22/2017" month first (American), or day
    first when the first number cannot be a month ("22/06/2017")."""
    first, second, year_number = int(m["a"]), int(m["b"]), int(m["y"])
    day = safe_date(year_number, first, second) or safe_date(year_number, second, first)
    return (day.isoformat(), "day") if day else None


def month_of_year(months: dict[str, int], shifts: dict[str, int]) -> Resolver:
    """Groups ``month`` and ``which``: "May last year" (``which`` shifts the
    publication year)."""

    def resolve(m: re.Match[str], ref: Reference | None) -> Resolved | None:
        if ref is None:
            return None, "month"
        month = months[name_key(m["month"]).rstrip(".")]
        return f"{ref.year + shifts.get(m['which'], 0):04d}-{month:02d}", "month"

    return resolve


def english_decade(m: re.Match[str], ref: Reference | None) -> Resolved | None:
    """Group ``decade`` ("1990s" -> ``199``) or ``short`` ("'90s" -> ``199``)."""
    return decade_of(m["decade"] or m["short"])


_MONTH_DAY_YEAR = _MONTH + r"\s+" + _DAY + WORD_END + r"(?:,?\s+" + _YEAR + WORD_END + r")?"

#: In priority order; earlier rules win overlaps.
RULES: tuple[DateRule, ...] = (
    DateRule(r"(?P<y>(?:19|20)\d\d)-(?P<m>\d{2})-(?P<d>\d{2})" + WORD_END, numeric_date, False),
    DateRule(
        r"(?P<a>\d{1,2})([/.-])(?P<b>\d{1,2})\2(?P<y>(?:19|20)\d\d)" + WORD_END,
        us_numeric_date,
        False,
        flags=0,
    ),
    # "Saturday, February 10th 2018", "January 28, 2022", "Jan. 28"
    DateRule(
        _MONTH_DAY_YEAR,
        day_month(MONTHS, FIRST_DAY),
        False,
        head=r"(?:" + _WEEKDAY_PLAIN + r",?\s+)?",
        flags=0,
    ),
    # "7 March 2019", "the 7th of March"
    DateRule(
        _DAY + r"\s+(?:of\s+)?" + _MONTH + WORD_END + r"(?:,?\s+" + _YEAR + WORD_END + r")?",
        day_month(MONTHS, FIRST_DAY),
        False,
        head=r"(?:" + _WEEKDAY_PLAIN + r",?\s+)?",
        lead=r"(?<![\w/.,-])",
        flags=0,
    ),
    # "May 2017", "April of 2018", "Nov. 2017"
    DateRule(_MONTH + r"(?:\s+of)?,?\s+" + _YEAR + WORD_END, month_year(MONTHS), False, flags=0),
    # "May last year", "in March next year"
    DateRule(
        _MONTH + r"\s+(?P<which>last|this|next)\s+year" + WORD_END,
        month_of_year(MONTHS, SHIFTS),
        True,
        flags=0,
    ),
    # "early February", "the end of March", "mid-April"
    DateRule(
        _MONTH + WORD_END + r"(?:\s+" + _YEAR + WORD_END + r")?",
        month_only(MONTHS),
        False,
        head=r"(?i:early|late|mid-?|(?:the\s+)?(?:end|beginning|start|middle)\s+of)\s*",
        flags=0,
    ),
    # "in February", "until April", "since May"
    DateRule(
        r"(?P<date>" + _MONTH + WORD_END + r"(?:\s+" + _YEAR + WORD_END + r")?)",
        month_only(MONTHS),
        False,
        head=_BEFORE_MONTH + r"\s+",
        flags=0,
    ),
    # "of December", "January and February", "than March" (not "May", "March")
    DateRule(
        r"(?P<date>" + _PLAIN_MONTH + WORD_END + r"(?:\s+" + _YEAR + WORD_END + r")?)",
        month_only(MONTHS),
        False,
        head=_BEFORE_PLAIN_MONTH + r"\s+",
        flags=0,
    ),
    # "2017-2018", "2017-18": the first year
    DateRule(_YEAR + r"[-–](?:1\d{3}|20\d\d|\d\d)" + WORD_END, year, False, lead=r"(?<![\w./,-])"),
    # "late 2017", "the fall of 2016", "early 2018", "mid-2019"
    DateRule(
        _YEAR + WORD_END,
        year,
        False,
        head=r"(?:early|late|mid-|mid|(?:the\s+)?(?:end|beginning|start|middle|first\s+half"
        r"|second\s+half|spring|summer|fall|autumn|winter)\s+of|spring|summer|fall|autumn"
        r"|winter)\s*",
    ),
    DateRule(
        r"(?:in|since|by|until|till|from|through|during|before|after|of|the|a|an|its|his"
        r"|her|their|circa|year|around)\s+(?P<date>" + _YEAR + r")" + WORD_END,
        year,
        False,
        lead=r"\b",
    ),
    DateRule(
        r"century" + WORD_END, ordinal_century, False, head=r"(?P<number>\d{1,2})(?:st|nd|rd|th)\s+"
    ),
    DateRule(
        r"(?:['’](?P<short>\d0)s|(?P<decade>1\d{2}0|20\d0)s)" + WORD_END,
        english_decade,
        False,
        head=r"(?:the\s+)?(?:early\s+|late\s+|mid-)?",
    ),
    DateRule(
        _COUNT + r"\s+(?:of\s+)?" + _UNIT + r"\s+ago" + WORD_END,
        ago(-1, NUMBER_WORDS, TIME_UNITS),
        True,
        head=_APPROXIMATELY + r"(?:a\s+)?",
    ),
    DateRule(r"(?:days|weeks|months|years|hours)\s+ago" + WORD_END, unresolved("day"), True),
    DateRule(
        r"(?:the\s+)?(?:past|last|next|coming|previous|following)\s+(?:"
        + _COUNT_WORDS
        + r"\s+)?"
        + _PERIOD_WORDS
        + WORD_END,
        unresolved("day"),
        True,
    ),
    DateRule(r"(?:in\s+)?recent\s+(?:days|weeks|months|years)" + WORD_END, unresolved("day"), True),
    DateRule(
        r"(?:the\s+)?(?:next|previous|following)\s+(?:day|morning|evening|night|week)" + WORD_END,
        unresolved("day"),
        True,
    ),
    DateRule(
        r"(?:earlier|later)\s+in\s+the\s+(?:day|week|month|year)" + WORD_END,
        unresolved("day"),
        True,
    ),
    DateRule(
        r"(?:hours|days|weeks|months|years|a\s+day|a\s+week|a\s+month|a\s+year)\s+"
        r"(?:earlier|later)" + WORD_END,
        unresolved("day"),
        True,
        lead=WORD_START + r"(?<!\d\s)",
    ),
    DateRule(
        r"the\s+(?:end|beginning|start|middle)\s+of\s+the\s+(?:week|month|year)" + WORD_END,
        unresolved("day"),
        True,
    ),
    DateRule(r"(?:the\s+)?day\s+before\s+yesterday" + WORD_END, offset_days(-2), True),
    DateRule(r"(?:the\s+)?day\s+after\s+tomorrow" + WORD_END, offset_days(2), True),
    DateRule(
        r"(?:yesterday(?:\s+(?:morning|afternoon|evening))?|last\s+night)" + WORD_END,
        offset_days(-1),
        True,
        head=r"(?:(?:earlier|late)\s+)?",
    ),
    DateRule(
        r"tomorrow(?:\s+(?:morning|afternoon|evening|night))?" + WORD_END, offset_days(1), True
    ),
    DateRule(
        r"(?:today|tonight|this\s+(?:morning|afternoon|evening))" + WORD_END,
        offset_days(0),
        True,
        head=r"(?:(?:earlier|later)\s+)?",
    ),
    DateRule(
        r"(?P<which>this|last|next)\s+(?P<period>week|month|year)" + WORD_END,
        this_period(PERIODS, SHIFTS),
        True,
        head=r"(?:(?:earlier|later)\s+)?",
    ),
    DateRule(
        r"(?:this|last|next|the|that)\s+(?:weekend|spring|summer|fall|autumn|winter)" + WORD_END,
        unresolved("day"),
        True,
        head=r"(?:(?:earlier|later|over)\s+)?",
    ),
    DateRule(
        _WEEKDAY + _PART_OF_DAY + WORD_END,
        weekday(WEEKDAYS, "next", "last"),
        True,
        head=r"(?:(?P<which>(?i:last|next|this|early|late))\s+)?",
        flags=0,
    ),
    DateRule(
        r"\d{1,2}(?::\d\d)?\s*(?:a\.m\.|p\.m\.|am|pm)(?![\w-])",
        unresolved("day"),
        True,
        lead=r"(?<![\w.:,-])",
    ),
)

DATES = DateGrammar(rules=RULES, bare_years_before_punctuation=True)
