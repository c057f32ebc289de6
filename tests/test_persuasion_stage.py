"""The `persuasion` stage with the shipped model, on an article built by hand."""

from __future__ import annotations

import pytest

from presswatch.core.article import Article, Paragraph
from presswatch.core.pipeline import get_stage
from presswatch.stages.persuasion.labels import FRAMES, GENRES, TECHNIQUES
from presswatch.stages.persuasion.stage import detect_persuasion

TEXT = (
    "Ces traîtres qui ruinent la France\n\n"
    "Une fois de plus, ces incapables nous mentent effrontément : qui peut encore croire "
    "à leurs promesses ridicules ? C'est une honte absolue, une trahison de la nation !\n\n"
    "Le gouvernement a présenté mardi son projet de budget pour 2023."
)

#: Loads the language model (or its word vectors): left out of `make test-fast`.
pytestmark = pytest.mark.slow


def _article() -> Article:
    starts = [0]
    for part in TEXT.split("\n\n")[:-1]:
        starts.append(starts[-1] + len(part) + 2)
    ends = [s + len(p) for s, p in zip(starts, TEXT.split("\n\n"), strict=True)]
    kinds = ["title", "paragraph", "paragraph"]
    paragraphs = [Paragraph(s, e, k) for s, e, k in zip(starts, ends, kinds, strict=True)]  # type: ignore[arg-type]
    return Article(text=TEXT, paragraphs=paragraphs, language="fr")


def test_stage_persuasion_is_registered_with_its_contract() -> None:
    stage = get_stage("persuasion")
    assert stage.requires == ("paragraphs", "language")
    assert stage.provides == ("techniques", "genre", "frames")
    assert stage.languages is not None and {"fr", "en", "de", "it", "pl", "ru"} == stage.languages


def test_stage_persuasion_fills_techniques_genre_and_frames() -> None:
    article = detect_persuasion(_article())
    assert article.genre is not None and article.genre.label in GENRES
    assert all(f.label in FRAMES for f in article.frames)
    assert article.techniques, "a paragraph of insults should carry a technique"
    for t in article.techniques:
        assert t.technique in TECHNIQUES
        paragraph = article.paragraphs[t.paragraph]
        assert paragraph.start <= t.start < t.end <= paragraph.end
        assert article.text[t.start : t.end].strip()
    assert any(t.paragraph == 1 for t in article.techniques)
    assert Article.from_dict(article.to_dict()).techniques == article.techniques


ENGLISH = (
    "Fireworks light up the sky as the city welcomes the new year\n\n"
    "Thousands of people gathered along the river on Tuesday night to watch the fireworks, "
    "the city council said, and public transport ran all night.\n\n"
    "The display lasted twelve minutes and no incidents were reported, police said."
)


def _plain_article(text: str, language: str) -> Article:
    parts = text.split("\n\n")
    starts = [sum(len(p) + 2 for p in parts[:i]) for i in range(len(parts))]
    kinds = ["title"] + ["paragraph"] * (len(parts) - 1)
    paragraphs = [
        Paragraph(s, s + len(p), k)  # type: ignore[arg-type]
        for s, p, k in zip(starts, parts, kinds, strict=True)
    ]
    return Article(text=text, paragraphs=paragraphs, language=language)


def test_stage_persuasion_batch_path_gives_the_one_by_one_results() -> None:
    stage = get_stage("persuasion")
    assert stage.batch is not None
    one_by_one = [detect_persuasion(_article()), detect_persuasion(_plain_article(ENGLISH, "en"))]
    batched = stage.batch([_article(), _plain_article(ENGLISH, "en")])
    for alone, together in zip(one_by_one, batched, strict=True):
        assert alone.to_dict() == together.to_dict()


def test_stage_persuasion_same_output_shape_in_every_language() -> None:
    """Every language of the model gets a genre, frames and techniques, in the same JSON shape."""
    for language in ("fr", "en", "de", "it", "pl", "ru"):
        article = detect_persuasion(_plain_article(ENGLISH, language)).to_dict()
        assert set(article["genre"]) == {"label", "score"}, language
        assert article["genre"]["label"] in GENRES
        assert all(set(frame) == {"label", "score"} for frame in article["frames"]), language
        assert all(
            set(t) == {"technique", "paragraph", "start", "end", "score"}
            for t in article["techniques"]
        ), language
