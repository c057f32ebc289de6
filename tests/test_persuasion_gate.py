"""CI eval gate: the shipped model, scored on the fold its training left out.

The floors are pinned a little under the scores measured when the model was
trained (see docs/models.md); a retrained model that falls below them fails.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from presswatch.stages.persuasion.model import default_model

#: Loads the language model (or its word vectors): left out of `make test-fast`.
pytestmark = pytest.mark.slow

#: (language, task) -> minimum official score on the held-out fold.
#: Measured at training (2026-12-03, with the sentence encoder): fr 0.425 / 0.791 / 0.640,
#: en 0.387 / 0.632 / 0.706, all 0.433 / 0.674 / 0.678 (the previous model, 2026-11-25:
#: fr 0.420 / 0.761 / 0.557, en 0.371 / 0.555 / 0.699, all 0.412 / 0.674 / 0.640).
FLOORS = {
    ("fr", "techniques"): 0.42,
    ("fr", "genre"): 0.78,
    ("fr", "frames"): 0.63,
    ("en", "techniques"): 0.38,
    ("en", "genre"): 0.62,
    ("en", "frames"): 0.70,
    ("all", "techniques"): 0.43,
    ("all", "genre"): 0.67,
    ("all", "frames"): 0.67,
}


@pytest.fixture(scope="module")
def gate_scores(semeval_dir: Path) -> dict[str, Any]:
    from presswatch.training.persuasion.evaluate import evaluate_gate

    return evaluate_gate(default_model(), semeval_dir)


def test_gate_model_was_not_trained_on_the_gate_fold() -> None:
    meta = default_model().metadata
    assert meta["holdout"]["fold"] == 0
    assert meta["training_data"]["articles_per_language"]


@pytest.mark.parametrize(("language", "task"), sorted(FLOORS))
def test_gate_shipped_model_scores_above_floor(
    gate_scores: dict[str, Any], language: str, task: str
) -> None:
    score = gate_scores[language][task]["f1"]
    assert score >= FLOORS[(language, task)], f"{language} {task}: {score:.3f}"


def test_gate_span_words_beat_highlighting_whole_paragraphs(semeval_dir: Path) -> None:
    """French gate articles, measured at training: word F1 0.357; highlighting
    whole paragraphs gives 0.295."""
    from presswatch.training.persuasion.evaluate import gate_articles, span_scores

    model = default_model()
    articles = [a for a in gate_articles(model, semeval_dir) if a.language == "fr"]
    assert span_scores(model, articles)["f1"] >= 0.30


def test_gate_marks_the_dashboard_shows_are_mostly_right(semeval_dir: Path) -> None:
    """The dashboard's technique display threshold: on French gate articles,
    at least 0.67 of the marks it lets through name a technique the
    annotators found in that paragraph (0.688 measured with the shipped
    model; 0.393 at the model's own cut-off), with a third of the marks or
    fewer. (A retrained model may move the lowest threshold reaching two in
    three: `python -m presswatch.training.persuasion.display` measures it.)"""
    from presswatch.outputs.markup import TECHNIQUE_DISPLAY_THRESHOLD
    from presswatch.training.persuasion.display import measure
    from presswatch.training.persuasion.evaluate import gate_articles

    model = default_model()
    articles = [a for a in gate_articles(model, semeval_dir) if a.language == "fr"]
    points = measure(model, articles)["fr"]
    shown = curve_at(points, TECHNIQUE_DISPLAY_THRESHOLD)
    assert shown.paragraph_precision >= 0.67, shown
    assert shown.marks_per_article < points[0].marks_per_article / 3


def curve_at(points: Any, threshold: float) -> Any:
    return next(p for p in points if abs(p.threshold - threshold) < 1e-9)
