"""``presswatch semeval predict|score``: the SemEval-2023 Task 3 benchmark interface."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from presswatch.core.errors import PresswatchError

TASKS = ("techniques", "genre", "frames")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "semeval",
        help="predict and score in the SemEval-2023 Task 3 formats",
        description="Reproduce benchmark numbers on the official SemEval-2023 Task 3 data.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    predict = actions.add_parser(
        "predict",
        help="write predictions in the official format",
        description=(
            "Read a folder of article<ID>.txt files (SemEval format) and write predictions: "
            "techniques as ID<TAB>line<TAB>t1,t2 for every non-empty line, genre as "
            "ID<TAB>genre, frames as ID<TAB>f1,f2."
        ),
    )
    predict.add_argument(
        "--articles", required=True, metavar="DIR", help="folder of article<ID>.txt"
    )
    predict.add_argument(
        "--out", required=True, metavar="FILE", help="prediction file to write ('-': stdout)"
    )
    predict.add_argument(
        "--task",
        choices=TASKS,
        default="techniques",
        help="the subtask: genre (1), frames (2) or techniques (3) (default techniques)",
    )
    predict.add_argument(
        "--language",
        metavar="CODE",
        help="ISO 639-1 language of the articles (default: detected per article)",
    )
    predict.add_argument(
        "--model", metavar="PATH", help="model folder (default: the shipped model)"
    )
    score = actions.add_parser(
        "score",
        help="score a prediction file with the official metric",
        description="Macro-F1 for genre, micro-F1 for frames and techniques.",
    )
    score.add_argument(
        "--gold",
        required=True,
        metavar="FILE",
        help="the gold labels in the official format (e.g. train-labels-subtask-3.txt)",
    )
    score.add_argument(
        "--pred",
        required=True,
        metavar="FILE",
        help="the predictions to score, in the same format (`semeval predict` writes it)",
    )
    score.add_argument(
        "--task",
        choices=TASKS,
        default="techniques",
        help="the subtask: genre (1), frames (2) or techniques (3) (default techniques)",
    )
    score.add_argument("--per-label", action="store_true", help="also print each label's F1")
    parser.set_defaults(run=run, parser=parser)


def run(args: argparse.Namespace) -> int:
    if args.action == "predict":
        return _predict(args)
    if args.action == "score":
        return _score(args)
    args.parser.print_help(sys.stderr)
    return 2


def _predict(args: argparse.Namespace) -> int:
    # imported here, not at the top: numpy, only when the command runs
    from presswatch.stages.persuasion.model import load_model
    from presswatch.training.semeval.benchmark import predict_folder

    model = load_model(args.model) if args.model else None
    output = predict_folder(Path(args.articles), args.task, language=args.language, model=model)
    if args.out == "-":
        sys.stdout.write(output)
        return 0
    try:
        Path(args.out).write_text(output, encoding="utf-8")
    except OSError as exc:
        raise PresswatchError(f"{args.out}: cannot write ({exc.strerror})") from None
    return 0


def _score(args: argparse.Namespace) -> int:
    from presswatch.training.semeval.benchmark import score_files  # numpy: lazily

    scores = score_files(Path(args.gold), Path(args.pred), args.task)
    metric = "macro-F1" if args.task == "genre" else "micro-F1"
    print(
        f"{args.task} {metric} {scores.f1:.4f}  precision {scores.precision:.4f}  "
        f"recall {scores.recall:.4f}  (gold {scores.support})"
    )
    if scores.ignored:
        print(
            f"({scores.ignored} prediction rows for articles the gold file does not label: ignored)"
        )
    if args.per_label:
        for label, f1 in sorted(scores.per_label.items(), key=lambda kv: -kv[1]):
            print(f"  {label:<45} {f1:.4f}")
    return 0
