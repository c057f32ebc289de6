"""Official SemEval-2023 Task 3 metrics, written from the task description.

* subtask 1 (genre): macro-F1 over the genres present in the gold or the
  predictions;
* subtask 2 (frames): micro-F1 over (article, frame) pairs;
* subtask 3 (techniques): micro-F1 over (article, line, technique) triples,
  every row of the gold file counted (a row missing from the predictions
  counts as an empty prediction).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


@dataclass(slots=True)
class Scores:
    """Precision, recall and F1 with the counts behind them."""

    f1: float
    precision: float
    recall: float
    support: int
    per_label: dict[str, float] = field(default_factory=dict)
    #: prediction rows about keys the gold file does not have (ignored)
    ignored: int = 0

    def as_dict(self) -> dict[str, object]:
        return {
            "f1": round(self.f1, 4),
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "support": self.support,
            "per_label": {k: round(v, 4) for k, v in self.per_label.items()},
        }


def _f1(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f1, precision, recall


def micro_f1(
    gold: Mapping[K, Sequence[str]],
    predicted: Mapping[K, Sequence[str]],
    labels: Sequence[str] = (),
) -> Scores:
    """Micro-F1 over (key, label) pairs; keys are those of ``gold``.

    ``per_label`` holds each label's own F1 (for ``labels``, or every label seen)."""
    tp = n_pred = n_gold = 0
    counts: dict[str, list[int]] = {label: [0, 0, 0] for label in labels}
    for key, gold_labels in gold.items():
        g, p = set(gold_labels), set(predicted.get(key, ()))
        tp += len(g & p)
        n_pred += len(p)
        n_gold += len(g)
        for label in g | p:
            c = counts.setdefault(label, [0, 0, 0])
            c[0] += label in g and label in p
            c[1] += label in p
            c[2] += label in g
    f1, precision, recall = _f1(tp, n_pred, n_gold)
    per_label = {label: _f1(*c)[0] for label, c in counts.items()}
    return Scores(f1, precision, recall, n_gold, per_label)


def macro_f1(gold: Mapping[K, str], predicted: Mapping[K, str]) -> Scores:
    """Macro-F1 over the labels present in the gold or the predictions; keys
    are those of ``gold`` (a missing prediction counts as wrong)."""
    labels = sorted(set(gold.values()) | {predicted[k] for k in gold if k in predicted})
    per_label = {}
    precisions, recalls = [], []
    for label in labels:
        tp = sum(1 for k, g in gold.items() if g == label and predicted.get(k) == label)
        n_pred = sum(1 for k in gold if predicted.get(k) == label)
        n_gold = sum(1 for g in gold.values() if g == label)
        f1, precision, recall = _f1(tp, n_pred, n_gold)
        per_label[label] = f1
        precisions.append(precision)
        recalls.append(recall)
    n = len(labels) or 1
    return Scores(
        sum(per_label.values()) / n, sum(precisions) / n, sum(recalls) / n, len(gold), per_label
    )
