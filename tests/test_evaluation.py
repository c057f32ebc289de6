"""Evaluation: matching rules, and the CI gate on the held-out test split.

The gate analyses the 20 articles of ``eval/gold/extraction-test.jsonl``
(never used to tune the rules; the dev split is) and fails below pinned floors.
Raise a floor when a change improves the score; never lower one silently."""

from __future__ import annotations

from pathlib import Path

import pytest

from presswatch.training.evaluation import Span, evaluate, load_gold, match, same_speaker

ROOT = Path(__file__).resolve().parent.parent
TEST_GOLD = ROOT / "eval" / "gold" / "extraction-test.jsonl"

FLOORS = {
    ("statements", "f1"): 0.64,
    ("statements", "speaker_accuracy"): 0.64,
    ("direct", "f1"): 0.77,
    ("quantities", "f1"): 0.77,
    ("quantities", "value_accuracy"): 0.93,
    ("dates", "f1"): 0.80,
}


def test_evaluation_matching_is_one_to_one_by_overlap():
    gold = [Span(0, 10), Span(20, 30)]
    predicted = [Span(1, 9), Span(2, 10), Span(21, 40), Span(100, 110)]
    assert sorted(match(gold, predicted)) == [(0, 1), (1, 2)]
    assert match([Span(0, 100)], [Span(0, 10)]) == []  # too small a share of the longer span


def test_evaluation_speaker_names():
    assert same_speaker("Sergueï Lavrov", "Lavrov")
    assert same_speaker("Organisation mondiale de la santé", "OMS")
    assert same_speaker("les médias occidentaux", "médias occidentaux")
    assert same_speaker(None, None)
    assert not same_speaker("Emmanuel Macron", "Marine Le Pen")
    assert not same_speaker("Daily Mail", None)


def test_evaluation_gold_files_hold_no_article_text():
    for name in (
        "extraction-dev.jsonl",
        "extraction-test.jsonl",
        "extraction-en-dev.jsonl",
        "extraction-en-test.jsonl",
    ):
        text = (ROOT / "eval" / "gold" / name).read_text(encoding="utf-8")
        assert max(len(line) for line in text.splitlines()) < 20000
        for article in load_gold(ROOT / "eval" / "gold" / name):
            assert article.id  # an article may hold no annotation (23100: the author's voice only)


@pytest.mark.slow
def test_evaluation_gate_on_held_out_split(semeval_dir: Path):
    articles = semeval_dir / "fr" / "train-articles"
    summary = evaluate(load_gold(TEST_GOLD), articles).summary()
    scores = {
        "statements": summary["statements"],
        "direct": summary["statements_by_kind"]["direct"],
        "quantities": summary["quantities"],
        "dates": summary["dates"],
    }
    failures = [
        f"{group} {metric} {scores[group][metric]:.3f} < floor {floor}"
        for (group, metric), floor in FLOORS.items()
        if scores[group][metric] < floor
    ]
    assert not failures, failures


ENGLISH_TEST_GOLD = ROOT / "eval" / "gold" / "extraction-en-test.jsonl"

#: English held-out split (33 SemEval English articles; rules tuned on the dev split).
ENGLISH_FLOORS = {
    ("statements", "f1"): 0.62,
    ("statements", "speaker_accuracy"): 0.67,
    ("direct", "f1"): 0.77,
    ("quantities", "f1"): 0.75,
    ("quantities", "value_accuracy"): 0.98,
    ("dates", "f1"): 0.92,
}


@pytest.mark.slow
def test_evaluation_english_gate_on_held_out_split(semeval_dir: Path):
    articles = semeval_dir / "en" / "train-articles"
    summary = evaluate(load_gold(ENGLISH_TEST_GOLD), articles).summary()
    scores = {
        "statements": summary["statements"],
        "direct": summary["statements_by_kind"]["direct"],
        "quantities": summary["quantities"],
        "dates": summary["dates"],
    }
    failures = [
        f"{group} {metric} {scores[group][metric]:.3f} < floor {floor}"
        for (group, metric), floor in ENGLISH_FLOORS.items()
        if scores[group][metric] < floor
    ]
    assert not failures, failures


REPAIR_FLOORS = {
    "fr": ("fr", 0.95),
    "it": ("it", 0.91),
    "ru": ("ru", 0.92),
    "ge": ("de", 0.88),
    "en": ("en", 0.88),
}


@pytest.mark.slow
def test_evaluation_repair_gate(semeval_dir: Path):
    """Paragraph boundaries recovered after gluing SemEval articles' paragraphs
    (rules developed on French; Italian, Russian and German are held out;
    English straight quotes were developed on every other English article)."""
    from presswatch.training.evaluation import evaluate_repair

    scores = {
        folder: evaluate_repair(semeval_dir / folder / "train-articles", code).f1
        for folder, (code, _) in REPAIR_FLOORS.items()
    }
    assert all(scores[folder] >= floor for folder, (_, floor) in REPAIR_FLOORS.items()), scores
