"""Dates and relative expressions resolved against the publication date."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from presswatch.stages.dates import find_dates


def values(text: str, published: str | None = "2022-01-31") -> dict[str, str | None]:
    return {d.text: d.value for d in find_dates(text, published)}


def test_dates_seed_resolved(seed_article):
    found = {d.text: d.value for d in seed_article.dates}
    assert found["dimanche 30 janvier"] == "2022-01-30"
    assert found["28 janvier"] == "2022-01-28"
    assert found["26 janvier"] == "2022-01-26"
    assert found["il y a une semaine"] == "2022-01-24"
    assert found["cette semaine"] == "2022-W05"
    assert found["2015"] == "2015"
    assert "du jour au lendemain" not in " ".join(found)


def test_dates_relative_expressions():
    found = values(
        "Hier, lundi dernier, demain, l'an dernier, l'année prochaine, la semaine prochaine, "
        "dans trois jours, il y a deux ans, ce mois-ci, aujourd'hui."
    )
    assert found == {
        "Hier": "2022-01-30",
        "lundi dernier": "2022-01-24",
        "demain": "2022-02-01",
        "l'an dernier": "2021",
        "l'année prochaine": "2023",
        "la semaine prochaine": "2022-W06",
        "dans trois jours": "2022-02-03",
        "il y a deux ans": "2020",
        "ce mois-ci": "2022-01",
        "aujourd'hui": "2022-01-31",
    }


def test_dates_absolute_forms_and_year_inference():
    found = values(
        "Le 1er mars 2021, le 12/03/2020, 2021-05-06, début février, mai 2020, en 2015, le 20 décembre."
    )
    assert found["1er mars 2021"] == "2021-03-01"
    assert found["12/03/2020"] == "2020-03-12"
    assert found["2021-05-06"] == "2021-05-06"
    assert found["début février"] == "2022-02"
    assert found["mai 2020"] == "2020-05"
    assert found["2015"] == "2015"
    assert found["20 décembre"] == "2021-12-20"  # closest to 31 January 2022


def test_dates_idioms_are_not_dates():
    assert values("Du jour au lendemain, de nos jours, au jour le jour, la planète Mars.") == {}


def test_dates_relative_without_publication_date_is_unresolved():
    found = {d.text: d for d in find_dates("Hier et le 3 mars 2020.", None)}
    assert found["Hier"].value is None and found["Hier"].relative
    assert found["3 mars 2020"].value == "2020-03-03"


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                *"0123456789/.-: aehijlmnorstuvyéû",
                "hier",
                "mars ",
                "lundi ",
                "il y a ",
                " jours",
                "2021",
                "1er ",
            ]
        ),
        max_size=30,
    ).map("".join)
)
def test_dates_spans_are_valid_on_any_text(text: str):
    for mention in find_dates(text, "2022-01-31"):
        assert text[mention.start : mention.end] == mention.text
        assert mention.value is None or mention.value[:4].isdigit()


# -- the finders that find_dates searches in the lower-cased text ---------------
def _foldable_characters() -> list[str]:
    from presswatch.stages.dates import _UNFOLDABLE

    return [chr(i) for i in range(0x2100) if not _UNFOLDABLE.match(chr(i))]


def test_dates_foldable_characters_match_alike_lower_cased():
    """For the characters find_dates lower-cases, a case-sensitive regex on the
    lower case matches as the same regex with IGNORECASE on the original:
    same literals, same \\w, \\s and \\d, one character for one."""
    import re

    foldable = _foldable_characters()
    literals = [(x, re.compile(re.escape(x), re.IGNORECASE)) for x in foldable if x == x.lower()]
    classes = [re.compile(c) for c in (r"\w", r"\s", r"\d")]
    for char in foldable:
        lower = char.lower()
        assert len(lower) == 1, char
        for c in classes:
            assert bool(c.fullmatch(char)) == bool(c.fullmatch(lower)), (char, c)
        for literal, ignoring_case in literals:
            assert bool(ignoring_case.fullmatch(char)) == (lower == literal), (char, literal)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_dates_finders_are_lower_case_and_foldable(language: str):
    import re

    from presswatch.stages.dates import _UNFOLDABLE, rules_for

    for rule in rules_for(language):
        source = rule.finder.pattern
        assert rule.pattern.pattern.endswith(source)
        assert not _UNFOLDABLE.search(source), source
        if rule.ignores_case:  # its finder, without IGNORECASE, searches lower-cased text
            assert not re.search(r"[A-Z]", source.replace("(?P<", "")), source


_FRAGMENTS = [
    *("le ", "Le ", "LES ", "du ", "au ", "Au ", "début ", "Fin ", "mi-", "courant ", "en "),
    *("depuis ", "DÈS ", "d'ici ", "jusqu'en ", "le mois de ", "il y a ", "Il Y A ", "dans "),
    *("1er ", "3 ", "12 ", "31/01/2022", "2021-05-06", "2015", " 2022", "1789 ", "30 "),
    *("janvier ", "Février ", "MARS ", "janv. ", "août ", "mai", "sept ", "décembre "),
    *("lundi ", "Dimanche ", "dernier ", "prochaine ", "la semaine ", "l'an ", "cette "),
    *("semaine", "mois ", "années ", "ans ", "jours ", "trois ", "quelques ", "deux "),
    *("plus tard", "auparavant ", "après ", "avant ", "avant-hier", "Après-demain"),
    *("aujourd'hui", "d'aujourd’hui ", "hier ", "HIER ", "demain ", "soir ", "ce matin "),
    *("XXe siècle ", "XIXe Siècle ", "milieu ", "années 90 ", "et ", "-", "passées ", "ces "),
    *(", ", ". ", "\n", "  ", "x", "é", "ce moiſ ", "İl y a ", "hİer "),
]  # fmt: skip


_ENGLISH_FRAGMENTS = [
    *("the ", "The ", "on ", "in ", "In ", "since ", "early ", "late ", "mid-", "of ", "and "),
    *("last ", "Last ", "next ", "this ", "earlier ", "Earlier ", "a ", "about ", "three "),
    *("January ", "Jan. ", "Feb ", "March ", "May ", "Sept. ", "December ", "JANUARY "),
    *("Monday ", "Friday ", "monday ", "night ", "morning ", "week", "month ", "year ", "years "),
    *("days ", "ago", " ago ", "hours ", "later", "today", "Tonight ", "yesterday ", "tomorrow "),
    *("28", "28th ", "1st ", ", ", "2018", " 2022 ", "1990s ", "'90s ", "14th century ", "9 "),
    *("p.m. ", "10:00 pm", "06-22-2017", "2021-05-06", "weekend ", "recent ", "past ", "-", "\n"),
    *(". ", "x", "ſ", "İ"),
]  # fmt: skip


def _find_dates_slowly(text: str, published: str | None, language: str = "fr") -> list:
    """find_dates running every rule's whole pattern over the whole text."""
    from presswatch.lang.calendar import Reference
    from presswatch.stages.dates import resolve_matches, rules_for

    return resolve_matches(
        text, Reference.parse(published), lambda r: r.pattern.finditer(text), rules_for(language)
    )


