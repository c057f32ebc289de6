"""Dates and relative expressions resolved against the publication date."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from presswatch.dates import find_dates


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
