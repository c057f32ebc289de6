"""The dates stage: date and time expressions, resolved against the
publication date. The expressions and what they mean are the language
pack's date rules (:mod:`presswatch.lang.fr.dates` for French, written with
:mod:`presswatch.lang.calendar`); this module compiles and runs them.

Values are ISO 8601 at the expression's granularity: ``2022-01-30``,
``2022-W05``, ``2022-01``, ``2015``; ``None`` when a relative expression has
no publication date to resolve against.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from presswatch.core.article import Article, DateMention
from presswatch.core.pipeline import stage
from presswatch.core.text import fold
from presswatch.lang import DEFAULT_LANGUAGE, language_pack, packs_with
from presswatch.lang.calendar import DateRule, Reference, Resolver
from presswatch.lang.parts import DateGrammar


@dataclass(frozen=True)
class Rule:
    """A compiled :class:`~presswatch.lang.calendar.DateRule`: ``pattern``
    compiles ``lead + head + core``.

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


def compile_rule(rule: DateRule) -> Rule:
    pattern = re.compile(rule.lead + rule.head + rule.core, rule.flags)
    ignores_case = bool(rule.flags & re.IGNORECASE)
    return Rule(
        pattern, re.compile(rule.core), not rule.head, ignores_case, rule.resolver, rule.relative
    )


@cache
def _compiled(grammar: DateGrammar) -> tuple[Rule, ...]:
    return tuple(compile_rule(rule) for rule in grammar.rules)


def rules_for(language: str) -> tuple[Rule, ...]:
    """The compiled date rules of ``language``, in priority order."""
    grammar = language_pack(language).dates
    assert grammar is not None, "dates runs only on languages with date rules"
    return _compiled(grammar)


#: Characters whose lower case behaves in a regular expression as the character
#: itself does with IGNORECASE (tests/test_dates.py checks each one): Latin
#: letters, digits, punctuation, but not "İ", "ı" or "ſ", which also match "i" or "s".
_UNFOLDABLE = re.compile(r"[^\x00-\u024f\u2000-\u206f\u20ac]|[\u0130\u0131\u017f]")


def _mention_span(match: re.Match[str]) -> tuple[int, int]:
    """The span of the rule's "date" group when it has one, else the whole match."""
    if "date" in match.re.groupindex and match.group("date") is not None:
        return match.span("date")
    return match.span()


def find_dates(
    text: str, published: str | None, language: str = DEFAULT_LANGUAGE
) -> Iterator[DateMention]:
    """Every date expression of ``text`` (in ``language``), resolved against ``published``."""
    folded = None if _UNFOLDABLE.search(text) else text.lower()
    yield from resolve_matches(
        text,
        Reference.parse(published),
        lambda rule: _matches(rule, text, folded),
        rules_for(language),
    )


def resolve_matches(
    text: str,
    ref: Reference | None,
    matches_of: Callable[[Rule], Iterable[re.Match[str]]],
    rules: Sequence[Rule],
) -> list[DateMention]:
    """The dates that the rules' matches (``matches_of(rule)``, rule by rule,
    in order) resolve to, skipping any that overlaps an earlier one; sorted."""
    taken: list[tuple[int, int]] = []
    mentions: list[DateMention] = []
    for rule in rules:
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


def bare_years(
    article: Article,
    taken: list[DateMention],
    units: Mapping[str, str],
    before_punctuation: bool = False,
) -> list[DateMention]:
    """Years standing alone ("par rapport à 2021", "en 2019, 2020 et 2021",
    "Présidentielle 2022"): a four-digit number not followed by what it would
    count ("1500 soldats", "2000 euros", a unit word of ``units``), nor glued
    to what follows (``before_punctuation``: unless it is punctuation, "in 1982.")."""
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
        glued = following is not None and following.start == token.end
        if glued and not (before_punctuation and following.text[:1] in ".,;:!?)"):  # type: ignore[union-attr]
            continue  # glued to something: "2021a", "2020-2021" handled elsewhere
        if following is not None and (
            following.pos == "NOUN"
            or fold(following.text) in units
            or following.text in ("%", "000")
        ):
            continue
        found.append(DateMention(token.text, token.text, token.start, token.end, "year", False))
    return found


@stage(
    "dates",
    requires=("paragraphs", "tokens"),
    provides=("dates",),
    languages=packs_with("dates"),
)
def extract_dates(article: Article) -> Article:
    """Dates and relative time expressions, resolved against the publication date."""
    language = article.language or DEFAULT_LANGUAGE
    pack = language_pack(language)
    numbers, grammar = pack.numbers, pack.dates
    mentions = list(find_dates(article.text, article.published, language))
    mentions += bare_years(
        article,
        mentions,
        numbers.units if numbers is not None else {},
        grammar is not None and grammar.bare_years_before_punctuation,
    )
    article.dates = sorted(mentions, key=lambda d: d.start)
    return article