def _same_matches(text: str, language: str = "fr") -> None:
    from presswatch.stages.dates import _UNFOLDABLE, _matches, rules_for

    folded = None if _UNFOLDABLE.search(text) else text.lower()
    for rule in rules_for(language):
        found = [(m.span(), m.groupdict()) for m in _matches(rule, text, folded)]
        expected = [(m.span(), m.groupdict()) for m in rule.pattern.finditer(text)]
        assert found == expected, (rule.pattern.pattern, text)
    found_dates = list(find_dates(text, "2022-01-31", language))
    assert found_dates == _find_dates_slowly(text, "2022-01-31", language)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=25).map("".join))
def test_dates_finders_find_what_the_rules_find(text: str):
    _same_matches(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_ENGLISH_FRAGMENTS), max_size=25).map("".join))
def test_dates_english_finders_find_what_the_rules_find(text: str):
    _same_matches(text, "en")


def test_dates_finders_find_what_the_rules_find_in_articles(seed_article, example_article):
    for article in (seed_article, example_article):
        _same_matches(article.text)


def test_dates_names_that_match_case_insensitively_resolve() -> None:
    """ "İ" and "ſ" match "i" and "s" case-insensitively but lower-case to
    other strings: such names resolve as their plain spelling does, not crash."""
    odd = "Le sommet aura lieu Mardİ prochain, puis le 3 ſeptembre."
    plain = "Le sommet aura lieu Mardi prochain, puis le 3 septembre."
    found = [(d.start, d.value) for d in find_dates(odd, "2022-01-31")]
    assert found == [(d.start, d.value) for d in find_dates(plain, "2022-01-31")]
    assert [value for _, value in found] == ["2022-02-01", "2021-09-03"]


