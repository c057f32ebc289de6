"""Entities: clean-up, labels and canonical grouping."""

from __future__ import annotations

import pytest

from presswatch.core.article import Entity
from presswatch.stages.entities import group_mentions


def test_entities_seed_groups_and_cleans(seed_article):
    by_text = {e.text: e for e in seed_article.entities}
    assert by_text["Sergueï Lavrov"].label == "PER"
    assert "Estonie" in by_text and "L’Estonie" not in by_text  # leading article trimmed
    assert by_text["Javelin"].label == "MISC"  # a missile, not a person
    assert by_text["Daily Mail"].kind == "media"
    assert by_text["Moscou"].kind == "government"
    assert "État" not in by_text  # "chefs d'État"


def test_entities_surname_joins_full_name():
    entities = [
        Entity("Sergueï Lavrov", "PER", 0, 14, ""),
        Entity("Lavrov", "PER", 40, 46, ""),
        Entity("M. Lavrov", "PER", 60, 69, ""),
        Entity("D. Trump", "PER", 80, 88, ""),
        Entity("Donald Trump", "PER", 100, 112, ""),
    ]
    group_mentions(entities)
    assert [e.canonical for e in entities] == ["Sergueï Lavrov"] * 3 + ["Donald Trump"] * 2


def test_entities_acronym_joins_name():
    entities = [
        Entity("Organisation mondiale de la santé", "ORG", 0, 33, ""),
        Entity("OMS", "ORG", 40, 43, ""),
    ]
    group_mentions(entities)
    assert {e.canonical for e in entities} == {"Organisation mondiale de la santé"}


def test_entities_first_name_fixes_label(analyze_text):
    article = analyze_text(
        "Fiona Hill, ancienne conseillère de la Maison-Blanche, a déclaré que la guerre durerait."
    )
    hill = next(e for e in article.entities if "Hill" in e.text)
    assert hill.label == "PER"


# -- English --------------------------------------------------------------------


def test_entities_english_titles_are_not_part_of_names():
    entities = [
        Entity("Boris Johnson", "PER", 0, 13, ""),
        Entity("Johnson", "PER", 40, 47, ""),
        Entity("Mr Johnson", "PER", 60, 70, ""),
        Entity("Pope Francis", "PER", 80, 92, ""),
        Entity("Sen. Elizabeth Warren", "PER", 100, 121, ""),
        Entity("Warren", "PER", 130, 136, ""),
        Entity("General Motors", "ORG", 140, 154, ""),
    ]
    group_mentions(entities, "en")
    assert [e.canonical for e in entities] == [
        *["Boris Johnson"] * 3,
        "Francis",
        *["Elizabeth Warren"] * 2,
        "General Motors",  # a title word starts it, but it is no person
    ]


@pytest.mark.slow
def test_entities_english_mentions_are_cleaned_and_grouped():
    import presswatch

    article = presswatch.analyze(
        "Talks collapse\n\n"
        '"We are not going to back down," Prime Minister Boris Johnson told reporters. '
        "Mr Johnson's office later spoke to the Wall Street Journal. According to the Wall "
        "Street Journal, the negotiations collapsed overnight, and critics of Islam protested."
    )
    assert article.language == "en"
    by_text = {e.text: e for e in article.entities}
    assert by_text["Johnson"].canonical == "Boris Johnson"  # "Mr Johnson's": title and 's out
    journal = by_text["Wall Street Journal"]  # "the" out
    assert (journal.canonical, journal.kind) == ("The Wall Street Journal", "media")
    assert by_text.get("Islam") is None or by_text["Islam"].label == "MISC"
