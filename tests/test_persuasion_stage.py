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
