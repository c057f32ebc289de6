"""``presswatch evaluate``: score the extractors against gold annotations."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

DEFAULT_ARTICLES = "../shared/data/semeval2023-task3/fr/train-articles"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "evaluate",
        help="score attribution, quantities and dates against gold annotations",
        description=(
            "Analyse the gold articles and report precision, recall and F1 of statement, "
            "quantity and date detection, and speaker accuracy (see docs/evaluation.md)."
        ),
    )
    parser.add_argument("--gold", required=True, metavar="FILE", help="gold JSON Lines file")
    parser.add_argument(
        "--articles",
        default=DEFAULT_ARTICLES,
        metavar="DIR",
        help=f"article<ID>.txt folder (default {DEFAULT_ARTICLES})",
    )
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from presswatch.evaluation import evaluate, load_gold

    report = evaluate(load_gold(Path(args.gold)), Path(args.articles))
    summary = report.summary()
    if args.json:
        print(json.dumps(summary, indent=2))
        return 0
    print(f"{summary['articles']} articles")
    _line("statements", summary["statements"])
    for kind, scores in summary["statements_by_kind"].items():
        _line(f"  {kind}", scores)
    statements = summary["statements"]
    print(
        f"  speaker accuracy (matched) {statements['speaker_accuracy']:.3f}   "
        f"type accuracy {statements['speaker_type_accuracy']:.3f}   "
        f"end-to-end F1 with speaker {statements['speaker_end_to_end_f1']:.3f}"
    )
    _line("quantities", summary["quantities"])
    print(f"  value accuracy {summary['quantities'].get('value_accuracy', 0):.3f}")
    _line("dates", summary["dates"])
    print(f"  value accuracy {summary['dates'].get('value_accuracy', 0):.3f}")
    return 0


def _line(name: str, scores: dict[str, Any]) -> None:
    print(
        f"{name:<16} P {scores['precision']:.3f}  R {scores['recall']:.3f}  F1 {scores['f1']:.3f}  "
        f"(gold {scores['gold']}, predicted {scores['predicted']}, matched {scores['matched']})"
    )