# -- English --------------------------------------------------------------------


def english(text: str, published: str | None = "2022-01-31") -> dict[str, str | None]:
    return {d.text: d.value for d in find_dates(text, published, "en")}


def test_dates_english_absolute_forms():
    found = english(
        "On Jan. 28 the talks failed; on Saturday, February 10th 2018, January 12th 2016, "
        "Feb 10, 2018, 7 March, the 7th of March 2019, May 2017, April of 2018, Nov. 2017, "
        "06-22-2017, 2021-05-06, late 2017, the fall of 2016, in 2015, the 1990s, the '90s "
        "and the 14th century."
    )
    assert found == {
        "Jan. 28": "2022-01-28",
        "Saturday, February 10th 2018": "2018-02-10",
        "January 12th 2016": "2016-01-12",
        "Feb 10, 2018": "2018-02-10",
        "7 March": "2022-03-07",
        "7th of March 2019": "2019-03-07",
        "May 2017": "2017-05",
        "April of 2018": "2018-04",
        "Nov. 2017": "2017-11",
        "06-22-2017": "2017-06-22",
        "2021-05-06": "2021-05-06",
        "late 2017": "2017",
        "the fall of 2016": "2016",
        "2015": "2015",
        "the 1990s": "199",
        "the '90s": "199",
        "14th century": "13",
    }


def test_dates_english_relative_forms():
    found = english(
        "Last Tuesday, earlier this month, yesterday morning, tonight, last night, this week, "
        "last month, next year, three days ago, about nine months ago, Friday night, next "
        "Monday, May last year and tomorrow."
    )
    assert found == {
        "Last Tuesday": "2022-01-25",
        "earlier this month": "2022-01",
        "yesterday morning": "2022-01-30",
        "tonight": "2022-01-31",
        "last night": "2022-01-30",
        "this week": "2022-W05",
        "last month": "2021-12",
        "next year": "2023",
        "three days ago": "2022-01-28",
        "about nine months ago": "2021-04",
        "Friday night": "2022-01-28",
        "next Monday": "2022-02-07",
        "May last year": "2021-05",
        "tomorrow": "2022-02-01",
    }


def test_dates_english_vague_periods_have_no_value():
    found = english(
        "In recent days, the past five months, hours earlier, earlier in the day, this "
        "weekend, the next day and at 9 p.m. the talks went on."
    )
    assert set(found) == {
        "In recent days", "the past five months", "hours earlier", "earlier in the day",
        "this weekend", "the next day", "9 p.m.",
    }  # fmt: skip
    assert set(found.values()) == {None}


def test_dates_english_words_that_only_look_like_dates():
    """ "may" and "march" as verbs, Theresa May, a weekday in a name, "three years
    after" an event: no date (a month needs its capital, "May" a preposition)."""
    found = english(
        "Theresa May said they may march on. Protesters march in the streets. "
        "Three years after the war, Mr May left."
    )
    assert found == {}


def test_dates_english_year_before_punctuation():
    import presswatch

    article = presswatch.analyze(
        "A case from the past\n\nShe said she was not sure. I believe it was 1982. "
        "It happened again in 2016, and 2017-2018 were worse."
    )
    assert article.language == "en"
    assert [d.text for d in article.dates] == ["1982", "2016", "2017-2018"]
