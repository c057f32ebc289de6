"""``python -m presswatch.training.persuasion.display``: how confident a technique
mark must be for the dashboard to show it, measured on the gate fold.

    python -m presswatch.training.persuasion.display --data ../shared/data/semeval2023-task3

The model predicts a technique in a paragraph when its probability passes the
micro-F1 cut-off (about 0.21 for French): right for the official metric, but
on an article page it puts a mark on most paragraphs, many of them neutral
reporting. This command scores every mark the shipped model makes on the
held-out gate fold (never trained on), by the probability of its technique in
its paragraph:

* **paragraph precision**: the share of marks whose technique the annotators
  gave that paragraph;
* **word precision**: the share of the marked words inside a gold span of that
  technique in that paragraph (a mark on the right words);
* **recall**: the share of gold (paragraph, technique) pairs still marked.

for each display threshold. The dashboard's threshold
(:data:`presswatch.outputs.markup.TECHNIQUE_DISPLAY_THRESHOLD`) is the lowest
probability at which French paragraph precision reaches
:data:`TARGET_PRECISION`; ``docs/models.md`` gives the table.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from presswatch.core.errors import PresswatchError
from presswatch.stages.persuasion.model import PersuasionModel, load_model
from presswatch.stages.persuasion.predict import Predictor
from presswatch.training.persuasion.evaluate import DEFAULT_DATA, gate_articles
from presswatch.training.persuasion.train import iso
from presswatch.training.semeval.formats import SemevalArticle

#: Share of shown marks that must be right (paragraph level, French gate fold).
TARGET_PRECISION = 2 / 3
THRESHOLDS = tuple(round(0.2 + 0.05 * step, 2) for step in range(15))


@dataclass(frozen=True)
class Mark:
    """One technique the model marks in a gate-fold paragraph."""

    language: str
    score: float
    right_paragraph: bool
    words: int
    words_inside: int


@dataclass(frozen=True)
class CurvePoint:
    threshold: float
    marks: int
    marks_per_article: float
    paragraph_precision: float
    word_precision: float
    recall: float


def article_marks(predictor: Predictor, article: SemevalArticle) -> list[Mark]:
    """Every mark the model makes in ``article``, checked against its labels."""
    lines = article.paragraphs()
    prediction = predictor.predict(
        [line.text for line in lines], [line.number == 1 for line in lines], iso(article)
    )
    marks = []
    for hit in prediction.techniques:
        line = lines[hit.paragraph]
        gold = [
            (span.start - line.start, span.end - line.start)
            for span in article.spans
            if span.technique == hit.technique
        ]
        offsets, _ = predictor.word_probabilities(line.text)
        marked = [(s, e) for s, e in offsets if s >= hit.start and e <= hit.end]
        inside = sum(any(s < ge and e > gs for gs, ge in gold) for s, e in marked)
        right = hit.technique in article.techniques.get(line.number, [])
        marks.append(Mark(iso(article), hit.score, right, len(marked), inside))
    return marks


def curve(
    marks: Sequence[Mark], gold_pairs: int, articles: int, thresholds: Sequence[float] = THRESHOLDS
) -> list[CurvePoint]:
    """Precision and recall of the marks shown at each display threshold."""
    points = []
    for threshold in thresholds:
        shown = [m for m in marks if m.score >= threshold]
        right = sum(m.right_paragraph for m in shown)
        words = sum(m.words for m in shown)
        points.append(
            CurvePoint(
                threshold,
                len(shown),
                round(len(shown) / max(articles, 1), 2),
                round(right / len(shown), 4) if shown else 0.0,
                round(sum(m.words_inside for m in shown) / words, 4) if words else 0.0,
                round(right / gold_pairs, 4) if gold_pairs else 0.0,
            )
        )
    return points


def choose_threshold(points: Sequence[CurvePoint], target: float = TARGET_PRECISION) -> float:
    """The lowest threshold whose paragraph precision reaches ``target``."""
    for point in points:
        if point.marks and point.paragraph_precision >= target:
            return point.threshold
    raise ValueError(f"no threshold reaches a paragraph precision of {target:.2f}")


def measure(
    model: PersuasionModel, articles: Sequence[SemevalArticle]
) -> dict[str, list[CurvePoint]]:
    """The curve of every language of ``articles`` and of all of them (``all``)."""
    predictor = Predictor(model)
    marks: list[Mark] = []
    pairs: dict[str, int] = {}
    counts: dict[str, int] = {}
    for article in articles:
        language = iso(article)
        marks.extend(article_marks(predictor, article))
        pairs[language] = pairs.get(language, 0) + sum(
            len(set(labels)) for labels in article.techniques.values()
        )
        counts[language] = counts.get(language, 0) + 1
    result = {
        language: curve([m for m in marks if m.language == language], pairs[language], count)
        for language, count in sorted(counts.items())
    }
    result["all"] = curve(marks, sum(pairs.values()), len(articles))
    return result


def format_curve(name: str, points: Sequence[CurvePoint]) -> str:
    lines = [
        f"{name}: marks shown at each threshold (gate fold)",
        "| threshold | marks | per article | paragraph precision | word precision | recall |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {p.threshold:.2f} | {p.marks} | {p.marks_per_article:.1f} | "
        f"{p.paragraph_precision:.3f} | {p.word_precision:.3f} | {p.recall:.3f} |"
        for p in points
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m presswatch.training.persuasion.display")
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="SemEval-2023 Task 3 folder"
    )
    parser.add_argument("--model", type=Path, default=None, help="model folder (default: shipped)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    try:
        model = load_model(args.model)
        curves = measure(model, gate_articles(model, args.data))
        chosen = choose_threshold(curves["fr"])
    except (PresswatchError, ValueError) as exc:
        print(f"presswatch: error: {exc}", file=sys.stderr)
        return 1
    if args.json:
        data = {name: [asdict(p) for p in points] for name, points in curves.items()}
        print(json.dumps({"threshold": chosen, "curves": data}, indent=2))
        return 0
    for name in ("fr", "all"):
        print(format_curve(name, curves[name]) + "\n")
    print(
        f"lowest threshold with French paragraph precision >= {TARGET_PRECISION:.2f}: {chosen:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
