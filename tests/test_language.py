"""Language identification per article and paragraph."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from presswatch.lang import identify, language_codes
from presswatch.lang.identify import clear_language, clearly_in, detect_language, leading_language
from presswatch.lang.pack import FUNCTION_WORDS
from presswatch.stages.language import ARTICLE_SAMPLE, MIN_PARAGRAPH_WORDS, article_language


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


def test_language_function_words_shortcut_only_for_clear_paragraphs():
    french = "Le gouvernement a annoncé que les mesures seraient prises dans les prochains jours."
    english = "The government said that the measures would be taken in the coming days."
    assert clearly_in(french, "fr")
    assert not clearly_in(english, "fr")
    assert not clearly_in(french, "en")
    assert not clearly_in("Emmanuel Macron Olaf Scholz Bruxelles", "fr")  # no function words
    assert not clearly_in(french, "xx")  # a language the shortcut does not know


def test_language_shortcut_skips_lingua_only_where_the_paragraph_is_clear(
    analyze_text, monkeypatch
):
    calls: list[str] = []

    def counting(text: str, *, fast: bool = False):
        if fast:
            calls.append(text)
        return detect_language(text, fast=fast)

    monkeypatch.setattr("presswatch.stages.language.detect_language", counting)
    article = analyze_text(
        "Le ministre a présenté son plan devant les députés mardi soir, et il a promis que les "
        "impôts ne seraient pas augmentés.\n\n"
        "Il a expliqué que les dépenses de l'État seraient réduites dans les années à venir et "
        "que la dette serait remboursée.\n\n"
        "The minister presented his plan to the deputies on Tuesday evening, in English this time."
    )
    body = [p for p in article.paragraphs if p.kind == "paragraph"]
    assert [p.language for p in body] == ["fr", "fr", "en"]
    texts = [article.text[p.start : p.end] for p in body]
    assert texts[0] not in calls and texts[1] not in calls  # clear French: no lingua
    assert texts[2] in calls


@pytest.mark.slow
def test_language_shortcut_never_keeps_the_wrong_language_on_semeval_paragraphs(
    semeval_dir: Path,
) -> None:
    """Paragraphs of the six SemEval languages, each checked against every other
    language the shortcut knows: it must never claim a paragraph for a language
    that lingua says it is not written in."""
    folders = {"fr": "fr", "en": "en", "de": "ge", "it": "it", "pl": "po", "ru": "ru"}
    for code, folder in folders.items():
        files = sorted((semeval_dir / folder / "train-articles").glob("article*.txt"))[:30]
        paragraphs = [
            line
            for path in files
            for line in path.read_text(encoding="utf-8").splitlines()
            if len(line.split()) >= MIN_PARAGRAPH_WORDS
        ]
        kept = sum(clearly_in(p, code) for p in paragraphs)
        assert kept >= 0.5 * len(paragraphs), f"{code}: the shortcut should cover most paragraphs"
        for other in language_codes():
            if other != code:
                wrong = [
                    p for p in paragraphs if clearly_in(p, other) and not _lingua_agrees(p, other)
                ]
                assert not wrong, f"{code} paragraph claimed for {other}: {wrong[0][:80]!r}"


def _lingua_agrees(text: str, code: str) -> bool:
    """Some SemEval paragraphs are not in their article's language (an English
    book title in a French article): lingua, in full accuracy, is the referee."""
    return detect_language(text)[0] == code


def test_language_function_words_file_matches_wordfreq():
    from wordfreq import top_n_list

    table = identify._function_words()
    assert set(table) == set(language_codes())
    for code in language_codes():
        assert table[code] == frozenset(top_n_list(code, FUNCTION_WORDS)), (
            f"{code}: rerun scripts/function_words.py"
        )


def _clearly_in_by_counting_each_language(text: str, language: str) -> bool:
    """The definition of clearly_in, counted language by language (the oracle)."""
    lang = identify
    table = lang._function_words()
    words = [w.lower() for w in lang._WORD.findall(text)]
    if language not in table or not words:
        return False
    hits = {code: sum(w in vocabulary for w in words) for code, vocabulary in table.items()}
    own = hits[language]
    rival = max(count for code, count in hits.items() if code != language)
    return (
        own >= lang.MIN_FUNCTION_HITS
        and own >= lang.MIN_FUNCTION_SHARE * len(words)
        and own >= lang.FUNCTION_MARGIN * rival
    )


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["le", "la", "de", "et", "the", "of", "and", "der", "die", "und", "de", "que",
             "el", "à", "in", "a", "chat", "Haus", "casa", "dog", "w", "i", "в", "и"]
        ),
        max_size=30,
    ).map(" ".join),
    st.sampled_from(["fr", "en", "de", "es", "pl", "ru", "xx"]),
)  # fmt: skip
def test_language_clearly_in_counts_like_its_definition(text: str, language: str) -> None:
    assert clearly_in(text, language) == _clearly_in_by_counting_each_language(text, language)
    found = clear_language(text)
    assert found is None or clearly_in(text, found)


def test_language_short_clear_article_skips_linguas_accurate_mode(monkeypatch):
    modes: list[bool] = []

    def recording(text: str, *, fast: bool = False):
        modes.append(fast)
        return detect_language(text, fast=fast)

    monkeypatch.setattr("presswatch.stages.language.detect_language", recording)
    short = "Le ministre a déclaré que tout allait bien. Il l'a dit hier soir."
    assert article_language(short)[0] == "fr"
    assert modes == [True]  # the most function words and the trigram models agree
    modes.clear()
    assert article_language("Emmanuel Macron, Olaf Scholz, Bruxelles")[0] is not None
    assert modes == [False]  # no clear function words: lingua's accurate mode decides


def test_language_long_article_identified_as_lingua_alone_would(semeval_dir: Path) -> None:
    """Beyond lingua's short-text range its accurate mode reads the same trigram
    models as the fast one: the shortcut changes neither language nor confidence."""
    for folder in ("fr", "en", "ru"):
        for path in sorted((semeval_dir / folder / "train-articles").glob("article*.txt"))[:5]:
            sample = path.read_text(encoding="utf-8")[:ARTICLE_SAMPLE]
            assert article_language(sample) == detect_language(sample), path.name


def test_language_leading_language_needs_a_strict_leader_with_enough_hits():
    assert leading_language("Le ministre a déclaré que tout allait bien. Il l'a dit hier.") == "fr"
    assert leading_language("The minister said that all was well, and he said it twice.") == "en"
    assert leading_language("Emmanuel Macron, Olaf Scholz, Bruxelles") is None  # no hits
    assert leading_language("de la") is None  # fewer hits than MIN_FUNCTION_HITS
