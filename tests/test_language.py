"""Language identification per article and paragraph."""

from __future__ import annotations

from presswatch.language import detect_language


def test_language_detects_french_and_others():
    assert (
        detect_language(
            "Les négociations entre la Russie et les États-Unis se sont poursuivies cette semaine."
        )[0]
        == "fr"
    )
    assert (
        detect_language(
            "The negotiations between Russia and the United States continued this week."
        )[0]
        == "en"
    )
    assert (
        detect_language(
            "Die Verhandlungen zwischen Russland und den Vereinigten Staaten gingen weiter."
        )[0]
        == "de"
    )
    assert detect_language("12 345 — !!") == (None, 0.0)


def test_language_per_paragraph(analyze_text):
    article = analyze_text(
        "Le ministre a présenté son plan devant les députés mardi soir.\n\n"
        "The minister presented his plan to the deputies on Tuesday evening, in English this time."
    )
    assert article.language == "fr"
    body = [p for p in article.paragraphs if p.kind == "paragraph"]
    assert [p.language for p in body] == ["fr", "en"]
