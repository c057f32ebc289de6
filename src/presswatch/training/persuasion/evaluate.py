"""``python -m presswatch.training.persuasion.evaluate``: score the shipped model on
the held-out gate fold (the outer fold its training left out).

    python -m presswatch.training.persuasion.evaluate --data ../shared/data/semeval2023-task3
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from presswatch.core.errors import PresswatchError
from presswatch.stages.persuasion.model import PersuasionModel, load_model
from presswatch.stages.persuasion.predict import Predictor
from presswatch.training.persuasion.report import format_scores
from presswatch.training.persuasion.train import N_FOLDS, evaluate, outer_fold
from presswatch.training.semeval.formats import SemevalArticle, load_dataset

DEFAULT_DATA = Path("../shared/data/semeval2023-task3")


def gate_articles(model: PersuasionModel, data: Path) -> list[SemevalArticle]:
    """The articles of the fold the model was not trained on."""
    holdout = model.metadata.get("holdout", {})
    fold = holdout.get("fold") if isinstance(holdout, dict) else None
    if fold is None:
        raise ValueError("this model was trained on every fold: it has no held-out fold to score")
    folds = int(holdout.get("of", N_FOLDS))
    return [a for a in load_dataset(data) if outer_fold(a, folds) == int(fold)]


def evaluate_gate(model: PersuasionModel, data: Path) -> dict[str, Any]:
    return evaluate(model, gate_articles(model, data))


def span_scores(model: PersuasionModel, articles: list[SemevalArticle]) -> dict[str, float]:
    """Word-level precision, recall and F1 of the span model on gold
    (paragraph, technique) pairs: the words it highlights against the words
    inside the gold spans of that technique in that paragraph."""
    predictor = Predictor(model)
    tp = n_pred = n_gold = 0
    for article in articles:
        for line in article.paragraphs():
            techniques = article.techniques.get(line.number, [])
            if not techniques:
                continue
            offsets, probabilities = predictor.word_probabilities(line.text)
            if not offsets:
                continue
            for technique in set(techniques):
                j = model.techniques.index(technique)
                start, end = predictor.span(line.text, j, (offsets, probabilities))
                gold = [
                    (s.start - line.start, s.end - line.start)
                    for s in article.spans
                    if s.technique == technique
                ]
                for ws, we in offsets:
                    predicted = ws >= start and we <= end
                    inside = any(ws < ge and we > gs for gs, ge in gold)
                    tp += predicted and inside
                    n_pred += predicted
                    n_gold += inside
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m presswatch.training.persuasion.evaluate")
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="SemEval-2023 Task 3 folder"
    )
    parser.add_argument("--model", type=Path, default=None, help="model folder (default: shipped)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    try:
        model = load_model(args.model)
        articles = gate_articles(model, args.data)
        scores = evaluate(model, articles)
        spans = span_scores(model, articles)
    except (PresswatchError, ValueError) as exc:
        print(f"presswatch: error: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps({"scores": scores, "spans": spans}, indent=2))
    else:
        fold = model.metadata["holdout"]["fold"]
        print(format_scores(f"shipped model on held-out fold {fold} (never trained on)", scores))
        print(
            "spans (words highlighted for gold paragraph techniques, all languages): "
            f"precision {spans['precision']:.3f} recall {spans['recall']:.3f} F1 {spans['f1']:.3f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
